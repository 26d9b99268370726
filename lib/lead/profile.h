/* profile.h - export profiles: how one system's export maps to leads
 *
 * A profile describes the export of one system (HubSpot, Salesforce,
 * Pipedrive, ...): the header columns that recognise it, where its columns
 * go, the system's name for source_system, the date order it writes (if it
 * fixes one) and the value maps of its columns.  Profiles are data: one
 * share/leadkit/profiles/NAME.profile each, the name being the file's stem.
 * share/leadkit/values.map holds the value maps every profile (and a file
 * no profile recognises) may use, and the maps that apply to a field
 * whatever its column.  Both are read by profile_set_load.  Lines (blanks
 * separate the keyword from the rest; '#' starts a comment line):
 *
 *	title TEXT			what the profile is, for --show-mapping
 *	system NAME			source_system of its leads
 *	date-order mdy|dmy|ymd		the order of its slashed dates
 *	threshold N			header columns needed (default 3, or
 *					all of them when fewer are listed)
 *	header Column Name		a column that recognises the export
 *	column Source = field [word...]	as in a map file (colmap.h)
 *	value MAP From = To		value map MAP maps From to To
 *	valmap MAP [strict] [keep:FIELD] MAP's options (valmap.h)
 *	apply FIELD MAP			MAP applies to FIELD, whatever column
 *					fills it (unless the column names one)
 *	to..., to-day, to-time...	the layout --to writes (profout.h)
 *
 * A file is recognised from the names of its columns: the profile with the
 * most of its header columns present wins, if it has at least its
 * threshold (ties: the one with the larger share of its header columns,
 * then the first by name).  Names match folded like column maps.
 *
 * Nothing here depends on the stage that uses it: lead-import and
 * lead-feedback resolve columns the same way (mapping.h).
 */
#ifndef LK_PROFILE_H
#define LK_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "lead/colmap.h"
#include "lead/profout.h"
#include "lead/valmap.h"

typedef struct profile profile;
typedef struct profile_set profile_set;

/* profile_set_load: every profile in dir/profiles/ and the shared maps in
 * dir/values.map (dir: the share directory).  Returns the set, or NULL
 * with *err (caller frees) "path:line: what is wrong" or "path: strerror".
 * A value map that a column or apply line names but no file defines is an
 * error too. */
profile_set *profile_set_load(const char *dir, char **err);
void profile_set_free(profile_set *ps);

/* profile_set_count, profile_set_at: the profiles, sorted by name. */
size_t profile_set_count(const profile_set *ps);
const profile *profile_set_at(const profile_set *ps, size_t i);
/* profile_set_find: the profile called name (exactly), or NULL. */
const profile *profile_set_find(const profile_set *ps, const char *name);

/* profile_set_recognise: the profile the columns names[0..n) (lengths
 * lens[]) recognise, or NULL; *score, if not NULL, gets how many of its
 * header columns are present. */
const profile *profile_set_recognise(const profile_set *ps,
    const char *const *names, const size_t *lens, size_t n, size_t *score);

/* profile_set_valmap: the value map called name: p's own (p may be
 * NULL), else a shared one; NULL if none. */
const valmap *profile_set_valmap(const profile_set *ps, const profile *p,
    const char *name);
/* profile_set_applied: the value map that applies to field: p's apply
 * line for it, else the shared one; NULL if none. */
const valmap *profile_set_applied(const profile_set *ps, const profile *p,
    const char *field);

const char *profile_name(const profile *p);
const char *profile_title(const profile *p);	/* "" if none */
const char *profile_system(const profile *p);	/* NULL if none */
/* profile_date_order: "mdy", "dmy", "ymd", or NULL when the system does
 * not fix one. */
const char *profile_date_order(const profile *p);
size_t profile_header_count(const profile *p);
const colmap *profile_columns(const profile *p);

/* profile_out: p read the other way, the layout --to writes (profout.h;
 * profout_layout says whether p has one of its own).
 * profile_set_shared_out: values.map's value lines, for profout_form. */
const profout *profile_out(const profile *p);
const profout *profile_set_shared_out(const profile_set *ps);

#endif
