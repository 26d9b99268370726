/* blocks.c - the block index: hashed keys sorted into chains of records */
#include "dedupe/blocks.h"

#include <stdlib.h>

#include "base/pairsort.h"
#include "base/strset.h"
#include "base/xmem.h"

/* One kind of key: the (hash, record) pairs gathered, then the chains. */
typedef struct kind {
	pairsort_item *keys;
	size_t n, cap;
	uint32_t *next;		/* [record]: the previous with its key */
} kind;

struct blocks {
	size_t nkinds, nrec;
	kind *k;
};

blocks *
blocks_new(size_t nkinds)
{
	blocks *b = xcalloc(1, sizeof *b);

	b->nkinds = nkinds;
	b->k = xcalloc(nkinds, sizeof *b->k);
	return b;
}

void
blocks_free(blocks *b)
{
	if (b == NULL)
		return;
	for (size_t k = 0; k < b->nkinds; k++) {
		free(b->k[k].keys);
		free(b->k[k].next);
	}
	free(b->k);
	free(b);
}

uint64_t
blocks_key(const char *s, size_t n)
{
	return strset_hash(s, n);
}

void
blocks_add(blocks *b, size_t k, uint64_t key, uint32_t id)
{
	kind *kd = &b->k[k];

	if (kd->n == kd->cap) {
		kd->cap = kd->cap ? kd->cap * 2 : 1024;
		kd->keys = xreallocarray(kd->keys, kd->cap, sizeof *kd->keys);
	}
	kd->keys[kd->n++] = (pairsort_item){ key, id };
}

const pairsort_item *
blocks_gathered(const blocks *b, size_t k, size_t *n)
{
	*n = b->k[k].n;
	return b->k[k].keys;
}

void
blocks_end(blocks *b, size_t nrec)
{
	pairsort_item *tmp = NULL;
	size_t most = 0;

	for (size_t k = 0; k < b->nkinds; k++)
		if (b->k[k].n > most)
			most = b->k[k].n;
	if (most > 0)
		tmp = xreallocarray(NULL, most, sizeof *tmp);
	b->nrec = nrec;
	for (size_t k = 0; k < b->nkinds; k++) {
		kind *kd = &b->k[k];
		kd->next = xreallocarray(NULL, nrec ? nrec : 1,
		    sizeof *kd->next);
		for (size_t i = 0; i < nrec; i++)
			kd->next[i] = BLOCKS_NONE;
		/* records were added in order: each key's group stays so */
		pairsort(kd->keys, tmp, kd->n);
		for (size_t i = 1; i < kd->n; i++)
			if (kd->keys[i].key == kd->keys[i - 1].key)
				kd->next[kd->keys[i].val] = kd->keys[i - 1].val;
		free(kd->keys);
		kd->keys = NULL;
		kd->n = kd->cap = 0;
	}
	free(tmp);
}

uint32_t
blocks_next(const blocks *b, size_t k, uint32_t id)
{
	return id < b->nrec ? b->k[k].next[id] : BLOCKS_NONE;
}
