/* tune.c - lead-tune as a stage: labelled leads in, a scoring model out */
#include "tune/tune.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "io/cli.h"
#include "rules/rules.h"
#include "score/scoring.h"
#include "tune/events.h"
#include "tune/fit.h"
#include "tune/grades.h"
#include "tune/lang.h"
#include "tune/leak.h"
#include "tune/metrics.h"
#include "tune/table.h"
#include "tune/write.h"

/* A scoring block of the file: all leads, or one segment's. */
typedef struct block {
	const char *value;	/* the segment's value; NULL: the rest/all */
	uint16_t id;		/* its id in the segment column */
	size_t *train, *held, *rows;	/* rows of t; rows: both */
	size_t ntrain, nheld, nrows;
	tune_block b;
	size_t nrules;		/* as written */
} block;

typedef struct tune_stage {
	stage st;
	const tune_opts *o;
	tune_table *t;
	scoring *old;
	scoring_ctx *octx;
	long seg_col;
	sbuf out, msg;
} tune_stage;

static void
take(stage *st, rec *r)
{
	tune_stage *s = (tune_stage *)st;
	const char *why;

	if (tune_table_add(s->t, r, NAN, &why) != 0) {
		stage_reject(st, r, "%s: %s", s->o->label, why);
		return;
	}
	tune_events_row(s->t, r, rec_find(r, TUNE_EVENTS_FIELD),
	    s->t->nrows - 1);
	if (s->old != NULL) {
		scoring_run(s->octx, r);
		s->t->old[s->t->nrows - 1] = scoring_total(s->octx);
	}
	stage_print(st, true, NULL, 0);
}

/* ---- the held-out part ---- */

static const tune_table *order_t;

/* newest first (by --holdout-by; no time: oldest), then later rows */
static int
cmp_newest(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double u = order_t->when[x], v = order_t->when[y];

	if (isnan(u) != isnan(v))
		return isnan(u) ? 1 : -1;
	if (!isnan(u) && u != v)
		return u > v ? -1 : 1;
	return (x < y) - (x > y);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* split: the labelled rows[0..n) into held (the first nheld after
 * ordering) and train, both back in row order. */
static void
split(tune_stage *s, size_t *rows, size_t n, size_t **train, size_t *ntrain,
    size_t **held, size_t *nheld)
{
	size_t h = (size_t)ceil(TUNE_HOLDOUT * (double)n);

	if (s->o->holdout_by != NULL) {
		order_t = s->t;
		qsort(rows, n, sizeof *rows, cmp_newest);
	} else {
		uint64_t st = s->o->seed;
		for (size_t i = 0; i + 1 < n; i++) {
			size_t j = i + tune_rand(&st) % (n - i);
			size_t tmp = rows[i];
			rows[i] = rows[j];
			rows[j] = tmp;
		}
	}
	*held = xreallocarray(NULL, h + 1, sizeof **held);
	*train = xreallocarray(NULL, n - h + 1, sizeof **train);
	memcpy(*held, rows, h * sizeof **held);
	memcpy(*train, rows + h, (n - h) * sizeof **train);
	qsort(*held, h, sizeof **held, cmp_size);
	qsort(*train, n - h, sizeof **train, cmp_size);
	*nheld = h;
	*ntrain = n - h;
}

/* ---- figures on stderr ---- */

static void
figure(tune_stage *s, const char *what, const tune_eval *e)
{
	sbuf *m = &s->msg;

	sbuf_reset(m);
	sbuf_addf(m, "%-26s %.3f  %.3f-%.3f  ", what, e->auc, e->lo, e->hi);
	if (isnan(e->logloss))
		sbuf_addf(m, "%-8s  ", "-");
	else
		sbuf_addf(m, "%-8.3f  ", e->logloss);
	tune_pct(m, e->top);
	cli_warn("%s", m->p);
}

/* compare: --compare's figures on the held-out rows. */
static void
compare(tune_stage *s, const size_t *held, size_t nheld)
{
	double *sc = xcalloc(nheld + 1, sizeof *sc);
	unsigned char *y = xcalloc(nheld + 1, 1);
	tune_eval e;

	for (size_t i = 0; i < nheld; i++) {
		sc[i] = s->t->old[held[i]];
		y[i] = s->t->label[held[i]] == 1;
	}
	tune_measure(&e, sc, NULL, y, nheld, s->o->seed);
	sbuf path = SBUF_INIT;
	cli_file_stem(&path, s->o->compare);
	sbuf_adds(&path, " (--compare)");
	figure(s, path.p, &e);
	sbuf_free(&path);
	free(sc);
	free(y);
}

/* ---- learning ---- */

static double
rate(const tune_table *t, const size_t *rows, size_t n)
{
	double c = 0;

	for (size_t i = 0; i < n; i++)
		c += t->label[rows[i]] == 1;
	return n > 0 ? c / (double)n : 0;
}

/* both_outcomes: rows[0..n) has at least min of each outcome. */
static bool
both_outcomes(const tune_table *t, const size_t *rows, size_t n, size_t min)
{
	size_t pos = 0;

	for (size_t i = 0; i < n; i++)
		pos += t->label[rows[i]] == 1;
	return pos >= min && n - pos >= min;
}

/* skipped: the columns that are no candidates. */
static bool *
skipped(tune_stage *s)
{
	const tune_opts *o = s->o;
	bool *skip = xcalloc(s->t->ncols + 1, sizeof *skip);
	const char *own[] = { o->label, o->holdout_by, o->segment };

	for (size_t i = 0; i < 3; i++) {
		long c = own[i] != NULL ? tune_table_col(s->t, own[i]) : -1;
		if (c >= 0)
			skip[c] = true;
	}
	for (size_t i = 0; i < o->nexclude; i++) {
		long c = tune_table_col(s->t, o->exclude[i]);
		if (c < 0)
			cli_warn("--exclude: no field %s in the input",
			    o->exclude[i]);
		else
			skip[c] = true;
		/* the events go with their counts */
		for (size_t k = 0; c >= 0 && strcmp(o->exclude[i],
		    TUNE_EVENTS_FIELD) == 0 && k < s->t->ncols; k++)
			skip[k] |= s->t->cols[k].events;
	}
	return skip;
}

/* block_rows: the rows of train/held in segment value id (TUNE_OTHER as
 * "any value not in taken"), into bl. */
static void
block_rows(tune_stage *s, block *bl, const size_t *train, size_t ntrain,
    const size_t *held, size_t nheld, const bool *taken)
{
	const uint16_t *id = s->seg_col >= 0 ? s->t->cols[s->seg_col].id :
	    NULL;
	const size_t *src[2] = { train, held };
	size_t nsrc[2] = { ntrain, nheld };
	size_t *dst[2], ndst[2] = { 0, 0 };

	for (int p = 0; p < 2; p++) {
		dst[p] = xreallocarray(NULL, nsrc[p] + 1, sizeof(size_t));
		for (size_t i = 0; i < nsrc[p]; i++) {
			size_t r = src[p][i];
			bool in = id == NULL || (bl->value != NULL ?
			    id[r] == bl->id : !taken[id[r]]);
			if (in)
				dst[p][ndst[p]++] = r;
		}
	}
	bl->train = dst[0];
	bl->ntrain = ndst[0];
	bl->held = dst[1];
	bl->nheld = ndst[1];
	bl->nrows = bl->ntrain + bl->nheld;
	bl->rows = xreallocarray(NULL, bl->nrows + 1, sizeof(size_t));
	memcpy(bl->rows, bl->train, bl->ntrain * sizeof(size_t));
	memcpy(bl->rows + bl->ntrain, bl->held, bl->nheld * sizeof(size_t));
	qsort(bl->rows, bl->nrows, sizeof(size_t), cmp_size);
}

/* segments: the blocks of --segment: each value with enough leads of
 * both outcomes in both parts, then the rest. */
static block *
segments(tune_stage *s, const size_t *train, size_t ntrain,
    const size_t *held, size_t nheld, size_t *nblocks)
{
	const tune_col *col = &s->t->cols[s->seg_col];
	size_t nv = col->nvals + TUNE_FIRST;
	bool *taken = xcalloc(nv, sizeof *taken);
	block *bls = xcalloc(nv + 1, sizeof *bls);
	size_t n = 0;

	for (size_t v = TUNE_FIRST; v < nv; v++) {
		block *bl = &bls[n];
		bl->value = col->vals[v - TUNE_FIRST];
		bl->id = (uint16_t)v;
		if (strcmp(bl->value, "rest") == 0)
			continue;
		block_rows(s, bl, train, ntrain, held, nheld, taken);
		if (bl->nrows >= TUNE_SEGMENT_MIN && both_outcomes(s->t,
		    bl->train, bl->ntrain, TUNE_MIN_CLASS) && both_outcomes(
		    s->t, bl->held, bl->nheld, 1)) {
			taken[v] = true;
			n++;
		} else {
			free(bl->train);
			free(bl->held);
			free(bl->rows);
			memset(bl, 0, sizeof *bl);
		}
	}
	block *rest = &bls[n];
	block_rows(s, rest, train, ntrain, held, nheld, taken);
	if (rest->nrows > 0)
		n++;
	else {
		free(rest->train);
		free(rest->held);
		free(rest->rows);
	}
	free(taken);
	*nblocks = n;
	return bls;
}

/* range: the lowest and highest total of bl's rows. */
static void
range(const tune_table *t, const block *bl, long *lo, long *hi)
{
	*lo = *hi = 0;
	for (size_t i = 0; i < bl->nrows; i++) {
		long v = tune_block_total(&bl->b, t, bl->rows[i]);
		if (i == 0 || v < *lo)
			*lo = v;
		if (i == 0 || v > *hi)
			*hi = v;
	}
}

/* ---- the file ---- */

static void
header(tune_stage *s, size_t nlab, double avg, size_t ntrain, size_t nheld,
    const block *bls, size_t nb)
{
	const tune_opts *o = s->o;
	sbuf *b = &s->out;

	sbuf_addf(b, "# Learned by lead-tune(1) from %zu labelled leads (%s, ",
	    nlab, o->label);
	tune_pct(b, avg);
	sbuf_addf(b, " converted):\n# %zu to learn from, %zu held out (",
	    ntrain, nheld);
	if (o->holdout_by != NULL)
		sbuf_addf(b, "the newest by %s", o->holdout_by);
	else
		sbuf_addf(b, "seeded random, --seed %llu",
		    (unsigned long long)o->seed);
	sbuf_addf(b, "), at most %zu rules a block.\n", o->max_rules);
	if (o->nexclude > 0) {
		sbuf_adds(b, "# Left out (--exclude):");
		for (size_t i = 0; i < o->nexclude; i++)
			sbuf_addf(b, "%s %s", i ? "," : "", o->exclude[i]);
		sbuf_adds(b, ".\n");
	}
	for (size_t i = 0; i < nb; i++) {
		const tune_eval *e = &bls[i].b.eval;
		sbuf_adds(b, "# Held out");
		if (o->segment != NULL)
			sbuf_addf(b, " (segment %s)", bls[i].value != NULL ?
			    bls[i].value : "rest");
		sbuf_addf(b, ": AUC %.3f (95%% %.3f-%.3f), log loss %.3f, "
		    "top decile ", e->auc, e->lo, e->hi, e->logloss);
		tune_pct(b, e->top);
		sbuf_adds(b, " converted.\n");
	}
	sbuf_adds(b,
	    "#\n"
	    "#   lead-score -r THIS.rules leads.csv\n"
	    "#\n"
	    "# A lead's total (score) is the sum of the points of the rules it\n"
	    "# meets; score_probability is its chance of converting, from the\n"
	    "# probability lines (fitted on the held-out leads).\n");
}

static void
write_block(tune_stage *s, block *bl)
{
	sbuf *b = &s->out;
	long lo, hi;

	if (s->o->segment != NULL) {
		sbuf_adds(b, "\nsegment ");
		if (bl->value != NULL) {
			tune_lang_string(b, bl->value);
			sbuf_adds(b, " when ");
			tune_lang_name(b, s->o->segment);
			sbuf_adds(b, " = ");
			tune_lang_string(b, bl->value);
		} else {
			sbuf_adds(b, "rest");
		}
		sbuf_addf(b, "\n# %zu labelled leads, ", bl->nrows);
		tune_pct(b, rate(s->t, bl->rows, bl->nrows));
		sbuf_adds(b, " converted\n");
	}
	sbuf_adds(b, "\n");
	bl->nrules = tune_write_rules(b, s->t, &bl->b, bl->rows, bl->nrows);
	range(s->t, bl, &lo, &hi);
	sbuf_adds(b, "\n# the chance of converting at each total\n");
	tune_write_probability(b, &bl->b, lo, hi);
}

/* grades: cut-offs on the totals (one block) or on the chances. */
static void
grades(tune_stage *s, const block *bls, size_t nb, size_t nlab)
{
	double *v = xcalloc(nlab + 1, sizeof *v);
	unsigned char *y = xcalloc(nlab + 1, 1);
	size_t n = 0;
	tune_grade g[4];

	for (size_t k = 0; k < nb; k++)
		for (size_t i = 0; i < bls[k].nrows; i++) {
			size_t r = bls[k].rows[i];
			double tot = (double)tune_block_total(&bls[k].b, s->t,
			    r);
			if (s->o->segment != NULL)	/* as lead-score writes */
				tot = round(1e4 * tune_chance(
				    bls[k].b.cal_alpha, bls[k].b.cal_beta,
				    tot)) / 1e4;
			v[n] = tot;
			y[n++] = s->t->label[r] == 1;
		}
	size_t ng = tune_grades(v, y, n, g);
	sbuf_adds(&s->out, "\n# grades, on the labelled leads:\n");
	tune_write_grades(&s->out, s->o->segment != NULL ?
	    "score_probability" : "score", g, ng);
	free(v);
	free(y);
}

static void
learn(tune_stage *s, size_t *rows, size_t nlab)
{
	const tune_opts *o = s->o;
	size_t *train, *held, ntrain, nheld;
	bool *skip = skipped(s);

	split(s, rows, nlab, &train, &ntrain, &held, &nheld);
	if (!both_outcomes(s->t, held, nheld, 1) ||
	    !both_outcomes(s->t, train, ntrain, 1))
		cli_die(LK_EXIT_DATA, "the held-out part or the rest has one "
		    "outcome only: too few leads of one outcome");
	double avg = rate(s->t, rows, nlab);
	cli_warn("%zu labelled leads, %.1f%% converted: %zu to learn from, "
	    "%zu held out", nlab, 100 * avg, ntrain, nheld);
	/* the leakage check, on candidates from the training rows (at
	 * most TUNE_LEARN_MAX of them: the first, for speed) */
	tune_feats all;
	tune_feats_build(&all, s->t, train, ntrain < TUNE_LEARN_MAX ? ntrain :
	    TUNE_LEARN_MAX, skip);
	tune_leak_check(s->t, &all, skip, train, ntrain, held, nheld);
	size_t ncand = all.n;
	tune_feats_free(&all);

	block *bls, one = { 0 };
	size_t nb = 1;
	if (o->segment != NULL) {
		bls = segments(s, train, ntrain, held, nheld, &nb);
	} else {
		bls = &one;
		block_rows(s, &one, train, ntrain, held, nheld, NULL);
	}
	tune_fit_opts fo = { o->max_rules, TUNE_MAX_POINTS, o->seed, skip,
	    true };
	for (size_t k = 0; k < nb; k++)
		tune_fit(&bls[k].b, s->t, bls[k].train, bls[k].ntrain,
		    bls[k].held, bls[k].nheld, &fo);
	header(s, nlab, avg, ntrain, nheld, bls, nb);
	for (size_t k = 0; k < nb; k++)
		write_block(s, &bls[k]);
	grades(s, bls, nb, nlab);

	cli_warn("held out %-17s AUC    95%% interval  log loss  top decile "
	    "(average %.1f%%)", "", 100 * rate(s->t, held, nheld));
	sbuf what = SBUF_INIT;
	for (size_t k = 0; k < nb; k++) {
		sbuf_reset(&what);
		if (o->segment != NULL)
			sbuf_addf(&what, "%s: ", bls[k].value != NULL ?
			    bls[k].value : "rest");
		sbuf_addf(&what, "model, %zu rules", bls[k].nrules);
		figure(s, what.p, &bls[k].b.eval);
		sbuf_reset(&what);
		if (o->segment != NULL)
			sbuf_addf(&what, "%s: ", bls[k].value != NULL ?
			    bls[k].value : "rest");
		sbuf_addf(&what, "logistic, %zu", bls[k].b.fs.n);
		figure(s, what.p, &bls[k].b.logreg);
	}
	if (o->segment != NULL) {	/* all segments: by the chance */
		double *p = xcalloc(nheld + 1, sizeof *p);
		double *pt = xcalloc(nheld + 1, sizeof *pt);
		unsigned char *y = xcalloc(nheld + 1, 1);
		size_t n = 0;
		for (size_t k = 0; k < nb; k++)
			for (size_t i = 0; i < bls[k].nheld; i++) {
				const tune_block *b = &bls[k].b;
				/* ranked as lead-score writes it; the log
				 * loss of the training rows' chance */
				p[n] = round(1e4 * b->held_p[i]) / 1e4;
				pt[n] = tune_chance(b->model.alpha,
				    b->model.beta, b->held_total[i]);
				y[n++] = s->t->label[bls[k].held[i]] == 1;
			}
		tune_eval e;
		tune_measure(&e, p, pt, y, n, o->seed);
		figure(s, "model, all segments", &e);
		free(p);
		free(pt);
		free(y);
	}
	if (s->old != NULL)
		compare(s, held, nheld);
	(void)ncand;
	sbuf_free(&what);
	for (size_t k = 0; k < nb; k++) {
		tune_block_free(&bls[k].b);
		free(bls[k].train);
		free(bls[k].held);
		free(bls[k].rows);
	}
	if (bls != &one)
		free(bls);
	free(train);
	free(held);
	free(skip);
}

static void
finish(stage *st)
{
	tune_stage *s = (tune_stage *)st;
	const tune_table *t = s->t;
	size_t nlab = 0, pos = 0;

	if (st->label != NULL)	/* in a chain: messages name lead-tune */
		cli_set_progname(st->label);

	if (!t->saw_label)
		cli_die(LK_EXIT_DATA, "no field %s in the input: name the 0/1 "
		    "column of the outcome with --label FIELD", s->o->label);
	size_t *rows = xreallocarray(NULL, t->nrows + 1, sizeof *rows);
	for (size_t r = 0; r < t->nrows; r++)
		if (t->label[r] >= 0) {
			rows[nlab++] = r;
			pos += t->label[r] == 1;
		}
	if (nlab < TUNE_MIN_LEADS)
		cli_die(LK_EXIT_DATA, "too few labelled leads to learn from: "
		    "%zu (at least %d)", nlab, TUNE_MIN_LEADS);
	if (pos == 0 || pos == nlab)
		cli_die(LK_EXIT_DATA, "every labelled lead has %s %d: nothing "
		    "to learn from one outcome", s->o->label, pos ? 1 : 0);
	if (pos < TUNE_MIN_CLASS || nlab - pos < TUNE_MIN_CLASS)
		cli_die(LK_EXIT_DATA, "too few leads of one outcome: %zu "
		    "converted, %zu not (at least %d of each)", pos,
		    nlab - pos, TUNE_MIN_CLASS);
	if (t->nrows > nlab)
		cli_warn("%zu leads without %s (not decided yet) are not "
		    "learned from", t->nrows - nlab, s->o->label);
	if (s->o->segment != NULL &&
	    (s->seg_col = tune_table_col(t, s->o->segment)) < 0)
		cli_die(LK_EXIT_DATA, "--segment: no field %s in the input",
		    s->o->segment);
	if (s->o->holdout_by != NULL &&
	    tune_table_col(t, s->o->holdout_by) < 0)
		cli_die(LK_EXIT_DATA, "--holdout-by: no field %s in the input",
		    s->o->holdout_by);
	learn(s, rows, nlab);
	free(rows);
	stage_print(st, false, s->out.p, s->out.n);
}

static void
free_stage(stage *st)
{
	tune_stage *s = (tune_stage *)st;

	tune_table_free(s->t);
	scoring_ctx_free(s->octx);
	scoring_free(s->old);
	sbuf_free(&s->out);
	sbuf_free(&s->msg);
	free(s);
}

static const stage_vt tune_vt = {
	.name = "tune",
	.take = take,
	.finish = finish,
	.free = free_stage,
};

stage *
tune_new(const tune_opts *o)
{
	tune_stage *s = xcalloc(1, sizeof *s);

	s->st.vt = &tune_vt;
	s->o = o;
	s->seg_col = -1;
	if (o->compare != NULL) {
		sbuf path = SBUF_INIT, err = SBUF_INIT;
		s->old = scoring_load(rules_path(&path, o->compare, "scoring"),
		    &err);
		if (s->old == NULL)
			cli_die(LK_EXIT_DATA, "--compare: %s", err.p);
		s->octx = scoring_ctx_new(s->old, o->as_of);
		sbuf_free(&path);
		sbuf_free(&err);
	}
	s->t = tune_table_new(o->label, o->holdout_by, s->old != NULL,
	    o->as_of);
	return &s->st;
}
