/* import_verb.c - lead-import as a verb: usage, options, parser */
#include <stdlib.h>

#include "base/xmem.h"
#include "import/import.h"
#include "io/verb.h"

static const char usage[] =
"usage: lead-import [-HhtV] [-c country] [-d delim] [-i format] [-m src=field]\n"
"                   [-o format] [-s source] [--date-order order] [--keep-ids]\n"
"                   [--map-file file] [--profile name] [--require fields]\n"
"                   [--rejects file] [--show-mapping] [--source-system name]\n"
"                   [--stats] [file ...]\n"
"\n"
"Map, normalize and check raw leads (CSV or NDJSON) into canonical leads.\n"
"\n"
"  -c, --country CC       default country for national phone numbers\n"
"      --date-order mdy|dmy|ymd\n"
"                         how numeric dates are written (default: the\n"
"                         export profile's, else detected from the dates)\n"
"      --keep-ids         keep any id a record has (default: only lk- ids;\n"
"                         another becomes source_id)\n"
"  -m, --map SRC=FIELD    map column SRC to FIELD (repeatable; overrides\n"
"                         profiles and synonyms)\n"
"      --map-file FILE    a file of \"Source Column = field\" lines\n"
"      --profile NAME     read files as the export profile NAME (default:\n"
"                         recognised from the header; none: no profile)\n"
"      --require FIELDS   reject records missing any of FIELDS\n"
"                         (comma-separated; a|b means a or b)\n"
"      --show-mapping     print how each file's columns map, read no record\n"
"  -s, --source NAME      source of records that name none\n"
"      --source-system NAME  the system the files' ids come from (default:\n"
"                         the profile's)\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_DATE_ORDER = CLI_OPT_PROGRAM, OPT_KEEP_IDS, OPT_MAP_FILE,
	OPT_PROFILE, OPT_REQUIRE, OPT_SHOW_MAPPING, OPT_SOURCE_SYSTEM
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "country",	required_argument,	NULL, 'c' },
	{ "date-order",	required_argument,	NULL, OPT_DATE_ORDER },
	{ "keep-ids",	no_argument,		NULL, OPT_KEEP_IDS },
	{ "map",	required_argument,	NULL, 'm' },
	{ "map-file",	required_argument,	NULL, OPT_MAP_FILE },
	{ "profile",	required_argument,	NULL, OPT_PROFILE },
	{ "require",	required_argument,	NULL, OPT_REQUIRE },
	{ "show-mapping", no_argument,		NULL, OPT_SHOW_MAPPING },
	{ "source",	required_argument,	NULL, 's' },
	{ "source-system", required_argument,	NULL, OPT_SOURCE_SYSTEM },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	import_opts io;
	bool show;
} args;

static void
free_args(void *p)
{
	args *a = p;

	free(a->io.maps);
	free(a);
}

static bool
option(verb_call *c, int ch, char *arg)
{
	import_opts *io = &((args *)c->opts)->io;

	switch (ch) {
	case 'c':
		io->country = arg;
		return true;
	case 'm':
		io->maps = xreallocarray(io->maps, io->nmaps + 1,
		    sizeof *io->maps);
		io->maps[io->nmaps++] = arg;
		return true;
	case 's':
		io->source = arg;
		return true;
	case OPT_DATE_ORDER:
		if (date_order_parse(arg, &io->date_order) != 0)
			cli_usage_error("--date-order: \"%s\" is not "
			    "mdy, dmy or ymd", arg);
		return true;
	case OPT_KEEP_IDS:
		io->keep_ids = true;
		return true;
	case OPT_MAP_FILE:
		io->map_file = arg;
		return true;
	case OPT_PROFILE:
		io->profile = arg;
		return true;
	case OPT_REQUIRE:
		io->require = arg;
		return true;
	case OPT_SHOW_MAPPING:
		((args *)c->opts)->show = true;
		return true;
	case OPT_SOURCE_SYSTEM:
		if (*arg == '\0')
			cli_usage_error("--source-system: empty name");
		io->source_system = arg;
		return true;
	}
	return false;
}

static int
show_mapping(verb_call *c)
{
	args *a = c->opts;

	a->io.now = c->o.as_of;
	return import_show_mapping(&a->io, &c->o, c->files, c->nfiles);
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->io.now = c->o.as_of;
	return import_new(&a->io);
}

static void
done(verb_call *c)
{
	if (((args *)c->opts)->show)
		c->act = show_mapping;
	else
		c->make = make;
}

const verb import_verb = {
	.name = "import",
	.summary = "turn what a channel delivers into clean canonical leads",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "c:m:s:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_args,
	.option = option,
	.done = done,
};
