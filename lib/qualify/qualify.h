/* qualify.h - lead-qualify as a stage: a lead definition decides each
 * lead's status, and the lifecycle table decides whether it may move there
 *
 * Fields set on every lead (lead-qualify(1)): status, qualify_reason,
 * status_was, status_note, dq_category, recycle_after, handoff, suppress.
 * With summary, counts are kept and printed to stderr at the end (the run
 * is then on one thread).
 */
#ifndef LK_QUALIFY_H
#define LK_QUALIFY_H

#include <stdbool.h>
#include <time.h>

#include "io/stage.h"

typedef struct qualify_opts {
	const char *rules;	/* -r: the definition */
	bool summary;		/* --summary */
	time_t as_of;
} qualify_opts;

/* qualify_check: load the definition and the tables only; report the
 * first error.  Returns the exit status (0 or 1). */
int qualify_check(const qualify_opts *o);

/* qualify_new: the stage; a definition or table that does not load ends
 * the program (exit 1) with the message. */
stage *qualify_new(const qualify_opts *o);

#endif
