/* db.h - one run's connection to the ledger file
 *
 * The handle every module of the ledger works through: SQLite's
 * connection, its prepared statements (cached by their SQL text), the row
 * of this run in the table runs, and the ledger's records as JSON text.
 * It knows no schema but that of runs: ledger.h makes and upgrades the
 * tables, and is what a program opens.  Failing SQLite (a damaged file, a
 * full disk, a lock held too long) ends the program: "prog: FILE: what
 * SQLite says", exit 1 (ledger_die).
 */
#ifndef LK_LEDGER_DB_H
#define LK_LEDGER_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>

#include "io/rec.h"
#include "base/sbuf.h"

typedef struct ledger ledger;

/* How long a run waits for another run's write lock, and after how long
 * it says that it waits ("waiting for another run's lock"; once it has the
 * lock: "waited 3.4 s for another run's lock"). */
#define LEDGER_WAIT_MS 300000
#define LEDGER_WAIT_TELL_MS 3000

/*
 * ledger_db_open: connect to the SQLite file at path (created, empty, when
 * create is true and it does not exist), for a run of program at as_of
 * (both kept for ledger_run_id; program is not copied).  No table is made
 * or read: ledger_open (ledger.h) does that.  Returns the handle, or NULL
 * with "path: what is wrong" appended to err.
 */
ledger *ledger_db_open(const char *path, bool create, const char *program,
    time_t as_of, sbuf *err);
/* ledger_close: finalize the statements, close the file, free l (NULL: no
 * effect). */
void ledger_close(ledger *l);
/* ledger_db_reset: reset every cached statement, so that none is left
 * mid-scan: one would keep its read snapshot, and a later BEGIN IMMEDIATE
 * then fails at once when another run has committed since. */
void ledger_db_reset(ledger *l);
/* ledger_db: the SQLite handle, for a module's own statements. */
sqlite3 *ledger_db(ledger *l);
/* ledger_file: the path it was opened with (for messages). */
const char *ledger_file(const ledger *l);
/* ledger_run_id: this run's row in runs (history.run). */
sqlite3_int64 ledger_run_id(const ledger *l);

/* ledger_begin: BEGIN IMMEDIATE (waits for another run's lock, up to
 * LEDGER_WAIT_MS); ledger_commit: COMMIT.  Both end the program on
 * failure.  Between them SIGINT and SIGTERM are held (base/signals.h): the
 * statement running is interrupted, the transaction rolled back, and the
 * program exits 128 + the signal. */
void ledger_begin(ledger *l);
void ledger_commit(ledger *l);

/*
 * ledger_stmt: the prepared statement for sql, reset and with its bindings
 * cleared, prepared once per ledger (sql must be a string literal or
 * otherwise outlive l: it is the cache key).  ledger_step: sqlite3_step,
 * SQLITE_ROW or SQLITE_DONE; anything else ends the program.
 */
sqlite3_stmt *ledger_stmt(ledger *l, const char *sql);
int ledger_step(ledger *l, sqlite3_stmt *st);
/* ledger_exec: run sql (no results, no bindings), or end the program. */
void ledger_exec(ledger *l, const char *sql);
/* ledger_die: "prog: FILE: what SQLite says" (after what), exit 1, after
 * rolling back the open transaction; a held signal (the statement was
 * interrupted) ends the program with 128 + the signal instead. */
_Noreturn void ledger_die(ledger *l, const char *what);

/* Binding helpers: text s (NULL binds NULL) copied by SQLite. */
void ledger_bind_text(ledger *l, sqlite3_stmt *st, int i, const char *s);
void ledger_bind_textn(ledger *l, sqlite3_stmt *st, int i, const char *s,
    size_t n);
/* ledger_column: column i of the current row as text (NULL for NULL),
 * valid until the next step or reset. */
const char *ledger_column(sqlite3_stmt *st, int i);

/* ledger_record_text: r as leads.record holds it, one NDJSON object
 * without a newline, into out (reset first). */
void ledger_record_text(ledger *l, rec *r, sbuf *out);
/* ledger_record_read: r becomes the lead whose leads.record is text (NULL
 * taken as empty).  0, or -1 with why the text is no JSON object. */
int ledger_record_read(rec *r, const char *text, sbuf *why);

#endif
