/* pairsort.c - (64-bit key, 32-bit value) pairs sorted by key, stably */
#include "base/pairsort.h"

#include <string.h>

/* Digits of 11 bits: six passes cover 64 bits, and a pass's counts (16
 * KiB) stay in the first-level cache. */
#define PAIRSORT_BITS 11
#define PAIRSORT_PASSES 6

void
pairsort(pairsort_item *a, pairsort_item *tmp, size_t n)
{
	size_t count[PAIRSORT_PASSES][1u << PAIRSORT_BITS];
	const uint64_t mask = (1u << PAIRSORT_BITS) - 1;
	pairsort_item *in = a, *out = tmp;

	if (n < 2)
		return;
	memset(count, 0, sizeof count);
	for (size_t i = 0; i < n; i++)
		for (unsigned p = 0; p < PAIRSORT_PASSES; p++)
			count[p][a[i].key >> (p * PAIRSORT_BITS) & mask]++;
	for (unsigned p = 0; p < PAIRSORT_PASSES; p++) {
		unsigned shift = p * PAIRSORT_BITS;
		size_t *c = count[p], sum = 0;
		if (c[in[0].key >> shift & mask] == n)
			continue;	/* every key has this digit alike */
		for (size_t d = 0; d <= mask; d++) {
			size_t k = c[d];
			c[d] = sum;
			sum += k;
		}
		for (size_t i = 0; i < n; i++)
			out[c[in[i].key >> shift & mask]++] = in[i];
		pairsort_item *t = in;
		in = out;
		out = t;
	}
	if (in != a)
		memcpy(a, in, n * sizeof *a);
}
