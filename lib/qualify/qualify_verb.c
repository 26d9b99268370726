/* qualify_verb.c - lead-qualify as a verb: usage, options, parser */
#include "base/xmem.h"
#include "io/verb.h"
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

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "rules",	required_argument,	NULL, 'r' },
	{ "summary",	no_argument,		NULL, OPT_SUMMARY },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	qualify_opts qo;
	bool check;
} args;

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case 'r':
		a->qo.rules = arg;
		return true;
	case OPT_CHECK:
		a->check = true;
		return true;
	case OPT_SUMMARY:
		a->qo.summary = true;
		return true;
	}
	return false;
}

static int
check(verb_call *c)
{
	return qualify_check(&((args *)c->opts)->qo);
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->qo.as_of = c->o.as_of;
	return qualify_new(&a->qo);
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->qo.rules == NULL)
		cli_usage_error("a lead definition is needed: -r FILE");
	if (a->check)
		c->act = check;
	else
		c->make = make;
}

const verb qualify_verb = {
	.name = "qualify",
	.summary = "decide each lead's lifecycle status by a lead definition",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "r:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.option = option,
	.done = done,
};
