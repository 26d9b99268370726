/* strmap.c - a hash map from strings to pointers */
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/strset.h"
#include "base/xmem.h"

struct entry {
	char *key;
	size_t n;
	unsigned long long h;
	void *val;
};

struct strmap {
	struct entry *e;
	size_t cap;	/* power of two, at most half full */
	size_t count;
};

strmap *
strmap_new(void)
{
	strmap *m = xcalloc(1, sizeof *m);

	m->cap = 64;
	m->e = xcalloc(m->cap, sizeof *m->e);
	return m;
}

void
strmap_free(strmap *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->e[i].key);
	free(m->e);
	free(m);
}

static struct entry *
find(const strmap *m, const char *key, size_t n, unsigned long long h)
{
	size_t mask = m->cap - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct entry *e = &m->e[i];
		if (e->key == NULL ||
		    (e->h == h && e->n == n && memcmp(e->key, key, n) == 0))
			return e;
	}
}

void
strmap_put(strmap *m, const char *key, size_t n, void *val)
{
	unsigned long long h = strset_table_hash(key, n);
	struct entry *e = find(m, key, n, h);

	if (e->key != NULL) {
		e->val = val;
		return;
	}
	e->key = xstrndup(key, n);
	e->n = n;
	e->h = h;
	e->val = val;
	if (++m->count * 2 <= m->cap)
		return;
	struct entry *old = m->e;
	size_t oldcap = m->cap;
	m->cap *= 2;
	m->e = xcalloc(m->cap, sizeof *m->e);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].n, old[i].h) = old[i];
	free(old);
}

bool
strmap_get(const strmap *m, const char *key, size_t n, void **val)
{
	struct entry *e = find(m, key, n, strset_table_hash(key, n));

	if (e->key == NULL)
		return false;
	if (val != NULL)
		*val = e->val;
	return true;
}
