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
 * from its pools' pick lists (run it on empty input). */
stage *route_new(const route_opts *o);

#endif
