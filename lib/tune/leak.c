/* leak.c - fields that give the outcome away */
#include "tune/leak.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/sbuf.h"
#include "base/strset.h"
#include "base/xmem.h"
#include "io/cli.h"
#include "tune/metrics.h"

/* name_key: a field name as sales-fields.txt compares it: case folded,
 * without spaces and _ - . */
static void
name_key(sbuf *out, const char *s, size_t n)
{
	size_t start = out->n;

	fold_case(out, s, n);
	size_t k = start;
	for (size_t i = start; i < out->n; i++)
		if (out->p[i] != ' ' && out->p[i] != '_' && out->p[i] != '-' &&
		    out->p[i] != '.')
			out->p[k++] = out->p[i];
	out->n = k;
	out->p[k] = '\0';
}

/* bin: row's band (a number: below how many cuts; 0 missing, 1 not a
 * number) or value id. */
static size_t
bin(const tune_table *t, size_t c, const double *cuts, size_t ncuts,
    size_t row)
{
	const tune_col *col = &t->cols[c];

	if (ncuts == 0)
		return col->id[row];
	if (col->id[row] == TUNE_MISSING)
		return 0;
	double v = col->num[row];
	if (isnan(v))
		return 1;
	size_t k = 0;
	while (k < ncuts && v >= cuts[k])
		k++;
	return 2 + k;
}

/* alone: the held-out AUC of column c by itself. */
static double
alone(const tune_table *t, const tune_feats *fs, size_t c,
    const size_t *train, size_t ntrain, const size_t *held, size_t nheld)
{
	double *cuts = xcalloc(fs->n + 1, sizeof *cuts);
	size_t ncuts = 0;
	double prior = 0;

	for (size_t j = 0; j < fs->n; j++)
		if (fs->f[j].col == c && fs->f[j].kind == TUNE_GE)
			cuts[ncuts++] = fs->f[j].cut;
	size_t nbins = ncuts > 0 ? ncuts + 3 : t->cols[c].nvals + TUNE_FIRST;
	double *n = xcalloc(nbins, sizeof *n), *pos = xcalloc(nbins,
	    sizeof *pos);
	for (size_t i = 0; i < ntrain; i++) {
		size_t b = bin(t, c, cuts, ncuts, train[i]);
		n[b]++;
		pos[b] += t->label[train[i]] == 1;
		prior += t->label[train[i]] == 1;
	}
	prior /= ntrain > 0 ? (double)ntrain : 1;
	/* the held-out leads per bin: the AUC of the bins' rates */
	double *hn = xcalloc(nbins, sizeof *hn), *hp = xcalloc(nbins,
	    sizeof *hp);
	for (size_t i = 0; i < nheld; i++) {
		size_t b = bin(t, c, cuts, ncuts, held[i]);
		hn[b]++;
		hp[b] += t->label[held[i]] == 1;
	}
	double *score = xcalloc(nbins, sizeof *score);
	unsigned char *y = xcalloc(2 * nbins, 1);
	double *sc2 = xcalloc(2 * nbins, sizeof *sc2);
	double *w = xcalloc(2 * nbins, sizeof *w);
	for (size_t b = 0; b < nbins; b++) {
		score[b] = (pos[b] + prior) / (n[b] + 1);
		sc2[2 * b] = sc2[2 * b + 1] = score[b];
		y[2 * b] = 1;
		w[2 * b] = hp[b];
		w[2 * b + 1] = hn[b] - hp[b];
	}
	tune_ranking r;
	tune_ranking_init(&r, sc2, y, 2 * nbins);
	double auc = tune_auc_weighted(&r, w);
	tune_ranking_free(&r);
	free(cuts);
	free(n);
	free(pos);
	free(hn);
	free(hp);
	free(score);
	free(y);
	free(sc2);
	free(w);
	return auc;
}

size_t
tune_leak_check(const tune_table *t, const tune_feats *fs, const bool *skip,
    const size_t *train, size_t ntrain, const size_t *held, size_t nheld)
{
	size_t warned = 0;
	strset *sales = cli_share_list(TUNE_SALES_FIELDS, name_key);
	sbuf key = SBUF_INIT;

	for (size_t c = 0; c < t->ncols; c++) {
		bool has = false;
		for (size_t j = 0; j < fs->n && !has; j++)
			has = fs->f[j].col == c;
		if (skip[c] || t->cols[c].nested)
			continue;
		const char *name = t->cols[c].name;
		sbuf_reset(&key);
		name_key(&key, name, strlen(name));
		if (t->cols[c].filled > 0 && strset_has(sales, key.p, key.n)) {
			cli_warn("warning: %s is a field sales fill in after "
			    "they acted (%s): --exclude '%s' to leave it out",
			    name, TUNE_SALES_FIELDS, name);
			warned++;
			continue;
		}
		double undecided = 0, filled_und = 0, filled = 0,
		    filled_conv = 0;
		for (size_t r = 0; r < t->nrows; r++) {
			bool f = t->cols[c].id[r] != TUNE_MISSING;
			if (t->label[r] < 0) {
				undecided++;
				filled_und += f;
			} else if (f) {
				filled++;
				filled_conv += t->label[r] == 1;
			}
		}
		if (undecided >= 10 && filled_und == 0 && filled >= 10) {
			cli_warn("warning: %s is filled only for leads with an "
			    "outcome: filled in after sales acted? (--exclude "
			    "'%s' to leave it out)", name, name);
			warned++;
			continue;
		}
		if (filled >= 10 && filled_conv == filled) {
			cli_warn("warning: %s is filled only for converted "
			    "leads: filled in after sales acted? (--exclude "
			    "'%s' to leave it out)", name, name);
			warned++;
			continue;
		}
		double auc = has ? alone(t, fs, c, train, ntrain, held,
		    nheld) : 0;
		if (auc >= TUNE_LEAK_AUC) {
			cli_warn("warning: %s alone ranks the held-out leads "
			    "with AUC %.3f: filled in after sales acted? "
			    "(--exclude '%s' to leave it out)", name, auc,
			    name);
			warned++;
		}
	}
	sbuf_free(&key);
	strset_free(sales);
	return warned;
}
