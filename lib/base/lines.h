/* lines.h - read a text table line by line
 *
 * The tables and lists in the share directory (countries.tsv, lifecycle.tsv,
 * regions.tsv, columns.map, reference lists) and the files a user gives in
 * their place are text of one entry a line, with '#' comment lines and blank
 * lines.  lines_read opens one, hands every other line to a callback, and
 * stops at the first line the callback rejects, with "path:line: what".
 *
 * Each line (of any length) loses its trailing '\r's and '\n's, and with
 * flags its blanks (' ', '\t'); then it is skipped if it is empty or starts
 * with '#'.  So, for the line "  # see below \r\n":
 *
 *	flags 0			fn gets "  # see below "
 *	LINES_TRIM_END		fn gets "  # see below"
 *	LINES_TRIM		skipped: the comment's '#' comes first
 *
 * Nothing else is special: a UTF-8 BOM is part of line 1, and a NUL byte
 * is passed on as part of the line (n counts it).
 */
#ifndef LK_LINES_H
#define LK_LINES_H

#include <stddef.h>

#include "base/sbuf.h"

enum {
	LINES_TRIM_END = 1,	/* strip trailing blanks too */
	LINES_TRIM_START = 2,	/* strip leading blanks (comments may be
				 * indented) */
	LINES_TRIM = LINES_TRIM_START | LINES_TRIM_END
};

/*
 * lines_fn: take one line, line[0..n), NUL-terminated at n; fn may modify
 * those bytes, which last until it returns.  Returns 0, or -1 after
 * appending what is wrong to msg (without the "path:line: ").
 */
typedef int (*lines_fn)(void *ctx, char *line, size_t n, sbuf *msg);

/* lines_fail: append what is wrong (printf-style) to msg; returns -1, for
 * "return lines_fail(msg, ...)" in a lines_fn. */
int lines_fail(sbuf *msg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * lines_read: call fn(ctx, ...) for every line of the file at path that is
 * not blank or a comment, in order, until fn fails.  Returns 0; or -1 with
 * err reset to "path:line: msg" when fn failed, or to "path: strerror"
 * with errno set when the file could not be opened or read.  err is left
 * alone on success, and may be NULL when errno is all the caller needs.
 */
int lines_read(const char *path, unsigned flags, lines_fn fn, void *ctx,
    sbuf *err);

/* lines_chomp: the length of line[0..len) without its "\n" or "\r\n". */
static inline size_t
lines_chomp(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
}

/* lines_trim: s[0..*n) without the blanks (' ', '\t') around it, *n
 * updated; NULL when nothing is left. */
const char *lines_trim(const char *s, size_t *n);

#endif
