/* tune_verb.c - lead-tune as a verb: usage, options, parser */
#include <stdlib.h>

#include "base/xmem.h"
#include "io/verb.h"
#include "tune/tune.h"

static const char usage[] =
"usage: lead-tune [-HhtV] [-d delim] [-i format] [--compare old.rules]\n"
"                 [--exclude field] [--holdout-by field] [--label field]\n"
"                 [--max-rules n] [--rejects file] [--seed n]\n"
"                 [--segment field] [--stats] [file ...]\n"
"\n"
"Learn a scoring model from leads whose outcome is known: a few rules of\n"
"whole points, printed as a rules file for lead-score; its figures on the\n"
"held-out leads on stderr.\n"
"\n"
"      --label FIELD      the 0/1 outcome (default: outcome_label)\n"
"      --max-rules N      at most N rules a block (default: 10)\n"
"      --exclude FIELD    do not learn from FIELD (repeatable)\n"
"      --holdout-by FIELD hold out the newest 25% by FIELD (default: a\n"
"                         seeded random 25%)\n"
"      --seed N           the seed of the random choices (default: 1)\n"
"      --segment FIELD    one block of rules per value of FIELD\n"
"      --compare OLD      show OLD's figures on the held-out leads too\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_COMPARE = CLI_OPT_PROGRAM, OPT_EXCLUDE, OPT_HOLDOUT_BY, OPT_LABEL,
	OPT_MAX_RULES, OPT_SEED, OPT_SEGMENT
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "compare",	required_argument,	NULL, OPT_COMPARE },
	{ "exclude",	required_argument,	NULL, OPT_EXCLUDE },
	{ "holdout-by",	required_argument,	NULL, OPT_HOLDOUT_BY },
	{ "label",	required_argument,	NULL, OPT_LABEL },
	{ "max-rules",	required_argument,	NULL, OPT_MAX_RULES },
	{ "seed",	required_argument,	NULL, OPT_SEED },
	{ "segment",	required_argument,	NULL, OPT_SEGMENT },
	{ NULL, 0, NULL, 0 }
};

static void
free_args(void *p)
{
	tune_opts *o = p;

	free(o->exclude);
	free(o);
}

static void
init(verb_call *c, int argc)
{
	tune_opts *o = c->opts;

	o->label = "outcome_label";
	o->max_rules = 10;
	o->seed = 1;
	o->exclude = xcalloc((size_t)argc + 1, sizeof *o->exclude);
}

/* field: a field name given to opt. */
static const char *
field(const char *opt, const char *arg)
{
	if (*arg == '\0')
		cli_usage_error("%s: a field name is needed", opt);
	return arg;
}

static bool
option(verb_call *c, int ch, char *arg)
{
	tune_opts *o = c->opts;

	switch (ch) {
	case OPT_COMPARE:
		o->compare = arg;
		return true;
	case OPT_EXCLUDE:
		o->exclude[o->nexclude++] = field("--exclude", arg);
		return true;
	case OPT_HOLDOUT_BY:
		o->holdout_by = field("--holdout-by", arg);
		return true;
	case OPT_LABEL:
		o->label = field("--label", arg);
		return true;
	case OPT_MAX_RULES:
		o->max_rules = (size_t)cli_count("--max-rules", arg, 1, 50);
		return true;
	case OPT_SEED:
		o->seed = (uint64_t)cli_count("--seed", arg, 0,
		    9007199254740991LL);
		return true;
	case OPT_SEGMENT:
		o->segment = field("--segment", arg);
		return true;
	}
	return false;
}

static stage *
make(verb_call *c)
{
	tune_opts *o = c->opts;

	o->as_of = c->o.as_of;
	return tune_new(o);
}

static void
done(verb_call *c)
{
	c->make = make;
	c->report = true;
}

const verb tune_verb = {
	.name = "tune",
	.summary = "learn a scoring model from leads whose outcome is known",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS,
	.longopts = longopts,
	.opts_size = sizeof(tune_opts),
	.free_opts = free_args,
	.init = init,
	.option = option,
	.done = done,
};
