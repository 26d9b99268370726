/* scrub_verb.c - lead-scrub as a verb: usage, options, parser */
#include <stdlib.h>
#include <string.h>

#include "base/sbuf.h"
#include "base/xmem.h"
#include "io/verb.h"
#include "scrub/listidx.h"
#include "scrub/scrub.h"
#include "value/country.h"
#include "value/date.h"

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

typedef struct args {
	scrub_opts so;
	listidx_compile_opts co;
	char **lists, **channels, **columns, **countries;
	const char **changes;
	const char *scrub_only, *compile_only;
	size_t nchanges;
	bool compiling;
} args;

static void
free_args(void *p)
{
	args *a = p;

	free(a->lists);
	free(a->channels);
	free(a->columns);
	free(a->countries);
	free(a->changes);
	free(a);
}

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	a->so = (scrub_opts){ .rules = "default.rules",
	    .for_channel = SCRUB_ALL, .max_age = 31 };
	a->co = (listidx_compile_opts){ .kind = -1 };
	a->lists = xcalloc((size_t)argc, sizeof *a->lists);
	a->channels = xcalloc((size_t)argc, sizeof *a->channels);
	a->columns = xcalloc((size_t)argc + 1, sizeof *a->columns);
	a->countries = xcalloc((size_t)argc, sizeof *a->countries);
	a->changes = xcalloc((size_t)argc, sizeof *a->changes);
}

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

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;
	scrub_opts *so = &a->so;

	switch (ch) {
	case 'r':
		so->rules = arg;
		a->scrub_only = "-r";
		return true;
	case OPT_CERTIFICATE:
		so->certificate = arg;
		a->scrub_only = "--certificate";
		return true;
	case OPT_CHANGES:
		a->changes[a->nchanges++] = arg;
		a->compile_only = "--changes";
		return true;
	case OPT_CHANNEL:
		a->channels[so->nchannels++] = arg;
		a->scrub_only = "--channel";
		return true;
	case OPT_COLUMN:
		if (arg[0] == '\0')
			cli_usage_error("--column: a column name");
		a->columns[so->ncolumns++] = arg;
		return true;
	case OPT_COMPILE:
		a->compiling = true;
		return true;
	case OPT_COUNTRY:
		check_country(arg);
		a->countries[so->ncountries++] = arg;
		return true;
	case OPT_DATE: {
		time_t t;
		if (strlen(arg) != 10 || date_parse(arg, 10, false,
		    &t) != DATE_DAY || arg[4] != '-')
			cli_usage_error("--date: \"%s\" is not a date "
			    "(YYYY-MM-DD)", arg);
		a->co.date = arg;
		a->compile_only = "--date";
		return true;
	}
	case OPT_FOR:
		if (strcmp(arg, "any") == 0)
			so->for_channel = SCRUB_ALL;
		else if ((so->for_channel = scrub_channel(arg)) == 0 ||
		    so->for_channel == SCRUB_ALL)
			cli_usage_error("--for: expected any, phone or "
			    "email");
		a->scrub_only = "--for";
		return true;
	case OPT_KIND:
		if ((a->co.kind = listkey_kind_parse(arg)) < 0)
			cli_usage_error("--kind: expected phone, email, "
			    "domain, id, sha256 or md5");
		a->compile_only = "--kind";
		return true;
	case OPT_LIST:
		if (strcmp(strchr(arg, '=') != NULL ?
		    strchr(arg, '=') + 1 : arg, "-") == 0)
			cli_usage_error("--list: a list cannot be read "
			    "from standard input (the leads are)");
		a->lists[so->nlists++] = arg;
		a->scrub_only = "--list";
		return true;
	case OPT_MAX_AGE:
		so->max_age = (long)cli_duration("--max-age", arg, 'd',
		    36500);
		a->scrub_only = "--max-age";
		return true;
	case OPT_MODE:
		if (strcmp(arg, "mark") != 0 &&
		    strcmp(arg, "drop") != 0)
			cli_usage_error("--mode: expected mark or drop");
		so->drop = strcmp(arg, "drop") == 0;
		a->scrub_only = "--mode";
		return true;
	case OPT_NAME:
		if (arg[0] == '\0' || strlen(arg) >= LISTIDX_NAME)
			cli_usage_error("--name: 1 to %d bytes",
			    LISTIDX_NAME - 1);
		a->co.name = arg;
		a->compile_only = "--name";
		return true;
	case OPT_SUPPRESSED:
		so->suppressed = arg;
		a->scrub_only = "--suppressed";
		return true;
	}
	return false;
}

/* compile: --compile LIST INDEX. */
static int
compile(verb_call *c)
{
	args *a = c->opts;
	listidx_compile_opts *co = &a->co;
	sbuf err = SBUF_INIT;

	co->changes = a->changes;
	co->columns = (const char *const *)a->columns;
	co->country = a->so.ncountries == 1 ? a->countries[0] : NULL;
	co->now = c->o.as_of;
	co->list = c->files[0];
	co->out = c->files[1];
	if (listidx_compile(co, &err) != 0) {
		cli_warn("%s", err.p);
		sbuf_free(&err);
		return LK_EXIT_DATA;
	}
	return LK_EXIT_OK;
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;
	scrub_opts *so = &a->so;

	so->lists = a->lists;
	so->channels = a->channels;
	so->columns = a->columns;
	so->countries = a->countries;
	so->as_of = c->o.as_of;
	so->inputs = c->files;
	so->ninputs = c->nfiles;
	return scrub_new(so);
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->compiling && a->scrub_only != NULL)
		cli_usage_error("%s does not go with --compile", a->scrub_only);
	if (!a->compiling && a->compile_only != NULL)
		cli_usage_error("%s goes with --compile", a->compile_only);
	if (a->so.suppressed != NULL && !a->so.drop)
		cli_usage_error("--suppressed goes with --mode drop");
	if (a->so.for_channel != SCRUB_ALL && !a->so.drop)
		cli_usage_error("--for goes with --mode drop");
	if (a->compiling && a->so.ncountries > 1)
		cli_usage_error("--compile takes one --country");
	if (a->compiling && (a->so.ncountries == 1 &&
	    strchr(a->countries[0], '=')))
		cli_usage_error("--country with --compile: a code, no NAME=");
	if (a->compiling && c->nfiles != 2)
		cli_usage_error("--compile takes a list and an index file");
	if (a->compiling)
		c->act = compile;
	else
		c->make = make;
}

const verb scrub_verb = {
	.name = "scrub",
	.summary = "suppress leads on do-not-call, unsubscribe and other lists",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "r:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_args,
	.init = init,
	.option = option,
	.done = done,
};
