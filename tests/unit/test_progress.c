/* test_progress.c - unit tests for progress.c: the line's text */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "io/progress.h"

static void
test_unknown_size(void **state)
{
	char b[256];

	(void)state;
	/* a pipe: records and their rate only */
	size_t n = progress_format(b, sizeof b, "lead-score", 412000, 2.0,
	    5000, 0);
	assert_int_equal(n, strlen(b));
	assert_string_equal(b, "lead-score: 412000 records, 206000/s");
}

static void
test_known_size(void **state)
{
	char b[256];

	(void)state;
	/* 41 % in 2 s: 2.88 s left, as 0:03 */
	progress_format(b, sizeof b, "lead", 412000, 2.0, 41, 100);
	assert_string_equal(b, "lead: 412000 records, 206000/s, 41%, 0:03 left");
	/* hours */
	progress_format(b, sizeof b, "lead", 10, 3600.0, 1, 4);
	assert_string_equal(b, "lead: 10 records, 0/s, 25%, 3:00:00 left");
	/* nothing read yet: no guess */
	progress_format(b, sizeof b, "lead", 0, 1.0, 0, 4);
	assert_string_equal(b, "lead: 0 records, 0/s, 0%, ? left");
	/* the file grew while read: no percent past 100 */
	progress_format(b, sizeof b, "lead", 7, 1.0, 5, 4);
	assert_string_equal(b, "lead: 7 records, 7/s");
}

static void
test_cut(void **state)
{
	char b[12];

	(void)state;
	assert_int_equal(progress_format(b, sizeof b, "lead-import", 1, 1.0,
	    1, 2), 11);
	assert_string_equal(b, "lead-import");
}

static void
test_not_a_terminal(void **state)
{
	(void)state;
	/* the tests' stderr is a file or pipe under make unit; when it is a
	 * terminal, there is a line, which progress_free clears */
	progress *p = progress_new("lead", NULL, 0);
	progress_tick(p, 1, 1);
	progress_free(p);
	progress_tick(NULL, 1, 1);
	progress_clear(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_size),
		cmocka_unit_test(test_known_size),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_not_a_terminal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
