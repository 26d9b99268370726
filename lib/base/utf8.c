/* utf8.c - code points and their classes, over utf8proc */
#include "base/utf8.h"

#include <utf8proc.h>

int32_t
utf8_next_multi(const char *s, size_t n, size_t *i)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t len;

	len = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
	    (utf8proc_ssize_t)(n - *i), &cp);
	if (len < 0) {
		(*i)++;
		return -1;
	}
	*i += (size_t)len;
	return cp;
}

bool
utf8_letter_multi(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return true;
	default:
		return false;
	}
}

bool
utf8_mark_multi(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

bool
utf8_number_multi(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL ||
	    c == UTF8PROC_CATEGORY_NO;
}

size_t
utf8_columns(const char *s, size_t *n, size_t max)
{
	size_t w = 0, i = 0, keep = 0, wkeep = 0;
	utf8proc_ssize_t k;
	utf8proc_int32_t cp;

	while (i < *n && (k = utf8proc_iterate((const utf8proc_uint8_t *)s +
	    i, (utf8proc_ssize_t)(*n - i), &cp)) > 0) {
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? (size_t)cw : 0;
		i += (size_t)k;
		if (max > 0 && w <= max - 1) {
			keep = i;
			wkeep = w;
		}
	}
	if (max > 0 && w > max) {
		*n = keep;
		return wkeep + 1;
	}
	return w;
}
