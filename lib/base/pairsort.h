/* pairsort.h - (64-bit key, 32-bit value) pairs sorted by key, stably
 *
 * For grouping records by the hash of a key (lead-dedupe's blocks): pairs
 * gathered in record order come out grouped by key, each group still in
 * record order.  A least-significant-digit radix sort: linear time, a few
 * sequential passes over memory instead of one random access a pair into
 * a hash table.
 */
#ifndef LK_PAIRSORT_H
#define LK_PAIRSORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct pairsort_item {
	uint64_t key;
	uint32_t val;
} pairsort_item;

/* pairsort: sort a[0..n) by key, pairs with equal keys keeping their
 * order; tmp[0..n) is scratch.  Thread-safe. */
void pairsort(pairsort_item *a, pairsort_item *tmp, size_t n);

#endif
