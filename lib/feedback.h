/* feedback.h - lead-feedback as a stage: sales outcomes into the ledger
 * (export.h writes the ledger back out)
 *
 * The stage reads one outcome a record (id or email, status, reason, date,
 * amount: a CRM export), moves the lead in the ledger (lib/ledger.h) as the
 * outcome table (lib/outcome.h) and the lifecycle allow, records what
 * follows (recycle_after, handoff, suppressions, state) and the event, and
 * emits the lead's stored record with the outcome's fields set:
 * status, status_was, status_note, outcome, dq_category, recycle_after,
 * handoff, suppress, amount, outcome_at.  A row that names no lead, or an
 * outcome the lifecycle refuses, is rejected, and changes nothing.
 *
 * The stage runs on one thread and writes in transactions of
 * FEEDBACK_BATCH rows (the last one committed by finish); a transaction's
 * records are emitted once it has committed.
 */
#ifndef LK_FEEDBACK_H
#define LK_FEEDBACK_H

#include <time.h>

#include "cli.h"
#include "country.h"
#include "ledger.h"
#include "lifecycle.h"
#include "outcome.h"
#include "stage.h"

/* Rows written in one transaction. */
#define FEEDBACK_BATCH 1000

typedef struct feedback_opts {
	const char *ledger;	/* --ledger, or NULL: ledger_path() */
	int nurture_days;	/* --nurture-days: recycle_after = date + it */
	time_t as_of;
} feedback_opts;

/*
 * feedback_new: the stage.  Loads the lifecycle, category and outcome
 * tables and opens the ledger (which must exist); an error in any of them
 * ends the program (exit 1) with the message, such as
 * "lead-feedback: leads.db: No such file or directory".
 */
stage *feedback_new(const feedback_opts *o);

/* The tables and the ledger lead-feedback works with (also export.c). */
typedef struct feedback_tables {
	lifecycle *lc;
	outcome_table *ot;
	ledger *l;
	country_table *countries;	/* loaded when a phone is suppressed */
	time_t as_of;
	int nurture_days;
} feedback_tables;

/* feedback_tables_open: load the lifecycle and outcome tables and open
 * the ledger (which must exist), or end the program (exit 1). */
void feedback_tables_open(feedback_tables *t, const feedback_opts *o);
void feedback_tables_close(feedback_tables *t);

#endif
