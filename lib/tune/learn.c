/* learn.c - sparse logistic models over the candidates: the beam search
 * of FasterRisk, and coordinate descent */
#include "tune/learn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

/* A support being grown: the model and its margins m_i. */
typedef struct state {
	tune_sol s;
	double *m;
} state;

double
tune_logloss1(double m, int y)
{
	double l = m > 0 ? m + log1p(exp(-m)) : log1p(exp(m));

	return l - (y ? m : 0);
}

static double
sigmoid(double m)
{
	return m >= 0 ? 1 / (1 + exp(-m)) : exp(m) / (1 + exp(m));
}

void
tune_sol_free(tune_sol *s)
{
	free(s->feat);
	free(s->w);
	s->feat = NULL;
	s->w = NULL;
	s->k = 0;
}

static double
total_loss(const tune_design *d, const double *m)
{
	double l = 0;

	for (size_t i = 0; i < d->n; i++)
		l += tune_logloss1(m[i], d->y[i]);
	return l;
}

static double
clampw(double w)
{
	return w > TUNE_WMAX ? TUNE_WMAX : w < -TUNE_WMAX ? -TUNE_WMAX : w;
}

/* newton_coord: the best change of the coefficient w of feature j with
 * margins m fixed elsewhere (at most iters Newton steps, each bounded),
 * with the penalty lambda.  *dloss gets the change of the loss over its
 * rows. */
static double
newton_coord(const tune_design *d, size_t j, const double *m, double w,
    double lambda, int iters, double *dloss)
{
	double delta = 0;

	for (int it = 0; it < iters; it++) {
		double g = 0, h = 0;
		TUNE_EACH_ROW(d, j, i) {
			double p = sigmoid(m[i] + delta);
			g += p - d->y[i];
			h += p * (1 - p);
		}
		g += lambda * (w + delta);
		h += lambda + 1e-9;
		double step = -g / h;
		if (step > 1)
			step = 1;
		if (step < -1)
			step = -1;
		double nw = clampw(w + delta + step);
		step = nw - (w + delta);
		delta += step;
		if (fabs(step) < 1e-6)
			break;
	}
	if (dloss != NULL) {
		double dl = 0;
		TUNE_EACH_ROW(d, j, i)
			dl += tune_logloss1(m[i] + delta, d->y[i]) -
			    tune_logloss1(m[i], d->y[i]);
		*dloss = dl;
	}
	return delta;
}

/* shift: add delta to the margins of the rows of feature j. */
static void
shift(const tune_design *d, size_t j, double *m, double delta)
{
	TUNE_EACH_ROW(d, j, i)
		m[i] += delta;
}

/* intercept: fit the intercept of st with the rest fixed. */
static void
intercept(const tune_design *d, state *st)
{
	for (int it = 0; it < 3; it++) {
		double g = 0, h = 0;
		for (size_t i = 0; i < d->n; i++) {
			double p = sigmoid(st->m[i]);
			g += p - d->y[i];
			h += p * (1 - p);
		}
		double step = -g / (h + 1e-9);
		if (step > 2)
			step = 2;
		if (step < -2)
			step = -2;
		st->s.b += step;
		for (size_t i = 0; i < d->n; i++)
			st->m[i] += step;
		if (fabs(step) < 1e-6)
			break;
	}
}

/* sweeps: rounds of coordinate descent over st's support; stops early
 * when no coefficient moved by more than 1e-4. */
static void
sweeps(const tune_design *d, state *st, double lambda, int rounds)
{
	for (int r = 0; r < rounds; r++) {
		double most = 0;
		intercept(d, st);
		for (size_t f = 0; f < st->s.k; f++) {
			size_t j = st->s.feat[f];
			double delta = newton_coord(d, j, st->m, st->s.w[f],
			    lambda, 2, NULL);
			st->s.w[f] += delta;
			shift(d, j, st->m, delta);
			if (fabs(delta) > most)
				most = fabs(delta);
		}
		if (most < 1e-4)
			break;
	}
	st->s.loss = total_loss(d, st->m);
}

static void
state_init(const tune_design *d, state *st)
{
	double rate = ((double)d->pos + 0.5) / ((double)d->n + 1);

	memset(st, 0, sizeof *st);
	st->s.b = log(rate / (1 - rate));
	st->m = xreallocarray(NULL, d->n ? d->n : 1, sizeof *st->m);
	for (size_t i = 0; i < d->n; i++)
		st->m[i] = st->s.b;
	st->s.loss = total_loss(d, st->m);
}

static void
state_free(state *st)
{
	tune_sol_free(&st->s);
	free(st->m);
	st->m = NULL;
}

/* state_grow: a copy of from with feature j added at weight w. */
static void
state_grow(const tune_design *d, const state *from, size_t j, double w,
    state *to)
{
	size_t k = from->s.k;

	to->s = from->s;
	to->s.feat = xreallocarray(NULL, k + 1, sizeof *to->s.feat);
	to->s.w = xreallocarray(NULL, k + 1, sizeof *to->s.w);
	if (k > 0) {	/* the first state has no arrays */
		memcpy(to->s.feat, from->s.feat, k * sizeof *to->s.feat);
		memcpy(to->s.w, from->s.w, k * sizeof *to->s.w);
	}
	to->s.feat[k] = j;
	to->s.w[k] = w;
	to->s.k = k + 1;
	to->m = xreallocarray(NULL, d->n ? d->n : 1, sizeof *to->m);
	memcpy(to->m, from->m, d->n * sizeof *to->m);
	shift(d, j, to->m, w);
}

/* A candidate step: support parent + feature j, its loss after fitting
 * j alone. */
typedef struct cand {
	size_t parent, j;
	double w, loss;
} cand;

static int
cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;

	if (x->loss != y->loss)
		return x->loss < y->loss ? -1 : 1;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

typedef struct ranked {
	double g;
	size_t j;
} ranked;

static int
cmp_ranked(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->g != y->g)
		return x->g > y->g ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

static bool
in_support(const tune_sol *s, size_t j)
{
	for (size_t f = 0; f < s->k; f++)
		if (s->feat[f] == j)
			return true;
	return false;
}

/* same_support: the support of a plus j is the support of b plus jb. */
static bool
same_support(const tune_sol *a, size_t ja, const tune_sol *b, size_t jb)
{
	if (a->k != b->k)
		return false;
	if (!in_support(b, ja) && ja != jb)
		return false;
	for (size_t f = 0; f < a->k; f++)
		if (!in_support(b, a->feat[f]) && a->feat[f] != jb)
			return false;
	return true;
}

/* propose: for state st (the parent'th), the o->tries candidates whose
 * one Newton step from 0 promises the most (g^2 / 2(h + lambda), from
 * the gradient g and curvature h over their rows), each then fitted alone,
 * appended to *cs.  r and q are scratch for p - y and p(1 - p). */
static void
propose(const tune_design *d, const tune_learn_opts *o, const state *st,
    size_t parent, double *r, double *q, ranked *rk, cand **cs, size_t *ncs)
{
	size_t nr = 0;

	for (size_t i = 0; i < d->n; i++) {
		double p = sigmoid(st->m[i]);
		r[i] = p - d->y[i];
		q[i] = p * (1 - p);
	}
	for (size_t j = 0; j < d->nfeat; j++) {
		if (in_support(&st->s, j) || d->count[j] == 0)
			continue;
		double g = 0, h = 0;
		TUNE_EACH_ROW(d, j, i) {
			g += r[i];
			h += q[i];
		}
		rk[nr++] = (ranked){ g * g / (2 * (h + o->lambda + 1e-9)), j };
	}
	qsort(rk, nr, sizeof *rk, cmp_ranked);
	size_t tries = nr < o->tries ? nr : o->tries;
	*cs = xreallocarray(*cs, *ncs + tries + 1, sizeof **cs);
	for (size_t t = 0; t < tries; t++) {
		double dl;
		double w = newton_coord(d, rk[t].j, st->m, 0, o->lambda, 4,
		    &dl);
		(*cs)[(*ncs)++] = (cand){ parent, rk[t].j, w, st->s.loss + dl };
	}
}

void
tune_learn_beam(const tune_design *d, const tune_learn_opts *o,
    tune_sol *out, size_t *nout)
{
	size_t width = o->beam ? o->beam : 1;
	state *beam = xcalloc(width, sizeof *beam), *next = xcalloc(width,
	    sizeof *next);
	size_t nbeam = 1;
	double *r = xreallocarray(NULL, d->n ? d->n : 1, sizeof *r);
	double *q = xreallocarray(NULL, d->n ? d->n : 1, sizeof *q);
	ranked *rk = xreallocarray(NULL, d->nfeat + 1, sizeof *rk);
	cand *cs = NULL;

	state_init(d, &beam[0]);
	intercept(d, &beam[0]);
	beam[0].s.loss = total_loss(d, beam[0].m);
	for (size_t step = 0; step < o->k; step++) {
		size_t ncs = 0;
		for (size_t s = 0; s < nbeam; s++)
			propose(d, o, &beam[s], s, r, q, rk, &cs, &ncs);
		if (ncs == 0)
			break;
		qsort(cs, ncs, sizeof *cs, cmp_cand);
		size_t nnext = 0;
		for (size_t c = 0; c < ncs && nnext < width; c++) {
			bool dup = false;
			for (size_t e = 0; e < c && !dup; e++)
				dup = same_support(&beam[cs[e].parent].s,
				    cs[e].j, &beam[cs[c].parent].s, cs[c].j) &&
				    e < c;
			if (dup)
				continue;
			state_grow(d, &beam[cs[c].parent], cs[c].j, cs[c].w,
			    &next[nnext]);
			sweeps(d, &next[nnext], o->lambda, 4);
			nnext++;
		}
		for (size_t s = 0; s < nbeam; s++)
			state_free(&beam[s]);
		state *tmp = beam;
		beam = next;
		next = tmp;
		nbeam = nnext;
	}
	/* a last, longer fine-tuning, then best first */
	for (size_t s = 0; s < nbeam; s++)
		sweeps(d, &beam[s], o->lambda, 30);
	for (size_t s = 1; s < nbeam; s++)
		for (size_t t = s; t > 0 && beam[t].s.loss <
		    beam[t - 1].s.loss; t--) {
			state tmp = beam[t];
			beam[t] = beam[t - 1];
			beam[t - 1] = tmp;
		}
	for (size_t s = 0; s < nbeam; s++) {
		out[s] = beam[s].s;
		free(beam[s].m);
	}
	*nout = nbeam;
	free(beam);
	free(next);
	free(r);
	free(q);
	free(rk);
	free(cs);
}

void
tune_learn_full(const tune_design *d, double lambda, int rounds,
    tune_sol *out)
{
	state st;

	state_init(d, &st);
	st.s.feat = xreallocarray(NULL, d->nfeat + 1, sizeof *st.s.feat);
	st.s.w = xcalloc(d->nfeat + 1, sizeof *st.s.w);
	for (size_t j = 0; j < d->nfeat; j++)
		if (d->count[j] > 0)
			st.s.feat[st.s.k++] = j;
	sweeps(d, &st, lambda, rounds);
	*out = st.s;
	free(st.m);
}
