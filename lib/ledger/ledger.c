/* ledger.c - the SQLite database of assignments, outcomes and history */
#include "ledger/ledger.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/cli.h"
#include "io/input.h"
#include "ledger/ledgerkeys.h"
#include "io/output.h"
#include "base/strmap.h"
#include "base/xmem.h"

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
LEDGER_KEYS_SCHEMA;

struct ledger {
	sqlite3 *db;
	char *path;
	const char *program;
	time_t as_of;
	sqlite3_int64 run;	/* 0 until asked for */
	strmap *stmts;		/* sql -> sqlite3_stmt */
	output *json;		/* writes records as leads.record text */
	sqlite3_stmt **all;	/* to finalize */
	size_t nall;
};

const char *
ledger_path(const char *opt)
{
	const char *env = getenv("LEADKIT_LEDGER");

	if (opt != NULL)
		return opt;
	return env != NULL && env[0] != '\0' ? env : "leads.db";
}

_Noreturn void
ledger_die(ledger *l, const char *what)
{
	cli_die(LK_EXIT_DATA, "%s: %s%s%s", l->path, what != NULL ? what : "",
	    what != NULL ? ": " : "", sqlite3_errmsg(l->db));
}

void
ledger_exec(ledger *l, const char *sql)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		ledger_die(l, NULL);
}

/* version: the file's user_version, or -1 after an error in err. */
static int
version(ledger *l, sbuf *err)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		sbuf_addf(err, "%s: %s", l->path, sqlite3_errmsg(l->db));
	sqlite3_finalize(st);
	return v;
}

/* create: the tables of a new file, under the write lock, so that two
 * runs creating it at once do it once.  0, or -1 with the message in err. */
static int
create(ledger *l, sbuf *err)
{
	char *msg = NULL;
	int v;

	/* switching to WAL calls no busy handler: another run creating the
	 * file at once makes it fail at once, so it is tried again */
	for (int waited = 0; sqlite3_exec(l->db, "PRAGMA journal_mode = WAL",
	    NULL, NULL, &msg) != SQLITE_OK; waited += 10) {
		if (sqlite3_errcode(l->db) != SQLITE_BUSY ||
		    waited >= LEDGER_WAIT_MS)
			goto fail;
		sqlite3_free(msg);
		msg = NULL;
		usleep(10000);
	}
	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	if ((v = version(l, err)) < 0)
		return -1;
	if (v == 0) {
		sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "%sPRAGMA user_version = %d", schema,
		    LEDGER_VERSION);
		int rc = sqlite3_exec(l->db, sql.p, NULL, NULL, &msg);
		sbuf_free(&sql);
		if (rc != SQLITE_OK)
			goto fail;
	}
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, &msg) == SQLITE_OK)
		return 0;
fail:
	sbuf_addf(err, "%s: %s", l->path, msg != NULL ? msg :
	    sqlite3_errmsg(l->db));
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
 */
static void reset_all(ledger *l);

static const struct {
	const char *sql;
	void (*fill)(ledger *l);
} migrations[] = {
	{ LEDGER_KEYS_SCHEMA, ledger_keys_fill },
};

/* migrate: bring a file of an older version up to date, under the write
 * lock (two runs at once: the second finds it done).  0, or -1 with the
 * message in err. */
static int
migrate(ledger *l, sbuf *err)
{
	char *msg = NULL;
	int v;

	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	if ((v = version(l, err)) < 0) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (; v < LEDGER_VERSION; v++) {
		sbuf sql = SBUF_INIT;
		sbuf_addf(&sql, "%sPRAGMA user_version = %d",
		    migrations[v - 1].sql, v + 1);
		int rc = sqlite3_exec(l->db, sql.p, NULL, NULL, &msg);
		sbuf_free(&sql);
		if (rc != SQLITE_OK) {
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
		if (migrations[v - 1].fill != NULL)
			migrations[v - 1].fill(l);
	}
	reset_all(l);
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, &msg) == SQLITE_OK)
		return 0;
fail:
	sbuf_addf(err, "%s: upgrading the ledger to version %d: %s", l->path,
	    LEDGER_VERSION, msg != NULL ? msg : sqlite3_errmsg(l->db));
	sqlite3_free(msg);
	return -1;
}

/* setup: the lock wait, then the tables of a new file, or the steps that
 * bring an older one up to date; a current ledger is only read here (a
 * reader never waits for a writer). */
static int
setup(ledger *l, sbuf *err)
{
	int v;

	sqlite3_busy_timeout(l->db, LEDGER_WAIT_MS);
	/* a page cache of 32 MB: the indexes of a large ledger stay in memory */
	if (sqlite3_exec(l->db, "PRAGMA synchronous = FULL;"
	    "PRAGMA cache_size = -32768", NULL, NULL,
	    NULL) != SQLITE_OK || (v = version(l, err)) < 0) {
		if (err->n == 0)
			sbuf_addf(err, "%s: %s", l->path,
			    sqlite3_errmsg(l->db));
		return -1;
	}
	if (v > LEDGER_VERSION) {
		sbuf_addf(err, "%s: ledger schema version %d is newer than "
		    "this program's (%d)", l->path, v, LEDGER_VERSION);
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
	ledger *l = xcalloc(1, sizeof(*l));
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	l->path = xstrdup(path);
	l->program = program;
	l->as_of = as_of;
	l->stmts = strmap_new();
	if (!create && access(path, F_OK) != 0) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		ledger_close(l);
		return NULL;
	}
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		sbuf_addf(err, "%s: %s", path, l->db != NULL ?
		    sqlite3_errmsg(l->db) : "out of memory");
		ledger_close(l);
		return NULL;
	}
	sqlite3_extended_result_codes(l->db, 1);
	if (setup(l, err) != 0) {
		ledger_close(l);
		return NULL;
	}
	return l;
}

void
ledger_close(ledger *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->nall; i++)
		sqlite3_finalize(l->all[i]);
	free(l->all);
	strmap_free(l->stmts);
	output_free(l->json);
	sqlite3_close(l->db);
	free(l->path);
	free(l);
}

sqlite3 *
ledger_db(ledger *l)
{
	return l->db;
}

const char *
ledger_file(const ledger *l)
{
	return l->path;
}

sqlite3_int64
ledger_run_id(const ledger *l)
{
	ledger *m = (ledger *)l;	/* the run is made when first asked */

	if (m->run == 0) {
		sqlite3_stmt *st = ledger_stmt(m, "INSERT INTO runs (program, "
		    "as_of, started, pid) VALUES (?, ?, ?, ?)");
		ledger_bind_text(m, st, 1, m->program);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)m->as_of);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
		sqlite3_bind_int64(st, 4, (sqlite3_int64)getpid());
		ledger_step(m, st);
		m->run = sqlite3_last_insert_rowid(m->db);
	}
	return m->run;
}

/* reset_all: no cached statement is left mid-scan: one would keep its
 * read snapshot, and a later BEGIN IMMEDIATE then fails at once when
 * another run has committed since. */
static void
reset_all(ledger *l)
{
	for (size_t i = 0; i < l->nall; i++)
		sqlite3_reset(l->all[i]);
}

void
ledger_begin(ledger *l)
{
	reset_all(l);
	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		ledger_die(l, "waiting for the ledger's lock");
}

void
ledger_commit(ledger *l)
{
	reset_all(l);
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		ledger_die(l, "commit");
}

sqlite3_stmt *
ledger_stmt(ledger *l, const char *sql)
{
	size_t n = strlen(sql);
	void *found = NULL;
	sqlite3_stmt *st;

	if (!strmap_get(l->stmts, sql, n, &found)) {
		if (sqlite3_prepare_v3(l->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
			ledger_die(l, NULL);
		strmap_put(l->stmts, sql, n, st);
		l->all = xreallocarray(l->all, l->nall + 1, sizeof(*l->all));
		l->all[l->nall++] = st;
	} else {
		st = found;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return st;
}

int
ledger_step(ledger *l, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ledger_die(l, NULL);
	return rc;
}

void
ledger_bind_text(ledger *l, sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL)
		ledger_bind_textn(l, st, i, s, strlen(s));
	else if (sqlite3_bind_null(st, i) != SQLITE_OK)
		ledger_die(l, NULL);
}

void
ledger_bind_textn(ledger *l, sqlite3_stmt *st, int i, const char *s,
    size_t n)
{
	if (sqlite3_bind_text64(st, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8) !=
	    SQLITE_OK)
		ledger_die(l, NULL);
}

const char *
ledger_column(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

void
ledger_record_text(ledger *l, rec *r, sbuf *out)
{
	if (l->json == NULL)
		l->json = output_new(NULL, "ledger", LK_FMT_NDJSON, ',', false,
		    NULL);
	output_write(l->json, r, NULL);
	sbuf_reset(out);
	output_take(l->json, out);
	if (out->n > 0 && out->p[out->n - 1] == '\n')
		out->p[--out->n] = '\0';
}

int
ledger_record_read(rec *r, const char *text, sbuf *why)
{
	size_t n = text != NULL ? strlen(text) : 0;

	rec_clear(r);
	r->raw = rec_strdup(r, text != NULL ? text : "", n);
	r->rawlen = n;
	return input_parse_json(r, why);
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
