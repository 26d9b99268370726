/* integer.h - from a real-valued sparse model to integer points
 *
 * FasterRisk's way, not a rounded regression: the coefficients w are
 * scaled by a common multiplier M (the "star ray"), so that the largest
 * one becomes from 1 to maxpts points, and rounded; each of those
 * integer vectors is then improved by moving one point at a time (a point
 * more or less on one rule, bounded by maxpts) while the loss goes down.
 * The loss of a set of points is the least logistic loss of
 * p = 1 / (1 + e^-(alpha + beta * total)) over alpha and beta (calib.h),
 * so only the ranking the points make and its calibration count, and the
 * best set over all multipliers wins.
 *
 *	w = (1.9, -0.8, 0.45), M = 2.1  ->  points (4, -2, 1)
 */
#ifndef LK_TUNE_INTEGER_H
#define LK_TUNE_INTEGER_H

#include <stddef.h>

#include "tune/design.h"
#include "tune/learn.h"

/* The multipliers tried between the smallest and the largest. */
#define TUNE_MULTIPLIERS 40

/* An integer model. */
typedef struct tune_points {
	size_t k;		/* rules (non-zero points) */
	size_t *feat;		/* their candidates */
	int *pts;		/* their points */
	double alpha, beta;	/* the chance at a total on the rows fitted */
	double loss;
} tune_points;

/* tune_integerize: the integer model of s on d's rows with points in
 * [-maxpts, maxpts].  Rules whose points come out 0 are dropped. */
void tune_integerize(const tune_design *d, const tune_sol *s, int maxpts,
    tune_points *out);
void tune_points_free(tune_points *p);

/* tune_multipliers: the multipliers for coefficients w[0..k): n of them,
 * spread evenly in log scale from the one that makes the largest |w|
 * 1 point (0.5 rounded up) to the one that makes it maxpts, into m[0..n)
 * (n 1 when every w is 0: m[0] = 1).  Returns n. */
size_t tune_multipliers(const double *w, size_t k, int maxpts, double *m,
    size_t n);

#endif
