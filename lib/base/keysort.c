/* keysort.c - 64-bit keys sorted in runs, merged from a spool */
#include "base/keysort.h"

#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/sbuf.h"
#include "base/spool.h"
#include "base/varint.h"
#include "base/xmem.h"

/* Bits a radix pass sorts by: 2048 buckets fit the first-level cache. */
#define RADIX_BITS 11
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)
/* Bytes read back from a run at a time, when merging. */
#define READ_BYTES (256u << 10)

/* A run in the spool: its keys ascending, each as the difference from the
 * one before in LEB128 (7 bits a byte, low first, high bit: more), so that
 * 253 million phone numbers take about 2 bytes a key, not 8. */
typedef struct run {
	uint64_t off, len;	/* in the spool: where, how many bytes */
	uint64_t done;		/* bytes read so far */
	uint64_t prev;		/* the key taken last */
	sbuf buf, chunk;	/* bytes read and not yet taken; scratch */
	size_t at;		/* the next one in buf */
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
	for (size_t i = 0; i < ks->nruns; i++) {
		sbuf_free(&ks->runs[i].buf);
		sbuf_free(&ks->runs[i].chunk);
	}
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
	uint64_t *in = a, *out = tmp, min = UINT64_MAX;

	if (n == 0)
		return 0;
	/* sorted relative to the smallest: the high digits are then all 0
	 * and their passes skipped */
	for (uint64_t i = 0; i < n; i++)
		if (a[i] < min)
			min = a[i];
	memset(count, 0, sizeof count);
	for (uint64_t i = 0; i < n; i++) {
		a[i] -= min;
		for (unsigned p = 0; p < RADIX_PASSES; p++)
			count[p][a[i] >> (p * RADIX_BITS) & mask]++;
	}
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
	a[0] = in[0] + min;
	for (uint64_t i = 1; i < n; i++)
		if (in[i] + min != a[m - 1])
			a[m++] = in[i] + min;
	return m;
}

/* spill: sort the keys gathered and set them aside as a run. */
static void
spill(keysort *ks)
{
	if (ks->tmp == NULL)
		ks->tmp = xreallocarray(NULL, KEYSORT_RUN, sizeof *ks->tmp);
	uint64_t m = keysort_sort(ks->keys, ks->tmp, ks->n), prev = 0;
	/* the varints go into tmp, free now.  They fit: a delta of 8 bytes
	 * or more is >= 2^49, and deltas add up to less than 2^64, so at most
	 * 2^15 of them are that long and the rest take 7 bytes at most. */
	unsigned char *p = (unsigned char *)ks->tmp, *start = p;
	for (uint64_t i = 0; i < m; i++) {
		uint64_t d = ks->keys[i] - prev;
		prev = ks->keys[i];
		p = varint_put(p, d);
	}
	if (ks->sp == NULL)
		ks->sp = spool_new();
	ks->runs = xreallocarray(ks->runs, ks->nruns + 1, sizeof *ks->runs);
	run *r = &ks->runs[ks->nruns++];
	*r = (run){ .buf = SBUF_INIT, .chunk = SBUF_INIT };
	r->len = (uint64_t)(p - start);
	r->off = spool_put(ks->sp, (const char *)start, (size_t)r->len);
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

	if (r->buf.n - r->at < VARINT_MAX && r->done < r->len) {
		/* keep what is left, add the next bytes */
		uint64_t k = r->len - r->done < READ_BYTES ? r->len - r->done :
		    READ_BYTES;
		spool_get(ks->sp, r->off + r->done, (size_t)k, &r->chunk);
		if (r->at > 0) {
			memmove(r->buf.p, r->buf.p + r->at, r->buf.n - r->at);
			r->buf.n -= r->at;
			r->at = 0;
		}
		sbuf_add(&r->buf, r->chunk.p, r->chunk.n);
		r->done += k;
	}
	if (r->at == r->buf.n)
		return false;
	uint64_t d;
	const unsigned char *p = (const unsigned char *)r->buf.p + r->at;
	if (!varint_get(&p, (const unsigned char *)r->buf.p + r->buf.n, 64,
	    &d))
		msg_die(EXIT_FAILURE, "temporary file: damaged");
	r->at = (size_t)(p - (const unsigned char *)r->buf.p);
	*key = r->prev += d;
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
