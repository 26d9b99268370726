/* ledger.c - the SQLite database of assignments, outcomes and history */
#include "ledger/ledger.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger/handoff.h"
#include "ledger/ledgerkeys.h"

/* The schema (version LEDGER_VERSION): lead(7), Ledger, says what each
 * column holds.  A file of an older version is brought up to date by the
 * steps of migrations[] below. */
static const char schema[] =
"CREATE TABLE runs ("
"  id INTEGER PRIMARY KEY,"
"  program TEXT NOT NULL,"
"  as_of INTEGER NOT NULL,"
"  started INTEGER NOT NULL,"
"  pid INTEGER NOT NULL);"
"CREATE TABLE leads ("
"  id TEXT PRIMARY KEY,"
"  email TEXT,"
"  phone TEXT,"
"  status TEXT,"
"  state TEXT NOT NULL,"
"  owner TEXT,"
"  pool TEXT,"
"  reason TEXT,"
"  routed_at INTEGER,"
"  contacted_at INTEGER,"
"  feedback_at INTEGER,"
"  outcome TEXT,"
"  dq_category TEXT,"
"  recycle_after TEXT,"
"  handoff TEXT,"
"  amount REAL,"
"  record TEXT NOT NULL,"
"  updated_at INTEGER NOT NULL);"
"CREATE INDEX leads_email ON leads(email);"
"CREATE INDEX leads_owner ON leads(owner, state);"
"CREATE INDEX leads_state ON leads(state, pool, routed_at);"
"CREATE TABLE history ("
"  seq INTEGER PRIMARY KEY,"
"  lead TEXT NOT NULL,"
"  at INTEGER NOT NULL,"
"  event TEXT NOT NULL,"
"  owner TEXT,"
"  status TEXT,"
"  outcome TEXT,"
"  reason TEXT,"
"  amount REAL,"
"  run INTEGER NOT NULL);"
"CREATE INDEX history_lead ON history(lead, seq);"
"CREATE INDEX history_at ON history(at);"
"CREATE TABLE rotation ("
"  pool TEXT NOT NULL,"
"  member TEXT NOT NULL,"
"  credit REAL NOT NULL,"
"  PRIMARY KEY (pool, member)) WITHOUT ROWID;"
"CREATE TABLE suppressions ("
"  kind TEXT NOT NULL,"
"  value TEXT NOT NULL,"
"  lead TEXT NOT NULL,"
"  reason TEXT,"
"  at INTEGER NOT NULL,"
"  PRIMARY KEY (kind, value)) WITHOUT ROWID;"
LEDGER_KEYS_SCHEMA
LEDGER_HANDOFF_SCHEMA;

const char *
ledger_path(const char *opt)
{
	const char *env = getenv("LEADKIT_LEDGER");

	if (opt != NULL)
		return opt;
	return env != NULL && env[0] != '\0' ? env : "leads.db";
}

/* version: the file's user_version, or -1 after an error in err. */
static int
version(ledger *l, sbuf *err)
{
	sqlite3 *db = ledger_db(l);
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		sbuf_addf(err, "%s: %s", ledger_file(l), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return v;
}

/* create: the tables of a new file, under the write lock, so that two
 * runs creating it at once do it once.  0, or -1 with the message in err. */
static int
create(ledger *l, sbuf *err)
{
	sqlite3 *db = ledger_db(l);
	char *msg = NULL;
	int v;

	/* switching to WAL calls no busy handler: another run creating the
	 * file at once makes it fail at once, so it is tried again */
	for (int waited = 0; sqlite3_exec(db, "PRAGMA journal_mode = WAL",
	    NULL, NULL, &msg) != SQLITE_OK; waited += 10) {
		if (sqlite3_errcode(db) != SQLITE_BUSY ||
		    waited >= LEDGER_WAIT_MS)
			goto fail;
		sqlite3_free(msg);
		msg = NULL;
		usleep(10000);
	}
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	if ((v = version(l, err)) < 0)
		return -1;
	if (v == 0) {
		sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "%sPRAGMA user_version = %d", schema,
		    LEDGER_VERSION);
		int rc = sqlite3_exec(db, sql.p, NULL, NULL, &msg);
		sbuf_free(&sql);
		if (rc != SQLITE_OK)
			goto fail;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) == SQLITE_OK)
		return 0;
fail:
	sbuf_addf(err, "%s: %s", ledger_file(l), msg != NULL ? msg :
	    sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/*
 * The steps from one version to the next: steps[v - 1] takes a file of
 * version v to v + 1, its SQL first, then its fill (which may be NULL).
 *
 * 1 -> 2: the table lead_keys, filled from every lead's stored record
 * (its e-mail addresses, telephone numbers, source id and merged ids):
 * a ledger written before finds its leads by any key at once.
 * 2 -> 3: the table handoffs (handoff.h), filled from history and the
 * stored records.
 */
static const struct {
	const char *sql;
	void (*fill)(ledger *l);
} migrations[] = {
	{ LEDGER_KEYS_SCHEMA, ledger_keys_fill },
	{ LEDGER_HANDOFF_SCHEMA, ledger_handoff_fill },
};

/* migrate: bring a file of an older version up to date, under the write
 * lock (two runs at once: the second finds it done).  0, or -1 with the
 * message in err. */
static int
migrate(ledger *l, sbuf *err)
{
	sqlite3 *db = ledger_db(l);
	char *msg = NULL;
	int v;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	if ((v = version(l, err)) < 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (; v < LEDGER_VERSION; v++) {
		sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "%sPRAGMA user_version = %d",
		    migrations[v - 1].sql, v + 1);
		int rc = sqlite3_exec(db, sql.p, NULL, NULL, &msg);
		sbuf_free(&sql);
		if (rc != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		if (migrations[v - 1].fill != NULL)
			migrations[v - 1].fill(l);
	}
	ledger_db_reset(l);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) == SQLITE_OK)
		return 0;
fail:
	sbuf_addf(err, "%s: upgrading the ledger to version %d: %s",
	    ledger_file(l), LEDGER_VERSION, msg != NULL ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* setup: the lock wait, then the tables of a new file, or the steps that
 * bring an older one up to date; a current ledger is only read here (a
 * reader never waits for a writer). */
static int
setup(ledger *l, sbuf *err)
{
	sqlite3 *db = ledger_db(l);
	int v;

	/* a page cache of 32 MB: the indexes of a large ledger stay in memory */
	if (sqlite3_exec(db, "PRAGMA synchronous = FULL;"
	    "PRAGMA cache_size = -32768", NULL, NULL,
	    NULL) != SQLITE_OK || (v = version(l, err)) < 0) {
		if (err->n == 0)
			sbuf_addf(err, "%s: %s", ledger_file(l),
			    sqlite3_errmsg(db));
		return -1;
	}
	if (v > LEDGER_VERSION) {
		sbuf_addf(err, "%s: ledger schema version %d is newer than "
		    "this program's (%d)", ledger_file(l), v, LEDGER_VERSION);
		return -1;
	}
	if (v == 0)
		return create(l, err);
	return v < LEDGER_VERSION ? migrate(l, err) : 0;
}

ledger *
ledger_open(const char *path, bool create, const char *program,
    time_t as_of, sbuf *err)
{
	ledger *l = ledger_db_open(path, create, program, as_of, err);

	if (l != NULL && setup(l, err) != 0) {
		ledger_close(l);
		return NULL;
	}
	return l;
}

void
ledger_history(ledger *l, const char *lead, time_t at, const char *event,
    const char *owner, const char *status, const char *outcome,
    const char *reason, double amount)
{
	sqlite3_int64 run = ledger_run_id(l);
	sqlite3_stmt *st = ledger_stmt(l, "INSERT INTO history (lead, at, "
	    "event, owner, status, outcome, reason, amount, run) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");

	ledger_bind_text(l, st, 1, lead);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)at);
	ledger_bind_text(l, st, 3, event);
	ledger_bind_text(l, st, 4, owner);
	ledger_bind_text(l, st, 5, status);
	ledger_bind_text(l, st, 6, outcome);
	ledger_bind_text(l, st, 7, reason);
	if (isnan(amount))
		sqlite3_bind_null(st, 8);
	else
		sqlite3_bind_double(st, 8, amount);
	sqlite3_bind_int64(st, 9, run);
	ledger_step(l, st);
}
