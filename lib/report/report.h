/* report.h - lead-report as a stage: counts of leads by group, stage
 * reached, period, score and disqualification reason, printed at the end
 *
 * The stage keeps exact counts (uint64) per group, never the leads: memory
 * grows with the number of groups, days, score buckets and categories.  It
 * has a finish, so a run is on one thread.  Each lead is counted once, or
 * left out by the filters (counted as suppressed), or rejected when a field
 * a report needs holds something unreadable (a status that is no stage, a
 * created_at that is no date, a score that is no number).
 *
 * With partial, the state is printed instead (NDJSON, report_partial
 * lines); with merge, the input is such partials, summed: the report over
 * the merged partials of a split input is byte for byte the report over the
 * whole input.
 *
 * The ledger's reports (speed, sla, aging, coverage, fairness) read the
 * ledger of lead-route and lead-feedback, opened when the stage is made,
 * at the end; they take no part in partials.
 */
#ifndef LK_REPORT_H
#define LK_REPORT_H

#include "io/stage.h"
#include "report/opts.h"

/* report_new: the stage.  A bad --where (message "--where:1:COL: ...") or a
 * lifecycle table that does not load ends the program (exit 1 for the
 * table, 2 for the condition); so does, with a ledger report asked for, a
 * ledger or roster that does not open (exit 1: "FILE: what is wrong").  o
 * and its strings must outlive the stage. */
stage *report_new(const report_opts *o);

#endif
