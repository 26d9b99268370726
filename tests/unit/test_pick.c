/* test_pick.c - unit tests for pick.c: who among the roster gets a lead
 *
 * Rosters are CSV files written to a temporary directory, ledgers are
 * SQLite files there too (one per test, so that turns and counts start
 * from nothing).  A "run" is pick_new + ledger_begin + pick_begin, ended
 * by pick_end + ledger_commit, as lead-route does for each batch.  The
 * country and region tables come from $LEADKIT_SHARE, else share/leadkit
 * (the tests run from the repository root).  Times are UTC; 2026-11-16 is
 * a Monday.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/cli.h"
#include "value/date.h"
#include "value/geo.h"
#include "ledger/ledger.h"
#include "route/pick.h"
#include "lead/roster.h"
#include "route/routing.h"
#include "base/sbuf.h"
#include "tmpdir.h"

#define N(a) (sizeof (a) / sizeof *(a))

static const cli_opts opts = { .in_format = LK_FMT_AUTO, .delim = '\0' };
/* A lead with nothing a pick looks at. */
static const pick_lead anyone = { 0 };

/* ---- files, times ---- */

static int
setup(void **state)
{
	setenv("LEADKIT_SHARE", "share/leadkit", 0);
	return tmpdir_setup(state);
}

static time_t
at(const char *iso)
{
	time_t t;

	assert_int_not_equal(date_parse(iso, strlen(iso), false, &t),
	    DATE_BAD);
	return t;
}

/* load: the roster text, written to the file name (failing the test if
 * it does not load). */
static roster *
load(const char *name, const char *text)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;
	roster *ro;

	tmpdir_write(name, text);
	if ((ro = roster_load(tmpdir_path(&path, name), &opts, &err)) == NULL)
		fail_msg("%s", sbuf_str(&err));
	sbuf_free(&path);
	sbuf_free(&err);
	return ro;
}

/* ledger: a new ledger file name (failing the test if it exists). */
static ledger *
new_ledger(const char *name, time_t as_of)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;
	ledger *l;

	tmpdir_path(&path, name);
	assert_int_not_equal(access(path.p, F_OK), 0);
	if ((l = ledger_open(path.p, true, "test_pick", as_of, &err)) ==
	    NULL)
		fail_msg("%s", sbuf_str(&err));
	sbuf_free(&path);
	sbuf_free(&err);
	return l;
}

/* reopen: l closed and its file opened again, as the next program run
 * does. */
static ledger *
reopen(ledger *l, const char *name)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;

	ledger_close(l);
	if ((l = ledger_open(tmpdir_path(&path, name), false, "test_pick", 0,
	    &err)) == NULL)
		fail_msg("%s", sbuf_str(&err));
	sbuf_free(&path);
	sbuf_free(&err);
	return l;
}

/* ---- runs ---- */

/* run_start: a pick for ro at as_of, begun in a transaction of l. */
static pick *
run_start(const roster *ro, ledger *l, time_t as_of, const bool *gated)
{
	pick *pk = pick_new(ro, as_of, gated);

	ledger_begin(l);
	pick_begin(pk, l);
	return pk;
}

/* run_end: save the credits, commit, free. */
static void
run_end(pick *pk, ledger *l)
{
	pick_end(pk, l);
	ledger_commit(l);
	pick_free(pk);
}

/* picks: n picks that must succeed; their ids, separated by blanks, in
 * seq (appended). */
static void
picks(pick *pk, const char *pool, routing_strategy s, const pick_lead *lead,
    int n, sbuf *seq)
{
	sbuf why = SBUF_INIT;
	const roster_member *m;

	for (int i = 0; i < n; i++) {
		sbuf_reset(&why);
		pick_result r = pick_choose(pk, pool, s, lead, &m, &why);
		if (r != PICK_OK)
			fail_msg("pick %d: %s: %s", i + 1,
			    pick_result_word(r), sbuf_str(&why));
		assert_non_null(m);
		sbuf_addf(seq, "%s%s", seq->n > 0 ? " " : "", m->id);
	}
	sbuf_free(&why);
}

/* expect_pick: one pick gives result want, member id (NULL: none) and
 * the reason why. */
static void
expect_pick(pick *pk, const char *pool, routing_strategy s,
    const pick_lead *lead, pick_result want, const char *id,
    const char *why_want)
{
	static const roster_member unset;
	sbuf why = SBUF_INIT;
	const roster_member *m = &unset;	/* pick_choose sets it */
	pick_result r = pick_choose(pk, pool, s, lead, &m, &why);

	if (r != want)
		fail_msg("%s (%s), expected %s", pick_result_word(r),
		    sbuf_str(&why), pick_result_word(want));
	if (id == NULL)
		assert_null(m);
	else {
		assert_non_null(m);
		assert_string_equal(m->id, id);
	}
	assert_string_equal(sbuf_str(&why), why_want);
	sbuf_free(&why);
}

/* event: a history event of the member at the time, made by another run
 * (a ledger handle of its own on the file name: a run counts its own
 * assignments as it makes them, not from the ledger). */
static void
event(const char *name, const char *lead, const char *iso, const char *ev,
    const char *owner)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;
	ledger *other = ledger_open(tmpdir_path(&path, name), false, "other",
	    at(iso), &err);

	if (other == NULL)
		fail_msg("%s", sbuf_str(&err));
	ledger_begin(other);
	ledger_history(other, lead, at(iso), ev, owner, NULL, NULL, NULL, NAN);
	ledger_commit(other);
	ledger_close(other);
	sbuf_free(&path);
	sbuf_free(&err);
}

/* credits: the rotation table of the pool, "member=credit ...", by
 * member id. */
static void
credits(ledger *l, const char *pool, sbuf *out)
{
	sqlite3_stmt *st;

	sbuf_reset(out);
	assert_int_equal(sqlite3_prepare_v2(ledger_db(l), "SELECT member, "
	    "credit FROM rotation WHERE pool = ? ORDER BY member", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, pool, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		sbuf_addf(out, "%s%s=%g", out->n > 0 ? " " : "",
		    (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_double(st, 1));
	sqlite3_finalize(st);
}

/* ---- turns ---- */

static const char abc[] =
    "id,weight\n"
    "a,1\n"
    "b,2\n"
    "c,3\n";

/* Smooth weighted round-robin over weights 1, 2, 3: the cycle of six is
 * c b a c b c (credits 1 2 3 -> c; 2 4 0 -> b; 3 0 3 -> a, the first of
 * the tie; -2 2 6 -> c; -1 4 3 -> b; 0 0 6 -> c, back to 0 0 0), and
 * after t picks every count is within one of t * weight / 6. */
static void
test_weighted(void **state)
{
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("abc.csv", abc);
	ledger *l = new_ledger("weighted.db", t);
	bool gated[3] = { false };
	sbuf seq = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_OK, "c",
	    "c in turn (weight 3 of 6 among 3)");
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_OK, "b",
	    "b in turn (weight 2 of 6 among 3)");
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_OK, "a",
	    "a in turn (weight 1 of 6 among 3)");
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 3, &seq);
	assert_string_equal(seq.p, "c b c");
	sbuf_reset(&seq);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 12, &seq);
	assert_string_equal(seq.p, "c b a c b c c b a c b c");

	/* 600 picks from here: every prefix within one, exact at the end */
	const roster_member *m;
	long n[3] = { 0 };
	sbuf why = SBUF_INIT;
	for (long i = 1; i <= 600; i++) {
		sbuf_reset(&why);
		assert_int_equal(pick_choose(pk, NULL, ROUTING_WEIGHTED,
		    &anyone, &m, &why), PICK_OK);
		n[m->index]++;
		for (size_t j = 0; j < 3; j++) {
			double want = (double)i * (double)(j + 1) / 6.0;
			if (fabs((double)n[j] - want) >= 1)
				fail_msg("after %ld picks: %zu has %ld, "
				    "expected %g", i, j, n[j], want);
		}
	}
	assert_int_equal(n[0], 100);
	assert_int_equal(n[1], 200);
	assert_int_equal(n[2], 300);
	run_end(pk, l);
	/* after whole cycles the credits are back at 0 */
	credits(l, "", &seq);
	assert_string_equal(seq.p, "a=0 b=0 c=0");
	sbuf_free(&why);
	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* Round-robin ignores weights: equal turns in roster order. */
static void
test_round_robin(void **state)
{
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("abc.csv", abc);
	ledger *l = new_ledger("round-robin.db", t);
	bool gated[3] = { false };
	sbuf seq = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_ROUND_ROBIN, &anyone, PICK_OK, "a",
	    "a in turn (weight 1 of 3 among 3)");
	picks(pk, NULL, ROUTING_ROUND_ROBIN, &anyone, 8, &seq);
	assert_string_equal(seq.p, "b c a b c a b c");
	run_end(pk, l);
	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* pick_end saves the credits per pool, pick_begin reads them back: turns
 * continue across runs, and a run sees the turns another took since. */
static void
test_credits(void **state)
{
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("abc.csv", abc);
	ledger *l = new_ledger("credits.db", t);
	bool gated[3] = { false };
	sbuf seq = SBUF_INIT, cr = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 2, &seq);
	assert_string_equal(seq.p, "c b");
	run_end(pk, l);
	credits(l, "", &cr);
	assert_string_equal(cr.p, "a=2 b=-2 c=0");

	/* a new run goes on where the last stopped: a c b c */
	sbuf_reset(&seq);
	pk = run_start(ro, l, t + 86400, gated);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 4, &seq);
	assert_string_equal(seq.p, "a c b c");
	run_end(pk, l);
	credits(l, "", &cr);
	assert_string_equal(cr.p, "a=0 b=0 c=0");

	/* two runs taking turns, batch by batch, share one sequence */
	pick *one = pick_new(ro, t, gated), *two = pick_new(ro, t, gated);
	sbuf_reset(&seq);
	for (int i = 0; i < 3; i++) {
		ledger_begin(l);
		pick_begin(one, l);
		picks(one, NULL, ROUTING_WEIGHTED, &anyone, 1, &seq);
		pick_end(one, l);
		ledger_commit(l);
		ledger_begin(l);
		pick_begin(two, l);
		picks(two, NULL, ROUTING_WEIGHTED, &anyone, 1, &seq);
		pick_end(two, l);
		ledger_commit(l);
	}
	assert_string_equal(seq.p, "c b a c b c");
	pick_free(one);
	pick_free(two);

	/* pools have turns of their own */
	static const char pooled[] =
	    "id,weight,pool\n"
	    "a,1,x\n"
	    "b,2,x y\n"
	    "c,3,y\n";
	roster *rp = load("pooled.csv", pooled);
	sbuf_reset(&seq);
	pk = run_start(rp, l, t, gated);
	picks(pk, "x", ROUTING_WEIGHTED, &anyone, 2, &seq);
	sbuf_adds(&seq, " /");
	picks(pk, "y", ROUTING_WEIGHTED, &anyone, 3, &seq);
	assert_string_equal(seq.p, "b a / c b c");
	run_end(pk, l);
	credits(l, "x", &cr);
	assert_string_equal(cr.p, "a=-1 b=1 c=0");
	credits(l, "y", &cr);
	assert_string_equal(cr.p, "a=0 b=1 c=-1");
	credits(l, "", &cr);
	assert_string_equal(cr.p, "a=0 b=0 c=0");
	roster_free(rp);

	sbuf_free(&cr);
	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* ---- eligibility ---- */

/* Absent from absent_from to absent_until, both days included; an absent
 * member's credit waits for its return: it neither loses its place nor
 * makes up for the days away. */
static void
test_absent(void **state)
{
	static const char text[] =
	    "id,absent_from,absent_until\n"
	    "a,,\n"
	    "d,2026-11-20,2026-11-20\n";
	roster *ro = load("absent.csv", text);
	ledger *l = new_ledger("absent.db", at("2026-11-19T12:00:00Z"));
	bool gated[2] = { false };
	sbuf seq = SBUF_INIT, cr = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, at("2026-11-19T23:59:59Z"), gated);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 1, &seq);
	run_end(pk, l);
	assert_string_equal(seq.p, "a");
	credits(l, "", &cr);
	assert_string_equal(cr.p, "a=-1 d=1");

	pk = run_start(ro, l, at("2026-11-20T00:00:00Z"), gated);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 3, &seq);
	run_end(pk, l);
	pk = run_start(ro, l, at("2026-11-20T23:59:59Z"), gated);
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_OK, "a",
	    "a in turn (weight 1 of 1 among 1)");
	run_end(pk, l);
	credits(l, "", &cr);
	assert_string_equal(cr.p, "a=-1 d=1");

	pk = run_start(ro, l, at("2026-11-21T00:00:00Z"), gated);
	picks(pk, NULL, ROUTING_WEIGHTED, &anyone, 4, &seq);
	run_end(pk, l);
	assert_string_equal(seq.p, "a a a a d a d a");

	/* everybody absent */
	static const char away[] =
	    "id,pool,absent_from,absent_until\n"
	    "a,p,2026-11-01,2026-11-30\n"
	    "b,p,,2026-11-20\n"
	    "c,q,,\n";
	roster *ra = load("away.csv", away);
	bool none[3] = { false };
	pk = run_start(ra, l, at("2026-11-18T10:00:00Z"), none);
	expect_pick(pk, "p", ROUTING_WEIGHTED, &anyone, PICK_ABSENT, NULL,
	    "all 2 members of pool p are absent");
	expect_pick(pk, NULL, ROUTING_TIER, &anyone, PICK_OK, "c",
	    "c has the best tier (level 0, turnover 0)");
	run_end(pk, l);
	roster_free(ra);

	sbuf_free(&cr);
	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* Gated members get nothing; gating is tested after absence. */
static void
test_gated(void **state)
{
	static const char text[] =
	    "id,kind,absent_from\n"
	    "p1,partner,\n"
	    "p2,partner,\n"
	    "p3,partner,2026-11-01\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("gated.csv", text);
	ledger *l = new_ledger("gated.db", t);
	bool gated[3] = { true, false, false };
	sbuf seq = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	picks(pk, NULL, ROUTING_ROUND_ROBIN, &anyone, 3, &seq);
	assert_string_equal(seq.p, "p2 p2 p2");
	run_end(pk, l);

	gated[1] = true;
	pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_GATED, NULL,
	    "partner p1 gated (leads without feedback); partner p2 gated "
	    "(leads without feedback)");
	run_end(pk, l);

	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* The lead's language, when both say: codes compared whole, any case. */
static void
test_language(void **state)
{
	static const char text[] =
	    "id,languages,pool\n"
	    "de,de,p q\n"
	    "en,en pl,p q\n"
	    "any,,p\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("language.csv", text);
	ledger *l = new_ledger("language.db", t);
	bool gated[3] = { false };
	sbuf seq = SBUF_INIT;
	pick_lead pl = { .language = "PL" };
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	picks(pk, "p", ROUTING_ROUND_ROBIN, &pl, 4, &seq);
	assert_string_equal(seq.p, "en any en any");
	sbuf_reset(&seq);
	pl.language = "fr";
	picks(pk, "p", ROUTING_ROUND_ROBIN, &pl, 2, &seq);
	assert_string_equal(seq.p, "any any");
	expect_pick(pk, "q", ROUTING_ROUND_ROBIN, &pl, PICK_NO_MATCH, NULL,
	    "no member of pool q speaks 'fr'");
	pl.language = "de-AT";
	expect_pick(pk, "q", ROUTING_ROUND_ROBIN, &pl, PICK_NO_MATCH, NULL,
	    "no member of pool q speaks 'de-AT'");
	pl.language = "";
	sbuf_reset(&seq);
	picks(pk, "q", ROUTING_ROUND_ROBIN, &pl, 2, &seq);
	assert_string_equal(seq.p, "de en");
	run_end(pk, l);

	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* Capacity: routed and claimed events in the run's UTC day and ISO week
 * count, others do not; picks of the run count too.  Each run has a
 * ledger handle of its own, as each program run does. */
static void
test_capacity(void **state)
{
	static const char text[] =
	    "id,capacity_day,capacity_week,pool\n"
	    "x,2,3,p\n"
	    "y,,,q\n"
	    "w,5,2,r\n"
	    "z,0,,s\n"
	    "v,10,,t\n";
	static const char db[] = "capacity.db";
	time_t t = at("2026-11-18T10:00:00Z");	/* a Wednesday */
	roster *ro = load("capacity.csv", text);
	ledger *l = new_ledger(db, t);
	bool gated[5] = { false };
	const roster_member *x = roster_find(ro, "x"),
	    *y = roster_find(ro, "y"), *w = roster_find(ro, "w"),
	    *v = roster_find(ro, "v");
	(void)state;

	event(db, "L1", "2026-11-15T23:59:59Z", LEDGER_ROUTED, "x"); /* Sun */
	event(db, "L2", "2026-11-16T00:00:00Z", LEDGER_ROUTED, "x"); /* Mon */
	event(db, "L3", "2026-11-18T08:00:00Z", LEDGER_OFFERED, "x");
	event(db, "L4", "2026-11-18T08:00:00Z", LEDGER_UNASSIGNED, "x");
	event(db, "L5", "2026-11-18T08:00:00Z", LEDGER_FEEDBACK, "x");
	event(db, "L6", "2026-11-16T09:00:00Z", LEDGER_ROUTED, "w");
	event(db, "L7", "2026-11-17T09:00:00Z", LEDGER_CLAIMED, "w");
	event(db, "L8", "2026-11-18T09:00:00Z", LEDGER_ROUTED, "nobody");

	pick *pk = run_start(ro, l, t, gated);
	assert_int_equal(pick_left(pk, x), 2);	/* day 2-0, week 3-1 */
	assert_int_equal(pick_left(pk, y), LONG_MAX);
	assert_int_equal(pick_left(pk, w), 0);	/* week 2 - 2 */
	expect_pick(pk, "r", ROUTING_WEIGHTED, &anyone, PICK_NO_CAPACITY,
	    NULL, "all 1 members of pool r who could take it are at "
	    "capacity");
	expect_pick(pk, "s", ROUTING_CAPACITY, &anyone, PICK_NO_CAPACITY,
	    NULL, "all 1 members of pool s who could take it are at "
	    "capacity");
	run_end(pk, l);

	event(db, "L9", "2026-11-18T00:00:00Z", LEDGER_CLAIMED, "x");
	l = reopen(l, db);
	pk = run_start(ro, l, t, gated);
	assert_int_equal(pick_left(pk, x), 1);	/* day 2-1, week 3-2 */
	expect_pick(pk, "p", ROUTING_WEIGHTED, &anyone, PICK_OK, "x",
	    "x in turn (weight 1 of 1 among 1)");
	assert_int_equal(pick_left(pk, x), 0);
	expect_pick(pk, "p", ROUTING_WEIGHTED, &anyone, PICK_NO_CAPACITY,
	    NULL, "all 1 members of pool p who could take it are at "
	    "capacity");
	run_end(pk, l);

	/* the next day: the day's limit is new, the week's is not */
	pk = run_start(ro, l, at("2026-11-19T00:00:00Z"), gated);
	assert_int_equal(pick_left(pk, x), 1);	/* day 2-0, week 3-2 */
	pick_count(pk, x);
	assert_int_equal(pick_left(pk, x), 0);
	run_end(pk, l);
	/* pick_count is not in the ledger: the next run has forgotten it */
	pk = run_start(ro, l, at("2026-11-22T23:59:59Z"), gated);
	assert_int_equal(pick_left(pk, x), 1);
	run_end(pk, l);
	/* a new week (Monday 2026-11-23) */
	pk = run_start(ro, l, at("2026-11-23T00:00:00Z"), gated);
	assert_int_equal(pick_left(pk, x), 2);
	assert_int_equal(pick_left(pk, w), 2);
	run_end(pk, l);

	/* a run's own picks stay counted from batch to batch, once, though
	 * it writes them to the ledger */
	pk = run_start(ro, l, at("2026-11-23T09:00:00Z"), gated);
	expect_pick(pk, "t", ROUTING_WEIGHTED, &anyone, PICK_OK, "v",
	    "v in turn (weight 1 of 1 among 1)");
	ledger_history(l, "V1", at("2026-11-23T09:00:00Z"), LEDGER_ROUTED,
	    "v", NULL, NULL, NULL, NAN);
	assert_int_equal(pick_left(pk, v), 9);
	pick_end(pk, l);
	ledger_commit(l);
	ledger_begin(l);
	pick_begin(pk, l);
	assert_int_equal(pick_left(pk, v), 9);
	run_end(pk, l);
	/* the next run reads them, and another run's */
	event(db, "V2", "2026-11-23T08:00:00Z", LEDGER_CLAIMED, "v");
	l = reopen(l, db);
	pk = run_start(ro, l, at("2026-11-23T09:00:00Z"), gated);
	assert_int_equal(pick_left(pk, v), 8);
	run_end(pk, l);

	ledger_close(l);
	roster_free(ro);
}

/* Another run commits between two batches of a run: no statement may
 * keep the first run's old read snapshot, or its BEGIN IMMEDIATE fails at
 * once with SQLITE_BUSY (a bug once: pick_begin left "SELECT max(seq)"
 * stepped). */
static void
test_other_run_between_batches(void **state)
{
	static const char db[] = "between.db";
	time_t t = at("2026-11-23T09:00:00Z");
	roster *ro = load("between.csv", "id,capacity_day\nv,10\n");
	ledger *l = new_ledger(db, t);
	bool gated[1] = { false };
	const roster_member *v = roster_find(ro, "v");
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_WEIGHTED, &anyone, PICK_OK, "v",
	    "v in turn (weight 1 of 1 among 1)");
	ledger_history(l, "V1", t, LEDGER_ROUTED, "v", NULL, NULL, NULL, NAN);
	pick_end(pk, l);
	ledger_commit(l);
	event(db, "V2", "2026-11-23T08:00:00Z", LEDGER_CLAIMED, "v");
	ledger_begin(l);
	pick_begin(pk, l);
	assert_int_equal(pick_left(pk, v), 8);
	run_end(pk, l);
	ledger_close(l);
	roster_free(ro);
}

/* capacity_day counts the events of the run's UTC day only: a run dated
 * before an earlier one does not see the later day's leads as its day's
 * (a bug once: sum(at >= day) had no upper bound). */
static void
test_capacity_later_day(void **state)
{
	static const char db[] = "later.db";
	roster *ro = load("later.csv", "id,capacity_day,capacity_week\n"
	    "x,2,5\n");
	ledger *l = new_ledger(db, at("2026-11-17T10:00:00Z"));
	bool gated[1] = { false };
	(void)state;

	event(db, "L1", "2026-11-18T10:00:00Z", LEDGER_ROUTED, "x");
	event(db, "L2", "2026-11-18T10:00:00Z", LEDGER_ROUTED, "x");
	pick *pk = run_start(ro, l, at("2026-11-17T10:00:00Z"), gated);
	assert_int_equal(pick_left(pk, roster_find(ro, "x")), 2);
	run_end(pk, l);
	ledger_close(l);
	roster_free(ro);
}

/* capacity: the largest share of capacity left; no limit is all free;
 * ties to the first in the roster. */
static void
test_capacity_strategy(void **state)
{
	static const char text[] =
	    "id,capacity_day,capacity_week,pool\n"
	    "p,10,,a b\n"
	    "q,4,,a b\n"
	    "r,,100,a\n"
	    "u,,,c\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("capstrat.csv", text);
	ledger *l = new_ledger("capstrat.db", t);
	bool gated[4] = { false };
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, "b", ROUTING_CAPACITY, &anyone, PICK_OK, "p",
	    "p has the most capacity left (10 more, 100% free)");
	expect_pick(pk, "b", ROUTING_CAPACITY, &anyone, PICK_OK, "q",
	    "q has the most capacity left (4 more, 100% free)");
	/* p 9/10, q 3/4: p */
	expect_pick(pk, "b", ROUTING_CAPACITY, &anyone, PICK_OK, "p",
	    "p has the most capacity left (9 more, 90% free)");
	for (int i = 0; i < 3; i++)
		pick_count(pk, roster_find(ro, "p"));
	/* p 5/10, q 3/4 */
	expect_pick(pk, "b", ROUTING_CAPACITY, &anyone, PICK_OK, "q",
	    "q has the most capacity left (3 more, 75% free)");
	/* r: 100 of 100 this week */
	expect_pick(pk, "a", ROUTING_CAPACITY, &anyone, PICK_OK, "r",
	    "r has the most capacity left (100 more, 100% free)");
	expect_pick(pk, "a", ROUTING_CAPACITY, &anyone, PICK_OK, "r",
	    "r has the most capacity left (99 more, 99% free)");
	expect_pick(pk, "c", ROUTING_CAPACITY, &anyone, PICK_OK, "u",
	    "u has the most capacity left (no limit)");
	run_end(pk, l);

	ledger_close(l);
	roster_free(ro);
}

/* territory: those covering the lead's country and postcode, in turn by
 * weight; the reason names the entry that covers. */
static void
test_territory(void **state)
{
	static const char text[] =
	    "id,weight,territories,pool\n"
	    "munich,1,DE:80,t\n"
	    "dach,1,DACH,t\n"
	    "nl,1,NL,t\n"
	    "world,1,*,w\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("territory.csv", text);
	ledger *l = new_ledger("territory.db", t);
	bool gated[4] = { false };
	pick_lead pl = { .country = "de", .postcode = "80 331" };
	sbuf seq = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, "t", ROUTING_TERRITORY, &pl, PICK_OK, "munich",
	    "munich in turn (weight 1 of 2 among 2), covering DE:80");
	expect_pick(pk, "t", ROUTING_TERRITORY, &pl, PICK_OK, "dach",
	    "dach in turn (weight 1 of 2 among 2), covering DACH");
	pl.postcode = "10115";
	picks(pk, "t", ROUTING_TERRITORY, &pl, 2, &seq);
	assert_string_equal(seq.p, "dach dach");
	pl.country = "NL";
	pl.postcode = NULL;
	expect_pick(pk, "t", ROUTING_TERRITORY, &pl, PICK_OK, "nl",
	    "nl in turn (weight 1 of 1 among 1), covering NL");
	pl.country = "FR";
	expect_pick(pk, "t", ROUTING_TERRITORY, &pl, PICK_NO_MATCH, NULL,
	    "no member of pool t covers country FR, postcode (none)");
	pl.country = NULL;
	pl.postcode = "80331";
	expect_pick(pk, "t", ROUTING_TERRITORY, &pl, PICK_NO_MATCH, NULL,
	    "no member of pool t covers country (none), postcode 80331");
	expect_pick(pk, "w", ROUTING_TERRITORY, &pl, PICK_OK, "world",
	    "world in turn (weight 1 of 1 among 1), covering *");
	run_end(pk, l);

	sbuf_free(&seq);
	ledger_close(l);
	roster_free(ro);
}

/* nearest: the shortest great-circle distance among located members;
 * the lead must be located. */
static void
test_nearest(void **state)
{
	static const char text[] =
	    "id,lat,lon,pool\n"
	    "berlin,52.52,13.405,p\n"
	    "munich,48.137,11.575,p\n"
	    "nowhere,,,p q\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("nearest.csv", text);
	ledger *l = new_ledger("nearest.db", t);
	bool gated[3] = { false };
	pick_lead pl = { .located = true, .lat = 48.2082, .lon = 16.3738 };
	sbuf want = SBUF_INIT;
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	/* Vienna: Munich is ~355 km away, Berlin ~524 km */
	sbuf_addf(&want, "munich is the nearest (%.1f km)",
	    geo_km(48.2082, 16.3738, 48.137, 11.575));
	expect_pick(pk, "p", ROUTING_NEAREST, &pl, PICK_OK, "munich",
	    want.p);
	assert_true(geo_km(48.2082, 16.3738, 48.137, 11.575) > 350 &&
	    geo_km(48.2082, 16.3738, 48.137, 11.575) < 360);
	/* the same again: nearest is no turn */
	expect_pick(pk, "p", ROUTING_NEAREST, &pl, PICK_OK, "munich",
	    want.p);
	pl.lat = 52.52;
	pl.lon = 13.405;
	expect_pick(pk, NULL, ROUTING_NEAREST, &pl, PICK_OK, "berlin",
	    "berlin is the nearest (0.0 km)");
	expect_pick(pk, "q", ROUTING_NEAREST, &pl, PICK_NO_MATCH, NULL,
	    "no member of pool q has lat and lon");
	pl.located = false;
	expect_pick(pk, "p", ROUTING_NEAREST, &pl, PICK_NO_MATCH, NULL,
	    "the lead has no lat and lon");
	run_end(pk, l);

	sbuf_free(&want);
	ledger_close(l);
	roster_free(ro);
}

/* tier: the highest level, then the highest turnover, then roster order. */
static void
test_tier(void **state)
{
	static const char text[] =
	    "id,level,turnover\n"
	    "bronze,bronze,9000000\n"
	    "gold-small,gold,100\n"
	    "gold-big,GOLD,2400000\n"
	    "gold-big-too,3,2400000\n"
	    "silver,silver,850000\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("tier.csv", text);
	ledger *l = new_ledger("tier.db", t);
	bool gated[5] = { false };
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_TIER, &anyone, PICK_OK, "gold-big",
	    "gold-big has the best tier (level 3, turnover 2.4e+06)");
	expect_pick(pk, NULL, ROUTING_TIER, &anyone, PICK_OK, "gold-big",
	    "gold-big has the best tier (level 3, turnover 2.4e+06)");
	run_end(pk, l);
	gated[2] = true;
	pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_TIER, &anyone, PICK_OK, "gold-big-too",
	    "gold-big-too has the best tier (level 3, turnover 2.4e+06)");
	run_end(pk, l);
	gated[1] = gated[3] = true;
	pk = run_start(ro, l, t, gated);
	expect_pick(pk, NULL, ROUTING_TIER, &anyone, PICK_OK, "silver",
	    "silver has the best tier (level 2, turnover 850000)");
	run_end(pk, l);

	ledger_close(l);
	roster_free(ro);
}

/* Pools: a pick sees only the pool's members (names in any case); a
 * pool without any is "no match"; the reasons name the first test that
 * left nobody. */
static void
test_pools_and_reasons(void **state)
{
	static const char text[] =
	    "id,pool,languages,capacity_day,absent_from,territories\n"
	    "a,Inside,de,0,,DE\n"
	    "b,inside,de,0,,DE\n"
	    "c,field,en,,2026-11-01,DE\n"
	    "d,field,de,,,AT\n";
	time_t t = at("2026-11-18T10:00:00Z");
	roster *ro = load("pools.csv", text);
	ledger *l = new_ledger("pools.db", t);
	bool gated[4] = { false, false, false, false };
	pick_lead de = { .language = "de", .country = "DE" };
	pick_lead en = { .language = "en", .country = "DE" };
	(void)state;

	pick *pk = run_start(ro, l, t, gated);
	expect_pick(pk, "sales", ROUTING_WEIGHTED, &de, PICK_NO_MEMBERS,
	    NULL, "pool sales has no members");
	/* full, though they speak and cover */
	expect_pick(pk, "INSIDE", ROUTING_TERRITORY, &de, PICK_NO_CAPACITY,
	    NULL, "all 2 members of pool INSIDE who could take it are at "
	    "capacity");
	/* a speaker at capacity: the language test comes first */
	expect_pick(pk, "inside", ROUTING_WEIGHTED, &en, PICK_NO_MATCH,
	    NULL, "no member of pool inside speaks 'en'");
	/* c speaks en but is absent; d does not */
	expect_pick(pk, "field", ROUTING_WEIGHTED, &en, PICK_NO_MATCH, NULL,
	    "no member of pool field speaks 'en'");
	/* d speaks de but covers AT only */
	expect_pick(pk, "field", ROUTING_TERRITORY, &de, PICK_NO_MATCH, NULL,
	    "no member of pool field covers country DE, postcode (none)");
	expect_pick(pk, "field", ROUTING_WEIGHTED, &de, PICK_OK, "d",
	    "d in turn (weight 1 of 1 among 1)");
	run_end(pk, l);
	gated[3] = true;
	pk = run_start(ro, l, t, gated);
	expect_pick(pk, "field", ROUTING_WEIGHTED, &de, PICK_GATED, NULL,
	    "member d gated (leads without feedback)");
	run_end(pk, l);

	ledger_close(l);
	roster_free(ro);
}

static void
test_result_words(void **state)
{
	static const struct {
		pick_result r;
		const char *word;
	} words[] = {
		{ PICK_NO_MEMBERS, "no match" },
		{ PICK_ABSENT, "all absent" },
		{ PICK_GATED, "all gated" },
		{ PICK_NO_MATCH, "no match" },
		{ PICK_NO_CAPACITY, "no capacity" },
	};
	(void)state;

	for (size_t i = 0; i < N(words); i++)
		assert_string_equal(pick_result_word(words[i].r),
		    words[i].word);
}

/* pick_day: the start of the UTC day; pick_week: of the ISO week, which
 * begins on Monday.  2026-11-22 is a Sunday. */
static void
test_day_week(void **state)
{
	static const struct {
		const char *t, *day, *week;
	} cases[] = {
		{ "2026-11-22T15:30:00Z", "2026-11-22T00:00:00Z",
		    "2026-11-16T00:00:00Z" },
		{ "2026-11-22T23:59:59Z", "2026-11-22T00:00:00Z",
		    "2026-11-16T00:00:00Z" },
		{ "2026-11-23T00:00:00Z", "2026-11-23T00:00:00Z",
		    "2026-11-23T00:00:00Z" },
		{ "2026-11-16T00:00:00Z", "2026-11-16T00:00:00Z",
		    "2026-11-16T00:00:00Z" },
		{ "2026-11-15T23:59:59Z", "2026-11-15T00:00:00Z",
		    "2026-11-09T00:00:00Z" },
		{ "2026-01-01T08:00:00Z", "2026-01-01T00:00:00Z",
		    "2025-12-29T00:00:00Z" },	/* ISO week 1 of 2026 */
		{ "2024-02-29T12:00:00Z", "2024-02-29T00:00:00Z",
		    "2024-02-26T00:00:00Z" },
		{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
		    "1969-12-29T00:00:00Z" },	/* a Thursday */
		{ "1969-12-31T12:00:00Z", "1969-12-31T00:00:00Z",
		    "1969-12-29T00:00:00Z" },
	};
	sbuf got = SBUF_INIT;
	(void)state;

	for (size_t i = 0; i < N(cases); i++) {
		time_t t = at(cases[i].t);
		sbuf_reset(&got);
		date_format(&got, pick_day(t));
		sbuf_addc(&got, ' ');
		date_format(&got, pick_week(t));
		sbuf want = SBUF_INIT;
		sbuf_addf(&want, "%s %s", cases[i].day, cases[i].week);
		if (strcmp(got.p, want.p) != 0)
			fail_msg("%s: %s, expected %s", cases[i].t, got.p,
			    want.p);
		sbuf_free(&want);
	}
	sbuf_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_credits),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_gated),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_other_run_between_batches),
		cmocka_unit_test(test_capacity_later_day),
		cmocka_unit_test(test_capacity_strategy),
		cmocka_unit_test(test_territory),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_tier),
		cmocka_unit_test(test_pools_and_reasons),
		cmocka_unit_test(test_result_words),
		cmocka_unit_test(test_day_week),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
