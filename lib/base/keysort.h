/* keysort.h - any number of 64-bit keys, sorted and made unique in bounded
 * memory
 *
 * Keys are gathered in runs of KEYSORT_RUN keys (128 MB, and as much again
 * while a run is sorted).  A full run is radix-sorted, its repeats dropped,
 * and set aside in a spool (an unlinked temporary file); at the end the
 * runs are merged.  A list that fits one run never touches the disk.
 * 253 million phone numbers are 16 runs: 2 GB of temporary file.
 */
#ifndef LK_KEYSORT_H
#define LK_KEYSORT_H

#include <stdbool.h>
#include <stdint.h>

#define KEYSORT_RUN (16u << 20)

typedef struct keysort keysort;

keysort *keysort_new(void);
void keysort_free(keysort *ks);

void keysort_add(keysort *ks, uint64_t key);

/* keysort_end: no more keys.  *nmax gets an upper bound of the distinct
 * keys (exact when they fit one run), *min and *max the smallest and
 * largest (both 0 when there are none). */
void keysort_end(keysort *ks, uint64_t *nmax, uint64_t *min, uint64_t *max);

/* keysort_next: after keysort_end, the keys ascending, each once: true
 * and the key in *key, or false at the end. */
bool keysort_next(keysort *ks, uint64_t *key);

/* keysort_sort: sort a[0..n) in place, with tmp[0..n) as scratch; returns
 * the number of distinct keys, which are then in a[0..that). */
uint64_t keysort_sort(uint64_t *a, uint64_t *tmp, uint64_t n);

#endif
