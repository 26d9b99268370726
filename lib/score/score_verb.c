/* score_verb.c - lead-score as a verb: usage, options, parser */
#include <stdlib.h>

#include "base/xmem.h"
#include "io/verb.h"
#include "score/score.h"

static const char usage[] =
"usage: lead-score [-HhtV] -r rules [-d delim] [-i format] [-o format]\n"
"                  [--as-of date] [--check] [--diff old.rules] [--explain]\n"
"                  [--rejects file] [--stats] [file ...]\n"
"\n"
"Score leads with a model (lead-rules(5)): fit and engagement scores, their\n"
"total, a grade, and the reason for every point.\n"
"\n"
"  -r, --rules FILE       the model (also a name in share/leadkit/scoring/)\n"
"      --check            only check the rules file(s); read no leads\n"
"      --diff OLD         score with OLD too; print how grades move\n"
"      --explain          print each lead's breakdown instead of records\n"
"\n"
CLI_USAGE_COMMON;

enum { OPT_CHECK = CLI_OPT_PROGRAM, OPT_DIFF, OPT_EXPLAIN };

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "diff",	required_argument,	NULL, OPT_DIFF },
	{ "explain",	no_argument,		NULL, OPT_EXPLAIN },
	{ "rules",	required_argument,	NULL, 'r' },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	score_opts so;
	bool check;
} args;

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case 'r':
		a->so.rules = arg;
		return true;
	case OPT_CHECK:
		a->check = true;
		return true;
	case OPT_DIFF:
		a->so.diff = arg;
		return true;
	case OPT_EXPLAIN:
		a->so.explain = true;
		return true;
	}
	return false;
}

static int
check(verb_call *c)
{
	return score_check(&((args *)c->opts)->so);
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->so.as_of = c->o.as_of;
	return score_new(&a->so);
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->so.rules == NULL)
		cli_usage_error("a rules file is needed: -r FILE");
	if (a->so.diff != NULL && a->so.explain)
		cli_usage_error("--diff and --explain do not go together");
	if (a->check)
		c->act = check;
	else
		c->make = make;
	c->report = a->so.explain || a->so.diff != NULL;
}

const verb score_verb = {
	.name = "score",
	.summary = "score leads with a rules file, and explain every point",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "r:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.option = option,
	.done = done,
};
