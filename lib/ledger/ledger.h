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
 * waits (up to LEDGER_WAIT_MS, db.h; saying so on stderr once it has waited
 * LEDGER_WAIT_TELL_MS, and for how long it waited) and then sees what the first
 * committed.  A run killed mid-transaction leaves the ledger as at its last
 * commit; SIGINT or SIGTERM in a transaction rolls it back first
 * (base/signals.h), exit 130 or 143.
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

#include "ledger/db.h"
#include "base/sbuf.h"

/* The schema version this build writes (PRAGMA user_version).  A file of
 * an older version is upgraded in place by ledger_open (lead(7), Ledger):
 * 2 added the table lead_keys (ledgerkeys.h), 3 the table handoffs
 * (handoff.h). */
#define LEDGER_VERSION 3

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

/* ledger_history: append an event of lead to history, at the time at, with
 * the other columns NULL when not given (owner, status, outcome, reason;
 * amount NAN for none).  Inside a transaction. */
void ledger_history(ledger *l, const char *lead, time_t at,
    const char *event, const char *owner, const char *status,
    const char *outcome, const char *reason, double amount);

#endif
