/* verb.h - a program of the kit as a verb: name, usage, options, and the
 * parser that turns its arguments into its stage
 *
 * Each program is one verb, defined once beside its stage (score_verb in
 * lib/score/score_verb.c) and listed in the table of lib/verbs/: so that
 * lead-score, `lead score` and `lead run ... then score` take the same
 * options the same way, and completions, man pages and the tests of the
 * conventions can be checked against one table.
 *
 * A verb's parser reads the options only (a bad one is a usage error, exit
 * 2); what it found is a verb_call, which is then made into the stage
 * (make: every stage by the one shape stage *make(verb_call *)) or, for
 * what is no stage (score --check, scrub --compile, import
 * --show-mapping), run as an action with an exit status (act).  Making is
 * apart from parsing so that a chain is checked whole (lead run) before any
 * stage opens a file or a ledger.  lead-<verb> runs it with verb_main
 * (verbs/verbs.h), which knows the output options of lead/ (--to).
 */
#ifndef LK_VERB_H
#define LK_VERB_H

#include <stdnoreturn.h>

#include "io/cli.h"
#include "io/stage.h"

typedef struct verb verb;
typedef struct verb_call verb_call;

/* What one command line of a verb asked for.  Owned by verb_call_free(). */
struct verb_call {
	const verb *verb;
	char *label;		/* "lead-score": in messages */
	cli_opts o;		/* the shared options */
	char **files;		/* the file arguments (into argv) */
	int nfiles;
	/* exactly one of make and act is set by the parser */
	stage *(*make)(verb_call *c);	/* the stage; exits on a file that
					 * cannot be loaded, as constructors do */
	int (*act)(verb_call *c);	/* the action; returns the exit status */
	/* where the call may stand in a chain, decided from its options: */
	bool no_input;		/* reads no input (feedback --export, route
				 * --claim): only first */
	bool report;		/* prints a report, passes no record on
				 * (report, score --explain): only last */
	void *opts;		/* the verb's own options (make/act read them);
				 * alive as long as the call, as stages may
				 * keep pointers into them */
};

struct verb {
	const char *name;	/* "score": lead-score, lead score */
	const char *summary;	/* one line, for lead help */
	const char *usage;	/* the text of -h; its first lines are the
				 * man page's SYNOPSIS */
	const char *shortopts;	/* for getopt_long: CLI_SHORTOPTS and its own */
	const struct option *longopts;	/* CLI_LONGOPTS and its own */
	size_t opts_size;	/* of c->opts, allocated zeroed by verb_parse */
	void (*free_opts)(void *opts);	/* frees c->opts; NULL: free() */
	/* The parser, in three steps over getopt_long (verb_parse):
	 * init (or NULL: all zero will do): the defaults in c->opts (argc:
	 * an upper bound of the times an option can be repeated);
	 * option: take option ch (with arg) if it is the verb's own, which
	 * may override a shared one (lead-report's -o); false: not its own,
	 * then cli_option() has it;
	 * done: the options are read and c->files set: check how they go
	 * together (a usage error exits 2) and set c's make or act, and
	 * no_input and report. */
	void (*init)(verb_call *c, int argc);
	bool (*option)(verb_call *c, int ch, char *arg);
	void (*done)(verb_call *c);
};

/* verb_parse: v's call of argv[0..argc) (argv[0] is replaced by the label,
 * "lead-" and the name): the shared options, then the parser's.  Usage
 * errors exit 2; -h and -V print and exit 0.  Never NULL. */
verb_call *verb_parse(const verb *v, int argc, char **argv);

/* verb_call_free: release c (its opts too); NULL is ignored. */
void verb_call_free(verb_call *c);


#endif
