/* report_int.h - the aggregate lead-report keeps, shared by report.c (the
 * stage), reportpart.c (partials), reportfmt.c (the writers) and
 * reportledger.c (the ledger's reports) */
#ifndef LK_REPORT_INT_H
#define LK_REPORT_INT_H

#include <stdint.h>

#include "report/report.h"
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

void report_agg_init(report_agg *a, const char *const *stages,
    size_t nstages);
void report_agg_free(report_agg *a);
/* report_agg_group: the group of key[0..ngroup) (lengths len[]), made
 * when new.  Cannot fail. */
report_group *report_agg_group(report_agg *a, const char *const *key,
    const size_t *len);
/* report_tally_add: name[0..n) counts k more. */
void report_tally_add(report_tally *t, const char *name, size_t n,
    uint64_t k);
/* report_group_add: g gets the counts of h. */
void report_group_add(const report_agg *a, report_group *g,
    const report_group *h);

/* report_partial_write: the state as NDJSON lines into out. */
void report_partial_write(const report_agg *a, sbuf *out);
/* report_partial_take: add the partial line r to a.  Returns 0, or -1 with
 * the reason in why.  A meta line whose funnel or groups differ from a's
 * is an error too; with a->group NULL, the first meta line sets them. */
int report_partial_take(report_agg *a, rec *r, sbuf *why);

/* report_write: print the reports (REPORT_* bits) of a through st. */
void report_write(const report_agg *a, const report_opts *o,
    unsigned reports, stage *st);

/* report_ledger_write: print the ledger's reports among reports (the
 * REPORT_LEDGER_ALL bits) from a->ledger and a->roster through st, with
 * report_table_write (several, first and out as there).  A failing query
 * ends the program (ledger_die). */
void report_ledger_write(const report_agg *a, const report_opts *o,
    unsigned reports, bool several, bool *first, stage *st, sbuf *out);
/* report_ledger_col: the name of column i of the ledger report bit
 * (fairness has three more with a roster); NULL past its last column, or
 * for any other bit.  A static string. */
const char *report_ledger_col(unsigned bit, bool roster, size_t i);

#endif
