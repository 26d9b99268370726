/* test_country.c - unit tests for country.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "value/country.h"
#include "fixture.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))

static void
test_lookup(void **state)
{
	static const struct {
		const char *in, *a2;
	} cases[] = {
		{ "DE", "DE" }, { "de", "DE" }, { "De", "DE" },
		{ " DE ", "DE" },
		{ "DEU", "DE" }, { "deu", "DE" }, { "Germany", "DE" },
		{ "GERMANY", "DE" }, { "deutschland ", "DE" },
		{ "Deutschland", "DE" }, { "Duitsland", "DE" },
		{ "Niemcy", "DE" }, { "  niemcy\t", "DE" },
		{ "UK", "GB" }, { "uk", "GB" }, { "England", "GB" },
		{ "GBR", "GB" }, { "Great-Britain", "GB" },
		{ "Vereinigtes Königreich", "GB" },
		{ "VEREINIGTES KÖNIGREICH", "GB" },
		{ "vereinigtes konigreich", "GB" },
		{ "Österreich", "AT" }, { "Osterreich", "AT" },
		{ "Włochy", "IT" }, { "wlochy", "IT" }, { "Italië", "IT" },
		{ "USA", "US" }, { "United States of America", "US" },
		{ "Stany Zjednoczone", "US" }, { "the netherlands", "NL" },
		{ "NL", "NL" }, { "Kazachstan", "KZ" }, { "KZ", "KZ" },
		{ "Szwajcaria", "CH" }, { "ch", "CH" }, { "Polska", "PL" },
		{ "Frankrijk", "FR" }, { "Rosja", "RU" }, { "can", "CA" },
		{ "XX", NULL }, { "XXX", NULL }, { "Atlantis", NULL },
		{ "", NULL }, { "   ", NULL }, { "D", NULL }, { "-", NULL },
		{ "Germany!", "DE" }, { "Germanyy", NULL }, { "D E", NULL },
	};
	const country_table *t = *state;

	for (size_t i = 0; i < N(cases); i++) {
		const country *c = country_lookup(t, cases[i].in,
		    strlen(cases[i].in));
		if (cases[i].a2 == NULL) {
			if (c != NULL)
				fail_msg("\"%s\": expected unknown, got %s",
				    cases[i].in, c->alpha2);
			continue;
		}
		if (c == NULL)
			fail_msg("\"%s\": expected %s, got unknown",
			    cases[i].in, cases[i].a2);
		assert_string_equal(c->alpha2, cases[i].a2);
	}
}

/* Lookups take (pointer, length): bytes past n are not part of the key. */
static void
test_lookup_length(void **state)
{
	const country_table *t = *state;
	const country *c = country_lookup(t, "DEUTSCHLANDxyz", 11);

	assert_non_null(c);
	assert_string_equal(c->alpha2, "DE");
	c = country_lookup(t, "DEx", 2);
	assert_non_null(c);
	assert_string_equal(c->alpha2, "DE");
	assert_null(country_lookup(t, "DE", 0));
}

static void
test_fields(void **state)
{
	const country_table *t = *state;
	const country *de = country_by_alpha2(t, "DE");
	const country *it = country_by_alpha2(t, "it");
	const country *ru = country_by_alpha2(t, "RU");

	assert_non_null(de);
	assert_string_equal(de->alpha3, "DEU");
	assert_string_equal(de->calling_code, "49");
	assert_string_equal(de->trunk_prefix, "0");
	assert_int_equal(de->nsn_min, 6);
	assert_int_equal(de->nsn_max, 13);
	assert_string_equal(de->name, "Germany");
	assert_non_null(it);
	assert_string_equal(it->trunk_prefix, "");
	assert_string_equal(it->name, "Italy");
	assert_non_null(ru);
	assert_string_equal(ru->trunk_prefix, "8");
}

static void
test_by_alpha2(void **state)
{
	static const struct {
		const char *in, *a2;
	} cases[] = {
		{ "DE", "DE" }, { "de", "DE" }, { "gB", "GB" }, { "AT", "AT" },
		{ "UK", NULL }, { "D", NULL }, { "", NULL }, { "DEU", NULL },
		{ "D1", NULL }, { "ZZ", NULL },
	};
	const country_table *t = *state;

	for (size_t i = 0; i < N(cases); i++) {
		const country *c = country_by_alpha2(t, cases[i].in);
		if (cases[i].a2 == NULL) {
			assert_null(c);
			continue;
		}
		assert_non_null(c);
		assert_string_equal(c->alpha2, cases[i].a2);
	}
}

static void
test_calling_code(void **state)
{
	static const struct {
		const char *digits, *a2;
		size_t cclen;
	} cases[] = {
		{ "14155550100", "US", 1 },	/* first of the NANP rows */
		{ "1", "US", 1 },
		{ "4930123456", "DE", 2 },
		{ "441174599275", "GB", 2 },
		{ "79161234567", "RU", 1 },	/* RU before KZ */
		{ "77012345678", "RU", 1 },
		{ "31105161619", "NL", 2 },
		{ "48127639548", "PL", 2 },
		{ "390612345678", "IT", 2 },
		{ "41441234567", "CH", 2 },
		{ "43", "AT", 2 },
		{ "33", "FR", 2 },
		{ "4", NULL, 0 },
		{ "999123456", NULL, 0 },
		{ "", NULL, 0 },
		{ "x49", NULL, 0 },
		{ "0049", NULL, 0 },
	};
	const country_table *t = *state;

	for (size_t i = 0; i < N(cases); i++) {
		size_t cclen = 99;
		const country *c = country_by_calling_code(t, cases[i].digits,
		    strlen(cases[i].digits), &cclen);
		if (cases[i].a2 == NULL) {
			if (c != NULL)
				fail_msg("%s: expected none, got %s",
				    cases[i].digits, c->alpha2);
			continue;
		}
		if (c == NULL)
			fail_msg("%s: expected %s, got none", cases[i].digits,
			    cases[i].a2);
		assert_string_equal(c->alpha2, cases[i].a2);
		assert_int_equal(cclen, cases[i].cclen);
	}
	/* only the first n digits count */
	size_t cclen;
	const country *c = country_by_calling_code(t, "4930", 1, &cclen);
	assert_null(c);
}

/* load_text: write text to a temporary file and load it. */
static country_table *
load_text(const char *text, char *path, size_t pathsz, char **err)
{
	snprintf(path, pathsz, "/tmp/test_country.XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	country_table *t = country_table_load(path, err);
	unlink(path);
	return t;
}

static void
test_load_errors(void **state)
{
	static const struct {
		const char *text, *msg;	/* msg: after "path:" */
	} cases[] = {
		{ "DE\tDEU\t49\t0\t6\t13\n",
		  "1: expected 7 tab-separated fields" },
		{ "# c\n\nDE\tDEU\t49\t0\t6\t13\tGermany\tx\n",
		  "3: expected 7 tab-separated fields" },
		{ "D\tDEU\t49\t0\t6\t13\tGermany\n",
		  "1: bad alpha-2 code \"D\"" },
		{ "D1\tDEU\t49\t0\t6\t13\tGermany\n",
		  "1: bad alpha-2 code \"D1\"" },
		{ "DE\tDE\t49\t0\t6\t13\tGermany\n",
		  "1: bad alpha-3 code \"DE\"" },
		{ "DE\tDEU\t+49\t0\t6\t13\tGermany\n",
		  "1: bad calling code \"+49\"" },
		{ "DE\tDEU\t4900\t0\t6\t13\tGermany\n",
		  "1: bad calling code \"4900\"" },
		{ "DE\tDEU\t049\t0\t6\t13\tGermany\n",
		  "1: bad calling code \"049\"" },
		{ "DE\tDEU\t49\tO\t6\t13\tGermany\n",
		  "1: bad trunk prefix \"O\"" },
		{ "DE\tDEU\t49\t0\tsix\t13\tGermany\n",
		  "1: bad nsn_min \"six\"" },
		{ "DE\tDEU\t49\t0\t6\t16\tGermany\n", "1: bad nsn_max \"16\"" },
		{ "DE\tDEU\t49\t0\t6\t5\tGermany\n", "1: bad nsn_max \"5\"" },
		{ "DE\tDEU\t49\t0\t6\t\tGermany\n", "1: bad nsn_max \"\"" },
		{ "DE\tDEU\t49\t0\t6\t13\t\n", "1: missing name" },
		{ "DE\tDEU\t49\t0\t\t\tGermany\n", "1: bad nsn_min \"\"" },
		{ "AQ\tATA\t\t\t\t5\tAntarctica\n", "1: bad nsn_min \"\"" },
		{ "DE\tDEU\t49\t0\t6\t13\tGermany\nDE\tDEX\t1\t0\t1\t2\tX\n",
		  "2: duplicate alpha-2 code \"DE\"" },
		{ "DE\tDEU\t49\t0\t6\t13\tGermany\nDX\tdeu\t1\t0\t1\t2\tX\n",
		  "2: duplicate alpha-3 code \"deu\"" },
	};
	char path[64];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char *err = NULL, want[256];
		country_table *t = load_text(cases[i].text, path, sizeof path,
		    &err);
		assert_null(t);
		assert_non_null(err);
		snprintf(want, sizeof want, "%s:%s", path, cases[i].msg);
		assert_string_equal(err, want);
		free(err);
	}
}

static void
test_load_edge(void **state)
{
	char path[64], *err = (char *)"unset";
	country_table *t;
	const country *c;

	(void)state;
	/* CRLF lines, spaces around fields, a comment, a blank line; a name
	 * claimed twice stays with the first country; no calling code */
	t = load_text("# x\r\n\r\nAA\tAAA\t 12 \t\t1\t9\tAlpha|Shared\r\n"
	    "BB\tBBB\t12\t0\t1\t9\tBeta|shared|| b \n"
	    "AQ\tATA\t\t\t\t\tAntarctica\n"
	    "BV\tBVT\t\t\t0\t0\tBouvet Island\n", path, sizeof path, &err);
	assert_non_null(t);
	assert_null(err);
	c = country_lookup(t, "SHARED", 6);
	assert_non_null(c);
	assert_string_equal(c->alpha2, "AA");
	c = country_lookup(t, "b", 1);
	assert_non_null(c);
	assert_string_equal(c->alpha2, "BB");
	assert_string_equal(c->name, "Beta");
	size_t cclen;
	c = country_by_calling_code(t, "12345", 5, &cclen);
	assert_non_null(c);
	assert_string_equal(c->alpha2, "AA");
	c = country_lookup(t, "antarctica", 10);
	assert_non_null(c);
	assert_string_equal(c->calling_code, "");
	assert_int_equal(c->nsn_max, 0);
	assert_non_null(country_lookup(t, "Bouvet island", 13));
	country_table_free(t);

	/* an empty file is an empty table */
	t = load_text("", path, sizeof path, NULL);
	assert_non_null(t);
	assert_null(country_lookup(t, "DE", 2));
	country_table_free(t);

	errno = 0;
	err = (char *)"unset";
	assert_null(country_table_load("/nonexistent/countries.tsv", &err));
	assert_int_equal(errno, ENOENT);
	assert_null(err);
	country_table_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_length),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_by_alpha2),
		cmocka_unit_test(test_calling_code),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_edge),
	};

	return cmocka_run_group_tests(tests, fixture_countries_setup,
	    fixture_countries_teardown);
}
