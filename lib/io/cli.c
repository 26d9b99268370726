/* cli.c - what every leadkit program shares: options, messages, exit codes */
#include "io/cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/strset.h"
#include "base/signals.h"
#include "value/date.h"
#include "io/encoding.h"
#include "base/sbuf.h"

static char progname[64] = "leadkit";	/* a copy: names may be freed */
static const char *usage_text = "";
static const char *ctx_file;	/* cli_set_context */
static unsigned long ctx_line;

void
cli_set_progname(const char *name)
{
	snprintf(progname, sizeof progname, "%s", name);
	msg_set_progname(progname);	/* base/'s messages say it too */
}

void
cli_set_context(const char *file, unsigned long line)
{
	ctx_file = file;
	ctx_line = line;
}

void
cli_init(cli_opts *o, char **argv, const char *name, const char *usage)
{
	cli_set_progname(name);
	argv[0] = progname;
	usage_text = usage;
	signal(SIGPIPE, SIG_DFL);
	signals_install();
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
	if (file == NULL && ctx_file != NULL) {
		file = ctx_file;
		line = ctx_line;
	}
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
		o->as_of = cli_date("--as-of", arg, false);
		return true;
	case CLI_OPT_ENCODING:
		if ((enc = encoding_find(arg)) == NULL)
			cli_usage_error("--encoding: \"%s\" is not one of %s",
			    arg, encoding_names());
		o->encoding = enc->name;
		return true;
	case CLI_OPT_RAW_CELLS:
		o->raw_cells = true;
		return true;
	case CLI_OPT_REJECTS:
		o->rejects = arg;
		return true;
	case CLI_OPT_STATS:
		o->stats = true;
		return true;
	case CLI_OPT_TO:
		/* a profile's name; which profiles have a layout is known
		 * once they are loaded (lead/crmout.h) */
		if (arg[0] == '\0' || arg[0] == '.' ||
		    arg[strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_-")]
		    != '\0')
			cli_usage_error("--to: \"%s\" is no CRM (hubspot, "
			    "salesforce, pipedrive, zoho or mautic)", arg);
		o->to = arg;
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

/* decimal: whether arg is [-]digits[.digits] and nothing else (no blank,
 * sign '+', exponent, hex, inf or nan); whole: without the fraction. */
static bool
decimal(const char *arg, bool whole)
{
	const char *p = arg + (*arg == '-');
	size_t n = strspn(p, "0123456789");

	if (n == 0)
		return false;
	p += n;
	if (*p == '.' && !whole) {
		n = strspn(++p, "0123456789");
		if (n == 0)
			return false;
		p += n;
	}
	return *p == '\0';
}

/* not_number: the usage error for arg, which is no decimal: "not a whole
 * number" when it reads as some other number (2.5, 1e3, 0x10, inf). */
static noreturn void
not_number(const char *opt, const char *arg, bool whole)
{
	char *end;

	errno = 0;
	(void)strtod(arg, &end);
	if (whole && end != arg && *end == '\0')
		cli_usage_error("%s: \"%s\" is not a whole number", opt, arg);
	cli_usage_error("%s: \"%s\" is not a number", opt, arg);
}

double
cli_number(const char *opt, const char *arg, double min, double max)
{
	double v;

	if (!decimal(arg, false))
		not_number(opt, arg, false);
	v = strtod(arg, NULL);
	if (v < min || v > max)
		cli_usage_error("%s: %s is not between %g and %g", opt, arg,
		    min, max);
	return v;
}

long long
cli_count(const char *opt, const char *arg, long long min, long long max)
{
	long long v;

	if (!decimal(arg, true))
		not_number(opt, arg, true);
	errno = 0;
	v = strtoll(arg, NULL, 10);
	if (errno == ERANGE || v < min || v > max)
		cli_usage_error("%s: %s is not between %lld and %lld", opt, arg,
		    min, max);
	return v;
}

/* The units of a duration, in hours. */
static const struct {
	char suffix;
	const char *name;
	long hours;
} units[] = {
	{ 'h', "hours", 1 },
	{ 'd', "days", 24 },
	{ 'w', "weeks", 24 * 7 },
};

long long
cli_duration(const char *opt, const char *arg, char unit, long long max)
{
	size_t n = strspn(arg, "0123456789"), u, given;
	long long v;

	for (u = 0; u < sizeof units / sizeof *units &&
	    units[u].suffix != unit; u++)
		;
	if (u == sizeof units / sizeof *units)
		cli_die(LK_EXIT_USAGE, "cli_duration: no unit '%c'", unit);
	given = u;
	if (n > 0 && arg[n] != '\0' && arg[n + 1] == '\0')
		for (given = 0; given < sizeof units / sizeof *units &&
		    units[given].suffix != arg[n]; given++)
			;
	else if (n == 0 || arg[n] != '\0')
		given = sizeof units / sizeof *units;
	if (given == sizeof units / sizeof *units)
		cli_usage_error("%s: \"%s\" is not a number of %s", opt, arg,
		    units[u].name);
	errno = 0;
	v = strtoll(arg, NULL, 10);
	if (errno == ERANGE || v > max * units[u].hours / units[given].hours)
		cli_usage_error("%s: %s is not between 0 and %lld", opt, arg,
		    max);
	v *= units[given].hours;
	if (v % units[u].hours != 0)
		cli_usage_error("%s: %s is not a whole number of %s", opt, arg,
		    units[u].name);
	return v / units[u].hours;
}

long long
cli_size(const char *opt, const char *arg, long long max)
{
	static const char units[] = "KMG";
	size_t n = strspn(arg, "0123456789");
	const char *u = NULL;
	long long v;

	if (n > 0 && arg[n] != '\0' && arg[n + 1] == '\0')
		u = strchr(units, toupper((unsigned char)arg[n]));
	if (n == 0 || (arg[n] != '\0' && u == NULL))
		cli_usage_error("%s: \"%s\" is not a size (bytes, or with K, "
		    "M or G)", opt, arg);
	errno = 0;
	v = strtoll(arg, NULL, 10);
	for (const char *k = units; u != NULL && k <= u && errno == 0; k++)
		if (v > LLONG_MAX / 1024)
			errno = ERANGE;
		else
			v *= 1024;
	if (errno == ERANGE || v < 1 || v > max)
		cli_usage_error("%s: %s is not between 1 and %lld bytes", opt,
		    arg, max);
	return v;
}

time_t
cli_date(const char *opt, const char *arg, bool end)
{
	time_t t;
	date_kind k = date_parse(arg, strlen(arg), false, &t);

	if (k == DATE_BAD)
		cli_usage_error("%s: \"%s\" is not a date", opt, arg);
	return k == DATE_DAY && end ? t + 86399 : t;
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

strset *
cli_share_list(const char *name, strset_fold_fn fold)
{
	strset *s = strset_new();
	sbuf path = SBUF_INIT;

	if (strset_load(s, cli_share_path(&path, name), fold) != 0)
		cli_die(LK_EXIT_DATA, "%s:", path.p);
	sbuf_free(&path);
	return s;
}
