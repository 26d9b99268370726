/* varint.h - unsigned numbers as LEB128: 7 bits a byte, low first, the
 * high bit set on every byte but the last (keysort's runs of keys,
 * recpack's lengths)
 */
#ifndef LK_VARINT_H
#define LK_VARINT_H

#include <stdbool.h>
#include <stdint.h>

/* The longest varint: 64 bits in 7-bit groups. */
#define VARINT_MAX 10

/* varint_put: v at p; returns where it ends. */
static inline unsigned char *
varint_put(unsigned char *p, uint64_t v)
{
	for (; v >= 0x80; v >>= 7)
		*p++ = (unsigned char)(v | 0x80);
	*p++ = (unsigned char)v;
	return p;
}

/* varint_get: the number at *p, before end, in *v, *p moved past it;
 * false when it is cut short or has more than bits bits (rounded up to a
 * whole byte's 7). */
static inline bool
varint_get(const unsigned char **p, const unsigned char *end, unsigned bits,
    uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned shift = 0; *p < end && shift < bits; shift += 7) {
		unsigned char c = *(*p)++;
		x |= (uint64_t)(c & 0x7f) << shift;
		if ((c & 0x80) == 0) {
			*v = x;
			return true;
		}
	}
	return false;
}

#endif
