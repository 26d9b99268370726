/* lines.c - read a text table line by line */
#include "base/lines.h"

#include <stdarg.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *
lines_trim(const char *s, size_t *n)
{
	while (*n > 0 && blank(*s)) {
		s++;
		(*n)--;
	}
	while (*n > 0 && blank(s[*n - 1]))
		(*n)--;
	return *n > 0 ? s : NULL;
}

/* io_error: "path: strerror" into err (if any); returns -1, errno kept. */
static int
io_error(const char *path, sbuf *err)
{
	int e = errno;

	if (err != NULL) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: %s", path, strerror(e));
	}
	errno = e;
	return -1;
}

int
lines_read(const char *path, unsigned flags, lines_fn fn, void *ctx,
    sbuf *err)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	sbuf msg = SBUF_INIT;
	int rc = 0;

	if (fp == NULL)
		return io_error(path, err);
	while (rc == 0 && (len = getline(&buf, &cap, fp)) != -1) {
		char *line = buf;
		size_t n = (size_t)len;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    ((flags & LINES_TRIM_END) && blank(line[n - 1]))))
			n--;
		line[n] = '\0';
		if (flags & LINES_TRIM_START)
			for (; n > 0 && blank(*line); n--)
				line++;
		if (n == 0 || *line == '#')
			continue;
		if ((rc = fn(ctx, line, n, &msg)) != 0 && err != NULL) {
			sbuf_reset(err);
			sbuf_addf(err, "%s:%lu: %s", path, lineno,
			    sbuf_str(&msg));
		}
	}
	if (rc == 0 && ferror(fp))
		rc = io_error(path, err);
	int e = errno;
	free(buf);
	sbuf_free(&msg);
	fclose(fp);
	errno = e;
	return rc;
}

int
lines_fail(sbuf *msg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(msg, fmt, ap);
	va_end(ap);
	return -1;
}
