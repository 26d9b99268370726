/* import.h - lead-import as a stage: raw channel records to canonical leads
 *
 * For each record, in this order:
 *  1. columns are renamed to canonical fields (lead(7)) as mapping.h
 *     resolves them: --map entries, then --map-file, then the export
 *     profile the columns recognise (or --profile), then a column's own
 *     canonical name, then share/leadkit/columns.map, then a repeated
 *     column ("Email_2") as the one it repeats.  When several columns map
 *     to one field, the first takes the name and the others stay as they
 *     are, their value used when the first one is empty; a "join" column
 *     is put in front of its field's value.  Unmapped columns pass through
 *     unchanged.  Then value maps (valmap.h) turn a column's values into
 *     the field's ("Marketing Qualified Lead" -> "mql");
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
 *     has none), imported_at, source_system (--source-system, else the
 *     profile's), and the id: one of leadkit's own ("lk-...") is kept;
 *     another goes to source_id, and the id is derived from source_system
 *     and source_id (or, without a source_id, from source and the e-mail,
 *     phone or names);
 *  5. --require: a record lacking a required field is rejected.
 */
#ifndef LK_IMPORT_H
#define LK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "value/date.h"
#include "io/stage.h"

typedef struct import_opts {
	const char *country;	/* --country: alpha-2 for national numbers */
	const char *map_file;	/* --map-file, or NULL */
	const char **maps;	/* --map entries "Src=dst" */
	size_t nmaps;
	const char *require;	/* --require: "a,b|c": a, and b or c */
	const char *source;	/* --source, or NULL */
	const char *profile;	/* --profile: a name, "none", or NULL */
	const char *source_system; /* --source-system, or NULL */
	bool keep_ids;		/* --keep-ids: any given id is kept */
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

/* import_show_mapping: --show-mapping: for each file (none: stdin), the
 * mapping of its columns (mapping_show) on stdout, from its first record;
 * no record is imported.  Returns 0, or 1 when a file could not be read. */
int import_show_mapping(const import_opts *io, const cli_opts *o,
    char *const *files, int nfiles);

#endif
