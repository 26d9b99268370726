/* swar.h - byte scans a word (eight bytes) at a time */
#ifndef LEADKIT_SWAR_H
#define LEADKIT_SWAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Byte classes of a word ("Bit Twiddling Hacks": haszero, hasless).  A
 * mask returns the high bit of every flagged byte of the little-endian
 * word w.  A borrow can flag a byte above a flagged one by mistake, never
 * below it, so the lowest flag (count trailing zeros / 8) is exact; a
 * word with no byte of the class gets 0.
 */
#define SWAR_ONES 0x0101010101010101ULL
#define SWAR_HIGH (SWAR_ONES << 7)

/* swar_below: the bytes below c (c at most 0x80). */
static inline uint64_t
swar_below(uint64_t w, unsigned char c)
{
	return (w - SWAR_ONES * c) & ~w & SWAR_HIGH;
}

/* swar_equal: the bytes equal to c. */
static inline uint64_t
swar_equal(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (SWAR_ONES * c);

	return (x - SWAR_ONES) & ~x & SWAR_HIGH;
}

/* swar_load: the eight bytes at p as a little-endian word. */
static inline uint64_t
swar_load(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* swar_load_rest: the k (below 8) bytes at p as the low bytes of a word
 * whose other bytes are 'a'; in registers, as a store and a wider load
 * would stall. */
static inline uint64_t
swar_load_rest(const unsigned char *p, size_t k)
{
	uint64_t w = 0;
	unsigned sh = 0;

	if (k & 4) {
		uint32_t x;
		memcpy(&x, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap32(x);
#endif
		w = x;
		sh = 32;
		p += 4;
	}
	if (k & 2) {
		uint16_t x;
		memcpy(&x, p, 2);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap16(x);
#endif
		w |= (uint64_t)x << sh;
		sh += 16;
		p += 2;
	}
	if (k & 1) {
		w |= (uint64_t)*p << sh;
		sh += 8;
	}
	return w | (SWAR_ONES * 'a') << sh;
}

/* swar_skip: from i, the first byte of s[0..n) that mask() flags, or n.
 * A rest shorter than a word is read padded with 'a', which a mask must
 * not flag. */
static inline size_t
swar_skip(const unsigned char *s, size_t i, size_t n,
    uint64_t (*mask)(uint64_t))
{
	uint64_t m;

	for (; i + 8 <= n; i += 8)
		if ((m = mask(swar_load(s + i))) != 0)
			return i + (size_t)__builtin_ctzll(m) / 8;
	if (i < n && (m = mask(swar_load_rest(s + i, n - i))) != 0)
		return i + (size_t)__builtin_ctzll(m) / 8;
	return n;
}

#endif
