/* test_formula.c - unit tests for formula.c: which CSV cells a
 * spreadsheet would run as a formula, and which the reader unguards */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "io/formula.h"

static bool
risky(const char *s)
{
	return formula_risky(s, strlen(s));
}

static bool
guarded(const char *s)
{
	return formula_guarded(s, strlen(s));
}

static void
test_risky(void **state)
{
	(void)state;
	assert_true(risky("=1+1"));
	assert_true(risky("=HYPERLINK(\"http://x\")"));
	assert_true(risky("@SUM(A1)"));
	assert_true(risky("+cmd|' /C calc'!A0"));
	assert_true(risky("-2+3"));		/* '+' is no part of a number */
	assert_true(risky("-"));		/* no digit */
	assert_true(risky("+"));
	assert_true(risky("-x"));
	assert_true(risky("\t=1"));
	assert_true(risky("\r=1"));
	assert_true(formula_risky("\0=1", 3));	/* NUL first */
	assert_true(formula_risky("-5\0", 3));	/* a NUL is no digit */
}

static void
test_plain(void **state)
{
	(void)state;
	assert_false(risky(""));
	assert_false(risky("hello"));
	assert_false(risky("a=b"));
	assert_false(risky(" =1"));
	assert_false(risky("'=1"));
	assert_false(risky("-5"));
	assert_false(risky("-3.25"));
	assert_false(risky("-1,5"));
	assert_false(risky("+4930123456"));
	assert_false(risky("+49 30 1234567"));
	assert_false(risky("+1 (555) 010-9999"));
	assert_false(risky("-12/2026"));
}

static void
test_guarded(void **state)
{
	(void)state;
	assert_true(guarded("'=1+1"));
	assert_true(guarded("'@x"));
	assert_true(guarded("'-x"));
	assert_true(guarded("'\t1"));
	assert_false(guarded("'"));
	assert_false(guarded("'hello"));
	assert_false(guarded("'-5"));		/* -5 is written as it is */
	assert_false(guarded("''=1"));
	assert_false(guarded("=1"));
	assert_false(guarded(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_risky),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_guarded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
