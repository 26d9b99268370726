/* check.h - is a ledger whole and consistent? (lead-feedback --check)
 *
 * SQLite's own check of the file (PRAGMA integrity_check), then leadkit's
 * invariants: every lead in one known state, an assigned lead has an owner
 * and an offered one a pool, every record is a JSON object of its lead's
 * id, every event and key belongs to a lead that is there, every event to a
 * run that is there.  The file is opened read-only: a damaged ledger is
 * never written, an older one not upgraded.
 */
#ifndef LK_LEDGER_CHECK_H
#define LK_LEDGER_CHECK_H

#include <stdio.h>

/*
 * ledger_check: check the ledger at path; each fault is one line
 * "path: what is wrong" through cli_warn (at most LEDGER_CHECK_MAX of a
 * kind), and out gets "path: ok, N leads, M events, schema version V" or
 * "path: K faults".  Returns 0 when it is whole, 1 when not (or when it
 * cannot be opened, or is of a newer schema).
 */
#define LEDGER_CHECK_MAX 10
int ledger_check(const char *path, FILE *out);

#endif
