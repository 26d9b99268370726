/* recpack.h - a record as bytes and back, for a stage that keeps its
 * records aside until its input ends (lead-dedupe's temporary file)
 *
 * Cheaper both ways than an NDJSON line: nothing is escaped on the way
 * out, nothing scanned or decoded on the way in.  The record read back
 * has the fields of the one written, in order, with the same names and
 * values: written as NDJSON or CSV, it gives the same bytes.  A JSON
 * string without escapes comes back as a plain string (REC_STR), nested
 * data set by a stage (REC_JSON) as its JSON text (REC_RAW).
 *
 * The bytes, for each field: its kind ('s' a string, 'r' JSON text; 'S',
 * 'R' when its name as a JSON literal is not simply the name in quotes),
 * the lengths of its name, of that literal if it is there, and of its
 * value (LEB128: 7 bits a byte, low first), then the name and a NUL, the
 * literal, the value and a NUL: about as many bytes as its NDJSON.  A
 * record as it was read (no field set since: rec_modified), or one whose
 * NDJSON keeps spaces of its input line (output_compact), is kept as its
 * NDJSON line instead, after an 'L', and parsed when read.
 */
#ifndef LK_RECPACK_H
#define LK_RECPACK_H

#include <stddef.h>

#include "base/sbuf.h"
#include "io/rec.h"

/* recpack_put: append r's fields to out (r may decode a value it holds
 * as a jansson value). */
void recpack_put(sbuf *out, rec *r);

/* recpack_read: r, without fields, holds in r->raw (its own copy:
 * rec_strdup) the bytes recpack_put wrote: r gets the fields back, the
 * bytes become r's value block and r->raw is NULL (or, for a line, r->raw
 * is the line).  Returns 0; or -1, r without fields, when the bytes are
 * not such a record. */
int recpack_read(rec *r);

#endif
