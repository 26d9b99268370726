/* spilled.c - lead-dedupe past --memory: the keys in a keyfile, the
 * pairs found in passes, the leads with a pair clustered in batches, what
 * becomes of each in a temporary file until the leads are written
 * (lead-dedupe(1), MEMORY) */
#include "dedupe/dstage.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "dedupe/dedupe.h"
#include "dedupe/passes.h"
#include "io/cli.h"
#include "io/recpack.h"

#define NONE CLUSTERS_NONE

/* spilled_keys: record i's packed keys in the keyfile, writable (for
 * match_tally_count and match_tally_shared, in order). */
static unsigned char *
spilled_keys(void *ctx, size_t i)
{
	dedupe_stage *d = ctx;

	return keyfile_get(d->kf, i, true)->keys;
}

static int
by_number(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return (a > b) - (a < b);
}

/* inv_index: where lead x is in d->inv (it is there). */
static size_t
inv_index(const dedupe_stage *d, uint32_t x)
{
	const uint32_t *p = bsearch(&x, d->inv, d->ninv, sizeof x, by_number);

	return (size_t)(p - d->inv);
}

/* What becomes of a lead with a pair, once its cluster is known (what
 * dedupe.c's put does at once), kept in d->notes until the leads are
 * written in order. */
#define NOTE_EMIT 'e'		/* goes on, with the note that follows */
#define NOTE_ASIDE 'a'		/* goes aside, with the note */
#define NOTE_DROP 'd'		/* goes aside, nothing said (no --dupes) */
#define NOTE_SUPPRESS 's'	/* is folded into its cluster's merge */
#define NOTE_MERGE 'm'		/* its cluster's merge goes on in its place:
				 * the record follows (recpack) */

/* keep_note: buf gets what becomes of lead i (c: the clusters, out:
 * scratch). */
static void
keep_note(dedupe_stage *d, const clusters *c, uint32_t i, rec *out,
    sbuf *buf)
{
	uint32_t root = clusters_find(d->parent, i);
	bool survivor = c->surv[root] == i;

	sbuf_reset(buf);
	if (d->o->mode == DEDUPE_MERGE && c->size[root] > 1) {
		sbuf_addc(buf, survivor ? NOTE_MERGE : NOTE_SUPPRESS);
		if (survivor) {
			dedupe_merge(d, c, root, out, false);
			recpack_put(buf, out);
		}
	} else if (d->o->mode == DEDUPE_DROP && !survivor &&
	    d->st.aside == NULL) {
		sbuf_addc(buf, NOTE_DROP);
	} else {
		dedupe_annotate(d, c, &d->note, i, false);
		sbuf_addc(buf, d->o->mode == DEDUPE_DROP && !survivor ?
		    NOTE_ASIDE : NOTE_EMIT);
		sbuf_add(buf, d->note.p, d->note.n);
	}
}

/* keep_spilled: record x of the keyfile kept in memory (dedupe_keep). */
static uint32_t
keep_spilled(dedupe_stage *d, size_t x)
{
	const keyfile_rec *r = keyfile_get(d->kf, x, false);
	size_t text;
	uint32_t i = dedupe_keep(d, r->pack, r->packlen, r->kind, r->kindlen,
	    &text);

	d->e[i].off = r->off;
	d->e[i].len = r->len;
	return i;
}

/*
 * batches: the leads with a pair (d->inv), in batches of whole groups
 * (the leads the np pairs of ps connect), each batch kept in memory
 * with the references, weighed, clustered and noted (keep_note) in
 * d->notes; a batch holds about --memory.  Nothing joins leads of two
 * groups, so each batch's clusters, dup_of, possible duplicates and
 * merges are those of the whole, and the pairs of a batch are weighed
 * in their order in ps, as in memory.
 */
static void
batches(dedupe_stage *d, spool *ps, size_t np)
{
	size_t ni = d->ninv, nref = d->nref, in = 0, nbatch = 1;
	uint32_t *up = xreallocarray(NULL, ni ? ni : 1, sizeof *up);
	uint32_t *batch = xreallocarray(NULL, ni ? ni : 1, sizeof *batch);
	uint32_t *local = xreallocarray(NULL, ni ? ni : 1, sizeof *local);
	uint64_t per = keyfile_size(d->kf) / (keyfile_count(d->kf) + 1) +
	    DEDUPE_LEAD_COST(0);
	rec *out = rec_new();
	sbuf buf = SBUF_INIT, tmp = SBUF_INIT;

	for (size_t k = 0; k < ni; k++) {
		up[k] = (uint32_t)k;
		local[k] = 0;
	}
	for (size_t k = 0; k < np; k++) {
		passes_pair p = passes_get(ps, k, &tmp);
		if (p.c >= nref)
			clusters_join(up, (uint32_t)inv_index(d, p.i),
			    (uint32_t)inv_index(d, p.c));
	}
	for (size_t k = 0; k < ni; k++)	/* each group's size, at its root */
		local[clusters_find(up, (uint32_t)k)]++;
	for (size_t k = 0; k < ni; k++) {	/* roots come first */
		if (up[k] != k)
			continue;
		if (in > 0 && (in + local[k]) * per > d->o->memory) {
			nbatch++;
			in = 0;
		}
		batch[k] = (uint32_t)nbatch - 1;
		in += local[k];
	}
	d->notes = spool_new();
	d->noff = xreallocarray(NULL, ni ? ni : 1, sizeof *d->noff);
	d->nlen = xreallocarray(NULL, ni ? ni : 1, sizeof *d->nlen);
	for (uint32_t b = 0; b < nbatch; b++) {
		clusters c;
		d->n = 0;
		d->nedges = 0;
		sbuf_reset(&d->arena);
		for (size_t x = 0; x < nref; x++)
			keep_spilled(d, x);
		for (size_t k = 0; k < ni; k++)
			if (batch[clusters_find(up, (uint32_t)k)] == b)
				local[k] = keep_spilled(d, d->inv[k]);
		for (size_t k = 0; k < np; k++) {
			passes_pair p = passes_get(ps, k, &tmp);
			size_t i = inv_index(d, p.i);
			if (batch[clusters_find(up, (uint32_t)i)] != b)
				continue;
			dedupe_weigh(d, local[i], p.c < nref ? p.c :
			    local[inv_index(d, p.c)], p.w);
		}
		dedupe_cluster(d, &c);
		for (size_t k = 0; k < ni; k++)
			if (batch[clusters_find(up, (uint32_t)k)] == b) {
				keep_note(d, &c, local[k], out, &buf);
				d->noff[k] = spool_put(d->notes, buf.p, buf.n);
				d->nlen[k] = (uint32_t)buf.n;
			}
		clusters_free(&c);
	}
	sbuf_free(&buf);
	sbuf_free(&tmp);
	rec_free(out);
	free(up);
	free(batch);
	free(local);
}

/*
 * find_spilled: what find_kept and dedupe_cluster do, for the records of
 * the keyfile: their values counted in parts, the pairs found in passes
 * (passes.h), then the leads with a pair (d->inv) clustered in batches,
 * what becomes of each kept in d->notes.
 */
static void
find_spilled(dedupe_stage *d)
{
	size_t n = keyfile_count(d->kf), npasses;
	spool *ps = spool_new();
	sbuf tmp = SBUF_INIT;

	match_tally_count(d->m, d->tally, n, spilled_keys, d, 1,
	    n * 32 / (d->o->memory / 2 + 1) + 1);
	keyfile_sync(d->kf);
	match_tally_shared(d->m, d->tally, n, spilled_keys, d);
	keyfile_sync(d->kf);
	size_t np = passes_find(d->m, d->tally, d->kf, d->nref,
	    DEDUPE_BLOCK_MAX, d->o->memory, stage_threads(), ps, &npasses);
	/* the leads with a pair: a bit each, then their numbers */
	uint64_t *bit = xcalloc(n / 64 + 1, sizeof *bit);
	for (size_t k = 0; k < np; k++) {
		passes_pair p = passes_get(ps, k, &tmp);
		bit[p.i / 64] |= (uint64_t)1 << p.i % 64;
		if (p.c >= d->nref)
			bit[p.c / 64] |= (uint64_t)1 << p.c % 64;
	}
	d->ninv = 0;
	for (size_t w = 0; w <= n / 64; w++)
		d->ninv += (size_t)__builtin_popcountll(bit[w]);
	d->inv = xreallocarray(NULL, d->ninv ? d->ninv : 1, sizeof *d->inv);
	for (size_t x = 0, k = 0; x < n; x++)
		if (bit[x / 64] >> x % 64 & 1)
			d->inv[k++] = (uint32_t)x;
	free(bit);
	sbuf_free(&tmp);
	batches(d, ps, np);
	spool_free(ps);
}

/* put_alone: lead k of the keyfile, which has no pair, goes on: its own
 * cluster (what dedupe_annotate says of a lead alone). */
static void
put_alone(dedupe_stage *d, const keyfile_rec *k, rec *r)
{
	sbuf_reset(&d->note);
	dedupe_note_str(&d->note, "cluster_id", k->name, k->namelen);
	dedupe_text_at(d, k->off, k->len, r, true);
	stage_emit_text(&d->st, r, d->note.p, d->note.n);
}

/* put_noted: lead k of the keyfile, d->inv[j], goes where its note in
 * d->notes says (keep_note). */
static void
put_noted(dedupe_stage *d, const keyfile_rec *k, size_t j, rec *r)
{
	stage *st = &d->st;

	spool_read(d->notes, d->noff[j], d->nlen[j], &d->tmp);
	const char *note = d->tmp.p + 1;
	size_t n = d->tmp.n - 1;
	switch (d->tmp.p[0]) {
	case NOTE_MERGE:
		rec_clear(r);
		r->raw = rec_strdup(r, note, n);
		r->rawlen = n;
		dedupe_unpack(r);
		stage_emit(st, r);
		break;
	case NOTE_SUPPRESS:
		stage_suppress(st);
		break;
	case NOTE_DROP:
		rec_clear(r);
		stage_set_aside(st, r);
		break;
	case NOTE_ASIDE:
		dedupe_text_at(d, k->off, k->len, r, true);
		dedupe_unpack(r);
		dedupe_strip(r);
		dedupe_apply(r, note, n);
		stage_set_aside(st, r);
		break;
	default:
		dedupe_text_at(d, k->off, k->len, r, true);
		stage_emit_text(st, r, note, n);
	}
}

void
spilled_take(dedupe_stage *d, const char *p, size_t n)
{
	size_t text = keyfile_pack_len(match_nblocks(d->m), p, n);

	if (text == 0)
		cli_die(LK_EXIT_DATA, "a lead was packed wrong (a bug)");
	if (keyfile_count(d->kf) >= NONE - 1)
		cli_die(LK_EXIT_DATA, "more than %u leads: too many to compare",
		    NONE - 1);
	keyfile_put(d->kf, spool_put(d->sp, p + text, n - text),
	    (uint32_t)(n - text), "", 0, p, text);
}

void
spilled_finish(dedupe_stage *d)
{
	rec *r = rec_new();

	find_spilled(d);
	size_t n = keyfile_count(d->kf);
	for (size_t x = d->nref, j = 0; x < n; x++) {
		const keyfile_rec *k = keyfile_get(d->kf, x, false);
		if (j < d->ninv && d->inv[j] == x)
			put_noted(d, k, j++, r);
		else
			put_alone(d, k, r);
	}
	rec_free(r);
}

void
spilled_free(dedupe_stage *d)
{
	keyfile_free(d->kf);
	free(d->inv);
	spool_free(d->notes);
	free(d->noff);
	free(d->nlen);
}
