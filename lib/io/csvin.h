/* csvin.h - CSV records from the lines of one file, with libcsv
 *
 * The reader (input.c) hands over a file's physical lines; csvin parses
 * them with libcsv into rows, names the columns from the header row (or
 * col1, col2, ... with -H) and turns rows into records.  It knows each
 * row's first line, keeps its text for rejects, and finds what makes a row
 * bad: another number of fields than the header (with a word on the
 * delimiter the row seems to use, when another one would fit), an
 * unterminated quote, a row over LK_RECORD_MAX, invalid UTF-8 or a NUL
 * byte in a field (checked per field: libcsv also ends a row at a bare CR,
 * inside a line).
 *
 * Before the header, and never a row: Excel's "sep=;" first line, which
 * sets the delimiter (unless -d did), and empty rows.  A header row that is
 * bad is not replaced by the next row: the file is not read (-2 below).
 * Rows whose every field is empty or blank (";;;;", as Excel saves empty
 * rows) are skipped and counted, and so is a report footer at the end
 * (footer.h); a one-cell row anywhere else is bad (its field count).
 *
 *	csvin *c = csvin_new("a.csv", '\0', false, false);
 *	for each line: csvin_line(c, ...); while (csvin_take(c, r, &why)) ...
 *	at the end:    csvin_end(c);       while (csvin_take(c, r, &why)) ...
 */
#ifndef LK_CSVIN_H
#define LK_CSVIN_H

#include <stdbool.h>
#include <stddef.h>

#include "io/rec.h"

typedef struct csvin csvin;

/* csvin_new: a parser for the file called name (kept, not copied), with
 * delimiter delim ('\0': sniffed from the first line), libcsv's trimming of
 * unquoted spaces if trim, and no header row if no_header. */
csvin *csvin_new(const char *name, char delim, bool trim, bool no_header);
/* csvin_project: only the columns named in names (NULL-terminated, kept)
 * become fields of the records taken, which are marked partial; rows are
 * checked whole all the same (their number of fields, UTF-8).  NULL: all
 * columns. */
void csvin_project(csvin *c, const char *const *names);
/* csvin_raw_cells: without raw (the default), a cell that is a quote in
 * front of what a spreadsheet would run as a formula loses the quote
 * (io/formula.h: leadkit's CSV output put it there); with, cells are read
 * as they are (--raw-cells). */
void csvin_raw_cells(csvin *c, bool raw);
/* csvin_release: free all but the column names, which the records taken
 * (and their copies) keep pointing to (rec_add_str); csvin_free, later,
 * frees the rest. */
void csvin_release(csvin *c);
void csvin_free(csvin *c);

/*
 * csvin_line: feed physical line number lineno, line[0..len) with its
 * terminator, as read (kept for rejects); text[0..tlen) is what is parsed:
 * the line itself, or its UTF-8 conversion.  bad, if not NULL, is a static
 * reason that makes the row this line belongs to bad.
 */
void csvin_line(csvin *c, const char *line, size_t len, const char *text,
    size_t tlen, unsigned long lineno, const char *bad);
/* csvin_skipped: line lineno was too long to read: its row is bad. */
void csvin_skipped(csvin *c, unsigned long lineno);
/* csvin_end: the end of the file: finish the last row. */
void csvin_end(csvin *c);

/*
 * csvin_take: the oldest finished row, as record r (cleared first by the
 * caller).  Returns 1; -1 for a bad row (*why set, r->raw its text); -2
 * when the header row is bad (*why says why, r->line is its line): the
 * file cannot be read right; 0 when no row is waiting (one-cell rows may
 * be held back until the next row or csvin_end tells whether they are a
 * report footer, which is then reported on stderr).  The header row is
 * taken in silently.  r's values are valid until the next call to any
 * csvin function, its field names until csvin_free.
 */
int csvin_take(csvin *c, rec *r, const char **why);

/* csvin_nskipped: the rows skipped so far: empty rows and the lines of a
 * report footer. */
unsigned long long csvin_nskipped(const csvin *c);

#endif
