/* blocks.h - the block index: which earlier records share a block key
 *
 * Records are numbered 0, 1, 2... in the order they are added.  Each key
 * of each kind (a block statement) maps to the chain of records that had
 * it, newest first, so a new record finds its candidates by walking the
 * chains of its keys:
 *
 *	for (c = blocks_add(b, k, key, n, id); c != BLOCKS_NONE;
 *	    c = blocks_next(b, k, c))
 *		... compare id with c ...
 *
 * Keys are kept as 64-bit hashes, not text: two keys with one hash (about
 * one pair in 10^10 among a million keys) only make a spurious candidate,
 * which the comparison then weighs like any other.  Memory: 12 bytes a
 * slot of the table (at most 3/4 full) and 4 bytes a record and kind.
 */
#ifndef LK_BLOCKS_H
#define LK_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#define BLOCKS_NONE UINT32_MAX

typedef struct blocks blocks;

/* blocks_new: an empty index for nkinds kinds of key. */
blocks *blocks_new(size_t nkinds);
void blocks_free(blocks *b);

/* blocks_add: record id (the next number: ids come in order, none
 * skipped, each added once per kind at most) has key s[0..n) of kind k.
 * Returns the newest earlier record with that key, or BLOCKS_NONE. */
uint32_t blocks_add(blocks *b, size_t k, const char *s, size_t n,
    uint32_t id);
/* blocks_next: the record before id in its chain of kind k, or
 * BLOCKS_NONE. */
uint32_t blocks_next(const blocks *b, size_t k, uint32_t id);

#endif
