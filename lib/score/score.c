/* score.c - lead-score as a stage */
#include "score/score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "rules/rules.h"
#include "score/scoring.h"
#include "base/xmem.h"

/* Leads the --diff report lists as moved most. */
#define SCORE_MOVERS 10

typedef struct mover {
	char *who;
	double old, new;
	const char *old_grade, *new_grade;
} mover;

typedef struct score_stage {
	stage st;
	scoring *model, *old;	/* the original owns them; clones borrow */
	bool owner;
	scoring_ctx *ctx, *octx;
	time_t as_of;
	sbuf buf;
	/* --diff */
	unsigned long long leads, changed;
	const char *const *rows, *const *cols;	/* old grades, new grades */
	size_t nrows, ncols;	/* the matrix has one more of each: none */
	unsigned long long *matrix;
	mover top[SCORE_MOVERS];
	size_t ntop;
} score_stage;

/* load: the model name names, or NULL with the message in err. */
static scoring *
load(const char *name, sbuf *err)
{
	sbuf path = SBUF_INIT;
	scoring *m = scoring_load(rules_path(&path, name, "scoring"), err);

	sbuf_free(&path);
	return m;
}

int
score_check(const score_opts *o)
{
	const char *names[] = { o->rules, o->diff };
	sbuf err = SBUF_INIT;
	int status = LK_EXIT_OK;

	for (size_t i = 0; i < 2; i++) {
		scoring *m;
		if (names[i] == NULL)
			continue;
		if ((m = load(names[i], &err)) == NULL) {
			cli_warn("%s", err.p);
			status = LK_EXIT_DATA;
		}
		scoring_free(m);
	}
	sbuf_free(&err);
	return status;
}

/* who: how a lead is named in reports: its id, else file:line; then its
 * name and company when known. */
static void
who(rec *r, sbuf *out, bool full)
{
	const char *id = rec_get(r, "id", NULL);
	const char *name = rec_get(r, "name", NULL);
	const char *first = rec_get(r, "first_name", NULL);
	const char *last = rec_get(r, "last_name", NULL);
	const char *company = rec_get(r, "company", NULL);

	if (id != NULL && *id != '\0')
		sbuf_adds(out, id);
	else
		sbuf_addf(out, "%s:%lu", r->file != NULL ? r->file : "-",
		    r->line);
	if (!full)
		return;
	sbuf ident = SBUF_INIT;
	if (name != NULL && *name != '\0')
		sbuf_adds(&ident, name);
	else if (first != NULL || last != NULL)
		sbuf_addf(&ident, "%s%s%s", first != NULL ? first : "",
		    first != NULL && last != NULL ? " " : "",
		    last != NULL ? last : "");
	if (company != NULL && *company != '\0')
		sbuf_addf(&ident, "%s%s", ident.n > 0 ? ", " : "", company);
	if (ident.n > 0)
		sbuf_addf(out, " (%s)", ident.p);
	sbuf_free(&ident);
}

static void
take_score(stage *st, rec *r)
{
	score_stage *s = (score_stage *)st;

	scoring_run(s->ctx, r);
	stage_emit(st, r);
}

static void
take_explain(stage *st, rec *r)
{
	score_stage *s = (score_stage *)st;

	scoring_run(s->ctx, r);
	sbuf_reset(&s->buf);
	sbuf_adds(&s->buf, "lead ");
	who(r, &s->buf, true);
	sbuf_adds(&s->buf, ": ");
	scoring_number(&s->buf, scoring_total(s->ctx));
	if (scoring_grade(s->ctx) != NULL)
		sbuf_addf(&s->buf, " %s", scoring_grade(s->ctx));
	sbuf_addc(&s->buf, '\n');
	scoring_explain(s->ctx, &s->buf);
	sbuf_addc(&s->buf, '\n');
	stage_print(st, true, s->buf.p, s->buf.n);
}

/* ---- --diff ---- */

/* grade_index: where grade g is among a model's n labels; n: none. */
static size_t
grade_index(const char *const *v, size_t n, const char *g)
{
	size_t i;

	for (i = 0; g != NULL && i < n; i++)
		if (strcmp(v[i], g) == 0)
			break;
	return g == NULL ? n : i;
}

static void
keep_mover(score_stage *s, rec *r, double old, double new,
    const char *og, const char *ng)
{
	double d = fabs(new - old);
	size_t i = s->ntop;

	if (d == 0 || (s->ntop == SCORE_MOVERS &&
	    d <= fabs(s->top[i - 1].new - s->top[i - 1].old)))
		return;
	if (s->ntop == SCORE_MOVERS)
		free(s->top[--i].who);
	else
		s->ntop++;
	/* insertion: keep top[] by falling change, first seen first */
	while (i > 0 && fabs(s->top[i - 1].new - s->top[i - 1].old) < d) {
		s->top[i] = s->top[i - 1];
		i--;
	}
	sbuf_reset(&s->buf);
	who(r, &s->buf, false);
	s->top[i] = (mover){ xstrdup(s->buf.p), old, new, og, ng };
}

static void
take_diff(stage *st, rec *r)
{
	score_stage *s = (score_stage *)st;

	scoring_run(s->octx, r);
	double old = scoring_total(s->octx);
	const char *og = scoring_grade(s->octx);
	scoring_run(s->ctx, r);
	double new = scoring_total(s->ctx);
	const char *ng = scoring_grade(s->ctx);
	s->matrix[grade_index(s->rows, s->nrows, og) * (s->ncols + 1) +
	    grade_index(s->cols, s->ncols, ng)]++;
	s->leads++;
	if ((og == NULL) != (ng == NULL) || (og != NULL && strcmp(og, ng) != 0))
		s->changed++;
	keep_mover(s, r, old, new, og, ng);
	stage_print(st, true, NULL, 0);
}

static void
report(stage *st)
{
	score_stage *s = (score_stage *)st;
	sbuf *b = &s->buf;

	sbuf_reset(b);
	sbuf_addf(b, "leads          %llu\n", s->leads);
	if (s->nrows > 0 && s->ncols > 0) {	/* both models grade */
		sbuf_addf(b, "changed grade  %llu", s->changed);
		if (s->leads > 0)
			sbuf_addf(b, " (%.1f%%)", 100.0 *
			    (double)s->changed / (double)s->leads);
		sbuf_adds(b, "\n\n");
		sbuf_addf(b, "%-12s", "old \\ new");
		for (size_t c = 0; c <= s->ncols; c++)
			sbuf_addf(b, " %8s", c < s->ncols ? s->cols[c] : "-");
		sbuf_addc(b, '\n');
		for (size_t r = 0; r <= s->nrows; r++) {
			sbuf_addf(b, "%-12s", r < s->nrows ? s->rows[r] : "-");
			for (size_t c = 0; c <= s->ncols; c++)
				sbuf_addf(b, " %8llu",
				    s->matrix[r * (s->ncols + 1) + c]);
			sbuf_addc(b, '\n');
		}
	}
	sbuf_addc(b, '\n');
	sbuf_addf(b, "moved most (top %d by change of score):\n",
	    SCORE_MOVERS);
	sbuf_addf(b, "  %-24s %10s %10s %8s\n", "lead", "old", "new",
	    "change");
	for (size_t i = 0; i < s->ntop; i++) {
		const mover *m = &s->top[i];
		sbuf one = SBUF_INIT, two = SBUF_INIT, d = SBUF_INIT;
		scoring_number(&one, m->old);
		sbuf_addf(&one, " %s", m->old_grade != NULL ? m->old_grade :
		    "-");
		scoring_number(&two, m->new);
		sbuf_addf(&two, " %s", m->new_grade != NULL ? m->new_grade :
		    "-");
		if (m->new >= m->old)
			sbuf_addc(&d, '+');
		scoring_number(&d, m->new - m->old);
		sbuf_addf(b, "  %-24s %10s %10s %8s\n", m->who, one.p, two.p,
		    d.p);
		sbuf_free(&one);
		sbuf_free(&two);
		sbuf_free(&d);
	}
	stage_print(st, false, b->p, b->n);
}

/* ---- the stage ---- */

static void
score_free(stage *st)
{
	score_stage *s = (score_stage *)st;

	scoring_ctx_free(s->ctx);
	scoring_ctx_free(s->octx);
	if (s->owner) {
		scoring_free(s->model);
		scoring_free(s->old);
	}
	for (size_t i = 0; i < s->ntop; i++)
		free(s->top[i].who);
	free(s->matrix);
	sbuf_free(&s->buf);
	free(s);
}

static stage *
score_clone(const stage *st)
{
	const score_stage *o = (const score_stage *)st;
	score_stage *s = xcalloc(1, sizeof *s);

	s->st.vt = o->st.vt;
	s->model = o->model;
	s->as_of = o->as_of;
	s->ctx = scoring_ctx_new(s->model, s->as_of);
	return &s->st;
}

static const stage_vt score_vt = {
	.name = "score",
	.take = take_score,
	.free = score_free,
	.clone = score_clone,
};

static const stage_vt explain_vt = {
	.name = "score --explain",
	.take = take_explain,
	.free = score_free,
};

static const stage_vt diff_vt = {
	.name = "score --diff",
	.take = take_diff,
	.finish = report,
	.free = score_free,
};

stage *
score_new(const score_opts *o)
{
	score_stage *s = xcalloc(1, sizeof *s);
	sbuf err = SBUF_INIT;

	if ((s->model = load(o->rules, &err)) == NULL ||
	    (o->diff != NULL && (s->old = load(o->diff, &err)) == NULL))
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&err);
	s->owner = true;
	s->as_of = o->as_of;
	s->ctx = scoring_ctx_new(s->model, o->as_of);
	s->st.vt = o->diff != NULL ? &diff_vt : o->explain ? &explain_vt :
	    &score_vt;
	if (o->diff != NULL) {
		s->octx = scoring_ctx_new(s->old, o->as_of);
		s->rows = scoring_grades(s->old, &s->nrows);
		s->cols = scoring_grades(s->model, &s->ncols);
		s->matrix = xcalloc((s->nrows + 1) * (s->ncols + 1),
		    sizeof *s->matrix);
	}
	if (o->diff == NULL && !o->explain)
		s->st.fields = scoring_fields(s->model);
	return &s->st;
}
