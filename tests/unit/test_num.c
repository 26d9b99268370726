/* test_num.c - unit tests for num.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "value/num.h"
#include "base/sbuf.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

struct num_case {
	const char *in;
	double want;
};

struct range_case {
	const char *in;
	double lo, hi;
};

struct bool_case {
	const char *in;
	int want;
};

struct fmt_case {
	double v;
	const char *want;
};

/* Values are compared exactly: the parser builds them from an integer
 * mantissa and a power of ten, so "1,5 Mio" is exactly 1500000. */
static void
check_parse(const struct num_case *c, size_t nc)
{
	for (size_t i = 0; i < nc; i++) {
		double v = -12345.678;

		if (num_parse(c[i].in, strlen(c[i].in), &v) != 0)
			fail_msg("\"%s\": rejected", c[i].in);
		if (v != c[i].want)
			fail_msg("\"%s\": got %.17g, want %.17g", c[i].in, v,
			    c[i].want);
	}
}

static void
check_invalid(int (*fn)(const char *, size_t, double *), const char *const *c,
    size_t nc)
{
	for (size_t i = 0; i < nc; i++) {
		double v;

		if (fn(c[i], strlen(c[i]), &v) != -1)
			fail_msg("\"%s\": accepted as %.17g", c[i], v);
	}
}

static void
test_parse_plain(void **state)
{
	static const struct num_case c[] = {
		{ "0", 0 }, { "7", 7 }, { "1200", 1200 }, { " 42 ", 42 },
		{ "-5", -5 }, { "+5", 5 }, { "\xe2\x88\x92" "5", -5 },
		{ "0.5", 0.5 }, { ".5", 0.5 }, { ",5", 0.5 }, { "007", 7 },
		{ "3.14159", 3.14159 }, { "0.1", 0.1 }, { "0.3", 0.3 },
		{ "1e3", 1000 }, { "1.5E+06", 1500000 }, { "2,5e-1", 0.25 },
		{ "123456789012345678", 123456789012345678.0 },
	};

	(void)state;
	check_parse(c, NELEMS(c));
}

static void
test_parse_separators(void **state)
{
	static const struct num_case c[] = {
		{ "1.200", 1200 }, { "1,200", 1200 },
		{ "1,5", 1.5 }, { "1.5", 1.5 },
		{ "1,234.5", 1234.5 }, { "1.234,5", 1234.5 },
		{ "1.200.000", 1200000 }, { "1,200,000", 1200000 },
		{ "1.234.567,89", 1234567.89 }, { "1,234,567.89", 1234567.89 },
		{ "1 234 567", 1234567 }, { "1 234,5", 1234.5 },
		{ "1'234'567", 1234567 }, { "1’234.50", 1234.5 },
		{ "1\xc2\xa0" "234", 1234 },		/* no-break space */
		{ "1\xe2\x80\xaf" "234,5", 1234.5 },	/* narrow no-break */
		{ "0.500", 0.5 },		/* a leading 0 never groups */
		{ "0,123", 0.123 },
		{ "1234.567", 1234.567 },	/* four digits before: decimal */
		{ "1.2345", 1.2345 },
		{ "12,34", 12.34 },
	};

	(void)state;
	check_parse(c, NELEMS(c));
}

static void
test_parse_money(void **state)
{
	static const struct num_case c[] = {
		{ "€1.200.000", 1200000 }, { "€ 1.200.000", 1200000 },
		{ "1.200.000 €", 1200000 }, { "1.200.000€", 1200000 },
		{ "$1,234.50", 1234.5 }, { "£99", 99 },
		{ "EUR 5.000", 5000 }, { "5.000 EUR", 5000 }, { "eur5", 5 },
		{ "USD 10", 10 }, { "10 GBP", 10 }, { "CHF 1'000", 1000 },
		{ "1 200 zł", 1200 }, { "1 200 ZŁ", 1200 }, { "PLN 7", 7 },
		{ "-€5", -5 }, { "€-5", -5 }, { "US$ 3", 3 },
	};

	(void)state;
	check_parse(c, NELEMS(c));
}

static void
test_parse_scale(void **state)
{
	static const struct num_case c[] = {
		{ "50k", 50000 }, { "50K", 50000 }, { "50 k", 50000 },
		{ "1,5 Mio", 1500000 }, { "1,5 Mio.", 1500000 },
		{ "1.5M", 1500000 }, { "2 m", 2000000 }, { "3mn", 3000000 },
		{ "2 mln", 2000000 }, { "7 Tsd.", 7000 }, { "7 tsd", 7000 },
		{ "1,1 Mio", 1100000 }, { "2bn", 2e9 }, { "2 Mrd.", 2e9 },
		{ "1,2 mld", 1.2e9 }, { "3 mrd", 3e9 },
		{ "€1,5 Mio", 1500000 }, { "1,5 Mio. EUR", 1500000 },
		{ "50k€", 50000 }, { "$2.5bn", 2.5e9 },
		{ "3 million", 3e6 }, { "2 Millionen", 2e6 },
		{ "4 Milliarden", 4e9 }, { "5 miljoen", 5e6 },
		{ "10 tys.", 10000 }, { "5 thousand", 5000 },
	};

	(void)state;
	check_parse(c, NELEMS(c));
}

static void
test_parse_invalid(void **state)
{
	static const char *const c[] = {
		"", " ", "abc", "12abc", "12 abc", "1.2.3", "1,2,3",
		"1,234.5.6", "1.234,5,6", "1 23", "12 345 6", "1.", "1,",
		"-", "+", "€", "k", "5 kk", "5 k k", "€5€", "€ $5",
		"1..2", "--5", "5-", "1e", "0x10", "1/2", "5%", "١٢",
		"50 Mio Mio", "1.234.5", "\xff" "5", "5\xff",
	};

	(void)state;
	check_invalid(num_parse, c, NELEMS(c));
}

static void
test_range(void **state)
{
	static const struct range_case c[] = {
		{ "51-200", 51, 200 }, { "51 - 200", 51, 200 },
		{ "51 – 200", 51, 200 }, { "51—200", 51, 200 },
		{ "1000+", 1000, 1000 }, { "1.000+", 1000, 1000 },
		{ ">1000", 1000, 1000 }, { "> 1000", 1000, 1000 },
		{ "<10", 0, 10 }, { "< 10", 0, 10 },
		{ "42", 42, 42 }, { "-5", -5, -5 }, { "-5 - 5", -5, 5 },
		{ "10 to 20", 10, 20 }, { "10 bis 20", 10, 20 },
		{ "10 tot 20", 10, 20 }, { "10 do 20", 10, 20 },
		{ "1-5 Mio", 1e6, 5e6 }, { "500-1k", 500, 1000 },
		{ "€1-5 Mio", 1e6, 5e6 }, { "1k-5k", 1000, 5000 },
		{ "1.000-5.000", 1000, 5000 }, { "5-5", 5, 5 },
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		double lo = -1, hi = -1;

		if (num_range(c[i].in, strlen(c[i].in), &lo, &hi) != 0)
			fail_msg("\"%s\": rejected", c[i].in);
		if (lo != c[i].lo || hi != c[i].hi)
			fail_msg("\"%s\": got %g..%g", c[i].in, lo, hi);
	}
}

static void
test_range_invalid(void **state)
{
	static const char *const c[] = {
		"", "-", "+", "<", ">", "200-51", "1-", "-x", "a-b", "1--",
		"10to20", "1 - 2 - 3", "12abc", "<>5", "5++",
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		double lo, hi;

		if (num_range(c[i], strlen(c[i]), &lo, &hi) != -1)
			fail_msg("\"%s\": accepted as %g..%g", c[i], lo, hi);
	}
}

static void
test_bool(void **state)
{
	static const struct bool_case c[] = {
		{ "yes", 1 }, { "YES", 1 }, { " Yes ", 1 }, { "y", 1 },
		{ "ja", 1 }, { "J", 1 }, { "tak", 1 }, { "x", 1 }, { "X", 1 },
		{ "1", 1 }, { "true", 1 }, { "TRUE", 1 }, { "t", 1 },
		{ "on", 1 }, { "wahr", 1 }, { "waar", 1 }, { "prawda", 1 },
		{ "no", 0 }, { "NO", 0 }, { "n", 0 }, { "nein", 0 },
		{ "nee", 0 }, { "nie", 0 }, { "0", 0 }, { "false", 0 },
		{ "f", 0 }, { "off", 0 }, { "Falsch", 0 }, { "onwaar", 0 },
		{ "fałsz", 0 }, { "FAŁSZ", 0 },
		{ "", -1 }, { " ", -1 }, { "maybe", -1 }, { "2", -1 },
		{ "yess", -1 }, { "ye", -1 }, { "yes no", -1 }, { "00", -1 },
		{ "-1", -1 }, { "\xff", -1 }, { "falsz", -1 },
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++)
		if (num_bool(c[i].in, strlen(c[i].in)) != c[i].want)
			fail_msg("\"%s\": want %d", c[i].in, c[i].want);
}

static void
test_days(void **state)
{
	static const struct num_case c[] = {
		{ "0", 0 }, { "14", 14 }, { "14 days", 14 }, { "1 day", 1 },
		{ "5d", 5 }, { "2w", 14 }, { "2 weeks", 14 }, { "1 week", 7 },
		{ "3m", 90 }, { "3 mo", 90 }, { "3 months", 90 },
		{ "1 month", 30 }, { "2 q", 180 }, { "1 quarter", 90 },
		{ "1y", 365 }, { "2 years", 730 }, { "1 Year", 365 },
		{ "3-6 months", 180 }, { "3 - 6 Monate", 180 },
		{ "1,5 Jahre", 547.5 }, { "<3 months", 90 },
		{ "in 2 weeks", 14 }, { "within 3 months", 90 },
		{ "immediately", 0 }, { "Now", 0 }, { "ASAP", 0 },
		{ "sofort", 0 }, { "direct", 0 }, { "natychmiast", 0 },
		/* German */
		{ "3 Tage", 3 }, { "1 Tag", 1 }, { "2 Wochen", 14 },
		{ "1 Woche", 7 }, { "6 Monate", 180 }, { "1 Monat", 30 },
		{ "2 Jahre", 730 }, { "1 Jahr", 365 },
		{ "innerhalb 3 Monate", 90 },
		/* Dutch */
		{ "1 dag", 1 }, { "3 dagen", 3 }, { "1 week", 7 },
		{ "2 weken", 14 }, { "1 maand", 30 }, { "3 maanden", 90 },
		{ "1 jaar", 365 }, { "binnen 2 weken", 14 },
		/* Polish */
		{ "1 dzień", 1 }, { "5 dni", 5 }, { "1 tydzień", 7 },
		{ "2 tygodnie", 14 }, { "5 tygodni", 35 },
		{ "1 miesiąc", 30 }, { "3 miesiące", 90 },
		{ "6 miesięcy", 180 }, { "6 MIESIĘCY", 180 },
		{ "1 rok", 365 }, { "2 lata", 730 }, { "5 lat", 1825 },
		{ "za 2 tygodnie", 14 },
		{ "3 Mon.", 90 },
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		double d = -1;

		if (num_days(c[i].in, strlen(c[i].in), &d) != 0)
			fail_msg("\"%s\": rejected", c[i].in);
		if (d != c[i].want)
			fail_msg("\"%s\": got %g, want %g", c[i].in, d,
			    c[i].want);
	}
}

static void
test_days_invalid(void **state)
{
	static const char *const c[] = {
		"", "  ", "months", "3 fortnights", "12abc", "-3 days",
		"3 days ago", "soon", "3 k", "€5", "3 months 2 days", "in",
		"5 Mio days",
	};

	(void)state;
	check_invalid(num_days, c, NELEMS(c));
}

static void
test_format(void **state)
{
	static const struct fmt_case c[] = {
		{ 0, "0" }, { -0.0, "0" }, { 1200, "1200" }, { -7, "-7" },
		{ 1.5, "1.5" }, { 1234.5, "1234.5" }, { 0.1, "0.1" },
		{ 0.1 + 0.2, "0.3" }, { 1e6, "1000000" },
		{ 999999999999999.0, "999999999999999" },
		{ 1e15, "1e+15" }, { 2.5e-7, "2.5e-07" },
		{ 1.0 / 3, "0.333333333333333" },
	};
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		sbuf_reset(&b);
		num_format(&b, c[i].v);
		if (strcmp(b.p, c[i].want) != 0)
			fail_msg("%.17g: got \"%s\", want \"%s\"", c[i].v, b.p,
			    c[i].want);
	}
	sbuf_free(&b);
}

static void
test_format_reads_back(void **state)
{
	static const double v[] = { 0, 1, 1200, 1234.5, 1.5e6, 0.25, -3.75 };
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(v); i++) {
		double back;

		sbuf_reset(&b);
		num_format(&b, v[i]);
		assert_int_equal(num_parse(b.p, b.n, &back), 0);
		assert_true(back == v[i]);
	}
	sbuf_free(&b);
}

/* Words are compared byte by byte where ASCII, decoded otherwise: KELVIN
 * SIGN lower-cases to 'k'.  Trailing no-break spaces are trimmed. */
static void
test_fast_paths(void **state)
{
	static const struct num_case c[] = {
		{ "1 \xe2\x84\xaa", 1000 },
		{ "12\xc2\xa0", 12 },
		{ "\xc2\xa0" "12 ", 12 },
		{ "EUR 5", 5 },
		{ "5 eur", 5 },
		{ "\xe2\x82\xac" "5", 5 },
	};
	static const char *const bad[] = {
		"influencer", "champion", "decision_maker", "economic_buyer",
		"user", "$", "eurx 5",
	};

	(void)state;
	check_parse(c, NELEMS(c));
	check_invalid(num_parse, bad, NELEMS(bad));
	for (size_t i = 0; i < NELEMS(bad); i++)
		assert_int_equal(num_bool(bad[i], strlen(bad[i])), -1);
	assert_int_equal(num_bool(" Ja\xc2\xa0", 5), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_separators),
		cmocka_unit_test(test_parse_money),
		cmocka_unit_test(test_parse_scale),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_invalid),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_days_invalid),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_reads_back),
		cmocka_unit_test(test_fast_paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
