/* dedupe_verb.c - lead-dedupe as a verb: usage, options, parser */
#include <stdlib.h>

#include "base/xmem.h"
#include "dedupe/accmatch.h"
#include "dedupe/dedupe.h"
#include "dedupe/match.h"
#include "dedupe/undo.h"
#include "io/verb.h"

static const char usage[] =
"usage: lead-dedupe [-HhtV] [-m model] [-d delim] [-i format] [-o format]\n"
"                   [--mark | --drop | --merge] [--dupes file]\n"
"                   [--against file] [--memory size] [--check]\n"
"                   [--rejects file] [--stats] [file ...]\n"
"       lead-dedupe --accounts file [-m model] [options] [file ...]\n"
"       lead-dedupe --undo [options] [file ...]\n"
"\n"
"Find leads that are one person written differently (fuzzy matching by a\n"
"match model), mark them with cluster_id, dup_of and match_reason, and\n"
"drop or merge them if asked.\n"
"\n"
"  -m, --model FILE       the match model (also a name in\n"
"                         share/leadkit/match/; default: leads.match)\n"
"      --mark             annotate every lead (the default)\n"
"      --drop             write one lead a cluster, its survivor\n"
"      --merge            write one merged lead a cluster\n"
"      --dupes FILE       with --drop: write the other leads there (NDJSON)\n"
"      --against FILE     also match against these records (customers,\n"
"                         earlier leads): existing_id, existing_kind\n"
"      --memory SIZE      keep leads' keys in memory up to SIZE (K, M, G;\n"
"                         default 1G), then work in passes over a\n"
"                         temporary file\n"
"      --accounts FILE    match each lead to an account of this CRM export\n"
"                         instead (default model: accounts.match):\n"
"                         account_id, account_owner, customer\n"
"      --undo             give back the leads lead-dedupe read: a merge's\n"
"                         from its merged_leads, the others as they were\n"
"      --check            only check the model; read no leads\n"
"\n"
CLI_USAGE_COMMON;

enum {
	OPT_ACCOUNTS = CLI_OPT_PROGRAM, OPT_AGAINST, OPT_CHECK, OPT_DROP, OPT_DUPES,
	OPT_MARK, OPT_MEMORY, OPT_MERGE, OPT_UNDO
};

static const struct option longopts[] = {
	CLI_LONGOPTS,
	{ "accounts",	required_argument,	NULL, OPT_ACCOUNTS },
	{ "against",	required_argument,	NULL, OPT_AGAINST },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "drop",	no_argument,		NULL, OPT_DROP },
	{ "dupes",	required_argument,	NULL, OPT_DUPES },
	{ "mark",	no_argument,		NULL, OPT_MARK },
	{ "memory",	required_argument,	NULL, OPT_MEMORY },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "model",	required_argument,	NULL, 'm' },
	{ "undo",	no_argument,		NULL, OPT_UNDO },
	{ NULL, 0, NULL, 0 }
};

typedef struct args {
	dedupe_opts dopts;
	char **against;
	const char *accounts;	/* --accounts FILE, or NULL */
	bool check, moded, modeled, sized, undo;
} args;

static void
free_args(void *p)
{
	args *a = p;

	free(a->against);
	free(a);
}

static void
init(verb_call *c, int argc)
{
	args *a = c->opts;

	a->dopts = (dedupe_opts){ .model = "leads.match",
	    .mode = DEDUPE_MARK, .memory = DEDUPE_MEMORY };
	a->against = xcalloc((size_t)argc, sizeof *a->against);
}

static bool
option(verb_call *c, int ch, char *arg)
{
	args *a = c->opts;

	switch (ch) {
	case 'm':
		a->dopts.model = arg;
		a->modeled = true;
		return true;
	case OPT_ACCOUNTS:
		if (a->accounts != NULL)
			cli_usage_error("--accounts: one accounts file");
		a->accounts = arg;
		return true;
	case OPT_AGAINST:
		a->against[a->dopts.nagainst++] = arg;
		return true;
	case OPT_CHECK:
		a->check = true;
		return true;
	case OPT_DROP:
	case OPT_MARK:
	case OPT_MERGE: {
		dedupe_mode mode = ch == OPT_DROP ? DEDUPE_DROP :
		    ch == OPT_MARK ? DEDUPE_MARK : DEDUPE_MERGE;
		if (a->moded && mode != a->dopts.mode)
			cli_usage_error("--mark, --drop and --merge "
			    "exclude each other");
		a->moded = true;
		a->dopts.mode = mode;
		return true;
	}
	case OPT_DUPES:
		a->dopts.dupes = arg;
		return true;
	case OPT_MEMORY:
		a->dopts.memory = (size_t)cli_size("--memory", arg,
		    (long long)1 << 40);
		a->sized = true;
		return true;
	case OPT_UNDO:
		a->undo = true;
		return true;
	}
	return false;
}

static int
check(verb_call *c)
{
	args *a = c->opts;

	if (a->accounts != NULL)
		return match_check(a->dopts.model);
	return dedupe_check(&a->dopts);
}

static stage *
make_accounts(verb_call *c)
{
	args *a = c->opts;

	return accmatch_new(a->dopts.model, a->accounts, &c->o);
}

static stage *
make(verb_call *c)
{
	args *a = c->opts;

	a->dopts.against = a->against;
	return dedupe_new(&a->dopts, &c->o);
}

static stage *
make_undo(verb_call *c)
{
	(void)c;
	return undo_new();
}

static void
done(verb_call *c)
{
	args *a = c->opts;

	if (a->undo) {
		if (a->moded || a->modeled || a->check || a->accounts != NULL ||
		    a->dopts.nagainst > 0 || a->dopts.dupes != NULL ||
		    a->sized)
			cli_usage_error("--undo goes with none of the other "
			    "options of lead-dedupe");
		c->make = make_undo;
		return;
	}
	if (a->dopts.dupes != NULL && a->dopts.mode != DEDUPE_DROP)
		cli_usage_error("--dupes goes with --drop");
	if (a->accounts != NULL) {
		if (a->dopts.mode != DEDUPE_MARK || a->dopts.nagainst > 0 ||
		    a->sized)
			cli_usage_error("--accounts looks for no duplicates: "
			    "it goes with none of --drop, --merge, --against, "
			    "--memory (run lead-dedupe twice)");
		if (!a->modeled)
			a->dopts.model = "accounts.match";
	}
	if (a->check)
		c->act = check;
	else
		c->make = a->accounts != NULL ? make_accounts : make;
}

const verb dedupe_verb = {
	.name = "dedupe",
	.summary = "find duplicate leads; mark, drop or merge them",
	.usage = usage,
	.shortopts = CLI_SHORTOPTS "m:",
	.longopts = longopts,
	.opts_size = sizeof(args),
	.free_opts = free_args,
	.init = init,
	.option = option,
	.done = done,
};
