/* test_roster.c - unit tests for roster.c and geo.c
 *
 * Rosters are written to a temporary directory and read with the default
 * shared options (format and delimiter detected).  The country and region
 * tables come from $LEADKIT_SHARE, else share/leadkit (the tests run from
 * the repository root).  Times are UTC.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/cli.h"
#include "value/date.h"
#include "value/geo.h"
#include "lead/roster.h"
#include "base/sbuf.h"
#include "tmpdir.h"

#define N(a) (sizeof (a) / sizeof *(a))

static const cli_opts opts = { .in_format = LK_FMT_AUTO, .delim = '\0' };

/* ---- files ---- */

static int
setup(void **state)
{
	setenv("LEADKIT_SHARE", "share/leadkit", 0);
	return tmpdir_setup(state);
}

/* load: text as the file name; the roster (failing the test if it is
 * not one). */
static roster *
load(const char *name, const char *text)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;
	roster *ro;

	tmpdir_write(name, text);
	ro = roster_load(tmpdir_path(&path, name), &opts, &err);
	if (ro == NULL)
		fail_msg("%s", sbuf_str(&err));
	sbuf_free(&path);
	sbuf_free(&err);
	return ro;
}

/* load_error: text as the file name must not load; err says why, after
 * "<tmpdir>/name". */
static void
load_error(const char *name, const char *text, const char *want)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT, expect = SBUF_INIT;

	tmpdir_write(name, text);
	tmpdir_path(&path, name);
	roster *ro = roster_load(path.p, &opts, &err);
	if (ro != NULL) {
		roster_free(ro);
		fail_msg("%s loaded, expected %s", text, want);
	}
	sbuf_addf(&expect, "%s%s", path.p, want);
	assert_string_equal(sbuf_str(&err), expect.p);
	sbuf_free(&path);
	sbuf_free(&err);
	sbuf_free(&expect);
}

static time_t
at(const char *iso)
{
	time_t t;

	assert_int_not_equal(date_parse(iso, strlen(iso), false, &t),
	    DATE_BAD);
	return t;
}

static void
assert_list(const char *const *items, size_t n, const char *want)
{
	sbuf got = SBUF_INIT;

	for (size_t i = 0; i < n; i++)
		sbuf_addf(&got, "%s%s", i ? " " : "", items[i]);
	assert_string_equal(sbuf_str(&got), want);
	sbuf_free(&got);
}

/* ---- tests ---- */

static void
check_defaults(const roster_member *m, const char *id)
{
	assert_string_equal(m->id, id);
	assert_string_equal(m->name, id);
	assert_int_equal(m->kind, ROSTER_REP);
	assert_int_equal(m->npools, 0);
	assert_int_equal(m->nterritories, 0);
	assert_int_equal(m->nlanguages, 0);
	assert_true(m->level == 0);
	assert_true(m->turnover == 0);
	assert_true(m->weight == 1);
	assert_int_equal(m->capacity_day, -1);
	assert_int_equal(m->capacity_week, -1);
	assert_false(m->located);
	assert_int_equal(m->absent_from, 0);
	assert_int_equal(m->absent_until, 0);
}

/* Every column left out, given empty, or JSON null: the defaults. */
static void
test_defaults(void **state)
{
	static const char all[] = "id,name,kind,pool,territories,languages,"
	    "level,turnover,weight,capacity_day,capacity_week,lat,lon,"
	    "absent_from,absent_until,unknown\n";
	sbuf text = SBUF_INIT, where = SBUF_INIT;
	size_t n;
	(void)state;

	sbuf_addf(&text, "%sr1,,,,,,,,,,,,,,,x\n\"r2\", , , , , , , , , , , "
	    ", , , ,\n", all);
	roster *ro = load("defaults.csv", text.p);
	const roster_member *m = roster_members(ro, &n);
	assert_int_equal(n, 2);
	check_defaults(&m[0], "r1");
	check_defaults(&m[1], "r2");
	assert_int_equal(m[1].index, 1);
	tmpdir_path(&where, "defaults.csv");
	sbuf_adds(&where, ":3");
	assert_string_equal(m[1].where, where.p);
	assert_false(roster_absent(&m[0], at("2026-11-01")));
	assert_null(roster_covers(ro, &m[0], "DE", "80331"));
	assert_true(roster_speaks(&m[0], "pl"));
	assert_true(roster_in_pool(&m[0], NULL));
	assert_false(roster_in_pool(&m[0], "inside"));
	roster_free(ro);

	ro = load("id-only.csv", "id\nr3\n");
	check_defaults(roster_members(ro, &n), "r3");
	roster_free(ro);

	ro = load("defaults.ndjson", "{\"id\":\"r4\",\"name\":null,"
	    "\"kind\":null,\"pool\":null,\"territories\":[],\"languages\":\"\","
	    "\"level\":null,\"turnover\":null,\"weight\":\"\",\"lat\":null,"
	    "\"lon\":null,\"absent_from\":null,\"absent_until\":\"\"}\n"
	    "{\"id\":5}\n");
	m = roster_members(ro, &n);
	assert_int_equal(n, 2);
	check_defaults(&m[0], "r4");
	check_defaults(&m[1], "5");
	assert_ptr_equal(roster_find(ro, "5"), &m[1]);
	assert_null(roster_find(ro, "r5"));
	roster_free(ro);
	sbuf_free(&text);
	sbuf_free(&where);
}

/* Every column set, in CSV. */
static void
test_csv(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("full.csv",
	    "name;id;kind;pool;territories;languages;level;turnover;weight;"
	    "capacity_day;capacity_week;lat;lon;absent_from;absent_until\n"
	    "Anna Becker;rep-1;REP;inside, Outbound|  x y,,;de:80 dach;"
	    "DE,En|pl;2.5;0;0.5;0;7;52.52;13.405;2026-11-01;2026-11-30\n"
	    "Nordwind GmbH;p-1;Partner;partners;*;nl;platinum;2400000;2;"
	    "5;20;-33.8688;151.2093;;\n");
	const roster_member *m = roster_members(ro, &n);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].id, "rep-1");
	assert_string_equal(m[0].name, "Anna Becker");
	assert_int_equal(m[0].kind, ROSTER_REP);
	assert_list(m[0].pools, m[0].npools, "inside Outbound x y");
	assert_list(m[0].territories, m[0].nterritories, "DE:80 DACH");
	assert_list(m[0].languages, m[0].nlanguages, "de en pl");
	assert_true(m[0].level == 2.5);
	assert_true(m[0].turnover == 0);
	assert_true(m[0].weight == 0.5);
	assert_int_equal(m[0].capacity_day, 0);
	assert_int_equal(m[0].capacity_week, 7);
	assert_true(m[0].located);
	assert_true(m[0].lat == 52.52 && m[0].lon == 13.405);
	assert_int_equal(m[0].absent_from, at("2026-11-01"));
	assert_int_equal(m[0].absent_until, at("2026-12-01"));
	assert_true(roster_in_pool(&m[0], "outbound"));
	assert_true(roster_in_pool(&m[0], "y"));
	assert_false(roster_in_pool(&m[0], "partners"));

	assert_string_equal(m[1].name, "Nordwind GmbH");
	assert_int_equal(m[1].kind, ROSTER_PARTNER);
	assert_true(m[1].level == 4);
	assert_true(m[1].turnover == 2400000);
	assert_true(m[1].weight == 2);
	assert_int_equal(m[1].capacity_day, 5);
	assert_int_equal(m[1].capacity_week, 20);
	assert_true(m[1].lat == -33.8688 && m[1].lon == 151.2093);
	assert_ptr_equal(roster_find(ro, "p-1"), &m[1]);
	assert_int_equal(m[1].index, 1);
	roster_free(ro);
}

/* NDJSON: lists as arrays or text, numbers as JSON numbers or strings. */
static void
test_ndjson(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("full.ndjson",
	    "{\"id\":\"p-1\",\"kind\":\"partner\",\"pool\":[\"partners\","
	    "\" \",\"north east\"],\"territories\":[\"de:80\",\"Benelux\"],"
	    "\"languages\":[\"DE\"],\"level\":\"Gold\",\"turnover\":1.5e6,"
	    "\"weight\":\"3\",\"capacity_day\":5,\"capacity_week\":\"25\","
	    "\"lat\":48.137,\"lon\":\"11.575\",\"absent_until\":\"2026-01-31\","
	    "\"extra\":{\"a\":1}}\n"
	    "\n"
	    "{\"id\":\"r-1\",\"pool\":\"inside;outbound\",\"level\":0}\n");
	const roster_member *m = roster_members(ro, &n);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].kind, ROSTER_PARTNER);
	assert_list(m[0].pools, m[0].npools, "partners north east");
	assert_list(m[0].territories, m[0].nterritories, "DE:80 BENELUX");
	assert_list(m[0].languages, m[0].nlanguages, "de");
	assert_true(m[0].level == 3);
	assert_true(m[0].turnover == 1.5e6);
	assert_true(m[0].weight == 3);
	assert_int_equal(m[0].capacity_day, 5);
	assert_int_equal(m[0].capacity_week, 25);
	assert_true(m[0].located && m[0].lat == 48.137 && m[0].lon == 11.575);
	assert_int_equal(m[0].absent_from, 0);
	assert_int_equal(m[0].absent_until, at("2026-02-01"));
	assert_list(m[1].pools, m[1].npools, "inside outbound");
	assert_string_equal(m[1].name, "r-1");
	assert_true(m[1].where[strlen(m[1].where) - 1] == '3');
	roster_free(ro);
}

/* The words and numbers a level may be. */
static void
test_levels(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("levels.csv", "id,level\na,bronze\nb,SILVER\n"
	    "c,Gold\nd,platinum\ne,0\nf,1.5\ng, 7 \n");
	const roster_member *m = roster_members(ro, &n);
	static const double want[] = { 1, 2, 3, 4, 0, 1.5, 7 };
	assert_int_equal(n, N(want));
	for (size_t i = 0; i < n; i++)
		assert_true(m[i].level == want[i]);
	roster_free(ro);
}

/* Each malformed roster, and its message. */
static void
test_errors(void **state)
{
	static const struct {
		const char *name, *text, *err;
	} cases[] = {
		{ "e.csv", "id,weight\nrep-1,2\nrep-2,x\n",
		  ":3: weight \"x\" is not a number greater than 0" },
		{ "e.csv", "id,weight\nrep-1,0\n",
		  ":2: weight \"0\" is not a number greater than 0" },
		{ "e.csv", "id,weight\nrep-1,-1\n",
		  ":2: weight \"-1\" is not a number greater than 0" },
		{ "e.csv", "id,weight\nrep-1,\"1,5\"\n",
		  ":2: weight \"1,5\" is not a number greater than 0" },
		{ "e.csv", "id,weight\nrep-1,inf\n",
		  ":2: weight \"inf\" is not a number greater than 0" },
		{ "e.csv", "id,weight\nrep-1,0x10\n",
		  ":2: weight \"0x10\" is not a number greater than 0" },
		{ "e.csv", "id,turnover\nrep-1,-5\n",
		  ":2: turnover \"-5\" is not a number >= 0" },
		{ "e.csv", "id,level\nrep-1,diamond\n",
		  ":2: level \"diamond\" is not a number >= 0 or bronze, "
		  "silver, gold, platinum" },
		{ "e.csv", "id,level\nrep-1,-1\n",
		  ":2: level \"-1\" is not a number >= 0 or bronze, "
		  "silver, gold, platinum" },
		{ "e.csv", "id,capacity_day\nrep-1,2.5\n",
		  ":2: capacity_day \"2.5\" is not a whole number >= 0" },
		{ "e.csv", "id,capacity_week\nrep-1,-1\n",
		  ":2: capacity_week \"-1\" is not a whole number >= 0" },
		{ "e.csv", "id,name\nrep-1,A\nrep-2,B\nrep-3,C\nrep-1,D\n",
		  ":5: duplicate id \"rep-1\" (first on line 2)" },
		{ "e.csv", "id,name\nrep-1,A\nrep-2,B\nrep-3,C\n,D\n",
		  ":5: no id" },
		{ "e.csv", "id,name\n  ,A\n", ":2: no id" },
		{ "e.csv", "name\nA\n", ":2: no id" },
		{ "e.csv", "id,kind\nrep-1,boss\n",
		  ":2: kind \"boss\" is not rep or partner" },
		{ "e.csv", "id,lat\nrep-1,52.5\n", ":2: lat without lon" },
		{ "e.csv", "id,lat,lon\nrep-1,,13.4\n", ":2: lon without lat" },
		{ "e.csv", "id,lat,lon\nrep-1,95,13.4\n",
		  ":2: lat \"95\" is not a number from -90 to 90" },
		{ "e.csv", "id,lat,lon\nrep-1,52.5,-180.5\n",
		  ":2: lon \"-180.5\" is not a number from -180 to 180" },
		{ "e.csv", "id,absent_from,absent_until\n"
		  "rep-1,2026-02-01,2026-01-01\n",
		  ":2: absent_until 2026-01-01 is before absent_from "
		  "2026-02-01" },
		{ "e.csv", "id,absent_from\nrep-1,01.02.2026\n",
		  ":2: absent_from \"01.02.2026\" is not a date (YYYY-MM-DD)" },
		{ "e.csv", "id,absent_until\nrep-1,2026-02-30\n",
		  ":2: absent_until \"2026-02-30\" is not a date (YYYY-MM-DD)" },
		{ "e.csv", "id,territories\nrep-1,DE XX\n",
		  ":2: unknown country XX" },
		{ "e.csv", "id,territories\nrep-1,*\nrep-2,de:80\n"
		  "rep-3,\"DE Mars\"\n",
		  ":4: unknown territory MARS" },
		{ "e.csv", "id,name\n", ": no members" },
		{ "e.csv", "", ": no members" },
		{ "e.csv", "id,name\nrep-1\n",
		  ":2: 1 field, but the header has 2" },
		{ "e.ndjson", "{\"id\":\"a\",\"pool\":[\"x\",1]}\n",
		  ":1: pool is not a list of strings" },
		{ "e.ndjson", "{\"id\":\"a\",\"weight\":[1]}\n",
		  ":1: weight is a JSON array, not a single value" },
		{ "e.ndjson", "{\"id\":\"a\",\"languages\":{\"de\":1}}\n",
		  ":1: languages is a JSON object, not a list" },
		{ "e.ndjson", "{\"id\":\"a\",\"weight\":true}\n",
		  ":1: weight \"true\" is not a number greater than 0" },
	};
	(void)state;

	for (size_t i = 0; i < N(cases); i++)
		load_error(cases[i].name, cases[i].text, cases[i].err);
}

/* A bad NDJSON line: the reader's reason, with file and line. */
static void
test_bad_record(void **state)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT, want = SBUF_INIT;
	(void)state;

	tmpdir_write("bad.ndjson", "{\"id\":\"a\"}\n{\"id\":\n");
	assert_null(roster_load(tmpdir_path(&path, "bad.ndjson"), &opts, &err));
	sbuf_addf(&want, "%s:2: ", path.p);
	assert_memory_equal(sbuf_str(&err), want.p, want.n);
	assert_true(err.n > want.n);
	sbuf_free(&path);
	sbuf_free(&err);
	sbuf_free(&want);
}

/* A file that cannot be read: "path: strerror". */
static void
test_unreadable(void **state)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT, want = SBUF_INIT;
	(void)state;

	assert_null(roster_load(tmpdir_path(&path, "none.csv"), &opts, &err));
	sbuf_addf(&want, "%s: %s", path.p, strerror(ENOENT));
	assert_string_equal(sbuf_str(&err), want.p);
	assert_null(roster_load(tmpdir, &opts, &err));
	sbuf_reset(&want);
	sbuf_addf(&want, "%s: %s", tmpdir, strerror(EISDIR));
	assert_string_equal(sbuf_str(&err), want.p);
	sbuf_free(&path);
	sbuf_free(&err);
	sbuf_free(&want);
}

/* roster_covers: the first entry of the member that covers, as it stands
 * in m->territories (upper-cased); which entry covers what is
 * test_territory's. */
static void
test_territories(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("t.csv", "id,territories\n"
	    "postcode,\"de:80, gb:sw1\"\n"
	    "all,\"FR *\"\n"
	    "order,\"EU;DE:80;DE\"\n"
	    "na,na|anz\n"
	    "none,\n");
	const roster_member *m = roster_members(ro, &n);
	assert_int_equal(n, 5);

	assert_ptr_equal(roster_covers(ro, &m[0], "de", "80 331"),
	    m[0].territories[0]);
	assert_string_equal(roster_covers(ro, &m[0], "DE", "80331"), "DE:80");
	assert_ptr_equal(roster_covers(ro, &m[0], "GB", "sw1a 1aa"),
	    m[0].territories[1]);
	assert_string_equal(roster_covers(ro, &m[0], "GB", "sw1a 1aa"),
	    "GB:SW1");
	assert_null(roster_covers(ro, &m[0], "DE", "81675"));
	assert_null(roster_covers(ro, &m[0], NULL, NULL));

	assert_string_equal(roster_covers(ro, &m[1], "FR", NULL), "FR");
	assert_string_equal(roster_covers(ro, &m[1], "JP", NULL), "*");
	assert_string_equal(roster_covers(ro, &m[1], NULL, NULL), "*");

	assert_string_equal(roster_covers(ro, &m[2], "DE", "80331"), "EU");
	assert_null(roster_covers(ro, &m[2], "CH", "8001"));

	assert_string_equal(roster_covers(ro, &m[3], "US", NULL), "NA");
	assert_null(roster_covers(ro, &m[3], "NA", NULL));
	assert_string_equal(roster_covers(ro, &m[3], "NZ", NULL), "ANZ");

	assert_null(roster_covers(ro, &m[4], "DE", "80331"));
	roster_free(ro);
}

static void
test_absent(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("a.csv", "id,absent_from,absent_until\n"
	    "from,2026-11-01,\n"
	    "until,,2026-11-30\n"
	    "both,2026-11-01,2026-11-30\n"
	    "one-day,2026-11-01,2026-11-01\n"
	    "never,,\n");
	const roster_member *m = roster_members(ro, &n);
	assert_int_equal(n, 5);

	assert_false(roster_absent(&m[0], at("2026-10-31T23:59:59Z")));
	assert_true(roster_absent(&m[0], at("2026-11-01T00:00:00Z")));
	assert_true(roster_absent(&m[0], at("2030-01-01")));

	assert_true(roster_absent(&m[1], at("2000-01-01")));
	assert_true(roster_absent(&m[1], at("2026-11-30T23:59:59Z")));
	assert_false(roster_absent(&m[1], at("2026-12-01T00:00:00Z")));

	assert_false(roster_absent(&m[2], at("2026-10-31T23:59:59Z")));
	assert_true(roster_absent(&m[2], at("2026-11-01T00:00:00Z")));
	assert_true(roster_absent(&m[2], at("2026-11-30T12:00:00Z")));
	assert_false(roster_absent(&m[2], at("2026-12-01T00:00:00Z")));
	assert_int_equal(m[2].absent_from, at("2026-11-01"));
	assert_int_equal(m[2].absent_until, at("2026-12-01"));

	assert_true(roster_absent(&m[3], at("2026-11-01T23:59:59Z")));
	assert_false(roster_absent(&m[3], at("2026-11-02T00:00:00Z")));

	assert_false(roster_absent(&m[4], at("2026-11-15")));
	roster_free(ro);
}

static void
test_speaks(void **state)
{
	size_t n;
	(void)state;

	roster *ro = load("l.csv", "id,languages\nde-en,\"DE, en\"\nany,\n");
	const roster_member *m = roster_members(ro, &n);
	assert_true(roster_speaks(&m[0], "de"));
	assert_true(roster_speaks(&m[0], "EN"));
	assert_false(roster_speaks(&m[0], "fr"));
	assert_false(roster_speaks(&m[0], "de-AT"));
	assert_true(roster_speaks(&m[0], NULL));
	assert_true(roster_speaks(&m[0], ""));
	assert_true(roster_speaks(&m[1], "fr"));
	assert_true(roster_speaks(&m[1], NULL));
	roster_free(ro);
}

static void
test_geo(void **state)
{
	(void)state;

	assert_true(fabs(geo_km(52.52, 13.405, 48.137, 11.575) - 504) < 1.5);
	assert_true(fabs(geo_km(48.137, 11.575, 52.52, 13.405) -
	    geo_km(52.52, 13.405, 48.137, 11.575)) < 1e-9);
	assert_true(geo_km(52.52, 13.405, 52.52, 13.405) == 0);
	assert_true(fabs(geo_km(0, 0, 0, 180) - 20015.1) < 0.1);
	assert_true(fabs(geo_km(52.52, 13.405, -52.52, -166.595) - 20015.1)
	    < 0.1);
	assert_true(fabs(geo_km(90, 0, -90, 0) - M_PI * GEO_EARTH_KM) < 1e-6);
	/* across the date line: Fiji to Samoa, not round the world */
	assert_true(geo_km(-18.1, 178.4, -13.8, -171.8) < 1200);
}

/* The fixtures lead-route's tests use: the same roster in both formats. */
static void
test_fixtures(void **state)
{
	size_t n, nj;
	sbuf err = SBUF_INIT;
	(void)state;

	roster *csv = roster_load("tests/fixtures/route/roster.csv", &opts,
	    &err);
	if (csv == NULL)
		fail_msg("%s", err.p);
	roster *js = roster_load("tests/fixtures/route/roster.ndjson", &opts,
	    &err);
	if (js == NULL)
		fail_msg("%s", err.p);
	const roster_member *a = roster_members(csv, &n);
	const roster_member *b = roster_members(js, &nj);
	assert_int_equal(n, 6);
	assert_int_equal(nj, 6);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(a[i].id, b[i].id);
		assert_string_equal(a[i].name, b[i].name);
		assert_int_equal(a[i].kind, b[i].kind);
		assert_int_equal(a[i].npools, b[i].npools);
		for (size_t k = 0; k < a[i].npools; k++)
			assert_string_equal(a[i].pools[k], b[i].pools[k]);
		assert_int_equal(a[i].nterritories, b[i].nterritories);
		for (size_t k = 0; k < a[i].nterritories; k++)
			assert_string_equal(a[i].territories[k],
			    b[i].territories[k]);
		assert_int_equal(a[i].nlanguages, b[i].nlanguages);
		for (size_t k = 0; k < a[i].nlanguages; k++)
			assert_string_equal(a[i].languages[k],
			    b[i].languages[k]);
		assert_true(a[i].level == b[i].level);
		assert_true(a[i].turnover == b[i].turnover);
		assert_true(a[i].weight == b[i].weight);
		assert_int_equal(a[i].capacity_day, b[i].capacity_day);
		assert_int_equal(a[i].capacity_week, b[i].capacity_week);
		assert_int_equal(a[i].located, b[i].located);
		assert_true(a[i].lat == b[i].lat && a[i].lon == b[i].lon);
		assert_int_equal(a[i].absent_from, b[i].absent_from);
		assert_int_equal(a[i].absent_until, b[i].absent_until);
	}

	/* what the spec of the fixture promises */
	double inside = 0;
	size_t ninside = 0, npartners = 0, nabsent = 0;
	time_t nov15 = at("2026-11-15");
	for (size_t i = 0; i < n; i++) {
		if (roster_in_pool(&a[i], "inside")) {
			assert_int_equal(a[i].kind, ROSTER_REP);
			inside = inside * 10 + a[i].weight;
			ninside++;
		}
		if (roster_in_pool(&a[i], "partners")) {
			assert_int_equal(a[i].kind, ROSTER_PARTNER);
			assert_true(a[i].located && a[i].nterritories > 0 &&
			    a[i].level > 0 && a[i].turnover > 0 &&
			    a[i].capacity_day >= 0);
			npartners++;
		}
		nabsent += roster_absent(&a[i], nov15);
	}
	assert_int_equal(ninside, 3);
	assert_true(inside == 123);
	assert_int_equal(npartners, 2);
	assert_int_equal(nabsent, 1);
	const roster_member *dirk = roster_find(csv, "rep-dirk");
	assert_non_null(dirk);
	assert_true(roster_absent(dirk, at("2026-11-30T23:00:00Z")));
	assert_false(roster_absent(dirk, at("2026-12-01")));
	const roster_member *nw = roster_find(js, "partner-nordwind");
	assert_string_equal(roster_covers(js, nw, "DE", "80 331"), "DE:8");
	assert_string_equal(roster_covers(js, nw, "AT", "1010"), "AT");
	assert_null(roster_covers(js, nw, "DE", "10115"));
	roster_free(csv);
	roster_free(js);
	sbuf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_ndjson),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_record),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_territories),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_speaks),
		cmocka_unit_test(test_geo),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
