/* mapping.h - where each column of an export goes, and through which map
 *
 * The column mapping lead-import uses, for any stage that reads exports
 * (lead-feedback too).  A column resolves, first match wins, through:
 *
 *	1. -m/--map entries ("option"),
 *	2. the --map-file ("map file"),
 *	3. the export profile of the file (profile.h), recognised from its
 *	   columns or forced with --profile ("profile"),
 *	4. its own name, when that is a canonical field ("name"),
 *	5. the synonyms of share/leadkit/columns.map ("synonym"),
 *	6. for a repeated column the CSV reader named "Email_2", what
 *	   "Email" resolves to, as a fallback only ("duplicate").
 *
 * so -m and --map-file override anything a profile or synonym says.  The
 * value map of a column is the one its entry names, else the one that
 * applies to its field (profile.h, apply).
 *
 * A mapping holds scratch buffers: one per thread.
 */
#ifndef LK_MAPPING_H
#define LK_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "lead/profile.h"
#include "base/sbuf.h"
#include "lead/valmap.h"

typedef enum mapping_by {
	MAPPING_NONE, MAPPING_OPTION, MAPPING_FILE, MAPPING_PROFILE,
	MAPPING_NAME, MAPPING_SYNONYM, MAPPING_DUPLICATE
} mapping_by;

/* What one column resolves to (the strings are the mapping's). */
typedef struct mapping_col {
	const char *field;	/* the field or name it goes to; NULL: none */
	const valmap *vm;	/* its value map, or NULL */
	const char *strip;	/* text removed from the front of values */
	bool join;		/* joined in front of the field's value */
	bool fallback;		/* only fills the field when it is empty */
	mapping_by by;
} mapping_col;

typedef struct mapping_opts {
	const char *map_file;	/* --map-file, or NULL */
	const char *const *maps; /* -m entries "Src=field" */
	size_t nmaps;
	const char *profile;	/* --profile: a name, "none", or NULL */
} mapping_opts;

/* mapping_new: load columns.map, the profiles and the user's maps.  A
 * share file or map file that cannot be read is fatal (exit 1), a bad -m
 * entry or an unknown --profile a usage error (exit 2, listing the
 * profiles), each with a message. */
typedef struct mapping mapping;
mapping *mapping_new(const mapping_opts *o);
void mapping_free(mapping *m);

/* mapping_profile: the profile for a file whose columns are names[0..n)
 * (lengths lens[]): the forced one, else the one recognised, else NULL;
 * *score (may be NULL) gets the header columns it matched. */
const profile *mapping_profile(mapping *m, const char *const *names,
    const size_t *lens, size_t n, size_t *score);
/* mapping_profiles: the profiles loaded. */
const profile_set *mapping_profiles(const mapping *m);

/* mapping_column: what the column name[0..n) resolves to in a file of
 * profile p (may be NULL). */
void mapping_column(mapping *m, const profile *p, const char *name,
    size_t n, mapping_col *out);

/* mapping_by_name: "option", "map file", "profile", ... for messages. */
const char *mapping_by_name(mapping_by by);

/* mapping_show: the mapping of a file with columns names[0..n), as text
 * for --show-mapping (appended to out): the profile, each column with
 * its field and what decided it, the value maps that apply, and the
 * columns left over.  is_contact, if not NULL, says which fields count
 * as a way to reach a person: a warning line is added when none maps. */
void mapping_show(mapping *m, sbuf *out, const char *file,
    const char *const *names, const size_t *lens, size_t n,
    bool (*is_contact)(const char *field));

#endif
