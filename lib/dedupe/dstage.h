/* dstage.h - lead-dedupe's stage, as its files share it (dedupe.c: the
 * leads kept in memory, weighed, clustered, noted and written; spilled.c:
 * the same past --memory, in passes and batches)
 *
 * Not for other modules: dedupe.h is the stage's interface (its options
 * are only named here, so that this header needs none of it).
 */
#ifndef LK_DEDUPE_DSTAGE_H
#define LK_DEDUPE_DSTAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "base/spool.h"
#include "dedupe/blocks.h"
#include "dedupe/clusters.h"
#include "dedupe/keyfile.h"
#include "dedupe/match.h"
#include "io/rec.h"
#include "io/stage.h"

/* A new lead is weighed against at most this many of the newest leads of
 * each of its blocks (lead-dedupe(1), BLOCKING). */
#define DEDUPE_BLOCK_MAX 64

/* What a lead costs in memory besides its packed keys, about: its entry
 * and cluster, its block keys while gathered and linked, its share of
 * the counting and searching.  Weighed against --memory. */
#define DEDUPE_LEAD_COST(nblocks) (sizeof(clusters_lead) + \
	sizeof(uint32_t) + 20 * (nblocks) + 40)

struct dedupe_opts;	/* dedupe.h */

typedef struct dedupe_stage {
	stage st;
	const struct dedupe_opts *o;	/* a copy, the stage's */
	match_model *m;
	match_tally *tally;	/* how common the leads' values are */
	blocks *bl;
	clusters_edge *edges;	/* the pairs that matched, at the end */
	size_t nedges, ecap;
	clusters_lead *e;
	uint32_t *parent;	/* clusters: union-find over e */
	size_t n, cap, nref;
	sbuf arena;
	spool *sp;
	keyfile *kf;		/* past --memory: every record's keys (spill);
				 * e[] then holds a batch (batches) */
	uint32_t *inv;		/* then: the leads with a pair, ascending */
	size_t ninv;
	spool *notes;		/* and what becomes of each (keep_note) */
	uint64_t *noff;		/* [k]: where inv[k]'s is in notes */
	uint32_t *nlen;
	sbuf tmp, line, reason, note;
} dedupe_stage;

/* dedupe_keep: a new entry for the lead or reference record p[0..n)
 * packed by pack, of kind kind[0..kindlen), in the blocks (if any).
 * Returns its number; *text gets where what follows the packing (a
 * lead's text) starts in p. */
uint32_t dedupe_keep(dedupe_stage *d, const char *p, size_t n,
    const char *kind, size_t kindlen, size_t *text);
/* dedupe_weigh: lead i and c, an earlier lead or a reference, weigh w:
 * a match, a possible duplicate or an existing record, in e[] and
 * edges. */
void dedupe_weigh(dedupe_stage *d, uint32_t i, uint32_t c, double w);
/* dedupe_cluster: the pairs weighed joined into clusters c, with their
 * survivors and dup_of (clusters_free frees c). */
void dedupe_cluster(dedupe_stage *d, clusters *c);
/* dedupe_annotate: note (reset first) gets the fields that say where lead
 * i belongs; in a merge (merged) only those of the cluster as a whole. */
void dedupe_annotate(dedupe_stage *d, const clusters *c, sbuf *note,
    uint32_t i, bool merged);
/* dedupe_merge: out is the record of root's cluster (in_order: its leads
 * read in input order, at the survivor's place). */
void dedupe_merge(dedupe_stage *d, const clusters *c, uint32_t root,
    rec *out, bool in_order);
/* dedupe_note_str: note gets field name, the string s[0..n). */
void dedupe_note_str(sbuf *note, const char *name, const char *s, size_t n);
/* dedupe_apply: set the fields note p[0..n) says in r. */
void dedupe_apply(rec *r, const char *p, size_t n);
/* dedupe_strip: what an earlier run said of r is taken off. */
void dedupe_strip(rec *r);
/* dedupe_text_at: r is the lead the spool keeps at off, len bytes, as
 * text (in_order: read in input order, read ahead); dedupe_unpack: r,
 * such a text, gets its fields back. */
void dedupe_text_at(dedupe_stage *d, uint64_t off, uint32_t len, rec *r,
    bool in_order);
void dedupe_unpack(rec *r);

/* spilled_take: past --memory, lead p[0..n), as prepared, goes to the
 * keyfile and the spool.  spilled_finish: the stage's end then;
 * spilled_free: what it holds. */
void spilled_take(dedupe_stage *d, const char *p, size_t n);
void spilled_finish(dedupe_stage *d);
void spilled_free(dedupe_stage *d);

#endif
