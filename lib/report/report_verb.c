/* report_verb.c - lead-report as a verb: usage, options, parser */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xmem.h"
#include "io/verb.h"
#include "ledger/ledger.h"
#include "report/report.h"

static const char usage[] =
"usage: lead-report [-HhtV] [-d delim] [-g field] [-i format] [-o format]\n"
"                   [--ledger file] [--merge] [--partial] [--period period]\n"
"                   [--report name] [--roster file] [--since date]\n"
"                   [--sla hours] [--until date] [--where condition]\n"
"                   [--rejects file] [--stats] [file ...]\n"
"\n"
"Count leads: the funnel by stage reached, groups with their conversion,\n"
"leads per period, scores and DQ reasons; from the ledger, speed to first\n"
"contact, SLA breaches, aging, feedback coverage, routing fairness and the\n"
"review of the lead definition against what sales did; as text, CSV,\n"
"NDJSON, Markdown or HTML.\n"
"\n"
"  -g, --group FIELD      one row per value of FIELD (repeat: a compound key)\n"
"  -o, --output-format text|csv|ndjson|markdown|html\n"
"                         (default: text)\n"
"      --report NAME      funnel, groups, rate, score or dq (repeatable;\n"
"                         default: groups with -g, else funnel); from the\n"
"                         ledger: speed, sla, aging, coverage, fairness\n"
"                         or review\n"
"      --ledger FILE      the ledger (default: $LEADKIT_LEDGER or leads.db)\n"
"      --roster FILE      coverage: partners only; fairness: weight shares\n"
"      --sla HOURS        first contact due within HOURS (default: 24)\n"
"      --where COND       count only leads the condition holds for\n"
"                         (lead-rules(5))\n"
"      --since DATE       count only leads created (ledger: routed; review:\n"
"                         handed to sales) at or after DATE\n"
"      --until DATE       count only leads created (ledger: routed; review:\n"
"                         handed to sales) up to DATE (a day: its end);\n"
"                         the review's default: the 14 days up to --as-of\n"
"      --period P         week, month or quarter, for --report rate\n"
"                         (default: month)\n"
"      --partial          print the counts to merge later (NDJSON)\n"
"      --merge            the files are partials: sum them, then report\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_LEDGER = CLI_OPT_PROGRAM, OPT_MERGE, OPT_PARTIAL, OPT_PERIOD,
	OPT_REPORT, OPT_ROSTER, OPT_SINCE, OPT_SLA, OPT_UNTIL, OPT_WHERE
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "group",	required_argument,	NULL, 'g' },
	{ "ledger",	required_argument,	NULL, OPT_LEDGER },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "partial",	no_argument,		NULL, OPT_PARTIAL },
	{ "period",	required_argument,	NULL, OPT_PERIOD },
	{ "report",	required_argument,	NULL, OPT_REPORT },
	{ "roster",	required_argument,	NULL, OPT_ROSTER },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "sla",	required_argument,	NULL, OPT_SLA },
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
	{ "html", REPORT_HTML, LK_FMT_NDJSON },
	{ "csv", REPORT_CSV, LK_FMT_CSV },
	{ "ndjson", REPORT_NDJSON, LK_FMT_NDJSON },
	{ "jsonl", REPORT_NDJSON, LK_FMT_NDJSON },
	{ NULL, REPORT_TEXT, LK_FMT_AUTO }
};

static const char *const periods[] = { "week", "month", "quarter", NULL };

typedef struct args {
	report_opts ro;
	const char *ledger;
	bool sla;
} args;

static void
free_args(void *p)
{
	args *a = p;

	free(a->ro.group);
	free(a);
}

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	(void)argc;
	a->ro = (report_opts){ .period = REPORT_MONTH, .sla = 24 };
}

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;
	report_opts *ro = &a->ro;
	size_t i;

	switch (ch) {
	case 'g':
		if (*arg == '\0')
			cli_usage_error("-g: a field name is needed");
		ro->group = xreallocarray(ro->group, ro->ngroup + 1,
		    sizeof *ro->group);
		ro->group[ro->ngroup++] = arg;
		return true;
	case 'o':
		for (i = 0; formats[i].name != NULL &&
		    strcmp(formats[i].name, arg) != 0; i++)
			;
		if (formats[i].name == NULL)
			cli_usage_error("-o: \"%s\" is not a format "
			    "(text, csv, ndjson, markdown or html)",
			    arg);
		ro->format = formats[i].fmt;
		c->o.out_format = formats[i].records;
		return true;
	case OPT_LEDGER:
		a->ledger = arg;
		return true;
	case OPT_MERGE:
		ro->merge = true;
		return true;
	case OPT_PARTIAL:
		ro->partial = true;
		return true;
	case OPT_PERIOD:
		for (i = 0; periods[i] != NULL &&
		    strcmp(periods[i], arg) != 0; i++)
			;
		if (periods[i] == NULL)
			cli_usage_error("--period: \"%s\" is not week, "
			    "month or quarter", arg);
		ro->period = (report_period)i;
		return true;
	case OPT_REPORT:
		if (report_parse(arg) == 0)
			cli_usage_error("--report: \"%s\" is not a "
			    "report (funnel, groups, rate, score, dq, "
			    "speed, sla, aging, coverage, fairness or "
			    "review)",
			    arg);
		ro->reports |= report_parse(arg);
		return true;
	case OPT_ROSTER:
		ro->roster = arg;
		return true;
	case OPT_SINCE:
		ro->since = cli_date("--since", arg, false);
		ro->has_since = true;
		return true;
	case OPT_SLA:
		ro->sla = cli_number("--sla", arg, 0, 1e6);
		a->sla = true;
		return true;
	case OPT_UNTIL:
		ro->until = cli_date("--until", arg, true);
		ro->has_until = true;
		return true;
	case OPT_WHERE:
		ro->where = arg;
		return true;
	}
	return false;
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;
	const char *env;

	a->ro.color = a->ro.format == REPORT_TEXT && isatty(STDOUT_FILENO) &&
	    ((env = getenv("NO_COLOR")) == NULL || *env == '\0');
	a->ro.as_of = c->o.as_of;
	a->ro.cli = &c->o;
	return report_new(&a->ro);
}

static void
done(verb_call *c)
{
	args *a = c->opts;
	report_opts *ro = &a->ro;

	if (ro->has_since && ro->has_until && ro->since > ro->until)
		cli_usage_error("--since is after --until");
	if (ro->merge && (ro->where != NULL || ro->has_since ||
	    ro->has_until))
		cli_usage_error("--merge: the partials were filtered when "
		    "made (no --where, --since or --until)");
	if ((ro->reports & REPORT_GROUPS) && ro->ngroup == 0 && !ro->merge)
		cli_usage_error("--report groups needs -g FIELD");
	if (ro->reports & REPORT_LEDGER_ALL) {
		if (ro->partial || ro->merge)
			cli_usage_error("the ledger's reports (speed, sla, "
			    "aging, coverage, fairness, review) take no part "
			    "in --partial or --merge");
		ro->ledger = ledger_path(a->ledger);
		/* only the ledger's reports: no leads are read */
		if (!(ro->reports & REPORT_ALL)) {
			if (c->nfiles > 0 || ro->ngroup > 0 ||
			    ro->where != NULL)
				cli_usage_error("the ledger's reports read "
				    "no leads: no files, -g or --where");
			c->no_input = true;
		}
	} else if (a->ledger != NULL) {
		cli_usage_error("--ledger goes with a report of the ledger "
		    "(speed, sla, aging, coverage, fairness, review)");
	}
	if (ro->roster != NULL && !(ro->reports & (REPORT_COVERAGE |
	    REPORT_FAIRNESS)))
		cli_usage_error("--roster goes with --report coverage or "
		    "fairness");
	if (a->sla && !(ro->reports & REPORT_SLA))
		cli_usage_error("--sla goes with --report sla");
	if (ro->merge)
		c->o.in_format = LK_FMT_NDJSON;
	if (ro->partial)
		c->o.out_format = LK_FMT_NDJSON;
	c->make = make;
	c->report = true;
}

const verb report_verb = {
	.name = "report",
	.summary = "count leads and the ledger: funnel, conversion, SLA, "
	    "fairness",
	.usage = usage,
	.shortopts = "Hd:g:hi:o:tV",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_args,
	.init = init,
	.option = option,
	.done = done,
};
