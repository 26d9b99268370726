/* input.h - reading records from files or stdin, NDJSON or CSV
 *
 * Files are read in order; "-" (or no file at all) is standard input.  A
 * file that cannot be opened or read is reported and skipped, and
 * input_failed() says so at the end (exit 1, as jq does).
 *
 * The encoding and the format are decided per file from its first bytes
 * (the first line, and what the first reads give: up to 1 MiB of a file):
 *
 * Encoding (encoding.h; --encoding overrides, a byte order mark always
 *   decides): UTF-16 and UTF-32 (with a BOM; UTF-16 also without one, as
 *   ASCII with NULs between) are converted to UTF-8 as they are read.  A
 *   binary file (gzip, an .xlsx workbook, a PNG..., or control bytes) is
 *   not read: one message.  Otherwise, when the first bytes are valid
 *   UTF-8 (or mostly: damaged UTF-8), the file is UTF-8 and a line that is
 *   not makes its record bad (with a hint to --encoding); when they are
 *   not, a Windows code page is guessed (windows-1252, or windows-1250
 *   when the bytes read as letters only there), said on stderr, and every
 *   line that is not valid UTF-8 is converted from it; when no code page
 *   has the bytes, the file is not read.  --encoding utf-8 never converts; a one-byte encoding
 *   converts the lines that are not valid UTF-8 (so files mixing UTF-8 and
 *   Latin-1 come out right).
 * Format: after a BOM and white space, '{' is NDJSON, '[' a JSON array
 *   (not read: one message), anything else CSV; -i overrides.
 *
 * NDJSON: one object a line; blank lines are skipped; a line that is not a
 *   JSON object is a bad record.
 * CSV (csvin.h): the first row names the columns (trimmed of white space;
 *   an empty name becomes colN, a repeated one gets _2, _3: "Email,Email"
 *   is Email and Email_2); with -H there is no header and the columns are
 *   col1, col2, ...  The delimiter is -d, or Excel's "sep=;" first line,
 *   or sniffed from the first line among , ; TAB | (the most frequent
 *   outside quotes; ',' when none).  Quoted fields may hold delimiters,
 *   quotes ("") and newlines; CRLF and blank lines between rows are fine.
 *   A row with another number of fields than the header, an unterminated
 *   quote, or a record over 64 MiB is a bad record.  A header row that is
 *   bad stops the file (never is the next row taken for the header).  Rows
 *   with every field empty and a report footer are skipped and counted
 *   (input_skipped).  Unquoted spaces are kept unless --trim.
 *
 * Every record knows its file and first line.  A bad record keeps its raw
 * text in r->raw, has no fields, and comes with a reason.
 */
#ifndef LK_INPUT_H
#define LK_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "io/cli.h"
#include "io/rec.h"
#include "base/sbuf.h"

typedef struct input input;

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
/* input_skipped: the rows skipped so far that were no records: CSV rows
 * with every field empty, and report footers. */
unsigned long long input_skipped(const input *in);
/* input_bytes: the bytes read from the files so far, as they are on disk
 * (before any conversion): how far the run is (progress.h). */
unsigned long long input_bytes(const input *in);
/* input_failed: some file could not be opened or read. */
bool input_failed(const input *in);
void input_close(input *in);

#endif
