/* lead.h - the program lead: lead VERB, lead run, lead help */
#ifndef LK_LEAD_H
#define LK_LEAD_H

#include <stdnoreturn.h>

/*
 * lead_main: lead's command line.
 *	lead help, -h, --help	the usage and every verb with its summary
 *	lead help VERB		VERB's usage (lead-VERB -h), or lead run's
 *	lead -V, --version	the version
 *	lead VERB ARGS		what lead-VERB ARGS does (messages say
 *				lead-VERB, the exit status is its)
 *	lead run ARGS		run.h
 * And, for the tests and completions: lead --list-verbs (the names, one a
 * line; run is not one), lead --list-options VERB (its options, one a line: -r, --rules).
 * No arguments or an unknown verb: a usage error (exit 2).
 */
noreturn void lead_main(int argc, char **argv);

#endif
