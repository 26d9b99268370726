/* ledgerlist.h - the ledger's suppressions as lead-scrub lists
 *
 * lead-feedback records leads sales found to have wrong data or asked not
 * to be called (table suppressions: kind id, email or phone, and the
 * value).  lead-scrub --list LEDGER reads them as three lists, NAME-id,
 * NAME-email and NAME-phone, whose version is the run's day: the ledger is
 * kept current by every feedback run, so it is never stale.
 */
#ifndef LK_LEDGERLIST_H
#define LK_LEDGERLIST_H

#include <stdbool.h>
#include <time.h>

#include "scrub/listidx.h"
#include "base/sbuf.h"

/* The lists a ledger gives, in this order. */
enum { LEDGERLIST_ID, LEDGERLIST_EMAIL, LEDGERLIST_PHONE, LEDGERLIST_N };

/* ledgerlist_is: the file at path is an SQLite database (by its header). */
bool ledgerlist_is(const char *path);

/* ledgerlist_load: the suppressions of the ledger at path as lists named
 * name-id, name-email and name-phone into out[].  Returns 0, or -1 with
 * "path: what is wrong" in err (a value that is no entry of its kind is
 * an error: the table was written by hand). */
int ledgerlist_load(const char *path, const char *name, time_t as_of,
    listidx *out[LEDGERLIST_N], sbuf *err);

#endif
