/* route_verb.c - lead-route as a verb: usage, options, parser */
#include "base/xmem.h"
#include "io/verb.h"
#include "ledger/ledger.h"
#include "route/route.h"

static const char usage[] =
"usage: lead-route [-HhtV] --roster file [-r rules] [-d delim] [-i format]\n"
"                  [-o format] [--as-of date] [--escalations file]\n"
"                  [--gate leads] [--ledger file] [--overdue days]\n"
"                  [--reassign] [--rejects file] [--stats] [file ...]\n"
"       lead-route --claim member --roster file [--limit n] [-o format]\n"
"                  [--as-of date] [--ledger file] [--stats]\n"
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
"      --limit N          with --claim: at most N leads\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_CLAIM = CLI_OPT_PROGRAM, OPT_ESCALATIONS, OPT_GATE, OPT_LEDGER,
	OPT_LIMIT, OPT_OVERDUE, OPT_REASSIGN, OPT_ROSTER
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "claim",	required_argument,	NULL, OPT_CLAIM },
	{ "escalations", required_argument,	NULL, OPT_ESCALATIONS },
	{ "gate",	required_argument,	NULL, OPT_GATE },
	{ "ledger",	required_argument,	NULL, OPT_LEDGER },
	{ "limit",	required_argument,	NULL, OPT_LIMIT },
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
} args;

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	(void)argc;
	a->ro = (route_opts){ .limit = -1, .overdue = 14, .gate = 3 };
}

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case 'r':
		a->ro.rules = arg;
		return true;
	case OPT_CLAIM:
		a->ro.claim = arg;
		return true;
	case OPT_ESCALATIONS:
		a->ro.escalations = arg;
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
	c->make = make;
	/* --claim: the stage emits the claimed leads at the end */
	c->no_input = a->ro.claim != NULL;
}

const verb route_verb = {
	.name = "route",
	.summary = "give each lead an owner from the roster, fairly, on a ledger",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "r:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.init = init,
	.option = option,
	.done = done,
};
