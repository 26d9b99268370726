/* write.h - the learned model as a rules file lead-score reads as it is
 *
 * The parts of the file (lead-rules(5)): a score block whose rules are the
 * model's points, each after a comment with the leads it holds for, their
 * conversion and its points; the probability table (the chance of
 * converting at each total); the grade statement with a comment a grade.
 * Rules on one field with the same points are one rule with a list:
 *
 *	# 1288 leads (19.9 %), 55.1 % converted: +3 points
 *	+3 `Lead Source` in ["Reference", "Welingak Website"]
 *
 * Supports and rates are counted over the rows the caller names (all the
 * labelled leads of the block).
 */
#ifndef LK_TUNE_WRITE_H
#define LK_TUNE_WRITE_H

#include <stddef.h>

#include "base/sbuf.h"
#include "tune/fit.h"
#include "tune/grades.h"
#include "tune/table.h"

/* The name of the score lead-tune writes (field score_tuned). */
#define TUNE_SCORE_NAME "tuned"

/* tune_write_rules: "score tuned" and b's rules, over rows[0..n) of t.
 * Returns the number of rules written (after merging). */
size_t tune_write_rules(sbuf *out, const tune_table *t, const tune_block *b,
    const size_t *rows, size_t n);

/* tune_write_probability: one "probability TOTAL P" line for each total
 * from lo to hi, with b's held-out calibration. */
void tune_write_probability(sbuf *out, const tune_block *b, long lo,
    long hi);

/* tune_write_grades: the grade statement on field ("score",
 * "score_probability"), g[0..ng) best first, each commented. */
void tune_write_grades(sbuf *out, const char *field, const tune_grade *g,
    size_t ng);

/* tune_pct: append 100 * v with one decimal and " %"... as "38.5%". */
void tune_pct(sbuf *out, double v);

#endif
