/* honorific.h - salutations and academic titles before a name
 *
 * The table (share/leadkit/titles.txt) lists what may stand before a
 * person's name and is not part of it: salutations ("Herr", "Mrs", "Pani",
 * "mevr.") and academic or professional titles ("Dr.", "Prof.",
 * "Dr. med.", "Dipl.-Ing.", "mgr inż.", "dr hab.", "ir.").  Entries are
 * compared folded (fold_key: case, accents and punctuation do not count),
 * so "Dr", "dr." and "DR." are one entry, and "Dr.-Ing." and "Dr. Ing."
 * another.  Several may follow each other: "Herr Prof. Dr. Hans Müller"
 * starts with three.
 *
 * An entry that is also a name ("Pan" is a Chinese surname as well as the
 * Polish "Mr") is marked so, and is taken as an honorific only when two
 * words or more follow it: "Pan Jan Kowalski", but not "Pan Wei".
 */
#ifndef LK_HONORIFIC_H
#define LK_HONORIFIC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

typedef struct honorific_table honorific_table;

/* honorific_new: an empty table.  Cannot fail (dies out of memory). */
honorific_table *honorific_new(void);
void honorific_free(honorific_table *t);

/* honorific_add: add the entry s[0..n) as written (folded here); also_name
 * marks one that is also a name (see above).  An entry that folds to
 * nothing is ignored. */
void honorific_add(honorific_table *t, const char *s, size_t n,
    bool also_name);

/*
 * honorific_load: add the entries of a titles.txt file: lines of
 * "TEXT<TAB>KIND" or "TEXT<TAB>KIND<TAB>name", KIND being salutation or
 * title ('#' starts a comment line).  Returns 0, or -1 with err reset to
 * "path:line: what is wrong" or "path: strerror".
 */
int honorific_load(honorific_table *t, const char *path, sbuf *err);

/*
 * honorific_prefix: the length in bytes of the honorifics s[0..n) starts
 * with, whole words, without the space after the last one; 0 if none.
 * s has its words separated by single spaces and no space at either end
 * (as name_tidy writes it).  The longest entry wins at each step, then
 * the next words are tried:
 *	"Prof. Dr. med. Hans Müller" -> 14 ("Prof. Dr. med.")
 *	"Pan Wei"                    -> 0
 *	"Hans Müller"                -> 0 (one hash look-up)
 * scratch is the caller's buffer for keys: its contents past scratch->n
 * are overwritten, its length is kept.  t may be NULL (no entries).
 */
size_t honorific_prefix(const honorific_table *t, const char *s, size_t n,
    sbuf *scratch);

#endif
