/* learn.h - sparse logistic models over the candidates: the beam search
 * of FasterRisk, and coordinate descent
 *
 * The loss is the logistic loss, summed over the rows:
 *
 *	L(b, w) = sum_i log(1 + e^m_i) - y_i m_i,  m_i = b + sum_j w_j x_ij
 *
 * plus lambda/2 |w|^2.  tune_learn_beam finds a support of at most k
 * candidates the way FasterRisk does (Liu et al., NeurIPS 2022): start
 * from the intercept alone; at each step, for each of the `beam` best
 * supports so far, rank the candidates outside it by the size of their
 * gradient, fit the best few one at a time (the others fixed), keep the
 * `beam` best supports one larger, and fine-tune each by coordinate
 * descent on all of its coefficients.  Coefficients stay within
 * [-TUNE_WMAX, TUNE_WMAX] (a condition that holds only for converted
 * leads would otherwise run off).  The integer points come after
 * (integer.h); nothing here is rounded.
 */
#ifndef LK_TUNE_LEARN_H
#define LK_TUNE_LEARN_H

#include <stddef.h>

#include "tune/design.h"

#define TUNE_WMAX 6.0

/* A real-valued sparse model. */
typedef struct tune_sol {
	size_t k;		/* candidates in the support */
	size_t *feat;		/* their indices, in the order added */
	double *w;		/* their coefficients */
	double b;		/* the intercept */
	double loss;		/* L(b, w) without the penalty */
} tune_sol;

typedef struct tune_learn_opts {
	size_t k;		/* support size wanted (at most) */
	size_t beam;		/* supports kept a step (FasterRisk: 10) */
	size_t tries;		/* candidates fitted per support a step */
	double lambda;		/* L2 penalty on w */
} tune_learn_opts;

/* tune_learn_beam: the beam's supports of size at most o->k, best first,
 * into out[0..*nout) (*nout <= o->beam; each freed with tune_sol_free).
 * Deterministic. */
void tune_learn_beam(const tune_design *d, const tune_learn_opts *o,
    tune_sol *out, size_t *nout);

/* tune_learn_full: every candidate (the plain logistic regression with an
 * L2 penalty lambda), by at most sweeps rounds of coordinate descent. */
void tune_learn_full(const tune_design *d, double lambda, int sweeps,
    tune_sol *out);

void tune_sol_free(tune_sol *s);

/* tune_logloss1: log(1 + e^m) - y m, without overflow. */
double tune_logloss1(double m, int y);

#endif
