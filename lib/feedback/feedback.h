/* feedback.h - lead-feedback as a stage: sales outcomes into the ledger
 * (export.h writes the ledger back out)
 *
 * The stage reads one outcome a record (id, source id or e-mail, status,
 * reason, date, amount: a CRM export, its columns mapped below), finds
 * the lead by its keys (ledgerkeys.h), moves it in the ledger as the
 * outcome table (lib/lead/outcome.h) and the lifecycle allow, records what
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

#include "io/cli.h"
#include "value/country.h"
#include "value/date.h"
#include "ledger/ledger.h"
#include "lead/lifecycle.h"
#include "lead/outcome.h"
#include "io/stage.h"

/* Rows written in one transaction. */
#define FEEDBACK_BATCH 1000

/*
 * The fields of an outcome row, and where they come from: the column
 * mapping of lead-import (mapping.h), read for feedback.  A column gives
 * field F, first match wins, when
 *
 *	1. -m or --map-file maps it to F (a field of the list below),
 *	2. share/leadkit/feedback.map maps it to F: the columns of CRM
 *	   exports that only feedback reads ("Lifecycle Stage" = stage,
 *	   "Unqualified Reason" = reason, "Converted Date" = date),
 *	3. the file's export profile (recognised from the header, or
 *	   --profile) maps it to a lead field feedback reads: id,
 *	   source_id, source_system, email or status ("Lead ID" of a
 *	   Salesforce export is its source_id); a column the profile maps
 *	   to any other field is not read ("Created Date" is created_at,
 *	   not the outcome's date);
 *
 * or, when no column of the row gives F that way, when its name is F's
 * (after fold_alnum: "Source ID" is source_id), else a synonym of
 * columns.map makes it F.  When several columns give a field, the first
 * of them with a value counts ("Converted Date" before "Last Modified
 * Date").  Value maps are not applied: a status or stage keeps the CRM's
 * label, which outcomes.tsv maps to an outcome.  A row that names no
 * source_system takes --source-system, else the profile's system.
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
	struct mapping *map;	/* the column mapping (mapping.h), or NULL:
				 * columns named like the fields only */
	date_order date_order;	/* --date-order; NONE: the profile's
				 * order, else an ambiguous date is
				 * rejected (never guessed) */
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
