/* blocks.h - the block index: which earlier records share a block key
 *
 * Records are numbered 0, 1, 2... in the order they are added.  Each
 * record's keys are gathered as they come (blocks_add); once every record
 * is in, blocks_end links each key of each kind (a block statement) to the
 * chain of records that had it, newest first, so that a record finds its
 * candidates by walking the chains of its keys:
 *
 *	for (c = blocks_next(b, k, id); c != BLOCKS_NONE;
 *	    c = blocks_next(b, k, c))
 *		... compare id with c ...
 *
 * Keys are kept as 64-bit hashes, not text: two keys with one hash (about
 * one pair in 10^10 among a million keys) only make a spurious candidate,
 * which the comparison then weighs like any other.  They are grouped by
 * sorting (pairsort.h), not in a hash table: a few passes over memory in
 * order rather than a cache miss a key.  Memory: 16 bytes a key while
 * gathering (and as much again for one kind while it is sorted), then 4
 * bytes a record and kind.
 */
#ifndef LK_BLOCKS_H
#define LK_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#include "base/pairsort.h"

#define BLOCKS_NONE UINT32_MAX

typedef struct blocks blocks;

/* blocks_new: an empty index for nkinds kinds of key. */
blocks *blocks_new(size_t nkinds);
void blocks_free(blocks *b);

/* blocks_key: the hash of key s[0..n), as kept. */
uint64_t blocks_key(const char *s, size_t n);
/* blocks_add: record id has the key of kind k whose hash is key (ids come
 * in order, each added once per kind at most). */
void blocks_add(blocks *b, size_t k, uint64_t key, uint32_t id);
/* blocks_gathered: before blocks_end, the keys of kind k added so far,
 * in the order added (the key, the record); *n gets how many. */
const pairsort_item *blocks_gathered(const blocks *b, size_t k, size_t *n);
/* blocks_end: every record is in (their ids below nrec): link the chains.
 * No record may be added after. */
void blocks_end(blocks *b, size_t nrec);
/* blocks_next: after blocks_end, the newest record before id with id's
 * key of kind k, or BLOCKS_NONE. */
uint32_t blocks_next(const blocks *b, size_t k, uint32_t id);

#endif
