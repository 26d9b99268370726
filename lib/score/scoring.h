/* scoring.h - a scoring model: named scores, segments, caps, grades
 *
 * A model is a rules file (lead-rules(5)) whose own statements are score,
 * total, segment, probability and grade.  Scoring a lead tests every rule
 * of its segment, adds the points of those that hold (event points decayed
 * by age where the score says so), bounds each score and the total, reads
 * the total's chance of converting off the segment's probability table
 * (or the common one) when the model has one, and grades the result;
 * every step that changed a number is kept as a reason:
 *
 *	score fit                     fit = 20 + 10 = 30, capped to 25:
 *	  +20 senior                    "fit +20: senior"
 *	  +10 employees >= 50           "fit +10: employees >= 50"
 *	  cap 25                        "fit cap 25: -5"
 */
#ifndef LK_SCORING_H
#define LK_SCORING_H

#include <stdbool.h>
#include <time.h>

#include "io/rec.h"
#include "base/sbuf.h"

typedef struct scoring scoring;
typedef struct scoring_ctx scoring_ctx;

/* scoring_load: compile the model at path; NULL with the error in err
 * ("file:line:col: ..."). */
scoring *scoring_load(const char *path, sbuf *err);
void scoring_free(scoring *m);
/* scoring_fields: the fields scoring_write sets, in order. */
const char *const *scoring_fields(const scoring *m);

/* scoring_grades: the grade labels in file order; *n gets how many (0
 * without a grade statement). */
const char *const *scoring_grades(const scoring *m, size_t *n);

/* scoring_ctx_new: state for scoring leads as of a time (one a thread). */
scoring_ctx *scoring_ctx_new(const scoring *m, time_t as_of);
void scoring_ctx_free(scoring_ctx *c);

/* scoring_run: score r; the results stay in c until the next run.  r
 * gains the output fields (scoring_write), since grades test them. */
void scoring_run(scoring_ctx *c, rec *r);
/* scoring_total: the last run's total; scoring_grade: its grade label,
 * or NULL (no grade statement, or no item applied). */
double scoring_total(const scoring_ctx *c);
const char *scoring_grade(const scoring_ctx *c);
/* scoring_explain: append the last run's breakdown, for people. */
void scoring_explain(const scoring_ctx *c, sbuf *out);
/* scoring_number: append v rounded to 2 decimals, shortest ("12.5"). */
void scoring_number(sbuf *out, double v);

#endif
