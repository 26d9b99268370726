/* lead-feedback - record sales outcomes in the ledger; export and recycle */
#include <stdlib.h>

#include "cli.h"
#include "export.h"
#include "feedback.h"

static const char usage[] =
"usage: lead-feedback [-HhtV] [-d delim] [-i format] [-o format] [--as-of date]\n"
"                     [--ledger file] [--nurture-days days] [--rejects file]\n"
"                     [--stats] [file ...]\n"
"       lead-feedback [--export | --recycle] [-o format] [--ledger file] ...\n"
"\n"
"Record what sales did with each lead (accepted, contacted, rejected, won,\n"
"lost, no-response) in the ledger lead-route keeps, move its status, and\n"
"write the lead's record with the outcome.\n"
"\n"
"      --ledger FILE         the ledger (default: $LEADKIT_LEDGER, else\n"
"                            ./leads.db)\n"
"      --nurture-days DAYS   a nurtured lead is recycled DAYS after the\n"
"                            outcome (0 to 3650; default: 90)\n"
"      --export              write every lead of the ledger with its\n"
"                            outcome, label and history; read no input\n"
"      --recycle             write the nurtured leads that are due again and\n"
"                            release them; read no input\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_EXPORT = CLI_OPT_PROGRAM,
	OPT_LEDGER,
	OPT_NURTURE_DAYS,
	OPT_RECYCLE
};

static const char shortopts[] = CLI_SHORTOPTS;
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "export",		no_argument,		NULL, OPT_EXPORT },
	{ "ledger",		required_argument,	NULL, OPT_LEDGER },
	{ "nurture-days",	required_argument,	NULL, OPT_NURTURE_DAYS },
	{ "recycle",		no_argument,		NULL, OPT_RECYCLE },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	cli_opts o;
	feedback_opts fo = { .nurture_days = 90 };
	bool export = false, recycle = false;
	int c;

	cli_init(&o, argv, "lead-feedback", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_EXPORT:
			export = true;
			break;
		case OPT_LEDGER:
			fo.ledger = optarg;
			break;
		case OPT_NURTURE_DAYS:
			fo.nurture_days = (int)cli_number("--nurture-days",
			    optarg, 0, 3650);
			break;
		case OPT_RECYCLE:
			recycle = true;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (export && recycle)
		cli_usage_error("--export and --recycle exclude each other");
	if ((export || recycle) && optind < argc)
		cli_usage_error("--%s reads no input: \"%s\"",
		    export ? "export" : "recycle", argv[optind]);
	fo.as_of = o.as_of;
	/* --export, --recycle: the stage emits from the ledger at the end of
	 * an empty input */
	static char *const none[] = { "/dev/null" };
	if (export || recycle)
		cli_exit(stage_run(export ? export_new(&fo) :
		    export_recycle_new(&fo), &o, none, 1));
	cli_exit(stage_run(feedback_new(&fo), &o, argv + optind,
	    argc - optind));
}
