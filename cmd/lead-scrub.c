/* lead-scrub - suppress leads on do-not-call, unsubscribe and other lists */
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "value/country.h"
#include "value/date.h"
#include "scrub/listidx.h"
#include "scrub/scrub.h"
#include "base/xmem.h"

static const char usage[] =
"usage: lead-scrub [-HhtV] [-r rules] [-d delim] [-i format] [-o format]\n"
"                  [--list [name=]file] [--channel name=channel]\n"
"                  [--column [name=]column] [--country [name=]cc]\n"
"                  [--mode mark|drop] [--for any|phone|email]\n"
"                  [--suppressed file] [--certificate file] [--max-age days]\n"
"                  [--rejects file] [--stats] [file ...]\n"
"       lead-scrub --compile [--kind kind] [--name name] [--date date]\n"
"                  [--column column] [--country cc] [--changes file]\n"
"                  list index\n"
"\n"
"Check every lead against do-not-call, unsubscribe, bounce, domain and id\n"
"lists and the scrub rules; mark the channels it may not be contacted on\n"
"(suppressed, suppressed_by), or drop it.\n"
"\n"
"  -r, --rules FILE         scrub rules (also a name in share/leadkit/scrub/;\n"
"                           default: default.rules)\n"
"      --list [NAME=]FILE   a list: a text list or a compiled index\n"
"      --channel NAME=CH    list NAME stops channel CH: phone, email or all\n"
"      --column [NAME=]COL  the column of a CSV list (of NAME) to use\n"
"      --country [NAME=]CC  the country of a list's national numbers\n"
"      --mode mark|drop     mark every lead (default), or drop suppressed ones\n"
"      --for any|phone|email  with drop: what the output is for (default any:\n"
"                           drop leads that have no channel left)\n"
"      --suppressed FILE    with drop: write the dropped leads there (NDJSON)\n"
"      --certificate FILE   write what was scrubbed against, and the matches\n"
"      --max-age DAYS       warn of lists older than this (default 31)\n"
"\n"
"Compiling a list into an index file:\n"
"      --compile LIST INDEX read a text list (or an index, to update it)\n"
"      --kind KIND          phone, email, domain, id, sha256, md5\n"
"                           (default: that of the first entry)\n"
"      --name NAME          the list's name (default: the file's)\n"
"      --date YYYY-MM-DD    the list's version (default: the newest file's)\n"
"      --changes FILE       apply a change list (entries ending ,A or ,D)\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_CERTIFICATE = CLI_OPT_PROGRAM, OPT_CHANGES, OPT_CHANNEL,
	OPT_COLUMN, OPT_COMPILE, OPT_COUNTRY, OPT_DATE, OPT_FOR, OPT_KIND, OPT_LIST, OPT_MAX_AGE,
	OPT_MODE, OPT_NAME, OPT_SUPPRESSED
};

static const char shortopts[] = CLI_SHORTOPTS "r:";
static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "certificate",	required_argument,	NULL, OPT_CERTIFICATE },
	{ "changes",		required_argument,	NULL, OPT_CHANGES },
	{ "channel",		required_argument,	NULL, OPT_CHANNEL },
	{ "column",		required_argument,	NULL, OPT_COLUMN },
	{ "compile",		no_argument,		NULL, OPT_COMPILE },
	{ "country",		required_argument,	NULL, OPT_COUNTRY },
	{ "date",		required_argument,	NULL, OPT_DATE },
	{ "for",		required_argument,	NULL, OPT_FOR },
	{ "kind",		required_argument,	NULL, OPT_KIND },
	{ "list",		required_argument,	NULL, OPT_LIST },
	{ "max-age",		required_argument,	NULL, OPT_MAX_AGE },
	{ "mode",		required_argument,	NULL, OPT_MODE },
	{ "name",		required_argument,	NULL, OPT_NAME },
	{ "rules",		required_argument,	NULL, 'r' },
	{ "suppressed",		required_argument,	NULL, OPT_SUPPRESSED },
	{ NULL, 0, NULL, 0 }
};

/* check_country: --country [NAME=]CC names a country by its alpha-2 code. */
static void
check_country(const char *spec)
{
	const char *eq = strrchr(spec, '='), *cc = eq != NULL ? eq + 1 : spec;
	sbuf path = SBUF_INIT;
	char *msg = NULL;
	country_table *t = country_table_load(cli_share_path(&path,
	    "countries.tsv"), &msg);

	if (t == NULL)
		cli_die(LK_EXIT_DATA, "%s", msg != NULL ? msg : path.p);
	if (strlen(cc) != 2 || country_by_alpha2(t, cc) == NULL)
		cli_usage_error("--country %s: \"%s\" is no country code "
		    "(ISO 3166 alpha-2, such as US or DE)", spec, cc);
	country_table_free(t);
	sbuf_free(&path);
}

/* compile: --compile LIST INDEX. */
static int
compile(listidx_compile_opts *co, char **args, int nargs)
{
	sbuf err = SBUF_INIT;

	if (nargs != 2)
		cli_usage_error("--compile takes a list and an index file");
	co->list = args[0];
	co->out = args[1];
	if (listidx_compile(co, &err) != 0) {
		cli_warn("%s", err.p);
		sbuf_free(&err);
		return LK_EXIT_DATA;
	}
	return LK_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	cli_opts o;
	scrub_opts so = { .rules = "default.rules", .for_channel = SCRUB_ALL,
	    .max_age = 31 };
	listidx_compile_opts co = { .kind = -1 };
	char **lists = xcalloc((size_t)argc, sizeof *lists);
	char **channels = xcalloc((size_t)argc, sizeof *channels);
	char **columns = xcalloc((size_t)argc + 1, sizeof *columns);
	char **countries = xcalloc((size_t)argc, sizeof *countries);
	const char **changes = xcalloc((size_t)argc, sizeof *changes);
	const char *scrub_only = NULL, *compile_only = NULL;
	size_t nchanges = 0;
	bool compiling = false;
	int c;

	cli_init(&o, argv, "lead-scrub", usage);
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			so.rules = optarg;
			scrub_only = "-r";
			break;
		case OPT_CERTIFICATE:
			so.certificate = optarg;
			scrub_only = "--certificate";
			break;
		case OPT_CHANGES:
			changes[nchanges++] = optarg;
			compile_only = "--changes";
			break;
		case OPT_CHANNEL:
			channels[so.nchannels++] = optarg;
			scrub_only = "--channel";
			break;
		case OPT_COLUMN:
			if (optarg[0] == '\0')
				cli_usage_error("--column: a column name");
			columns[so.ncolumns++] = optarg;
			break;
		case OPT_COMPILE:
			compiling = true;
			break;
		case OPT_COUNTRY:
			check_country(optarg);
			countries[so.ncountries++] = optarg;
			break;
		case OPT_DATE: {
			time_t t;
			if (strlen(optarg) != 10 || date_parse(optarg, 10, false,
			    &t) != DATE_DAY || optarg[4] != '-')
				cli_usage_error("--date: \"%s\" is not a date "
				    "(YYYY-MM-DD)", optarg);
			co.date = optarg;
			compile_only = "--date";
			break;
		}
		case OPT_FOR:
			if (strcmp(optarg, "any") == 0)
				so.for_channel = SCRUB_ALL;
			else if ((so.for_channel = scrub_channel(optarg)) == 0 ||
			    so.for_channel == SCRUB_ALL)
				cli_usage_error("--for: expected any, phone or "
				    "email");
			scrub_only = "--for";
			break;
		case OPT_KIND:
			if ((co.kind = listkey_kind_parse(optarg)) < 0)
				cli_usage_error("--kind: expected phone, email, "
				    "domain, id, sha256 or md5");
			compile_only = "--kind";
			break;
		case OPT_LIST:
			if (strcmp(strchr(optarg, '=') != NULL ?
			    strchr(optarg, '=') + 1 : optarg, "-") == 0)
				cli_usage_error("--list: a list cannot be read "
				    "from standard input (the leads are)");
			lists[so.nlists++] = optarg;
			scrub_only = "--list";
			break;
		case OPT_MAX_AGE:
			if (optarg[strspn(optarg, "0123456789")] != '\0')
				cli_usage_error("--max-age: \"%s\" is not a "
				    "number of days", optarg);
			so.max_age = (long)cli_number("--max-age", optarg, 0,
			    36500);
			scrub_only = "--max-age";
			break;
		case OPT_MODE:
			if (strcmp(optarg, "mark") != 0 &&
			    strcmp(optarg, "drop") != 0)
				cli_usage_error("--mode: expected mark or drop");
			so.drop = strcmp(optarg, "drop") == 0;
			scrub_only = "--mode";
			break;
		case OPT_NAME:
			if (optarg[0] == '\0' || strlen(optarg) >= LISTIDX_NAME)
				cli_usage_error("--name: 1 to %d bytes",
				    LISTIDX_NAME - 1);
			co.name = optarg;
			compile_only = "--name";
			break;
		case OPT_SUPPRESSED:
			so.suppressed = optarg;
			scrub_only = "--suppressed";
			break;
		default:
			if (!cli_option(&o, c, optarg))
				cli_usage_error("unknown option");
		}
	}
	if (compiling && scrub_only != NULL)
		cli_usage_error("%s does not go with --compile", scrub_only);
	if (!compiling && compile_only != NULL)
		cli_usage_error("%s goes with --compile", compile_only);
	if (so.suppressed != NULL && !so.drop)
		cli_usage_error("--suppressed goes with --mode drop");
	if (so.for_channel != SCRUB_ALL && !so.drop)
		cli_usage_error("--for goes with --mode drop");
	int status;
	if (compiling && so.ncountries > 1)
		cli_usage_error("--compile takes one --country");
	if (compiling && (so.ncountries == 1 && strchr(countries[0], '=')))
		cli_usage_error("--country with --compile: a code, no NAME=");
	if (compiling) {
		co.changes = changes;
		co.columns = (const char *const *)columns;
		co.country = so.ncountries == 1 ? countries[0] : NULL;
		co.now = o.as_of;
		status = compile(&co, argv + optind, argc - optind);
	} else {
		so.lists = lists;
		so.channels = channels;
		so.columns = columns;
		so.countries = countries;
		so.as_of = o.as_of;
		so.inputs = argv + optind;
		so.ninputs = argc - optind;
		status = stage_run(scrub_new(&so), &o, argv + optind,
		    argc - optind);
	}
	free(lists);
	free(channels);
	free(columns);
	free(countries);
	free(changes);
	cli_exit(status);
}
