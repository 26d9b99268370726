/* lead-score - score leads with a rules file, and explain every point */
#include <stdlib.h>

#include "io/cli.h"
#include "score/score.h"

static const char usage[] =
"usage: lead-score [-HhtV] -r rules [-d delim] [-i format] [-o format]\n"
"                  [--as-of date] [--check] [--diff old.rules] [--explain]\n"
"                  [--rejects file] [--stats] [file ...]\n"
"\n"
"Score leads with a model (lead-rules(5)): fit and engagement scores, their\n"
"total, a grade, and the reason for every point.\n"
"\n"
"  -r, --rules FILE       the model (also a name in share/leadkit/scoring/)\n"
"      --check            only check the rules file(s); read no leads\n"
"      --diff OLD         score with OLD too; print how grades move\n"
"      --explain          print each lead's breakdown instead of records\n"
"\n"
CLI_USAGE_COMMON;

enum { OPT_CHECK = CLI_OPT_PROGRAM, OPT_DIFF, OPT_EXPLAIN };

static const char shortopts[] = CLI_SHORTOPTS "r:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "diff",	required_argument,	NULL, OPT_DIFF },
	{ "explain",	no_argument,		NULL, OPT_EXPLAIN },
	{ "rules",	required_argument,	NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	cli_opts o;
	score_opts so = { 0 };
	bool check = false;
	int c;

	cli_init(&o, argv, "lead-score", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			so.rules = optarg;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case OPT_DIFF:
			so.diff = optarg;
			break;
		case OPT_EXPLAIN:
			so.explain = true;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (so.rules == NULL)
		cli_usage_error("a rules file is needed: -r FILE");
	if (so.diff != NULL && so.explain)
		cli_usage_error("--diff and --explain do not go together");
	if (check)
		cli_exit(score_check(&so));
	so.as_of = o.as_of;
	int status = stage_run(score_new(&so), &o, argv + optind,
	    argc - optind);
	cli_exit(status);
}
