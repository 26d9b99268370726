/* test_tune.c - unit tests for lead-tune's learner: AUC with ties and
 * weights, the top decile, the logistic loss, the multipliers of the
 * integer search, Platt's fit, the integer points of a known model, and
 * the grades */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tune/calib.h"
#include "tune/design.h"
#include "tune/grades.h"
#include "tune/integer.h"
#include "tune/learn.h"
#include "tune/metrics.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

static void
test_auc_ties(void **state)
{
	(void)state;
	/* pairs (3,1) (3,2) (2,1) win, (2,2) ties: 3.5 of 4 */
	double s[] = { 3, 1, 2, 2 };
	unsigned char y[] = { 1, 0, 1, 0 };
	assert_float_equal(tune_auc(s, y, 4), 0.875, 1e-12);
	/* every score the same: one half */
	double same[] = { 5, 5, 5, 5 };
	assert_float_equal(tune_auc(same, y, 4), 0.5, 1e-12);
	/* reversed: 0 */
	double rev[] = { 0, 9, 1, 8 };
	assert_float_equal(tune_auc(rev, y, 4), 0, 1e-12);
	/* one outcome only: undefined */
	unsigned char ones[] = { 1, 1, 1, 1 };
	assert_true(isnan(tune_auc(s, ones, 4)));
}

static void
test_auc_weighted(void **state)
{
	(void)state;
	double s[] = { 3, 1, 2, 2 };
	unsigned char y[] = { 1, 0, 1, 0 };
	/* row 3 (score 2, not converted) twice: pairs against the two
	 * converted: (3 > 2) twice, (2 = 2) twice as half, and row 1 */
	double w[] = { 1, 1, 1, 2 };
	tune_ranking r;
	tune_ranking_init(&r, s, y, 4);
	assert_float_equal(tune_auc_weighted(&r, w),
	    (1 + 2 + 1 + 2 * 0.5) / (2.0 * 3), 1e-12);
	double lo, hi;
	tune_auc_interval(&r, 100, 1, &lo, &hi);
	assert_true(lo <= hi);
	assert_true(lo >= 0 && hi <= 1);
	tune_ranking_free(&r);
}

static void
test_top_decile(void **state)
{
	(void)state;
	/* 20 rows: the top 2 are rows 18 and 19 (scores 18, 19) */
	double s[20];
	unsigned char y[20];
	for (int i = 0; i < 20; i++) {
		s[i] = i;
		y[i] = i == 19;
	}
	tune_ranking r;
	tune_ranking_init(&r, s, y, 20);
	assert_float_equal(tune_top_decile(&r), 0.5, 1e-12);
	tune_ranking_free(&r);
	/* a tie at the edge counts for its share: 4 rows tied at the top,
	 * 2 of them converted; the top 2 convert at 50% whatever the order */
	for (int i = 0; i < 20; i++) {
		s[i] = i >= 16 ? 100 : i;
		y[i] = i == 16 || i == 17;
	}
	tune_ranking_init(&r, s, y, 20);
	assert_float_equal(tune_top_decile(&r), 0.5, 1e-12);
	tune_ranking_free(&r);
}

static void
test_logloss(void **state)
{
	(void)state;
	assert_float_equal(tune_logloss1(0, 1), log(2), 1e-12);
	assert_float_equal(tune_logloss1(0, 0), log(2), 1e-12);
	/* large margins: no overflow, the right limit */
	assert_float_equal(tune_logloss1(800, 1), 0, 1e-12);
	assert_float_equal(tune_logloss1(800, 0), 800, 1e-9);
	assert_float_equal(tune_logloss1(-800, 1), 800, 1e-9);
	double p[] = { 0.5, 0.9, 0 };
	unsigned char y[] = { 1, 0, 0 };
	assert_float_equal(tune_logloss(p, y, 3),
	    (-log(0.5) - log(0.1) - log(1 - 1e-6)) / 3, 1e-9);
}

static void
test_multipliers(void **state)
{
	(void)state;
	double w[] = { 2.0, -0.5, 1.0 };
	double m[5];
	size_t n = tune_multipliers(w, 3, 10, m, 5);
	assert_int_equal(n, 5);
	/* the smallest makes the largest |w| half a point, the largest
	 * makes it 10.49: rounded, 1 and 10 points */
	assert_float_equal(m[0] * 2.0, 0.5, 1e-12);
	assert_float_equal(m[4] * 2.0, 10.49, 1e-12);
	for (size_t i = 1; i < n; i++)
		assert_true(m[i] > m[i - 1]);
	double zero[] = { 0, 0 };
	assert_int_equal(tune_multipliers(zero, 2, 10, m, 5), 1);
	assert_float_equal(m[0], 1, 0);
}

static void
test_platt(void **state)
{
	(void)state;
	tune_hist h;
	/* totals 0 and 1: 20% and 80% convert; the fit reproduces them */
	tune_hist_init(&h, 0, 1);
	tune_hist_add(&h, 0, 1, 20);
	tune_hist_add(&h, 0, 0, 80);
	tune_hist_add(&h, 1, 1, 80);
	tune_hist_add(&h, 1, 0, 20);
	double a, b;
	tune_platt(&h, 0, &a, &b);
	assert_float_equal(1 / (1 + exp(-a)), 0.2, 1e-6);
	assert_float_equal(1 / (1 + exp(-(a + b))), 0.8, 1e-6);
	tune_hist_free(&h);
}

/* design: a design of n rows over nf features from a function. */
static tune_design *
design(size_t n, size_t nf, int (*holds)(size_t j, size_t i),
    int (*label)(size_t i))
{
	tune_design *d = calloc(1, sizeof *d);
	d->n = n;
	d->nfeat = nf;
	d->words = (n + 63) / 64;
	d->bits = calloc(nf * d->words + 1, sizeof *d->bits);
	d->count = calloc(nf + 1, sizeof *d->count);
	d->y = calloc(n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		d->y[i] = (unsigned char)label(i);
		d->pos += d->y[i];
		for (size_t j = 0; j < nf; j++)
			if (holds(j, i)) {
				d->bits[j * d->words + i / 64] |=
				    (uint64_t)1 << (i % 64);
				d->count[j]++;
			}
	}
	return d;
}

/* Features: bit j of i's index over 3 bits; feature 3 is noise (i % 5 ==
 * 0).  The outcome depends on features 0 and 1 only, deterministically
 * by a share of the rows of each cell. */
static int
holds4(size_t j, size_t i)
{
	return j < 3 ? (int)((i >> j) & 1) : i % 5 == 0;
}

static int
label2(size_t i)
{
	int a = (int)(i & 1), b = (int)((i >> 1) & 1);
	size_t k = (i >> 3) % 10;	/* 10 rows per cell pattern */
	int rate = 1 + 6 * a + 2 * b;	/* converted out of 10 */
	return (int)k < rate;
}

static void
test_beam_and_points(void **state)
{
	(void)state;
	tune_design *d = design(4000, 4, holds4, label2);
	tune_learn_opts o = { 2, 3, 4, 1e-3 };
	tune_sol sols[3];
	size_t n;
	tune_learn_beam(d, &o, sols, &n);
	assert_true(n >= 1);
	/* the best support is the two features the outcome depends on */
	assert_int_equal(sols[0].k, 2);
	assert_true((sols[0].feat[0] == 0 && sols[0].feat[1] == 1) ||
	    (sols[0].feat[0] == 1 && sols[0].feat[1] == 0));
	tune_points p;
	tune_integerize(d, &sols[0], 10, &p);
	assert_int_equal(p.k, 2);
	/* feature 0 weighs about 3 times feature 1 (logits 2.4 vs 0.9) */
	int p0 = p.feat[0] == 0 ? p.pts[0] : p.pts[1];
	int p1 = p.feat[0] == 0 ? p.pts[1] : p.pts[0];
	assert_true(p0 > p1 && p1 > 0);
	assert_true(p0 <= 10);
	tune_points_free(&p);
	for (size_t s = 0; s < n; s++)
		tune_sol_free(&sols[s]);
	tune_design_free(d);
}

static void
test_grades(void **state)
{
	(void)state;
	/* totals 0..9, ten rows each: A is the top 10% (9), A+B 30% (>= 7),
	 * A-C 60% (>= 4) */
	double v[100];
	unsigned char y[100];
	for (int i = 0; i < 100; i++) {
		v[i] = i / 10;
		y[i] = i >= 50;
	}
	tune_grade g[4];
	size_t ng = tune_grades(v, y, 100, g);
	assert_int_equal(ng, 4);
	assert_float_equal(g[0].cut, 9, 0);
	assert_float_equal(g[1].cut, 7, 0);
	assert_float_equal(g[2].cut, 4, 0);
	assert_float_equal(g[0].share, 0.1, 1e-12);
	assert_float_equal(g[3].share, 0.4, 1e-12);
	assert_float_equal(g[0].rate, 1, 1e-12);
	assert_float_equal(g[3].rate, 0, 1e-12);
	/* one total only: one grade */
	double same[] = { 3, 3, 3 };
	assert_int_equal(tune_grades(same, y, 3, g), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auc_ties),
		cmocka_unit_test(test_auc_weighted),
		cmocka_unit_test(test_top_decile),
		cmocka_unit_test(test_logloss),
		cmocka_unit_test(test_multipliers),
		cmocka_unit_test(test_platt),
		cmocka_unit_test(test_beam_and_points),
		cmocka_unit_test(test_grades),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
