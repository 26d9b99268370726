/* feedback_verb.c - lead-feedback as a verb: usage, options, parser */
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "feedback/export.h"
#include "feedback/feedback.h"
#include "io/verb.h"
#include "lead/colmap.h"
#include "lead/mapping.h"
#include "ledger/check.h"
#include "ledger/ledger.h"
#include "value/date.h"

static const char usage[] =
"usage: lead-feedback [-HhtV] [-d delim] [-i format] [-m src=field]\n"
"                     [-o format] [--as-of date] [--date-order order]\n"
"                     [--ledger file] [--map-file file] [--nurture-days days]\n"
"                     [--profile name] [--rejects file] [--source-system name]\n"
"                     [--stats] [file ...]\n"
"       lead-feedback [--export | --recycle] [-o format] [--ledger file]\n"
"                     [--as-of date] [--stats]\n"
"       lead-feedback --check [--ledger file]\n"
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
"      --check               check the ledger: SQLite's integrity_check and\n"
"                            leadkit's invariants; a line per fault, exit 1\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_CHECK = CLI_OPT_PROGRAM,
	OPT_DATE_ORDER,
	OPT_EXPORT,
	OPT_LEDGER,
	OPT_MAP_FILE,
	OPT_NURTURE_DAYS,
	OPT_PROFILE,
	OPT_RECYCLE,
	OPT_SOURCE_SYSTEM
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "check",		no_argument,		NULL, OPT_CHECK },
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

typedef struct args {
	feedback_opts fo;
	bool check, export, recycle;
	const char *map_file, *profile;
	const char **maps;
	size_t nmaps;
} args;

static void
free_args(void *p)
{
	args *a = p;

	mapping_free(a->fo.map);
	free(a->maps);
	free(a);
}

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	(void)argc;
	a->fo = (feedback_opts){ .nurture_days = 90 };
}

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

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case OPT_CHECK:
		a->check = true;
		return true;
	case 'm':
		check_map(arg);
		a->maps = xreallocarray(a->maps, a->nmaps + 1,
		    sizeof *a->maps);
		a->maps[a->nmaps++] = arg;
		return true;
	case OPT_DATE_ORDER:
		if (date_order_parse(arg, &a->fo.date_order) != 0)
			cli_usage_error("--date-order: \"%s\" is not "
			    "mdy, dmy or ymd", arg);
		return true;
	case OPT_EXPORT:
		a->export = true;
		return true;
	case OPT_LEDGER:
		a->fo.ledger = arg;
		return true;
	case OPT_MAP_FILE:
		a->map_file = arg;
		return true;
	case OPT_NURTURE_DAYS:
		a->fo.nurture_days = (int)cli_duration("--nurture-days",
		    arg, 'd', 3650);
		return true;
	case OPT_PROFILE:
		a->profile = arg;
		return true;
	case OPT_RECYCLE:
		a->recycle = true;
		return true;
	case OPT_SOURCE_SYSTEM:
		if (arg[0] == '\0')
			cli_usage_error("--source-system: an empty name");
		a->fo.source_system = arg;
		return true;
	}
	return false;
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->fo.as_of = c->o.as_of;
	if (a->export)
		return export_new(&a->fo);
	if (a->recycle)
		return export_recycle_new(&a->fo);
	/* -m over --map-file over the profile (mapping.h) */
	a->fo.map = mapping_new(&(mapping_opts){ .map_file = a->map_file,
	    .maps = a->maps, .nmaps = a->nmaps, .profile = a->profile });
	return feedback_new(&a->fo);
}

/* check: --check, an action: the ledger's consistency (ledger/check.h). */
static int
check(verb_call *c)
{
	args *a = c->opts;

	return ledger_check(ledger_path(a->fo.ledger), stdout);
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->check) {
		if (a->export || a->recycle)
			cli_usage_error("--check excludes --%s",
			    a->export ? "export" : "recycle");
		if (c->nfiles > 0)
			cli_usage_error("--check reads no input: \"%s\"",
			    c->files[0]);
		c->act = check;
		return;
	}

	if (a->export && a->recycle)
		cli_usage_error("--export and --recycle exclude each other");
	if ((a->export || a->recycle) && c->nfiles > 0)
		cli_usage_error("--%s reads no input: \"%s\"",
		    a->export ? "export" : "recycle", c->files[0]);
	c->make = make;
	/* --export, --recycle: the stage emits from the ledger at the end */
	c->no_input = a->export || a->recycle;
}

const verb feedback_verb = {
	.name = "feedback",
	.summary = "record sales outcomes in the ledger; export and recycle",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "m:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_args,
	.init = init,
	.option = option,
	.done = done,
};
