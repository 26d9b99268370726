/* lead-qualify - decide each lead's lifecycle status by a lead definition */
#include <stdlib.h>

#include "io/cli.h"
#include "qualify/qualify.h"

static const char usage[] =
"usage: lead-qualify [-HhtV] -r rules [-d delim] [-i format] [-o format]\n"
"                    [--as-of date] [--check] [--summary]\n"
"                    [--rejects file] [--stats] [file ...]\n"
"\n"
"Set each lead's status (lead, mql, sql, nurture, disqualified, review...)\n"
"by a lead definition (lead-rules(5)), with the criteria it met or not.\n"
"\n"
"  -r, --rules FILE       the definition (also a name in\n"
"                         share/leadkit/definitions/)\n"
"      --check            only check the definition; read no leads\n"
"      --summary          print leads by status and the criteria most often\n"
"                         not met to stderr at the end\n"
"\n"
CLI_USAGE_COMMON;

enum { OPT_CHECK = CLI_OPT_PROGRAM, OPT_SUMMARY };

static const char shortopts[] = CLI_SHORTOPTS "r:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "rules",	required_argument,	NULL, 'r' },
	{ "summary",	no_argument,		NULL, OPT_SUMMARY },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	cli_opts o;
	qualify_opts qo = { 0 };
	bool check = false;
	int c;

	cli_init(&o, argv, "lead-qualify", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			qo.rules = optarg;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case OPT_SUMMARY:
			qo.summary = true;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (qo.rules == NULL)
		cli_usage_error("a lead definition is needed: -r FILE");
	if (check)
		cli_exit(qualify_check(&qo));
	qo.as_of = o.as_of;
	int status = stage_run(qualify_new(&qo), &o, argv + optind,
	    argc - optind);
	cli_exit(status);
}
