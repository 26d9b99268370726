/* msg.c - the program's name, and dying with a message, for base/ */
#include "base/msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *progname = "leadkit";

void
msg_set_progname(const char *name)
{
	progname = name;
}

const char *
msg_progname(void)
{
	return progname;
}

void
msg_die(int status, const char *fmt, ...)
{
	int saved = errno;
	size_t len = strlen(fmt);
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
	exit(status);
}
