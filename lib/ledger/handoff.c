/* handoff.c - what a lead was when it was handed to sales (handoff.h) */
#include "ledger/handoff.h"

#include <sqlite3.h>

/* The history events that hand a lead to sales: ledger.h's LEDGER_ROUTED
 * and LEDGER_OFFERED (ledger.h includes this module's table, so not it). */
#define HANDED "('routed', 'offered')"

/* A field of leads.record, NULL when the record is no JSON (written by
 * hand): json_extract would fail on it. */
#define FIELD(f) "CASE WHEN json_valid(l.record) THEN " \
	"json_extract(l.record, '$." f "') END"

void
ledger_handoff_record(ledger *l, const char *id, time_t at)
{
	sqlite3_stmt *st = ledger_stmt(l, "INSERT OR REPLACE INTO handoffs "
	    "(seq, lead, at, status, grade, score, criteria) "
	    "SELECT (SELECT max(seq) FROM history WHERE lead = ?1), l.id, ?2, "
	    "l.status, " FIELD("grade") ", " FIELD("score") ", "
	    FIELD("qualify_reason") " FROM leads l WHERE l.id = ?1");

	ledger_bind_text(l, st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	ledger_step(l, st);
}

void
ledger_handoff_fill(ledger *l)
{
	/* the last handoff of a lead is the one its record is of */
	ledger_exec(l, "INSERT OR IGNORE INTO handoffs (seq, lead, at, status, "
	    "grade, score, criteria) SELECT h.seq, h.lead, h.at, h.status, "
	    "CASE WHEN h.seq = m.last THEN " FIELD("grade") " END, "
	    "CASE WHEN h.seq = m.last THEN " FIELD("score") " END, "
	    "CASE WHEN h.seq = m.last THEN " FIELD("qualify_reason") " END "
	    "FROM history h JOIN leads l ON l.id = h.lead "
	    "JOIN (SELECT lead, max(seq) AS last FROM history WHERE event IN "
	    HANDED " GROUP BY lead) m ON m.lead = h.lead "
	    "WHERE h.event IN " HANDED);
}
