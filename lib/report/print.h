/* print.h - lead-report's reports, one table after another, in one
 * format */
#ifndef LK_REPORT_PRINT_H
#define LK_REPORT_PRINT_H

#include "io/stage.h"
#include "report/opts.h"
#include "report/tally.h"

/* report_write: print the reports (REPORT_* bits) of a through st: those
 * of the leads (counts.h), then those of the ledger (ledgerrep.h), in bit
 * order; an HTML page around them with -o html.  A failing ledger query
 * ends the program. */
void report_write(const report_agg *a, const report_opts *o,
    unsigned reports, stage *st);

#endif
