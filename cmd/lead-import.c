/* lead-import - turn what a channel delivers into clean canonical leads */
#include <stdlib.h>

#include "cli.h"
#include "import.h"
#include "xmem.h"

static const char usage[] =
"usage: lead-import [-HhtV] [-c country] [-d delim] [-i format] [-m src=field]\n"
"                   [-o format] [-s source] [--date-order order]\n"
"                   [--map-file file] [--require fields] [--rejects file]\n"
"                   [--stats] [file ...]\n"
"\n"
"Map, normalize and check raw leads (CSV or NDJSON) into canonical leads.\n"
"\n"
"  -c, --country CC       default country for national phone numbers\n"
"      --date-order mdy|dmy|ymd\n"
"                         how numeric dates are written (default: the\n"
"                         export profile's, else detected from the dates)\n"
"  -m, --map SRC=FIELD    map column SRC to FIELD (repeatable)\n"
"      --map-file FILE    a file of \"Source Column = field\" lines\n"
"      --require FIELDS   reject records missing any of FIELDS\n"
"                         (comma-separated; a|b means a or b)\n"
"  -s, --source NAME      source of records that name none\n"
"\n"
CLI_USAGE_COMMON;

enum { OPT_DATE_ORDER = CLI_OPT_PROGRAM, OPT_MAP_FILE, OPT_REQUIRE };

static const char shortopts[] = CLI_SHORTOPTS "c:m:s:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "country",	required_argument,	NULL, 'c' },
	{ "date-order",	required_argument,	NULL, OPT_DATE_ORDER },
	{ "map",	required_argument,	NULL, 'm' },
	{ "map-file",	required_argument,	NULL, OPT_MAP_FILE },
	{ "require",	required_argument,	NULL, OPT_REQUIRE },
	{ "source",	required_argument,	NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	cli_opts o;
	import_opts io = { 0 };
	int c;

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
		case OPT_MAP_FILE:
			io.map_file = optarg;
			break;
		case OPT_REQUIRE:
			io.require = optarg;
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	io.now = o.as_of;
	stage *st = import_new(&io);
	int status = stage_run(st, &o, argv + optind, argc - optind);
	free(io.maps);
	cli_exit(status);
}
