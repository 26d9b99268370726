/* route_verb.c - lead-route as a verb: usage, options, parser */
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "io/verb.h"
#include "ledger/ledger.h"
#include "route/route.h"

static const char usage[] =
"usage: lead-route [-HhtV] --roster file [-r rules] [-d delim] [-i format]\n"
"                  [-o format] [--as-of date] [--escalations file]\n"
"                  [--gate leads] [--ledger file] [--offer-hours hours]\n"
"                  [--overdue days] [--reassign] [--rejects file] [--stats]\n"
"                  [file ...]\n"
"       lead-route --claim member --roster file [--lead id ...] [--limit n]\n"
"                  [-o format] [--as-of date] [--ledger file]\n"
"                  [--offer-hours hours] [--rejects file] [--stats]\n"
"       lead-route --offers --roster file [--for member] [-o format]\n"
"                  [--as-of date] [--ledger file] [--offer-hours hours]\n"
"\n"
"Give each lead an owner from the roster (reps and partners), by routing\n"
"rules (lead-rules(5)) or weighted round-robin, and record it in the\n"
"ledger; or take leads from the pick list for a partner (--claim).\n"
"\n"
"      --roster FILE      the reps and partners (CSV or NDJSON)\n"
"  -r, --rules FILE       routing rules (also a name in\n"
"                         share/leadkit/routing/); default: every lead to\n"
"                         the roster by weighted round-robin\n"
"      --ledger FILE      the ledger (default: $LEADKIT_LEDGER, ./leads.db)\n"
"      --reassign         route leads that already have an owner again\n"
"      --overdue DAYS     a partner's lead is overdue after DAYS without\n"
"                         feedback (default 14)\n"
"      --gate LEADS       a partner with LEADS overdue leads gets no new\n"
"                         ones (default 3; 0: never)\n"
"      --escalations FILE write every overdue lead there (NDJSON)\n"
"      --claim MEMBER     take the oldest offers of MEMBER's pools\n"
"      --lead ID          with --claim: take this offer (repeatable)\n"
"      --limit N          with --claim: at most N leads\n"
"      --offers           list the open offers as teasers, without\n"
"                         personal data (-o ndjson, csv or text)\n"
"      --for MEMBER       with --offers: only those MEMBER may take\n"
"      --offer-hours N    an offer nobody claims in N hours expires: the\n"
"                         next routing run (-r) moves it to its rule's\n"
"                         overflow pool, or escalates it (default: never)\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_CLAIM = CLI_OPT_PROGRAM, OPT_ESCALATIONS, OPT_FOR, OPT_GATE,
	OPT_LEAD, OPT_LEDGER, OPT_LIMIT, OPT_OFFER_HOURS, OPT_OFFERS,
	OPT_OVERDUE, OPT_REASSIGN, OPT_ROSTER
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "claim",	required_argument,	NULL, OPT_CLAIM },
	{ "escalations", required_argument,	NULL, OPT_ESCALATIONS },
	{ "for",	required_argument,	NULL, OPT_FOR },
	{ "gate",	required_argument,	NULL, OPT_GATE },
	{ "lead",	required_argument,	NULL, OPT_LEAD },
	{ "ledger",	required_argument,	NULL, OPT_LEDGER },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
	{ "offer-hours", required_argument,	NULL, OPT_OFFER_HOURS },
	{ "offers",	no_argument,		NULL, OPT_OFFERS },
	{ "overdue",	required_argument,	NULL, OPT_OVERDUE },
	{ "reassign",	no_argument,		NULL, OPT_REASSIGN },
	{ "roster",	required_argument,	NULL, OPT_ROSTER },
	{ "rules",	required_argument,	NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	route_opts ro;
	const char *ledger;
	bool limited;
	const char **leads;	/* --lead, argc of them at most */
} args;

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	a->ro = (route_opts){ .limit = -1, .overdue = 14, .gate = 3 };
	a->leads = xcalloc((size_t)argc + 1, sizeof *a->leads);
}

static void
free_opts(void *opts)
{
	args *a = opts;

	free(a->leads);
	free(a);
}

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case 'o':
		/* text: --offers as a list to mail; the others are shared */
		if (strcmp(arg, "text") != 0)
			return false;
		a->ro.text = true;
		return true;
	case 'r':
		a->ro.rules = arg;
		return true;
	case OPT_CLAIM:
		a->ro.claim = arg;
		return true;
	case OPT_ESCALATIONS:
		a->ro.escalations = arg;
		return true;
	case OPT_FOR:
		a->ro.for_member = arg;
		return true;
	case OPT_LEAD:
		if (arg[0] == '\0')
			cli_usage_error("--lead: an empty id");
		a->leads[a->ro.nleads++] = arg;
		return true;
	case OPT_OFFER_HOURS:
		a->ro.offer_hours = (long)cli_count("--offer-hours", arg, 1,
		    87600);
		return true;
	case OPT_OFFERS:
		a->ro.offers = true;
		return true;
	case OPT_GATE:
		a->ro.gate = (long)cli_count("--gate", arg, 0, 1000000000);
		return true;
	case OPT_LEDGER:
		a->ledger = arg;
		return true;
	case OPT_LIMIT:
		a->ro.limit = (long)cli_count("--limit", arg, 0, 1000000000);
		a->limited = true;
		return true;
	case OPT_OVERDUE:
		a->ro.overdue = (long)cli_duration("--overdue", arg, 'd',
		    3650);
		return true;
	case OPT_REASSIGN:
		a->ro.reassign = true;
		return true;
	case OPT_ROSTER:
		a->ro.roster = arg;
		return true;
	}
	return false;
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->ro.ledger = ledger_path(a->ledger);
	a->ro.as_of = c->o.as_of;
	a->ro.cli = &c->o;
	return route_new(&a->ro);
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->ro.roster == NULL)
		cli_usage_error("a roster is needed: --roster FILE");
	if (a->ro.claim != NULL && (c->nfiles > 0 || a->ro.rules != NULL ||
	    a->ro.reassign))
		cli_usage_error("--claim reads no leads: no files, -r or "
		    "--reassign");
	if (a->limited && a->ro.claim == NULL)
		cli_usage_error("--limit goes with --claim");
	if (a->ro.nleads > 0 && a->ro.claim == NULL)
		cli_usage_error("--lead goes with --claim");
	if (a->ro.nleads > 0 && a->limited)
		cli_usage_error("--claim with --lead takes those: no --limit");
	if (a->ro.nleads > ROUTE_BATCH)
		cli_usage_error("--lead: at most %d of them at once",
		    ROUTE_BATCH);
	if (a->ro.offers && (c->nfiles > 0 || a->ro.rules != NULL ||
	    a->ro.reassign || a->ro.claim != NULL))
		cli_usage_error("--offers reads no leads: no files, -r, "
		    "--reassign or --claim");
	if (a->ro.for_member != NULL && !a->ro.offers)
		cli_usage_error("--for goes with --offers");
	if (a->ro.text && !a->ro.offers)
		cli_usage_error("-o text goes with --offers");
	if (a->ro.nleads > 0)
		a->ro.leads = a->leads;
	c->make = make;
	/* --claim, --offers: the stage emits the claimed leads or the
	 * offers at the end; as text, the offers are a report */
	c->no_input = a->ro.claim != NULL || a->ro.offers;
	c->report = a->ro.offers && a->ro.text;
}

const verb route_verb = {
	.name = "route",
	.summary = "give each lead an owner from the roster, fairly, on a ledger",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "r:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_opts,
	.init = init,
	.option = option,
	.done = done,
};
