/* runfile.h - the words of lead run: its command line, or a pipeline file
 *
 * A chain is stages separated by the word "then": "import -c DE then score
 * -r b2b.rules".  A pipeline file (lead run -f nightly.lead) has the same
 * words, one stage a line:
 *
 *	# nightly.lead: the leads of the night
 *	import -c DE
 *	scrub --list 'dnc registry.idx'
 *	score -r b2b.rules
 *
 * '#' at the start of a word begins a comment to the end of the line;
 * blank lines are skipped.  Words are split on blanks (' ', '\t'); '...'
 * and "..." quote blanks and '#' (nothing is special inside).  What a shell
 * would read otherwise (a backslash, $, `, |, ;, &, <, >, (, ), *, ?, [,
 * a leading ~) is refused, so that a file never means something other
 * than it says.
 */
#ifndef LK_RUNFILE_H
#define LK_RUNFILE_H

#include <stddef.h>

#include "base/sbuf.h"

/* One stage's words: argv[0] is the verb's name, argv[argc] NULL. */
typedef struct runfile_stage {
	char **argv;
	int argc;
	const char *file;	/* where it was read (the path given to
				 * runfile_read, borrowed), or NULL: the
				 * command line */
	unsigned long line;
} runfile_stage;

typedef struct runfile {
	runfile_stage *stages;
	size_t n;
	char **owned;		/* words read from a file */
	size_t nowned;
} runfile;

/* runfile_args: the stages of argv[0..argc) split at "then" (the words
 * stay argv's).  Returns 0, or -1 with err set to what is wrong: "then"
 * first, last or twice in a row, or no stage at all. */
int runfile_args(runfile *rf, char **argv, int argc, sbuf *err);

/* runfile_read: the stages of the pipeline file at path.  Returns 0; -1
 * with err set to "path:line: what is wrong" (a usage error); or -2 with
 * err set to "path: strerror" when the file cannot be read. */
int runfile_read(runfile *rf, const char *path, sbuf *err);

/* runfile_free: release what rf holds (not rf). */
void runfile_free(runfile *rf);

#endif
