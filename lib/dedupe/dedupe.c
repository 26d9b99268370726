/* dedupe.c - lead-dedupe as a stage: blocking, weighing, the modes (the
 * clusters: clusters.c; past --memory: spilled.c) */
#include "dedupe/dstage.h"
#include "dedupe/dedupe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe/blocks.h"
#include "dedupe/clusters.h"
#include "dedupe/keyfile.h"
#include "value/date.h"
#include "io/input.h"
#include "io/jscan.h"
#include "dedupe/match.h"
#include "io/output.h"
#include "io/recpack.h"
#include "rules/rules.h"
#include "base/spool.h"
#include "dedupe/survive.h"
#include "base/xmem.h"

/* A lead's packed keys up to this size are copied for its block keys to
 * be taken from (pack); larger ones, rare, are made again. */
#define DEDUPE_KEYS_COPY 2048

#define NONE CLUSTERS_NONE

typedef clusters_lead entry;
typedef clusters_edge edge;

static const char *const mark_fields[] = {
	"cluster_id", "dup_of", "match_weight", "match_reason",
	"possible_duplicate", "possible_reason", "existing_id",
	"existing_kind", "existing_reason", NULL
};

static const char *const merge_fields[] = {
	"cluster_id", "merged_ids", "match_reasons", "possible_duplicate",
	"possible_reason", "existing_id", "existing_kind", "existing_reason",
	NULL
};

/* What --merge may add: merge_fields, and the addresses a merge keeps
 * and its originals (not dropped when a merged record is read again:
 * they are data). */
static const char *const merge_added[] = {
	"cluster_id", "merged_ids", "match_reasons", "possible_duplicate",
	"possible_reason", "existing_id", "existing_kind", "existing_reason",
	SURVIVE_OTHER_FIELDS, SURVIVE_MERGED, NULL
};

const char *const dedupe_annotations[] = {
	"cluster_id", "dup_of", "match_weight", "match_reason",
	"possible_duplicate", "possible_reason", "existing_id",
	"existing_kind", "existing_reason", "merged_ids", "match_reasons",
	NULL
};

const char *const dedupe_merge_data[] = {
	SURVIVE_OTHER_FIELDS, SURVIVE_MERGED, NULL
};

/* ---- the model ---- */

int
dedupe_check(const dedupe_opts *o)
{
	return match_check(o->model);
}

/* ---- what is kept of a lead ---- */

/* put_str: append s[0..n) to the arena, length first (cut at 255 bytes on
 * a character boundary). */
static void
put_str(sbuf *a, const char *s, size_t n)
{
	if (n > 255) {
		n = 255;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	sbuf_addc(a, (char)n);
	sbuf_add(a, s, n);
}

/* get_str: the string at *p in the arena; *p moves past it. */
static const char *
get_str(const unsigned char **p, size_t *n)
{
	*n = **p;
	const char *s = (const char *)*p + 1;
	*p += 1 + *n;
	return s;
}

static const unsigned char *
at(const dedupe_stage *d, uint32_t i)
{
	return (const unsigned char *)d->arena.p + d->e[i].at;
}

/* id_of: lead i's id; kind_of: its kind (empty but for references). */
static const char *
id_of(const dedupe_stage *d, uint32_t i, size_t *n)
{
	const unsigned char *p = at(d, i);

	return get_str(&p, n);
}

static const char *
kind_of(const dedupe_stage *d, uint32_t i, size_t *n)
{
	const unsigned char *p = at(d, i);

	get_str(&p, n);
	return get_str(&p, n);
}

static const unsigned char *
features(const dedupe_stage *d, uint32_t i)
{
	const unsigned char *p = at(d, i);
	size_t n;

	get_str(&p, &n);
	get_str(&p, &n);
	return p;
}

/*
 * pack: what a lead or reference record is kept by, packed: when it was
 * created (int64_t; INT64_MAX: unknown), its name (its id, else
 * file:line) as put_str writes it, its comparison keys (match_features)
 * after their length (uint32_t), for each block statement a byte (1: r
 * has a key) and the key's hash (blocks_key).
 */
static void
pack(const dedupe_stage *d, rec *r, sbuf *out, sbuf *tmp)
{
	size_t n, at;
	const char *s = rec_get(r, "created_at", &n);
	int64_t created = INT64_MAX;
	uint32_t len = 0;
	time_t t;

	if (s != NULL && date_parse(s, n, false, &t) != DATE_BAD)
		created = t;
	sbuf_add(out, (const char *)&created, sizeof created);
	if ((s = rec_get(r, "id", &n)) == NULL || n == 0) {
		sbuf_reset(tmp);
		sbuf_addf(tmp, "%s:%lu", r->file, r->line);
		put_str(out, tmp->p, tmp->n);
	} else {
		put_str(out, s, n);
	}
	at = out->n;
	sbuf_add(out, (const char *)&len, sizeof len);
	match_features(d->m, r, out, tmp);
	len = (uint32_t)(out->n - at - sizeof len);
	memcpy(out->p + at, &len, sizeof len);
	/* the block keys are mostly compared fields' keys: taken from a copy
	 * of the packed keys (out grows) when they fit */
	unsigned char f[DEDUPE_KEYS_COPY];
	bool copied = len <= sizeof f;
	if (copied)
		memcpy(f, out->p + at + sizeof len, len);
	for (size_t b = 0; b < match_nblocks(d->m); b++) {
		uint64_t h = 0;
		at = out->n;
		bool has = match_block_key(d->m, b, r, copied ? f : NULL, out,
		    tmp);
		if (has)
			h = blocks_key(out->p + at, out->n - at);
		out->n = at;
		sbuf_addc(out, has);
		if (has)
			sbuf_add(out, (const char *)&h, sizeof h);
	}
}

/* dedupe_prep: a lead packed, made on a worker thread (stage.h), then
 * the lead itself, for the spool (recpack.h: read back without being
 * parsed again). */
static void
dedupe_prep(const stage *st, rec *r, sbuf *out, sbuf *tmp)
{
	pack((const dedupe_stage *)st, r, out, tmp);
	recpack_put(out, r);
}

/* dedupe_keep (dstage.h): the packing is pack's; the text that follows
 * it is a lead's, as dedupe_prep put it. */
uint32_t
dedupe_keep(dedupe_stage *d, const char *p, size_t n, const char *kind,
    size_t kindlen, size_t *text)
{
	const char *q = p;
	uint32_t len;

	if (d->n == NONE - 1)
		cli_die(LK_EXIT_DATA, "more than %u leads: too many to compare",
		    NONE - 1);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->e = xreallocarray(d->e, d->cap, sizeof *d->e);
		d->parent = xreallocarray(d->parent, d->cap,
		    sizeof *d->parent);
	}
	uint32_t i = (uint32_t)d->n++;
	entry *e = &d->e[i];
	d->parent[i] = i;
	*e = (entry){ .at = d->arena.n, .best = NONE,
	    .poss = NONE, .ref = NONE };
	memcpy(&e->created, q, sizeof e->created);
	q += sizeof e->created;
	sbuf_add(&d->arena, q, 1 + (unsigned char)*q);	/* the name */
	q += 1 + (unsigned char)*q;
	put_str(&d->arena, kind, kindlen);
	memcpy(&len, q, sizeof len);
	q += sizeof len;
	sbuf_add(&d->arena, q, len);	/* counted at the end */
	q += len;
	for (size_t b = 0; b < match_nblocks(d->m); b++)
		if (*q++) {
			uint64_t h;
			memcpy(&h, q, sizeof h);
			q += sizeof h;
			if (d->bl != NULL)
				blocks_add(d->bl, b, h, i);
		}
	*text = (size_t)(q - p);
	if (*text > n)
		cli_die(LK_EXIT_DATA, "a lead was packed wrong (a bug)");
	return i;
}

/* ---- clusters ---- */

/* partner: make j i's partner of that kind if it weighs more. */
static void
partner(uint32_t *who, float *weight, uint32_t j, double w)
{
	if (*who == NONE || (float)w > *weight) {
		*who = j;
		*weight = (float)w;
	}
}

/* dedupe_weigh: lead i and c, an earlier lead or a reference, weigh w. */
void
dedupe_weigh(dedupe_stage *d, uint32_t i, uint32_t c, double w)
{
	entry *ei = &d->e[i], *ec = &d->e[c];

	if (c < d->nref) {
		if (w >= match_at(d->m))
			partner(&ei->ref, &ei->wref, c, w);
	} else if (w >= match_at(d->m)) {
		/* joined at the end, by clusters_link */
		if (d->nedges == d->ecap) {
			d->ecap = d->ecap ? d->ecap * 2 : 1024;
			d->edges = xreallocarray(d->edges, d->ecap,
			    sizeof *d->edges);
		}
		d->edges[d->nedges++] = (edge){ (float)w, i, c };
	} else if (w >= match_possible(d->m)) {
		partner(&ei->poss, &ei->wposs, c, w);
		partner(&ec->poss, &ec->wposs, i, w);
	}
}

/* pair_weight: the weight of leads a and b (clusters_weigh_fn). */
static double
pair_weight(void *ctx, uint32_t a, uint32_t b)
{
	dedupe_stage *d = ctx;

	return match_weight(d->m, d->tally, features(d, a), features(d, b),
	    NULL);
}

/* keys_of: lead i's packed keys, for match_tally_shared to flag. */
static unsigned char *
keys_of(void *ctx, size_t i)
{
	dedupe_stage *d = ctx;

	return (unsigned char *)features(d, (uint32_t)i);
}

/* A pair that weighs enough to count, found by a finder. */
typedef struct found {
	uint32_t i, c;
	double w;
} found;

/* Leads a finder takes at a time: later leads meet more earlier ones in
 * their blocks, so the threads take turns rather than halves. */
#define DEDUPE_CHUNK 4096

/* The pairs found for one chunk of leads, in the order found. */
typedef struct chunk {
	found *f;
	size_t n, cap;
} chunk;

/* What the finders share: the chunks, and the next to take. */
typedef struct finding {
	dedupe_stage *d;
	chunk *ch;
	size_t nch;
	atomic_size_t next;
} finding;

/* What one thread has: its finding, and the leads it met. */
typedef struct finder {
	finding *fg;
	uint32_t *seen;		/* [c]: the lead last met with c, + 1 */
} finder;

/* find_chunk: weigh leads from..to-1 (find) into ch. */
static void
find_chunk(const dedupe_stage *d, uint32_t *seen, uint32_t from,
    uint32_t to, chunk *ch)
{
	double low = match_possible(d->m) < match_at(d->m) ?
	    match_possible(d->m) : match_at(d->m);

	for (uint32_t i = from; i < to; i++)
		for (size_t b = 0; b < match_nblocks(d->m); b++) {
			uint32_t c = blocks_next(d->bl, b, i);
			for (int k = 0; c != NONE && k < DEDUPE_BLOCK_MAX;
			    k++, c = blocks_next(d->bl, b, c)) {
				if (seen[c] == i + 1)
					continue;
				seen[c] = i + 1;
				bool over;
				double w = match_weight_over(d->m, d->tally,
				    features(d, i), features(d, c),
				    match_possible(d->m), &over);
				if (!over || w < low)
					continue;
				if (ch->n == ch->cap) {
					ch->cap = ch->cap ? 2 * ch->cap : 64;
					ch->f = xreallocarray(ch->f, ch->cap,
					    sizeof *ch->f);
				}
				ch->f[ch->n++] = (found){ i, c, w };
			}
		}
}

/*
 * find: weigh each lead of the chunks the finder takes against the leads
 * and references it meets in its blocks, the newest first, once a pair;
 * keep the pairs that weigh enough to count, in that order.  A pair is
 * first weighed without counting how common the values are (cheaper), as
 * frequency only ever lowers a weight.  Reads only what the other
 * finders read, but for its own chunks.
 */
static void *
find(void *arg)
{
	finder *fd = arg;
	finding *fg = fd->fg;
	const dedupe_stage *d = fg->d;
	size_t k;

	while ((k = atomic_fetch_add(&fg->next, 1)) < fg->nch) {
		size_t from = d->nref + k * DEDUPE_CHUNK;
		size_t to = from + DEDUPE_CHUNK < d->n ? from + DEDUPE_CHUNK :
		    d->n;
		find_chunk(d, fd->seen, (uint32_t)from, (uint32_t)to,
		    &fg->ch[k]);
	}
	return NULL;
}

/* candidates: the pairs of leads (and references) that count, found on
 * one thread per CPU (stage_threads), each taking chunks of the leads in
 * turn, and weighed in the order one thread would. */
static void
candidates(dedupe_stage *d)
{
	size_t nt = stage_threads(), leads = d->n - d->nref;
	pthread_t tid[STAGE_MAX_THREADS];
	finder fd[STAGE_MAX_THREADS];
	finding fg = { .d = d };

	if (nt > leads / 10000 + 1)	/* a share worth a thread */
		nt = leads / 10000 + 1;
	fg.nch = (leads + DEDUPE_CHUNK - 1) / DEDUPE_CHUNK;
	fg.ch = xcalloc(fg.nch ? fg.nch : 1, sizeof *fg.ch);
	atomic_init(&fg.next, 0);
	for (size_t t = 0; t < nt; t++) {
		fd[t].fg = &fg;
		fd[t].seen = xcalloc(d->n ? d->n : 1, sizeof *fd[t].seen);
		if (t > 0 && pthread_create(&tid[t], NULL, find, &fd[t]) != 0)
			cli_die(LK_EXIT_DATA, "cannot start a thread");
	}
	find(&fd[0]);
	for (size_t t = 0; t < nt; t++) {
		if (t > 0)
			pthread_join(tid[t], NULL);
		free(fd[t].seen);
	}
	for (size_t k = 0; k < fg.nch; k++) {
		for (size_t j = 0; j < fg.ch[k].n; j++)
			dedupe_weigh(d, fg.ch[k].f[j].i, fg.ch[k].f[j].c,
			    fg.ch[k].f[j].w);
		free(fg.ch[k].f);
	}
	free(fg.ch);
}

/* ---- reference records ---- */

static void
load_against(dedupe_stage *d, const char *path, const cli_opts *co)
{
	char *files[] = { (char *)path };
	input *in = input_open(co, files, 1);
	rec *r = rec_new();
	sbuf defkind = SBUF_INIT;
	const char *why;
	int rc;

	cli_file_stem(&defkind, path);
	while ((rc = input_next(in, r, &why)) != 0) {
		if (rc < 0) {
			cli_warnat(r->file, r->line, "%s (reference record "
			    "skipped)", why);
			continue;
		}
		const char *kind = rec_get(r, "kind", NULL);
		size_t text;
		sbuf_reset(&d->line);
		pack(d, r, &d->line, &d->tmp);	/* not spooled */
		if (kind == NULL || *kind == '\0')
			kind = defkind.p;
		dedupe_keep(d, d->line.p, d->line.n, kind, strlen(kind), &text);
	}
	bool failed = input_failed(in);
	input_close(in);
	rec_free(r);
	sbuf_free(&defkind);
	if (failed)
		cli_exit(LK_EXIT_DATA);
	d->nref = d->n;
}

/* ---- taking leads ---- */

/*
 * spill: the records kept so far go to a keyfile, each packed again as
 * pack made it (from its entry, the arena and the block keys gathered),
 * and what memory held of them is let go: from now on every lead's keys
 * go there (spilled_take), and the end works in passes (spilled.c).
 */
static void
spill(dedupe_stage *d)
{
	size_t nb = match_nblocks(d->m);
	const pairsort_item **keys = xcalloc(nb ? nb : 1, sizeof *keys);
	size_t *nkeys = xcalloc(nb ? nb : 1, sizeof *nkeys);
	size_t *next = xcalloc(nb ? nb : 1, sizeof *next);
	sbuf pack = SBUF_INIT;

	d->kf = keyfile_new(nb);
	for (size_t b = 0; b < nb; b++)
		keys[b] = blocks_gathered(d->bl, b, &nkeys[b]);
	for (uint32_t i = 0; i < d->n; i++) {
		const unsigned char *p = at(d, i);
		size_t nlen, klen;
		const char *name = get_str(&p, &nlen);
		const char *kind = get_str(&p, &klen);
		size_t end = i + 1 < d->n ? d->e[i + 1].at : d->arena.n;
		uint32_t flen = (uint32_t)(end - (size_t)((const char *)p -
		    d->arena.p));
		sbuf_reset(&pack);
		sbuf_add(&pack, (const char *)&d->e[i].created,
		    sizeof d->e[i].created);
		sbuf_add(&pack, name - 1, 1 + nlen);
		sbuf_add(&pack, (const char *)&flen, sizeof flen);
		sbuf_add(&pack, (const char *)p, flen);
		for (size_t b = 0; b < nb; b++) {
			bool has = next[b] < nkeys[b] &&
			    keys[b][next[b]].val == i;
			sbuf_addc(&pack, has);
			if (has)
				sbuf_add(&pack, (const char *)
				    &keys[b][next[b]++].key, sizeof(uint64_t));
		}
		keyfile_put(d->kf, d->e[i].off, d->e[i].len, kind, klen,
		    pack.p, pack.n);
	}
	sbuf_free(&pack);
	free(keys);
	free(nkeys);
	free(next);
	blocks_free(d->bl);
	d->bl = NULL;
	free(d->e);
	free(d->parent);
	d->e = NULL;
	d->parent = NULL;
	d->n = d->cap = 0;
	sbuf_free(&d->arena);
}

static void
dedupe_take(stage *st, rec *r)
{
	dedupe_stage *d = (dedupe_stage *)st;
	size_t n, text;
	const char *p = stage_prepped(st, r, &n);

	if (d->kf != NULL) {
		spilled_take(d, p, n);
		return;
	}
	uint32_t i = dedupe_keep(d, p, n, "", 0, &text);
	d->e[i].off = spool_put(d->sp, p + text, n - text);
	d->e[i].len = (uint32_t)(n - text);
	if (d->arena.n + d->n * DEDUPE_LEAD_COST(match_nblocks(d->m)) >
	    d->o->memory)
		spill(d);
}

/* ---- the end: annotate and write ---- */

/*
 * A note is what annotate says of a lead: the fields to set, in order,
 * each a kind byte ('s': a string, 'n': a number), the name and a NUL,
 * then a string's length (uint32_t) and bytes, or a number (a double).
 * It goes with the lead's text to a worker thread (stage_emit_text),
 * where dedupe_post sets them.
 */
void
dedupe_note_str(sbuf *note, const char *name, const char *s, size_t n)
{
	uint32_t len = (uint32_t)n;

	sbuf_addc(note, 's');
	sbuf_add(note, name, strlen(name) + 1);
	sbuf_add(note, (const char *)&len, sizeof len);
	sbuf_add(note, s, n);
}

static void
note_num(sbuf *note, const char *name, double v)
{
	sbuf_addc(note, 'n');
	sbuf_add(note, name, strlen(name) + 1);
	sbuf_add(note, (const char *)&v, sizeof v);
}

/* note_id: field name gets lead i's id. */
static void
note_id(dedupe_stage *d, sbuf *note, const char *name, uint32_t i)
{
	size_t n;
	const char *s = id_of(d, i, &n);

	dedupe_note_str(note, name, s, n);
}

/* dedupe_apply: set the fields note p[0..n) says in r. */
void
dedupe_apply(rec *r, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		char kind = *p++;
		const char *name = p;
		p += strlen(name) + 1;
		if (kind == 'n') {
			double v;
			memcpy(&v, p, sizeof v);
			p += sizeof v;
			rec_set_num(r, name, v);
		} else {
			uint32_t len;
			memcpy(&len, p, sizeof len);
			p += sizeof len;
			rec_set_str(r, name, p, len);
			p += len;
		}
	}
}

/* dedupe_strip: what an earlier run said of r is replaced, not left
 * beside the new. */
void
dedupe_strip(rec *r)
{
	if (rec_find(r, "cluster_id") == NULL)
		return;
	for (size_t k = 0; mark_fields[k] != NULL; k++)
		rec_del(r, mark_fields[k]);
	for (size_t k = 0; merge_fields[k] != NULL; k++)
		rec_del(r, merge_fields[k]);
}

/* explain: append to d->reason why i and j weigh what they do, the sum
 * last ("email +19.8, ... = 46.1"); returns the weight. */
static double
explain(dedupe_stage *d, uint32_t i, uint32_t j)
{
	double w = match_weight(d->m, d->tally, features(d, i),
	    features(d, j), &d->reason);

	sbuf_adds(&d->reason, " = ");
	match_put_tenths(&d->reason, w, false);
	return w;
}

/* note_reason: field name gets why i and j weigh what they do. */
static void
note_reason(dedupe_stage *d, sbuf *note, const char *name, uint32_t i,
    uint32_t j)
{
	sbuf_reset(&d->reason);
	explain(d, i, j);
	dedupe_note_str(note, name, d->reason.p, d->reason.n);
}

/* dedupe_annotate: the note (reset first) for lead i: the fields that say
 * where it belongs; in a merge (merged) only those of the cluster as a
 * whole. */
void
dedupe_annotate(dedupe_stage *d, const clusters *c, sbuf *note, uint32_t i,
    bool merged)
{
	entry *e = d->e;
	uint32_t root = clusters_find(d->parent, i), s = c->surv[root];

	sbuf_reset(note);
	note_id(d, note, "cluster_id", s);
	if (!merged && i != s && e[i].best != NONE) {
		note_id(d, note, "dup_of", e[i].best);
		sbuf_reset(&d->reason);
		note_num(note, "match_weight", match_tenths(explain(d, i,
		    e[i].best)));
		dedupe_note_str(note, "match_reason", d->reason.p, d->reason.n);
	}
	if (e[i].poss != NONE && clusters_find(d->parent, e[i].poss) != root) {
		note_id(d, note, "possible_duplicate", e[i].poss);
		note_reason(d, note, "possible_reason", i, e[i].poss);
	}
	uint32_t m = c->ref[root];
	if (m != NONE) {
		size_t n;
		const char *kind = kind_of(d, e[m].ref, &n);
		note_id(d, note, "existing_id", e[m].ref);
		dedupe_note_str(note, "existing_kind", kind, n);
		sbuf_reset(&d->reason);
		if (m != i) {
			const char *id = id_of(d, m, &n);
			sbuf_addf(&d->reason, "by %.*s: ", (int)n, id);
		}
		explain(d, m, e[m].ref);
		dedupe_note_str(note, "existing_reason", d->reason.p, d->reason.n);
	}
}

/* dedupe_text_at: r is the lead the spool keeps at off, len bytes
 * (dedupe_prep), in r->raw; in_order: read in input order (read ahead),
 * else as it is (spool_read). */
void
dedupe_text_at(dedupe_stage *d, uint64_t off, uint32_t len, rec *r,
    bool in_order)
{
	rec_clear(r);
	if (in_order)
		spool_get(d->sp, off, len, &d->line);
	else
		spool_read(d->sp, off, len, &d->line);
	r->raw = rec_strdup(r, d->line.p, d->line.n);
	r->rawlen = d->line.n;
	r->file = "(spool)";
}

/* text: r is lead i as the spool keeps it (text_at). */
static void
text(dedupe_stage *d, uint32_t i, rec *r, bool in_order)
{
	dedupe_text_at(d, d->e[i].off, d->e[i].len, r, in_order);
}

/* dedupe_unpack: r, a lead as text left it, gets its fields back. */
void
dedupe_unpack(rec *r)
{
	if (recpack_read(r) != 0)
		cli_die(LK_EXIT_DATA, "a lead came back damaged from the "
		    "temporary file");
}

/* reread: r gets lead i back from the spool (in_order: text). */
static void
reread(dedupe_stage *d, uint32_t i, rec *r, bool in_order)
{
	text(d, i, r, in_order);
	dedupe_unpack(r);
	dedupe_strip(r);
}

/* dedupe_post: r, a lead as text left it, gets its fields back and what
 * its note says. */
static void
dedupe_post(const stage *st, rec *r, const char *note, size_t n)
{
	(void)st;
	dedupe_unpack(r);
	dedupe_strip(r);
	dedupe_apply(r, note, n);
}

/* add_element: a jscan_member_fn appending each element of an array to
 * the sbuf ctx, after a comma unless it is the first ('['). */
static int
add_element(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	sbuf *out = ctx;

	(void)name;
	(void)nlen;
	if (out->p[out->n - 1] != '[')
		sbuf_addc(out, ',');
	sbuf_add(out, val, vlen);
	return 0;
}

/*
 * originals: append to out (a JSON array being written) the leads r
 * stands for: the elements of its merged_leads when it is a merge record
 * already (an array of objects, or a CSV cell's JSON text of one), else
 * r itself as it was read (dedupe's annotations stripped), so that
 * merging merge records keeps the first originals.  tmp is scratch.
 */
static void
originals(rec *r, sbuf *out, sbuf *tmp)
{
	rec_field *f = rec_find(r, SURVIVE_MERGED);
	const char *s = NULL;
	size_t n = 0, at = out->n;
	jscan_err err;

	if (f != NULL && f->kind == REC_RAW)
		s = f->v, n = f->vlen;
	else if (f != NULL)
		s = rec_field_str(r, f, &n);
	if (s != NULL && n > 0 && s[0] == '[') {
		if (jscan_array(s, n, add_element, out, &err) == 0 &&
		    out->n > at)
			return;
		out->n = at;	/* no array of leads: r is kept whole */
	}
	sbuf_reset(tmp);
	output_ndjson(tmp, r);
	while (tmp->n > 0 && (tmp->p[tmp->n - 1] == '\n' ||
	    tmp->p[tmp->n - 1] == '\r'))
		tmp->n--;
	add_element(out, NULL, 0, tmp->p, tmp->n);
}

/* dedupe_merge: the record for root's cluster, written at its survivor's
 * place (in_order: read there, in input order; else out of order). */
void
dedupe_merge(dedupe_stage *d, const clusters *c, uint32_t root, rec *out,
    bool in_order)
{
	size_t n = c->size[root];
	uint32_t *mem = c->members + c->start[root];
	uint32_t s = c->surv[root];
	rec **recs = xmalloc(n * sizeof *recs);
	json_t *ids = json_array(), *reasons = json_array();

	/* the survivor first, the others in input order */
	recs[0] = rec_new();
	reread(d, s, recs[0], in_order);	/* where the leads are read */
	for (size_t k = 0, j = 1; k < n; k++) {
		if (mem[k] == s)
			continue;
		recs[j] = rec_new();
		reread(d, mem[k], recs[j++], false);
	}
	survive_merge(d->m, recs, n, out);
	/* the originals, in input order, to undo the merge */
	sbuf all = SBUF_INIT;
	sbuf_addc(&all, '[');
	for (size_t k = 0; k < n; k++) {
		size_t j = 0;
		if (mem[k] != s)
			for (size_t q = 0; q <= k; q++)
				j += mem[q] != s;
		originals(recs[j], &all, &d->tmp);
	}
	sbuf_addc(&all, ']');
	size_t len;
	const char *id = id_of(d, s, &len);
	json_array_append_new(ids, json_stringn(id, len));
	for (size_t k = 0; k < n; k++) {
		uint32_t i = mem[k];
		if (i == s)
			continue;
		id = id_of(d, i, &len);
		json_array_append_new(ids, json_stringn(id, len));
		if (d->e[i].best == NONE)
			continue;
		sbuf_reset(&d->reason);
		sbuf_addf(&d->reason, "%.*s dup_of ", (int)len, id);
		id = id_of(d, d->e[i].best, &len);
		sbuf_addf(&d->reason, "%.*s: ", (int)len, id);
		explain(d, i, d->e[i].best);
		json_array_append_new(reasons, json_stringn(d->reason.p,
		    d->reason.n));
	}
	for (size_t k = 0; k < n; k++)
		rec_free(recs[k]);
	free(recs);
	dedupe_annotate(d, c, &d->note, s, true);
	dedupe_apply(out, d->note.p, d->note.n);
	rec_set_json(out, "merged_ids", ids);
	rec_set_json(out, "match_reasons", reasons);
	rec_set_raw(out, SURVIVE_MERGED, all.p, all.n);
	sbuf_free(&all);
}

/* link_blocks: blocks_end of the stage arg (a thread's start). */
static void *
link_blocks(void *arg)
{
	dedupe_stage *d = arg;

	blocks_end(d->bl, d->n);
	return NULL;
}

/* find: the pairs that count, weighed into e[] and edges, with all the
 * leads in memory. */
static void
find_kept(dedupe_stage *d)
{
	/* the chains of the blocks are linked while the values are counted:
	 * neither reads what the other writes */
	pthread_t tid;
	bool apart = stage_threads() > 1 && pthread_create(&tid, NULL,
	    link_blocks, d) == 0;
	if (!apart)
		blocks_end(d->bl, d->n);
	match_tally_count(d->m, d->tally, d->n, keys_of, d, stage_threads(),
	    1);
	if (apart)
		pthread_join(tid, NULL);
	match_tally_shared(d->m, d->tally, d->n, keys_of, d);
	candidates(d);
}

/* dedupe_cluster: the pairs weighed into e[] and edges joined into
 * clusters c, with their survivors and dup_of. */
void
dedupe_cluster(dedupe_stage *d, clusters *c)
{
	d->nedges = clusters_link(d->e, d->parent, d->n, d->edges, d->nedges,
	    match_apart(d->m), pair_weight, d);
	clusters_make(c, d->e, d->parent, d->n, d->nref,
	    d->o->mode == DEDUPE_MERGE);
	clusters_tree(c, d->e, d->parent, d->n, d->nref, d->edges,
	    d->nedges);
}

/* put: lead i goes on, or aside, or into its cluster's merge (c: the
 * clusters; r and out: scratch). */
static void
put(dedupe_stage *d, const clusters *c, uint32_t i, rec *r, rec *out)
{
	stage *st = &d->st;
	uint32_t root = clusters_find(d->parent, i);
	bool survivor = c->surv[root] == i;

	if (d->o->mode == DEDUPE_MERGE && c->size[root] > 1) {
		if (survivor) {
			dedupe_merge(d, c, root, out, true);
			stage_emit(st, out);
		} else {
			stage_suppress(st);
		}
		return;
	}
	if (d->o->mode == DEDUPE_DROP && !survivor && d->st.aside == NULL) {
		/* no --dupes: nothing to read back or say of it */
		rec_clear(r);
		stage_set_aside(st, r);
		return;
	}
	dedupe_annotate(d, c, &d->note, i, false);
	if (d->o->mode == DEDUPE_DROP && !survivor) {
		reread(d, i, r, true);
		dedupe_apply(r, d->note.p, d->note.n);
		stage_set_aside(st, r);
		return;
	}
	text(d, i, r, true);	/* read and noted on a worker thread */
	stage_emit_text(st, r, d->note.p, d->note.n);
}

static void
dedupe_finish(stage *st)
{
	dedupe_stage *d = (dedupe_stage *)st;

	if (d->kf != NULL) {
		spilled_finish(d);
		return;
	}
	clusters c;
	rec *r = rec_new(), *out = rec_new();
	find_kept(d);
	dedupe_cluster(d, &c);
	for (uint32_t i = (uint32_t)d->nref; i < d->n; i++)
		put(d, &c, i, r, out);
	clusters_free(&c);
	rec_free(r);
	rec_free(out);
}

static void
dedupe_free(stage *st)
{
	dedupe_stage *d = (dedupe_stage *)st;

	spool_free(d->sp);
	spilled_free(d);
	blocks_free(d->bl);
	match_tally_free(d->tally);
	match_free(d->m);
	free(d->e);
	free(d->parent);
	free(d->edges);
	sbuf_free(&d->arena);
	sbuf_free(&d->note);
	sbuf_free(&d->tmp);
	sbuf_free(&d->line);
	sbuf_free(&d->reason);
	free((dedupe_opts *)d->o);
	free(d);
}

static const stage_vt dedupe_vt = {
	.name = "dedupe", .take = dedupe_take, .finish = dedupe_finish,
	.free = dedupe_free, .prep = dedupe_prep, .post = dedupe_post,
};

stage *
dedupe_new(const dedupe_opts *o, const cli_opts *co)
{
	dedupe_stage *d = xcalloc(1, sizeof *d);
	sbuf err = SBUF_INIT;

	d->st.vt = &dedupe_vt;
	dedupe_opts *copy = xmalloc(sizeof *copy);
	*copy = *o;
	d->o = copy;
	d->st.fields = o->mode == DEDUPE_MERGE ? merge_added : mark_fields;
	if ((d->m = match_load_named(o->model, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&err);
	d->tally = match_tally_new(d->m);
	d->bl = blocks_new(match_nblocks(d->m));
	d->sp = spool_new();
	d->st.aside = o->mode == DEDUPE_DROP ? o->dupes : NULL;
	for (size_t k = 0; k < o->nagainst; k++)
		load_against(d, o->against[k], co);
	return &d->st;
}
