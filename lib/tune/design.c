/* design.c - the rows the learner sees: which candidates hold, and labels */
#include "tune/design.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

tune_design *
tune_design_new(const tune_table *t, const tune_feats *fs, const size_t *rows,
    size_t n)
{
	tune_design *d = xcalloc(1, sizeof *d);

	d->n = n;
	d->nfeat = fs->n;
	d->words = (n + 63) / 64;
	d->bits = xcalloc(fs->n * d->words + 1, sizeof *d->bits);
	d->count = xcalloc(fs->n + 1, sizeof *d->count);
	d->y = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++) {
		d->y[i] = t->label[rows[i]] == 1;
		d->pos += d->y[i];
	}
	for (size_t j = 0; j < fs->n; j++) {
		uint64_t *b = d->bits + j * d->words;
		for (size_t i = 0; i < n; i++)
			if (tune_feat_holds(t, &fs->f[j], rows[i])) {
				b[i / 64] |= (uint64_t)1 << (i % 64);
				d->count[j]++;
			}
	}
	return d;
}

void
tune_design_free(tune_design *d)
{
	if (d == NULL)
		return;
	free(d->bits);
	free(d->count);
	free(d->y);
	free(d);
}

void
tune_design_scores(const tune_design *d, const size_t *feat,
    const double *pts, size_t k, double *out)
{
	memset(out, 0, d->n * sizeof *out);
	for (size_t f = 0; f < k; f++)
		TUNE_EACH_ROW(d, feat[f], i)
			out[i] += pts[f];
}
