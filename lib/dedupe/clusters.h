/* clusters.h - lead-dedupe's clusters: union-find over the leads, each
 * cluster's survivor, and the tree of dup_of
 *
 * Leads are numbered in the order they came, the reference records of
 * --against first (0 .. nref-1: in no cluster).  At the end of input
 * clusters_link joins the pairs that match into clusters, one set each of
 * the union-find array parent[], as far as the clusters hold together;
 * clusters_make finds each cluster's survivor and clusters_tree each
 * lead's dup_of.
 */
#ifndef LK_DEDUPE_CLUSTERS_H
#define LK_DEDUPE_CLUSTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No lead. */
#define CLUSTERS_NONE UINT32_MAX

/*
 * What the stage (dedupe.c) keeps of each lead (and each reference
 * record, numbered first): its id, kind (references only) and comparison
 * keys in the arena, each a length byte and the bytes, the features last;
 * where its text is in the spool; its best partners.  Its cluster is in
 * the union-find array parent[], beside.  The clusters read created, ref
 * and wref, and write best and wbest; the rest is the stage's.
 */
typedef struct clusters_lead {
	uint64_t at;		/* arena offset */
	uint64_t off;		/* spool offset */
	uint32_t len;		/* spool length */
	uint32_t best, poss, ref;	/* partners, or CLUSTERS_NONE */
	float wbest, wposs, wref;
	int64_t created;	/* INT64_MAX: unknown */
} clusters_lead;

/* A pair that matched. */
typedef struct clusters_edge {
	float w;
	uint32_t a, b;
} clusters_edge;

/* The clusters, once input ends: per root, its survivor, size, the member
 * with the best reference match; when grouped, the members grouped. */
typedef struct clusters {
	uint32_t *surv, *size, *ref;	/* indexed by root */
	uint32_t *start, *members;	/* grouped: members of root r are
					 * members[start[r] .. start[r]+size[r]) */
} clusters;

/* clusters_find: the root of i's set in the union-find array up (paths
 * are halved on the way). */
uint32_t clusters_find(uint32_t *up, uint32_t i);
/* clusters_join: one set for a and b, whose root is the lower number;
 * false when they were one already. */
bool clusters_join(uint32_t *up, uint32_t a, uint32_t b);

/* clusters_weigh_fn: the weight of the pair of leads a and b (match_weight
 * of their keys). */
typedef double (*clusters_weigh_fn)(void *ctx, uint32_t a, uint32_t b);

/* A cluster looks at most this many of its members when it meets another
 * (clusters_link): joining costs at most this squared weighings. */
#define CLUSTERS_SAMPLE 16

/*
 * clusters_link: join the matched pairs edges[0..nedges) into clusters in
 * parent, heaviest pair first, without chaining (lead-dedupe(1),
 * CLUSTERS).  A pair whose leads are in two clusters A and B joins them
 * only when they hold together: the pairs between A and B weigh more than
 * 0 on average (the evidence, taken together, says one person), and no
 * member's pairs with the other side weigh apart or less on average (no
 * member is set against the other part; apart is below 0).  Only the
 * first CLUSTERS_SAMPLE members of each cluster are looked at: its list,
 * to which each join appends the members of the cluster whose first lead
 * came later; weigh gives the weights.
 *
 * So with A-B and B-C matching at 20 and apart at -7.5, C joins {A, B} if
 * A-C weighs 0 (nothing to compare: no evidence against) or -5 (two
 * duplicates of one original, each with its own typos), and is held back
 * if A-C weighs -10 (A and C disagree: other names, other birth date): a
 * chain of two strong links does not make A and C one person.  A lead
 * matching two clusters joins the one of its heavier pair first, and the
 * other only if that whole cluster holds with it.  A pair held back makes
 * each of its leads the other's possible duplicate (e[].poss, wposs) if it
 * weighs more than the one it has.  edges is sorted heaviest first and
 * cut to the pairs within a cluster; returns how many those are.
 */
size_t clusters_link(clusters_lead *e, uint32_t *parent, size_t n,
    clusters_edge *edges, size_t nedges, double apart,
    clusters_weigh_fn weigh, void *ctx);

/*
 * clusters_make: the clusters of the leads e[nref .. n) joined in parent:
 * each root's survivor (the lead created first, then the first in the
 * input), size, and member with the heaviest reference match (e[].ref,
 * wref); with grouped, the members of each, in input order.  Cannot fail;
 * clusters_free frees what c holds.
 */
void clusters_make(clusters *c, const clusters_lead *e, uint32_t *parent,
    size_t n, size_t nref, bool grouped);
void clusters_free(clusters *c);

/*
 * clusters_tree: each lead's dup_of (e[i].best, weight wbest; the
 * survivor's is CLUSTERS_NONE), so that following dup_of from any lead of
 * a cluster reaches its survivor along the heaviest matches: the maximum
 * spanning tree of the matched pairs edges[0..nedges) (Kruskal; edges are
 * sorted in place), walked from the survivor (breadth first).  Every edge
 * must be within one cluster (as clusters_link leaves them).
 */
void clusters_tree(const clusters *c, clusters_lead *e, uint32_t *parent,
    size_t n, size_t nref, clusters_edge *edges, size_t nedges);

#endif
