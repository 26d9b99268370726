/* ledgerrep.h - lead-report's reports from the ledger: speed, sla, aging,
 * coverage, fairness (ledgerrep.c says how they are made) and the review
 * (review.h) */
#ifndef LK_REPORT_LEDGERREP_H
#define LK_REPORT_LEDGERREP_H

#include <stdbool.h>
#include <stddef.h>

#include "io/stage.h"
#include "report/opts.h"
#include "report/tally.h"
#include "base/sbuf.h"

/* report_ledger_write: print the ledger's reports among reports (the
 * REPORT_LEDGER_ALL bits) from a->ledger and a->roster through st, with
 * report_table_write (several, first and out as there).  A failing query
 * ends the program (ledger_die). */
void report_ledger_write(const report_agg *a, const report_opts *o,
    unsigned reports, bool several, bool *first, stage *st, sbuf *out);
/* report_ledger_col: the name of column i of the ledger report bit
 * (fairness has three more with a roster); NULL past its last column, or
 * for any other bit.  A static string. */
const char *report_ledger_col(unsigned bit, bool roster, size_t i);

#endif
