/* check.c - is a ledger whole and consistent? (lead-feedback --check) */
#include "ledger/check.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "io/cli.h"
#include "ledger/ledger.h"

/* The invariants, as queries whose rows are faults: the first column says
 * which row (a lead's id), the message what is wrong with it.  A table
 * added by a later schema version names it (min). */
static const struct {
	int min;		/* the schema version that has the tables */
	const char *sql;
	const char *what;
} invariants[] = {
	{ 1, "SELECT id FROM leads WHERE state NOT IN ('" LEDGER_ASSIGNED
	    "', '" LEDGER_OFFER "', '" LEDGER_NONE "', '" LEDGER_RELEASED
	    "', '" LEDGER_CLOSED "')", "in no known state" },
	{ 1, "SELECT id FROM leads WHERE state = '" LEDGER_ASSIGNED
	    "' AND (owner IS NULL OR owner = '')", "assigned to no owner" },
	{ 1, "SELECT id FROM leads WHERE state = '" LEDGER_OFFER
	    "' AND (pool IS NULL OR pool = '')", "offered in no pool" },
	{ 1, "SELECT id FROM leads WHERE json_valid(record) = 0 OR "
	    "json_type(record) <> 'object'", "its record is no JSON object" },
	{ 1, "SELECT id FROM leads WHERE json_valid(record) AND "
	    "json_type(record) = 'object' AND json_type(record, '$.id') = "
	    "'text' AND json_extract(record, '$.id') <> id",
	    "its record has another id" },
	{ 1, "SELECT DISTINCT lead FROM history WHERE lead NOT IN "
	    "(SELECT id FROM leads)", "has events but is not in leads" },
	{ 1, "SELECT DISTINCT run FROM history WHERE run NOT IN "
	    "(SELECT id FROM runs)", "run of events that is not in runs" },
	{ 2, "SELECT DISTINCT lead FROM lead_keys WHERE lead NOT IN "
	    "(SELECT id FROM leads)", "has keys but is not in leads" },
};

/* count: the one integer sql returns, or -1. */
static long long
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* rows: each row of sql is a fault: warn (up to LEDGER_CHECK_MAX, then how
 * many more), return how many; -1 when sql fails. */
static long long
rows(sqlite3 *db, const char *path, const char *sql, const char *what)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		cli_warn("%s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ < LEDGER_CHECK_MAX) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			cli_warn("%s: %s %s", path, v != NULL ? v : "(null)",
			    what);
		}
	}
	if (rc != SQLITE_DONE) {
		cli_warn("%s: %s", path, sqlite3_errmsg(db));
		n = n > 0 ? n : 1;
	}
	if (n > LEDGER_CHECK_MAX)
		cli_warn("%s: %lld more: %s", path, n - LEDGER_CHECK_MAX, what);
	sqlite3_finalize(st);
	return n;
}

int
ledger_check(const char *path, FILE *out)
{
	sqlite3 *db = NULL;
	long long faults = 0, n;
	int v;

	if (access(path, F_OK) != 0) {
		cli_warn("%s:", path);
		return 1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		cli_warn("%s: %s", path, db != NULL ? sqlite3_errmsg(db) :
		    "out of memory");
		sqlite3_close(db);
		return 1;
	}
	sqlite3_busy_timeout(db, LEDGER_WAIT_MS);
	if ((v = (int)count(db, "PRAGMA user_version")) < 0) {
		cli_warn("%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	if (v > LEDGER_VERSION) {
		cli_warn("%s: ledger schema version %d is newer than this "
		    "program's (%d)", path, v, LEDGER_VERSION);
		sqlite3_close(db);
		return 1;
	}
	if (v == 0) {
		cli_warn("%s: no ledger (schema version 0: no tables)", path);
		sqlite3_close(db);
		return 1;
	}
	/* SQLite's check of the file: "ok", or a row per fault */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		cli_warn("%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t != NULL && strcmp(t, "ok") == 0)
			continue;
		cli_warn("%s: integrity_check: %s", path, t != NULL ? t : "?");
		faults++;
	}
	if (rc != SQLITE_DONE) {
		cli_warn("%s: integrity_check: %s", path, sqlite3_errmsg(db));
		faults++;
	}
	sqlite3_finalize(st);
	/* the invariants of a file SQLite finds whole (a damaged one could
	 * answer anything) */
	bool whole = faults == 0;
	for (size_t i = 0; whole &&
	    i < sizeof invariants / sizeof *invariants; i++) {
		if (v < invariants[i].min)
			continue;
		n = rows(db, path, invariants[i].sql, invariants[i].what);
		faults += n < 0 ? 1 : n;
	}
	if (faults > 0) {
		fprintf(out, "%s: %lld fault%s\n", path, faults,
		    faults == 1 ? "" : "s");
	} else {
		fprintf(out, "%s: ok, %lld leads, %lld events, schema "
		    "version %d%s\n", path, count(db, "SELECT count(*) FROM "
		    "leads"), count(db, "SELECT count(*) FROM history"), v,
		    v < LEDGER_VERSION ? " (older: the next run upgrades it)" :
		    "");
	}
	sqlite3_close(db);
	return faults > 0 ? 1 : 0;
}
