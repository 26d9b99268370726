/* test_territory.c - unit tests for territory.c
 *
 * The country and region tables come from $LEADKIT_SHARE, else
 * share/leadkit (the tests run from the repository root); test_tables
 * points $LEADKIT_SHARE at broken copies in a temporary directory for a
 * while.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/sbuf.h"
#include "lead/territory.h"
#include "tmpdir.h"

#define N(a) (sizeof (a) / sizeof *(a))

/* The place the tests say an entry stands at. */
#define WHERE "r.csv:2"
/* The end of the message for an entry of no form. */
#define NOT_ENTRY "\" is not a country (DE), a country and postcode " \
	"prefix (DE:80), a region or *"

static int
setup(void **state)
{
	setenv("LEADKIT_SHARE", "share/leadkit", 0);
	return tmpdir_setup(state);
}

/* parse: entry e (upper-case, static) with tt (failing the test if it is
 * not an entry). */
static territory
parse(territory_tables *tt, const char *e)
{
	sbuf err = SBUF_INIT;
	territory t;

	if (territory_parse(tt, e, WHERE, &t, &err) != 0)
		fail_msg("%s: %s", e, sbuf_str(&err));
	sbuf_free(&err);
	return t;
}

/* What each form parses to. */
static void
test_kinds(void **state)
{
	static const char postcode[] = "DE:8-0";
	territory_tables *tt = territory_tables_new();
	(void)state;

	territory t = parse(tt, "*");
	assert_int_equal(t.kind, TERRITORY_ANY);
	t = parse(tt, "DE");
	assert_int_equal(t.kind, TERRITORY_COUNTRY);
	assert_string_equal(t.cc, "DE");
	t = parse(tt, postcode);
	assert_int_equal(t.kind, TERRITORY_POSTCODE);
	assert_string_equal(t.cc, "DE");
	assert_ptr_equal(t.prefix, postcode + 3);
	t = parse(tt, "DACH");
	assert_int_equal(t.kind, TERRITORY_REGION);
	assert_non_null(t.rg);
	/* a two-letter region is looked up before the country: NA is North
	 * America, not Namibia */
	t = parse(tt, "NA");
	assert_int_equal(t.kind, TERRITORY_REGION);
	territory_tables_free(tt);
}

/* Each bad entry, and its message. */
static void
test_errors(void **state)
{
	static const struct {
		const char *e, *err;
	} cases[] = {
		{ "XX", WHERE ": unknown country XX" },
		{ "XX:80", WHERE ": unknown country XX" },
		{ "MARS", WHERE ": unknown territory MARS" },
		{ "X1", WHERE ": unknown territory X1" },
		{ "DE:", WHERE ": territory \"DE:" NOT_ENTRY },
		{ "D", WHERE ": territory \"D" NOT_ENTRY },
		{ "DEU:80", WHERE ": territory \"DEU:80" NOT_ENTRY },
		{ "D1:80", WHERE ": territory \"D1:80" NOT_ENTRY },
		{ "DE:8 0", WHERE ": territory \"DE:8 0" NOT_ENTRY },
		{ "1A", WHERE ": territory \"1A" NOT_ENTRY },
		{ "**", WHERE ": territory \"**" NOT_ENTRY },
	};
	territory_tables *tt = territory_tables_new();
	sbuf err = SBUF_INIT;
	territory t;
	(void)state;

	for (size_t i = 0; i < N(cases); i++) {
		sbuf_adds(&err, "left over");
		if (territory_parse(tt, cases[i].e, WHERE, &t, &err) == 0)
			fail_msg("%s parsed, expected %s", cases[i].e,
			    cases[i].err);
		assert_string_equal(sbuf_str(&err), cases[i].err);
	}
	sbuf_free(&err);
	territory_tables_free(tt);
}

/* Which leads each entry covers. */
static void
test_covers(void **state)
{
	static const struct {
		const char *e, *country, *postcode;
		bool want;
	} cases[] = {
		/* a country: any postcode there, and nothing else */
		{ "DE", "DE", NULL, true },
		{ "DE", "de", "10115", true },
		{ "DE", "AT", "1010", false },
		{ "DE", NULL, "10115", false },
		{ "DE", "", NULL, false },
		{ "DE", "DEU", NULL, false },
		/* a postcode prefix: the lead's postcode without blanks, any
		 * case */
		{ "DE:80", "DE", "80331", true },
		{ "DE:80", "de", "80 331", true },
		{ "DE:80", "DE", " 8 0", true },
		{ "DE:80", "DE", "8", false },
		{ "DE:80", "DE", "81675", false },
		{ "DE:80", "DE", "08033", false },
		{ "DE:80", "DE", NULL, false },
		{ "DE:80", "AT", "8010", false },
		{ "DE:80", NULL, "80331", false },
		{ "DE:80", "CH", "8001", false },
		{ "GB:SW1", "GB", "sw1a 1aa", true },
		{ "GB:SW1", "GB", "SE1 7PB", false },
		{ "GB:SW1", "DE", "80331", false },
		/* a region */
		{ "DACH", "CH", "8001", true },
		{ "DACH", "at", NULL, true },
		{ "DACH", "FR", NULL, false },
		{ "DACH", NULL, NULL, false },
		{ "EU", "DE", "80331", true },
		{ "EU", "CH", "8001", false },
		{ "NA", "US", NULL, true },
		{ "NA", "CA", NULL, true },
		{ "NA", "NA", NULL, false },
		{ "ANZ", "NA", NULL, false },
		{ "ANZ", "NZ", NULL, true },
		/* everywhere, also without a country */
		{ "FR", "FR", NULL, true },
		{ "FR", "JP", NULL, false },
		{ "FR", NULL, NULL, false },
		{ "*", "FR", NULL, true },
		{ "*", "JP", NULL, true },
		{ "*", NULL, NULL, true },
	};
	territory_tables *tt = territory_tables_new();
	(void)state;

	for (size_t i = 0; i < N(cases); i++) {
		territory t = parse(tt, cases[i].e);
		if (territory_covers(&t, cases[i].country, cases[i].postcode)
		    != cases[i].want)
			fail_msg("%s %s lead in %s, postcode %s", cases[i].e,
			    cases[i].want ? "does not cover" : "covers",
			    cases[i].country ? cases[i].country : "(none)",
			    cases[i].postcode ? cases[i].postcode : "(none)");
	}
	territory_tables_free(tt);
}

/* EU: 27 members (the UK not among them); NORDICS, UKI, IBERIA, BALTICS,
 * CEE, BENELUX as listed. */
static void
test_regions(void **state)
{
	static const char eu[][3] = {
		"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
		"FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
		"NL", "PL", "PT", "RO", "SE", "SI", "SK",
	};
	static const char *const rest[] = {
		"BENELUX", "NORDICS", "UKI", "IBERIA", "BALTICS", "CEE",
	};
	static const struct {
		const char *cc;
		const char *want;	/* the first region of rest */
	} cases[] = {
		{ "NL", "BENELUX" }, { "LU", "BENELUX" }, { "NO", "NORDICS" },
		{ "IS", "NORDICS" }, { "IE", "UKI" }, { "GB", "UKI" },
		{ "PT", "IBERIA" }, { "LV", "BALTICS" }, { "PL", "CEE" },
		{ "RU", NULL }, { "TR", NULL },
	};
	territory_tables *tt = territory_tables_new();
	size_t in_eu = 0;
	(void)state;

	territory t = parse(tt, "EU");
	assert_int_equal(N(eu), 27);
	for (size_t i = 0; i < N(eu); i++)
		in_eu += territory_covers(&t, eu[i], NULL);
	assert_int_equal(in_eu, 27);
	assert_false(territory_covers(&t, "GB", NULL));
	assert_false(territory_covers(&t, "CH", NULL));
	assert_false(territory_covers(&t, "NO", NULL));
	for (size_t i = 0; i < N(cases); i++) {
		const char *got = NULL;
		for (size_t k = 0; got == NULL && k < N(rest); k++) {
			t = parse(tt, rest[k]);
			if (territory_covers(&t, cases[i].cc, NULL))
				got = rest[k];
		}
		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
	territory_tables_free(tt);
}

/* share_dir: make the share directory dir in the temporary directory,
 * with the real countries.tsv (a link) and regions.tsv holding regions (NULL:
 * none); its path in b. */
static const char *
share_dir(sbuf *b, const char *dir, const char *share, const char *regions)
{
	sbuf from = SBUF_INIT, to = SBUF_INIT, name = SBUF_INIT;
	char real[PATH_MAX];

	mkdir(tmpdir_path(b, dir), 0700);
	sbuf_addf(&from, "%s/countries.tsv", share);
	assert_non_null(realpath(from.p, real));
	sbuf_addf(&to, "%s/countries.tsv", b->p);
	unlink(to.p);
	assert_int_equal(symlink(real, to.p), 0);
	sbuf_addf(&name, "%s/regions.tsv", dir);
	if (regions != NULL)
		tmpdir_write(name.p, regions);
	tmpdir_path(b, dir);
	sbuf_free(&from);
	sbuf_free(&to);
	sbuf_free(&name);
	return b->p;
}

/* The tables: read only for an entry other than "*"; a fault in them, as
 * lines_read says it; read again after a fault. */
static void
test_tables(void **state)
{
	static const struct {
		const char *regions, *err;
	} cases[] = {
		{ "DACH\tDE AT\nX1\tDE\ndach\tFR\n",
		  ":3: region DACH is there twice" },
		{ "DACH DE AT\n", ":1: expected \"REGION<TAB>CC CC ...\"" },
		{ "# comment\n9X\tDE\n",
		  ":2: \"9X\" is not a region name (letters and digits)" },
		{ "AB\tde zz\n", ":1: unknown country ZZ" },
		{ "AB\t \t\n", ":1: expected \"REGION<TAB>CC CC ...\"" },
		{ "AB\tDE\nCD\t \tx\n", ":2: unknown country X" },
		{ NULL, ": No such file or directory" },
	};
	sbuf share = SBUF_INIT, dir = SBUF_INIT, err = SBUF_INIT,
	    want = SBUF_INIT;
	territory t;
	(void)state;

	sbuf_adds(&share, getenv("LEADKIT_SHARE"));

	/* no tables at all: "*" does without */
	territory_tables *tt = territory_tables_new();
	setenv("LEADKIT_SHARE", tmpdir_path(&dir, "none"), 1);
	assert_int_equal(territory_parse(tt, "*", WHERE, &t, &err), 0);
	assert_int_equal(t.kind, TERRITORY_ANY);
	assert_int_equal(territory_parse(tt, "DE", WHERE, &t, &err), -1);
	sbuf_addf(&want, "%s/countries.tsv: %s", dir.p, strerror(ENOENT));
	assert_string_equal(sbuf_str(&err), want.p);
	territory_tables_free(tt);

	for (size_t i = 0; i < N(cases); i++) {
		tt = territory_tables_new();
		setenv("LEADKIT_SHARE", share_dir(&dir, "bad", share.p,
		    cases[i].regions), 1);
		assert_int_equal(territory_parse(tt, "DE", WHERE, &t, &err),
		    -1);
		sbuf_reset(&want);
		sbuf_addf(&want, "%s/regions.tsv%s", dir.p, cases[i].err);
		assert_string_equal(sbuf_str(&err), want.p);
		/* mended, the tables are read again */
		share_dir(&dir, "bad", share.p, "ZZZ\tDE\n");
		t = parse(tt, "ZZZ");
		assert_int_equal(t.kind, TERRITORY_REGION);
		assert_true(territory_covers(&t, "DE", NULL));
		t = parse(tt, "DE");
		assert_int_equal(t.kind, TERRITORY_COUNTRY);
		territory_tables_free(tt);
		tmpdir_path(&dir, "bad/regions.tsv");
		unlink(dir.p);
	}
	setenv("LEADKIT_SHARE", share.p, 1);
	sbuf_free(&share);
	sbuf_free(&dir);
	sbuf_free(&err);
	sbuf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_tables),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
