/* counts.h - the reports of the leads read (funnel, groups, rate, score,
 * dq) as tables, from lead-report's counts */
#ifndef LK_REPORT_COUNTS_H
#define LK_REPORT_COUNTS_H

#include "report/opts.h"
#include "report/table.h"
#include "report/tally.h"
#include "base/sbuf.h"

/* report_keep: what the text cells of a table of counts point into
 * (labels, merged periods, sorted entries): it must outlive the table's
 * printing.  Zeroed before use ({ 0 }); report_keep_free frees what it
 * holds, not k. */
typedef struct report_keep {
	sbuf labels;
	report_tally periods;
	report_count *sorted;
} report_keep;

/*
 * report_counts_table: the report bit (one of REPORT_ALL) of a as table t
 * (report_table_free it), rows in a total order (so equal counts print
 * equal bytes), the rate report by the period per.  Cannot fail.
 */
void report_counts_table(report_table *t, unsigned bit, const report_agg *a,
    report_period per, report_keep *k);
void report_keep_free(report_keep *k);

#endif
