/* lead-report - funnel, conversion, lead rate, scores and DQ reasons */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "report.h"
#include "xmem.h"

static const char usage[] =
"usage: lead-report [-HhtV] [-d delim] [-g field] [-i format] [-o format]\n"
"                   [--merge] [--partial] [--period period]\n"
"                   [--report name] [--since date] [--until date]\n"
"                   [--where condition] [--rejects file] [--stats]\n"
"                   [file ...]\n"
"\n"
"Count leads: the funnel by stage reached, groups with their conversion,\n"
"leads per period, scores and DQ reasons, as text, CSV, NDJSON or Markdown.\n"
"\n"
"  -g, --group FIELD      one row per value of FIELD (repeat: a compound key)\n"
"  -o, --output-format text|csv|ndjson|markdown  (default: text)\n"
"      --report NAME      funnel, groups, rate, score or dq (repeatable;\n"
"                         default: funnel, and groups with -g)\n"
"      --where COND       count only leads the condition holds for\n"
"                         (lead-rules(5))\n"
"      --since DATE       count only leads created at or after DATE\n"
"      --until DATE       count only leads created up to DATE (a day: its end)\n"
"      --period P         week, month or quarter, for --report rate\n"
"                         (default: month)\n"
"      --partial          print the counts to merge later (NDJSON)\n"
"      --merge            the files are partials: sum them, then report\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_MERGE = CLI_OPT_PROGRAM, OPT_PARTIAL, OPT_PERIOD, OPT_REPORT,
	OPT_SINCE, OPT_UNTIL, OPT_WHERE
};

static const char shortopts[] = "Hd:g:hi:o:tV";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "group",	required_argument,	NULL, 'g' },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "partial",	no_argument,		NULL, OPT_PARTIAL },
	{ "period",	required_argument,	NULL, OPT_PERIOD },
	{ "report",	required_argument,	NULL, OPT_REPORT },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "until",	required_argument,	NULL, OPT_UNTIL },
	{ "where",	required_argument,	NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

/* The formats of -o: lead-report's own, then the records' (cli_option). */
static const struct {
	const char *name;
	report_format fmt;
	lk_format records;
} formats[] = {
	{ "text", REPORT_TEXT, LK_FMT_NDJSON },
	{ "markdown", REPORT_MARKDOWN, LK_FMT_NDJSON },
	{ "md", REPORT_MARKDOWN, LK_FMT_NDJSON },
	{ "csv", REPORT_CSV, LK_FMT_CSV },
	{ "ndjson", REPORT_NDJSON, LK_FMT_NDJSON },
	{ "jsonl", REPORT_NDJSON, LK_FMT_NDJSON },
	{ NULL, REPORT_TEXT, LK_FMT_AUTO }
};

static const char *const periods[] = { "week", "month", "quarter", NULL };

/* day: the time of the date arg of option opt; a day's end with end. */
static time_t
day(const char *opt, const char *arg, bool end)
{
	time_t t;
	date_kind k = date_parse(arg, strlen(arg), false, &t);

	if (k == DATE_BAD)
		cli_usage_error("%s: \"%s\" is not a date", opt, arg);
	return k == DATE_DAY && end ? t + 86399 : t;
}

int
main(int argc, char *argv[])
{
	cli_opts o;
	report_opts ro = { .period = REPORT_MONTH };
	int c;
	size_t i;
	const char *env;

	cli_init(&o, argv, "lead-report", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (*optarg == '\0')
				cli_usage_error("-g: a field name is needed");
			ro.group = xreallocarray(ro.group, ro.ngroup + 1,
			    sizeof *ro.group);
			ro.group[ro.ngroup++] = optarg;
			break;
		case 'o':
			for (i = 0; formats[i].name != NULL &&
			    strcmp(formats[i].name, optarg) != 0; i++)
				;
			if (formats[i].name == NULL)
				cli_usage_error("-o: \"%s\" is not a format "
				    "(text, csv, ndjson or markdown)", optarg);
			ro.format = formats[i].fmt;
			o.out_format = formats[i].records;
			break;
		case OPT_MERGE:
			ro.merge = true;
			break;
		case OPT_PARTIAL:
			ro.partial = true;
			break;
		case OPT_PERIOD:
			for (i = 0; periods[i] != NULL &&
			    strcmp(periods[i], optarg) != 0; i++)
				;
			if (periods[i] == NULL)
				cli_usage_error("--period: \"%s\" is not week, "
				    "month or quarter", optarg);
			ro.period = (report_period)i;
			break;
		case OPT_REPORT:
			if (report_parse(optarg) == 0)
				cli_usage_error("--report: \"%s\" is not a "
				    "report (funnel, groups, rate, score or "
				    "dq)", optarg);
			ro.reports |= report_parse(optarg);
			break;
		case OPT_SINCE:
			ro.since = day("--since", optarg, false);
			ro.has_since = true;
			break;
		case OPT_UNTIL:
			ro.until = day("--until", optarg, true);
			ro.has_until = true;
			break;
		case OPT_WHERE:
			ro.where = optarg;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (ro.has_since && ro.has_until && ro.since > ro.until)
		cli_usage_error("--since is after --until");
	if (ro.merge && (ro.where != NULL || ro.has_since || ro.has_until))
		cli_usage_error("--merge: the partials were filtered when "
		    "made (no --where, --since or --until)");
	if ((ro.reports & REPORT_GROUPS) && ro.ngroup == 0 && !ro.merge)
		cli_usage_error("--report groups needs -g FIELD");
	if (ro.merge)
		o.in_format = LK_FMT_NDJSON;
	if (ro.partial)
		o.out_format = LK_FMT_NDJSON;
	ro.color = ro.format == REPORT_TEXT && isatty(STDOUT_FILENO) &&
	    ((env = getenv("NO_COLOR")) == NULL || *env == '\0');
	ro.as_of = o.as_of;
	int status = stage_run(report_new(&ro), &o, argv + optind,
	    argc - optind);
	free(ro.group);
	cli_exit(status);
}
