/* cli.c - what every leadkit program shares: options, messages, exit codes */
#include "io/cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "value/date.h"
#include "io/encoding.h"
#include "base/sbuf.h"

static const char *progname = "leadkit";
static const char *usage_text = "";

void
cli_init(cli_opts *o, char **argv, const char *name, const char *usage)
{
	progname = name;
	msg_set_progname(name);
	argv[0] = (char *)name;
	usage_text = usage;
	signal(SIGPIPE, SIG_DFL);
	memset(o, 0, sizeof *o);
	o->as_of = time(NULL);
}

const char *
cli_progname(void)
{
	return progname;
}

static void
vmsg(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	if (file != NULL) {
		if (line > 0)
			fprintf(stderr, "%s:%lu: ", file, line);
		else
			fprintf(stderr, "%s: ", file);
	}
	vfprintf(stderr, fmt, ap);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
}

void
cli_warnat(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
}

void
cli_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(LK_EXIT_USAGE);
}

static lk_format
format_arg(const char *opt, const char *arg)
{
	if (strcmp(arg, "csv") == 0)
		return LK_FMT_CSV;
	if (strcmp(arg, "ndjson") == 0 || strcmp(arg, "jsonl") == 0)
		return LK_FMT_NDJSON;
	cli_usage_error("%s: \"%s\" is not a format (csv or ndjson)", opt, arg);
}

/* delim_arg: one byte, or the escapes "\t" and "tab". */
static char
delim_arg(const char *arg)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
		return '\t';
	if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r')
		cli_usage_error("-d: \"%s\" is not a one-character delimiter",
		    arg);
	return arg[0];
}

bool
cli_option(cli_opts *o, int c, const char *arg)
{
	const encoding *enc;
	time_t t;

	switch (c) {
	case 'H':
		o->no_header = true;
		return true;
	case 'd':
		o->delim = delim_arg(arg);
		return true;
	case 'h':
		fputs(usage_text, stdout);
		cli_exit(LK_EXIT_OK);
	case 'i':
		o->in_format = format_arg("-i", arg);
		return true;
	case 'o':
		o->out_format = format_arg("-o", arg);
		return true;
	case 't':
		o->delim = '\t';
		return true;
	case 'V':
		printf("%s (leadkit) %s\n", progname, LEADKIT_VERSION);
		cli_exit(LK_EXIT_OK);
	case CLI_OPT_AS_OF:
		if (date_parse(arg, strlen(arg), false, &t) == DATE_BAD)
			cli_usage_error("--as-of: \"%s\" is not a date", arg);
		o->as_of = t;
		return true;
	case CLI_OPT_ENCODING:
		if ((enc = encoding_find(arg)) == NULL)
			cli_usage_error("--encoding: \"%s\" is not one of %s",
			    arg, encoding_names());
		o->encoding = enc->name;
		return true;
	case CLI_OPT_REJECTS:
		o->rejects = arg;
		return true;
	case CLI_OPT_STATS:
		o->stats = true;
		return true;
	case CLI_OPT_TRIM:
		o->trim = true;
		return true;
	case '?':
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    progname);
		exit(LK_EXIT_USAGE);
	}
	return false;
}

const char *
cli_share_path(sbuf *buf, const char *name)
{
	const char *env = getenv("LEADKIT_SHARE");
	char exe[PATH_MAX];
	ssize_t n;

	sbuf_reset(buf);
	if (env != NULL && *env != '\0') {
		sbuf_addf(buf, "%s/%s", env, name);
		return buf->p;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			sbuf_addf(buf, "%s/../share/leadkit", exe);
			if (access(buf->p, R_OK) == 0) {
				sbuf_addf(buf, "/%s", name);
				return buf->p;
			}
			sbuf_reset(buf);
		}
	}
	sbuf_addf(buf, "%s/%s", LEADKIT_SHAREDIR, name);
	return buf->p;
}

void
cli_exit(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			cli_warn("write error on standard output:");
		status = LK_EXIT_DATA;
	}
	exit(status);
}

double
cli_number(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || v != v)
		cli_usage_error("%s: \"%s\" is not a number", opt, arg);
	if (v < min || v > max)
		cli_usage_error("%s: %s is not between %g and %g", opt, arg,
		    min, max);
	return v;
}

void
cli_file_stem(sbuf *out, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b != NULL ? b + 1 : path;
	const char *dot = strrchr(b, '.');

	sbuf_reset(out);
	sbuf_add(out, b, dot != NULL && dot != b ? (size_t)(dot - b) :
	    strlen(b));
}
