/* strset.c - a hash set of strings, for reference lists */
#include "base/strset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/sbuf.h"
#include "base/swar.h"
#include "base/xmem.h"

struct slot {
	char *s;
	size_t n;
	unsigned long long h;
};

/*
 * A large set also keeps a Bloom filter of two bits a value, 2^20 bits
 * (128 KiB), that stays in the cache where the slots do not: a lookup of a
 * value that is absent, the common case (an e-mail domain that is not
 * disposable), mostly ends there.  121,570 disposable domains set about
 * 21 % of the bits: 4 % of absent values get past it.
 */
#define STRSET_BLOOM_MIN 4096		/* values before a filter is kept */
#define STRSET_BLOOM_BITS (1u << 20)

struct strset {
	struct slot *slot;
	size_t cap;	/* power of two */
	size_t count;
	unsigned long long *bloom;	/* NULL while the set is small */
};

static void
bloom_set(strset *s, unsigned long long h)
{
	unsigned a = (unsigned)(h >> 40) & (STRSET_BLOOM_BITS - 1);
	unsigned b = (unsigned)(h >> 20) & (STRSET_BLOOM_BITS - 1);

	s->bloom[a / 64] |= 1ULL << (a % 64);
	s->bloom[b / 64] |= 1ULL << (b % 64);
}

static bool
bloom_may_have(const strset *s, unsigned long long h)
{
	unsigned a = (unsigned)(h >> 40) & (STRSET_BLOOM_BITS - 1);
	unsigned b = (unsigned)(h >> 20) & (STRSET_BLOOM_BITS - 1);

	return (s->bloom[a / 64] >> (a % 64) & 1) &&
	    (s->bloom[b / 64] >> (b % 64) & 1);
}

unsigned long long
strset_hash(const char *s, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* strset_table_hash: each word of s mixed in by a multiply and a shift
 * (the constants of splitmix64), the length in the seed so that the
 * padding of the rest (swar_load_rest) cannot make two strings one; then
 * splitmix64's finalizer. */
unsigned long long
strset_table_hash(const char *str, size_t n)
{
	const unsigned char *p = (const unsigned char *)str;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n * 0xff51afd7ed558ccdULL;

	for (; n >= 8; n -= 8, p += 8) {
		h = (h ^ swar_load(p)) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	if (n > 0) {
		h = (h ^ swar_load_rest(p, n)) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	return strset_mix(h);
}

strset *
strset_new(void)
{
	strset *s = xcalloc(1, sizeof *s);

	s->cap = 64;
	s->slot = xcalloc(s->cap, sizeof *s->slot);
	return s;
}

void
strset_free(strset *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i].s);
	free(s->slot);
	free(s->bloom);
	free(s);
}

static struct slot *
find(const strset *s, const char *str, size_t n, unsigned long long h)
{
	size_t mask = s->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *sl = &s->slot[i];
		if (sl->s == NULL)
			return sl;
		if (sl->h == h && sl->n == n && memcmp(sl->s, str, n) == 0)
			return sl;
	}
}

static void
grow(strset *s)
{
	struct slot *old = s->slot;
	size_t oldcap = s->cap;

	s->cap *= 2;
	s->slot = xcalloc(s->cap, sizeof *s->slot);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].s != NULL)
			*find(s, old[i].s, old[i].n, old[i].h) = old[i];
	free(old);
}

bool
strset_add(strset *s, const char *str, size_t n)
{
	unsigned long long h = strset_table_hash(str, n);
	struct slot *sl = find(s, str, n, h);

	if (sl->s != NULL)
		return false;
	sl->s = xstrndup(str, n);
	sl->n = n;
	sl->h = h;
	if (s->bloom != NULL) {
		bloom_set(s, h);
	} else if (s->count + 1 >= STRSET_BLOOM_MIN) {
		s->bloom = xcalloc(STRSET_BLOOM_BITS / 64, sizeof *s->bloom);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i].s != NULL)
				bloom_set(s, s->slot[i].h);
	}
	if (++s->count * 2 > s->cap)
		grow(s);
	return true;
}

bool
strset_has(const strset *s, const char *str, size_t n)
{
	unsigned long long h = strset_table_hash(str, n);

	if (s->bloom != NULL && !bloom_may_have(s, h))
		return false;
	return find(s, str, n, h)->s != NULL;
}

void
strset_each(const strset *s, void (*fn)(void *ctx, const char *str, size_t n),
    void *ctx)
{
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i].s != NULL)
			fn(ctx, s->slot[i].s, s->slot[i].n);
}

/* The list being read by strset_load. */
struct load {
	strset *s;
	strset_fold_fn fold;
	sbuf folded;
};

/* load_line: lines_read callback: add one value. */
static int
load_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	struct load *ld = ctx;

	(void)msg;
	if (ld->fold == NULL) {
		strset_add(ld->s, line, n);
		return 0;
	}
	sbuf_reset(&ld->folded);
	ld->fold(&ld->folded, line, n);
	if (ld->folded.n)
		strset_add(ld->s, ld->folded.p, ld->folded.n);
	return 0;
}

int
strset_load(strset *s, const char *path, strset_fold_fn fold)
{
	struct load ld = { s, fold, SBUF_INIT };
	int rc = lines_read(path, LINES_TRIM, load_line, &ld, NULL);
	int e = errno;

	sbuf_free(&ld.folded);
	errno = e;
	return rc;
}
