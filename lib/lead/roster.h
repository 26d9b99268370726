/* roster.h - the sales reps and channel partners leads are routed to
 *
 * A roster is a CSV or NDJSON file, one row per member.  Columns (names
 * exact; others ignored; only id required; an empty value or JSON null is
 * the default):
 *
 *	id		unique, non-empty
 *	name		default: the id
 *	kind		rep or partner, any case (default rep)
 *	pool		a list: the pools the member is in (default none; the
 *			default routing uses every member)
 *	territories	a list of entries (below); default none
 *	languages	a list of codes ("de"), lower-cased; none: speaks any
 *	level		a number >= 0 or bronze 1, silver 2, gold 3,
 *			platinum 4 (any case); default 0
 *	turnover	a number >= 0; default 0
 *	weight		a number > 0; default 1
 *	capacity_day	a whole number >= 0: leads a UTC day; default no limit
 *	capacity_week	the same for an ISO week (Monday-Sunday, UTC)
 *	lat, lon	decimal degrees, both or neither; default not located
 *	absent_from, absent_until	YYYY-MM-DD, both days included (UTC);
 *			either may be left out (absent from a day on, or
 *			until a day)
 *
 * A list is separated by commas, semicolons, '|' or blanks, in any mix
 * ("de, en|pl"); empty items are dropped.  In NDJSON a JSON array of
 * strings is a list too.  Numbers are plain decimals ("2", "-0.5", "1e3"),
 * as text or JSON numbers: no thousands separators, so that "48.137" is
 * never read as 48137.
 *
 * A territory entry (upper-cased when read) is a country ("DE"), a country
 * and postcode prefix ("DE:80"), a region of share/leadkit/regions.tsv
 * ("DACH") or "*", everywhere; territory.h says what each covers.  Any
 * other entry is an error.
 */
#ifndef LK_ROSTER_H
#define LK_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "io/cli.h"
#include "base/sbuf.h"

typedef enum roster_kind { ROSTER_REP, ROSTER_PARTNER } roster_kind;

/* A member.  Every pointer lives as long as the roster. */
typedef struct roster_member {
	const char *id, *name;
	roster_kind kind;
	const char *const *pools;	size_t npools;
	const char *const *territories;	size_t nterritories; /* as written, normalized (upper-case) */
	const char *const *languages;	size_t nlanguages;
	double level, turnover, weight;
	long capacity_day, capacity_week;	/* -1: no limit */
	bool located;
	double lat, lon;
	time_t absent_from, absent_until;	/* start of first day; start of the day AFTER the last day; 0: none */
	const char *where;		/* "FILE:LINE" of its row */
	size_t index;			/* position in the roster, from 0 */
} roster_member;

typedef struct roster roster;

/*
 * roster_load: read the roster at path ("-": standard input; format and
 * delimiter as in o: o->in_format, o->delim, o->no_header, o->encoding,
 * o->trim apply).  Returns the roster, which owns all its memory; or NULL
 * with the reason in err (reset first): "path:line: what is wrong" for a
 * bad row (the first one: loading stops there), "path: no members", or
 * "path: strerror" when the file cannot be opened.  The country and region
 * tables (cli_share_path) are read when a territory entry needs them; a
 * fault there is reported the same way, with their path.
 */
roster *roster_load(const char *path, const cli_opts *o, sbuf *err);
/* roster_free: free ro and everything in it; NULL is fine. */
void roster_free(roster *ro);
/* members in roster order */
const roster_member *roster_members(const roster *ro, size_t *n);
/* roster_find: the member with this id (exact), or NULL. */
const roster_member *roster_find(const roster *ro, const char *id);
/* roster_absent: m is absent at time t (absent_from <= t < absent_until,
 * with a missing bound open; with neither bound, never absent). */
bool roster_absent(const roster_member *m, time_t t);
/* roster_in_pool: pool is among m's pools (ASCII case ignored); a NULL or
 * empty pool, the default routing, holds every member. */
bool roster_in_pool(const roster_member *m, const char *pool);
/* roster_covers: the first territory entry of m that covers a lead in
 * country (alpha-2, any case, may be NULL) with postcode (may be NULL),
 * or NULL.  A lead without a country is covered only by "*"; one without
 * a postcode by no postcode prefix.  m must be a member of ro. */
const char *roster_covers(const roster *ro, const roster_member *m,
    const char *country, const char *postcode);
/* roster_speaks: m lists no languages, or lang (any case; NULL or "": true)
 * is among them.  Codes are compared whole: "de-AT" is not "de". */
bool roster_speaks(const roster_member *m, const char *lang);

#endif
