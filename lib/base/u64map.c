/* u64map.c - a hash map from 64-bit keys to 32-bit values */
#include "base/u64map.h"

#include <stdlib.h>

#include "base/strset.h"
#include "base/xmem.h"

/* A key and its value side by side: a lookup touches one cache line. */
typedef struct u64slot {
	uint64_t key;		/* 0: empty */
	uint32_t val;
} u64slot;

struct u64map {
	u64slot *s;
	size_t cap, used;	/* slots (a power of 2), slots in use */
};

u64map *
u64map_new(void)
{
	u64map *m = xcalloc(1, sizeof *m);

	m->cap = 1024;
	m->s = xcalloc(m->cap, sizeof *m->s);
	return m;
}

void
u64map_free(u64map *m)
{
	if (m == NULL)
		return;
	free(m->s);
	free(m);
}

uint64_t
u64map_key(size_t k, const char *s, size_t n)
{
	uint64_t h = strset_hash(s, n) ^ ((uint64_t)(k + 1) *
	    0x9e3779b97f4a7c15ULL);

	return h != 0 ? h : 1;
}

/* home: where key's probe starts. */
static size_t
home(const u64map *m, uint64_t key)
{
	return (size_t)(key ^ key >> 29) & (m->cap - 1);
}

/* slot: the slot holding key, or the empty one where it would go. */
static size_t
slot(const u64map *m, uint64_t key)
{
	size_t i = home(m, key);

	while (m->s[i].key != 0 && m->s[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
grow(u64map *m)
{
	u64slot *old = m->s;
	size_t ocap = m->cap;

	m->cap *= 2;
	m->s = xcalloc(m->cap, sizeof *m->s);
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key != 0)
			m->s[slot(m, old[i].key)] = old[i];
	free(old);
}

uint32_t *
u64map_put(u64map *m, uint64_t key, bool *fresh)
{
	if ((m->used + 1) * 4 > m->cap * 3)
		grow(m);
	size_t i = slot(m, key);
	bool new = m->s[i].key == 0;
	if (new) {
		m->s[i].key = key;
		m->used++;
	}
	if (fresh != NULL)
		*fresh = new;
	return &m->s[i].val;
}

void
u64map_prefetch(const u64map *m, uint64_t key)
{
	__builtin_prefetch(&m->s[home(m, key)]);
}

uint32_t
u64map_get(const u64map *m, uint64_t key, uint32_t dflt)
{
	size_t i = slot(m, key);

	return m->s[i].key != 0 ? m->s[i].val : dflt;
}
