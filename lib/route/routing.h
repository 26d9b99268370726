/* routing.h - routing rules: which pool a lead goes to, and how a member
 * of it is chosen
 *
 * A routing-rules file is in the rule language (lead-rules(5)) with one
 * statement of its own:
 *
 *	route POOL by STRATEGY [overflow POOL] [when COND] [because "text"]
 *
 * The first rule whose condition holds (a rule without one always does)
 * decides the lead's pool and strategy; overflow names the pool tried when
 * every member of POOL that could take the lead is at capacity.  A rule by
 * account is the one exception: when the lead's account owner cannot take
 * it, the rule says why and the next rule whose condition holds decides.
 * An offer rule's overflow is where an offer nobody claimed in time goes.
 */
#ifndef LK_ROUTING_H
#define LK_ROUTING_H

#include <stddef.h>

#include "rules/rules.h"
#include "base/sbuf.h"

/* How a member of the pool is chosen (lead-route(1), STRATEGIES). */
typedef enum routing_strategy {
	ROUTING_ROUND_ROBIN,	/* in turn, across runs */
	ROUTING_WEIGHTED,	/* in turn, in proportion to weight */
	ROUTING_CAPACITY,	/* the most capacity left today */
	ROUTING_TERRITORY,	/* in turn among those covering the lead */
	ROUTING_NEAREST,	/* the shortest great-circle distance */
	ROUTING_TIER,		/* the highest level, then turnover */
	ROUTING_OFFER,		/* the pool's pick list */
	ROUTING_ACCOUNT,	/* the owner of the lead's account, or the
				 * next rule */
	ROUTING_NSTRATEGIES
} routing_strategy;

typedef struct routing_rule {
	const char *pool;
	routing_strategy strategy;
	const char *overflow;	/* a pool, or NULL */
	rules_cond *cond;	/* NULL: always */
	const char *text;	/* "route inside by weighted when ..." */
	const char *because;	/* or NULL */
	const char *where;	/* "file:line" */
} routing_rule;

typedef struct routing {
	rules *ru;
	routing_rule *rule;
	size_t nrules;
} routing;

/* routing_load: the rules file a -r name names (rules_path, in
 * share/leadkit/routing/).  NULL with "file:line:col: what" in err. */
routing *routing_load(const char *name, sbuf *err);
void routing_free(routing *rt);

#endif
