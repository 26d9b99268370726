/* write.h - a report table printed in the format asked for: aligned
 * text with bars, Markdown, HTML (html.h) or records (CSV, NDJSON) */
#ifndef LK_REPORT_WRITE_H
#define LK_REPORT_WRITE_H

#include <stdbool.h>

#include "io/stage.h"
#include "report/opts.h"
#include "report/table.h"
#include "base/sbuf.h"

/* report_table_write: print t in o->format through st: in text, Markdown
 * and HTML a blank line or the like before every table but the *first
 * (*first becomes false); as records, with several, a "report" field
 * first.  out is scratch space.  HTML needs report_html_begin before the
 * first table and report_html_end after the last (report_write does it). */
void report_table_write(const report_table *t, const report_opts *o,
    bool several, bool *first, stage *st, sbuf *out);

#endif
