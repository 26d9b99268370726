/* lead-import - turn what a channel delivers into clean canonical leads */
#include <stdbool.h>
#include <stdlib.h>

#include "io/cli.h"
#include "import/import.h"
#include "base/xmem.h"

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

static const char shortopts[] = CLI_SHORTOPTS "c:m:s:";
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

int
main(int argc, char *argv[])
{
	cli_opts o;
	import_opts io = { 0 };
	int c;
	bool show = false;

	cli_init(&o, argv, "lead-import", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			io.country = optarg;
			break;
		case 'm':
			io.maps = xreallocarray(io.maps, io.nmaps + 1,
			    sizeof *io.maps);
			io.maps[io.nmaps++] = optarg;
			break;
		case 's':
			io.source = optarg;
			break;
		case OPT_DATE_ORDER:
			if (date_order_parse(optarg, &io.date_order) != 0)
				cli_usage_error("--date-order: \"%s\" is not "
				    "mdy, dmy or ymd", optarg);
			break;
		case OPT_KEEP_IDS:
			io.keep_ids = true;
			break;
		case OPT_MAP_FILE:
			io.map_file = optarg;
			break;
		case OPT_PROFILE:
			io.profile = optarg;
			break;
		case OPT_REQUIRE:
			io.require = optarg;
			break;
		case OPT_SHOW_MAPPING:
			show = true;
			break;
		case OPT_SOURCE_SYSTEM:
			if (*optarg == '\0')
				cli_usage_error("--source-system: empty name");
			io.source_system = optarg;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	io.now = o.as_of;
	if (show) {
		int status = import_show_mapping(&io, &o, argv + optind,
		    argc - optind);
		free(io.maps);
		cli_exit(status);
	}
	stage *st = import_new(&io);
	int status = stage_run(st, &o, argv + optind, argc - optind);
	free(io.maps);
	cli_exit(status);
}
