/* signals.h - SIGINT and SIGTERM end a run cleanly; files left unfinished
 * are removed
 *
 * A program ended by SIGINT or SIGTERM exits with 128 + the signal (130,
 * 143), and leaves nothing half done behind:
 *  - the files it registered as unfinished (a temporary index beside the
 *    one it replaces, a rejects file being written) are unlinked; the same
 *    happens when it exits with a status other than 0 (cli_die), so that a
 *    failing run leaves no half file where a whole one was expected;
 *  - inside a critical section (a ledger transaction, signals_enter) the
 *    signal is held: the section's owner is told through the hook it set
 *    (sqlite3_interrupt), sees signals_pending(), rolls back and calls
 *    signals_exit().  Outside one the program exits at once, from the
 *    handler (_exit, after the unlinks): nothing is open that could be
 *    left half written, as each write of the ledger is a transaction.
 *
 * Single-threaded use of the registry (the main thread registers and
 * forgets files; worker threads never do).
 */
#ifndef LK_BASE_SIGNALS_H
#define LK_BASE_SIGNALS_H

#include <stdbool.h>
#include <stdnoreturn.h>

/* signals_install: handle SIGINT and SIGTERM (once; later calls do
 * nothing), and unlink the unfinished files at a failing exit. */
void signals_install(void);

/* signals_unfinished: path is a file being written that must not outlive a
 * failure (copied).  signals_finished: it is whole now (or gone): forget
 * it.  At most SIGNALS_MAX files at once; more are not guarded (a warning
 * would be noise: no program writes more than a handful). */
#define SIGNALS_MAX 32
void signals_unfinished(const char *path);
void signals_finished(const char *path);

/* signals_enter, signals_leave: a critical section (nestable); a signal
 * during it calls hook(arg) (async-signal-safe: sqlite3_interrupt) and is
 * held until signals_leave or signals_exit.  hook may be NULL. */
void signals_enter(void (*hook)(void *), void *arg);
void signals_leave(void);

/* signals_pending: the signal held, or 0. */
int signals_pending(void);

/* signals_exit: unlink the unfinished files and exit with 128 + the held
 * signal (the caller has rolled back what it had open). */
noreturn void signals_exit(void);

#endif
