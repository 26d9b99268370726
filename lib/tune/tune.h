/* tune.h - lead-tune as a stage: labelled leads in, a scoring model out
 *
 * The stage keeps what it learns from of every lead it takes (table.h:
 * memory grows with the leads, about 200 bytes a lead of 30 fields), and
 * at the end of input splits them into a training part and a held-out
 * part, learns the points (fit.h), warns about fields that give the
 * outcome away (leak.h), prints the figures of the model, of a plain
 * logistic regression and of --compare's model on the held-out leads on
 * stderr, and the model as a rules file on stdout (write.h).  It passes no
 * record on: only the last stage of a chain.
 *
 * A lead whose label is neither 0/1 nor true/false is rejected; one
 * without a label (null, empty: not decided yet) is kept for the leakage
 * check only.  No label field at all, fewer than TUNE_MIN_LEADS labelled
 * leads, or one outcome only: an error (exit 1) at the end of input.
 */
#ifndef LK_TUNE_H
#define LK_TUNE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "io/stage.h"

#define TUNE_MIN_LEADS 40	/* labelled leads needed */
#define TUNE_MIN_CLASS 10	/* of each outcome */
#define TUNE_HOLDOUT 0.25	/* the held-out share */
#define TUNE_MAX_POINTS 10	/* points per rule: -10..10 */
#define TUNE_SEGMENT_MIN 200	/* labelled leads a segment needs */

typedef struct tune_opts {
	const char *label;	/* --label; default "outcome_label" */
	const char *holdout_by;	/* --holdout-by, or NULL: seeded random */
	const char *segment;	/* --segment, or NULL */
	const char *compare;	/* --compare, or NULL */
	const char **exclude;	/* --exclude, nexclude of them */
	size_t nexclude;
	size_t max_rules;	/* --max-rules */
	uint64_t seed;		/* --seed */
	time_t as_of;
} tune_opts;

/* tune_new: the stage; a --compare model that does not load ends the
 * program (exit 1).  o must outlive it. */
stage *tune_new(const tune_opts *o);

#endif
