/* groupkey.h - the value a lead is grouped by for -g NAME: its field
 * NAME, or for the names of groupkey.c's table a label made of the
 * fields of lead-dedupe --accounts (account, customer) */
#ifndef LK_REPORT_GROUPKEY_H
#define LK_REPORT_GROUPKEY_H

#include <stddef.h>

#include "io/rec.h"
#include "base/sbuf.h"

/*
 * report_group_key: the group of r for -g name, with its length in *n:
 *   account   "account_name (account_id)", or either alone, from the
 *             fields lead-dedupe --accounts sets; NULL without both
 *   customer  the field customer as "existing customer" (true) or "new"
 *             (false); any other value as it is
 *   other     the field name itself
 * NULL when the lead has nothing for it (the caller says REPORT_NONE).
 * The value lives in r or in b (reset first) until either changes.
 */
const char *report_group_key(rec *r, const char *name, sbuf *b, size_t *n);

/* report_group_reads: the fields the group name reads, one after another
 * in *fields (at most 2), and their number. */
size_t report_group_reads(const char *name, const char *fields[2]);

#endif
