/* print.c - lead-report's reports, one table after another */
#include "report/print.h"

#include <stdbool.h>

#include "report/counts.h"
#include "report/html.h"
#include "report/ledgerrep.h"
#include "report/write.h"
#include "base/sbuf.h"

void
report_write(const report_agg *a, const report_opts *o, unsigned reports,
    stage *st)
{
	sbuf out = SBUF_INIT;
	unsigned n = 0;
	bool first = true;

	for (unsigned bit = 1; bit & (REPORT_ALL | REPORT_LEDGER_ALL);
	    bit <<= 1)
		n += (reports & bit) != 0;
	if (o->format == REPORT_HTML)
		report_html_begin(o, st, &out);
	for (unsigned bit = 1; bit & REPORT_ALL; bit <<= 1) {
		report_table t;
		report_keep k = { 0 };

		if (!(reports & bit))
			continue;
		report_counts_table(&t, bit, a, o->period, &k);
		report_table_write(&t, o, n > 1, &first, st, &out);
		report_table_free(&t);
		report_keep_free(&k);
	}
	if (reports & REPORT_LEDGER_ALL)
		report_ledger_write(a, o, reports, n > 1, &first, st, &out);
	if (o->format == REPORT_HTML)
		report_html_end(st, &out);
	sbuf_free(&out);
}
