/* xmem.h - allocation that never returns NULL (large blocks on huge pages)
 *
 * Every allocation in leadkit goes through these.  On failure they print
 * "prog: out of memory" and exit 1: a lead pipeline that cannot allocate has
 * no sensible way to go on, and checking at every call site hides the logic.
 */
#ifndef LK_XMEM_H
#define LK_XMEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* xrealloc: like realloc(3), but n == 0 is treated as 1. */
void *xrealloc(void *p, size_t n);
/* xreallocarray: overflow-checked nmemb * size. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
