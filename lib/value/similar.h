/* similar.h - string similarity and phonetic keys, for comparing records
 *
 * lead-dedupe compares fields of two records with these.  Inputs are keys
 * made by fold_key() ("muller gmbh", "lukasz"), but any UTF-8 works: all
 * lengths and comparisons are in code points, so "łukasz" against "lukasz"
 * is one letter different, not two bytes.  An invalid byte counts as one
 * code point of its own, U+DC80..U+DCFF as in Python's surrogateescape, so
 * two invalid bytes are equal only when they are the same byte.
 *
 *	similar_jaro_winkler("martha", 6, "marhta", 6)        -> 0.961
 *	similar_edit("4011", 4, "4001", 4)                      -> 0.75
 *	similar_tokens("acme data systems", 17,
 *	    "data systems acme", 17)                            -> 1
 *	similar_phonetic(&b, "robert", 6)                       -> b += "r163"
 *
 * Strings of up to 64 code points are compared without allocating (the
 * work arrays are on the stack); longer ones are compared whole, with work
 * arrays from xmalloc, not truncated.  Time is at worst quadratic in the
 * length (edit distance, token against token).  No function has state or
 * can fail; all are thread-safe, and all are symmetric: f(a, b) == f(b, a).
 */
#ifndef LK_SIMILAR_H
#define LK_SIMILAR_H

#include <stddef.h>

#include "base/sbuf.h"

/* similar_jaro_winkler: Jaro-Winkler similarity in [0,1] of a[0..an) and
 * b[0..bn): Jaro, plus 0.1 for each code point of common prefix (up to 4)
 * times what Jaro lacks of 1, whatever the Jaro value.  Both empty: 1; one
 * empty: 0.  "dwayne", "duane" -> 0.84; "dixon", "dicksonx" -> 0.813. */
double similar_jaro_winkler(const char *a, size_t an, const char *b,
    size_t bn);

/* similar_edit: 1 - d / max(len a, len b), d the optimal string alignment
 * distance (Levenshtein plus transposition of two adjacent code points,
 * no substring edited twice), for codes where one typo must still score
 * high: "4011", "4001" -> 0.75; "19081209", "19082109" -> 0.875.  Both
 * empty: 1; one empty: 0. */
double similar_edit(const char *a, size_t an, const char *b, size_t bn);

/* similar_tokens: similarity of two multi-word names (companies, streets)
 * in [0,1].  Tokens are the words between spaces (runs of spaces count as
 * one).  First equal tokens are paired, then each remaining token of the
 * list with fewer tokens (on a tie, a fixed one of the two), in order,
 * takes the unpaired token of the other with the highest Jaro-Winkler, if
 * that is at least 0.92; a token is paired once.
 * The Dice score 2 * pairs / (tokens of a + tokens of b) ignores order:
 * "acme data systems", "data systems acme" -> 1.  So that words run
 * together still score, the result is the larger of that and the
 * Jaro-Winkler of both strings with the spaces removed: "pridham street",
 * "pridhamstreet" -> 1.  Both without tokens: 1; one without: 0. */
double similar_tokens(const char *a, size_t an, const char *b, size_t bn);

/* similar_phonetic: append to out the phonetic key of the first word of
 * s[0..n) (leading spaces skipped; the word ends at a space).  A word of
 * ASCII letters only, in either case, gets American Soundex in lower case:
 * the first letter and three digits, letters with one code next to each
 * other or with only h or w between them coded once: "robert" and
 * "rupert" -> "r163", "tymczak" -> "t522", "pfister" -> "p236",
 * "ashcraft" -> "a261".  Any other word (Cyrillic, Greek, CJK, but also one
 * with a digit: "4011", "3m") gets its first 3 code points as they are, so
 * such names block by prefix: "александр" -> "але".  No word: nothing is
 * appended.  out->p is a string afterwards in any case. */
void similar_phonetic(sbuf *out, const char *s, size_t n);

#endif
