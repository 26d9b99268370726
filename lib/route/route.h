/* route.h - lead-route as a stage: each lead gets an owner from the roster
 * (or waits on a pick list), recorded in the ledger
 *
 * Fields set on every lead (lead-route(1)): owner, owner_name, owner_kind,
 * pool, route_status (assigned, kept, offered, unassigned), route_reason,
 * routed_at.  Leads are routed in batches of ROUTE_BATCH: one ledger
 * transaction each, and a batch's leads are written out only after it
 * commits, so no lead leaves with an owner the ledger does not have.  The
 * stage runs on one thread (the turns and capacities are one state).
 */
#ifndef LK_ROUTE_H
#define LK_ROUTE_H

#include <stdbool.h>
#include <time.h>

#include "io/stage.h"

#define ROUTE_BATCH 1000

typedef struct route_opts {
	const char *ledger;	/* its path */
	const char *roster;	/* --roster */
	const char *rules;	/* -r, or NULL: weighted over the roster */
	const char *claim;	/* --claim: a member's id, or NULL */
	long limit;		/* --limit for --claim; -1: none */
	const char *const *leads;	/* --lead: the offers --claim takes,
					 * or NULL: the oldest */
	size_t nleads;
	bool offers;		/* --offers: list the open offers */
	const char *for_member;	/* --for: only those this member may take */
	bool text;		/* -o text: --offers as a list to mail */
	long offer_hours;	/* --offer-hours: an offer expires after;
				 * 0: never */
	bool reassign;		/* --reassign */
	const char *escalations;	/* --escalations FILE, or NULL */
	long overdue;		/* --overdue DAYS */
	long gate;		/* --gate LEADS (0: never) */
	time_t as_of;
	const cli_opts *cli;	/* how the roster is read */
} route_opts;

/* route_new: the stage; a roster, rules file or ledger that does not
 * load ends the program (exit 1) with the message.  With o->claim, the
 * stage reads nothing and, at the end, emits the leads the member claims
 * from its pools' pick lists (o->leads: those, each refused offer a
 * reject with the reason; else the oldest); with o->offers, it emits the
 * open offers as teasers (teaser.h), or prints them as text (run either
 * on empty input).  With o->offer_hours and rules, a routing run first
 * moves the offers nobody claimed in time to their rule's overflow pool,
 * or escalates them, and emits them with the leads it reads. */
stage *route_new(const route_opts *o);

#endif
