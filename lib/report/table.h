/* table.h - a lead-report report as a table of cells, made by counts.c
 * and ledgerrep.c, printed by write.c and html.c
 *
 * A writer sees only tables: columns with a name and a kind, rows of
 * cells, the title, and the count column a bar or chart shows.  A new
 * report is a new table and every writer prints it as is.
 */
#ifndef LK_REPORT_TABLE_H
#define LK_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

typedef enum report_col_kind {
	REPORT_COL_TEXT, REPORT_COL_COUNT, REPORT_COL_RATIO, REPORT_COL_NUMBER
} report_col_kind;

typedef struct report_cell {
	const char *s;		/* REPORT_COL_TEXT */
	uint64_t n, d;		/* REPORT_COL_COUNT: n; REPORT_COL_RATIO:
				 * n / d (d 0: none) */
	double x;		/* REPORT_COL_NUMBER (NAN: none), e.g. hours */
} report_cell;

typedef struct report_table {
	const char *report;	/* its name: "funnel", "groups", ... */
	const char **col;
	report_col_kind *kind;
	size_t ncol;
	report_cell *c;		/* nrow rows of ncol cells */
	size_t nrow, cap;
	size_t bar;		/* the count column a bar shows */
	bool nochart;		/* a list, not counts: no bar, no chart */
	sbuf title;
} report_table;

/* report_table_init: t with ncol columns (named with report_table_col)
 * and no rows, of the report named report (a static string).
 * report_table_row: a new row of empty cells (NAN numbers), valid until the
 * next row.  report_table_free: what t holds, not t.  Cannot fail. */
void report_table_init(report_table *t, const char *report, size_t ncol);
void report_table_col(report_table *t, size_t i, const char *name,
    report_col_kind k);
report_cell *report_table_row(report_table *t);
void report_table_free(report_table *t);

/* report_fmt_cell: cell c of kind k into b, after emptying b (percent:
 * ratios as "12.5%" and numbers as "1.5", else "0.1250" and "1.5000"); a
 * ratio without a denominator or a NAN number leaves b empty.  Cannot
 * fail. */
void report_fmt_cell(sbuf *b, const report_cell *c, report_col_kind k,
    bool percent);

#endif
