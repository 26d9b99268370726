/* tally.h - the counts lead-report keeps (the aggregate), shared by
 * report.c (the stage, which counts), partial.c (partials), counts.c (the
 * reports of the leads) and ledgerrep.c (which reads the ledger it holds)
 *
 * Exact counts (uint64) per group, never the leads: memory grows with the
 * number of groups, days, score buckets and categories.
 */
#ifndef LK_REPORT_TALLY_H
#define LK_REPORT_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "base/strmap.h"

/* A group: the values of the -g fields ("(none)" when missing), and its
 * counts.  reached[i]: leads that reached funnel stage i or a later one. */
typedef struct report_group {
	char **key;
	uint64_t count, won;
	uint64_t *reached;
} report_group;

/* A tally: counts by name, in the order names first came. */
typedef struct report_count {
	char *name;
	uint64_t n;
} report_count;

typedef struct report_tally {
	strmap *idx;		/* name -> index + 1 */
	report_count *v;
	size_t n, cap;
} report_tally;

typedef struct report_agg {
	const char **group;	/* the -g field names (borrowed or owned) */
	size_t ngroup;
	const char *const *stages;	/* the funnel stages, in order */
	size_t nstages;
	size_t mql, won;	/* their indexes */
	report_group total;	/* every lead counted */
	strmap *gidx;		/* compound key -> group */
	sbuf keybuf;		/* report_agg_group's key, reused */
	report_group **groups;
	size_t ngroups, capgroups;
	report_tally days;	/* created_at day "YYYY-MM-DD", or "(none)" */
	report_tally scores;	/* bucket floor(score / 10) as "%lld", or
				 * "(none)" */
	report_tally dq;	/* dq_category */
	/* the sources of the ledger's reports: NULL when none is asked for
	 * (owned by the stage) */
	struct ledger *ledger;
	struct roster *roster;	/* --roster, or NULL */
} report_agg;

#define REPORT_NONE "(none)"

/* report_group_init: g with no counts and nstages stages reached (free
 * g->reached, and g->key if set). */
void report_group_init(report_group *g, size_t nstages);

/* report_agg_init: a with no counts, for the funnel stages[0..nstages)
 * (borrowed), of which stages[mql] and stages[won] have the roles mql and
 * won (lifecycle.h).
 * report_agg_free: what a holds, not a, its ledger or its roster. */
void report_agg_init(report_agg *a, const char *const *stages,
    size_t nstages, size_t mql, size_t won);
void report_agg_free(report_agg *a);
/* report_agg_group: the group of key[0..ngroup) (lengths len[]), made
 * when new.  Cannot fail. */
report_group *report_agg_group(report_agg *a, const char *const *key,
    const size_t *len);
/* report_tally_add: name[0..n) counts k more (t->idx made first, by the
 * caller: strmap_new()).  Cannot fail. */
void report_tally_add(report_tally *t, const char *name, size_t n,
    uint64_t k);
/* report_tally_free: what t holds (its names, entries and index), not t. */
void report_tally_free(report_tally *t);
/* report_group_add: g gets the counts of h. */
void report_group_add(const report_agg *a, report_group *g,
    const report_group *h);

#endif
