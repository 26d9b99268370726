/* eliasfano.h - a sorted set of 64-bit keys in about 2 + log2(u/n) bits each
 *
 * Elias-Fano coding (Elias 1974, Fano 1971; as in Vigna, "Quasi-succinct
 * indices", 2013).  n distinct keys are stored as v = key - base, each split
 * into its l low bits, kept packed in key order, and its high part h = v >>
 * l, kept in unary: for each bucket h in turn, a 1 bit for each key in it
 * and then a 0.  l is chosen to make the whole smallest, which puts about
 * one key in a bucket.  248 million distinct US phone numbers (gen-dnc's
 * 253 million, spanning 7.9e9) take 5 low bits, 2 high bits and 1 bit of
 * samples a key: 247.5 MB, where sorted 64-bit integers take 2 GB and the
 * information-theoretic bound is 199 MB (209 MB over all 1e10 numbers).
 *
 *	keys 3 4 7 13 (base 3, l = 1):  v = 0 1 4 10
 *	low bits   0 1 0 0
 *	high part  0 0 2 5  ->  buckets 0:11 1: 2:1 3: 4: 5:1
 *	high bits  110 0 10 0 0 10
 *
 * A lookup finds the start of bucket h by a sample (where every 64th
 * bucket starts), skips the zeros up to bucket h, and compares the low bits
 * of that bucket's keys: three or four cache lines, whatever n is.
 *
 * The arrays live in memory the set owns (built here) or borrows (a mapped
 * index file, eliasfano_view).
 */
#ifndef LK_ELIASFANO_H
#define LK_ELIASFANO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Buckets between two samples. */
#define EF_SAMPLE_EVERY 64

typedef struct eliasfano {
	uint64_t n;		/* keys */
	uint64_t base;		/* the smallest key (0 when n is 0) */
	uint64_t nbuckets;	/* (largest - base) >> l, plus 1 */
	unsigned l;		/* low bits a key, 0..63 */
	/* Sizes in 64-bit words (each array has one word of padding, so
	 * that a read of two words never leaves it): */
	uint64_t nlow, nhigh, nsample;
	const uint64_t *low, *high, *sample;
	bool owns;		/* the arrays are the set's (built here) */
} eliasfano;

/* eliasfano_words: the sizes of the three arrays of a set of n keys with
 * low bits l and nbuckets buckets. */
void eliasfano_words(uint64_t n, unsigned l, uint64_t nbuckets,
    uint64_t *nlow, uint64_t *nhigh, uint64_t *nsample);

/* eliasfano_lowbits: the l that makes a set of n keys spanning span + 1
 * values (largest - smallest) smallest. */
unsigned eliasfano_lowbits(uint64_t n, uint64_t span);

/*
 * Building: keys must come ascending and distinct, between base and
 * base + span, at most nmax of them (fewer is fine: the sizes follow the
 * keys given).  l is chosen for nmax.  eliasfano_build_end leaves the set
 * in *ef (its memory then owned by it) and frees b.
 */
typedef struct eliasfano_builder eliasfano_builder;
eliasfano_builder *eliasfano_build(uint64_t nmax, uint64_t base,
    uint64_t span);
void eliasfano_add(eliasfano_builder *b, uint64_t key);
void eliasfano_build_end(eliasfano_builder *b, eliasfano *ef);

/*
 * eliasfano_view: a set over arrays someone else keeps (a mapped file).
 * Checks that the sizes agree with n, l and nbuckets and that the high
 * bits hold n ones and nbuckets zeros, and the samples where buckets start
 * (so that no lookup can leave the arrays).  Returns 0, or -1 when they do
 * not agree.
 */
int eliasfano_view(eliasfano *ef, uint64_t n, uint64_t base,
    uint64_t nbuckets, unsigned l, const uint64_t *low, uint64_t nlow,
    const uint64_t *high, uint64_t nhigh, const uint64_t *sample,
    uint64_t nsample);

void eliasfano_free(eliasfano *ef);

/* eliasfano_has: key is in the set. */
bool eliasfano_has(const eliasfano *ef, uint64_t key);

/* eliasfano_has_many: found[i] = key[i] is in the set, for i < n: the same
 * answers as eliasfano_has, several lookups in flight at once (the memory
 * they touch is prefetched in rounds), which is faster on a large set. */
void eliasfano_has_many(const eliasfano *ef, const uint64_t *key, size_t n,
    bool *found);

/* Iterating, ascending: it = eliasfano_iter(ef); while (eliasfano_next(ef,
 * &it, &key)) ... */
typedef struct eliasfano_iter {
	uint64_t i, pos;	/* the next key's index and high bit */
} eliasfano_iter;
eliasfano_iter eliasfano_iter_start(const eliasfano *ef);
bool eliasfano_next(const eliasfano *ef, eliasfano_iter *it, uint64_t *key);

#endif
