/* run.h - lead run: several programs' stages in one process */
#ifndef LK_RUN_H
#define LK_RUN_H

#include <stdnoreturn.h>

/* run_usage: the usage lines of lead run (in lead's help too). */
extern const char run_usage[];

/*
 * run_main: lead run ARGS (argv[0] is "run"): parse every stage with its
 * verb's parser (the options of its program), check the chain, make and
 * link the stages, run them on the first stage's input, exit with the
 * status.  Refused (exit 2): an unknown verb, "then" with nothing after
 * it, a report (lead-report, score --explain) anywhere but last, a stage
 * that reads no input (feedback --export, route --claim) anywhere but
 * first, files or input options (-i, -d, -t, -H, --trim, --encoding)
 * anywhere but first, --to anywhere but last, an action (score --check)
 * in a chain.
 */
noreturn void run_main(int argc, char **argv);

#endif
