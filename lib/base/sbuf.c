/* sbuf.c - growable byte string, always NUL-terminated */
#include "base/sbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

void
sbuf_grow(sbuf *b, size_t extra)
{
	size_t need = b->n + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
sbuf_adds(sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

void
sbuf_vaddf(sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return;
	sbuf_grow(b, (size_t)len);
	vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
	b->n += (size_t)len;
}

void
sbuf_addf(sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
sbuf_reset(sbuf *b)
{
	b->n = 0;
	if (b->p)
		b->p[0] = '\0';
}

const char *
sbuf_str(const sbuf *b)
{
	return b->p ? b->p : "";
}

void
sbuf_free(sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}
