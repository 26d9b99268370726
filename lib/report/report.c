/* report.c - lead-report as a stage: filtering leads and counting them;
 * the ledger opened for the ledger's reports */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "value/date.h"
#include "ledger/ledger.h"
#include "lead/lifecycle.h"
#include "value/num.h"
#include "lead/roster.h"
#include "rules/rules.h"
#include "report/groupkey.h"
#include "report/ledgerrep.h"
#include "report/partial.h"
#include "report/print.h"
#include "report/tally.h"
#include "base/xmem.h"

/* The fields a lead is counted by: their names hashed once (rec_name). */
enum { RF_CREATED_AT, RF_STATUS, RF_STATUS_WAS, RF_SCORE, RF_DQ, RF_COUNT };
static const char *const rf_names[RF_COUNT] = {
	[RF_CREATED_AT] = "created_at", [RF_STATUS] = "status",
	[RF_STATUS_WAS] = "status_was", [RF_SCORE] = "score",
	[RF_DQ] = "dq_category",
};

typedef struct report_stage {
	stage st;
	rec_name names[RF_COUNT];
	const report_opts *o;
	unsigned collect;	/* what the counts are kept for */
	lifecycle *lc;
	const char *const *all;	/* every stage of the table */
	size_t nall;
	size_t *level;		/* all[i] reached funnel stages 0..level-1 */
	report_agg agg;
	rules *ru;
	rules_cond *where;
	rules_eval *ev;
	const char **key;
	size_t *keylen;
	sbuf *keybuf;		/* a group's label made of fields */
	report_group one;	/* a lead's counts, added to its groups */
	sbuf buf;
	const char *meta_file;	/* --merge: the file whose meta line came */
} report_stage;

/* where_stmt: the one statement of --where: a condition. */
static int
where_stmt(void *ctx, rules_parser *p)
{
	report_stage *s = ctx;

	if (s->where != NULL)
		return rules_error(p, "--where takes one condition");
	return (s->where = rules_parse_cond(p)) != NULL ? 0 : -1;
}

/* funnel: the stages up to won (the stages of roles, lifecycle.h); every stage's level: the funnel stages a
 * lead in it has reached.  A stage after won has the level its "reached"
 * line in the lifecycle table gives (none for "-"), or that of lead. */
static void
funnel(report_stage *s, const char *path)
{
	const char *lead_st = lifecycle_role_stage(s->lc, LIFECYCLE_ROLE_LEAD);
	const char *mql_st = lifecycle_role_stage(s->lc, LIFECYCLE_ROLE_MQL);
	const char *won_st = lifecycle_role_stage(s->lc, LIFECYCLE_ROLE_WON);
	size_t nf = 0, lead = 0, mql = 0;
	bool won = false, has_mql = false, has_lead = false;

	s->all = lifecycle_stages(s->lc, &s->nall);
	while (nf < s->nall && !won) {
		won = won_st != NULL && s->all[nf] == won_st;
		if (mql_st != NULL && s->all[nf] == mql_st) {
			mql = nf;
			has_mql = true;
		}
		if (lead_st != NULL && s->all[nf] == lead_st) {
			lead = nf;
			has_lead = true;
		}
		nf++;
	}
	if (!won || !has_mql || !has_lead)
		cli_die(LK_EXIT_DATA, "%s: the funnel needs the stages of the "
		    "roles lead, mql and won (role lines), in that order",
		    path);
	s->level = xcalloc(s->nall, sizeof *s->level);
	for (size_t i = 0; i < s->nall; i++) {
		if (i < nf) {
			s->level[i] = i + 1;
			continue;
		}
		const char *to;
		s->level[i] = lead + 1;
		if (!lifecycle_reached(s->lc, s->all[i], &to))
			continue;
		s->level[i] = 0;
		for (size_t j = 0; to != NULL && j < nf; j++)
			if (s->all[j] == to)
				s->level[i] = j + 1;
		if (to != NULL && s->level[i] == 0)
			cli_die(LK_EXIT_DATA, "%s: reached %s %s: not a stage "
			    "of the funnel (up to won)", path, s->all[i], to);
	}
	report_agg_init(&s->agg, s->all, nf, mql, nf - 1);
}

/* field: the value of field rf_names[name] in r, or NULL when missing or
 * empty. */
static const char *
field(report_stage *s, rec *r, int name, size_t *n)
{
	const char *v = rec_get_name(r, &s->names[name], n);

	return v != NULL && *n > 0 ? v : NULL;
}

/* when: r's created_at: 1 and *t, 0 when it has none, -1 (rejected) when
 * it is no date. */
static int
when(report_stage *s, rec *r, time_t *t)
{
	size_t n;
	const char *v = field(s, r, RF_CREATED_AT, &n);

	if (v == NULL)
		return 0;
	if (date_parse(v, n, false, t) == DATE_BAD) {
		stage_reject(&s->st, r, "created_at: \"%s\" is not a date",
		    v);
		return -1;
	}
	return 1;
}

/* level_of: the level of the stage st (a stage of the table). */
static size_t
level_of(const report_stage *s, const char *st)
{
	for (size_t i = 0; i < s->nall; i++)
		if (s->all[i] == st)
			return s->level[i];
	return 0;
}

/* count: r into the aggregate; false when it was rejected. */
static bool
count(report_stage *s, rec *r, bool dated, time_t t)
{
	report_agg *a = &s->agg;
	size_t n, level = 0;
	const char *v;
	double score = 0;
	bool scored = false, staged = false;

	if ((v = field(s, r, RF_STATUS, &n)) != NULL) {
		const char *st = lifecycle_stage(s->lc, v, n);
		if (st == NULL) {
			stage_reject(&s->st, r, "status: \"%s\" is not a "
			    "stage of the lifecycle", v);
			return false;
		}
		level = level_of(s, st);
		staged = true;
	}
	/* the stage it was in before lead-qualify moved it: an sql
	 * disqualified had reached sql (a status_was that is no stage, kept
	 * by lead-qualify as it was, says nothing) */
	if (staged && (v = field(s, r, RF_STATUS_WAS, &n)) != NULL) {
		const char *was = lifecycle_stage(s->lc, v, n);
		if (was != NULL && level_of(s, was) > level)
			level = level_of(s, was);
	}
	if ((s->collect & REPORT_SCORE) &&
	    (v = field(s, r, RF_SCORE, &n)) != NULL) {
		if (num_parse(v, n, &score) != 0 || !isfinite(score) ||
		    fabs(score) > 1e15) {
			stage_reject(&s->st, r, "score: \"%s\" is not a "
			    "number", v);
			return false;
		}
		scored = true;
	}
	s->one.count = 1;
	s->one.won = level > a->won;
	for (size_t i = 0; i < a->nstages; i++)
		s->one.reached[i] = i < level;
	report_group_add(a, &a->total, &s->one);
	if (a->ngroup > 0 && (s->collect & REPORT_GROUPS)) {
		for (size_t i = 0; i < a->ngroup; i++)
			if ((s->key[i] = report_group_key(r, a->group[i],
			    &s->keybuf[i], &s->keylen[i])) == NULL) {
				s->key[i] = REPORT_NONE;
				s->keylen[i] = strlen(REPORT_NONE);
			}
		report_group_add(a, report_agg_group(a, s->key, s->keylen),
		    &s->one);
	}
	if (s->collect & REPORT_RATE) {
		sbuf_reset(&s->buf);
		if (dated)
			date_format_day(&s->buf, t);
		else
			sbuf_adds(&s->buf, REPORT_NONE);
		report_tally_add(&a->days, s->buf.p, s->buf.n, 1);
	}
	if (s->collect & REPORT_SCORE) {
		sbuf_reset(&s->buf);
		if (scored)
			sbuf_addf(&s->buf, "%lld", (long long)floor(score /
			    10));
		else
			sbuf_adds(&s->buf, REPORT_NONE);
		report_tally_add(&a->scores, s->buf.p, s->buf.n, 1);
	}
	if ((s->collect & REPORT_DQ) &&
	    (v = field(s, r, RF_DQ, &n)) != NULL)
		report_tally_add(&a->dq, v, n, 1);
	return true;
}

static void
report_take(stage *st, rec *r)
{
	report_stage *s = (report_stage *)st;
	time_t t = 0;
	int dated = 0;

	if (s->o->merge) {
		sbuf_reset(&s->buf);
		if (r->file != NULL && (s->meta_file == NULL ||
		    strcmp(s->meta_file, r->file) != 0)) {
			const char *p = rec_get(r, "report_partial", NULL);
			if (p == NULL || strcmp(p, "meta") != 0) {
				stage_reject(st, r, "not a partial of "
				    "lead-report --partial (no meta line "
				    "first)");
				return;
			}
			s->meta_file = r->file;
		}
		if (report_partial_take(&s->agg, r, &s->buf) != 0)
			stage_reject(st, r, "%s", s->buf.p);
		return;
	}
	/* created_at is read only when a report or filter needs it: one
	 * field no report asked about rejects no lead */
	if (((s->collect & REPORT_RATE) || s->o->has_since ||
	    s->o->has_until) && (dated = when(s, r, &t)) < 0)
		return;
	if ((s->o->has_since || s->o->has_until) && (dated == 0 ||
	    (s->o->has_since && t < s->o->since) ||
	    (s->o->has_until && t > s->o->until))) {
		stage_suppress(st);
		return;
	}
	if (s->where != NULL) {
		rules_eval_start(s->ev, r);
		if (!rules_match(s->ev, s->where)) {
			stage_suppress(st);
			return;
		}
	}
	count(s, r, dated > 0, t);
}

static void
report_finish(stage *st)
{
	report_stage *s = (report_stage *)st;
	unsigned reports = s->o->reports;

	if (s->o->partial) {
		sbuf_reset(&s->buf);
		report_partial_write(&s->agg, &s->buf);
		stage_print(st, false, s->buf.p, s->buf.n);
		return;
	}
	if (reports == 0)	/* -g: a row per group, else the funnel */
		reports = s->agg.ngroup > 0 ? REPORT_GROUPS : REPORT_FUNNEL;
	if ((reports & REPORT_GROUPS) && s->agg.ngroup == 0)
		cli_die(LK_EXIT_USAGE, "--report groups needs -g FIELD");
	report_write(&s->agg, s->o, reports, st);
}

static void
report_free(stage *st)
{
	report_stage *s = (report_stage *)st;

	ledger_close(s->agg.ledger);
	roster_free(s->agg.roster);
	report_agg_free(&s->agg);
	if (s->agg.group != s->o->group) {
		for (size_t i = 0; i < s->agg.ngroup; i++)
			free((char *)s->agg.group[i]);
		free(s->agg.group);
	}
	lifecycle_free(s->lc);
	rules_eval_free(s->ev);
	rules_free(s->ru);
	free(s->level);
	free(s->key);
	free(s->keylen);
	for (size_t i = 0; s->keybuf != NULL && i < s->o->ngroup; i++)
		sbuf_free(&s->keybuf[i]);
	free(s->keybuf);
	free(s->one.reached);
	free((void *)st->fields);
	free((void *)st->reads);
	sbuf_free(&s->buf);
	free(s);
}

static const stage_vt report_vt = {
	.name = "report", .take = report_take, .finish = report_finish,
	.free = report_free,
};

/* group_names: a -g field named like a column the groups report writes
 * beside it would overwrite it (or be overwritten): a usage error. */
static void
group_names(const report_stage *s)
{
	static const char *const own[] = {
		"report", "count", "conversion", "mql_rate"
	};

	for (size_t i = 0; i < s->agg.ngroup; i++) {
		const char *g = s->agg.group[i];
		bool clash = false;
		for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
			clash |= strcmp(g, own[k]) == 0;
		for (size_t k = 0; k < s->agg.nstages; k++)
			clash |= strcmp(g, s->agg.stages[k]) == 0;
		if (clash)
			cli_usage_error("-g %s: the groups report has a "
			    "column of that name", g);
	}
}

/* declare: the columns of the reports printed, for a CSV header, when
 * there are several (one report's rows all have the same). */
static void
declare(report_stage *s)
{
	static const char *const cols[][6] = {	/* those of the leads */
		{ "stage", "reached", "share", "from_previous", NULL },
		{ "count", NULL },	/* then the stages, conversion... */
		{ "period", "count", NULL },
		{ "bucket", "count", NULL },
		{ "dq_category", "count", "share", NULL },
	};
	const report_opts *o = s->o;
	unsigned reports = o->reports != 0 ? o->reports : o->ngroup > 0 ?
	    REPORT_GROUPS : REPORT_FUNNEL;
	size_t n = 0, nrep = 0;
	const char **f;

	for (unsigned bit = 1; bit & (REPORT_ALL | REPORT_LEDGER_ALL);
	    bit <<= 1)
		nrep += (reports & bit) != 0;
	/* the review alone is four tables: a "report" field says which */
	if (o->partial || (nrep < 2 && !(reports & REPORT_REVIEW)))
		return;
	f = xcalloc(2 + o->ngroup + s->agg.nstages + 16 + 8 * 5 + 32,
	    sizeof *f);
	f[n++] = "report";
	for (size_t k = 0; k < 5; k++) {
		if (!(reports & (1u << k)))
			continue;
		if (1u << k == REPORT_GROUPS)
			for (size_t i = 0; i < o->ngroup; i++)
				f[n++] = o->group[i];
		for (size_t i = 0; cols[k][i] != NULL; i++)
			f[n++] = cols[k][i];
		if (1u << k == REPORT_GROUPS) {
			for (size_t i = 0; i < s->agg.nstages; i++)
				f[n++] = s->agg.stages[i];
			f[n++] = "conversion";
			f[n++] = "mql_rate";
		}
	}
	/* then those of the ledger, each name once */
	for (unsigned bit = REPORT_SPEED; bit & REPORT_LEDGER_ALL; bit <<= 1) {
		const char *c;
		if (!(reports & bit))
			continue;
		for (size_t i = 0; (c = report_ledger_col(bit,
		    o->roster != NULL, i)) != NULL; i++) {
			size_t k = 0;
			while (k < n && strcmp(f[k], c) != 0)
				k++;
			if (k == n)
				f[n++] = c;
		}
	}
	f[n] = NULL;
	s->st.fields = f;
}

/* reads: the fields count() reads, so that a CSV's other columns are
 * left out (stage.h); none with --where, whose condition may read any, or
 * --merge, whose partials are NDJSON. */
static void
reads(report_stage *s)
{
	static const char *const counted[] = {
		"status", "status_was", "created_at", "score", "dq_category"
	};
	const size_t nc = sizeof counted / sizeof counted[0];

	if (s->where != NULL || s->o->merge)
		return;
	const char **f = xcalloc(nc + 2 * s->agg.ngroup + 1, sizeof *f);
	size_t n = nc;
	memcpy(f, counted, sizeof counted);
	for (size_t i = 0; i < s->agg.ngroup; i++)
		n += report_group_reads(s->agg.group[i], f + n);
	s->st.reads = f;
}

/* open_ledger: the ledger (read only: nothing is written to it) and the
 * roster, or the program ends. */
static void
open_ledger(report_stage *s)
{
	const report_opts *o = s->o;
	sbuf err = SBUF_INIT;

	s->agg.ledger = ledger_open(o->ledger, false, "lead-report", o->as_of,
	    &err);
	if (s->agg.ledger == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	if (o->roster != NULL) {
		/* the roster's format is its own, as for lead-route */
		cli_opts ropts = *o->cli;
		ropts.in_format = LK_FMT_AUTO;
		ropts.delim = '\0';
		ropts.no_header = false;
		if ((s->agg.roster = roster_load(o->roster, &ropts, &err)) ==
		    NULL)
			cli_die(LK_EXIT_DATA, "%s", err.p);
	}
	sbuf_free(&err);
}

stage *
report_new(const report_opts *o)
{
	report_stage *s = xcalloc(1, sizeof *s);
	sbuf stages = SBUF_INIT, cats = SBUF_INIT, err = SBUF_INIT;

	s->st.vt = &report_vt;
	s->o = o;
	for (int i = 0; i < RF_COUNT; i++)
		rec_name_init(&s->names[i], rf_names[i], strlen(rf_names[i]));
	/* a partial keeps everything; by default, the report printed */
	s->collect = o->partial ? REPORT_ALL : o->reports != 0 ? o->reports :
	    o->ngroup > 0 ? REPORT_GROUPS : REPORT_FUNNEL;
	s->lc = lifecycle_load(cli_share_path(&stages, "lifecycle.tsv"),
	    cli_share_path(&cats, "dq-categories.tsv"), &err);
	if (s->lc == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	funnel(s, stages.p);
	/* with --merge and no -g, the first partial says */
	s->agg.group = o->ngroup > 0 ? o->group : NULL;
	s->agg.ngroup = o->ngroup;
	group_names(s);
	report_group_init(&s->one, s->agg.nstages);
	s->key = xcalloc(o->ngroup + 1, sizeof *s->key);
	s->keylen = xcalloc(o->ngroup + 1, sizeof *s->keylen);
	s->keybuf = xcalloc(o->ngroup + 1, sizeof *s->keybuf);
	if (o->where != NULL) {
		s->ru = rules_load_text("--where", o->where, strlen(o->where),
		    where_stmt, s, &err);
		if (s->ru == NULL)
			cli_usage_error("%s", err.p);
		if (s->where == NULL)
			cli_usage_error("--where: no condition");
		s->ev = rules_eval_new(s->ru, o->as_of);
	}
	if (o->reports & REPORT_LEDGER_ALL)
		open_ledger(s);
	declare(s);
	reads(s);
	sbuf_free(&stages);
	sbuf_free(&cats);
	sbuf_free(&err);
	return &s->st;
}
