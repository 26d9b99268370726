/* passes.c - lead-dedupe's pairs, found in passes over the keyfile */
#include "dedupe/passes.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/pairsort.h"
#include "base/sbuf.h"
#include "base/spool.h"
#include "base/xmem.h"
#include "io/cli.h"

/* Bytes a pass holds for each block key in it, besides the comparison
 * keys of its record: the key (pairsort_item, twice while sorted), and
 * the record's number and place. */
#define PASSES_PER_KEY 44

/* Keys a searching thread takes at a time (then on to the end of the
 * group). */
#define PASSES_CHUNK 4096

/* The most threads that search. */
#define PASSES_THREADS 64

/* A pair as found: by which block statement and rank (1: the newest). */
typedef struct found {
	uint32_t i, c;
	double w;
	uint32_t b, rank;	/* (no padding: found pairs are written out) */
} found;

typedef struct finds {
	found *f;
	size_t n, cap;
} finds;

/* A pass: the records with a block key in its part. */
typedef struct pass {
	sbuf keys;		/* their comparison keys, one after another */
	uint32_t *id;		/* [local]: the record's number */
	size_t *at;		/* [local]: where its keys are in keys */
	size_t n, cap;
	pairsort_item **items;	/* [block]: (key hash, local) */
	size_t *nitems, *capitems;
} pass;

static void
add_found(finds *fs, found f)
{
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? 2 * fs->cap : 1024;
		fs->f = xreallocarray(fs->f, fs->cap, sizeof *fs->f);
	}
	fs->f[fs->n++] = f;
}

/* load: pass p gets the records of kf with a block key whose hash is
 * part q of nparts. */
static void
load(pass *p, keyfile *kf, size_t nblocks, size_t q, size_t nparts)
{
	size_t n = keyfile_count(kf);

	for (size_t r = 0; r < n; r++) {
		const keyfile_rec *rec = keyfile_get(kf, r, false);
		size_t local = SIZE_MAX;
		for (size_t b = 0; b < nblocks; b++) {
			uint64_t h;
			if (!keyfile_block(rec, b, &h) || h % nparts != q)
				continue;
			if (local == SIZE_MAX) {
				if (p->n == p->cap) {
					p->cap = p->cap ? 2 * p->cap : 1024;
					p->id = xreallocarray(p->id, p->cap,
					    sizeof *p->id);
					p->at = xreallocarray(p->at, p->cap,
					    sizeof *p->at);
				}
				local = p->n++;
				p->id[local] = (uint32_t)r;
				p->at[local] = p->keys.n;
				sbuf_add(&p->keys, (const char *)rec->keys,
				    rec->keyslen);
			}
			if (p->nitems[b] == p->capitems[b]) {
				p->capitems[b] = p->capitems[b] ?
				    2 * p->capitems[b] : 1024;
				p->items[b] = xreallocarray(p->items[b],
				    p->capitems[b], sizeof *p->items[b]);
			}
			p->items[b][p->nitems[b]++] = (pairsort_item){ h,
			    (uint32_t)local };
		}
	}
}

/* A share of a pass's work: the groups of block b's keys from..to-1. */
typedef struct task {
	size_t b, from, to;
} task;

/* What the searching threads share. */
typedef struct searching {
	const pass *p;
	const match_model *m;
	const match_tally *t;
	size_t first, max;
	task *tasks;
	size_t ntasks;
	atomic_size_t next;
} searching;

/* One thread: what it shares, and the pairs it found. */
typedef struct searcher {
	searching *sg;
	finds fs;
} searcher;

/* search_groups: weigh each lead of the groups of task k against the
 * newest max earlier records of its group; fs gets the pairs that
 * count. */
static void
search_groups(const searching *sg, const task *k, finds *fs)
{
	const pass *p = sg->p;
	const match_model *m = sg->m;
	double low = match_possible(m) < match_at(m) ? match_possible(m) :
	    match_at(m);
	const pairsort_item *a = p->items[k->b];

	for (size_t s = k->from, e; s < k->to; s = e) {
		for (e = s + 1; e < k->to && a[e].key == a[s].key; e++)
			;
		for (size_t x = s + 1; x < e; x++) {
			uint32_t i = a[x].val;
			if (p->id[i] < sg->first)
				continue;
			const unsigned char *fi = (const unsigned char *)
			    p->keys.p + p->at[i];
			for (size_t r = 1; r <= sg->max && r <= x - s; r++) {
				uint32_t c = a[x - r].val;
				bool over;
				double w = match_weight_over(m, sg->t, fi,
				    (const unsigned char *)p->keys.p + p->at[c],
				    match_possible(m), &over);
				if (!over || w < low)
					continue;
				add_found(fs, (found){ p->id[i], p->id[c], w,
				    (uint32_t)k->b, (uint32_t)r });
			}
		}
	}
}

static void *
search_some(void *arg)
{
	searcher *sr = arg;
	searching *sg = sr->sg;
	size_t k;

	while ((k = atomic_fetch_add(&sg->next, 1)) < sg->ntasks)
		search_groups(sg, &sg->tasks[k], &sr->fs);
	return NULL;
}

/* search: each block's keys of p sorted into groups, then searched on
 * nt threads (sr[0..nt)), a few groups at a time. */
static void
search(const pass *p, const match_model *m, const match_tally *t,
    size_t first, size_t max, searcher *sr, size_t nt)
{
	searching sg = { p, m, t, first, max, NULL, 0, 0 };
	size_t most = 0, cap = 0;
	pthread_t tid[PASSES_THREADS];

	for (size_t b = 0; b < match_nblocks(m); b++)
		if (p->nitems[b] > most)
			most = p->nitems[b];
	pairsort_item *tmp = xreallocarray(NULL, most ? most : 1,
	    sizeof *tmp);
	for (size_t b = 0; b < match_nblocks(m); b++) {
		pairsort_item *a = p->items[b];
		size_t n = p->nitems[b];
		/* records were loaded in order: each group stays so */
		pairsort(a, tmp, n);
		for (size_t s = 0, e; s < n; s = e) {
			for (e = s + PASSES_CHUNK < n ? s + PASSES_CHUNK : n;
			    e < n && a[e].key == a[e - 1].key; e++)
				;
			if (sg.ntasks == cap) {
				cap = cap ? 2 * cap : 64;
				sg.tasks = xreallocarray(sg.tasks, cap,
				    sizeof *sg.tasks);
			}
			sg.tasks[sg.ntasks++] = (task){ b, s, e };
		}
	}
	free(tmp);
	atomic_init(&sg.next, 0);
	for (size_t k = 0; k < nt; k++) {
		sr[k].sg = &sg;
		if (k > 0 && pthread_create(&tid[k], NULL, search_some,
		    &sr[k]) != 0)
			cli_die(LK_EXIT_DATA, "cannot start a thread");
	}
	search_some(&sr[0]);
	for (size_t k = 1; k < nt; k++)
		pthread_join(tid[k], NULL);
	free(sg.tasks);
}

static int
by_order(const void *x, const void *y)
{
	const found *a = x, *b = y;

	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* nparts: how many passes hold about budget bytes each. */
static size_t
nparts(keyfile *kf, size_t nblocks, size_t budget)
{
	size_t n = keyfile_count(kf);
	double per = n ? (double)keyfile_size(kf) / (double)n : 0;
	double all = (double)n * (double)nblocks * (per + PASSES_PER_KEY);
	double parts = all / (double)(budget ? budget : 1);

	if (parts < 1)
		return 1;
	return parts > 4096 ? 4096 : (size_t)parts + 1;
}

/* The pairs found are set aside by lead, in this many buckets at most;
 * and a bucket holds the leads of this many at least. */
#define PASSES_BUCKETS 4096
#define PASSES_BUCKET_LEADS 65536

/* A run of found pairs of one bucket, set aside after a pass. */
typedef struct run {
	size_t bucket, n;
	uint64_t off;
} run;

/* Where the found pairs wait: runs of each bucket, one after another. */
typedef struct aside {
	spool *sp;
	run *runs;
	size_t nruns, cap;
	size_t nbuckets, nrec;
	size_t *count;		/* [bucket]: scratch */
	finds sorted;		/* scratch */
} aside;

static size_t
bucket_of(const aside *as, uint32_t i)
{
	return (size_t)((uint64_t)i * as->nbuckets / (as->nrec ? as->nrec : 1));
}

/* set_aside: the pairs the threads sr[0..nt) found in a pass, by bucket,
 * to as's spool; the threads' arrays are emptied. */
static void
set_aside(aside *as, searcher *sr, size_t nt)
{
	size_t total = 0;

	memset(as->count, 0, as->nbuckets * sizeof *as->count);
	for (size_t k = 0; k < nt; k++) {
		total += sr[k].fs.n;
		for (size_t j = 0; j < sr[k].fs.n; j++)
			as->count[bucket_of(as, sr[k].fs.f[j].i)]++;
	}
	if (total == 0)
		return;
	if (total > as->sorted.cap) {
		as->sorted.cap = total;
		as->sorted.f = xreallocarray(as->sorted.f, total,
		    sizeof *as->sorted.f);
	}
	for (size_t b = 0, at = 0; b < as->nbuckets; b++) {
		size_t c = as->count[b];
		as->count[b] = at;	/* where its pairs go */
		at += c;
	}
	for (size_t k = 0; k < nt; k++) {
		for (size_t j = 0; j < sr[k].fs.n; j++) {
			found f = sr[k].fs.f[j];
			as->sorted.f[as->count[bucket_of(as, f.i)]++] = f;
		}
		sr[k].fs.n = 0;
	}
	for (size_t b = 0, from = 0; b < as->nbuckets; b++) {
		size_t n = as->count[b] - from;
		if (n == 0)
			continue;
		if (as->nruns == as->cap) {
			as->cap = as->cap ? 2 * as->cap : 256;
			as->runs = xreallocarray(as->runs, as->cap,
			    sizeof *as->runs);
		}
		as->runs[as->nruns++] = (run){ b, n, spool_put(as->sp,
		    (const char *)(as->sorted.f + from), n * sizeof(found)) };
		from = as->count[b];
	}
}

/* put_bucket: the pairs of bucket b, in the order of a search in memory,
 * each pair once (the first), appended to out; returns how many. */
static size_t
put_bucket(aside *as, size_t b, spool *out, sbuf *tmp)
{
	finds *fs = &as->sorted;
	size_t n = 0, kept = 0;

	fs->n = 0;
	for (size_t r = 0; r < as->nruns; r++) {
		if (as->runs[r].bucket != b)
			continue;
		spool_read(as->sp, as->runs[r].off, as->runs[r].n *
		    sizeof(found), tmp);
		for (size_t j = 0; j < as->runs[r].n; j++) {
			found f;
			memcpy(&f, tmp->p + j * sizeof f, sizeof f);
			add_found(fs, f);
		}
	}
	if (fs->n > 1)
		qsort(fs->f, fs->n, sizeof *fs->f, by_order);
	/* each lead's pairs once: kept at the front of fs->f */
	for (size_t s = 0, e; s < fs->n; s = e) {
		size_t from = kept;
		for (e = s; e < fs->n && fs->f[e].i == fs->f[s].i; e++) {
			size_t k;
			for (k = from; k < kept && fs->f[k].c != fs->f[e].c;
			    k++)
				;
			if (k == kept)
				fs->f[kept++] = fs->f[e];
		}
	}
	for (size_t k = 0; k < kept; k++) {
		passes_pair pp = { fs->f[k].i, fs->f[k].c, fs->f[k].w };
		spool_put(out, (const char *)&pp, sizeof pp);
		n++;
	}
	return n;
}

size_t
passes_find(const match_model *m, const match_tally *t, keyfile *kf,
    size_t first, size_t max, size_t budget, size_t nthreads, spool *out,
    size_t *npasses)
{
	size_t nb = match_nblocks(m), np = nparts(kf, nb, budget), n = 0;
	size_t nt = nthreads < 1 ? 1 : nthreads > PASSES_THREADS ?
	    PASSES_THREADS : nthreads;
	searcher sr[PASSES_THREADS] = { 0 };
	pass p = { .keys = SBUF_INIT };
	aside as = { .sp = spool_new(), .nrec = keyfile_count(kf) };
	sbuf tmp = SBUF_INIT;

	as.nbuckets = as.nrec / PASSES_BUCKET_LEADS + 1;
	if (as.nbuckets > PASSES_BUCKETS)
		as.nbuckets = PASSES_BUCKETS;
	as.count = xcalloc(as.nbuckets, sizeof *as.count);
	p.items = xcalloc(nb ? nb : 1, sizeof *p.items);
	p.nitems = xcalloc(nb ? nb : 1, sizeof *p.nitems);
	p.capitems = xcalloc(nb ? nb : 1, sizeof *p.capitems);
	for (size_t q = 0; q < np; q++) {
		p.n = 0;
		sbuf_reset(&p.keys);
		memset(p.nitems, 0, (nb ? nb : 1) * sizeof *p.nitems);
		load(&p, kf, nb, q, np);
		search(&p, m, t, first, max, sr, nt);
		set_aside(&as, sr, nt);
	}
	for (size_t k = 0; k < nt; k++)
		free(sr[k].fs.f);
	for (size_t b = 0; b < nb; b++)
		free(p.items[b]);
	free(p.items);
	free(p.nitems);
	free(p.capitems);
	free(p.id);
	free(p.at);
	sbuf_free(&p.keys);
	for (size_t b = 0; b < as.nbuckets; b++)
		n += put_bucket(&as, b, out, &tmp);
	spool_free(as.sp);
	free(as.runs);
	free(as.count);
	free(as.sorted.f);
	sbuf_free(&tmp);
	*npasses = np;
	return n;
}

passes_pair
passes_get(spool *sp, size_t k, sbuf *tmp)
{
	passes_pair pp;

	spool_get(sp, (uint64_t)k * sizeof pp, sizeof pp, tmp);
	memcpy(&pp, tmp->p, sizeof pp);
	return pp;
}
