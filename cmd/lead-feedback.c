/* lead-feedback - record sales outcomes in the ledger; export and recycle */
#include <stdlib.h>

#include <string.h>

#include "io/cli.h"
#include "lead/colmap.h"
#include "value/date.h"
#include "feedback/export.h"
#include "feedback/feedback.h"
#include "lead/mapping.h"
#include "base/xmem.h"

static const char usage[] =
"usage: lead-feedback [-HhtV] [-d delim] [-i format] [-m src=field]\n"
"                     [-o format] [--as-of date] [--date-order order]\n"
"                     [--ledger file] [--map-file file] [--nurture-days days]\n"
"                     [--profile name] [--rejects file] [--source-system name]\n"
"                     [--stats] [file ...]\n"
"       lead-feedback [--export | --recycle] [-o format] [--ledger file] ...\n"
"\n"
"Record what sales did with each lead (accepted, contacted, rejected, won,\n"
"lost, no-response) in the ledger lead-route keeps, move its status, and\n"
"write the lead's record with the outcome.\n"
"\n"
"  -m, --map SRC=FIELD       read column SRC as FIELD (repeatable): id,\n"
"                            source_id, source_system, email, status, stage,\n"
"                            reason, date, amount\n"
"      --map-file FILE       a file of \"Source Column = field\" lines\n"
"      --profile NAME        read the file as export profile NAME\n"
"                            (share/leadkit/profiles), or none; default:\n"
"                            the profile its header is recognised as\n"
"      --date-order ORDER    mdy, dmy or ymd: how to read 3/4/2026 (default:\n"
"                            the profile's order; else such a date is\n"
"                            rejected, never guessed)\n"
"      --source-system NAME  the system of rows that name none (a source_id\n"
"                            is looked up among that system's)\n"
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
	OPT_DATE_ORDER = CLI_OPT_PROGRAM,
	OPT_EXPORT,
	OPT_LEDGER,
	OPT_MAP_FILE,
	OPT_NURTURE_DAYS,
	OPT_PROFILE,
	OPT_RECYCLE,
	OPT_SOURCE_SYSTEM
};

static const char shortopts[] = CLI_SHORTOPTS "m:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "date-order",		required_argument,	NULL, OPT_DATE_ORDER },
	{ "export",		no_argument,		NULL, OPT_EXPORT },
	{ "ledger",		required_argument,	NULL, OPT_LEDGER },
	{ "map",		required_argument,	NULL, 'm' },
	{ "map-file",		required_argument,	NULL, OPT_MAP_FILE },
	{ "nurture-days",	required_argument,	NULL, OPT_NURTURE_DAYS },
	{ "profile",		required_argument,	NULL, OPT_PROFILE },
	{ "recycle",		no_argument,		NULL, OPT_RECYCLE },
	{ "source-system",	required_argument,	NULL, OPT_SOURCE_SYSTEM },
	{ NULL, 0, NULL, 0 }
};

/* check_map: -m SRC=FIELD, whose FIELD must be one lead-feedback reads,
 * or a usage error. */
static void
check_map(const char *arg)
{
	const char *eq = strrchr(arg, '=');
	const char *f = eq != NULL ? eq + 1 : "";
	size_t n;

	while (*f == ' ' || *f == '\t')
		f++;
	n = strlen(f);
	while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
		n--;
	colmap *m = colmap_new();
	int rc = colmap_add(m, arg);
	colmap_free(m);
	if (rc != 0)
		cli_usage_error("-m: \"%s\" is not SRC=FIELD", arg);
	if (feedback_field_index(f, n) < 0)
		cli_usage_error("-m: \"%.*s\" is no field lead-feedback reads "
		    "(id, source_id, source_system, email, status, stage, "
		    "reason, date, amount)", (int)n, f);
}

int
main(int argc, char *argv[])
{
	cli_opts o;
	feedback_opts fo = { .nurture_days = 90 };
	bool export = false, recycle = false;
	const char *map_file = NULL, *profile = NULL;
	const char **maps = NULL;
	size_t nmaps = 0;
	int c;

	cli_init(&o, argv, "lead-feedback", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			check_map(optarg);
			maps = xreallocarray(maps, nmaps + 1, sizeof *maps);
			maps[nmaps++] = optarg;
			break;
		case OPT_DATE_ORDER:
			if (date_order_parse(optarg, &fo.date_order) != 0)
				cli_usage_error("--date-order: \"%s\" is not "
				    "mdy, dmy or ymd", optarg);
			break;
		case OPT_EXPORT:
			export = true;
			break;
		case OPT_LEDGER:
			fo.ledger = optarg;
			break;
		case OPT_MAP_FILE:
			map_file = optarg;
			break;
		case OPT_NURTURE_DAYS:
			fo.nurture_days = (int)cli_number("--nurture-days",
			    optarg, 0, 3650);
			break;
		case OPT_PROFILE:
			profile = optarg;
			break;
		case OPT_RECYCLE:
			recycle = true;
			break;
		case OPT_SOURCE_SYSTEM:
			if (optarg[0] == '\0')
				cli_usage_error("--source-system: an empty name");
			fo.source_system = optarg;
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
	/* -m over --map-file over the profile (mapping.h) */
	fo.map = mapping_new(&(mapping_opts){ .map_file = map_file,
	    .maps = maps, .nmaps = nmaps, .profile = profile });
	stage *st = feedback_new(&fo);
	int status = stage_run(st, &o, argv + optind, argc - optind);
	mapping_free(fo.map);
	free(maps);
	cli_exit(status);
}
