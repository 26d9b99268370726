/* keys.h - 64-bit keys for the unit tests of sets of keys (eliasfano,
 * keysort): deterministic hash-like keys, and their order for qsort. */
#ifndef LK_TEST_KEYS_H
#define LK_TEST_KEYS_H

#include <stdint.h>

/* splitmix64: the next of a sequence of hash-like keys from the state *s,
 * the same on every run. */
static inline uint64_t
splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* cmp_u64: ascending, for qsort. */
static inline int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif
