/* sbuf.h - growable byte string, always NUL-terminated
 *
 * The workhorse for building values: normalizers append into an sbuf the
 * caller owns, then the caller copies or keeps the bytes.  sbuf_reset keeps
 * the allocation, so one sbuf reused per field costs no malloc per record.
 *
 *	sbuf b = SBUF_INIT;
 *	sbuf_add(&b, "abc", 3); sbuf_addc(&b, '!');   // b.p = "abc!", b.n = 4
 *	sbuf_free(&b);
 */
#ifndef LK_SBUF_H
#define LK_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct sbuf {
	char *p;	/* NUL-terminated once anything was added; NULL before */
	size_t n;	/* length, not counting the NUL */
	size_t cap;
} sbuf;

#define SBUF_INIT { NULL, 0, 0 }

/* sbuf_grow: make room for at least extra more bytes (plus the NUL). */
void sbuf_grow(sbuf *b, size_t extra);
void sbuf_adds(sbuf *b, const char *s);

/* sbuf_add, sbuf_addc: append bytes; inline, as they run per character
 * in the normalizers. */
static inline void
sbuf_add(sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
		sbuf_grow(b, n);
	if (n > 0)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static inline void
sbuf_addc(sbuf *b, char c)
{
	if (b->n + 2 > b->cap)
		sbuf_grow(b, 1);
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
}
/* sbuf_addf, sbuf_vaddf: printf-style append. */
void sbuf_addf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sbuf_vaddf(sbuf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* sbuf_reset: length 0, keeps the allocation; p becomes "". */
void sbuf_reset(sbuf *b);
/* sbuf_str: the contents as a C string, "" when empty (never NULL). */
const char *sbuf_str(const sbuf *b);
void sbuf_free(sbuf *b);

#endif
