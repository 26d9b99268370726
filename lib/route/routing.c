/* routing.c - routing rules: the route statement */
#include "route/routing.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

static const char *const strategy_names[ROUTING_NSTRATEGIES] = {
	[ROUTING_ROUND_ROBIN] = "round-robin",
	[ROUTING_WEIGHTED] = "weighted",
	[ROUTING_CAPACITY] = "capacity",
	[ROUTING_TERRITORY] = "territory",
	[ROUTING_NEAREST] = "nearest",
	[ROUTING_TIER] = "tier",
	[ROUTING_OFFER] = "offer",
	[ROUTING_ACCOUNT] = "account",
};

/* statement: route POOL by STRATEGY [overflow POOL] [when COND]
 * [because "text"] */
static int
statement(void *ctx, rules_parser *p)
{
	routing *rt = ctx;
	routing_rule r = { .where = rules_here(p) };
	size_t mark = rules_mark(p), smark;
	const char *s;

	if (!rules_word(p, "route"))
		return rules_expected(p, "a statement (route, define, "
		    "include)");
	if (rules_name(p, &r.pool) != 0 || rules_expect(p, "by") != 0)
		return -1;
	smark = rules_mark(p);
	if (rules_name(p, &s) != 0)
		return -1;
	for (r.strategy = 0; r.strategy < ROUTING_NSTRATEGIES; r.strategy++)
		if (strcmp(s, strategy_names[r.strategy]) == 0)
			break;
	if (r.strategy == ROUTING_NSTRATEGIES)
		return rules_error_at(p, smark, "expected a strategy "
		    "(round-robin, weighted, capacity, territory, nearest, "
		    "tier, offer, account), found '%s'", s);
	if (rules_word(p, "overflow")) {
		if (r.strategy == ROUTING_ACCOUNT)
			return rules_error(p, "a lead its account owner "
			    "cannot take goes to the next rule: no overflow");
		if (rules_name(p, &r.overflow) != 0)
			return -1;
	}
	if (rules_word(p, "when") && (r.cond = rules_parse_cond(p)) == NULL)
		return -1;
	r.text = rules_text(p, mark);
	if (rules_because(p, &r.because) != 0)
		return -1;
	rt->rule = xreallocarray(rt->rule, rt->nrules + 1, sizeof *rt->rule);
	rt->rule[rt->nrules++] = r;
	return 0;
}

routing *
routing_load(const char *name, sbuf *err)
{
	routing *rt = xcalloc(1, sizeof *rt);
	sbuf path = SBUF_INIT;

	rt->ru = rules_load(rules_path(&path, name, "routing"), statement, rt,
	    err);
	if (rt->ru != NULL && rt->nrules == 0) {
		sbuf_addf(err, "%s: no route statement", path.p);
		rules_free(rt->ru);
		rt->ru = NULL;
	}
	sbuf_free(&path);
	if (rt->ru == NULL) {
		routing_free(rt);
		return NULL;
	}
	return rt;
}

void
routing_free(routing *rt)
{
	if (rt == NULL)
		return;
	rules_free(rt->ru);
	free(rt->rule);
	free(rt);
}
