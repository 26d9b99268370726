/* definition.h - a lead definition: criteria and the statements that
 * decide a lead's status
 *
 * A definition is a rules file (lead-rules(5)) whose own statements are
 * criterion, status and disqualify.  Criteria are named conditions every
 * lead is told it met or not; status and disqualify statements are tried
 * in file order and the first that holds decides; when none holds the lead
 * goes to review:
 *
 *	criterion budget_ok  budget >= 10000
 *	criterion need_ok    need in ["high", "medium"]
 *	status mql when 2 of (budget_ok, need_ok)
 *	disqualify nurture when budget_ok and not need_ok recycle after 60d
 */
#ifndef LK_DEFINITION_H
#define LK_DEFINITION_H

#include <stdbool.h>
#include <time.h>

#include "lead/lifecycle.h"
#include "io/rec.h"
#include "base/sbuf.h"

typedef struct definition definition;
typedef struct definition_ctx definition_ctx;

/* What the definition decided for a lead. */
typedef struct definition_result {
	const char *status;	/* a stage; "review" when nothing applied */
	const lifecycle_category *category;	/* disqualify: why; or NULL */
	const char *because;	/* status ... because "text": text; or NULL */
	double recycle;		/* seconds: the category's recycle after */
	const char *rule;	/* the statement's kind, name and condition:
				 * "status mql: 2 of (budget_ok, need_ok)" */
	bool fallback;		/* no statement applied (status review) */
} definition_result;

/*
 * definition_load: compile the definition at path against the lifecycle
 * lc (its stages and categories; lc must outlive the definition).  NULL
 * with the error in err ("file:line:col: ...").
 */
definition *definition_load(const char *path, const lifecycle *lc,
    sbuf *err);
void definition_free(definition *d);
/* definition_criteria: the criteria's names in file order; *n: how many. */
const char *const *definition_criteria(const definition *d, size_t *n);

/* definition_ctx_new: state for testing leads as of a time (one a
 * thread). */
definition_ctx *definition_ctx_new(const definition *d, time_t as_of);
void definition_ctx_free(definition_ctx *c);
/* definition_decide: test r; what decided goes to *res, and met[i] says
 * whether criterion i held (met has one slot a criterion). */
void definition_decide(definition_ctx *c, rec *r, definition_result *res,
    bool *met);

#endif
