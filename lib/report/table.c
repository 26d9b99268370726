/* table.c - a report as a table of cells, and a cell as text */
#include "report/table.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

void
report_table_init(report_table *t, const char *report, size_t ncol)
{
	memset(t, 0, sizeof *t);
	t->report = report;
	t->ncol = ncol;
	t->col = xcalloc(ncol, sizeof *t->col);
	t->kind = xcalloc(ncol, sizeof *t->kind);
}

void
report_table_col(report_table *t, size_t i, const char *name,
    report_col_kind k)
{
	t->col[i] = name;
	t->kind[i] = k;
}

report_cell *
report_table_row(report_table *t)
{
	if (t->nrow == t->cap) {
		t->cap = t->cap > 0 ? 2 * t->cap : 16;
		t->c = xreallocarray(t->c, t->cap * t->ncol, sizeof *t->c);
	}
	report_cell *row = t->c + t->nrow++ * t->ncol;
	for (size_t j = 0; j < t->ncol; j++)
		row[j] = (report_cell){ NULL, 0, 0, NAN };
	return row;
}

void
report_table_free(report_table *t)
{
	free(t->col);
	free(t->kind);
	free(t->c);
	sbuf_free(&t->title);
}

void
report_fmt_cell(sbuf *b, const report_cell *c, report_col_kind k,
    bool percent)
{
	sbuf_reset(b);
	switch (k) {
	case REPORT_COL_TEXT:
		sbuf_adds(b, c->s);
		break;
	case REPORT_COL_COUNT:
		sbuf_addf(b, "%" PRIu64, c->n);
		break;
	case REPORT_COL_RATIO:
		if (c->d == 0)
			break;
		if (percent)
			sbuf_addf(b, "%.1f%%", 100.0 * (double)c->n /
			    (double)c->d);
		else
			sbuf_addf(b, "%.4f", (double)c->n / (double)c->d);
		break;
	case REPORT_COL_NUMBER:
		if (isnan(c->x))
			break;
		sbuf_addf(b, percent ? "%.1f" : "%.4f", c->x);
		break;
	}
}
