/* design.h - the rows the learner sees: which candidates hold, and labels
 *
 * One bit set a candidate (features.h) over the rows, so that the learner
 * goes over the rows a condition holds for at the cost of those rows and
 * one word per 64 rows.  Memory: candidates x rows / 8 bytes (400
 * candidates of 200000 rows: 10 MB).
 */
#ifndef LK_TUNE_DESIGN_H
#define LK_TUNE_DESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "tune/features.h"
#include "tune/table.h"

typedef struct tune_design {
	size_t n;		/* rows */
	size_t nfeat;
	size_t words;		/* per bit set: (n + 63) / 64 */
	uint64_t *bits;		/* feature j: bits + j * words */
	size_t *count;		/* rows each feature holds for */
	unsigned char *y;	/* 0 or 1 */
	size_t pos;		/* rows with y 1 */
} tune_design;

/* tune_design_new: fs over t's rows[0..n) (their labels must be 0 or 1). */
tune_design *tune_design_new(const tune_table *t, const tune_feats *fs,
    const size_t *rows, size_t n);
void tune_design_free(tune_design *d);

static inline const uint64_t *
tune_design_bits(const tune_design *d, size_t j)
{
	return d->bits + j * d->words;
}

/* TUNE_EACH_ROW(d, j, i): a loop over the rows i feature j holds for. */
#define TUNE_EACH_ROW(d, j, i) \
	for (size_t tw_ = 0, tn_ = (d)->words; tw_ < tn_; tw_++) \
		for (uint64_t tb_ = tune_design_bits((d), (j))[tw_]; tb_ != 0; \
		    tb_ &= tb_ - 1) \
			for (size_t i = tw_ * 64 + (size_t)__builtin_ctzll(tb_), \
			    tk_ = 1; tk_; tk_ = 0)

/* tune_design_scores: out[i] = sum of pts[f] over the features feat[0..k)
 * that hold for row i. */
void tune_design_scores(const tune_design *d, const size_t *feat,
    const double *pts, size_t k, double *out);

#endif
