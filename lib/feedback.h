/* feedback.h - lead-feedback: sales outcomes into the ledger, and the
 * ledger back out (the training set, the leads due to be recycled)
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

/*
 * feedback_export: every lead of the ledger, by id, to standard output in
 * co's output format (NDJSON unless -o csv): the stored record, then the
 * ledger's columns and the lead's history (lead-feedback(1), --export).
 * feedback_recycle: the leads whose recycle_after has come (by co's
 * as_of) and whose state is closed, as stored; each is released in the
 * ledger with a "recycled" event, so it is emitted once.
 * Both return the exit status: 0, or 1 when a record did not fit the CSV
 * header (reported); a ledger or table error ends the program.
 */
int feedback_export(const feedback_opts *o, const cli_opts *co);
int feedback_recycle(const feedback_opts *o, const cli_opts *co);

#endif
