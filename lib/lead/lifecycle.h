/* lifecycle.h - lead stages, the moves between them, and the categories
 * of disqualification, read from tables in the share directory
 *
 * The stages, moves and how far a lead in a stage outside the funnel got
 * (reached) are data (share/leadkit/lifecycle.tsv), not code:
 * a team that adds a stage or allows a move edits the table.  A move is
 * forward (made as it comes), back (made only with a reason) or refused.
 */
#ifndef LK_LIFECYCLE_H
#define LK_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

typedef struct lifecycle lifecycle;

typedef enum lifecycle_move {
	LIFECYCLE_REFUSED,
	LIFECYCLE_FORWARD,
	LIFECYCLE_BACK
} lifecycle_move;

typedef enum lifecycle_effect {
	LIFECYCLE_NOTHING,	/* "-" */
	LIFECYCLE_RECYCLE,	/* "recycle_after" */
	LIFECYCLE_HANDOFF,	/* "handoff=VALUE" */
	LIFECYCLE_SUPPRESS	/* "suppress" */
} lifecycle_effect;

/* A reason to disqualify (share/leadkit/dq-categories.tsv). */
typedef struct lifecycle_category {
	const char *name;
	const char *status;	/* a stage */
	lifecycle_effect effect;
	const char *handoff;	/* LIFECYCLE_HANDOFF: to whom */
	const char *meaning;
} lifecycle_category;

/*
 * lifecycle_load: read the stage table and the category table at these
 * paths.  Returns the lifecycle, or NULL with "file:line: what is wrong"
 * (or "file: strerror") in err.
 */
lifecycle *lifecycle_load(const char *stages, const char *categories,
    sbuf *err);
void lifecycle_free(lifecycle *lc);

/* lifecycle_stage: the stage called s[0..n), ignoring ASCII case and
 * surrounding blanks (CRMs write "MQL"), or NULL.  The pointer lives as
 * long as lc. */
const char *lifecycle_stage(const lifecycle *lc, const char *s, size_t n);
/* lifecycle_stages: every stage in table order, and their number. */
const char *const *lifecycle_stages(const lifecycle *lc, size_t *n);
/* lifecycle_move_kind: what moving from one stage to another is. */
lifecycle_move lifecycle_move_kind(const lifecycle *lc, const char *from,
    const char *to);
/* lifecycle_reached: the table's "reached" line for stage: true with the
 * funnel stage a lead in stage has reached in *to (NULL: none); false when
 * the table has no such line. */
bool lifecycle_reached(const lifecycle *lc, const char *stage,
    const char **to);
/* lifecycle_category: the category called name, or NULL. */
const lifecycle_category *lifecycle_category_find(const lifecycle *lc,
    const char *name);
/* lifecycle_category_names: the names of all categories, comma-separated
 * (for messages). */
const char *lifecycle_category_names(const lifecycle *lc);

#endif
