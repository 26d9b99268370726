/* write.c - the learned model as a rules file lead-score reads as it is */
#include "tune/write.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "tune/lang.h"

void
tune_pct(sbuf *out, double v)
{
	sbuf_addf(out, "%.1f%%", 100 * v);
}

/* A rule to write: one or more candidates of one column, same points. */
typedef struct line {
	size_t first;		/* index into the model's rules */
	size_t *members;
	size_t nmembers;
	int pts;
} line;

static int
cmp_line(const void *a, const void *b)
{
	const line *x = a, *y = b;

	if (x->pts != y->pts)
		return x->pts > y->pts ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

/* holds: some member of l holds for row. */
static bool
holds(const tune_table *t, const tune_block *b, const line *l, size_t row)
{
	for (size_t m = 0; m < l->nmembers; m++)
		if (tune_feat_holds(t, &b->fs.f[b->model.feat[l->members[m]]],
		    row))
			return true;
	return false;
}

static void
condition(sbuf *out, const tune_table *t, const tune_block *b, const line *l)
{
	const tune_feat *f = &b->fs.f[b->model.feat[l->members[0]]];

	if (l->nmembers == 1) {
		tune_feat_cond(out, t, f);
		return;
	}
	const tune_col *col = &t->cols[f->col];
	tune_feat_operand(out, col);
	sbuf_adds(out, " in [");
	for (size_t m = 0; m < l->nmembers; m++) {
		const tune_feat *g = &b->fs.f[b->model.feat[l->members[m]]];
		if (m > 0)
			sbuf_adds(out, ", ");
		tune_lang_string(out, tune_table_value(col, g->val));
	}
	sbuf_addc(out, ']');
}

size_t
tune_write_rules(sbuf *out, const tune_table *t, const tune_block *b,
    const size_t *rows, size_t n)
{
	size_t k = b->model.k, nl = 0;
	line *ls = xcalloc(k + 1, sizeof *ls);

	/* group: equal points on values of one column */
	for (size_t r = 0; r < k; r++) {
		const tune_feat *f = &b->fs.f[b->model.feat[r]];
		line *into = NULL;
		for (size_t i = 0; i < nl && f->kind == TUNE_EQ; i++) {
			const tune_feat *g = &b->fs.f[b->model.feat[
			    ls[i].members[0]]];
			if (g->kind == TUNE_EQ && g->col == f->col &&
			    ls[i].pts == b->model.pts[r])
				into = &ls[i];
		}
		if (into == NULL) {
			into = &ls[nl++];
			*into = (line){ r, xcalloc(k, sizeof(size_t)), 0,
			    b->model.pts[r] };
		}
		into->members[into->nmembers++] = r;
	}
	qsort(ls, nl, sizeof *ls, cmp_line);
	sbuf_addf(out, "score %s\n", TUNE_SCORE_NAME);
	for (size_t i = 0; i < nl; i++) {
		double sup = 0, conv = 0;
		for (size_t j = 0; j < n; j++)
			if (holds(t, b, &ls[i], rows[j])) {
				sup++;
				conv += t->label[rows[j]] == 1;
			}
		sbuf_addf(out, "    # %.0f leads (", sup);
		tune_pct(out, n > 0 ? sup / (double)n : 0);
		sbuf_adds(out, "), ");
		tune_pct(out, sup > 0 ? conv / sup : 0);
		sbuf_addf(out, " converted: %+d point%s\n", ls[i].pts,
		    abs(ls[i].pts) == 1 ? "" : "s");
		sbuf_addf(out, "    %+d ", ls[i].pts);
		condition(out, t, b, &ls[i]);
		sbuf_addc(out, '\n');
	}
	for (size_t i = 0; i < nl; i++)
		free(ls[i].members);
	free(ls);
	return nl;
}

void
tune_write_probability(sbuf *out, const tune_block *b, long lo, long hi)
{
	for (long s = lo; s <= hi; s++)
		sbuf_addf(out, "probability %ld %.4f\n", s,
		    tune_chance(b->cal_alpha, b->cal_beta, (double)s));
}

void
tune_write_grades(sbuf *out, const char *field, const tune_grade *g,
    size_t ng)
{
	for (size_t k = 0; k < ng; k++) {
		sbuf_addf(out, "#   %c  ", g[k].label);
		if (k + 1 < ng) {
			sbuf_addf(out, "%s >= ", field);
			tune_lang_number(out, g[k].cut);
		} else {
			sbuf_adds(out, "the rest");
		}
		sbuf_adds(out, ": ");
		tune_pct(out, g[k].share);
		sbuf_adds(out, " of the leads, ");
		tune_pct(out, g[k].rate);
		sbuf_adds(out, " converted\n");
	}
	for (size_t k = 0; k < ng; k++) {
		sbuf_adds(out, k == 0 ? "grade " : "    | ");
		sbuf_addc(out, g[k].label);
		if (k + 1 < ng) {
			sbuf_addf(out, " %s >= ", field);
			tune_lang_number(out, g[k].cut);
		}
		sbuf_addc(out, '\n');
	}
}
