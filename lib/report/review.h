/* review.h - lead-report --report review: what the lead definition got
 * right and wrong, for the meeting of sales and marketing, from the ledger
 * (review.c says what each of its tables holds) */
#ifndef LK_REPORT_REVIEW_H
#define LK_REPORT_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "io/stage.h"
#include "ledger/db.h"
#include "report/opts.h"
#include "base/sbuf.h"

/* REVIEW_DAYS: the window of the review without --since: the days up to
 * --until, else --as-of. */
#define REVIEW_DAYS 14

/* report_review_write: print the review's four tables from the ledger l
 * through st, each with report_table_write (first and out as there; as
 * records, each row names its table in "report").  The lifecycle and the
 * outcomes tables that do not load end the program (exit 1); so does
 * SQLite failing (ledger_die). */
void report_review_write(ledger *l, const report_opts *o, bool *first,
    stage *st, sbuf *out);
/* report_review_col: the name of column i of the review's records (the
 * union of its tables' columns, for a CSV header); NULL past the last.  A
 * static string. */
const char *report_review_col(size_t i);

#endif
