/* handoff.h - what a lead was when it was handed to sales
 *
 * The review (lead-report --report review) asks of every lead handed to
 * sales what the lead definition said of it then: its status, its grade
 * and score, and the criteria it met (qualify_reason).  leads.record holds
 * only the last routing, and lead-feedback changes its status, so each
 * handoff keeps its own row in the table handoffs: the history event
 * (routed or offered) it is, by its seq, never changed afterwards.
 *
 *	seq       the history row of the event (history.seq)
 *	lead      the lead's id
 *	at        when (the run's --as-of)
 *	status    the lead's status then (lifecycle stage)
 *	grade     its grade then, or NULL
 *	score     its score then, or NULL
 *	criteria  its qualify_reason then, as the record held it (a JSON
 *	          array's text, e.g. ["status mql: ...","met budget_ok",
 *	          "unmet need_ok"]), or NULL
 *
 * Added in schema version 3; the upgrade fills it from history and the
 * stored records: each lead's last handoff gets the record's grade, score
 * and criteria, an earlier one only its status (the rest is not known).
 */
#ifndef LK_LEDGER_HANDOFF_H
#define LK_LEDGER_HANDOFF_H

#include <time.h>

#include "ledger/db.h"

/* The table, for ledger.c's schema and its migration to version 3. */
#define LEDGER_HANDOFF_SCHEMA \
"CREATE TABLE handoffs ("					\
"  seq INTEGER PRIMARY KEY,"					\
"  lead TEXT NOT NULL,"						\
"  at INTEGER NOT NULL,"					\
"  status TEXT,"						\
"  grade TEXT,"							\
"  score REAL,"							\
"  criteria TEXT);"						\
"CREATE INDEX handoffs_at ON handoffs(at);"			\
"CREATE INDEX handoffs_lead ON handoffs(lead, seq);"

/*
 * ledger_handoff_record: lead id was handed to sales at at: its row in
 * handoffs, from its row in leads as just written (status, and grade,
 * score and qualify_reason of its record), for its latest history event.
 * Call it after the lead's row and its routed or offered event are
 * written, inside the same transaction.  Cannot fail (SQLite failing ends
 * the program, see ledger.h).
 */
void ledger_handoff_record(ledger *l, const char *id, time_t at);

/* ledger_handoff_fill: the handoffs of a ledger written before version 3
 * (its migration; see above). */
void ledger_handoff_fill(ledger *l);

#endif
