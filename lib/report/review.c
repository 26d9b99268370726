/* review.c - lead-report --report review: the leads handed to sales in a
 * window, what the lead definition said of them and what sales did
 *
 * "Was X a lead?  Did it enter the pipeline?  Why or why not?"  Four
 * tables, from the ledger's handoffs (ledger/handoff.h), history and
 * leads, over the handoffs whose time is in the window (--since, --until;
 * by default the REVIEW_DAYS days up to --until or --as-of):
 *
 *	review            every handoff: the lead, its owner, its status,
 *	                  grade and the criteria it met then, what sales did
 *	                  (the last outcome recorded after it, with its
 *	                  reason) and the days from it to first contact
 *	review-criteria   per criterion of the definition (the "met X" and
 *	                  "unmet X" of qualify_reason, in the order first
 *	                  seen): how many handoffs met it and what share of
 *	                  them sales accepted and won, beside those that did
 *	                  not meet it
 *	review-rejected   the handoffs sales rejected, with the reason
 *	review-converted  the leads that converted in the window (an outcome
 *	                  labelled 1 in outcomes.tsv) and were never handed
 *	                  over sales-ready
 *
 * What sales did with a handoff is the feedback events of its lead after
 * it and before the lead's next handoff (by history's seq, as outcomes
 * may carry an earlier date than the run that routed).  Its words come
 * from the tables, never from stage names in the code: accepted is an
 * event whose status a rep works, is won, or has reached one of those
 * (lifecycle.tsv: lost reached opportunity); won is a status with the won
 * role; rejected is feedback without acceptance or conversion.  A status
 * is sales-ready when it, or the stage it has reached, is the mql role's
 * stage or one after it in the table.
 */
#include "report/review.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "lead/lifecycle.h"
#include "lead/outcome.h"
#include "ledger/ledger.h"
#include "report/table.h"
#include "report/tally.h"
#include "report/write.h"
#include "value/date.h"
#include "base/xmem.h"

#define DAY 86400

/* The tables, their columns in order (a NULL name ends each). */
typedef struct review_col {
	const char *name;
	report_col_kind kind;
} review_col;

static const review_col handoff_cols[] = {
	{ "handed", REPORT_COL_TEXT }, { "lead", REPORT_COL_TEXT },
	{ "name", REPORT_COL_TEXT }, { "company", REPORT_COL_TEXT },
	{ "owner", REPORT_COL_TEXT }, { "status", REPORT_COL_TEXT },
	{ "grade", REPORT_COL_TEXT }, { "met", REPORT_COL_TEXT },
	{ "outcome", REPORT_COL_TEXT }, { "reason", REPORT_COL_TEXT },
	{ "days_to_contact", REPORT_COL_NUMBER }, { NULL, 0 }
};
static const review_col criteria_cols[] = {
	{ "criterion", REPORT_COL_TEXT }, { "met_count", REPORT_COL_COUNT },
	{ "met_accepted", REPORT_COL_RATIO }, { "met_won", REPORT_COL_RATIO },
	{ "unmet_count", REPORT_COL_COUNT },
	{ "unmet_accepted", REPORT_COL_RATIO },
	{ "unmet_won", REPORT_COL_RATIO }, { NULL, 0 }
};
static const review_col rejected_cols[] = {
	{ "handed", REPORT_COL_TEXT }, { "lead", REPORT_COL_TEXT },
	{ "name", REPORT_COL_TEXT }, { "owner", REPORT_COL_TEXT },
	{ "status", REPORT_COL_TEXT }, { "grade", REPORT_COL_TEXT },
	{ "outcome", REPORT_COL_TEXT }, { "reason", REPORT_COL_TEXT },
	{ NULL, 0 }
};
static const review_col converted_cols[] = {
	{ "converted", REPORT_COL_TEXT }, { "lead", REPORT_COL_TEXT },
	{ "name", REPORT_COL_TEXT }, { "owner", REPORT_COL_TEXT },
	{ "status", REPORT_COL_TEXT }, { "grade", REPORT_COL_TEXT },
	{ "outcome", REPORT_COL_TEXT }, { NULL, 0 }
};

static const review_col *const tables[] = {
	handoff_cols, criteria_cols, rejected_cols, converted_cols
};
static const char *const table_names[] = {
	"review", "review-criteria", "review-rejected", "review-converted"
};
#define NTABLES (sizeof tables / sizeof *tables)

const char *
report_review_col(size_t i)
{
	size_t n = 0;

	for (size_t t = 0; t < NTABLES; t++)
		for (const review_col *c = tables[t]; c->name != NULL; c++) {
			size_t k = 0;
			/* each name once, in the order first met */
			for (size_t u = 0; u <= t && k == 0; u++)
				for (const review_col *d = tables[u];
				    d != c && d->name != NULL; d++)
					if (strcmp(d->name, c->name) == 0) {
						k = 1;
						break;
					}
			if (k == 0 && n++ == i)
				return c->name;
		}
	return NULL;
}

/* The review as it is made: the tables, the strings of their text cells
 * (offsets into names until the end: names moves as it grows), the
 * criteria counted so far and the tables that say what words mean. */
typedef struct review {
	report_table t[NTABLES];
	sbuf names;
	struct criterion {
		size_t name;		/* offset in names */
		uint64_t n[2], acc[2], won[2];	/* [0]: unmet, [1]: met */
	} *crit;
	size_t ncrit;
	lifecycle *lc;
	outcome_table *ot;
	ledger *l;
	time_t since, until;
} review;

/* put: s (NULL: REPORT_NONE) as a text cell. */
static void
put(review *v, report_cell *c, const char *s)
{
	c->n = v->names.n;
	sbuf_adds(&v->names, s != NULL && *s != '\0' ? s : REPORT_NONE);
	sbuf_addc(&v->names, '\0');
}

/* put_day: the day of t as a text cell. */
static void
put_day(review *v, report_cell *c, time_t t)
{
	c->n = v->names.n;
	date_format_day(&v->names, t);
	sbuf_addc(&v->names, '\0');
}

/* put_name: first and last name of the lead as a text cell. */
static void
put_name(review *v, report_cell *c, sqlite3_stmt *st, int first)
{
	const char *f = ledger_column(st, first);
	const char *g = ledger_column(st, first + 1);

	c->n = v->names.n;
	if (f != NULL)
		sbuf_adds(&v->names, f);
	if (f != NULL && g != NULL)
		sbuf_addc(&v->names, ' ');
	if (g != NULL)
		sbuf_adds(&v->names, g);
	if (f == NULL && g == NULL)
		sbuf_adds(&v->names, REPORT_NONE);
	sbuf_addc(&v->names, '\0');
}

/* stage_index: where stage s stands in the lifecycle table, after the
 * stage it has reached when it is outside the funnel; -1 when it is no
 * stage or has reached none. */
static long
stage_index(const lifecycle *lc, const char *s)
{
	const char *to;
	size_t n;
	const char *const *all = lifecycle_stages(lc, &n);

	if (s == NULL || (s = lifecycle_stage(lc, s, strlen(s))) == NULL)
		return -1;
	if (lifecycle_reached(lc, s, &to) && (s = to) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i], s) == 0)
			return (long)i;
	return -1;
}

/* ready: status s is sales-ready: it is (or reached) the mql stage or a
 * later one. */
static bool
ready(const lifecycle *lc, const char *s)
{
	long mql = stage_index(lc, lifecycle_role_stage(lc,
	    LIFECYCLE_ROLE_MQL));

	return mql >= 0 && stage_index(lc, s) >= mql;
}

/* accepted: status s means sales took the lead: a stage a rep works, won,
 * or one that reached such a stage. */
static bool
accepted(const lifecycle *lc, const char *s)
{
	const char *to;

	if (s == NULL || (s = lifecycle_stage(lc, s, strlen(s))) == NULL)
		return false;
	if (lifecycle_reached(lc, s, &to) && to != NULL)
		s = to;
	return lifecycle_has_role(lc, s, LIFECYCLE_ROLE_WORKING) ||
	    lifecycle_has_role(lc, s, LIFECYCLE_ROLE_WON);
}

/* won: status s is the won stage. */
static bool
won(const lifecycle *lc, const char *s)
{
	return s != NULL && (s = lifecycle_stage(lc, s, strlen(s))) != NULL &&
	    lifecycle_has_role(lc, s, LIFECYCLE_ROLE_WON);
}

/* What sales did with one handoff. */
typedef struct did {
	bool feedback, accepted, won, converted;
	size_t outcome, reason;	/* offsets in names of the last event's */
} did;

/* sales: what sales did with the handoff seq of lead id. */
static did
sales(review *v, const char *id, sqlite3_int64 seq)
{
	sqlite3_stmt *st = ledger_stmt(v->l, "SELECT status, outcome, "
	    "reason FROM history WHERE lead = ?1 AND event = '"
	    LEDGER_FEEDBACK "' AND seq > ?2 AND seq < coalesce((SELECT "
	    "min(seq) FROM handoffs WHERE lead = ?1 AND seq > ?2), "
	    "9223372036854775807) ORDER BY seq");
	did d = { 0 };
	const char *said = NULL, *why = NULL;
	sbuf last = SBUF_INIT;
	size_t nl = 0;

	ledger_bind_text(v->l, st, 1, id);
	sqlite3_bind_int64(st, 2, seq);
	while (ledger_step(v->l, st) == SQLITE_ROW) {
		const char *s = ledger_column(st, 0);
		const char *o = ledger_column(st, 1);
		const outcome *oc = o != NULL ? outcome_find(v->ot, o,
		    strlen(o)) : NULL;
		d.feedback = true;
		d.accepted |= accepted(v->lc, s);
		d.won |= won(v->lc, s);
		d.converted |= oc != NULL && oc->label == 1;
		/* the last event's words, copied: the row goes at the step */
		sbuf_reset(&last);
		sbuf_adds(&last, o != NULL ? o : "");
		nl = last.n;
		sbuf_addc(&last, '\0');
		sbuf_adds(&last, ledger_column(st, 2) != NULL ?
		    ledger_column(st, 2) : "");
	}
	sqlite3_reset(st);
	if (d.feedback) {
		said = last.p;
		why = last.p + nl + 1;
	}
	d.outcome = v->names.n;
	sbuf_adds(&v->names, said != NULL && *said != '\0' ? said :
	    REPORT_NONE);
	sbuf_addc(&v->names, '\0');
	d.reason = v->names.n;
	sbuf_adds(&v->names, why != NULL && *why != '\0' ? why :
	    REPORT_NONE);
	sbuf_addc(&v->names, '\0');
	sbuf_free(&last);
	return d;
}

/* criterion: the count of the criterion name[0..n). */
static struct criterion *
criterion(review *v, const char *name, size_t n)
{
	for (size_t i = 0; i < v->ncrit; i++) {
		const char *c = v->names.p + v->crit[i].name;
		if (strlen(c) == n && memcmp(c, name, n) == 0)
			return &v->crit[i];
	}
	v->crit = xreallocarray(v->crit, v->ncrit + 1, sizeof *v->crit);
	struct criterion *c = &v->crit[v->ncrit++];
	*c = (struct criterion){ .name = v->names.n };
	sbuf_add(&v->names, name, n);
	sbuf_addc(&v->names, '\0');
	return c;
}

/* criteria: the criteria text of a handoff (qualify_reason: a JSON
 * array's text) counted with what sales did, and the ones it met, comma-
 * separated, into met (reset first).  Text that is no such array names
 * no criterion. */
static void
criteria(review *v, const char *text, const did *d, sbuf *met)
{
	json_t *a = text != NULL ? json_loads(text, JSON_DECODE_ANY, NULL) :
	    NULL;
	size_t i;
	json_t *e;

	sbuf_reset(met);
	if (!json_is_array(a)) {
		json_decref(a);
		return;
	}
	json_array_foreach(a, i, e) {
		const char *s = json_string_value(e);
		int is = s == NULL ? -1 : strncmp(s, "met ", 4) == 0 ? 1 :
		    strncmp(s, "unmet ", 6) == 0 ? 0 : -1;
		if (is < 0)
			continue;
		s += is ? 4 : 6;
		struct criterion *c = criterion(v, s, strlen(s));
		c->n[is]++;
		c->acc[is] += d->accepted;
		c->won[is] += d->won;
		if (is) {
			if (met->n > 0)
				sbuf_adds(met, ", ");
			sbuf_adds(met, s);
		}
	}
	json_decref(a);
}

/* The lead's fields of its stored record, NULL for a record that is no
 * JSON (written by hand). */
#define FIELD(f) "CASE WHEN json_valid(l.record) THEN " \
	"json_extract(l.record, '$." f "') END"

/* handoffs: the rows of review, review-criteria and review-rejected. */
static void
handoffs(review *v)
{
	sqlite3_stmt *st = ledger_stmt(v->l, "SELECT h.seq, h.lead, h.at, "
	    "h.status, h.grade, h.criteria, l.owner, l.contacted_at, "
	    FIELD("first_name") ", " FIELD("last_name") ", "
	    FIELD("company") " FROM handoffs h LEFT JOIN leads l "
	    "ON l.id = h.lead WHERE h.at BETWEEN ?1 AND ?2 "
	    "ORDER BY h.at, h.seq");
	sbuf met = SBUF_INIT;
	char *id = NULL;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)v->since);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)v->until);
	while (ledger_step(v->l, st) == SQLITE_ROW) {
		sqlite3_int64 seq = sqlite3_column_int64(st, 0);
		time_t at = (time_t)sqlite3_column_int64(st, 2);
		free(id);
		id = xstrdup(ledger_column(st, 1));
		/* the outer row stays: sales() steps another statement */
		did d = sales(v, id, seq);
		criteria(v, ledger_column(st, 5), &d, &met);

		report_cell *r = report_table_row(&v->t[0]);
		put_day(v, &r[0], at);
		put(v, &r[1], id);
		put_name(v, &r[2], st, 8);
		put(v, &r[3], ledger_column(st, 10));
		put(v, &r[4], ledger_column(st, 6));
		put(v, &r[5], ledger_column(st, 3));
		put(v, &r[6], ledger_column(st, 4));
		put(v, &r[7], met.p);
		r[8].n = d.outcome;
		r[9].n = d.reason;
		if (sqlite3_column_type(st, 7) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 7) >= (sqlite3_int64)at)
			r[10].x = (double)(sqlite3_column_int64(st, 7) - at) /
			    DAY;
		if (!d.feedback || d.accepted || d.converted)
			continue;
		r = report_table_row(&v->t[2]);
		report_cell *h = v->t[0].c + (v->t[0].nrow - 1) *
		    v->t[0].ncol;
		static const size_t from[] = { 0, 1, 2, 4, 5, 6, 8, 9 };
		for (size_t k = 0; k < sizeof from / sizeof *from; k++)
			r[k].n = h[from[k]].n;
	}
	sqlite3_reset(st);
	free(id);
	sbuf_free(&met);
	for (size_t i = 0; i < v->ncrit; i++) {
		const struct criterion *c = &v->crit[i];
		report_cell *r = report_table_row(&v->t[1]);
		r[0].n = c->name;
		r[1].n = c->n[1];
		r[2] = (report_cell){ .n = c->acc[1], .d = c->n[1] };
		r[3] = (report_cell){ .n = c->won[1], .d = c->n[1] };
		r[4].n = c->n[0];
		r[5] = (report_cell){ .n = c->acc[0], .d = c->n[0] };
		r[6] = (report_cell){ .n = c->won[0], .d = c->n[0] };
	}
}

/* converted: the rows of review-converted: leads with an outcome labelled
 * 1 in the window none of whose handoffs was sales-ready. */
static void
converted(review *v)
{
	sqlite3_stmt *st = ledger_stmt(v->l, "SELECT h.lead, h.at, "
	    "h.outcome, l.owner, " FIELD("first_name") ", "
	    FIELD("last_name") " FROM history h LEFT JOIN leads l "
	    "ON l.id = h.lead WHERE h.event = '" LEDGER_FEEDBACK "' AND "
	    "h.at BETWEEN ?1 AND ?2 ORDER BY h.lead, h.seq");
	char *last = NULL;
	sbuf status = SBUF_INIT, grade = SBUF_INIT;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)v->since);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)v->until);
	while (ledger_step(v->l, st) == SQLITE_ROW) {
		const char *id = ledger_column(st, 0);
		const char *o = ledger_column(st, 2);
		const outcome *oc = o != NULL ? outcome_find(v->ot, o,
		    strlen(o)) : NULL;
		bool any_ready = false;

		/* a lead once: its first conversion in the window */
		if (oc == NULL || oc->label != 1 ||
		    (last != NULL && strcmp(last, id) == 0))
			continue;
		free(last);
		last = xstrdup(id);
		sqlite3_stmt *q = ledger_stmt(v->l, "SELECT status, grade "
		    "FROM handoffs WHERE lead = ?1 ORDER BY seq");
		ledger_bind_text(v->l, q, 1, last);
		sbuf_reset(&status);
		sbuf_reset(&grade);
		while (ledger_step(v->l, q) == SQLITE_ROW) {
			const char *s = ledger_column(q, 0);
			const char *g = ledger_column(q, 1);
			any_ready |= ready(v->lc, s);
			sbuf_addf(&status, "%s%s", status.n > 0 ? ", " : "",
			    s != NULL ? s : REPORT_NONE);
			sbuf_addf(&grade, "%s%s", grade.n > 0 ? ", " : "",
			    g != NULL ? g : REPORT_NONE);
		}
		sqlite3_reset(q);
		if (any_ready)
			continue;
		report_cell *r = report_table_row(&v->t[3]);
		put_day(v, &r[0], (time_t)sqlite3_column_int64(st, 1));
		put(v, &r[1], last);
		put_name(v, &r[2], st, 4);
		put(v, &r[3], ledger_column(st, 3));
		put(v, &r[4], status.p);
		put(v, &r[5], grade.p);
		put(v, &r[6], o);
	}
	sqlite3_reset(st);
	free(last);
	sbuf_free(&status);
	sbuf_free(&grade);
}

/* load: the lifecycle and outcomes tables, or the program ends. */
static void
load(review *v)
{
	sbuf a = SBUF_INIT, b = SBUF_INIT, err = SBUF_INIT;

	v->lc = lifecycle_load(cli_share_path(&a, "lifecycle.tsv"),
	    cli_share_path(&b, "dq-categories.tsv"), &err);
	if (v->lc == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	v->ot = outcome_load(cli_share_path(&a, "outcomes.tsv"), v->lc, &err);
	if (v->ot == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&err);
}

/* title: the window of the review, after what. */
static void
window(sbuf *title, const review *v)
{
	sbuf_adds(title, ", handed to sales from ");
	date_format_day(title, v->since);
	sbuf_adds(title, " to ");
	date_format_day(title, v->until);
}

void
report_review_write(ledger *l, const report_opts *o, bool *first,
    stage *st, sbuf *out)
{
	review v = { .l = l, .names = SBUF_INIT };

	v.until = o->has_until ? o->until : o->as_of;
	v.since = o->has_since ? o->since : v.until - REVIEW_DAYS * DAY + 1;
	load(&v);
	for (size_t k = 0; k < NTABLES; k++) {
		size_t n = 0;
		while (tables[k][n].name != NULL)
			n++;
		report_table_init(&v.t[k], table_names[k], n);
		for (size_t i = 0; i < n; i++)
			report_table_col(&v.t[k], i, tables[k][i].name,
			    tables[k][i].kind);
		v.t[k].nochart = k != 1;
	}
	v.t[1].bar = 1;
	handoffs(&v);
	converted(&v);
	sbuf_addf(&v.t[0].title, "review: %zu leads", v.t[0].nrow);
	window(&v.t[0].title, &v);
	sbuf_adds(&v.t[0].title, ", as of ");
	date_format_day(&v.t[0].title, o->as_of);
	sbuf_addf(&v.t[1].title, "review by criterion: of the %zu leads, "
	    "those that met each and those that did not, with the share "
	    "sales accepted and won", v.t[0].nrow);
	sbuf_addf(&v.t[2].title, "review: %zu leads the definition sent "
	    "that sales rejected", v.t[2].nrow);
	sbuf_addf(&v.t[3].title, "review: %zu leads converted", v.t[3].nrow);
	sbuf_adds(&v.t[3].title, " from ");
	date_format_day(&v.t[3].title, v.since);
	sbuf_adds(&v.t[3].title, " to ");
	date_format_day(&v.t[3].title, v.until);
	sbuf_adds(&v.t[3].title, " without ever being sales-ready");
	for (size_t k = 0; k < NTABLES; k++) {
		report_table *t = &v.t[k];
		for (size_t i = 0; i < t->nrow; i++)
			for (size_t j = 0; j < t->ncol; j++)
				if (t->kind[j] == REPORT_COL_TEXT) {
					report_cell *c = &t->c[i * t->ncol + j];
					c->s = v.names.p + c->n;
					c->n = 0;
				}
		report_table_write(t, o, true, first, st, out);
		report_table_free(t);
	}
	free(v.crit);
	sbuf_free(&v.names);
	outcome_free(v.ot);
	lifecycle_free(v.lc);
}
