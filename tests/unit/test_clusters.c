/* test_clusters.c - unit tests for clusters.c: clusters that do not chain
 *
 * A test gives the weights of the pairs of a few leads (a table, 0 for a
 * pair not in it), the pairs that matched, and checks which leads
 * clusters_link puts together and what it holds back.  apart is -7.5, as
 * for a model matching at 15.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "dedupe/clusters.h"

#define NL 40
#define APART (-7.5)

static double table[NL][NL];

static double
weigh(void *ctx, uint32_t a, uint32_t b)
{
	(void)ctx;
	return table[a][b];
}

/* set: a and b weigh w. */
static void
set(uint32_t a, uint32_t b, double w)
{
	table[a][b] = table[b][a] = w;
}

typedef struct world {
	clusters_lead e[NL];
	uint32_t parent[NL];
	clusters_edge edges[NL * NL];
	size_t nedges;
} world;

static void
reset(world *w)
{
	memset(table, 0, sizeof table);
	w->nedges = 0;
	for (uint32_t i = 0; i < NL; i++) {
		w->e[i] = (clusters_lead){ .best = CLUSTERS_NONE,
		    .poss = CLUSTERS_NONE, .ref = CLUSTERS_NONE };
		w->parent[i] = i;
	}
}

/* match: a and b matched, weighing wt. */
static void
match(world *w, uint32_t a, uint32_t b, double wt)
{
	set(a, b, wt);
	w->edges[w->nedges++] = (clusters_edge){ (float)wt, a, b };
}

static size_t
link_all(world *w)
{
	return clusters_link(w->e, w->parent, NL, w->edges, w->nedges, APART,
	    weigh, NULL);
}

static bool
together(world *w, uint32_t a, uint32_t b)
{
	return clusters_find(w->parent, a) == clusters_find(w->parent, b);
}

static world W;

/* A-B and B-C strong, A-C against: C is held back, B's possible
 * duplicate; only the pair within the cluster is left. */
static void
test_chain_against(void **state)
{
	(void)state;
	reset(&W);
	match(&W, 0, 1, 20);
	match(&W, 1, 2, 18);
	set(0, 2, -10);
	assert_int_equal(link_all(&W), 1);
	assert_true(together(&W, 0, 1));
	assert_false(together(&W, 1, 2));
	assert_int_equal(W.e[2].poss, 1);
	assert_int_equal(W.e[1].poss, 2);
	assert_true(W.e[2].wposs == 18);
}

/* A-C weighing nothing (no field to compare): no evidence against, so the
 * chain holds; mildly against (-5: two duplicates' own typos) holds too. */
static void
test_chain_no_evidence(void **state)
{
	(void)state;
	reset(&W);
	match(&W, 0, 1, 20);
	match(&W, 1, 2, 18);
	assert_int_equal(link_all(&W), 2);
	assert_true(together(&W, 0, 2));
	assert_int_equal(W.e[2].poss, CLUSTERS_NONE);
	reset(&W);
	match(&W, 0, 1, 20);
	match(&W, 1, 2, 18);
	set(0, 2, -5);
	link_all(&W);
	assert_true(together(&W, 0, 2));
}

/* cluster: 0, 1, 3 (and 5 with big) one cluster, their pairs strong. */
static void
cluster(bool big)
{
	match(&W, 0, 1, 30);
	match(&W, 0, 3, 30);
	set(1, 3, 10);
	if (big) {
		match(&W, 0, 5, 30);
		set(1, 5, 10);
		set(3, 5, 10);
	}
}

/* 2 matches 1 and is mildly against the others: it joins while its pairs
 * add up to more than 0 and none is apart. */
static void
test_mean(void **state)
{
	(void)state;
	reset(&W);
	cluster(false);
	match(&W, 1, 2, 16);
	set(0, 2, -7);
	set(3, 2, -7);
	link_all(&W);
	/* (16 - 7 - 7) / 3 > 0, each above apart: holds */
	assert_true(together(&W, 0, 2));
	reset(&W);
	cluster(true);
	match(&W, 1, 2, 16);
	set(0, 2, -7);
	set(3, 2, -7);
	set(5, 2, -7);
	link_all(&W);
	/* (16 - 7 - 7 - 7) / 4 < 0: held back */
	assert_false(together(&W, 0, 2));
	assert_int_equal(W.e[2].poss, 1);
	reset(&W);
	cluster(false);
	match(&W, 1, 2, 16);
	set(0, 2, 5);
	set(3, 2, -12);
	link_all(&W);
	/* the pairs add up, but 3 is apart from 2 */
	assert_true(together(&W, 0, 3));
	assert_false(together(&W, 0, 2));
}

/* A lead with two strong candidates in two clusters that do not hold
 * together goes to the heavier. */
static void
test_better_one(void **state)
{
	(void)state;
	reset(&W);
	match(&W, 0, 1, 25);	/* cluster {0, 1} */
	match(&W, 2, 3, 25);	/* cluster {2, 3} */
	match(&W, 4, 1, 17);
	match(&W, 4, 3, 22);
	set(0, 2, -20);
	set(0, 3, -20);
	set(1, 2, -20);
	set(1, 3, -20);
	set(4, 0, 5);
	set(4, 2, 10);
	link_all(&W);
	assert_true(together(&W, 4, 3));
	assert_false(together(&W, 4, 1));
	assert_int_equal(W.e[4].poss, 1);
	assert_false(together(&W, 0, 2));
}

/* A big cluster meets a newcomer: only CLUSTERS_SAMPLE of its members are
 * weighed. */
static void
test_sample(void **state)
{
	(void)state;
	reset(&W);
	for (uint32_t i = 1; i < 30; i++)
		match(&W, 0, i, 20);
	for (uint32_t i = 1; i < 30; i++)
		for (uint32_t j = 1; j < i; j++)
			set(i, j, 10);
	/* 30 is apart from the members past the sample, which are not
	 * weighed */
	match(&W, 30, 0, 16);
	for (uint32_t i = 1; i < CLUSTERS_SAMPLE; i++)
		set(30, i, 5);
	for (uint32_t i = CLUSTERS_SAMPLE; i < 30; i++)
		set(30, i, -30);
	link_all(&W);
	for (uint32_t i = 1; i <= 30; i++)
		assert_true(together(&W, 0, i));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_against),
		cmocka_unit_test(test_chain_no_evidence),
		cmocka_unit_test(test_mean),
		cmocka_unit_test(test_better_one),
		cmocka_unit_test(test_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
