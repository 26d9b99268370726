/* fit.h - one scoring block learned: candidates, points, held-out figures
 *
 * tune_fit learns from the training rows and measures on the held-out
 * rows of the same leads (a segment's, or all): the candidates
 * (features.h) from the training rows, the support by beam search
 * (learn.h) on at most TUNE_LEARN_MAX of them (a seeded sample beyond:
 * the search's cost grows with the rows, its answer hardly), the integer
 * points (integer.h), the plain logistic regression on the same
 * candidates as the baseline, and the chance at each total calibrated on
 * the held-out rows (calib.h).
 */
#ifndef LK_TUNE_FIT_H
#define LK_TUNE_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tune/features.h"
#include "tune/integer.h"
#include "tune/table.h"

#define TUNE_LEARN_MAX 100000
#define TUNE_BOOTSTRAP 200

/* Figures of one scorer on the held-out rows. */
typedef struct tune_eval {
	double auc, lo, hi;	/* AUC and its bootstrap 95 % interval */
	double logloss;		/* NAN: the scorer gives no chance */
	double top;		/* conversion in the top decile */
} tune_eval;

typedef struct tune_fit_opts {
	size_t max_rules;
	int max_points;
	uint64_t seed;
	const bool *skip;	/* per column: not a candidate */
	bool baseline;		/* also fit the logistic regression */
} tune_fit_opts;

typedef struct tune_block {
	tune_feats fs;
	tune_points model;
	double cal_alpha, cal_beta;	/* the chance, from the held-out rows */
	size_t ntrain, nheld;
	tune_eval eval, logreg;
	double *held_total;	/* per held-out row: its total */
	double *held_p;		/* per held-out row: calibrated chance */
} tune_block;

/* tune_fit: learn b from train[0..ntrain) and measure it on
 * held[0..nheld) (rows of t, labelled).  Free with tune_block_free. */
void tune_fit(tune_block *b, const tune_table *t, const size_t *train,
    size_t ntrain, const size_t *held, size_t nheld, const tune_fit_opts *o);
void tune_block_free(tune_block *b);

/* tune_measure: e's figures for score[0..n) (p: chances or NULL) against
 * y. */
void tune_measure(tune_eval *e, const double *score, const double *p,
    const unsigned char *y, size_t n, uint64_t seed);

/* tune_block_total: the total of points row of t gets from b. */
long tune_block_total(const tune_block *b, const tune_table *t, size_t row);

/* tune_chance: 1 / (1 + e^-(alpha + beta s)). */
double tune_chance(double alpha, double beta, double s);

#endif
