/* fold.h - Unicode folding into matching keys (utf8proc)
 *
 * Keys are what leadkit compares, never what it shows: column names,
 * country names, company names, list entries.  Folding is NFKC case folding,
 * then marks stripped, then the few Latin letters that have no decomposition
 * mapped to their base (ł->l, ø->o, đ->d, ß->ss via case folding, æ->ae,
 * œ->oe, ı->i, þ->th).
 *
 *	fold_key("  Müller  GmbH & Co.")   -> "muller gmbh co"
 *	fold_key("Łukasz-Nowak")           -> "lukasz nowak"
 *	fold_alnum("E-Mail Address")       -> "emailaddress"
 *
 * All three append to out (they do not reset it; out->p is a string
 * afterwards even if nothing was added).  Invalid UTF-8 bytes are skipped.
 * None can fail.  Marks are all of Mn, Mc and Me, so Indic vowel signs go
 * too: keys stay consistent, but "राम" and "रम" share one.  Hangul
 * syllables are kept whole rather than split into jamo.
 */
#ifndef LK_FOLD_H
#define LK_FOLD_H

#include <stddef.h>

#include "base/sbuf.h"

/* fold_key: fold; every run of characters that are not letters or digits
 * becomes one space; no leading or trailing space. */
void fold_key(sbuf *out, const char *s, size_t n);
/* fold_alnum: fold; keep only letters and digits. */
void fold_alnum(sbuf *out, const char *s, size_t n);
/* fold_case: Unicode case folding only (ß -> ss, final ς -> σ; marks and
 * punctuation kept), for comparing values ignoring case. */
void fold_case(sbuf *out, const char *s, size_t n);
/* fold_lower: Unicode lower case only (no mark stripping, punctuation kept),
 * for values that are shown, such as e-mail local parts. */
void fold_lower(sbuf *out, const char *s, size_t n);

/* fold_key_class: the class of a folded key's first byte c, for tables
 * that rule most values out before hashing them: 0-25 for a-z, 26-35
 * for 0-9, 36 (FOLD_KEY_CLASSES - 1) for anything else. */
enum { FOLD_KEY_CLASSES = 37 };
static inline int
fold_key_class(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26 + c - '0';
	return 36;
}

#endif
