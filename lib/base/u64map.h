/* u64map.h - a hash map from 64-bit keys to 32-bit values
 *
 * For tables keyed by the hash of a string rather than the string (the
 * block index, the counts of values): the caller hashes with u64map_key,
 * which mixes in a kind so that "smith" as a name and as a city are two
 * keys, and never gives 0, the mark of an empty slot.  Open addressing,
 * linear probing, at most 3/4 full: 16 bytes a slot.
 */
#ifndef LK_U64MAP_H
#define LK_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct u64map u64map;

u64map *u64map_new(void);
void u64map_free(u64map *m);

/* u64map_key: the key of s[0..n) of kind k (not 0). */
uint64_t u64map_key(size_t k, const char *s, size_t n);

/* u64map_put: the value of key, to read or write; a new key's is 0 and
 * *fresh (if not NULL) says so.  Valid until the next put. */
uint32_t *u64map_put(u64map *m, uint64_t key, bool *fresh);
/* u64map_prefetch: start loading where key goes, so that puts and gets
 * of several keys wait for memory together, not one after another.  A
 * hint: puts in between (which may grow the map) make it useless, not
 * wrong. */
void u64map_prefetch(const u64map *m, uint64_t key);
/* u64map_get: the value of key, or dflt when it has none. */
uint32_t u64map_get(const u64map *m, uint64_t key, uint32_t dflt);

#endif
