/* spool.h - text set aside in a temporary file until the end of input
 *
 * A stage that must see every record before it writes any (lead-dedupe)
 * keeps their text here rather than in memory, and reads it back by
 * offset (read a megabyte at a time: reading back in order is cheap).
 * The file is made in $TMPDIR (else /tmp) and unlinked at once, so
 * it goes away however the program ends.  Errors (a full disk) end the
 * program with a message: there is nothing else a stage could do.
 */
#ifndef LK_SPOOL_H
#define LK_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

typedef struct spool spool;

spool *spool_new(void);
void spool_free(spool *sp);

/* spool_put: append s[0..n); returns where it starts. */
uint64_t spool_put(spool *sp, const char *s, size_t n);
/* spool_get: out (reset first) gets the n bytes at off, put earlier. */
void spool_get(spool *sp, uint64_t off, size_t n, sbuf *out);
/* spool_read: the same for a read out of order: only those bytes are
 * read, and what spool_get read ahead stays for the reads in order. */
void spool_read(spool *sp, uint64_t off, size_t n, sbuf *out);
/* spool_rewrite: the n bytes at off, put earlier, become s[0..n) (a
 * stage that patches what it set aside: lead-dedupe's keyfile). */
void spool_rewrite(spool *sp, uint64_t off, const char *s, size_t n);

#endif
