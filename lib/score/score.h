/* score.h - lead-score as a stage: score, explain, or compare two models
 *
 * Every lead gets the model's fields (scoring.h) and goes on.  With
 * explain, each lead leaves instead as a breakdown for people; with a diff
 * model, leads are scored by both and a report of how grades moved is
 * printed at the end (constant memory: the grade matrix and the top
 * movers).
 */
#ifndef LK_SCORE_H
#define LK_SCORE_H

#include <stdbool.h>
#include <time.h>

#include "base/sbuf.h"
#include "io/stage.h"

typedef struct score_opts {
	const char *rules;	/* -r: the model */
	const char *diff;	/* --diff: the old model, or NULL */
	bool explain;		/* --explain */
	time_t as_of;
} score_opts;

/* score_check: load o's model(s) only; report the first error.  Returns
 * the exit status (0 or 1). */
int score_check(const score_opts *o);

/* score_new: the stage; a model that does not load ends the program
 * (exit 1) with "file:line:col: message". */
stage *score_new(const score_opts *o);

#endif
