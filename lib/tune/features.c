/* features.c - the candidate conditions lead-tune chooses its rules from */
#include "tune/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "tune/lang.h"

static void
add(tune_feats *fs, tune_feat f)
{
	fs->f = xreallocarray(fs->f, fs->n + 1, sizeof *fs->f);
	fs->f[fs->n++] = f;
}

void
tune_feats_free(tune_feats *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		free(fs->f[i].in);
	free(fs->f);
	fs->f = NULL;
	fs->n = 0;
}

bool
tune_feat_numeric(const tune_table *t, size_t c)
{
	const tune_col *col = &t->cols[c];

	return col->num != NULL && col->numbers >= 3 &&
	    col->numbers >= 0.95 * (double)col->filled;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* numeric: the cut points of column c; false when it is id-like. */
static bool
numeric(tune_feats *fs, const tune_table *t, size_t c, const size_t *rows,
    size_t n, size_t minsup)
{
	const double *num = t->cols[c].num;
	double *v = xreallocarray(NULL, n ? n : 1, sizeof *v);
	size_t m = 0, distinct = 0;
	bool whole = true;

	for (size_t i = 0; i < n; i++)
		if (!isnan(num[rows[i]])) {
			v[m++] = num[rows[i]];
			if (v[m - 1] != floor(v[m - 1]))
				whole = false;
		}
	qsort(v, m, sizeof *v, cmp_double);
	for (size_t i = 0; i < m; i++)
		if (i == 0 || v[i] != v[i - 1])
			distinct++;
	if (whole && m >= 20 && distinct >= 0.95 * (double)m) {
		free(v);
		return false;
	}
	double last = m > 0 ? v[0] : 0;
	for (int q = 0; q < TUNE_QUANTILES && m > 0; q++) {
		double cut;
		size_t at;
		if (q == 0) {	/* just above the smallest value */
			at = 0;
			while (at < m && v[at] == v[0])
				at++;
		} else {
			at = (size_t)((double)q / TUNE_QUANTILES * (double)m);
			while (at > 0 && v[at - 1] == v[at])
				at--;	/* the first row of that value */
		}
		if (at == 0 || at >= m)
			continue;
		cut = v[at];
		if (cut <= last)
			continue;
		/* at rows lie below the cut, m - at at or above it */
		if (at < minsup || m - at < minsup)
			continue;
		last = cut;
		add(fs, (tune_feat){ c, TUNE_GE, 0, cut, NULL, 0 });
	}
	free(v);
	return true;
}

/* A value and its conversion, for ordering. */
typedef struct ranked_value {
	uint16_t id;
	double rate;
} ranked_value;

static int
cmp_rate(const void *a, const void *b)
{
	const ranked_value *x = a, *y = b;

	if (x->rate != y->rate)
		return x->rate > y->rate ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* sets: the sets of the best 2, 3, ... values of column c by conversion
 * on rows (those held by minsup rows), but the set of them all. */
static void
sets(tune_feats *fs, const tune_table *t, size_t c, const size_t *rows,
    size_t n, const size_t *count, size_t minsup)
{
	const tune_col *col = &t->cols[c];
	size_t nv = col->nvals + TUNE_FIRST, m = 0;
	double *pos = xcalloc(nv, sizeof *pos);
	ranked_value *rv = xcalloc(nv, sizeof *rv);

	for (size_t i = 0; i < n; i++)
		pos[col->id[rows[i]]] += t->label[rows[i]] == 1;
	for (size_t v = TUNE_FIRST; v < nv; v++)
		if (count[v] >= minsup)
			rv[m++] = (ranked_value){ (uint16_t)v, pos[v] /
			    (double)count[v] };
	qsort(rv, m, sizeof *rv, cmp_rate);
	size_t held = m > 0 ? count[rv[0].id] : 0, step = 0;
	for (size_t k = 2; k < m; k++) {
		held += count[rv[k - 1].id];
		if (n - held < minsup)
			break;
		/* at most one set a tenth of the rows */
		size_t at = held * TUNE_SETS / n;
		if (at <= step && k > 2)
			continue;
		step = at;
		tune_feat f = { c, TUNE_IN, 0, 0, xcalloc(nv, 1), k };
		for (size_t j = 0; j < k; j++)
			f.in[rv[j].id] = 1;
		add(fs, f);
	}
	free(pos);
	free(rv);
}

/* category: a condition per value of column c held by enough rows;
 * false when c is id-like. */
static bool
category(tune_feats *fs, const tune_table *t, size_t c, const size_t *rows,
    size_t n, size_t minsup)
{
	const tune_col *col = &t->cols[c];
	size_t *count = xcalloc(col->nvals + TUNE_FIRST, sizeof *count);
	size_t filled = 0, distinct = 0;

	for (size_t i = 0; i < n; i++) {
		uint16_t id = col->id[rows[i]];
		if (id != TUNE_MISSING)
			filled++;
		if (count[id]++ == 0 && id != TUNE_MISSING)
			distinct++;
	}
	if (count[TUNE_OTHER] > 0 || (filled >= 20 &&
	    distinct > filled / 2)) {
		free(count);
		return false;
	}
	for (size_t v = TUNE_FIRST; v < col->nvals + TUNE_FIRST; v++)
		if (count[v] >= minsup && n - count[v] >= minsup)
			add(fs, (tune_feat){ c, TUNE_EQ, (uint16_t)v, 0, NULL,
			    0 });
	sets(fs, t, c, rows, n, count, minsup);
	free(count);
	return true;
}

void
tune_feats_build(tune_feats *fs, const tune_table *t, const size_t *rows,
    size_t n, const bool *skip)
{
	size_t minsup = n / 200 > TUNE_MIN_SUPPORT ? n / 200 :
	    TUNE_MIN_SUPPORT;

	fs->f = NULL;
	fs->n = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		const tune_col *col = &t->cols[c];
		if ((skip != NULL && skip[c]) || col->nested ||
		    col->filled == 0 || !tune_lang_name_ok(col->name))
			continue;
		bool used = tune_feat_numeric(t, c) ?
		    numeric(fs, t, c, rows, n, minsup) :
		    category(fs, t, c, rows, n, minsup);
		if (!used)
			continue;
		size_t missing = 0;
		for (size_t i = 0; i < n; i++)
			if (col->id[rows[i]] == TUNE_MISSING)
				missing++;
		if (missing >= minsup && n - missing >= minsup)
			add(fs, (tune_feat){ c, TUNE_ABSENT, 0, 0, NULL, 0 });
	}
}

bool
tune_feat_holds(const tune_table *t, const tune_feat *f, size_t row)
{
	const tune_col *col = &t->cols[f->col];

	switch (f->kind) {
	case TUNE_EQ:
		return col->id[row] == f->val;
	case TUNE_IN:
		return f->in[col->id[row]] != 0;
	case TUNE_GE:
		return col->num != NULL && col->num[row] >= f->cut;
	case TUNE_ABSENT:
		return col->id[row] == TUNE_MISSING;
	}
	return false;
}

void
tune_feat_operand(sbuf *out, const tune_col *col)
{
	if (col->events)
		sbuf_adds(out, col->name);	/* count(...) as it is */
	else
		tune_lang_name(out, col->name);
}

void
tune_feat_cond(sbuf *out, const tune_table *t, const tune_feat *f)
{
	const tune_col *col = &t->cols[f->col];

	tune_feat_operand(out, col);
	switch (f->kind) {
	case TUNE_EQ:
		sbuf_adds(out, " = ");
		tune_lang_string(out, tune_table_value(col, f->val));
		break;
	case TUNE_IN:
		sbuf_adds(out, " in [");
		for (size_t v = 0, k = 0; v < col->nvals + TUNE_FIRST; v++)
			if (f->in[v]) {
				if (k++ > 0)
					sbuf_adds(out, ", ");
				tune_lang_string(out, tune_table_value(col,
				    (uint16_t)v));
			}
		sbuf_addc(out, ']');
		break;
	case TUNE_GE:
		sbuf_adds(out, " >= ");
		tune_lang_number(out, f->cut);
		break;
	case TUNE_ABSENT:
		sbuf_adds(out, " missing");
		break;
	}
}
