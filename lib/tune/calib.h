/* calib.h - the chance of converting at each total of points (Platt)
 *
 * Leads are counted per total (a histogram: leads and converted leads at
 * each integer total from lo to hi); the chance at total s is
 *
 *	p(s) = 1 / (1 + e^-(alpha + beta s))
 *
 * with alpha and beta of least logistic loss over the histogram (Newton's
 * method on the two of them).  On the training rows this is how good a
 * set of points is (integer.h); on the held-out rows it is the table the
 * model file gives lead-score.
 */
#ifndef LK_TUNE_CALIB_H
#define LK_TUNE_CALIB_H

#include <stddef.h>

typedef struct tune_hist {
	long lo, hi;		/* totals from lo to hi */
	double *n, *pos;	/* per total: leads, converted leads */
} tune_hist;

/* tune_hist_init: an empty histogram for totals lo..hi. */
void tune_hist_init(tune_hist *h, long lo, long hi);
void tune_hist_free(tune_hist *h);
/* tune_hist_add: count a lead of total s (lo <= s <= hi) and label y,
 * weight w (-1 takes one away). */
static inline void
tune_hist_add(tune_hist *h, long s, int y, double w)
{
	h->n[s - h->lo] += w;
	if (y)
		h->pos[s - h->lo] += w;
}

/* tune_platt: fit alpha and beta on h; returns the loss (sum over the
 * leads), or 0 for an empty histogram.  With ridge > 0 the fit is pulled
 * towards alpha = logit(rate), beta = 0 by that weight (for small
 * held-out parts). */
double tune_platt(const tune_hist *h, double ridge, double *alpha,
    double *beta);

#endif
