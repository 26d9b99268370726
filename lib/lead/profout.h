/* profout.h - an export profile read the other way: the import layout
 * that --to writes (lead/crmout.h)
 *
 * A profile says how a CRM's export maps to leads; read backwards it says
 * how to write leads so that the CRM's importer maps them by itself:
 *
 *  - each field goes to the first column a "column" line maps to it (the
 *    CRM's own name: HubSpot's "Lifecycle Stage", Salesforce's "Lead
 *    Status"), unless a "to" line names another or none;
 *  - a value goes through the column's value map backwards, when a "to"
 *    line names the map or the map is strict (a closed set of values:
 *    lifecycle stages): the first "value MAP From = To" line whose To is
 *    the value gives the form written (the profile's own lines, then
 *    values.map's, in file order);
 *  - dates, booleans and countries in the forms the importer takes.
 *
 * Lines of a profile (besides those of profile.h):
 *
 *	to FIELD = Column [map:MAP]	--to writes FIELD in Column, its
 *					values through MAP backwards (default:
 *					the column's own map, else the map
 *					applied to FIELD, if strict)
 *	to FIELD = -			no column: FIELD keeps its own name
 *	to-day FORMAT			strftime(3) form of a day (2026-03-02)
 *	to-time FORMAT			... of a time (2026-03-02T09:15:00Z, UTC)
 *	to-bool TRUE FALSE		the importer's words for true and false
 *	to-country name|code		countries as English names or ISO codes
 *
 * A profile with any of these lines is a layout --to can write.
 */
#ifndef LK_PROFOUT_H
#define LK_PROFOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"
#include "lead/valmap.h"

typedef struct profout profout;

/* One field of the layout; the strings are the layout's. */
typedef struct profout_col {
	char *field;
	char *column;		/* NULL: the field keeps its own name */
	char *map;		/* the map its values go through backwards */
	const valmap *in;	/* the map the column is read with on import
				 * (set by profile.c), or NULL */
	const valmap *vm;	/* the map called map (set by profile.c) */
	bool told;		/* a "to" line set it */
} profout_col;

profout *profout_new(void);
void profout_free(profout *o);

/* profout_column: a "column Source = field [map:MAP]" line, in file order
 * (the first for a field wins; a "to" line overrides it). */
void profout_column(profout *o, const char *src, size_t n,
    const char *field, const char *map);
/* profout_value: a "value MAP From = To" line, in file order. */
void profout_value(profout *o, const char *map, size_t mn, const char *from,
    size_t fn, const char *to);
/* profout_line: a line whose keyword kw[0..kn) starts with "to".  Returns
 * 0, or -1 with msg set (lines_fail). */
int profout_line(profout *o, const char *kw, size_t kn, char *line,
    sbuf *msg);

/* profout_layout: the profile has lines of its own for --to. */
bool profout_layout(const profout *o);
size_t profout_count(const profout *o);
profout_col *profout_at(profout *o, size_t i);
const profout_col *profout_get(const profout *o, size_t i);

/* profout_form: the form of value v[0..n) through map backwards: the From
 * of the first line of map whose To is v in own, then in shared (either
 * may be NULL).  NULL if none. */
const char *profout_form(const profout *own, const profout *shared,
    const char *map, const char *v, size_t n);

/* profout_is_form: s[0..n) is the From of a line of map (in own or
 * shared; case ignored): a word the CRM takes in that column. */
bool profout_is_form(const profout *own, const profout *shared,
    const char *map, const char *s, size_t n);

/* The forms; NULL when the profile names none (the value is written as
 * leadkit holds it). */
const char *profout_day(const profout *o);
const char *profout_time(const profout *o);
const char *profout_true(const profout *o);
const char *profout_false(const profout *o);
/* profout_country_names: countries are written as English names. */
bool profout_country_names(const profout *o);

#endif
