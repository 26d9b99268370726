/* name.h - person and company names
 *
 * Shown names are tidied, not rewritten: white space is collapsed, and case
 * is changed only when the whole value is in one case (a form typed in caps
 * lock, or all lower case); "McDonald", "van der Berg", "DeVito" as typed are
 * kept.  Keys are for matching only.
 */
#ifndef LK_NAME_H
#define LK_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "value/honorific.h"
#include "base/sbuf.h"
#include "base/strset.h"

/*
 * name_tidy: append the tidied name to out.  White space (including
 * non-breaking space) runs become one space, trimmed.  If the value has
 * letters and all of them are upper case, or all lower case, each word is
 * title-cased (first letter upper, rest lower; a letter after '-', '\'',
 * '’' or '.' also upper: "JEAN-PIERRE O'NEIL" -> "Jean-Pierre O'Neil",
 * "J.R.R. TOLKIEN" -> "J.R.R. Tolkien"), except the Dutch/German particles
 * van, von, der, den, de, ter, ten, te, zu, het, which stay lower case
 * unless they are the first word.  Letters without case (CJK, Arabic) do
 * not count, so such names change only in white space.  Invalid UTF-8
 * bytes are dropped.  Returns true if the result differs from the input by
 * more than white space.
 */
bool name_tidy(sbuf *out, const char *s, size_t n);

/*
 * name_split: split a full name into first and last at the last white
 * space, except that particles (as above) before the last word go with
 * the last name: "Joost van der Meer" -> "Joost", "van der Meer".  A
 * single word is a last name, and so is a last word with only particles
 * before it ("van der Meer" -> "", "van der Meer").  Appends the tidied
 * parts (see name_tidy) to first and last.
 *
 * Honorifics (honorific.h; titles may be NULL) at the start, and after the
 * comma below, go to title instead, as name_person does.  One comma means
 * "Last, First": "Müller, Hans" -> "Hans", "Müller"; "van der Meer, Joost"
 * -> "Joost", "van der Meer"; "Müller, Prof. Dr. Hans" -> title "Prof. Dr.".
 * What follows a comma and is nothing but honorifics is a title too
 * ("Hans Müller, Dr."); a trailing comma is dropped.  With two commas or
 * more left, the name is split at its last space as above.
 *	"Prof. Dr. Hans Müller" -> "Hans", "Müller", title "Prof. Dr."
 */
void name_split(sbuf *first, sbuf *last, sbuf *title, const char *s,
    size_t n, const honorific_table *titles);

/*
 * name_person: append the tidied first or last name s (name_tidy) to out,
 * without the honorifics it starts with (honorific_prefix), which are
 * appended to title instead (after a space if title is not empty).
 * Returns true if out differs from s by more than white space: case, or
 * an honorific taken off.
 *	"Dr. Hans" -> "Hans", title "Dr."     "Herr" -> "", title "Herr"
 */
bool name_person(sbuf *out, sbuf *title, const char *s, size_t n,
    const honorific_table *titles);

/*
 * company_key: append the matching key of a company name: fold_key, then
 * legal-form suffixes removed from the end, repeatedly ("acme holding gmbh
 * co kg" loses "gmbh co kg"; "gmbh & co. kg" is one suffix in the list),
 * also a leading "the".  suffixes holds folded suffixes (fold_key form,
 * e.g. "sp z o o", "b v", "gmbh co kg"); the longest matching one wins
 * (suffixes of up to 8 words are looked for).  If removing would leave
 * nothing, the folded name is kept whole ("GmbH & Co. KG" -> "gmbh co kg").
 *	"Müller GmbH & Co. KG" -> "muller"   "ACME, Inc." -> "acme"
 *	"Genpexok Sp. z o.o."  -> "genpexok" "Evdaraxenergie B.V." -> "evdaraxenergie"
 */
void company_key(sbuf *out, const char *s, size_t n, const strset *suffixes);

/*
 * name_is_fake: true when the value looks like test or junk data: it is in
 * fakes (folded with fold_key: "test", "asdf", "mickey mouse", ...), or it
 * is one character repeated, at least twice ("aaaa", "xxx", "x x"; "J"
 * alone is an initial, not fake), or it has no letter at all ("12345",
 * "-", and the empty string).  fakes may be NULL.
 */
bool name_is_fake(const char *s, size_t n, const strset *fakes);

#endif
