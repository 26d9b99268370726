/* colmap.h - column names to canonical field names
 *
 * A column map is read from files of "Source Column = field" lines ('#'
 * starts a comment) and from --map arguments of the same form.  Source names
 * are matched after fold_alnum (case, accents and everything that is not a
 * letter or digit ignored), so "E-Mail", "e_mail" and "EMAIL" are one entry.
 * An entry added later replaces an earlier one with the same folded name:
 * load the built-in synonyms first, then the user's map file, then --map.
 *
 * A source name ending in '*' is a prefix: "I agree* = consent" maps every
 * column whose folded name starts with "iagree"; exact names are tried
 * first, then prefixes in the order added.
 *
 * After the field, words separated by blanks say more:
 *	map:NAME	the column's values go through value map NAME (valmap.h)
 *	join		the value is joined in front of the field's value, with
 *			a space (Dutch "Tussenvoegsel" "van der" + "Berg")
 *	strip:TEXT	TEXT is removed from the front of values (Facebook
 *			writes phone numbers as "p:+4930...")
 * so "Lifecycle Stage = status map:lifecycle".
 */
#ifndef LK_COLMAP_H
#define LK_COLMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct colmap colmap;

/* Where a column goes: owned by the map. */
typedef struct colmap_dest {
	const char *field;	/* the field (or plain name) */
	const char *valmap;	/* map:NAME, or NULL */
	const char *strip;	/* strip:TEXT, or NULL */
	bool join;		/* join */
} colmap_dest;

colmap *colmap_new(void);
void colmap_free(colmap *m);

/* colmap_add: parse one "Source = field [word...]" (or "Source=field")
 * entry.  Returns 0, or -1 when it has no '=', an empty side, or a word
 * after the field that is none of the above. */
int colmap_add(colmap *m, const char *entry);

/* colmap_load: add every entry of the file at path.  Returns 0; or -1 with
 * *errmsg (caller frees) "path:line: what is wrong", or "path: strerror". */
int colmap_load(colmap *m, const char *path, char **errmsg);

/* colmap_lookup: the field a column maps to, or NULL. */
const char *colmap_lookup(const colmap *m, const char *name, size_t n);
/* colmap_lookup_dest: the same, with the words after the field. */
const colmap_dest *colmap_lookup_dest(const colmap *m, const char *name,
    size_t n);

#endif
