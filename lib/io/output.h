/* output.h - writing records as NDJSON or CSV
 *
 * NDJSON: one object a line.  A record read from NDJSON and not modified is
 * written as its input line; otherwise members are written in field order,
 * RAW values byte for byte, so untouched members keep their exact text.
 *
 * CSV: the first 1000 records are held back (copied) to choose the header:
 * their fields in the order they first appear (also fields a stage
 * emptied), then each declared field (those the stages may add).  Quoting
 * only where needed (delimiter, '"', CR or LF in the value).  A record
 * missing a column gets an empty cell.  A later record with a field the
 * header lacks is never cut down to fit: output_write refuses it, and the
 * caller rejects it with the reason (nothing is lost; use NDJSON for
 * records of varying shape).  Objects and arrays are written as compact
 * JSON text.  A cell a spreadsheet would run as a formula gets a quote in
 * front (io/formula.h), unless output_set_raw_cells says otherwise.
 */
#ifndef LK_OUTPUT_H
#define LK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "io/cli.h"
#include "io/rec.h"
#include "base/sbuf.h"

typedef struct output output;

/*
 * output_new: a writer to fp (not closed by the writer), named name in
 * error messages; with fp NULL, a writer to memory, emptied by
 * output_take().  fmt is LK_FMT_CSV or LK_FMT_NDJSON; delim and header
 * apply to CSV; declared is a NULL-terminated list of field names, or NULL.
 */
output *output_new(FILE *fp, const char *name, lk_format fmt, char delim,
    bool header, const char *const *declared);

/* output_set_raw_cells: with raw, CSV cells that a spreadsheet would run
 * as a formula are written as they are (--raw-cells); without (the
 * default), each gets a quote in front (io/formula.h). */
void output_set_raw_cells(output *o, bool raw);

/* output_append: write text already formatted (by a memory writer). */
void output_append(output *o, const char *s, size_t n);

/* output_has_header: the CSV header is fixed (1000 records were written,
 * or output_free came). */
bool output_has_header(const output *o);

/* output_take: what a memory writer holds replaces dst's contents (the
 * buffers are swapped, not copied), and the writer is empty. */
void output_take(output *o, sbuf *dst);

/* output_same_header: make o write CSV with the header src has fixed,
 * without writing the header again (for writers whose text follows src's).
 * Returns false if src has fixed no header yet. */
bool output_same_header(output *o, const output *src);

/* output_write: write r.  Returns 0, or -1 (CSV only) when r has a field
 * the header lacks: *why then says which, valid until the next call. */
int output_write(output *o, rec *r, const char **why);

/* output_ndjson: append r to buf as one NDJSON line, as output_write
 * writes it (for a stage that keeps records as text: lead-dedupe). */
void output_ndjson(sbuf *buf, rec *r);
/* output_compact: output_ndjson writes r as it would its fields alone,
 * one after the other, with no space of its input line kept between
 * them (nor a member that line had and r has no more).  False for a
 * record as it was read (rec_modified): it is written as its line. */
bool output_compact(const rec *r);

/* output_free: flush and free.  A write error is fatal (exit 1), reported
 * as "prog: name: write error: ..."; EPIPE ends the program quietly. */
void output_free(output *o);

#endif
