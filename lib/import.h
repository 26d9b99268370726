/* import.h - lead-import as a stage: raw channel records to canonical leads
 *
 * For each record, in this order:
 *  1. columns are renamed to canonical fields (lead(7)) through the column
 *     map: --map entries, then --map-file, then share/leadkit/columns.map.
 *     A column already named like a canonical field keeps it; when several
 *     columns map to one field, the first takes the name and the others
 *     stay as they are, their value used when the first one is empty.
 *     Unmapped columns pass through unchanged;
 *  2. placeholder values (share/leadkit/placeholders.txt: "Select", "N/A",
 *     "-", ...; compared folded, or as written for entries that are only
 *     punctuation) in any string field become missing;
 *  3. each canonical field is normalized by its entry in the field table
 *     (field.h); a value that cannot be normalized is kept in <field>_raw and
 *     flagged in quality_flags.  Numeric dates ("04/11/2026") are read in
 *     the order of the run: --date-order, else the order of the export
 *     profile, else the order the created_at values of the first
 *     STAGE_PRIME records settle (a first part over 12 is the day: dmy; a
 *     second part over 12: mdy; both seen: none), else none (date.h): a
 *     date that could be either way round is kept raw, ambiguous_date.
 *     Never from the lead's country;
 *  4. derived: email_kind, company_key, domain, first/last name from a full
 *     name, missing_fields, quality_flags, source (--source, where the record
 *     has none), imported_at, and id where the record has none;
 *  5. --require: a record lacking a required field is rejected.
 */
#ifndef LK_IMPORT_H
#define LK_IMPORT_H

#include <stddef.h>
#include <time.h>

#include "date.h"
#include "stage.h"

typedef struct import_opts {
	const char *country;	/* --country: alpha-2 for national numbers */
	const char *map_file;	/* --map-file, or NULL */
	const char **maps;	/* --map entries "Src=dst" */
	size_t nmaps;
	const char *require;	/* --require: "a,b|c": a, and b or c */
	const char *source;	/* --source, or NULL */
	time_t now;		/* imported_at */
	date_order date_order;	/* --date-order; when DATE_ORDER_NONE, a
				 * recognised profile may set its own (before
				 * clones are made: no later than the first
				 * record); still NONE: detected (step 3) */
} import_opts;

/* import_new: the stage, with every table loaded from the share directory.
 * A table or map file that cannot be read, a bad --map entry or an unknown
 * --country is fatal (exit 2 for options, 1 for files), with a message. */
stage *import_new(const import_opts *io);

#endif
