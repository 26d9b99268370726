/* territory.h - territory entries: where a roster member takes leads from
 *
 * A territory entry is one of (upper-case: the caller upper-cases what it
 * reads):
 *	DE	a country, ISO 3166-1 alpha-2 (share/leadkit/countries.tsv)
 *	DE:80	a country and a postcode prefix (letters, digits, '-'): covers
 *		a lead whose postcode, blanks removed and any case, starts with
 *		it ("80 331")
 *	DACH	a region of share/leadkit/regions.tsv (any case; a region name
 *		is looked up before a country code, so the region NA hides
 *		Namibia)
 *	*	everywhere
 * Any other entry is an error.
 *
 * regions.tsv has one region a line, "NAME<TAB>CC CC ...": NAME letters and
 * digits starting with a letter, 2 or more, unique in any case; each CC a
 * code of countries.tsv; at least one.
 */
#ifndef LK_TERRITORY_H
#define LK_TERRITORY_H

#include <stdbool.h>

#include "base/sbuf.h"

typedef enum territory_kind {
	TERRITORY_ANY,		/* "*" */
	TERRITORY_COUNTRY,	/* "DE" */
	TERRITORY_POSTCODE,	/* "DE:80" */
	TERRITORY_REGION	/* "DACH" */
} territory_kind;

/* A line of regions.tsv (opaque). */
typedef struct territory_region territory_region;

/* An entry, parsed.  prefix points into the entry's text and rg into the
 * tables it was parsed with: both must outlive it. */
typedef struct territory {
	territory_kind kind;
	char cc[3];			/* COUNTRY, POSTCODE: upper-case */
	const char *prefix;		/* POSTCODE: upper-case, no blanks */
	const territory_region *rg;	/* REGION */
} territory;

/* The country and region tables entries are checked against. */
typedef struct territory_tables territory_tables;

/* territory_tables_new: tables not read yet: territory_parse reads them
 * (cli_share_path) the first time an entry needs them, so that a roster
 * without territories, or with only "*", never opens them.  Cannot fail. */
territory_tables *territory_tables_new(void);
/* territory_tables_free: free tt and its tables; NULL is fine.  Entries
 * parsed with tt must not be used after. */
void territory_tables_free(territory_tables *tt);

/*
 * territory_parse: parse entry e (upper-case; it must outlive t) into t.
 * Returns 0; or -1 with err reset to "where: what is wrong" for a bad
 * entry (where: the entry's place, "FILE:LINE"), or to the fault of a
 * table that cannot be read: "path:line: what is wrong" or
 * "path: strerror".  The tables are read with the first entry other than
 * "*"; after a fault there, the next entry tries again.
 */
int territory_parse(territory_tables *tt, const char *e, const char *where,
    territory *t, sbuf *err);

/* territory_covers: t covers a lead in country (alpha-2, any case; may be
 * NULL) with postcode (may be NULL).  A lead without a country is covered
 * only by "*"; one without a postcode by no postcode prefix. */
bool territory_covers(const territory *t, const char *country,
    const char *postcode);

#endif
