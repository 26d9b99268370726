/* integer.c - from a real-valued sparse model to integer points */
#include "tune/integer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "tune/calib.h"

size_t
tune_multipliers(const double *w, size_t k, int maxpts, double *m, size_t n)
{
	double a = 0;

	for (size_t j = 0; j < k; j++)
		if (fabs(w[j]) > a)
			a = fabs(w[j]);
	if (a == 0 || n == 0 || maxpts < 1) {
		if (n > 0)
			m[0] = 1;
		return n > 0;
	}
	double lo = 0.5 / a, hi = ((double)maxpts + 0.49) / a;
	if (n == 1) {
		m[0] = hi;
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		m[i] = lo * pow(hi / lo, (double)i / (double)(n - 1));
	return n;
}

/* A set of points being searched, with each row's total. */
typedef struct search {
	const tune_design *d;
	size_t k;
	const size_t *feat;
	int *pts;
	long *total;		/* per row */
	tune_hist h;
	double alpha, beta, loss;
} search;

static void
evaluate(search *s)
{
	s->loss = tune_platt(&s->h, 0, &s->alpha, &s->beta);
}

/* set_points: the totals and histogram for points p. */
static void
set_points(search *s, const int *p)
{
	const tune_design *d = s->d;

	memcpy(s->pts, p, s->k * sizeof *p);
	memset(s->total, 0, d->n * sizeof *s->total);
	for (size_t f = 0; f < s->k; f++)
		if (p[f] != 0)
			TUNE_EACH_ROW(d, s->feat[f], i)
				s->total[i] += p[f];
	memset(s->h.n, 0, (size_t)(s->h.hi - s->h.lo + 1) * sizeof *s->h.n);
	memset(s->h.pos, 0, (size_t)(s->h.hi - s->h.lo + 1) *
	    sizeof *s->h.pos);
	for (size_t i = 0; i < d->n; i++)
		tune_hist_add(&s->h, s->total[i], d->y[i], 1);
	evaluate(s);
}

/* move: rule f gets delta more points (totals and histogram follow). */
static void
move(search *s, size_t f, int delta)
{
	const tune_design *d = s->d;

	TUNE_EACH_ROW(d, s->feat[f], i) {
		tune_hist_add(&s->h, s->total[i], d->y[i], -1);
		s->total[i] += delta;
		tune_hist_add(&s->h, s->total[i], d->y[i], 1);
	}
	s->pts[f] += delta;
}

/* improve: one point at a time while the loss goes down. */
static void
improve(search *s, int maxpts)
{
	for (int pass = 0; pass < 20; pass++) {
		bool better = false;
		for (size_t f = 0; f < s->k; f++)
			for (int delta = -1; delta <= 1; delta += 2) {
				if (abs(s->pts[f] + delta) > maxpts)
					continue;
				double was = s->loss, a = s->alpha,
				    b = s->beta;
				move(s, f, delta);
				evaluate(s);
				if (s->loss < was - 1e-9) {
					better = true;
					break;
				}
				move(s, f, -delta);
				s->loss = was;
				s->alpha = a;
				s->beta = b;
			}
		if (!better)
			break;
	}
}

void
tune_integerize(const tune_design *d, const tune_sol *sol, int maxpts,
    tune_points *out)
{
	search s = { d, sol->k, sol->feat, NULL, NULL, { 0 }, 0, 0, 0 };
	double m[TUNE_MULTIPLIERS];
	size_t nm = tune_multipliers(sol->w, sol->k, maxpts, m,
	    TUNE_MULTIPLIERS);
	long range = (long)maxpts * (long)(sol->k ? sol->k : 1);
	int *p = xcalloc(sol->k + 1, sizeof *p), *best = xcalloc(sol->k + 1,
	    sizeof *best);
	double best_loss = INFINITY;

	s.pts = xcalloc(sol->k + 1, sizeof *s.pts);
	s.total = xcalloc(d->n + 1, sizeof *s.total);
	tune_hist_init(&s.h, -range, range);
	/* the rounded vector of each multiplier; the best few improved */
	double loss_of[TUNE_MULTIPLIERS];
	for (size_t i = 0; i < nm; i++) {
		for (size_t f = 0; f < sol->k; f++) {
			long v = lround(sol->w[f] * m[i]);
			p[f] = (int)(v > maxpts ? maxpts : v < -maxpts ?
			    -maxpts : v);
		}
		set_points(&s, p);
		loss_of[i] = s.loss;
	}
	for (int round = 0; round < 3; round++) {
		size_t at = nm;
		for (size_t i = 0; i < nm; i++)	/* the best left */
			if (loss_of[i] < INFINITY && (at == nm ||
			    loss_of[i] < loss_of[at]))
				at = i;
		if (at == nm)
			break;
		loss_of[at] = INFINITY;
		for (size_t f = 0; f < sol->k; f++) {
			long v = lround(sol->w[f] * m[at]);
			p[f] = (int)(v > maxpts ? maxpts : v < -maxpts ?
			    -maxpts : v);
		}
		set_points(&s, p);
		improve(&s, maxpts);
		if (s.loss < best_loss) {
			best_loss = s.loss;
			memcpy(best, s.pts, sol->k * sizeof *best);
		}
	}
	/* the model: the rules with points */
	memset(out, 0, sizeof *out);
	out->feat = xcalloc(sol->k + 1, sizeof *out->feat);
	out->pts = xcalloc(sol->k + 1, sizeof *out->pts);
	for (size_t f = 0; f < sol->k; f++)
		if (best[f] != 0) {
			out->feat[out->k] = sol->feat[f];
			out->pts[out->k++] = best[f];
		}
	set_points(&s, best);
	out->alpha = s.alpha;
	out->beta = s.beta;
	out->loss = s.loss;
	tune_hist_free(&s.h);
	free(s.pts);
	free(s.total);
	free(p);
	free(best);
}

void
tune_points_free(tune_points *p)
{
	free(p->feat);
	free(p->pts);
	p->feat = NULL;
	p->pts = NULL;
	p->k = 0;
}
