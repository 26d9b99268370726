/* lead-dedupe - find duplicate leads; mark, drop or merge them */
#include <stdlib.h>

#include "io/cli.h"
#include "dedupe/dedupe.h"
#include "base/xmem.h"

static const char usage[] =
"usage: lead-dedupe [-HhtV] [-m model] [-d delim] [-i format] [-o format]\n"
"                   [--mark | --drop | --merge] [--dupes file]\n"
"                   [--against file] [--check] [--rejects file] [--stats]\n"
"                   [file ...]\n"
"\n"
"Find leads that are one person written differently (fuzzy matching by a\n"
"match model), mark them with cluster_id, dup_of and match_reason, and\n"
"drop or merge them if asked.\n"
"\n"
"  -m, --model FILE       the match model (also a name in\n"
"                         share/leadkit/match/; default: leads.match)\n"
"      --mark             annotate every lead (the default)\n"
"      --drop             write one lead a cluster, its survivor\n"
"      --merge            write one merged lead a cluster\n"
"      --dupes FILE       with --drop: write the other leads there (NDJSON)\n"
"      --against FILE     also match against these records (customers,\n"
"                         earlier leads): existing_id, existing_kind\n"
"      --check            only check the model; read no leads\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_AGAINST = CLI_OPT_PROGRAM, OPT_CHECK, OPT_DROP, OPT_DUPES,
	OPT_MARK, OPT_MERGE
};

static const char shortopts[] = CLI_SHORTOPTS "m:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "against",	required_argument,	NULL, OPT_AGAINST },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "drop",	no_argument,		NULL, OPT_DROP },
	{ "dupes",	required_argument,	NULL, OPT_DUPES },
	{ "mark",	no_argument,		NULL, OPT_MARK },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "model",	required_argument,	NULL, 'm' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	cli_opts o;
	dedupe_opts dopts = { .model = "leads.match", .mode = DEDUPE_MARK };
	char **against = xcalloc((size_t)argc, sizeof *against);
	bool check = false, moded = false;
	int c;

	cli_init(&o, argv, "lead-dedupe", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			dopts.model = optarg;
			break;
		case OPT_AGAINST:
			against[dopts.nagainst++] = optarg;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case OPT_DROP:
		case OPT_MARK:
		case OPT_MERGE: {
			dedupe_mode mode = c == OPT_DROP ? DEDUPE_DROP :
			    c == OPT_MARK ? DEDUPE_MARK : DEDUPE_MERGE;
			if (moded && mode != dopts.mode)
				cli_usage_error("--mark, --drop and --merge "
				    "exclude each other");
			moded = true;
			dopts.mode = mode;
			break;
		}
		case OPT_DUPES:
			dopts.dupes = optarg;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (dopts.dupes != NULL && dopts.mode != DEDUPE_DROP)
		cli_usage_error("--dupes goes with --drop");
	if (check)
		cli_exit(dedupe_check(&dopts));
	dopts.against = against;
	int status = stage_run(dedupe_new(&dopts, &o), &o, argv + optind,
	    argc - optind);
	free(against);
	cli_exit(status);
}
