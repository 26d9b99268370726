/* lead-route - give each lead an owner from the roster, fairly, on a ledger */
#include <stdlib.h>

#include "io/cli.h"
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

static const char shortopts[] = CLI_SHORTOPTS "r:";
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

int
main(int argc, char *argv[])
{
	cli_opts o;
	route_opts ro = { .limit = -1, .overdue = 14, .gate = 3 };
	const char *ledger = NULL;
	bool limited = false;
	int c;

	cli_init(&o, argv, "lead-route", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ro.rules = optarg;
			break;
		case OPT_CLAIM:
			ro.claim = optarg;
			break;
		case OPT_ESCALATIONS:
			ro.escalations = optarg;
			break;
		case OPT_GATE:
			ro.gate = (long)cli_number("--gate", optarg, 0, 1e9);
			break;
		case OPT_LEDGER:
			ledger = optarg;
			break;
		case OPT_LIMIT:
			ro.limit = (long)cli_number("--limit", optarg, 0, 1e9);
			limited = true;
			break;
		case OPT_OVERDUE:
			ro.overdue = (long)cli_number("--overdue", optarg, 0,
			    3650);
			break;
		case OPT_REASSIGN:
			ro.reassign = true;
			break;
		case OPT_ROSTER:
			ro.roster = optarg;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (ro.roster == NULL)
		cli_usage_error("a roster is needed: --roster FILE");
	if (ro.claim != NULL && (optind < argc || ro.rules != NULL ||
	    ro.reassign))
		cli_usage_error("--claim reads no leads: no files, -r or "
		    "--reassign");
	if (limited && ro.claim == NULL)
		cli_usage_error("--limit goes with --claim");
	ro.ledger = ledger_path(ledger);
	ro.as_of = o.as_of;
	ro.cli = &o;
	/* --claim: the stage emits the claimed leads at the end of an empty
	 * input */
	static char *const none[] = { "/dev/null" };
	int status = ro.claim != NULL ?
	    stage_run(route_new(&ro), &o, none, 1) :
	    stage_run(route_new(&ro), &o, argv + optind, argc - optind);
	cli_exit(status);
}
