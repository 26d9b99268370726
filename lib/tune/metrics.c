/* metrics.c - how well a score ranks leads whose outcome is known */
#include "tune/metrics.h"

#include <math.h>
#include <stdlib.h>

#include "base/strset.h"
#include "base/xmem.h"

uint64_t
tune_rand(uint64_t *state)
{
	return strset_mix(*state += 0x9e3779b97f4a7c15ULL);	/* splitmix64 */
}

static const double *sort_key;

static int
cmp_row(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double u = sort_key[x], v = sort_key[y];

	if (u != v)
		return u < v ? -1 : 1;
	return (x > y) - (x < y);
}

void
tune_ranking_init(tune_ranking *r, const double *score,
    const unsigned char *y, size_t n)
{
	r->n = n;
	r->score = score;
	r->y = y;
	r->order = xreallocarray(NULL, n ? n : 1, sizeof *r->order);
	for (size_t i = 0; i < n; i++)
		r->order[i] = i;
	sort_key = score;
	qsort(r->order, n, sizeof *r->order, cmp_row);
}

void
tune_ranking_free(tune_ranking *r)
{
	free(r->order);
	r->order = NULL;
}

double
tune_auc_weighted(const tune_ranking *r, const double *weight)
{
	double below = 0, pairs = 0, pos = 0, neg = 0;
	size_t i = 0;

	/* each group of tied scores: its converted leads beat the other
	 * leads below the group, and half of those in it */
	while (i < r->n) {
		size_t j = i;
		double gp = 0, gn = 0;
		while (j < r->n && r->score[r->order[j]] ==
		    r->score[r->order[i]]) {
			size_t row = r->order[j];
			double w = weight != NULL ? weight[row] : 1;
			if (r->y[row])
				gp += w;
			else
				gn += w;
			j++;
		}
		pairs += gp * (below + gn / 2);
		below += gn;
		pos += gp;
		neg += gn;
		i = j;
	}
	if (pos == 0 || neg == 0)
		return NAN;
	return pairs / (pos * neg);
}

double
tune_auc(const double *score, const unsigned char *y, size_t n)
{
	tune_ranking r;

	tune_ranking_init(&r, score, y, n);
	double auc = tune_auc_weighted(&r, NULL);
	tune_ranking_free(&r);
	return auc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
tune_auc_interval(const tune_ranking *r, int reps, uint64_t seed,
    double *lo, double *hi)
{
	double *w = xcalloc(r->n + 1, sizeof *w);
	double *aucs = xcalloc((size_t)reps + 1, sizeof *aucs);
	uint64_t st = seed;
	int got = 0;

	*lo = *hi = NAN;
	if (r->n == 0) {
		free(w);
		free(aucs);
		return;
	}
	for (int b = 0; b < reps; b++) {
		for (size_t i = 0; i < r->n; i++)
			w[i] = 0;
		for (size_t i = 0; i < r->n; i++)
			w[tune_rand(&st) % r->n] += 1;
		double a = tune_auc_weighted(r, w);
		if (!isnan(a))
			aucs[got++] = a;
	}
	if (got > 0) {
		qsort(aucs, (size_t)got, sizeof *aucs, cmp_double);
		*lo = aucs[(size_t)(0.025 * (got - 1) + 0.5)];
		*hi = aucs[(size_t)(0.975 * (got - 1) + 0.5)];
	}
	free(w);
	free(aucs);
}

double
tune_logloss(const double *p, const unsigned char *y, size_t n)
{
	double l = 0;

	for (size_t i = 0; i < n; i++) {
		double q = p[i] < 1e-6 ? 1e-6 : p[i] > 1 - 1e-6 ? 1 - 1e-6 :
		    p[i];
		l -= y[i] ? log(q) : log(1 - q);
	}
	return n > 0 ? l / (double)n : NAN;
}

double
tune_top_decile(const tune_ranking *r)
{
	double want = (double)r->n / 10, took = 0, conv = 0;
	size_t i = r->n;

	if (r->n == 0)
		return NAN;
	while (i > 0 && took < want) {
		size_t j = i;
		double gn = 0, gp = 0;
		while (j > 0 && r->score[r->order[j - 1]] ==
		    r->score[r->order[i - 1]]) {
			gn++;
			gp += r->y[r->order[j - 1]];
			j--;
		}
		double share = took + gn <= want ? 1 : (want - took) / gn;
		took += gn * share;
		conv += gp * share;
		i = j;
	}
	return took > 0 ? conv / took : NAN;
}
