/* clusters.h - lead-dedupe's clusters: union-find over the leads, each
 * cluster's survivor, and the tree of dup_of
 *
 * Leads are numbered in the order they came, the reference records of
 * --against first (0 .. nref-1: in no cluster).  Pairs that match join one
 * set of the union-find array parent[] (clusters_join); at the end of
 * input clusters_make finds each cluster's survivor and clusters_tree
 * each lead's dup_of.
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
	uint32_t seen;		/* the lead last weighed against this, + 1 */
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
 * sorted in place), walked from the survivor (breadth first).
 */
void clusters_tree(const clusters *c, clusters_lead *e, uint32_t *parent,
    size_t n, size_t nref, clusters_edge *edges, size_t nedges);

#endif
