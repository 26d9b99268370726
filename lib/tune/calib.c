/* calib.c - the chance of converting at each total of points (Platt) */
#include "tune/calib.h"

#include <math.h>
#include <stdlib.h>

#include "base/xmem.h"
#include "tune/learn.h"

void
tune_hist_init(tune_hist *h, long lo, long hi)
{
	h->lo = lo;
	h->hi = hi;
	h->n = xcalloc((size_t)(hi - lo + 1), sizeof *h->n);
	h->pos = xcalloc((size_t)(hi - lo + 1), sizeof *h->pos);
}

void
tune_hist_free(tune_hist *h)
{
	free(h->n);
	free(h->pos);
	h->n = h->pos = NULL;
}

/* loss: of alpha, beta over h (with the ridge's term). */
static double
loss(const tune_hist *h, double a, double b, double ridge, double a0)
{
	double l = 0;

	for (long s = h->lo; s <= h->hi; s++) {
		double n = h->n[s - h->lo], pos = h->pos[s - h->lo];
		if (n <= 0)
			continue;
		double z = a + b * (double)s;
		l += pos * tune_logloss1(z, 1) + (n - pos) *
		    tune_logloss1(z, 0);
	}
	return l + ridge / 2 * ((a - a0) * (a - a0) + b * b);
}

double
tune_platt(const tune_hist *h, double ridge, double *alpha, double *beta)
{
	double tn = 0, tp = 0;

	for (long s = h->lo; s <= h->hi; s++) {
		tn += h->n[s - h->lo];
		tp += h->pos[s - h->lo];
	}
	if (tn <= 0) {
		*alpha = *beta = 0;
		return 0;
	}
	double rate = (tp + 0.5) / (tn + 1);
	double a0 = log(rate / (1 - rate)), a = a0, b = 0;
	double cur = loss(h, a, b, ridge, a0);
	for (int it = 0; it < 100; it++) {
		double ga = ridge * (a - a0), gb = ridge * b;
		double haa = ridge + 1e-9, hab = 0, hbb = ridge + 1e-9;
		for (long s = h->lo; s <= h->hi; s++) {
			double n = h->n[s - h->lo], pos = h->pos[s - h->lo];
			if (n <= 0)
				continue;
			double z = a + b * (double)s;
			double p = z >= 0 ? 1 / (1 + exp(-z)) :
			    exp(z) / (1 + exp(z));
			double g = n * p - pos, w = n * p * (1 - p);
			ga += g;
			gb += g * (double)s;
			haa += w;
			hab += w * (double)s;
			hbb += w * (double)s * (double)s;
		}
		double det = haa * hbb - hab * hab;
		if (!(det > 0))
			break;
		double da = -(hbb * ga - hab * gb) / det;
		double db = -(haa * gb - hab * ga) / det;
		/* halve the step until the loss goes down */
		double t = 1, next = cur;
		for (int k = 0; k < 30; k++, t /= 2) {
			next = loss(h, a + t * da, b + t * db, ridge, a0);
			if (next <= cur)
				break;
		}
		if (!(next <= cur))
			break;
		a += t * da;
		b += t * db;
		double gain = cur - next;
		cur = next;
		if (gain < 1e-10 * (1 + cur))
			break;
	}
	*alpha = a;
	*beta = b;
	return loss(h, a, b, 0, a0);
}
