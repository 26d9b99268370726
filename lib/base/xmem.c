/* xmem.c - allocation that never returns NULL */
#include "base/xmem.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/msg.h"

static void *
check(void *p)
{
	if (p == NULL) {
		fprintf(stderr, "%s: out of memory\n", msg_progname());
		exit(1);
	}
	return p;
}

/*
 * Blocks of a megabyte or more are mapped apart, always (glibc would
 * otherwise raise that bound after the first is freed, and grow tables in
 * its heap, copying them each time they double): growing one is a remap.
 * Those of 4 MiB or more are asked to be backed by huge pages (the
 * kernel's transparent huge pages, when set to madvise): a table of a
 * million leads then costs a few hundred page faults, not a hundred
 * thousand.  The advice covers the block's whole mapping, which a remap
 * could not move if the advice had split it.
 */
#define XMEM_MAPPED (1 << 20)
#define XMEM_HUGE (4UL << 20)

__attribute__((constructor)) static void
tune(void)
{
	(void)mallopt(M_MMAP_THRESHOLD, XMEM_MAPPED);
}

static void *
huge(void *p, size_t n)
{
	if (p != NULL && n >= XMEM_HUGE) {
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		uintptr_t a = (uintptr_t)p & ~(page - 1);
		uintptr_t b = (uintptr_t)p + malloc_usable_size(p);
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
	}
	return p;
}

void *
xmalloc(size_t n)
{
	return huge(check(malloc(n ? n : 1)), n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = check(calloc(nmemb ? nmemb : 1, size ? size : 1));

	return nmemb <= SIZE_MAX / (size ? size : 1) ? huge(p, nmemb * size) :
	    p;
}

void *
xrealloc(void *p, size_t n)
{
	return huge(check(realloc(p, n ? n : 1)), n);
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return check(NULL);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	if (n > 0)	/* s may be NULL then (an empty buffer) */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
