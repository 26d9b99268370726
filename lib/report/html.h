/* html.h - lead-report -o html: the report tables as one self-contained
 * HTML page (html.c says how it looks) */
#ifndef LK_REPORT_HTML_H
#define LK_REPORT_HTML_H

#include "io/stage.h"
#include "report/opts.h"
#include "report/table.h"
#include "base/sbuf.h"

/* report_html_begin, report_html_table, report_html_end: one HTML page of
 * the tables, printed through st: the head (title from o's --since,
 * --until and as_of), a section per table (heading, SVG chart, the table;
 * each row counted as output), the end.  out is scratch space.  The bytes
 * depend only on the arguments.  Cannot fail. */
void report_html_begin(const report_opts *o, stage *st, sbuf *out);
void report_html_table(const report_table *t, stage *st, sbuf *out);
void report_html_end(stage *st, sbuf *out);

#endif
