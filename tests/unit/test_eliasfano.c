/* test_eliasfano.c - unit tests for eliasfano.c
 *
 * Every set is checked against the sorted array of its keys: iteration
 * gives exactly the keys, eliasfano_has and eliasfano_has_many answer
 * every key and every absent neighbour of one (and the extremes) as a
 * binary search of the array does, and eliasfano_view over copies of the
 * arrays (exactly as large as they claim, so that a sanitizer sees a read
 * past one) gives the same set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/eliasfano.h"
#include "keys.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* sort_unique: sort k[0..n) and drop repeats; the new n. */
static size_t
sort_unique(uint64_t *k, size_t n)
{
	size_t m = 0;

	qsort(k, n, sizeof *k, cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || k[i] != k[m - 1])
			k[m++] = k[i];
	return m;
}

static bool
brute_has(const uint64_t *k, size_t n, uint64_t key)
{
	return n > 0 && bsearch(&key, k, n, sizeof *k, cmp_u64) != NULL;
}

/* build: the set of k[0..n) (ascending, distinct), built for nmax keys
 * between base and base + span. */
static void
build(eliasfano *ef, const uint64_t *k, size_t n, uint64_t nmax,
    uint64_t base, uint64_t span)
{
	eliasfano_builder *b = eliasfano_build(nmax, base, span);

	for (size_t i = 0; i < n; i++)
		eliasfano_add(b, k[i]);
	eliasfano_build_end(b, ef);
	assert_int_equal(ef->n, n);
	assert_true(ef->owns);
}

/* build_tight: built for exactly its keys, base the smallest. */
static void
build_tight(eliasfano *ef, const uint64_t *k, size_t n)
{
	build(ef, k, n, n, n ? k[0] : 0, n ? k[n - 1] - k[0] : 0);
}

/* probes: the keys, their neighbours, the extremes; in an order that
 * is not sorted (has_many must not rely on it).  *np gets how many. */
static uint64_t *
probes(const uint64_t *k, size_t n, size_t *np)
{
	uint64_t *p = malloc((3 * n + 8) * sizeof *p);
	size_t m = 0;

	assert_non_null(p);
	for (size_t i = n; i-- > 0;) {
		p[m++] = k[i];
		p[m++] = k[i] - 1;
		p[m++] = k[i] + 1;
	}
	p[m++] = 0;
	p[m++] = 1;
	p[m++] = UINT64_MAX;
	p[m++] = UINT64_MAX - 1;
	p[m++] = 1ULL << 63;
	p[m++] = (1ULL << 63) - 1;
	p[m++] = 0x5555555555555555ULL;
	p[m++] = 0xaaaaaaaaaaaaaaaaULL;
	*np = m;
	return p;
}

/* check_answers: ef holds exactly k[0..n). */
static void
check_answers(const eliasfano *ef, const uint64_t *k, size_t n)
{
	eliasfano_iter it = eliasfano_iter_start(ef);
	uint64_t key;
	size_t i = 0, np;

	assert_int_equal(ef->n, n);
	while (eliasfano_next(ef, &it, &key)) {
		if (i >= n)
			fail_msg("iteration: key %zu (%#llx) of %zu", i,
			    (unsigned long long)key, n);
		if (key != k[i])
			fail_msg("iteration: key %zu is %#llx, want %#llx", i,
			    (unsigned long long)key, (unsigned long long)k[i]);
		i++;
	}
	assert_int_equal(i, n);
	/* the end stays the end */
	assert_false(eliasfano_next(ef, &it, &key));

	uint64_t *p = probes(k, n, &np);
	bool *found = malloc(np * sizeof *found);
	assert_non_null(found);
	memset(found, 0, np * sizeof *found);
	eliasfano_has_many(ef, p, np, found);
	for (size_t j = 0; j < np; j++) {
		bool want = brute_has(k, n, p[j]);
		if (eliasfano_has(ef, p[j]) != want)
			fail_msg("has(%#llx): got %d, want %d",
			    (unsigned long long)p[j], !want, want);
		if (found[j] != want)
			fail_msg("has_many: [%zu] %#llx: got %d, want %d", j,
			    (unsigned long long)p[j], found[j], want);
	}
	/* has_many on every tail of the first 200 probes, so that the last
	 * round has 1..32 keys */
	size_t m = np < 200 ? np : 200;
	for (size_t off = 1; off < m && off < 40; off++) {
		memset(found, 0, np * sizeof *found);
		eliasfano_has_many(ef, p + off, m - off, found);
		for (size_t j = off; j < m; j++)
			if (found[j - off] != brute_has(k, n, p[j]))
				fail_msg("has_many from %zu: %#llx wrong", off,
				    (unsigned long long)p[j]);
	}
	eliasfano_has_many(ef, p, 0, found);	/* nothing, no crash */
	free(found);
	free(p);
}

/* A copy of a set's arrays, each exactly as long as it says. */
typedef struct arrays {
	uint64_t *low, *high, *sample;
	uint64_t nlow, nhigh, nsample;
} arrays;

static uint64_t *
dup_words(const uint64_t *a, uint64_t n)
{
	uint64_t *c = malloc((n ? n : 1) * sizeof *c);

	assert_non_null(c);
	if (n > 0)
		memcpy(c, a, n * sizeof *c);
	return c;
}

static arrays
copy_arrays(const eliasfano *ef)
{
	arrays a = { dup_words(ef->low, ef->nlow),
	    dup_words(ef->high, ef->nhigh), dup_words(ef->sample, ef->nsample),
	    ef->nlow, ef->nhigh, ef->nsample };
	return a;
}

static void
free_arrays(arrays *a)
{
	free(a->low);
	free(a->high);
	free(a->sample);
}

static int
view(eliasfano *v, const eliasfano *ef, const arrays *a)
{
	return eliasfano_view(v, ef->n, ef->base, ef->nbuckets, ef->l, a->low,
	    a->nlow, a->high, a->nhigh, a->sample, a->nsample);
}

/* check_set: ef, built, holds k[0..n); and so does a view of it, which
 * does not own its arrays. */
static void
check_set(const eliasfano *ef, const uint64_t *k, size_t n)
{
	uint64_t wl, wh, ws;
	eliasfano v;

	check_answers(ef, k, n);
	eliasfano_words(ef->n, ef->l, ef->nbuckets, &wl, &wh, &ws);
	assert_int_equal(wl, ef->nlow);
	assert_int_equal(wh, ef->nhigh);
	assert_int_equal(ws, ef->nsample);
	arrays a = copy_arrays(ef);
	memset(&v, 0xa5, sizeof v);
	if (view(&v, ef, &a) != 0)
		fail_msg("view of a built set of %zu keys (l %u, %llu "
		    "buckets) rejected", n, ef->l,
		    (unsigned long long)ef->nbuckets);
	assert_false(v.owns);
	assert_int_equal(v.n, ef->n);
	assert_int_equal(v.base, ef->base);
	assert_int_equal(v.l, ef->l);
	assert_int_equal(v.nbuckets, ef->nbuckets);
	check_answers(&v, k, n);
	eliasfano_free(&v);	/* a view: frees nothing */
	free_arrays(&a);
}

static void
check_keys(const uint64_t *k, size_t n)
{
	eliasfano ef;

	build_tight(&ef, k, n);
	check_set(&ef, k, n);
	eliasfano_free(&ef);
	assert_false(ef.owns);
}

static void
test_empty(void **state)
{
	eliasfano ef;

	(void)state;
	build(&ef, NULL, 0, 0, 0, 0);
	assert_int_equal(ef.base, 0);
	check_set(&ef, NULL, 0);
	assert_false(eliasfano_has(&ef, 0));
	eliasfano_free(&ef);
	/* room for keys, none given */
	build(&ef, NULL, 0, 1000, 0, 1u << 20);
	check_set(&ef, NULL, 0);
	eliasfano_free(&ef);
	build(&ef, NULL, 0, 10, 0, UINT64_MAX - 1);
	check_set(&ef, NULL, 0);
	eliasfano_free(&ef);
	eliasfano_free(NULL);
}

static void
test_one(void **state)
{
	static const uint64_t one[] = { 0, 1, 42, 1ULL << 63, UINT64_MAX - 1,
	    UINT64_MAX };

	(void)state;
	for (size_t i = 0; i < NELEMS(one); i++) {
		eliasfano ef;
		check_keys(&one[i], 1);
		/* one key, base 0, all but the whole range (that is
		 * test_full_span) */
		if (one[i] < UINT64_MAX) {
			build(&ef, &one[i], 1, 1, 0, UINT64_MAX - 1);
			check_set(&ef, &one[i], 1);
			eliasfano_free(&ef);
		}
		/* one key, room for many up to the top */
		if (one[i] > 0) {
			build(&ef, &one[i], 1, 1000, one[i],
			    UINT64_MAX - one[i]);
			check_set(&ef, &one[i], 1);
			eliasfano_free(&ef);
		}
	}
}

static void
test_extremes(void **state)
{
	/* spans of 2^64 - 1 values and less; the full 2^64 is
	 * test_full_span */
	static const uint64_t a[] = { 0, UINT64_MAX - 1 };
	static const uint64_t b[] = { 1, 2, UINT64_MAX - 1, UINT64_MAX };
	static const uint64_t c[] = { 0, 1ULL << 63, UINT64_MAX - 1 };
	static const uint64_t d[] = { (1ULL << 63) - 1, 1ULL << 63 };
	static const uint64_t e[] = { 1, 2, 3, UINT64_MAX - 2 };
	static const uint64_t f[] = { UINT64_MAX - 3, UINT64_MAX - 2,
	    UINT64_MAX };

	(void)state;
	check_keys(a, NELEMS(a));
	check_keys(b, NELEMS(b));
	check_keys(c, NELEMS(c));
	check_keys(d, NELEMS(d));
	check_keys(e, NELEMS(e));
	check_keys(f, NELEMS(f));
}

/* keys 0 and UINT64_MAX in one set (digests starting 00.. and ff..): the
 * span does not fit a count of buckets with l = 0, so l is at least 1. */
static void
test_full_span(void **state)
{
	static const uint64_t a[] = { 0, UINT64_MAX };
	static const uint64_t b[] = { 0, 1, UINT64_MAX - 1, UINT64_MAX };
	static const uint64_t c[] = { 0, 1ULL << 63, UINT64_MAX };
	static const uint64_t one[] = { 0, 42, UINT64_MAX };
	static const uint64_t ns[] = { 0, 1, 2, 10, 1000, 1ULL << 40 };
	eliasfano ef;

	(void)state;
	for (size_t i = 0; i < NELEMS(ns); i++) {
		unsigned l = eliasfano_lowbits(ns[i], UINT64_MAX);
		assert_true(l >= 1 && l <= 63);
		assert_true((UINT64_MAX >> l) + 1 != 0);
	}
	check_keys(a, NELEMS(a));
	check_keys(b, NELEMS(b));
	check_keys(c, NELEMS(c));
	for (size_t i = 0; i < NELEMS(one); i++) {
		build(&ef, &one[i], 1, 1, 0, UINT64_MAX);
		check_set(&ef, &one[i], 1);
		eliasfano_free(&ef);
		build(&ef, &one[i], 1, 1000, 0, UINT64_MAX);
		check_set(&ef, &one[i], 1);
		eliasfano_free(&ef);
	}
	build(&ef, NULL, 0, 10, 0, UINT64_MAX);
	check_set(&ef, NULL, 0);
	eliasfano_free(&ef);
}

static void
test_dense(void **state)
{
	/* every value of a range: one key a bucket, no low bits */
	static const struct { uint64_t from, n; } r[] = {
		{ 0, 1 }, { 0, 2 }, { 0, 63 }, { 0, 64 }, { 0, 65 },
		{ 1000, 5000 }, { 14155550000ULL, 10000 },
		{ UINT64_MAX - 4095, 4096 },
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(r); i++) {
		uint64_t *k = malloc(r[i].n * sizeof *k);
		eliasfano ef;

		assert_non_null(k);
		for (uint64_t j = 0; j < r[i].n; j++)
			k[j] = r[i].from + j;
		build_tight(&ef, k, r[i].n);
		if (r[i].n > 1)
			assert_int_equal(ef.l, 0);
		assert_int_equal(ef.nbuckets, r[i].n);
		check_set(&ef, k, r[i].n);
		eliasfano_free(&ef);
		free(k);
	}
}

static void
test_sparse_random(void **state)
{
	static const size_t sizes[] = { 2, 3, 31, 32, 33, 100, 1000, 100000 };
	uint64_t seed = 17;

	(void)state;
	for (size_t i = 0; i < NELEMS(sizes); i++) {
		uint64_t *k = malloc(sizes[i] * sizeof *k);
		assert_non_null(k);
		for (size_t j = 0; j < sizes[i]; j++)
			k[j] = splitmix64(&seed);
		size_t n = sort_unique(k, sizes[i]);
		check_keys(k, n);
		free(k);
	}
}

static void
test_clustered(void **state)
{
	/* phone-like: 10-digit numbers, runs of neighbours, gaps */
	uint64_t seed = 5, *k = malloc(60000 * sizeof *k);
	size_t n = 0;

	(void)state;
	assert_non_null(k);
	while (n < 60000) {
		uint64_t at = 12000000000ULL +
		    splitmix64(&seed) % 8000000000ULL;
		uint64_t run = splitmix64(&seed) % 50 + 1;
		for (uint64_t j = 0; j < run && n < 60000; j++)
			k[n++] = at + j * (splitmix64(&seed) % 3 + 1);
	}
	n = sort_unique(k, n);
	check_keys(k, n);
	free(k);
}

/* bkey: a key in bucket h with low bits lo, of a set with l low bits. */
static uint64_t
bkey(uint64_t base, unsigned l, uint64_t h, uint64_t lo)
{
	return base + (h << l | lo);
}

static void
test_sample_boundaries(void **state)
{
	/* l = 0 (room for every value), keys in buckets just before, at and
	 * after sample boundaries, and whole samples of empty buckets */
	static const uint64_t dense[] = { 0, 63, 64, 65, 127, 128, 129, 191,
	    192, 640, 703, 704, 1000 };
	/* buckets of the keys below, for l > 0 */
	static const uint64_t hs[] = { 0, 1, 62, 63, 64, 64, 64, 65, 127, 128,
	    129, 192, 192, 5 * 64 - 1, 9 * 64, 9 * 64 + 1, 20 * 64 - 1 };
	eliasfano ef;

	(void)state;
	for (uint64_t base = 0; base < 3; base++) {
		uint64_t k[NELEMS(dense)];
		for (size_t i = 0; i < NELEMS(dense); i++)
			k[i] = base + dense[i];
		build(&ef, k, NELEMS(k), 1001, base, 1000);
		assert_int_equal(ef.l, 0);
		assert_int_equal(ef.nbuckets, 1001);
		check_set(&ef, k, NELEMS(k));
		eliasfano_free(&ef);
		/* only 0, 63 and 64: the last key starts a sample */
		build(&ef, k, 3, 1001, base, 1000);
		check_set(&ef, k, 3);
		eliasfano_free(&ef);
	}

	/* l > 0: a set built for nmax keys over a span that gives l low
	 * bits; its keys placed in chosen buckets, with the lowest, middle
	 * and highest low bits in a bucket holding more than one */
	static const struct { uint64_t nmax, span, base; } g[] = {
		{ 1280, 20 * 64 * 8 - 1, 7 },
		{ 3000, 1ULL << 40, 123456789 },
		{ 3000, UINT64_MAX - 12345, 12345 },
	};
	for (size_t gi = 0; gi < NELEMS(g); gi++) {
		unsigned l = eliasfano_lowbits(g[gi].nmax, g[gi].span);
		uint64_t nb = (g[gi].span >> l) + 1, top = (1ULL << l) - 1;
		uint64_t k[NELEMS(hs) + 3];
		size_t n = 0;

		assert_true(l > 0);
		assert_true(nb >= 20 * 64);
		for (size_t i = 0; i < NELEMS(hs); i++) {
			bool first = i == 0 || hs[i - 1] != hs[i];
			bool last = i + 1 == NELEMS(hs) || hs[i + 1] != hs[i];
			uint64_t lo = first && last ?
			    hs[i] * 2654435761u & top :
			    first ? 0 : last ? top : top / 2;
			k[n++] = bkey(g[gi].base, l, hs[i], lo);
		}
		/* the last bucket, its first and last low bits */
		k[n++] = bkey(g[gi].base, l, nb - 1, 0);
		k[n++] = g[gi].base + g[gi].span;
		n = sort_unique(k, n);
		build(&ef, k, n, g[gi].nmax, g[gi].base, g[gi].span);
		assert_int_equal(ef.l, l);
		assert_int_equal(ef.nbuckets, nb);
		check_set(&ef, k, n);
		eliasfano_free(&ef);
		/* the same keys in a set built for them alone */
		check_keys(k, n);
	}
}

static void
test_nmax_larger(void **state)
{
	/* built for ten times the keys it gets: sizes follow the keys */
	uint64_t seed = 99, *k = malloc(5000 * sizeof *k);
	eliasfano ef;

	(void)state;
	assert_non_null(k);
	for (size_t j = 0; j < 5000; j++)
		k[j] = splitmix64(&seed) >> 20;
	size_t n = sort_unique(k, 5000);
	build(&ef, k, n, 10 * n, 0, UINT64_MAX >> 20);
	check_set(&ef, k, n);
	eliasfano_free(&ef);
	/* the first half only, of a set built for all of them */
	build(&ef, k, n / 2, n, k[0], k[n - 1] - k[0]);
	check_set(&ef, k, n / 2);
	eliasfano_free(&ef);
	free(k);
}

static void
test_absent(void **state)
{
	/* every key of a range but the first, the last and every third */
	uint64_t k[300], all[302];
	size_t n = 0;
	eliasfano ef;

	(void)state;
	for (uint64_t v = 1; v <= 300; v++)
		if (v % 3 != 0)
			k[n++] = 5000 + v;
	for (uint64_t v = 0; v <= 301; v++)
		all[v] = 5000 + v;
	build(&ef, k, n, 302, 5000, 301);
	check_set(&ef, k, n);
	for (size_t i = 0; i < NELEMS(all); i++) {
		uint64_t v = all[i] - 5000;
		assert_int_equal(eliasfano_has(&ef, all[i]),
		    v >= 1 && v <= 300 && v % 3 != 0);
	}
	assert_false(eliasfano_has(&ef, 4999));
	assert_false(eliasfano_has(&ef, 5000));
	assert_false(eliasfano_has(&ef, 5301));
	assert_false(eliasfano_has(&ef, 0));
	assert_false(eliasfano_has(&ef, UINT64_MAX));
	eliasfano_free(&ef);
}

/* rejected: a view with one thing changed must fail, and read nothing
 * past the arrays. */
#define REJECTED(call) do { \
	eliasfano v_; \
	if ((call) != -1) \
		fail_msg("accepted: %s", #call); \
} while (0)

/* tamper_set: about 3000 keys over 200 samples, bucket 64 not empty. */
static void
tamper_set(eliasfano *ef, uint64_t **keys, size_t *n)
{
	uint64_t seed = 3, *k = malloc(3000 * sizeof *k);

	assert_non_null(k);
	for (size_t j = 0; j < 3000; j++)
		k[j] = splitmix64(&seed) % 30000;
	*n = sort_unique(k, 3000);
	build_tight(ef, k, *n);
	*keys = k;
}

static void
test_view_flipped_bits(void **state)
{
	eliasfano ef, v;
	uint64_t *k;
	size_t n;

	(void)state;
	tamper_set(&ef, &k, &n);
	arrays a = copy_arrays(&ef);
	assert_int_equal(view(&v, &ef, &a), 0);
	/* each bit of the high bits, padding included, flipped in turn:
	 * one more or one fewer 1, never a set of n keys and nbuckets
	 * buckets */
	for (uint64_t bit = 0; bit < 64 * a.nhigh; bit++) {
		a.high[bit >> 6] ^= 1ULL << (bit & 63);
		if (view(&v, &ef, &a) != -1)
			fail_msg("high bit %llu flipped: accepted",
			    (unsigned long long)bit);
		a.high[bit >> 6] ^= 1ULL << (bit & 63);
	}
	assert_int_equal(view(&v, &ef, &a), 0);
	check_answers(&v, k, n);
	free_arrays(&a);
	eliasfano_free(&ef);
	free(k);
}

static bool
getbit(const uint64_t *a, uint64_t pos)
{
	return a[pos >> 6] >> (pos & 63) & 1;
}

static void
swapbits(uint64_t *a, uint64_t p, uint64_t q)
{
	bool bp = getbit(a, p), bq = getbit(a, q);

	if (bp != bq) {
		a[p >> 6] ^= 1ULL << (p & 63);
		a[q >> 6] ^= 1ULL << (q & 63);
	}
}

/* lookups_stay_inside: every lookup and the iteration of a view that
 * was accepted end, and (in the sanitizer build) read nothing past the
 * arrays; the answers may be wrong. */
static void
lookups_stay_inside(const eliasfano *v, const uint64_t *k, size_t n)
{
	eliasfano_iter it = eliasfano_iter_start(v);
	uint64_t key, nk = 0;
	bool *found = malloc((n ? n : 1) * sizeof *found);

	assert_non_null(found);
	while (eliasfano_next(v, &it, &key))
		nk++;
	assert_int_equal(nk, v->n);
	eliasfano_has_many(v, k, n, found);
	for (size_t i = 0; i < n; i += 5) {
		(void)eliasfano_has(v, k[i]);
		(void)eliasfano_has(v, k[i] + 1);
	}
	(void)eliasfano_has(v, UINT64_MAX);
	free(found);
}

static void
test_view_moved_bits(void **state)
{
	eliasfano ef, v;
	uint64_t *k, nbits;
	size_t n;

	(void)state;
	tamper_set(&ef, &k, &n);
	arrays a = copy_arrays(&ef);
	nbits = ef.n + ef.nbuckets;
	/* the zero that ends bucket 63 moved past a key of bucket 64: the
	 * counts agree, sample 1 does not */
	uint64_t zeros = 0, p = 0;
	for (; p < nbits; p++)
		if (!getbit(a.high, p) && ++zeros == EF_SAMPLE_EVERY)
			break;
	assert_true(p + 1 < nbits);
	assert_true(getbit(a.high, p + 1));
	swapbits(a.high, p, p + 1);
	REJECTED(view(&v_, &ef, &a));
	swapbits(a.high, p, p + 1);
	/* every adjacent pair of a 1 and a 0 swapped (a key moved to the
	 * next or previous bucket): the counts agree, so whether it is
	 * rejected depends on the samples; either way no lookup or
	 * iteration may leave the arrays (the sanitizer build checks) */
	size_t accepted = 0;
	for (uint64_t q = 0; q + 1 < nbits; q++) {
		if (getbit(a.high, q) == getbit(a.high, q + 1))
			continue;
		swapbits(a.high, q, q + 1);
		if (view(&v, &ef, &a) == 0) {
			accepted++;
			lookups_stay_inside(&v, k, n);
		}
		swapbits(a.high, q, q + 1);
	}
	assert_true(accepted > 0);
	/* the last bit must be the last bucket's closing zero: a key moved
	 * past it is in a bucket the set does not have */
	assert_false(getbit(a.high, nbits - 1));
	free_arrays(&a);
	eliasfano_free(&ef);
	free(k);
}

/* The high bits end with the last bucket's closing zero: a view whose
 * last 1s come after it (keys past the last bucket, which has() would never
 * find) is refused. */
static void
test_view_keys_past_last_bucket(void **state)
{
	eliasfano ef, v;
	uint64_t *k;
	size_t n;

	(void)state;
	tamper_set(&ef, &k, &n);
	arrays a = copy_arrays(&ef);
	uint64_t nbits = ef.n + ef.nbuckets;
	assert_false(getbit(a.high, nbits - 1));
	assert_true(getbit(a.high, nbits - 2));
	swapbits(a.high, nbits - 2, nbits - 1);
	int rc = view(&v, &ef, &a);
	int rc2 = eliasfano_view(&v, ef.n, ef.base, ef.nbuckets - 1, ef.l,
	    a.low, a.nlow, ef.high, a.nhigh, a.sample, a.nsample);
	free_arrays(&a);
	eliasfano_free(&ef);
	free(k);
	assert_int_equal(rc, -1);
	assert_int_equal(rc2, -1);
}

static void
test_view_wrong_samples(void **state)
{
	eliasfano ef, v;
	uint64_t *k;
	size_t n;

	(void)state;
	tamper_set(&ef, &k, &n);
	arrays a = copy_arrays(&ef);
	assert_true(a.nsample > 3);
	for (uint64_t s = 0; s < a.nsample; s++) {
		static const uint64_t delta[] = { 1, UINT64_MAX, 64, 1ULL << 40,
		    1ULL << 63 };
		for (size_t d = 0; d < NELEMS(delta); d++) {
			a.sample[s] += delta[d];
			if (view(&v, &ef, &a) != -1)
				fail_msg("sample %llu off by %#llx: accepted",
				    (unsigned long long)s,
				    (unsigned long long)delta[d]);
			a.sample[s] -= delta[d];
		}
	}
	/* two samples swapped */
	uint64_t t = a.sample[1];
	a.sample[1] = a.sample[2];
	a.sample[2] = t;
	REJECTED(view(&v_, &ef, &a));
	a.sample[2] = a.sample[1];
	a.sample[1] = t;
	assert_int_equal(view(&v, &ef, &a), 0);
	check_answers(&v, k, n);
	free_arrays(&a);
	eliasfano_free(&ef);
	free(k);
}

static void
test_view_wrong_sizes(void **state)
{
	eliasfano ef, v;
	uint64_t *k;
	size_t n;

	(void)state;
	tamper_set(&ef, &k, &n);
	arrays a = copy_arrays(&ef);
	uint64_t N = ef.n, B = ef.base, NB = ef.nbuckets;
	unsigned L = ef.l;
	const uint64_t *lo = a.low, *hi = a.high, *sa = a.sample;
	uint64_t wl = a.nlow, wh = a.nhigh, ws = a.nsample;

	assert_true(L > 0 && L < 63);
	assert_int_equal(eliasfano_view(&v, N, B, NB, L, lo, wl, hi, wh, sa,
	    ws), 0);
	/* every size one off (arrays as they are: the sizes say less or
	 * more than they hold, and the view must not read on) */
	REJECTED(eliasfano_view(&v_, N + 1, B, NB, L, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N - 1, B, NB, L, lo, wl, hi, wh, sa, ws));
	/* one bucket more: when the sizes agree, the high bits have room
	 * for its closing zero, and the set is the same with an empty bucket
	 * at the end; so a view may be had, and must answer the same */
	if (eliasfano_view(&v, N, B, NB + 1, L, lo, wl, hi, wh, sa, ws) == 0)
		check_answers(&v, k, n);
	/* one bucket fewer: the last bucket's keys lie after the last zero,
	 * in a bucket the set does not have.  eliasfano_view accepts that
	 * (see test_view_keys_past_last_bucket); the lookups must at least
	 * stay inside the arrays */
	if (eliasfano_view(&v, N, B, NB - 1, L, lo, wl, hi, wh, sa, ws) == 0)
		lookups_stay_inside(&v, k, n);
	REJECTED(eliasfano_view(&v_, N, B, NB, L + 1, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L - 1, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, 64, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, 200, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl - 1, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl + 1, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl, hi, wh - 1, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl, hi, wh + 1, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl, hi, wh, sa, ws - 1));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, wl, hi, wh, sa, ws + 1));
	REJECTED(eliasfano_view(&v_, N, B, NB, L, lo, 0, hi, 0, sa, 0));
	/* sizes that would overflow a count, or no buckets */
	REJECTED(eliasfano_view(&v_, UINT64_MAX, B, NB, L, lo, wl, hi, wh, sa,
	    ws));
	REJECTED(eliasfano_view(&v_, N, B, UINT64_MAX, L, lo, wl, hi, wh, sa,
	    ws));
	REJECTED(eliasfano_view(&v_, N, B, UINT64_MAX - N - 63, L, lo, wl, hi,
	    wh, sa, ws));
	REJECTED(eliasfano_view(&v_, UINT64_MAX / 64 + 1, B, NB, 63, lo, wl,
	    hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, N, B, 0, L, lo, wl, hi, wh, sa, ws));
	REJECTED(eliasfano_view(&v_, 0, B, 0, 0, lo, 1, hi, 1, sa, 1));
	/* sizes that agree with each other, but not with the bits: a set of
	 * one key fewer, and one bucket fewer */
	{
		uint64_t l2, h2, s2;
		eliasfano_words(N - 1, L, NB, &l2, &h2, &s2);
		if (l2 <= wl && h2 <= wh && s2 <= ws)
			REJECTED(eliasfano_view(&v_, N - 1, B, NB, L, lo, l2,
			    hi, h2, sa, s2));
		/* (one bucket fewer: see above) */
		eliasfano_words(N, L, NB - 1, &l2, &h2, &s2);
		if (l2 <= wl && h2 <= wh && s2 <= ws &&
		    eliasfano_view(&v, N, B, NB - 1, L, lo, l2, hi, h2, sa,
		    s2) == 0)
			lookups_stay_inside(&v, k, n);
	}
	/* the right view still works */
	assert_int_equal(eliasfano_view(&v, N, B, NB, L, lo, wl, hi, wh, sa,
	    ws), 0);
	check_answers(&v, k, n);
	free_arrays(&a);
	eliasfano_free(&ef);
	free(k);
}

static void
test_view_empty(void **state)
{
	eliasfano ef, v;
	uint64_t z[4] = { 0, 0, 0, 0 };

	(void)state;
	build(&ef, NULL, 0, 0, 0, 0);
	arrays a = copy_arrays(&ef);
	assert_int_equal(view(&v, &ef, &a), 0);
	check_answers(&v, NULL, 0);
	/* a key in the empty set's high bits */
	a.high[0] |= 1;
	REJECTED(view(&v_, &ef, &a));
	a.high[0] = 0;
	/* a view built by hand: no keys, 64 empty buckets */
	uint64_t wl, wh, ws;
	eliasfano_words(0, 0, 64, &wl, &wh, &ws);
	assert_true(wl <= 4 && wh <= 4 && ws <= 4);
	assert_int_equal(eliasfano_view(&v, 0, 9, 64, 0, z, wl, z, wh, z, ws),
	    0);
	check_answers(&v, NULL, 0);
	free_arrays(&a);
	eliasfano_free(&ef);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_full_span),
		cmocka_unit_test(test_dense),
		cmocka_unit_test(test_sparse_random),
		cmocka_unit_test(test_clustered),
		cmocka_unit_test(test_sample_boundaries),
		cmocka_unit_test(test_nmax_larger),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_view_flipped_bits),
		cmocka_unit_test(test_view_moved_bits),
		cmocka_unit_test(test_view_keys_past_last_bucket),
		cmocka_unit_test(test_view_wrong_samples),
		cmocka_unit_test(test_view_wrong_sizes),
		cmocka_unit_test(test_view_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
