/* opts.h - what lead-report is asked for: the reports, a bit each, the
 * period, the format, the filters and the ledger's sources */
#ifndef LK_REPORT_OPTS_H
#define LK_REPORT_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "io/cli.h"

/* The reports, a bit each, in the order they are printed: first those
 * of the leads read (REPORT_ALL), then those of the ledger
 * (REPORT_LEDGER_ALL, ledgerrep.c), which read no leads. */
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
	REPORT_REVIEW = 1 << 10,
	REPORT_LEDGER_ALL = ((1 << 11) - 1) & ~REPORT_ALL
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
				 * routed_at for the ledger's reports, on
				 * the handoff for the review) */
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

#endif
