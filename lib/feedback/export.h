/* export.h - the ledger's leads back out: every lead with its outcome
 * label and history (lead-feedback --export), and the nurtured leads whose
 * recycle date has come (lead-feedback --recycle)
 *
 * Both are stages that read no records and emit at the end of input: run
 * them on an empty one.  A lead whose stored record is damaged is rejected
 * (reject_file the ledger).
 */
#ifndef LK_EXPORT_H
#define LK_EXPORT_H

#include "feedback/feedback.h"
#include "io/stage.h"

/* export_new: every lead of the ledger, by id: the stored record, then
 * (replacing fields of the same names) status, state, owner, pool,
 * route_reason, routed_at, contacted_at, feedback_at, outcome,
 * outcome_label (outcomes.tsv's label: 1, 0 or null), dq_category,
 * recycle_after, handoff, amount and history, an array of the lead's
 * events.  One read transaction: a consistent snapshot. */
stage *export_new(const feedback_opts *o);

/* export_recycle_new: the leads whose recycle_after has come (by as-of)
 * and whose state is closed, as stored; each is released in the ledger
 * with a "recycled" event, in transactions of EXPORT_BATCH leads emitted
 * once committed, so a lead is emitted once. */
stage *export_recycle_new(const feedback_opts *o);

#define EXPORT_BATCH 1000

#endif
