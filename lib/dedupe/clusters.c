/* clusters.c - lead-dedupe's clusters: union-find over the leads, each
 * cluster's survivor, and the tree of dup_of */
#include "dedupe/clusters.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

uint32_t
clusters_find(uint32_t *up, uint32_t i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];	/* path halving */
		i = up[i];
	}
	return i;
}

bool
clusters_join(uint32_t *up, uint32_t a, uint32_t b)
{
	a = clusters_find(up, a);
	b = clusters_find(up, b);
	if (a == b)
		return false;
	if (a < b)
		up[b] = a;
	else
		up[a] = b;
	return true;
}

/* older: lead a survives before b (created first; then earlier). */
static bool
older(const clusters_lead *e, uint32_t a, uint32_t b)
{
	return e[a].created != e[b].created ? e[a].created < e[b].created :
	    a < b;
}

void
clusters_make(clusters *c, const clusters_lead *e, uint32_t *parent,
    size_t n, size_t nref, bool grouped)
{
	c->surv = xmalloc(n * sizeof *c->surv);
	c->size = xcalloc(n, sizeof *c->size);
	c->ref = xmalloc(n * sizeof *c->ref);
	c->start = c->members = NULL;
	for (size_t i = 0; i < n; i++)
		c->surv[i] = c->ref[i] = CLUSTERS_NONE;
	for (uint32_t i = (uint32_t)nref; i < n; i++) {
		uint32_t r = clusters_find(parent, i);
		if (c->surv[r] == CLUSTERS_NONE || older(e, i, c->surv[r]))
			c->surv[r] = i;
		c->size[r]++;
		if (e[i].ref != CLUSTERS_NONE && (c->ref[r] == CLUSTERS_NONE ||
		    e[i].wref > e[c->ref[r]].wref))
			c->ref[r] = i;
	}
	if (!grouped)
		return;
	c->start = xmalloc(n * sizeof *c->start);
	c->members = xmalloc(n * sizeof *c->members);
	uint32_t next = 0;
	for (uint32_t i = (uint32_t)nref; i < n; i++)
		if (clusters_find(parent, i) == i) {
			c->start[i] = next;
			next += c->size[i];
			c->size[i] = 0;		/* counted again below */
		}
	for (uint32_t i = (uint32_t)nref; i < n; i++) {
		uint32_t r = clusters_find(parent, i);
		c->members[c->start[r] + c->size[r]++] = i;
	}
}

void
clusters_free(clusters *c)
{
	free(c->surv);
	free(c->size);
	free(c->ref);
	free(c->start);
	free(c->members);
}

/* by_weight: heavier edges first; ties in a fixed order. */
static int
by_weight(const void *x, const void *y)
{
	const clusters_edge *a = x, *b = y;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

void
clusters_tree(const clusters *c, clusters_lead *e, uint32_t *parent,
    size_t n, size_t nref, clusters_edge *edges, size_t nedges)
{
	uint32_t *up = xmalloc(n * sizeof *up);
	uint32_t *deg = xcalloc(n + 1, sizeof *deg);
	clusters_edge *kept = xmalloc((nedges + 1) * sizeof *kept);
	size_t nkept = 0;

	if (nedges > 0)
		qsort(edges, nedges, sizeof *edges, by_weight);
	for (size_t i = 0; i < n; i++)
		up[i] = (uint32_t)i;
	for (size_t k = 0; k < nedges; k++) {
		if (!clusters_join(up, edges[k].a, edges[k].b))
			continue;
		kept[nkept++] = edges[k];
		deg[edges[k].a + 1]++;
		deg[edges[k].b + 1]++;
	}
	/* adjacency: the neighbours of i are adj[deg[i] .. deg[i + 1]) */
	for (size_t i = 0; i < n; i++)
		deg[i + 1] += deg[i];
	uint32_t *fill = xmalloc(n * sizeof *fill);
	clusters_edge *adj = xmalloc((2 * nkept + 1) * sizeof *adj);
	memcpy(fill, deg, n * sizeof *fill);
	for (size_t k = 0; k < nkept; k++) {
		adj[fill[kept[k].a]++] = (clusters_edge){ kept[k].w, kept[k].b, 0 };
		adj[fill[kept[k].b]++] = (clusters_edge){ kept[k].w, kept[k].a, 0 };
	}
	/* breadth first from each survivor; up[] is the queue now */
	for (uint32_t s = (uint32_t)nref; s < n; s++) {
		if (clusters_find(parent, s) != s || c->size[s] < 2)
			continue;
		uint32_t sv = c->surv[s];
		size_t head = 0, tail = 0;
		up[tail++] = sv;
		e[sv].best = CLUSTERS_NONE;
		while (head < tail) {
			uint32_t x = up[head++];
			for (uint32_t k = deg[x]; k < deg[x + 1]; k++) {
				uint32_t y = adj[k].a;
				if (y == sv || e[y].best != CLUSTERS_NONE)
					continue;
				e[y].best = x;
				e[y].wbest = adj[k].w;
				up[tail++] = y;
			}
		}
	}
	free(up);
	free(deg);
	free(kept);
	free(fill);
	free(adj);
}

/* hold: whether clusters listed from a and from b (next[], CLUSTERS_NONE
 * at the end) hold together (clusters_link). */
static bool
hold(const uint32_t *next, uint32_t a, uint32_t b, double apart,
    clusters_weigh_fn weigh, void *ctx)
{
	double w[CLUSTERS_SAMPLE][CLUSTERS_SAMPLE], sum = 0;
	uint32_t xs[CLUSTERS_SAMPLE], ys[CLUSTERS_SAMPLE];
	size_t p = 0, q = 0;

	for (uint32_t x = a; x != CLUSTERS_NONE && p < CLUSTERS_SAMPLE;
	    x = next[x])
		xs[p++] = x;
	for (uint32_t y = b; y != CLUSTERS_NONE && q < CLUSTERS_SAMPLE;
	    y = next[y])
		ys[q++] = y;
	for (size_t i = 0; i < p; i++) {
		double row = 0;
		for (size_t j = 0; j < q; j++) {
			w[i][j] = weigh(ctx, xs[i], ys[j]);
			row += w[i][j];
		}
		if (row <= apart * (double)q)
			return false;
		sum += row;
	}
	for (size_t j = 0; j < q; j++) {
		double col = 0;
		for (size_t i = 0; i < p; i++)
			col += w[i][j];
		if (col <= apart * (double)p)
			return false;
	}
	return sum > 0;
}

/* held: the pair k, held back, makes its leads each other's possible
 * duplicates if it weighs more than theirs. */
static void
held(clusters_lead *e, const clusters_edge *k)
{
	if (e[k->a].poss == CLUSTERS_NONE || k->w > e[k->a].wposs) {
		e[k->a].poss = k->b;
		e[k->a].wposs = k->w;
	}
	if (e[k->b].poss == CLUSTERS_NONE || k->w > e[k->b].wposs) {
		e[k->b].poss = k->a;
		e[k->b].wposs = k->w;
	}
}

size_t
clusters_link(clusters_lead *e, uint32_t *parent, size_t n,
    clusters_edge *edges, size_t nedges, double apart,
    clusters_weigh_fn weigh, void *ctx)
{
	/* each cluster's members, listed from its root (its first lead:
	 * clusters_join keeps the lower number) by next[] to tail[root] */
	uint32_t *tail = xmalloc(n * sizeof *tail);
	uint32_t *next = xmalloc(n * sizeof *next);

	for (size_t i = 0; i < n; i++) {
		tail[i] = (uint32_t)i;
		next[i] = CLUSTERS_NONE;
	}
	if (nedges > 0)
		qsort(edges, nedges, sizeof *edges, by_weight);
	for (size_t k = 0; k < nedges; k++) {
		uint32_t ra = clusters_find(parent, edges[k].a);
		uint32_t rb = clusters_find(parent, edges[k].b);
		if (ra == rb)
			continue;
		/* two leads alone: their pair is the edge, weighed already */
		bool alone = next[ra] == CLUSTERS_NONE && next[rb] ==
		    CLUSTERS_NONE;
		if (alone ? !(edges[k].w > 0 && edges[k].w > apart) :
		    !hold(next, ra, rb, apart, weigh, ctx)) {
			held(e, &edges[k]);
			continue;
		}
		clusters_join(parent, ra, rb);
		uint32_t r = ra < rb ? ra : rb, o = ra < rb ? rb : ra;
		next[tail[r]] = o;
		tail[r] = tail[o];
	}
	size_t m = 0;
	for (size_t k = 0; k < nedges; k++)
		if (clusters_find(parent, edges[k].a) ==
		    clusters_find(parent, edges[k].b))
			edges[m++] = edges[k];
	free(tail);
	free(next);
	return m;
}
