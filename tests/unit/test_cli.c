/* test_cli.c - unit tests for cli.c: the values options accept (what
 * they refuse ends the program: tests/conventions.bats) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/cli.h"

static void
test_count(void **state)
{
	(void)state;
	assert_int_equal(cli_count("--gate", "0", 0, 10), 0);
	assert_int_equal(cli_count("--gate", "007", 0, 10), 7);
	assert_int_equal(cli_count("--gate", "10", 0, 10), 10);
	assert_int_equal(cli_count("--gate", "-3", -5, 10), -3);
	assert_true(cli_count("--limit", "1000000000", 0, 1000000000) ==
	    1000000000);
}

static void
test_number(void **state)
{
	(void)state;
	assert_true(cli_number("--sla", "0.5", 0, 100) == 0.5);
	assert_true(cli_number("--sla", "24", 0, 100) == 24);
	assert_true(cli_number("--sla", "-1.25", -2, 100) == -1.25);
}

static void
test_duration(void **state)
{
	(void)state;
	assert_int_equal(cli_duration("--overdue", "14", 'd', 3650), 14);
	assert_int_equal(cli_duration("--overdue", "14d", 'd', 3650), 14);
	assert_int_equal(cli_duration("--overdue", "2w", 'd', 3650), 14);
	assert_int_equal(cli_duration("--overdue", "48h", 'd', 3650), 2);
	assert_int_equal(cli_duration("--overdue", "0", 'd', 3650), 0);
	assert_int_equal(cli_duration("--overdue", "3650", 'd', 3650), 3650);
	assert_int_equal(cli_duration("--sla", "2d", 'h', 1000), 48);
	assert_int_equal(cli_duration("--sla", "1w", 'h', 1000), 168);
}

static void
test_date(void **state)
{
	(void)state;
	/* 2026-03-10: 20522 days after the epoch */
	assert_true(cli_date("--as-of", "2026-03-10", false) ==
	    (time_t)20522 * 86400);
	assert_true(cli_date("--until", "2026-03-10", true) ==
	    (time_t)20522 * 86400 + 86399);
	assert_true(cli_date("--until", "2026-03-10T12:00:00Z", true) ==
	    (time_t)20522 * 86400 + 43200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
