/* utf8.h - code points and their classes, over utf8proc
 *
 * What the normalizers share to walk UTF-8 text a code point at a time.
 * ASCII is decided inline; other code points go to utf8proc's tables.
 */
#ifndef LK_UTF8_H
#define LK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* utf8_next_multi: the code point of the multi-byte sequence at s[*i]. */
int32_t utf8_next_multi(const char *s, size_t n, size_t *i);

/* utf8_next: the code point at s[*i], advancing *i past it; -1 for an
 * invalid byte, which is skipped (one byte). */
static inline int32_t
utf8_next(const char *s, size_t n, size_t *i)
{
	if ((unsigned char)s[*i] < 0x80)
		return (unsigned char)s[(*i)++];
	return utf8_next_multi(s, n, i);
}

/* utf8_columns: the terminal columns s[0..*n) takes (utf8proc's
 * character widths; it stops at an invalid byte).  With max > 0 and s
 * wider than max, *n becomes the length of the longest prefix of at most
 * max - 1 columns, and that width + 1 is returned (room for an
 * ellipsis). */
size_t utf8_columns(const char *s, size_t *n, size_t max);

/* Classes for code points above ASCII (Unicode general categories). */
bool utf8_letter_multi(int32_t cp);	/* Lu Ll Lt Lm Lo */
bool utf8_mark_multi(int32_t cp);	/* Mn Mc */
bool utf8_number_multi(int32_t cp);	/* Nd Nl No */

/* utf8_is_letter: a letter of any script; -1 is none. */
static inline bool
utf8_is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	return utf8_letter_multi(cp);
}

/* utf8_is_mark: a combining mark (it belongs to the letter before it). */
static inline bool
utf8_is_mark(int32_t cp)
{
	return cp >= 0x80 && utf8_mark_multi(cp);
}

/* utf8_is_alnum: a letter or a number of any script. */
static inline bool
utf8_is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return utf8_is_letter(cp) || (cp >= '0' && cp <= '9');
	return utf8_letter_multi(cp) || utf8_number_multi(cp);
}

#endif
