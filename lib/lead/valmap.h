/* valmap.h - value maps: what a system writes to what leadkit means
 *
 * A value map turns the values one column holds in an export into the
 * values of a canonical field: HubSpot's "Marketing Qualified Lead" (or its
 * internal "marketingqualifiedlead") into the lifecycle stage "mql", an
 * "Email Opt Out" of "true" into consent "false", "51-200 employees" into
 * "51-200".  Values are matched folded (fold_key: case, accents and runs of
 * punctuation ignored), so "Open - Not Contacted" and "open not contacted"
 * are one entry.  A lookup is one hash probe, after a cheap test of the
 * folded key's first character and length that rules most values out.
 *
 * A map may be strict (a value it does not hold cannot be used: the caller
 * keeps it raw) and may name a field that keeps the value as written
 * ("crm_status" for lifecycle stages).
 */
#ifndef LK_VALMAP_H
#define LK_VALMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

typedef struct valmap valmap;

/* valmap_new: an empty map called name (copied).  Cannot fail. */
valmap *valmap_new(const char *name);
void valmap_free(valmap *m);

const char *valmap_name(const valmap *m);
/* valmap_add: from (folded) maps to to (copied); a later entry for the same
 * folded value replaces the earlier one.  Returns 0, or -1 when from folds
 * to nothing. */
int valmap_add(valmap *m, const char *from, size_t n, const char *to);
/* valmap_size: the number of distinct values mapped. */
size_t valmap_size(const valmap *m);

/* Options: strict (default false), and the field keeping the value as
 * written (default none; copied). */
void valmap_set_strict(valmap *m, bool strict);
bool valmap_strict(const valmap *m);
void valmap_set_keep(valmap *m, const char *field);
const char *valmap_keep(const valmap *m);

/* valmap_lookup: what s[0..n) maps to (NUL-terminated, owned by the map),
 * or NULL.  scratch is the caller's (for values that are not ASCII), so
 * threads may share a map.  Never fails. */
const char *valmap_lookup(const valmap *m, const char *s, size_t n,
    sbuf *scratch);

#endif
