/* test_match.c - unit tests for match.c: the weights the newer model
 * clauses give (role, shared, person, swap, the method address), each
 * checked to be the same whichever lead comes first
 *
 * Models are written to a temporary directory; role-accounts.txt comes
 * from $LEADKIT_SHARE, else share/leadkit (the tests run from the
 * repository root).  A lead is a list of field, value pairs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe/match.h"
#include "io/rec.h"
#include "base/sbuf.h"
#include "tmpdir.h"

static int
setup(void **state)
{
	setenv("LEADKIT_SHARE", "share/leadkit", 0);
	return tmpdir_setup(state);
}

/* load: the model text, written to the temporary directory. */
static match_model *
load(const char *text)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;

	tmpdir_write("t.match", text);
	match_model *m = match_load(tmpdir_path(&path, "t.match"), &err);
	if (m == NULL)
		fail_msg("%s", err.p);
	sbuf_free(&path);
	sbuf_free(&err);
	return m;
}

/* keys: the packed keys of a lead with the fields and values of kv (NULL
 * ended), appended to out. */
static void
keys(const match_model *m, sbuf *out, const char *const *kv)
{
	rec *r = rec_new();
	sbuf tmp = SBUF_INIT;

	for (size_t i = 0; kv[i] != NULL; i += 2)
		rec_set_str(r, kv[i], kv[i + 1], strlen(kv[i + 1]));
	match_features(m, r, out, &tmp);
	rec_free(r);
	sbuf_free(&tmp);
}

/* weigh: the weight of two leads, checked to be the same both ways round;
 * the reason (a to b) in why, if not NULL. */
static double
weigh(const match_model *m, const char *const *a, const char *const *b,
    sbuf *why)
{
	sbuf ka = SBUF_INIT, kb = SBUF_INIT;

	keys(m, &ka, a);
	keys(m, &kb, b);
	double w = match_weight(m, NULL, (const unsigned char *)ka.p,
	    (const unsigned char *)kb.p, why);
	double v = match_weight(m, NULL, (const unsigned char *)kb.p,
	    (const unsigned char *)ka.p, NULL);
	assert_true(fabs(w - v) < 1e-9);
	sbuf_free(&ka);
	sbuf_free(&kb);
	return w;
}

#define LEAD(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char people[] =
    "block email\n"
    "compare email as email m 0.9 u 0.000001 role\n"
    "compare first_name as name m 0.98 u 0.01 person swap last_name\n"
    "compare last_name as name m 0.98 u 0.002 person\n"
    "match at 15\n";

/* A role address agrees: only with the names. */
static void
test_role(void **state)
{
	(void)state;
	match_model *m = load(people);
	sbuf why = SBUF_INIT;

	double w = weigh(m, LEAD("email", "Info@acme.de", "first_name",
	    "Anna", "last_name", "Schmidt"), LEAD("email", "info@acme.de",
	    "first_name", "Peter", "last_name", "Weber"), &why);
	assert_string_equal(why.p, "email role +0.0, first_name -5.6, "
	    "last_name -5.6");
	assert_true(w < 0);
	sbuf_reset(&why);
	weigh(m, LEAD("email", "info@acme.de", "first_name", "Anna",
	    "last_name", "Schmidt"), LEAD("email", "info@acme.de",
	    "first_name", "Anna", "last_name", "Schmidt"), &why);
	assert_string_equal(why.p, "email role +19.8, first_name +6.6, "
	    "last_name +8.9");
	/* one name missing, the other agreeing: counts */
	sbuf_reset(&why);
	weigh(m, LEAD("email", "sales@acme.de", "last_name", "Schmidt"),
	    LEAD("email", "sales@acme.de", "first_name", "Anna", "last_name",
	    "Schmidt"), &why);
	assert_string_equal(why.p, "email role +19.8, last_name +8.9");
	/* a role address beside a personal one: 0, not -3.3 */
	sbuf_reset(&why);
	weigh(m, LEAD("email", "info@acme.de", "last_name", "Schmidt"),
	    LEAD("email", "anna@acme.de", "last_name", "Schmidt"), &why);
	assert_string_equal(why.p, "email role +0.0, last_name +8.9");
	/* a personal address: as always */
	sbuf_reset(&why);
	weigh(m, LEAD("email", "anna@acme.de", "last_name", "Weber"),
	    LEAD("email", "anna@acme.de", "last_name", "Schmidt"), &why);
	assert_string_equal(why.p, "email +19.8, last_name -5.6");
	sbuf_free(&why);
	match_free(m);
}

/* Swapped names: crosswise when that weighs more, the same both ways. */
static void
test_swap(void **state)
{
	(void)state;
	match_model *m = load(people);
	sbuf why = SBUF_INIT;

	weigh(m, LEAD("first_name", "Anika", "last_name", "Spicer"),
	    LEAD("first_name", "Spicer", "last_name", "Anika"), &why);
	assert_string_equal(why.p, "first_name swapped +6.6, last_name "
	    "swapped +8.9");
	sbuf_reset(&why);
	weigh(m, LEAD("first_name", "Anna", "last_name", "Anna"),
	    LEAD("first_name", "Anna", "last_name", "Berg"), &why);
	assert_string_equal(why.p, "first_name +6.6, last_name -5.6");
	sbuf_reset(&why);
	weigh(m, LEAD("first_name", "Anna", "last_name", "Berg"),
	    LEAD("first_name", "Berg", "last_name", "Anna"), &why);
	assert_string_equal(why.p, "first_name swapped +6.6, last_name "
	    "swapped +8.9");
	sbuf_free(&why);
	match_free(m);
}

/* The method address: house numbers, abbreviations. */
static void
test_address(void **state)
{
	(void)state;
	match_model *m = load("block address\n"
	    "compare address as address m 0.95 u 0.001 from 0.7\n"
	    "match at 5\n");
	static const struct {
		const char *a, *b;
		double w;
	} cases[] = {
		{ "2820 N Leavitt St", "2905 N Leavitt St", -4.3 },
		{ "2820 N Leavitt St", "2820 N. Leavitt", 8.5 },	/* 0.97 */
		{ "2974 N Clybourn Ave", "2974 North Clybourn Avenue", 9.9 },
		{ "1400 W Augusta Blvd", "1400 West Augusta Boulevard", 9.9 },
		{ "Hauptstr. 5", "Hauptstr. 5", 9.9 },
		{ "Hauptstr. 5", "Marktplatz 5", -4.3 },
		{ "Marktplatz", "Marktplatz 5", 9.0 },	/* no number: tokens */
	};
	sbuf why = SBUF_INIT;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sbuf_reset(&why);
		double w = weigh(m, LEAD("address", cases[i].a),
		    LEAD("address", cases[i].b), &why);
		if (fabs(match_tenths(w) - cases[i].w) > 1e-9)
			fail_msg("%s / %s: %s, not %.1f", cases[i].a,
			    cases[i].b, why.p, cases[i].w);
	}
	sbuf_free(&why);
	match_free(m);
}

/* The packed keys of the leads of test_count, for its tallies. */
#define COUNT_LEADS 240
static sbuf count_keys[3][COUNT_LEADS];

static unsigned char *
count_keys_of(void *ctx, size_t i)
{
	return (unsigned char *)count_keys[*(int *)ctx][i].p;
}

/* match_tally_count weighs as match_tally_add of every lead: common
 * names (frequency, swapped or not), a phone that many people share,
 * typos; every pair, with the reasons, and match_weight_over beside. */
static void
test_count(void **state)
{
	static const char *const first[] = { "Anna", "Anne", "Peter", "Maria",
	    "Marie", "Jan" };
	static const char *const last[] = { "Schmidt", "Schmitt", "Weber",
	    "Berg", "Anna" };
	(void)state;
	match_model *m = load("block last_name\n"
	    "compare email as email m 0.9 u 0.000001 frequency role\n"
	    "compare phone as exact m 0.8 u 0.00001 frequency shared 3\n"
	    "compare first_name as name m 0.98 u 0.01 frequency person "
	    "swap last_name\n"
	    "compare last_name as name m 0.98 u 0.002 frequency person\n"
	    "compare city as name m 0.85 u 0.02 frequency\n"
	    "match at 15\n");
	match_tally *t[3] = { match_tally_new(m), match_tally_new(m),
	    match_tally_new(m) };
	int which[3] = { 0, 1, 2 };
	sbuf why[3] = { SBUF_INIT, SBUF_INIT, SBUF_INIT };
	char email[64], phone[32], city[32];

	for (size_t i = 0; i < COUNT_LEADS; i++) {
		snprintf(email, sizeof email, "%s%zu@acme.de", i % 3 ? "x" :
		    "info", i % 17);
		snprintf(phone, sizeof phone, "+4930%zu", i % 11);
		snprintf(city, sizeof city, "%s", i % 4 ? "Berlin" : "Bonn");
		const char *const kv[] = { "email", email, "phone", phone,
		    "first_name", first[i % 6], "last_name", last[i % 5],
		    "city", city, NULL };
		for (int k = 0; k < 3; k++) {
			count_keys[k][i] = (sbuf)SBUF_INIT;
			keys(m, &count_keys[k][i], kv);
		}
		match_tally_add(m, t[0], (const unsigned char *)
		    count_keys[0][i].p);
	}
	match_tally_count(m, t[1], COUNT_LEADS, count_keys_of, &which[1], 2,
	    1);
	/* in parts, on one thread (as lead-dedupe over its keyfile) */
	match_tally_count(m, t[2], COUNT_LEADS, count_keys_of, &which[2], 1,
	    3);
	for (int k = 0; k < 3; k++)
		match_tally_shared(m, t[k], COUNT_LEADS, count_keys_of,
		    &which[k]);
	for (size_t i = 0; i < COUNT_LEADS; i++)
		for (size_t j = 0; j < COUNT_LEADS; j++) {
			double w[3];
			for (int k = 0; k < 3; k++) {
				sbuf_reset(&why[k]);
				w[k] = match_weight(m, t[k], (const unsigned
				    char *)count_keys[k][i].p, (const unsigned
				    char *)count_keys[k][j].p, &why[k]);
			}
			for (int k = 1; k < 3; k++)
				if (w[0] != w[k] || strcmp(sbuf_str(&why[0]),
				    sbuf_str(&why[k])) != 0)
					fail_msg("lead %zu / %zu: %s, not %s",
					    i, j, sbuf_str(&why[k]),
					    sbuf_str(&why[0]));
			bool over;
			double v = match_weight_over(m, t[1], (const unsigned
			    char *)count_keys[1][i].p, (const unsigned char *)
			    count_keys[1][j].p, 0, &over);
			double plain = match_weight(m, NULL, (const unsigned
			    char *)count_keys[1][i].p, (const unsigned char *)
			    count_keys[1][j].p, NULL);
			assert_true(over == (plain >= 0));
			assert_true(v == (over ? w[1] : plain));
		}
	for (size_t i = 0; i < COUNT_LEADS; i++)
		for (int k = 0; k < 3; k++)
			sbuf_free(&count_keys[k][i]);
	for (int k = 0; k < 3; k++) {
		sbuf_free(&why[k]);
		match_tally_free(t[k]);
	}
	match_free(m);
}

/* match_put_tenths writes what printf's %.1f and %+.1f write of
 * match_tenths(w): ties at .x5, small values (no "-0.0"), large ones. */
static void
test_tenths(void **state)
{
	sbuf got = SBUF_INIT;
	char want[512];
	const double some[] = { 0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.25,
	    -0.25, 2.25, -2.35, 19.8, -3.3, 1e14, -1e15, 1e300 };

	(void)state;
	for (long i = 0; i < 200000 + (long)(sizeof some / sizeof *some);
	    i++) {
		double w = i < (long)(sizeof some / sizeof *some) ? some[i] :
		    i % 2 ? (i % 40001 - 20000) / 20.0 :
		    (i * 7919 % 100003 - 50001) / 317.0;
		for (int sign = 0; sign < 2; sign++) {
			sbuf_reset(&got);
			match_put_tenths(&got, w, sign);
			snprintf(want, sizeof want, sign ? "%+.1f" : "%.1f",
			    match_tenths(w));
			if (strcmp(sbuf_str(&got), want) != 0)
				fail_msg("%.17g: %s, not %s", w, sbuf_str(&got),
				    want);
		}
	}
	sbuf_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_tenths),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
