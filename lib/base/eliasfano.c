/* eliasfano.c - a sorted set of 64-bit keys, Elias-Fano coded */
#include "base/eliasfano.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

/* Lookups count bits: on x86-64 the functions that do come in two builds,
 * one with the POPCNT instruction (chosen at load time when the processor
 * has it, as every one since 2008 does) and one without.  Not with clang:
 * its target_clones (14) in C leaves the plain name undefined at link. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EF_POPCNT __attribute__((target_clones("popcnt", "default")))
#else
#define EF_POPCNT
#endif

struct eliasfano_builder {
	eliasfano ef;		/* n counts the keys added */
	uint64_t *low, *high, *sample;
	uint64_t nmax, next_sample;
};

void
eliasfano_words(uint64_t n, unsigned l, uint64_t nbuckets, uint64_t *nlow,
    uint64_t *nhigh, uint64_t *nsample)
{
	*nlow = (n * l + 63) / 64 + 1;
	*nhigh = (n + nbuckets + 63) / 64 + 1;
	*nsample = (nbuckets + EF_SAMPLE_EVERY - 1) / EF_SAMPLE_EVERY + 1;
}

unsigned
eliasfano_lowbits(uint64_t n, uint64_t span)
{
	unsigned best = 0;
	double bestsize = -1;

	for (unsigned l = 0; l < 64; l++) {
		if ((span >> l) == UINT64_MAX)
			continue;	/* more buckets than a count holds */
		double nb = (double)(span >> l) + 1;
		double size = (double)n * (l + 1) + nb +
		    64.0 * (nb / EF_SAMPLE_EVERY + 1);
		if (bestsize < 0 || size < bestsize) {
			best = l;
			bestsize = size;
		}
	}
	return best;
}

eliasfano_builder *
eliasfano_build(uint64_t nmax, uint64_t base, uint64_t span)
{
	eliasfano_builder *b = xcalloc(1, sizeof *b);
	eliasfano *ef = &b->ef;

	ef->base = base;
	ef->l = eliasfano_lowbits(nmax, span);
	ef->nbuckets = (span >> ef->l) + 1;
	eliasfano_words(nmax, ef->l, ef->nbuckets, &ef->nlow, &ef->nhigh,
	    &ef->nsample);
	b->nmax = nmax;
	b->low = xcalloc(ef->nlow, sizeof *b->low);
	b->high = xcalloc(ef->nhigh, sizeof *b->high);
	b->sample = xcalloc(ef->nsample, sizeof *b->sample);
	return b;
}

void
eliasfano_add(eliasfano_builder *b, uint64_t key)
{
	eliasfano *ef = &b->ef;
	uint64_t v = key - ef->base, h = v >> ef->l, i = ef->n++;

	/* buckets up to h that start a sample start here: after i keys */
	while (b->next_sample * EF_SAMPLE_EVERY <= h) {
		b->sample[b->next_sample] = b->next_sample * EF_SAMPLE_EVERY +
		    i;
		b->next_sample++;
	}
	if (ef->l > 0) {
		uint64_t bit = i * ef->l, lo = v & ((1ULL << ef->l) - 1);
		unsigned sh = bit & 63;
		b->low[bit >> 6] |= lo << sh;
		if (sh + ef->l > 64)
			b->low[(bit >> 6) + 1] |= lo >> (64 - sh);
	}
	b->high[(i + h) >> 6] |= 1ULL << ((i + h) & 63);
}

void
eliasfano_build_end(eliasfano_builder *b, eliasfano *ef)
{
	*ef = b->ef;
	while (b->next_sample * EF_SAMPLE_EVERY < ef->nbuckets) {
		b->sample[b->next_sample] = b->next_sample * EF_SAMPLE_EVERY +
		    ef->n;
		b->next_sample++;
	}
	/* fewer keys than nmax: the arrays shrink to the sizes of n */
	eliasfano_words(ef->n, ef->l, ef->nbuckets, &ef->nlow, &ef->nhigh,
	    &ef->nsample);
	ef->low = xreallocarray(b->low, ef->nlow, sizeof *b->low);
	ef->high = xreallocarray(b->high, ef->nhigh, sizeof *b->high);
	ef->sample = b->sample;
	ef->owns = true;
	free(b);
}

void
eliasfano_free(eliasfano *ef)
{
	if (ef == NULL || !ef->owns)
		return;
	free((void *)ef->low);
	free((void *)ef->high);
	free((void *)ef->sample);
	ef->owns = false;
}

/* select_in_byte[b][k]: the position of the k-th set bit of the byte b
 * (8 when b has no such bit); filled before main() runs. */
static unsigned char select_in_byte[256][8];

__attribute__((constructor)) static void
fill_select_in_byte(void)
{
	for (unsigned b = 0; b < 256; b++)
		for (unsigned k = 0; k < 8; k++) {
			select_in_byte[b][k] = 8;
			for (unsigned i = 0, seen = 0; i < 8; i++)
				if (b >> i & 1 && seen++ == k)
					select_in_byte[b][k] = (unsigned char)i;
		}
}

/* select1: the position of the k-th set bit (k >= 0) of x, which has more
 * than k.  Broadword: the bytes' running popcounts say which byte holds it
 * (Vigna, "Broadword implementation of rank/select queries", 2008), a
 * table where in the byte. */
static inline unsigned
select1(uint64_t x, unsigned k)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t s = x - (x >> 1 & 0x5555555555555555ULL);

	s = (s & 0x3333333333333333ULL) + (s >> 2 & 0x3333333333333333ULL);
	s = ((s + (s >> 4)) & 0x0f0f0f0f0f0f0f0fULL) * ones;
	/* bytes whose running count is <= k: the byte of the bit */
	unsigned byte = (unsigned)__builtin_popcountll(((k * ones | high) - s) &
	    high);
	unsigned before = (unsigned)((s << 8) >> (8 * byte) & 0xff);
	return 8 * byte + select_in_byte[x >> (8 * byte) & 0xff][k - before];
}

/* skip_zeros: the position just after the k-th zero (k >= 1) of the high
 * bits at or after pos. */
static inline uint64_t
skip_zeros(const uint64_t *high, uint64_t pos, uint64_t k)
{
	uint64_t w = pos >> 6;
	uint64_t z = ~high[w] & (~0ULL << (pos & 63));
	unsigned c;

	while ((c = (unsigned)__builtin_popcountll(z)) < k) {
		k -= c;
		z = ~high[++w];
	}
	return (w << 6) + select1(z, (unsigned)k - 1) + 1;
}

/* low_at: the low bits of key i.  Two words are read whether the bits
 * straddle them or not (the array has a word of padding): no branch. */
static inline uint64_t
low_at(const eliasfano *ef, uint64_t i)
{
	if (ef->l == 0)
		return 0;	/* and low holds one word: none to read */
	uint64_t bit = i * ef->l, w = bit >> 6;
	unsigned sh = bit & 63;
	uint64_t v = ef->low[w] >> sh | (ef->low[w + 1] << 1) << (63 - sh);

	return v & ((1ULL << ef->l) - 1);
}

static inline bool
bit_at(const uint64_t *a, uint64_t pos)
{
	return a[pos >> 6] >> (pos & 63) & 1;
}

/* scan: bucket h starts at high bit pos: does it hold the low bits lo? */
static inline bool
scan(const eliasfano *ef, uint64_t pos, uint64_t h, uint64_t lo)
{
	for (uint64_t i = pos - h; bit_at(ef->high, pos); pos++, i++) {
		uint64_t x = low_at(ef, i);
		if (x >= lo)
			return x == lo;
	}
	return false;
}

/* bucket: the bucket of key, or false when it lies outside the set. */
static inline bool
bucket(const eliasfano *ef, uint64_t key, uint64_t *h, uint64_t *lo)
{
	if (ef->n == 0 || key < ef->base)
		return false;
	uint64_t v = key - ef->base;
	*h = v >> ef->l;
	*lo = ef->l > 0 ? v & ((1ULL << ef->l) - 1) : 0;
	return *h < ef->nbuckets;
}

static inline uint64_t
bucket_start(const eliasfano *ef, uint64_t h)
{
	uint64_t pos = ef->sample[h / EF_SAMPLE_EVERY];
	uint64_t k = h % EF_SAMPLE_EVERY;

	return k == 0 ? pos : skip_zeros(ef->high, pos, k);
}

EF_POPCNT bool
eliasfano_has(const eliasfano *ef, uint64_t key)
{
	uint64_t h, lo;

	if (!bucket(ef, key, &h, &lo))
		return false;
	return scan(ef, bucket_start(ef, h), h, lo);
}

/* Lookups in flight at once in eliasfano_has_many. */
#define EF_BATCH 32

EF_POPCNT void
eliasfano_has_many(const eliasfano *ef, const uint64_t *key, size_t n,
    bool *found)
{
	uint64_t h[EF_BATCH], lo[EF_BATCH], pos[EF_BATCH];
	bool in[EF_BATCH];

	for (size_t at = 0; at < n; at += EF_BATCH) {
		size_t m = n - at < EF_BATCH ? n - at : EF_BATCH;
		/* each round touches one more array: its lines are fetched
		 * for every key before any is read */
		for (size_t j = 0; j < m; j++)
			if ((in[j] = bucket(ef, key[at + j], &h[j], &lo[j])))
				__builtin_prefetch(&ef->sample[h[j] /
				    EF_SAMPLE_EVERY]);
		for (size_t j = 0; j < m; j++)
			if (in[j]) {
				pos[j] = ef->sample[h[j] / EF_SAMPLE_EVERY];
				__builtin_prefetch(&ef->high[pos[j] >> 6]);
				__builtin_prefetch(&ef->high[(pos[j] >> 6) +
				    8]);
			}
		for (size_t j = 0; j < m; j++)
			if (in[j]) {
				pos[j] = bucket_start(ef, h[j]);
				__builtin_prefetch(&ef->low[(pos[j] - h[j]) *
				    ef->l >> 6]);
			}
		for (size_t j = 0; j < m; j++)
			found[at + j] = in[j] && scan(ef, pos[j], h[j], lo[j]);
	}
}

eliasfano_iter
eliasfano_iter_start(const eliasfano *ef)
{
	(void)ef;
	return (eliasfano_iter){ 0, 0 };
}

bool
eliasfano_next(const eliasfano *ef, eliasfano_iter *it, uint64_t *key)
{
	if (it->i >= ef->n)
		return false;
	uint64_t w = it->pos >> 6;
	uint64_t ones = ef->high[w] & (~0ULL << (it->pos & 63));

	while (ones == 0)
		ones = ef->high[++w];
	it->pos = (w << 6) + (uint64_t)__builtin_ctzll(ones);
	*key = ef->base + ((it->pos - it->i) << ef->l | low_at(ef, it->i));
	it->pos++;
	it->i++;
	return true;
}

EF_POPCNT int
eliasfano_view(eliasfano *ef, uint64_t n, uint64_t base, uint64_t nbuckets,
    unsigned l, const uint64_t *low, uint64_t nlow, const uint64_t *high,
    uint64_t nhigh, const uint64_t *sample, uint64_t nsample)
{
	uint64_t wl, wh, ws;

	if (l > 63 || nbuckets == 0 || n > UINT64_MAX / 64 ||
	    nbuckets > UINT64_MAX - n - 64)
		return -1;
	eliasfano_words(n, l, nbuckets, &wl, &wh, &ws);
	if (wl != nlow || wh != nhigh || ws != nsample)
		return -1;
	/* the high bits: n ones and nbuckets zeros, then nothing; each
	 * sample where its bucket starts: after k * S zeros */
	uint64_t nbits = n + nbuckets, ones = 0, zeros = 0, k = 1;
	if (sample[0] != 0 || sample[nsample - 1] != 0)
		return -1;
	for (uint64_t w = 0; w < nhigh; w++) {
		uint64_t valid = w * 64 >= nbits ? 0 : nbits - w * 64 >= 64 ?
		    ~0ULL : (1ULL << (nbits - w * 64)) - 1;
		if (high[w] & ~valid)
			return -1;
		uint64_t c = (uint64_t)__builtin_popcountll(~high[w] & valid);
		for (; k < nsample - 1 && k * EF_SAMPLE_EVERY <= zeros + c; k++)
			if (sample[k] != skip_zeros(high, w * 64,
			    k * EF_SAMPLE_EVERY - zeros))
				return -1;
		ones += (uint64_t)__builtin_popcountll(high[w]);
		zeros += c;
	}
	/* ... and the last bit is the last bucket's 0 */
	if (ones != n || zeros != nbuckets || k != nsample - 1 ||
	    (high[(nbits - 1) >> 6] >> ((nbits - 1) & 63) & 1))
		return -1;
	*ef = (eliasfano){ .n = n, .base = base, .nbuckets = nbuckets,
	    .l = l, .nlow = nlow, .nhigh = nhigh, .nsample = nsample,
	    .low = low, .high = high, .sample = sample };
	return 0;
}
