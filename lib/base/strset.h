/* strset.h - a hash set of strings, for reference lists
 *
 * Lists (free-mail domains, legal suffixes, placeholders, do-not-call ids)
 * are loaded once per run and probed once or more per record, so lookups
 * take (pointer, length) and never allocate.  Open addressing with linear
 * probing; the table stays at most half full.
 */
#ifndef LK_STRSET_H
#define LK_STRSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strset strset;

strset *strset_new(void);
void strset_free(strset *s);
/* strset_add: add a copy of s[0..n); returns true if it was new. */
bool strset_add(strset *s, const char *str, size_t n);
bool strset_has(const strset *s, const char *str, size_t n);
/* strset_each: call fn for every value, in no particular order. */
void strset_each(const strset *s, void (*fn)(void *ctx, const char *str,
    size_t n), void *ctx);

/*
 * strset_load: add every line of the text file at path: one value a line,
 * surrounding white space trimmed, blank lines and lines starting with '#'
 * skipped.  If fold is not NULL, each value is passed through it first (for
 * example to case-fold), and the folded form is what is stored.  Returns 0,
 * or -1 with errno set when the file cannot be read.
 */
struct sbuf;
typedef void (*strset_fold_fn)(struct sbuf *out, const char *s, size_t n);
int strset_load(strset *s, const char *path, strset_fold_fn fold);

/* strset_hash: FNV-1a, 64 bit: a fingerprint that stays the same from
 * version to version (lead ids, keys of blocks). */
unsigned long long strset_hash(const char *s, size_t n);
/* strset_mix: splitmix64's finalizer: every bit of h spread over all
 * bits of the result (a hash's last step; a generator's output). */
static inline unsigned long long
strset_mix(unsigned long long h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}
/* strset_table_hash: the hash the set's and strmap's tables use, eight
 * bytes a step: for tables in memory only, as it may change. */
unsigned long long strset_table_hash(const char *s, size_t n);

#endif
