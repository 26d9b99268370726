/* fit.c - one scoring block learned: candidates, points, held-out figures */
#include "tune/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "tune/calib.h"
#include "tune/design.h"
#include "tune/learn.h"
#include "tune/metrics.h"

double
tune_chance(double alpha, double beta, double s)
{
	double z = alpha + beta * s;

	return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

void
tune_measure(tune_eval *e, const double *score, const double *p,
    const unsigned char *y, size_t n, uint64_t seed)
{
	tune_ranking r;

	tune_ranking_init(&r, score, y, n);
	e->auc = tune_auc_weighted(&r, NULL);
	tune_auc_interval(&r, TUNE_BOOTSTRAP, seed, &e->lo, &e->hi);
	e->top = tune_top_decile(&r);
	e->logloss = p != NULL ? tune_logloss(p, y, n) : NAN;
	tune_ranking_free(&r);
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* sample: at most TUNE_LEARN_MAX of rows[0..n), seeded, in row order;
 * *m gets how many (rows itself when all). */
static size_t *
sample(const size_t *rows, size_t n, uint64_t seed, size_t *m)
{
	size_t *s = xreallocarray(NULL, n ? n : 1, sizeof *s);
	uint64_t st = seed ^ 0x5eed;

	memcpy(s, rows, n * sizeof *s);
	*m = n;
	if (n <= TUNE_LEARN_MAX)
		return s;
	for (size_t i = 0; i < TUNE_LEARN_MAX; i++) {	/* partial shuffle */
		size_t j = i + tune_rand(&st) % (n - i);
		size_t tmp = s[i];
		s[i] = s[j];
		s[j] = tmp;
	}
	*m = TUNE_LEARN_MAX;
	qsort(s, *m, sizeof *s, cmp_size);	/* back in row order */
	return s;
}

long
tune_block_total(const tune_block *b, const tune_table *t, size_t row)
{
	long s = 0;

	for (size_t f = 0; f < b->model.k; f++)
		if (tune_feat_holds(t, &b->fs.f[b->model.feat[f]], row))
			s += b->model.pts[f];
	return s;
}

/* calibrate: the chance at each total, on the held-out totals. */
static void
calibrate(tune_block *b, const unsigned char *y)
{
	long lo = 0, hi = 0;

	for (size_t i = 0; i < b->nheld; i++) {
		long s = (long)b->held_total[i];
		if (i == 0 || s < lo)
			lo = s;
		if (i == 0 || s > hi)
			hi = s;
	}
	tune_hist h;
	tune_hist_init(&h, lo, hi);
	for (size_t i = 0; i < b->nheld; i++)
		tune_hist_add(&h, (long)b->held_total[i], y[i], 1);
	tune_platt(&h, 1, &b->cal_alpha, &b->cal_beta);
	tune_hist_free(&h);
}

static void
baseline(tune_block *b, const tune_design *dt, const tune_design *dh,
    uint64_t seed)
{
	tune_sol lr;
	double *m = xcalloc(dh->n + 1, sizeof *m);
	double *p = xcalloc(dh->n + 1, sizeof *p);

	tune_learn_full(dt, 1.0, 20, &lr);
	tune_design_scores(dh, lr.feat, lr.w, lr.k, m);
	for (size_t i = 0; i < dh->n; i++) {
		m[i] += lr.b;
		p[i] = tune_chance(0, 1, m[i]);
	}
	tune_measure(&b->logreg, m, p, dh->y, dh->n, seed);
	tune_sol_free(&lr);
	free(m);
	free(p);
}

void
tune_fit(tune_block *b, const tune_table *t, const size_t *train,
    size_t ntrain, const size_t *held, size_t nheld, const tune_fit_opts *o)
{
	size_t nlearn;
	size_t *learn = sample(train, ntrain, o->seed, &nlearn);

	memset(b, 0, sizeof *b);
	b->ntrain = ntrain;
	b->nheld = nheld;
	tune_feats_build(&b->fs, t, learn, nlearn, o->skip);
	tune_design *dt = tune_design_new(t, &b->fs, learn, nlearn);
	tune_learn_opts lo = { o->max_rules, 10, 10, 1e-3 };
	tune_sol sols[10];
	size_t nsols = 0;
	tune_learn_beam(dt, &lo, sols, &nsols);
	bool have = false;
	for (size_t s = 0; s < nsols; s++) {
		tune_points p;
		tune_integerize(dt, &sols[s], o->max_points, &p);
		if (!have || p.loss < b->model.loss) {
			if (have)
				tune_points_free(&b->model);
			b->model = p;
			have = true;
		} else {
			tune_points_free(&p);
		}
		tune_sol_free(&sols[s]);
	}
	if (!have)
		b->model = (tune_points){ 0 };
	/* the held-out rows */
	tune_design *dh = tune_design_new(t, &b->fs, held, nheld);
	b->held_total = xcalloc(nheld + 1, sizeof *b->held_total);
	b->held_p = xcalloc(nheld + 1, sizeof *b->held_p);
	double *pts = xcalloc(b->model.k + 1, sizeof *pts);
	for (size_t f = 0; f < b->model.k; f++)
		pts[f] = b->model.pts[f];
	tune_design_scores(dh, b->model.feat, pts, b->model.k, b->held_total);
	free(pts);
	calibrate(b, dh->y);
	double *ptrain = xcalloc(nheld + 1, sizeof *ptrain);
	for (size_t i = 0; i < nheld; i++) {
		b->held_p[i] = tune_chance(b->cal_alpha, b->cal_beta,
		    b->held_total[i]);
		ptrain[i] = tune_chance(b->model.alpha, b->model.beta,
		    b->held_total[i]);
	}
	/* log loss with the chance fitted on the training rows: honest */
	tune_measure(&b->eval, b->held_total, ptrain, dh->y, nheld, o->seed);
	free(ptrain);
	if (o->baseline)
		baseline(b, dt, dh, o->seed);
	tune_design_free(dt);
	tune_design_free(dh);
	free(learn);
}

void
tune_block_free(tune_block *b)
{
	tune_feats_free(&b->fs);
	tune_points_free(&b->model);
	free(b->held_total);
	free(b->held_p);
}
