/* features.h - the candidate conditions lead-tune chooses its rules from
 *
 * Per column of the table (tune_table), from the rows it learns on:
 *   a category (text, not too varied): one condition per value held by
 *     enough leads, `Lead Origin` = "Lead Add Form"; and, with the values
 *     held by enough leads ordered by their conversion (best first), one
 *     per set of the best 2, 3, ... of them but the last (at most one a
 *     TUNE_SETS-th of the rows), Lead Source in ["Reference", "Welingak
 *     Website"], so that one rule can hold a step over several values;
 *   a number (95 % of its values read as numbers): a cut point at each
 *     of TUNE_QUANTILES quantiles of its values and just above its
 *     smallest value, `Total Time Spent on Website` >= 600; two such conditions
 *     together make a band, several a step function;
 *   a missing value, when enough leads have one and enough do not,
 *     Specialization missing;
 *   a count of events in a window (events.h: a number column),
 *     count(event = "webinar" within 30d) >= 2.
 * Left out: nested values (arrays, objects; events are counted), id-like columns (text whose
 * values are mostly distinct, whole numbers all distinct), names that
 * cannot be written, and the columns the caller skips (the label,
 * --exclude).  "Enough" is TUNE_MIN_SUPPORT leads or 0.5 % of the rows,
 * whichever is more, on each side.
 */
#ifndef LK_TUNE_FEATURES_H
#define LK_TUNE_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "tune/table.h"

#define TUNE_MIN_SUPPORT 10
#define TUNE_QUANTILES 40
#define TUNE_SETS 10		/* at most about this many sets a field */

typedef enum tune_kind { TUNE_EQ, TUNE_IN, TUNE_GE, TUNE_ABSENT } tune_kind;

typedef struct tune_feat {
	size_t col;
	tune_kind kind;
	uint16_t val;		/* TUNE_EQ: the value's id */
	double cut;		/* TUNE_GE */
	unsigned char *in;	/* TUNE_IN: in[id] for the ids of the set
				 * (nin of them; owned by the tune_feats) */
	size_t nin;
} tune_feat;

typedef struct tune_feats {
	tune_feat *f;
	size_t n;
} tune_feats;

/* tune_feats_build: the candidates of t from rows[0..n), skipping the
 * columns with skip[col] (NULL: none).  fs is filled (free with
 * tune_feats_free); they come by column, in column order. */
void tune_feats_build(tune_feats *fs, const tune_table *t, const size_t *rows,
    size_t n, const bool *skip);
void tune_feats_free(tune_feats *fs);

/* tune_feat_holds: f holds for row, as lead-score would find. */
bool tune_feat_holds(const tune_table *t, const tune_feat *f, size_t row);

/* tune_feat_numeric: column c is read as numbers (cut points). */
bool tune_feat_numeric(const tune_table *t, size_t c);

/* tune_feat_operand: append col as an operand of the rule language: its
 * field name, or the count an event column is (events.h). */
void tune_feat_operand(sbuf *out, const tune_col *col);

/* tune_feat_cond: append f in the rule language. */
void tune_feat_cond(sbuf *out, const tune_table *t, const tune_feat *f);

#endif
