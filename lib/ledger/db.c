/* db.c - one run's connection to the ledger file: its statements, cached;
 * binding; the run's row; failing loudly */
#include "ledger/db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/signals.h"
#include "io/cli.h"
#include "io/input.h"
#include "io/output.h"
#include "base/strmap.h"
#include "base/xmem.h"

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
	long long waited;	/* ms waited for the lock, this begin */
	long long wait_base;	/* waited when this wait began */
	long long wait_from;	/* when this wait began (monotonic ms) */
	bool told;		/* "waiting" was said, this begin */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* busy: SQLite's busy handler: wait 10 ms and try again (non-zero), up to
 * LEDGER_WAIT_MS, saying so once it has waited LEDGER_WAIT_TELL_MS; a held
 * signal stops the wait (0: SQLITE_BUSY). */
static int
busy(void *arg, int count)
{
	ledger *l = arg;
	struct timespec ts = { 0, 10 * 1000000L };

	if (count == 0) {
		l->wait_base = l->waited;
		l->wait_from = now_ms();
	}
	if (signals_pending() != 0 ||
	    now_ms() - l->wait_from >= LEDGER_WAIT_MS)
		return 0;
	if (!l->told && l->waited >= LEDGER_WAIT_TELL_MS) {
		cli_warn("%s: waiting for another run's lock on the ledger "
		    "(up to %d s)", l->path, LEDGER_WAIT_MS / 1000);
		l->told = true;
	}
	nanosleep(&ts, NULL);
	l->waited = l->wait_base + now_ms() - l->wait_from;
	return 1;
}

/* interrupt: a signal arrived in a transaction (signals_enter's hook). */
static void
interrupt(void *arg)
{
	sqlite3_interrupt(arg);
}

/* rollback: end the open transaction, if any, undoing it. */
static void
rollback(ledger *l)
{
	if (l->db != NULL && !sqlite3_get_autocommit(l->db))
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

_Noreturn void
ledger_die(ledger *l, const char *what)
{
	char *msg = xstrdup(sqlite3_errmsg(l->db));

	rollback(l);
	if (signals_pending() != 0) {
		free(msg);
		ledger_close(l);	/* its -wal and -shm go with it */
		signals_exit();
	}
	cli_die(LK_EXIT_DATA, "%s: %s%s%s", l->path, what != NULL ? what : "",
	    what != NULL ? ": " : "", msg);
}

void
ledger_exec(ledger *l, const char *sql)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		ledger_die(l, NULL);
}

ledger *
ledger_db_open(const char *path, bool create, const char *program,
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
	sqlite3_busy_handler(l->db, busy, l);
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

void
ledger_db_reset(ledger *l)
{
	for (size_t i = 0; i < l->nall; i++)
		sqlite3_reset(l->all[i]);
}

void
ledger_begin(ledger *l)
{
	ledger_db_reset(l);
	l->waited = 0;
	l->told = false;
	signals_enter(interrupt, l->db);
	if (sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		if (sqlite3_extended_errcode(l->db) == SQLITE_BUSY)
			ledger_die(l, "gave up waiting for another run's lock "
			    "on the ledger");
		ledger_die(l, "waiting for the ledger's lock");
	}
	if (l->waited >= LEDGER_WAIT_TELL_MS)
		cli_warn("%s: waited %.1f s for another run's lock on the "
		    "ledger", l->path, (double)l->waited / 1000);
	if (signals_pending() != 0)
		ledger_die(l, NULL);
}

void
ledger_commit(ledger *l)
{
	ledger_db_reset(l);
	if (signals_pending() != 0)
		ledger_die(l, NULL);	/* rolls back, exits 128 + signal */
	if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		ledger_die(l, "commit");
	signals_leave();
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
	if (signals_pending() != 0)
		ledger_die(l, NULL);
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

