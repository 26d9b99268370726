/* input.h - reading records from files or stdin, NDJSON or CSV
 *
 * Files are read in order; "-" (or no file at all) is standard input.  A
 * file that cannot be opened or read is reported and skipped, and
 * input_failed() says so at the end (exit 1, as jq does).
 *
 * The format is decided per file from its first bytes (after a UTF-8 BOM
 * and white space): '{' is NDJSON, anything else CSV; -i overrides.
 *
 * NDJSON: one object a line; blank lines are skipped; a line that is not a
 *   JSON object is a bad record.
 * CSV: the first row names the columns (trimmed of white space; an empty
 *   name becomes colN, a repeated one gets _2, _3); with -H there is no
 *   header and the columns are col1, col2, ...  The delimiter is -d, or
 *   sniffed from the first line among , ; TAB | (the most frequent outside
 *   quotes; ',' when none).  Quoted fields may hold delimiters, quotes ("")
 *   and newlines; CRLF and blank lines between rows are fine.  A row with
 *   another number of fields than the header, an unterminated quote, or a
 *   record over 64 MiB is a bad record.  Unquoted spaces are kept unless
 *   --trim.
 * Encoding: a line that is not valid UTF-8 makes its record bad, unless
 *   --encoding names latin1 or cp1252, which is then used to convert that
 *   line (and only such lines: files mixing UTF-8 and Latin-1 come out
 *   right).
 *
 * Every record knows its file and first line.  A bad record keeps its raw
 * text in r->raw, has no fields, and comes with a reason.
 */
#ifndef LK_INPUT_H
#define LK_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "rec.h"
#include "sbuf.h"

/* The longest record the reader accepts. */
#define LK_RECORD_MAX (64UL << 20)

typedef struct input input;

/* input_chomp: the length of line[0..len) without its "\n" or "\r\n". */
static inline size_t
input_chomp(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

/* input_open: read files[0..nfiles) (none: stdin) with options o, which
 * must outlive the reader.  Nothing is opened before the first input_next. */
input *input_open(const cli_opts *o, char *const *files, int nfiles);

/*
 * input_next: clear r and fill it with the next record.  Returns 1; 0 at the
 * end of all input; or -1 for a bad record, with *why set to the reason
 * (valid until the next call) and r->raw, r->file, r->line set.  r is valid
 * until the next call.
 */
int input_next(input *in, rec *r, const char **why);

/*
 * input_defer_json: with defer true, input_next returns NDJSON lines
 * unparsed: 2, with only r->raw, r->file and r->line set, so that another
 * thread can run input_parse_json on them.  CSV is parsed as always.
 */
void input_defer_json(input *in, bool defer);

/* input_project: CSV records get only the fields named in names
 * (NULL-terminated, kept), and are marked partial (csvin_project).  NDJSON
 * records are whole. */
void input_project(input *in, const char *const *names);

/* input_parse_json: fill r's fields from r->raw, an NDJSON line.  Returns
 * 0; or -1, r without fields, the reason in why. */
int input_parse_json(rec *r, sbuf *why);

/* input_format: the format of the first file read (LK_FMT_AUTO before). */
lk_format input_format(const input *in);
/* input_failed: some file could not be opened or read. */
bool input_failed(const input *in);
void input_close(input *in);

#endif
