/* colmap.h - column names to canonical field names
 *
 * A column map is read from files of "Source Column = field" lines ('#'
 * starts a comment) and from --map arguments of the same form.  Source names
 * are matched after fold_alnum (case, accents and everything that is not a
 * letter or digit ignored), so "E-Mail", "e_mail" and "EMAIL" are one entry.
 * An entry added later replaces an earlier one with the same folded name:
 * load the built-in synonyms first, then the user's map file, then --map.
 */
#ifndef LK_COLMAP_H
#define LK_COLMAP_H

#include <stddef.h>

typedef struct colmap colmap;

colmap *colmap_new(void);
void colmap_free(colmap *m);

/* colmap_add: parse one "Source = field" (or "Source=field") entry.
 * Returns 0, or -1 when it has no '=' or an empty side. */
int colmap_add(colmap *m, const char *entry);

/* colmap_load: add every entry of the file at path.  Returns 0; or -1 with
 * *errmsg (caller frees) "path:line: what is wrong", or "path: strerror". */
int colmap_load(colmap *m, const char *path, char **errmsg);

/* colmap_lookup: the field a column maps to, or NULL. */
const char *colmap_lookup(const colmap *m, const char *name, size_t n);

#endif
