/* country.h - countries: ISO 3166 codes, names in EN/DE/NL/PL, calling codes
 *
 * One table, share/leadkit/countries.tsv, serves country names and phone
 * numbers.  Its lines (after '#' comments) are TAB-separated:
 *
 *	alpha2 alpha3 calling_code trunk_prefix nsn_min nsn_max names
 *	DE     DEU    49           0            6       13      Germany|Deutschland|Duitsland|Niemcy
 *
 * calling_code is digits without '+' (NANP members all say 1); trunk_prefix
 * is the national prefix dialled before an area code ("0"; "1" for NANP;
 * empty where there is none, as in Italy, whose leading 0 is part of the
 * number); nsn_min/nsn_max bound the national significant number's length;
 * names is a '|'-separated list of names and aliases in any language.
 * A country without a calling code (Antarctica) may leave the calling code,
 * trunk prefix and both lengths empty; its lengths are then 0.
 * Lookups fold names with fold_key, so "DEUTSCHLAND", "deutschland " and
 * "Deutschland" agree.
 */
#ifndef LK_COUNTRY_H
#define LK_COUNTRY_H

#include <stddef.h>

typedef struct country {
	char alpha2[3];
	char alpha3[4];
	char calling_code[5];	/* digits, "" if none */
	char trunk_prefix[4];	/* digits, "" if none */
	unsigned char nsn_min, nsn_max;
	const char *name;	/* the first name in the table (English) */
} country;

typedef struct country_table country_table;

/* country_table_load: read the table at path.  Returns NULL and sets errno
 * when the file cannot be read; a malformed line is an error reported as
 * "path:line: what is wrong" through errmsg (caller frees) and NULL. */
country_table *country_table_load(const char *path, char **errmsg);
void country_table_free(country_table *t);

/* country_lookup: by alpha-2 or alpha-3 code (any case) or by any name or
 * alias; NULL if unknown.  "UK" and "England" are aliases of GB in the
 * shipped table, not special cases here. */
const country *country_lookup(const country_table *t, const char *s, size_t n);
/* country_by_alpha2: exact two-letter code, any case; NULL if unknown. */
const country *country_by_alpha2(const country_table *t, const char *a2);
/* country_by_calling_code: the country whose calling code is the longest
 * prefix of digits (1-3 digits are tried); for shared codes, the first in
 * the table (the shipped table lists US first for 1, GB for 44, RU for 7).
 * Stores the code length in *cclen.  NULL if none matches. */
const country *country_by_calling_code(const country_table *t,
    const char *digits, size_t n, size_t *cclen);

#endif
