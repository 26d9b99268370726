/* routestage.h - lead-route's stage inside: its state, and what route.c
 * (routing) and picklist.c (offers, claims, expiry) share
 *
 * Not for other folders: the stage is route_new()'s (route.h).
 */
#ifndef LK_ROUTESTAGE_H
#define LK_ROUTESTAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "io/rec.h"
#include "io/stage.h"
#include "lead/places.h"
#include "lead/roster.h"
#include "ledger/ledger.h"
#include "route/pick.h"
#include "route/routing.h"
#include "rules/rules.h"
#include "base/sbuf.h"

/* route.h's (not included: route.c includes this) */
typedef struct route_opts route_opts;

typedef struct route_stage {
	stage st;
	const route_opts *o;
	ledger *l;
	roster *ro;
	routing *rt;		/* NULL: no -r */
	rules_eval *ev;
	bool *gated;
	long *overdue;		/* each member's leads without feedback */
	pick *pk;
	places *places;		/* loaded when a lead needs it */
	FILE *esc;		/* --escalations, or NULL */
	bool swept;		/* expired offers moved (--offer-hours) */
	rec **batch;		/* ROUTE_BATCH of them */
	const char **bad;	/* why each is rejected, or NULL */
	size_t n;
	sbuf why, reason, text, where;
} route_stage;

/* What happens to a lead, and how the ledger and the record say it. */
typedef enum route_outcome {
	ROUTED, OFFERED, UNASSIGNED, CLAIMED, ROUTE_NOUTCOMES
} route_outcome;

/* Per outcome: leads.state, history.event, route_status. */
extern const struct route_says {
	const char *state, *event, *status;
} route_says[ROUTE_NOUTCOMES];

/* A decision on one lead. */
typedef struct route_decision {
	route_outcome what;
	const roster_member *m;		/* the owner, or NULL */
	const char *pool;		/* or NULL */
} route_decision;

/* route_set_fields: the route fields of r (owner may be NULL); at is
 * routed_at.  Cannot fail. */
void route_set_fields(route_stage *rs, rec *r, const char *owner,
    const char *pool, const char *status, const char *reason, time_t at);
/* route_lead_of: what a pick looks at in r (its own lat and lon). */
pick_lead route_lead_of(rec *r);
/* route_save: r's row in leads and its history event, as d says, the
 * reason rs->reason; inside the caller's transaction. */
void route_save(route_stage *rs, rec *r, const char *id,
    const route_decision *d);

/* route_claim: --claim (o->leads, or the oldest offers); route_offers:
 * --offers; route_sweep: the expired offers of --offer-hours, before the
 * first lead of a routing run (sets rs->swept).  picklist.c. */
void route_claim(route_stage *rs);
void route_offers(route_stage *rs);
void route_sweep(route_stage *rs);

#endif
