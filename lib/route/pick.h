/* pick.h - choosing the roster member a lead goes to
 *
 * A pick is made among the members of a pool who may take the lead now:
 * present (not absent at the run's time), speaking the lead's language
 * (when both say), not gated (a partner with too many leads without
 * feedback), under capacity (capacity_day in the run's UTC day, capacity_week in its
 * ISO week), and, by strategy, covering the lead's territory or located.
 * Among them the strategy chooses; ties go to the member first in the
 * roster.  When nobody is left, the reason names the first of those tests
 * that left nobody, in this order: present, speaking, covering or
 * located, not gated, under capacity; so a lead that only gated partners
 * could take says so ("partner p1 gated: 3 leads without feedback"),
 * never "no member covers".
 *
 * The turns of round-robin, weighted and territory are smooth weighted
 * round-robin: each pick, every eligible member's credit grows by its
 * weight, the member with the most credit is chosen, and its credit drops
 * by the eligible members' total weight.  Credits are kept per pool in the
 * ledger (table rotation), so turns continue across runs, and an absent
 * member's credit waits for its return (it neither loses its place nor
 * makes up for its absence).  After n picks, each member's count is within
 * one of n * weight / total weight.
 *
 * State is read from the ledger by pick_begin() inside the caller's
 * transaction (counts of today's and this week's assignments, credits)
 * and written back by pick_end() before it commits.
 */
#ifndef LK_PICK_H
#define LK_PICK_H

#include <stdbool.h>
#include <time.h>

#include "ledger/ledger.h"
#include "lead/roster.h"
#include "route/routing.h"
#include "base/sbuf.h"

typedef struct pick pick;

/* What a lead offers a pick: its fields that matter (NULL when missing). */
typedef struct pick_lead {
	const char *country, *postcode, *language;
	bool located;
	double lat, lon;
	const char *where;	/* how lat and lon were found ("by city
				 * Munich, DE"), or why they were not; NULL:
				 * the lead's own, or not looked up */
} pick_lead;

/* The outcome of a pick. */
typedef enum pick_result {
	PICK_OK,
	PICK_NO_MEMBERS,	/* nobody in the pool */
	PICK_ABSENT,		/* everybody absent */
	PICK_GATED,		/* everybody left is gated */
	PICK_NO_MATCH,		/* nobody covers, speaks, is located... */
	PICK_NO_CAPACITY	/* everybody left is full */
} pick_result;

/* pick_new: for members of ro (kept by the caller) at the time as_of;
 * gated: per member (roster order), true when it may get no new lead. */
pick *pick_new(const roster *ro, time_t as_of, const bool *gated);
void pick_free(pick *pk);
/* pick_set_overdue: per member (roster order), its leads without feedback,
 * for the reason a gated partner is named with (kept by the caller). */
void pick_set_overdue(pick *pk, const long *overdue);

/* pick_begin: read today's and this week's counts and the credits from
 * the ledger (in a transaction).  pick_end: write the credits back. */
void pick_begin(pick *pk, ledger *l);
void pick_end(pick *pk, ledger *l);

/*
 * pick_choose: a member of pool (NULL: every member) for the lead, by
 * strategy s (not ROUTING_OFFER or ROUTING_ACCOUNT).  Returns PICK_OK
 * with the member in *m
 * and why in why ("rep-2 in turn (weight 2 of 6 among 3)"), or the reason nobody
 * could take it in why ("all 3 members are at capacity").  The pick is
 * counted (capacity, turns).
 */
pick_result pick_choose(pick *pk, const char *pool, routing_strategy s,
    const pick_lead *lead, const roster_member **m, sbuf *why);

/*
 * pick_member: may m take a lead now (present, not gated, under capacity)?
 * PICK_OK counts the lead (capacity) and leaves why alone; otherwise why
 * says what stops m ("rep-dirk is absent", "partner p1 is gated: 3 leads
 * without feedback", "rep-anna is at capacity (40 a day, 150 a week)") and
 * the result is PICK_ABSENT, PICK_GATED or PICK_NO_CAPACITY.  Turns are
 * not touched: the lead was m's whatever the turn (the account strategy).
 */
pick_result pick_member(pick *pk, const roster_member *m, sbuf *why);

/* pick_count: m got a lead by another way (the pick list): count it. */
void pick_count(pick *pk, const roster_member *m);

/* pick_left: how many more leads m may take today and this week (LONG_MAX
 * when m has no limit). */
long pick_left(const pick *pk, const roster_member *m);

/* pick_result_word: "no match", "no capacity", "all absent"...: the words
 * a route_reason of an unassigned lead begins with. */
const char *pick_result_word(pick_result r);

/* pick_day, pick_week: the start of the UTC day and of the ISO week
 * (Monday) holding t. */
time_t pick_day(time_t t);
time_t pick_week(time_t t);

#endif
