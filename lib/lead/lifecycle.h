/* lifecycle.h - lead stages, the moves between them, and the categories
 * of disqualification, read from tables in the share directory
 *
 * The stages, moves and how far a lead in a stage outside the funnel got
 * (reached) are data (share/leadkit/lifecycle.tsv), not code:
 * a team that adds a stage or allows a move edits the table.  A move is
 * forward (made as it comes), back (made only with a reason) or refused.
 * What a stage is to the programs (the funnel's lead, mql and won for
 * lead-report; the stages a rep works, and nurture, for lead-feedback) is
 * data too: the table's "role" lines.  The code names roles, never stages.
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

/* The roles of stages (the table's "role ROLE STAGE" lines); the name of
 * each is its word in the table: lead, mql, won, working, nurture,
 * review. */
typedef enum lifecycle_role {
	LIFECYCLE_ROLE_LEAD,	/* the funnel's stage: meets the lead
				 * definition (one stage) */
	LIFECYCLE_ROLE_MQL,	/* marketing qualified (one stage) */
	LIFECYCLE_ROLE_WON,	/* the funnel's last stage (one stage) */
	LIFECYCLE_ROLE_WORKING,	/* a rep works the lead (any number) */
	LIFECYCLE_ROLE_NURTURE,	/* back to marketing until a recycle date
				 * (one stage) */
	LIFECYCLE_ROLE_REVIEW,	/* no statement of a lead definition
				 * applies: a person decides (one stage) */
	LIFECYCLE_NROLES
} lifecycle_role;

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
/* lifecycle_role_stage: the stage that has role (the first, for working),
 * or NULL when no line gives one.  The pointer lives as long as lc, and
 * is the one lifecycle_stage returns for it. */
const char *lifecycle_role_stage(const lifecycle *lc, lifecycle_role role);
/* lifecycle_has_role: stage (a stage's name) has role. */
bool lifecycle_has_role(const lifecycle *lc, const char *stage,
    lifecycle_role role);
/* lifecycle_role_name: the word of role in the table ("mql"). */
const char *lifecycle_role_name(lifecycle_role role);

/* lifecycle_category: the category called name, or NULL. */
const lifecycle_category *lifecycle_category_find(const lifecycle *lc,
    const char *name);
/* lifecycle_category_names: the names of all categories, comma-separated
 * (for messages). */
const char *lifecycle_category_names(const lifecycle *lc);

#endif
