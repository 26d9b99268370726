/* test_keysort.c - unit tests for keysort.c
 *
 * keysort_sort against qsort and a pass that drops repeats; keysort_add /
 * _end / _next in one run (memory only) and in several (spooled to
 * $TMPDIR and merged).  The tests of more than one run add over
 * KEYSORT_RUN (16M) keys: about 300 MB of memory and 260 MB of temporary
 * file, a few seconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/keysort.h"
#include "keys.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* check_sort: keysort_sort of in[0..n) gives what qsort and dropping
 * repeats give; a and tmp exactly n long. */
static void
check_sort(const uint64_t *in, size_t n)
{
	uint64_t *a = malloc((n ? n : 1) * sizeof *a);
	uint64_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
	uint64_t *want = malloc((n ? n : 1) * sizeof *want);
	size_t m = 0;

	assert_non_null(a);
	assert_non_null(tmp);
	assert_non_null(want);
	if (n > 0) {
		memcpy(a, in, n * sizeof *a);
		memcpy(want, in, n * sizeof *want);
	}
	qsort(want, n, sizeof *want, cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || want[i] != want[m - 1])
			want[m++] = want[i];
	uint64_t got = keysort_sort(a, tmp, n);
	if (got != m)
		fail_msg("%zu keys: %llu distinct, want %zu", n,
		    (unsigned long long)got, m);
	for (size_t i = 0; i < m; i++)
		if (a[i] != want[i])
			fail_msg("%zu keys: [%zu] = %#llx, want %#llx", n, i,
			    (unsigned long long)a[i],
			    (unsigned long long)want[i]);
	free(a);
	free(tmp);
	free(want);
}

#define CHECK_SORT(arr) check_sort(arr, NELEMS(arr))

static void
test_sort_small(void **state)
{
	static const uint64_t one[] = { 42 };
	static const uint64_t two[] = { 2, 1 };
	static const uint64_t two_same[] = { 7, 7 };
	static const uint64_t dups[] = { 5, 3, 5, 1, 3, 3, 9, 1, 5, 0, 9 };
	static const uint64_t sorted[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const uint64_t sorted_dups[] = { 1, 1, 2, 2, 2, 3, 4, 4 };
	static const uint64_t reverse[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const uint64_t equal[] = { 99, 99, 99, 99, 99, 99, 99 };
	static const uint64_t zeros[] = { 0, 0, 0 };
	static const uint64_t maxes[] = { UINT64_MAX, UINT64_MAX };
	static const uint64_t extremes[] = { UINT64_MAX, 0, UINT64_MAX - 1, 1,
	    0, UINT64_MAX };
	/* only the top bits differ: the last radix pass (bits 55..63) */
	static const uint64_t high[] = { 1ULL << 63, 0, 1ULL << 55,
	    1ULL << 62, 3ULL << 62, 1ULL << 63 | 1ULL << 55, 1ULL << 56,
	    1ULL << 63, 0x7fULL << 57 };
	/* only the top bit differs, low bits alike */
	static const uint64_t top[] = { 0x8000000000001234ULL, 0x1234,
	    0x8000000000001234ULL, 0x1234 };
	/* one digit of a middle pass differs (bits 22..32) */
	static const uint64_t middle[] = { 5ULL << 22 | 7, 3ULL << 22 | 7,
	    2047ULL << 22 | 7, 7, 3ULL << 22 | 7 };
	/* digits of two passes, in opposite orders */
	static const uint64_t cross[] = { 1ULL << 11 | 2, 2ULL << 11 | 1,
	    2ULL << 11 | 2, 1ULL << 11 | 1, 1ULL << 33 | 1, 1 };
	/* phone-like keys */
	static const uint64_t phones[] = { 14155550134ULL, 442079460958ULL,
	    14155550134ULL, 14155550133ULL, 4930123456ULL, 14155550135ULL };

	(void)state;
	check_sort(NULL, 0);
	assert_int_equal(keysort_sort(NULL, NULL, 0), 0);
	CHECK_SORT(one);
	CHECK_SORT(two);
	CHECK_SORT(two_same);
	CHECK_SORT(dups);
	CHECK_SORT(sorted);
	CHECK_SORT(sorted_dups);
	CHECK_SORT(reverse);
	CHECK_SORT(equal);
	CHECK_SORT(zeros);
	CHECK_SORT(maxes);
	CHECK_SORT(extremes);
	CHECK_SORT(high);
	CHECK_SORT(top);
	CHECK_SORT(middle);
	CHECK_SORT(cross);
	CHECK_SORT(phones);
}

static void
test_sort_random(void **state)
{
	static const size_t sizes[] = { 3, 31, 32, 33, 1000, 2048, 2049,
	    100000 };
	uint64_t seed = 1;

	(void)state;
	for (size_t i = 0; i < NELEMS(sizes); i++) {
		size_t n = sizes[i];
		uint64_t *k = malloc(n * sizeof *k);
		assert_non_null(k);
		/* hash-like, then the same with repeats, then small */
		for (size_t j = 0; j < n; j++)
			k[j] = splitmix64(&seed);
		check_sort(k, n);
		for (size_t j = 0; j < n; j++)
			k[j] = j % 3 == 0 ? k[j / 2] : k[j];
		check_sort(k, n);
		for (size_t j = 0; j < n; j++)
			k[j] = splitmix64(&seed) % (n / 2 + 1);
		check_sort(k, n);
		/* ascending and descending, with repeats */
		for (size_t j = 0; j < n; j++)
			k[j] = (uint64_t)j / 2 * 0x10000000001ULL;
		check_sort(k, n);
		for (size_t j = 0; j < n; j++)
			k[j] = UINT64_MAX - (uint64_t)j / 2 * 0x10000000001ULL;
		check_sort(k, n);
		free(k);
	}
}

/* Sets of keys the checks can tell without storing them: key(i) for i <
 * nk, and some extra keys.  hash: a bijection of the 64-bit numbers, keys
 * all over the range (deltas of 5-6 bytes in a spooled run); phone:
 * 11-digit numbers 3 apart, 203 apart every thousand (deltas of 1 and 2
 * bytes).  Each with its inverse: the i of a key, or UINT64_MAX. */
#define ODD 0x9e3779b97f4a7c15ULL
#define MIX 0x5bd1e995deadbeefULL
#define PHONE_BASE 12000000000ULL

typedef struct keyset {
	uint64_t (*key)(uint64_t i);
	uint64_t (*index)(uint64_t key);
} keyset;

static uint64_t
hash_key(uint64_t i)
{
	return (i ^ MIX) * ODD;
}

static uint64_t
hash_index(uint64_t key)
{
	uint64_t inv = ODD;	/* Newton: inv * ODD == 1 mod 2^64 */

	for (int i = 0; i < 6; i++)
		inv *= 2 - ODD * inv;
	return key * inv ^ MIX;
}

static uint64_t
phone_key(uint64_t i)
{
	return PHONE_BASE + 3 * i + i / 1000 * 200;
}

static uint64_t
phone_index(uint64_t key)
{
	if (key < PHONE_BASE)
		return UINT64_MAX;
	uint64_t v = key - PHONE_BASE, b = v / 3200, r = v % 3200;
	return r % 3 != 0 || r >= 3000 ? UINT64_MAX : 1000 * b + r / 3;
}

static const keyset phone = { phone_key, phone_index };
static const keyset hash = { hash_key, hash_index };

static uint64_t
key_of(uint64_t i)
{
	return hash_key(i);
}

/* check_stream: keysort_next gives, ascending and each once, exactly the
 * keys set->key(i) for i < nk and extra[0..nextra); then nothing, again. */
static void
check_stream(keysort *ks, const keyset *set, uint64_t nk,
    const uint64_t *extra, size_t nextra)
{
	uint64_t key, prev = 0, got = 0, want = nk;

	for (size_t e = 0; e < nextra; e++) {
		bool dup = set->index(extra[e]) < nk;
		for (size_t f = 0; f < e; f++)
			dup = dup || extra[f] == extra[e];
		want += !dup;
	}
	while (keysort_next(ks, &key)) {
		if (got > 0 && key <= prev)
			fail_msg("key %llu: %#llx after %#llx",
			    (unsigned long long)got, (unsigned long long)key,
			    (unsigned long long)prev);
		bool in = set->index(key) < nk;
		for (size_t e = 0; !in && e < nextra; e++)
			in = extra[e] == key;
		if (!in)
			fail_msg("key %llu: %#llx was not added",
			    (unsigned long long)got, (unsigned long long)key);
		prev = key;
		got++;
	}
	if (got != want)
		fail_msg("%llu keys, want %llu", (unsigned long long)got,
		    (unsigned long long)want);
	assert_false(keysort_next(ks, &key));
	assert_false(keysort_next(ks, &key));
}

static void
test_empty(void **state)
{
	keysort *ks = keysort_new();
	uint64_t nmax = 1, min = 1, max = 1, key;

	(void)state;
	keysort_end(ks, &nmax, &min, &max);
	assert_int_equal(nmax, 0);
	assert_int_equal(min, 0);
	assert_int_equal(max, 0);
	assert_false(keysort_next(ks, &key));
	keysort_free(ks);
	keysort_free(NULL);
	/* freed without keysort_end, with keys in it */
	ks = keysort_new();
	keysort_add(ks, 1);
	keysort_add(ks, 2);
	keysort_free(ks);
}

static void
test_one_run(void **state)
{
	static const uint64_t extremes[] = { 0, UINT64_MAX, 0, UINT64_MAX,
	    1ULL << 63 };
	keysort *ks;
	uint64_t nmax, min, max, key, got[8];
	size_t n = 0;

	(void)state;
	/* one key, many times */
	ks = keysort_new();
	for (int i = 0; i < 10000; i++)
		keysort_add(ks, 77);
	keysort_end(ks, &nmax, &min, &max);
	assert_int_equal(nmax, 1);
	assert_int_equal(min, 77);
	assert_int_equal(max, 77);
	assert_true(keysort_next(ks, &key));
	assert_int_equal(key, 77);
	assert_false(keysort_next(ks, &key));
	keysort_free(ks);

	/* the extremes, repeated */
	ks = keysort_new();
	for (size_t i = 0; i < NELEMS(extremes); i++)
		keysort_add(ks, extremes[i]);
	keysort_end(ks, &nmax, &min, &max);
	assert_int_equal(nmax, 3);
	assert_int_equal(min, 0);
	assert_int_equal(max, UINT64_MAX);
	while (n < NELEMS(got) && keysort_next(ks, &got[n]))
		n++;
	assert_int_equal(n, 3);
	assert_int_equal(got[0], 0);
	assert_int_equal(got[1], 1ULL << 63);
	assert_int_equal(got[2], UINT64_MAX);
	keysort_free(ks);

	/* a million keys, 600000 distinct, in an order of their own: the
	 * buffer grows several times; nmax exact in one run */
	ks = keysort_new();
	for (uint64_t i = 0; i < 1000000; i++)
		keysort_add(ks, key_of(i * 7 % 1000000 % 600000));
	keysort_end(ks, &nmax, &min, &max);
	assert_int_equal(nmax, 600000);
	uint64_t lo = UINT64_MAX, hi = 0;
	for (uint64_t i = 0; i < 600000; i++) {
		uint64_t k = key_of(i);
		lo = k < lo ? k : lo;
		hi = k > hi ? k : hi;
	}
	assert_int_equal(min, lo);
	assert_int_equal(max, hi);
	check_stream(ks, &hash, 600000, NULL, 0);
	keysort_free(ks);
}

/*
 * More than one run.  nk distinct keys set->key(0..nk) added in the order
 * (i * step) mod nk for i < total (step prime to nk), so that a key is in
 * two runs when total > nk, and extra keys (the extremes) in the first and
 * the last run; nmax an upper bound of the distinct keys, min and max
 * exact.
 */
static void
check_runs(const keyset *set, uint64_t nk, uint64_t step, uint64_t total,
    const uint64_t *extra, size_t nextra)
{
	keysort *ks = keysort_new();
	uint64_t nmax, min, max, lo = UINT64_MAX, hi = 0, distinct = nk;

	/* gcd(step, nk) = 1 */
	for (uint64_t a = step, b = nk; b != 0;) {
		uint64_t t = a % b;
		a = b;
		b = t;
		if (b == 0)
			assert_int_equal(a, 1);
	}
	for (size_t e = 0; e < nextra; e++)
		keysort_add(ks, extra[e]);
	for (uint64_t i = 0, j = 0; i < total; i++) {
		uint64_t k = set->key(j);
		keysort_add(ks, k);
		if (i < nk) {
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
		if ((j += step) >= nk)
			j -= nk;
	}
	for (size_t e = 0; e < nextra; e++) {
		keysort_add(ks, extra[e]);
		lo = extra[e] < lo ? extra[e] : lo;
		hi = extra[e] > hi ? extra[e] : hi;
		distinct += set->index(extra[e]) >= nk;
	}
	keysort_end(ks, &nmax, &min, &max);
	if (nmax < distinct)
		fail_msg("nmax %llu, fewer than the %llu distinct keys",
		    (unsigned long long)nmax, (unsigned long long)distinct);
	if (nmax > total + 2 * nextra)
		fail_msg("nmax %llu, more than the %llu keys added",
		    (unsigned long long)nmax,
		    (unsigned long long)(total + 2 * nextra));
	assert_int_equal(min, lo);
	assert_int_equal(max, hi);
	check_stream(ks, set, nk, extra, nextra);
	keysort_free(ks);
}

static void
test_run_full(void **state)
{
	/* exactly one run: never spooled, nmax exact */
	keysort *ks = keysort_new();
	uint64_t nmax, min, max;

	(void)state;
	for (uint64_t i = 0; i < KEYSORT_RUN; i++)
		keysort_add(ks, key_of(i % (KEYSORT_RUN - 5)));
	keysort_end(ks, &nmax, &min, &max);
	assert_int_equal(nmax, KEYSORT_RUN - 5);
	check_stream(ks, &hash, KEYSORT_RUN - 5, NULL, 0);
	keysort_free(ks);
}

static void
test_run_and_one(void **state)
{
	(void)state;
	/* one key more than a run: a second run of one key, which the
	 * first has too */
	check_runs(&hash, KEYSORT_RUN, 1, KEYSORT_RUN + 1, NULL, 0);
}

static void
test_runs(void **state)
{
	static const uint64_t extra[] = { 0, UINT64_MAX, 1ULL << 63 };

	(void)state;
	/* three runs of hash-like keys: 16M keys, then 8M new and 8M of the
	 * first run's again, then 12345 of the first run's again; the
	 * extremes in the first run and the last */
	check_runs(&hash, KEYSORT_RUN + KEYSORT_RUN / 2, 1,
	    2 * (uint64_t)KEYSORT_RUN + 12345 - 2 * NELEMS(extra), extra,
	    NELEMS(extra));
}

static void
test_runs_phones(void **state)
{
	static const uint64_t extra[] = { 4155550134ULL, 19999999999ULL };

	(void)state;
	/* two runs of phone numbers in a scrambled order, a quarter of
	 * them in both; small deltas in the spool */
	check_runs(&phone, KEYSORT_RUN + 1001, 7919,
	    KEYSORT_RUN + 1001 + KEYSORT_RUN / 4, extra, NELEMS(extra));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_small),
		cmocka_unit_test(test_sort_random),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one_run),
		cmocka_unit_test(test_run_full),
		cmocka_unit_test(test_run_and_one),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_runs_phones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
