/* gate.c - feedback gating: partners who leave leads without feedback */
#include "route/gate.h"

#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "io/jscan.h"
#include "base/sbuf.h"
#include "base/xmem.h"

/* The overdue leads, oldest first for each owner. */
static const char overdue_sql[] =
    "SELECT owner, id, email, routed_at FROM leads "
    "WHERE state = '" LEDGER_ASSIGNED "' AND owner IS NOT NULL "
    "AND routed_at < ?1 "
    "AND (feedback_at IS NULL OR feedback_at < routed_at) "
    "ORDER BY owner, routed_at, id";

/* escalate: one overdue lead as an NDJSON line. */
static void
escalate(sbuf *b, const roster_member *m, sqlite3_stmt *st, time_t as_of,
    long overdue, long count, bool gated)
{
	const char *id = ledger_column(st, 1), *email = ledger_column(st, 2);
	time_t at = (time_t)sqlite3_column_int64(st, 3);
	long waiting = (long)((as_of - at) / 86400);

	sbuf_reset(b);
	sbuf_adds(b, "{\"partner\":");
	jscan_escape(b, m->id, strlen(m->id));
	sbuf_adds(b, ",\"name\":");
	jscan_escape(b, m->name, strlen(m->name));
	sbuf_adds(b, ",\"lead\":");
	jscan_escape(b, id, strlen(id));
	sbuf_adds(b, ",\"email\":");
	if (email != NULL)
		jscan_escape(b, email, strlen(email));
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"routed_at\":\"");
	date_format(b, at);
	sbuf_addf(b, "\",\"days_waiting\":%ld,\"days_overdue\":%ld,"
	    "\"overdue_leads\":%ld,\"gated\":%s}\n", waiting,
	    waiting - overdue, count, gated ? "true" : "false");
}

size_t
gate_check(ledger *l, const roster *ro, time_t as_of, long overdue,
    long gate, bool *gated, long *counts, FILE *esc)
{
	size_t n, ngated = 0;
	long *count;
	sqlite3_stmt *st = ledger_stmt(l, overdue_sql);
	sbuf b = SBUF_INIT;

	roster_members(ro, &n);
	count = xcalloc(n, sizeof *count);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(as_of - overdue * 86400));
	while (ledger_step(l, st) == SQLITE_ROW) {
		const roster_member *m = roster_find(ro, ledger_column(st, 0));
		if (m != NULL && m->kind == ROSTER_PARTNER)
			count[m->index]++;
	}
	for (size_t i = 0; i < n; i++)
		if ((gated[i] = gate > 0 && count[i] >= gate))
			ngated++;
	if (counts != NULL)
		memcpy(counts, count, n * sizeof *count);
	if (esc != NULL) {
		st = ledger_stmt(l, overdue_sql);
		sqlite3_bind_int64(st, 1,
		    (sqlite3_int64)(as_of - overdue * 86400));
		while (ledger_step(l, st) == SQLITE_ROW) {
			const roster_member *m = roster_find(ro,
			    ledger_column(st, 0));
			if (m == NULL || m->kind != ROSTER_PARTNER)
				continue;
			escalate(&b, m, st, as_of, overdue, count[m->index],
			    gated[m->index]);
			fwrite(b.p, 1, b.n, esc);
		}
	}
	sbuf_free(&b);
	free(count);
	return ngated;
}

size_t
gate_overdue_ids(ledger *l, const roster_member *m, time_t as_of,
    long overdue, size_t max, sbuf *out)
{
	sqlite3_stmt *st = ledger_stmt(l, overdue_sql);
	size_t n = 0;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)(as_of - overdue * 86400));
	while (ledger_step(l, st) == SQLITE_ROW) {
		if (strcmp(ledger_column(st, 0), m->id) != 0)
			continue;
		if (n < max)
			sbuf_addf(out, "%s%s", n > 0 ? ", " : "",
			    ledger_column(st, 1));
		else if (n == max)
			sbuf_adds(out, ", ...");
		n++;
	}
	return n;
}
