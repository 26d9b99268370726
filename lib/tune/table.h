/* table.h - the labelled leads lead-tune learns from, column by column
 *
 * lead-tune needs every lead at once (quantiles, a held-out part, many
 * passes of the learner), so it keeps what it learns from, not the
 * records: per row its label and, per column, a small id of its value
 * (and the value as a number where it reads as one).  A column keeps at
 * most TUNE_MAX_VALUES distinct values (folded as the rule language
 * compares them: "Yes" and "yes" are one); later new values share the id
 * TUNE_OTHER, which marks the column as too varied to be a category (an
 * id, an e-mail address).  Memory: about 2 bytes a cell, 8 more for a
 * column that has numbers, so 1M leads of 30 columns take some 200 MB.
 *
 *	Lead Origin:  "API" "Landing Page Submission" "" "api"
 *	id:            2     3                         0   2
 */
#ifndef LK_TUNE_TABLE_H
#define LK_TUNE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/strmap.h"
#include "io/rec.h"

#define TUNE_MAX_VALUES 1000
#define TUNE_MISSING 0		/* absent, null, "" or [] */
#define TUNE_OTHER 1		/* a value past TUNE_MAX_VALUES */
#define TUNE_FIRST 2		/* the id of vals[0] */

typedef struct tune_col {
	char *name;
	uint16_t *id;		/* a row's value: TUNE_MISSING, TUNE_OTHER,
				 * or TUNE_FIRST + its index in vals */
	double *num;		/* a row's value as a number (NAN: none);
				 * NULL until some value reads as one */
	char **vals;		/* the values kept, as first written */
	size_t nvals;
	strmap *index;		/* folded value -> index in vals + 1 */
	size_t filled;		/* rows with a value */
	size_t numbers;		/* rows whose value reads as a number */
	bool nested;		/* some value is a non-empty array or object:
				 * the column is not used */
	bool events;		/* a count of events (events.h): its name is
				 * written as it is, never missing */
} tune_col;

typedef struct tune_table {
	tune_col *cols;
	size_t ncols;
	strmap *byname;		/* column name -> index + 1 */
	size_t nrows, cap;
	signed char *label;	/* 1, 0, or -1: no label (not decided yet) */
	double *when;		/* --holdout-by: seconds or a number; NAN */
	double *old;		/* --compare: the old model's total */
	const char *label_field, *when_field;
	bool have_old;
	bool saw_label;		/* some record has the label field */
	time_t as_of;		/* a lead's moment without routed_at */
	strmap *evtypes;	/* folded event type -> its index + 1 */
	size_t *evfirst;	/* per event type, its first column (events.h:
				 * its windows' columns follow) */
	size_t nevtypes;
	/* the columns of the last record's fields, by place: a CSV reader's
	 * records share their names (kept), so most need no lookup */
	const char **seen;
	size_t *seen_col, nseen;
} tune_table;

/* tune_table_new: an empty table reading the label from label_field and
 * the time of --holdout-by from when_field (NULL: none); both borrowed.
 * Events are counted as of as_of where a lead has no routed_at. */
tune_table *tune_table_new(const char *label_field, const char *when_field,
    bool have_old, time_t as_of);
void tune_table_free(tune_table *t);

/*
 * tune_table_add: a row from r, with old the old model's total (--compare,
 * else ignored).  Returns 0; or -1 with why set (static text or r's
 * arena) when its label is there but neither 0/1 nor true/false: the row
 * is not added.
 */
int tune_table_add(tune_table *t, rec *r, double old, const char **why);

/* tune_table_col: the index of column name, or -1. */
long tune_table_col(const tune_table *t, const char *name);

/* tune_table_column: the column called name[0..n), added (every earlier
 * row missing) if new. */
tune_col *tune_table_column(tune_table *t, const char *name, size_t n);

/* tune_table_intern: the id of s[0..n) in c (folded as rules compare
 * text). */
uint16_t tune_table_intern(tune_col *c, const char *s, size_t n);

/* tune_table_value: the text of value id of column c ("" for missing,
 * NULL for TUNE_OTHER). */
const char *tune_table_value(const tune_col *c, uint16_t id);

#endif
