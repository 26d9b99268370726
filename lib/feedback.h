/* feedback.h - lead-feedback as a stage: sales outcomes into the ledger
 * (export.h writes the ledger back out)
 *
 * The stage reads one outcome a record (id, source id or e-mail, status,
 * reason, date, amount: a CRM export, its columns mapped below), finds
 * the lead by its keys (ledgerkeys.h), moves it in the ledger as the
 * outcome table (lib/outcome.h) and the lifecycle allow, records what
 * follows (recycle_after, handoff, suppressions, state) and the event, and
 * emits the lead's stored record with the outcome's fields set:
 * status, status_was, status_note, outcome, dq_category, recycle_after,
 * handoff, suppress, amount, outcome_at, and feedback_match: how the row
 * found the lead ("id", "merged_id", "source_id", "email", "other_email").  A row that names no lead, or an
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

/* --date-order: how a slashed date of the export is read.  AUTO: a date
 * that both orders read, to different days, is rejected (never guessed). */
typedef enum feedback_date_order {
	FEEDBACK_DATE_AUTO, FEEDBACK_DATE_MDY, FEEDBACK_DATE_DMY,
	FEEDBACK_DATE_YMD
} feedback_date_order;

/*
 * The fields of an outcome row, and where they come from.  A column
 * gives field F when the column map (-m, --map-file) maps it to F, or,
 * when no column of the row is mapped to F, when its name is F's (after
 * fold_alnum: "Source ID" is source_id).  When several columns give a
 * field, the first of them with a value counts ("Converted Date" before
 * "Last Modified Date").  The column map is only looked up (colmap.h):
 * an export profile's map can take its place, or come before it.
 */
enum {
	FEEDBACK_ID, FEEDBACK_SOURCE_ID, FEEDBACK_SOURCE_SYSTEM,
	FEEDBACK_EMAIL, FEEDBACK_STATUS, FEEDBACK_STAGE, FEEDBACK_REASON,
	FEEDBACK_DATE, FEEDBACK_AMOUNT, FEEDBACK_NFIELDS
};

typedef struct feedback_opts {
	const char *ledger;	/* --ledger, or NULL: ledger_path() */
	int nurture_days;	/* --nurture-days: recycle_after = date + it */
	time_t as_of;
	const struct colmap *map;	/* column -> field, or NULL */
	feedback_date_order date_order;
	const char *source_system;	/* of rows that name none, or NULL */
} feedback_opts;

/* feedback_field_name: the name of FEEDBACK_* field k ("source_id");
 * feedback_field_index: the field called name[0..n) exactly, or -1. */
const char *feedback_field_name(int k);
int feedback_field_index(const char *name, size_t n);

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
