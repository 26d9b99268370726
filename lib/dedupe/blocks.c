/* blocks.c - the block index: hashed keys to chains of record numbers */
#include "dedupe/blocks.h"

#include <stdlib.h>

#include "base/u64map.h"
#include "base/xmem.h"

struct blocks {
	size_t nkinds;
	u64map *heads;		/* key: the newest record with it */
	uint32_t **next;	/* [kind][record]: the previous in its chain */
	size_t reccap;		/* records the next arrays have room for */
};

blocks *
blocks_new(size_t nkinds)
{
	blocks *b = xcalloc(1, sizeof *b);

	b->nkinds = nkinds;
	b->heads = u64map_new();
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
	u64map_free(b->heads);
	free(b);
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
	bool fresh;
	uint32_t *head = u64map_put(b->heads, u64map_key(k, s, n), &fresh);
	uint32_t prev = fresh ? BLOCKS_NONE : *head;

	room(b, id);
	*head = id;
	b->next[k][id] = prev;
	return prev;
}

uint32_t
blocks_next(const blocks *b, size_t k, uint32_t id)
{
	return id < b->reccap ? b->next[k][id] : BLOCKS_NONE;
}
