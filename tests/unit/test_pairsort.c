/* test_pairsort.c - unit tests for pairsort.c
 *
 * pairsort against a stable reference (qsort by key, then by the order
 * the pairs came in): keys that differ only in high digits, only in low
 * ones, all alike, random with many repeats; 0, 1 and 2 pairs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/pairsort.h"

/* by_key_then_val: the reference order; vals are the input positions. */
static int
by_key_then_val(const void *a, const void *b)
{
	const pairsort_item *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->val < y->val ? -1 : x->val > y->val;
}

/* check: pairsort of keys[0..n), each paired with its position, equals
 * the reference. */
static void
check(const uint64_t *keys, size_t n)
{
	pairsort_item *a = calloc(n + 1, sizeof *a);
	pairsort_item *tmp = calloc(n + 1, sizeof *tmp);
	pairsort_item *want = calloc(n + 1, sizeof *want);

	assert_non_null(a);
	assert_non_null(tmp);
	assert_non_null(want);
	for (size_t i = 0; i < n; i++)
		a[i] = want[i] = (pairsort_item){ keys[i], (uint32_t)i };
	qsort(want, n, sizeof *want, by_key_then_val);
	pairsort(a, tmp, n);
	for (size_t i = 0; i < n; i++)
		if (a[i].key != want[i].key || a[i].val != want[i].val)
			fail_msg("%zu pairs: [%zu] = %#llx/%u, want %#llx/%u",
			    n, i, (unsigned long long)a[i].key, a[i].val,
			    (unsigned long long)want[i].key, want[i].val);
	free(a);
	free(tmp);
	free(want);
}

static void
test_small(void **state)
{
	(void)state;
	const uint64_t two[] = { 9, 3 }, one[] = { 7 };

	check(NULL, 0);
	check(one, 1);
	check(two, 2);
}

static void
test_digits(void **state)
{
	(void)state;
	uint64_t k[1000];

	for (size_t i = 0; i < 1000; i++)	/* high digits only */
		k[i] = (uint64_t)(i % 7) << 60;
	check(k, 1000);
	for (size_t i = 0; i < 1000; i++)	/* low digits only */
		k[i] = 999 - i % 13;
	check(k, 1000);
	for (size_t i = 0; i < 1000; i++)	/* all alike */
		k[i] = 0xfeedfacecafebeefULL;
	check(k, 1000);
}

static void
test_random(void **state)
{
	(void)state;
	size_t n = 200000;
	uint64_t *k = malloc(n * sizeof *k), x = 88172645463325252ULL;

	assert_non_null(k);
	for (size_t i = 0; i < n; i++) {	/* xorshift; a key in 50 repeats */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k[i] = i % 50 == 0 && i > 0 ? k[i / 2] : x;
	}
	check(k, n);
	free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
