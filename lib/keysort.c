/* keysort.c - 64-bit keys sorted in runs, merged from a spool */
#include "keysort.h"

#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "spool.h"
#include "xmem.h"

/* Bits a radix pass sorts by: 2048 buckets fit the first-level cache. */
#define RADIX_BITS 11
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)
/* Keys read back from a run at a time, when merging. */
#define READ_KEYS (32u << 10)

typedef struct run {
	uint64_t off, n;	/* in the spool: where, how many keys */
	uint64_t done;		/* keys read so far */
	sbuf buf;		/* keys read and not yet taken */
	size_t at;		/* the next one in buf, in keys */
} run;

struct keysort {
	uint64_t *keys, *tmp;	/* the run being gathered */
	uint64_t n, cap;	/* keys in it, room (grows to KEYSORT_RUN) */
	uint64_t nmax, min, max, total;
	spool *sp;
	run *runs;
	size_t nruns;
	/* merging: a heap of the runs that have keys left, by their next */
	struct head { uint64_t key; size_t run; } *heap;
	size_t nheap;
	bool started;
	uint64_t last;		/* the key given last */
	uint64_t pos;		/* one run in memory: the next key in keys */
};

keysort *
keysort_new(void)
{
	return xcalloc(1, sizeof(keysort));
}

void
keysort_free(keysort *ks)
{
	if (ks == NULL)
		return;
	for (size_t i = 0; i < ks->nruns; i++)
		sbuf_free(&ks->runs[i].buf);
	free(ks->runs);
	free(ks->heap);
	free(ks->keys);
	free(ks->tmp);
	spool_free(ks->sp);
	free(ks);
}

uint64_t
keysort_sort(uint64_t *a, uint64_t *tmp, uint64_t n)
{
	/* one list is compiled at a time: static, and not thread-safe */
	static uint64_t count[RADIX_PASSES][1u << RADIX_BITS];
	const uint64_t mask = (1u << RADIX_BITS) - 1;
	uint64_t *in = a, *out = tmp;

	if (n == 0)
		return 0;
	memset(count, 0, sizeof count);
	for (uint64_t i = 0; i < n; i++)
		for (unsigned p = 0; p < RADIX_PASSES; p++)
			count[p][a[i] >> (p * RADIX_BITS) & mask]++;
	for (unsigned p = 0; p < RADIX_PASSES; p++) {
		unsigned shift = p * RADIX_BITS;
		uint64_t *c = count[p], sum = 0;
		if (c[in[0] >> shift & mask] == n)
			continue;	/* every key has this digit alike */
		for (uint64_t d = 0; d <= mask; d++) {
			uint64_t k = c[d];
			c[d] = sum;
			sum += k;
		}
		for (uint64_t i = 0; i < n; i++)
			out[c[in[i] >> shift & mask]++] = in[i];
		uint64_t *t = in;
		in = out;
		out = t;
	}
	/* repeats dropped on the way back into a */
	uint64_t m = 1;
	a[0] = in[0];
	for (uint64_t i = 1; i < n; i++)
		if (in[i] != a[m - 1])
			a[m++] = in[i];
	return m;
}

/* spill: sort the keys gathered and set them aside as a run. */
static void
spill(keysort *ks)
{
	if (ks->tmp == NULL)
		ks->tmp = xreallocarray(NULL, KEYSORT_RUN, sizeof *ks->tmp);
	uint64_t m = keysort_sort(ks->keys, ks->tmp, ks->n);
	if (ks->sp == NULL)
		ks->sp = spool_new();
	ks->runs = xreallocarray(ks->runs, ks->nruns + 1, sizeof *ks->runs);
	ks->runs[ks->nruns++] = (run){ .off = spool_put(ks->sp,
	    (const char *)ks->keys, m * sizeof *ks->keys), .n = m,
	    .buf = SBUF_INIT };
	ks->nmax += m;
	ks->n = 0;
}

void
keysort_add(keysort *ks, uint64_t key)
{
	if (ks->total == 0 || key < ks->min)
		ks->min = key;
	if (ks->total == 0 || key > ks->max)
		ks->max = key;
	ks->total++;
	if (ks->n == KEYSORT_RUN)
		spill(ks);
	if (ks->n == ks->cap) {
		ks->cap = ks->cap == 0 ? 4096 : 2 * ks->cap;
		ks->keys = xreallocarray(ks->keys, ks->cap, sizeof *ks->keys);
	}
	ks->keys[ks->n++] = key;
}

/* fetch: the next key of run i into *key; false when it has none. */
static bool
fetch(keysort *ks, size_t i, uint64_t *key)
{
	run *r = &ks->runs[i];

	if (r->at * sizeof *key == r->buf.n) {
		if (r->done == r->n)
			return false;
		uint64_t k = r->n - r->done < READ_KEYS ? r->n - r->done :
		    READ_KEYS;
		spool_get(ks->sp, r->off + r->done * sizeof *key,
		    k * sizeof *key, &r->buf);
		r->done += k;
		r->at = 0;
	}
	memcpy(key, r->buf.p + r->at++ * sizeof *key, sizeof *key);
	return true;
}

/* sift: restore the heap order below slot i. */
static void
sift(keysort *ks, size_t i)
{
	struct head *h = ks->heap, t;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= ks->nheap)
			return;
		if (c + 1 < ks->nheap && h[c + 1].key < h[c].key)
			c++;
		if (h[i].key <= h[c].key)
			return;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

void
keysort_end(keysort *ks, uint64_t *nmax, uint64_t *min, uint64_t *max)
{
	if (ks->nruns == 0) {
		/* one run: sorted in place, read from memory */
		ks->tmp = xreallocarray(NULL, ks->n, sizeof *ks->tmp);
		ks->nmax = ks->n = keysort_sort(ks->keys, ks->tmp, ks->n);
	} else {
		if (ks->n > 0)
			spill(ks);
		free(ks->keys);
		ks->keys = NULL;
		ks->heap = xcalloc(ks->nruns, sizeof *ks->heap);
		for (size_t i = 0; i < ks->nruns; i++)
			if (fetch(ks, i, &ks->heap[ks->nheap].key))
				ks->heap[ks->nheap++].run = i;
		for (size_t i = ks->nheap; i-- > 0;)
			sift(ks, i);
	}
	free(ks->tmp);
	ks->tmp = NULL;
	*nmax = ks->nmax;
	*min = ks->min;
	*max = ks->max;
}

bool
keysort_next(keysort *ks, uint64_t *key)
{
	if (ks->nruns == 0) {
		if (ks->pos == ks->n)
			return false;
		*key = ks->keys[ks->pos++];
		return true;
	}
	while (ks->nheap > 0) {
		uint64_t k = ks->heap[0].key;
		if (!fetch(ks, ks->heap[0].run, &ks->heap[0].key))
			ks->heap[0] = ks->heap[--ks->nheap];
		sift(ks, 0);
		if (ks->started && k == ks->last)
			continue;	/* in two runs */
		ks->started = true;
		ks->last = k;
		*key = k;
		return true;
	}
	return false;
}
