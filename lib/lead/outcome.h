/* outcome.h - what sales did with a lead, read from a table in the share
 * directory (share/leadkit/outcomes.tsv)
 *
 * Each outcome names the lifecycle stage it takes a lead to, how (a move
 * that only ever goes forward, or one that is set as sales says), and its
 * label for a training set (converted or not).  The table is data, checked
 * against the lifecycle when it is read:
 *
 *	lost	reason:lost	set	0	the opportunity was lost
 *
 * takes a lead to the status of the row's reason category when it gives
 * one ("nurture" -> nurture), else to lost; the move is made even when it
 * is a move back, and the lead counts as not converted.  An outcome whose
 * stage is "-" (open: sales has not worked the lead yet) records nothing.
 *
 * The same table says what CRMs write, in lines of two more kinds:
 *
 *	value	Closed - Not Converted	lost
 *	value	Bad Timing	rejected nurture
 *	reason	Not Interested	no_interest
 *	reason	Duplicate	-
 *
 * a status value and the outcome it means (with a reason category when
 * the value itself says why), and a reason value and the category it
 * means ("-": none, the reason is only noted).  Values are compared after
 * fold_alnum (fold.h): "CLOSED_NOT_CONVERTED" is the same value.
 */
#ifndef LK_OUTCOME_H
#define LK_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

#include "lead/lifecycle.h"
#include "base/sbuf.h"

typedef enum outcome_move {
	OUTCOME_ADVANCE,	/* only a move forward (or from no status) */
	OUTCOME_SET		/* any move the lifecycle allows */
} outcome_move;

typedef struct outcome {
	const char *name;	/* "no-response" */
	const char *stage;	/* a stage of the lifecycle (its pointer), or
				 * NULL for "-": nothing to record yet */
	bool by_reason;		/* reason:STAGE: a reason's status first */
	outcome_move move;
	int label;		/* 1, 0, or -1 for "-" */
	const char *meaning;
} outcome;

typedef struct outcome_table outcome_table;

/*
 * outcome_load: read the table at path; every stage must be one of lc's
 * (lc must outlive the table: stages point into it).  Returns the table,
 * or NULL with "path:line: what is wrong" (or "path: strerror") in err.
 */
outcome_table *outcome_load(const char *path, const lifecycle *lc,
    sbuf *err);
void outcome_free(outcome_table *t);

/* outcome_find: the outcome called s[0..n), ignoring ASCII case and
 * surrounding blanks, with ' ' and '_' read as '-' ("No Response" is
 * no-response); NULL if there is none.  Lives as long as t. */
const outcome *outcome_find(const outcome_table *t, const char *s, size_t n);

/* outcome_value: the outcome a CRM's status value s[0..n) means: an
 * outcome's own name (as outcome_find), else a value line's; *reason gets
 * the value line's category name, or NULL.  NULL when neither. */
const outcome *outcome_value(const outcome_table *t, const char *s,
    size_t n, const char **reason);

/* outcome_reason: 1 when s[0..n) is a reason line's value, with its
 * category's name in *category (NULL for "-"); 0 when it is none. */
int outcome_reason(const outcome_table *t, const char *s, size_t n,
    const char **category);

/* outcome_names: every outcome's name, comma-separated (for messages). */
const char *outcome_names(const outcome_table *t);

/* outcome_stage: the stage o takes a lead to, given the row's reason
 * category (NULL for none); NULL for an outcome that records nothing. */
const char *outcome_stage(const outcome *o, const lifecycle_category *reason);

#endif
