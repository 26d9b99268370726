/* report.h - lead-report as a stage: counts of leads by group, stage
 * reached, period, score and disqualification reason, printed at the end
 *
 * The stage keeps exact counts (uint64) per group, never the leads: memory
 * grows with the number of groups, days, score buckets and categories.  It
 * has a finish, so a run is on one thread.  Each lead is counted once, or
 * left out by the filters (counted as suppressed), or rejected when a field
 * a report needs holds something unreadable (a status that is no stage, a
 * created_at that is no date, a score that is no number).
 *
 * With partial, the state is printed instead (NDJSON, report_partial
 * lines); with merge, the input is such partials, summed: the report over
 * the merged partials of a split input is byte for byte the report over the
 * whole input.
 *
 * The ledger's reports (speed, sla, aging, coverage, fairness) read the
 * ledger of lead-route and lead-feedback, opened when the stage is made,
 * at the end; they take no part in partials.
 */
#ifndef LK_REPORT_H
#define LK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "io/stage.h"

/* The reports, a bit each, in the order they are printed: first those
 * of the leads read (REPORT_ALL), then those of the ledger
 * (REPORT_LEDGER_ALL, reportledger.c), which read no leads. */
enum {
	REPORT_FUNNEL = 1 << 0,
	REPORT_GROUPS = 1 << 1,
	REPORT_RATE = 1 << 2,
	REPORT_SCORE = 1 << 3,
	REPORT_DQ = 1 << 4,
	REPORT_ALL = (1 << 5) - 1,
	REPORT_SPEED = 1 << 5,
	REPORT_SLA = 1 << 6,
	REPORT_AGING = 1 << 7,
	REPORT_COVERAGE = 1 << 8,
	REPORT_FAIRNESS = 1 << 9,
	REPORT_LEDGER_ALL = ((1 << 10) - 1) & ~REPORT_ALL
};

typedef enum report_period {
	REPORT_WEEK, REPORT_MONTH, REPORT_QUARTER
} report_period;

typedef enum report_format {
	REPORT_TEXT, REPORT_CSV, REPORT_NDJSON, REPORT_MARKDOWN, REPORT_HTML
} report_format;

typedef struct report_opts {
	unsigned reports;	/* REPORT_* bits; 0: the default */
	const char **group;	/* -g fields, in order */
	size_t ngroup;
	const char *where;	/* --where condition, or NULL */
	bool has_since, has_until;
	time_t since, until;	/* inclusive bounds on created_at (on
				 * routed_at for the ledger's reports) */
	report_period period;
	report_format format;
	bool color;		/* colour in text */
	bool partial;		/* --partial */
	bool merge;		/* --merge: the input is partials */
	time_t as_of;
	/* the ledger's reports */
	const char *ledger;	/* its path (ledger_path) */
	const char *roster;	/* --roster, or NULL */
	double sla;		/* --sla HOURS */
	const cli_opts *cli;	/* how the roster is read */
} report_opts;

/* report_name, report_parse: a report's name ("funnel"), and the bit of a
 * name (0 for none). */
const char *report_name(unsigned bit);
unsigned report_parse(const char *name);

/* report_new: the stage.  A bad --where (message "--where:1:COL: ...") or a
 * lifecycle table that does not load ends the program (exit 1 for the
 * table, 2 for the condition); so does, with a ledger report asked for, a
 * ledger or roster that does not open (exit 1: "FILE: what is wrong").  o
 * and its strings must outlive the stage. */
stage *report_new(const report_opts *o);

#endif
