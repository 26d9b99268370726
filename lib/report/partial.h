/* partial.h - lead-report's partials: its counts as NDJSON, and back
 * (partial.c says how they look) */
#ifndef LK_REPORT_PARTIAL_H
#define LK_REPORT_PARTIAL_H

#include "io/rec.h"
#include "base/sbuf.h"
#include "report/tally.h"

/* report_partial_write: the state as NDJSON lines into out. */
void report_partial_write(const report_agg *a, sbuf *out);
/* report_partial_take: add the partial line r to a.  Returns 0, or -1 with
 * the reason in why.  A meta line whose funnel or groups differ from a's
 * is an error too; with a->group NULL, the first meta line sets them. */
int report_partial_take(report_agg *a, rec *r, sbuf *why);

#endif
