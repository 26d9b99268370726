/* tally.c - lead-report's counts: per group, per day, per score bucket,
 * per disqualification category */
#include "report/tally.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

void
report_group_init(report_group *g, size_t nstages)
{
	memset(g, 0, sizeof *g);
	g->reached = xcalloc(nstages > 0 ? nstages : 1, sizeof *g->reached);
}

void
report_agg_init(report_agg *a, const char *const *stages, size_t nstages,
    size_t mql, size_t won)
{
	memset(a, 0, sizeof *a);
	a->stages = stages;
	a->nstages = nstages;
	a->mql = mql;
	a->won = won;
	report_group_init(&a->total, nstages);
	a->gidx = strmap_new();
	a->days.idx = strmap_new();
	a->scores.idx = strmap_new();
	a->dq.idx = strmap_new();
}

void
report_tally_free(report_tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	strmap_free(t->idx);
}

void
report_agg_free(report_agg *a)
{
	for (size_t i = 0; i < a->ngroups; i++) {
		report_group *g = a->groups[i];
		for (size_t k = 0; k < a->ngroup; k++)
			free(g->key[k]);
		free(g->key);
		free(g->reached);
		free(g);
	}
	free(a->groups);
	free(a->total.reached);
	strmap_free(a->gidx);
	sbuf_free(&a->keybuf);
	report_tally_free(&a->days);
	report_tally_free(&a->scores);
	report_tally_free(&a->dq);
}

report_group *
report_agg_group(report_agg *a, const char *const *key, const size_t *len)
{
	sbuf *k = &a->keybuf;
	void *v;

	/* the compound key: each part's length (its bytes), then its bytes */
	sbuf_reset(k);
	for (size_t i = 0; i < a->ngroup; i++) {
		sbuf_add(k, (const char *)&len[i], sizeof len[i]);
		sbuf_add(k, key[i], len[i]);
	}
	if (strmap_get(a->gidx, sbuf_str(k), k->n, &v))
		return v;
	report_group *g = xmalloc(sizeof *g);
	report_group_init(g, a->nstages);
	g->key = xcalloc(a->ngroup > 0 ? a->ngroup : 1, sizeof *g->key);
	for (size_t i = 0; i < a->ngroup; i++)
		g->key[i] = xstrndup(key[i], len[i]);
	if (a->ngroups == a->capgroups) {
		a->capgroups = a->capgroups > 0 ? 2 * a->capgroups : 64;
		a->groups = xreallocarray(a->groups, a->capgroups,
		    sizeof *a->groups);
	}
	a->groups[a->ngroups++] = g;
	strmap_put(a->gidx, sbuf_str(k), k->n, g);
	return g;
}

void
report_tally_add(report_tally *t, const char *name, size_t n, uint64_t k)
{
	void *v;

	if (strmap_get(t->idx, name, n, &v)) {
		t->v[(size_t)(uintptr_t)v - 1].n += k;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap > 0 ? 2 * t->cap : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	t->v[t->n] = (report_count){ xstrndup(name, n), k };
	strmap_put(t->idx, name, n, (void *)(uintptr_t)++t->n);
}

void
report_group_add(const report_agg *a, report_group *g, const report_group *h)
{
	g->count += h->count;
	g->won += h->won;
	for (size_t i = 0; i < a->nstages; i++)
		g->reached[i] += h->reached[i];
}
