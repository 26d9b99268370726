/* ledger.h - the SQLite database of assignments, outcomes and history
 *
 * lead-route and lead-feedback keep their state in one SQLite file, the
 * ledger: where each lead is, who has it, what sales did with it, and the
 * history of all of it.  Its schema is documented in lead(7) (Ledger); the
 * version is SQLite's user_version, and ledger_open() creates the tables of
 * a new file and refuses a file of a newer version.
 *
 * Locking: the file is in WAL mode, so readers never wait.  Writers take the
 * database's write lock with ledger_begin() (BEGIN IMMEDIATE) before they
 * read what they will change, so two runs at once serialize: the second
 * waits (up to LEDGER_WAIT_MS) and then sees what the first committed.  A
 * run killed mid-transaction leaves the ledger as at its last commit.
 *
 * Errors: SQLite failing (a damaged file, a full disk, a lock held too long)
 * ends the program with "prog: FILE: what SQLite says", exit 1; the open
 * transaction is then rolled back by SQLite.
 */
#ifndef LK_LEDGER_H
#define LK_LEDGER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>

#include "io/rec.h"
#include "base/sbuf.h"

/* The schema version this build writes (PRAGMA user_version).  A file of
 * an older version is upgraded in place by ledger_open (lead(7), Ledger):
 * 2 added the table lead_keys (ledgerkeys.h). */
#define LEDGER_VERSION 2
/* How long a run waits for another run's write lock. */
#define LEDGER_WAIT_MS 300000

/* The events of a lead's history (history.event). */
#define LEDGER_ROUTED	"routed"	/* got an owner */
#define LEDGER_OFFERED	"offered"	/* put on the pick list */
#define LEDGER_CLAIMED	"claimed"	/* taken from the pick list */
#define LEDGER_UNASSIGNED "unassigned"	/* no owner could be found */
#define LEDGER_FEEDBACK	"feedback"	/* an outcome from sales */
#define LEDGER_RECYCLED	"recycled"	/* back into the pipeline */

/* The states of a lead (leads.state). */
#define LEDGER_ASSIGNED	"assigned"	/* an owner works it */
#define LEDGER_OFFER	"offered"	/* waits on the pick list */
#define LEDGER_NONE	"unassigned"	/* routed again by the next run */
#define LEDGER_RELEASED	"released"	/* taken from its owner by feedback
					 * (a handoff, a recycle): routed
					 * again by the next run */
#define LEDGER_CLOSED	"closed"	/* won, lost, out: kept as it is */

typedef struct ledger ledger;

/* ledger_path: the ledger a program uses: opt (--ledger) if not NULL, else
 * $LEADKIT_LEDGER if set and not empty, else "leads.db". */
const char *ledger_path(const char *opt);

/*
 * ledger_open: open the ledger at path (creating it, with its tables, when
 * create is true and it does not exist; upgrading a file of an older
 * schema, once, under the write lock), in WAL mode with the lock wait
 * set, and record a run of program at as_of (ledger_run_id).  Returns the
 * ledger, or NULL with "path: what is wrong" in err (not a database, a newer
 * schema, no such file when !create).
 */
ledger *ledger_open(const char *path, bool create, const char *program,
    time_t as_of, sbuf *err);
void ledger_close(ledger *l);

/* ledger_db: the SQLite handle, for a module's own statements. */
sqlite3 *ledger_db(ledger *l);
/* ledger_file: the path it was opened with (for messages). */
const char *ledger_file(const ledger *l);
/* ledger_run_id: this run's row in runs (history.run). */
sqlite3_int64 ledger_run_id(const ledger *l);

/* ledger_begin: BEGIN IMMEDIATE (waits for another run's lock);
 * ledger_commit: COMMIT.  Both end the program on failure. */
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
/* ledger_die: "prog: FILE: what SQLite says" (after what), exit 1. */
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

/* ledger_history: append an event of lead to history, at the time at, with
 * the other columns NULL when not given (owner, status, outcome, reason;
 * amount NAN for none).  Inside a transaction. */
void ledger_history(ledger *l, const char *lead, time_t at,
    const char *event, const char *owner, const char *status,
    const char *outcome, const char *reason, double amount);

#endif
