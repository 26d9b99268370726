/* blocks.c - the block index: hashed keys to chains of record numbers */
#include "blocks.h"

#include <stdlib.h>

#include "strset.h"
#include "xmem.h"

struct blocks {
	size_t nkinds;
	uint64_t *hash;		/* slot: key hash, 0 = empty */
	uint32_t *head;		/* slot: newest record with the key */
	size_t cap, used;	/* slots (a power of 2), slots in use */
	uint32_t **next;	/* [kind][record]: the previous in its chain */
	size_t nrec, reccap;	/* records the next arrays have room for */
};

blocks *
blocks_new(size_t nkinds)
{
	blocks *b = xcalloc(1, sizeof *b);

	b->nkinds = nkinds;
	b->cap = 1024;
	b->hash = xcalloc(b->cap, sizeof *b->hash);
	b->head = xcalloc(b->cap, sizeof *b->head);
	b->next = xcalloc(nkinds, sizeof *b->next);
	return b;
}

void
blocks_free(blocks *b)
{
	if (b == NULL)
		return;
	for (size_t k = 0; k < b->nkinds; k++)
		free(b->next[k]);
	free(b->next);
	free(b->hash);
	free(b->head);
	free(b);
}

/* slot_of: the slot holding h, or the empty one where it would go. */
static size_t
slot_of(const blocks *b, uint64_t h)
{
	size_t i = (size_t)h & (b->cap - 1);

	while (b->hash[i] != 0 && b->hash[i] != h)
		i = (i + 1) & (b->cap - 1);
	return i;
}

static void
grow_table(blocks *b)
{
	uint64_t *oh = b->hash;
	uint32_t *ohead = b->head;
	size_t ocap = b->cap;

	b->cap *= 2;
	b->hash = xcalloc(b->cap, sizeof *b->hash);
	b->head = xcalloc(b->cap, sizeof *b->head);
	for (size_t i = 0; i < ocap; i++) {
		if (oh[i] == 0)
			continue;
		size_t j = slot_of(b, oh[i]);
		b->hash[j] = oh[i];
		b->head[j] = ohead[i];
	}
	free(oh);
	free(ohead);
}

/* room: the next arrays hold record id. */
static void
room(blocks *b, uint32_t id)
{
	if (id < b->reccap)
		return;
	size_t cap = b->reccap ? b->reccap * 2 : 1024;
	while (cap <= id)
		cap *= 2;
	for (size_t k = 0; k < b->nkinds; k++) {
		b->next[k] = xreallocarray(b->next[k], cap, sizeof **b->next);
		for (size_t i = b->reccap; i < cap; i++)
			b->next[k][i] = BLOCKS_NONE;
	}
	b->reccap = cap;
}

uint32_t
blocks_add(blocks *b, size_t k, const char *s, size_t n, uint32_t id)
{
	/* the kind goes into the hash: "smith" as a name and as a city are
	 * two keys */
	uint64_t h = strset_hash(s, n) ^ ((uint64_t)(k + 1) *
	    0x9e3779b97f4a7c15ULL);

	if (h == 0)
		h = 1;
	room(b, id);
	if ((b->used + 1) * 4 > b->cap * 3)
		grow_table(b);
	size_t i = slot_of(b, h);
	uint32_t prev = BLOCKS_NONE;
	if (b->hash[i] == 0) {
		b->hash[i] = h;
		b->used++;
	} else {
		prev = b->head[i];
	}
	b->head[i] = id;
	b->next[k][id] = prev;
	return prev;
}

uint32_t
blocks_next(const blocks *b, size_t k, uint32_t id)
{
	return id < b->reccap ? b->next[k][id] : BLOCKS_NONE;
}

size_t
blocks_bytes(const blocks *b)
{
	return b->cap * (sizeof *b->hash + sizeof *b->head) +
	    b->nkinds * b->reccap * sizeof **b->next;
}
