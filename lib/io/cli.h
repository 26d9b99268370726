/* cli.h - what every leadkit program shares: options, messages, exit codes
 *
 * Adding a program, lead-<verb>:
 *  1. lib/<verb>/<verb>.[ch]: the work as a stage (see stage.h), options in a struct;
 *     the folder <verb> in PROGRAMS of tests/layers.sh (includes point down);
 *  2. lib/<verb>/<verb>_verb.c: the verb (io/verb.h): usage, its options
 *     beside CLI_SHORTOPTS/CLI_LONGOPTS, the parser; a row in lib/verbs/;
 *  3. cmd/lead-<verb>.c: verb_main(&<verb>_verb, ...), nothing else (the
 *     Makefile finds it);
 *  4. man/lead-<verb>.1 (mdoc, SYNOPSIS = the usage line), a row in lead(7);
 *  5. completions/lead.bash and completions/_lead: its options;
 *  6. tests/lead-<verb>.bats: happy path, every option, bad input;
 *  7. README.md: a row in the table of programs.
 */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <time.h>

#include "base/strset.h"

enum { LK_EXIT_OK = 0, LK_EXIT_DATA = 1, LK_EXIT_USAGE = 2 };

typedef enum lk_format { LK_FMT_AUTO, LK_FMT_CSV, LK_FMT_NDJSON } lk_format;

/* The shared options, filled by cli_option(). */
typedef struct cli_opts {
	lk_format in_format;	/* -i; LK_FMT_AUTO: detect per file */
	lk_format out_format;	/* -o; LK_FMT_AUTO: like the first input */
	char delim;		/* -d/-t; '\0': sniff on input, ',' on output */
	bool no_header;		/* -H */
	bool trim;		/* --trim: strip unquoted CSV spaces */
	bool stats;		/* --stats */
	const char *rejects;	/* --rejects FILE, or NULL */
	const char *encoding;	/* --encoding: a canonical name (encoding.h),
				 * or NULL: guessed per file */
	time_t as_of;		/* --as-of; default: the time of the run */
	bool raw_cells;		/* --raw-cells: CSV cells a spreadsheet would
				 * run as a formula are written and read as
				 * they are (io/formula.h) */
	const char *to;		/* --to CRM: the output in that CRM's import
				 * layout (lead/crmout.h), or NULL */
} cli_opts;

/*
 * Short and long options every program takes.  A program's own option
 * string and table extend these (keep each sorted):
 *	"%s" CLI_SHORTOPTS "r:"   and   { CLI_LONGOPTS, {"rules", ...}, {0} }
 */
#define CLI_SHORTOPTS "Hd:hi:o:tV"
enum {
	CLI_OPT_AS_OF = 256,
	CLI_OPT_ENCODING,
	CLI_OPT_RAW_CELLS,
	CLI_OPT_REJECTS,
	CLI_OPT_STATS,
	CLI_OPT_TO,
	CLI_OPT_TRIM,
	CLI_OPT_PROGRAM = 512	/* a program's own long-only options start here */
};
#define CLI_LONGOPTS \
	{ "as-of",		required_argument,	NULL, CLI_OPT_AS_OF }, \
	{ "delimiter",		required_argument,	NULL, 'd' }, \
	{ "encoding",		required_argument,	NULL, CLI_OPT_ENCODING }, \
	{ "help",		no_argument,		NULL, 'h' }, \
	{ "input-format",	required_argument,	NULL, 'i' }, \
	{ "no-header",		no_argument,		NULL, 'H' }, \
	{ "output-format",	required_argument,	NULL, 'o' }, \
	{ "raw-cells",		no_argument,		NULL, CLI_OPT_RAW_CELLS }, \
	{ "rejects",		required_argument,	NULL, CLI_OPT_REJECTS }, \
	{ "stats",		no_argument,		NULL, CLI_OPT_STATS }, \
	{ "tab",		no_argument,		NULL, 't' }, \
	{ "to",			required_argument,	NULL, CLI_OPT_TO }, \
	{ "trim",		no_argument,		NULL, CLI_OPT_TRIM }, \
	{ "version",		no_argument,		NULL, 'V' }

/* The usage text of the shared options, for a program's --help. */
#define CLI_USAGE_COMMON \
"Input and output:\n" \
"  -i, --input-format csv|ndjson  input format (default: detected per file)\n" \
"  -o, --output-format csv|ndjson output format (default: that of the input)\n" \
"  -d, --delimiter C              CSV delimiter (default: sniffed; ',' out)\n" \
"  -t, --tab                      same as -d '\\t'\n" \
"  -H, --no-header                CSV has no header row: read as col1, col2..,\n" \
"                                 and none is written\n" \
"      --to CRM                   write in the import layout of hubspot,\n" \
"                                 salesforce, pipedrive, zoho or mautic (CSV)\n" \
"      --raw-cells                write CSV cells that start with = + - @ as\n" \
"                                 they are (default: a ' in front)\n" \
"      --trim                     strip spaces around unquoted CSV fields\n" \
"      --encoding NAME            the input's encoding: utf-8, windows-1252,\n" \
"                                 latin1, utf-16... (default: detected)\n" \
"      --rejects FILE             write rejected records there (NDJSON)\n" \
"      --stats                    print record counts to stderr at the end\n" \
"      --as-of DATE               the time of the run (default: now)\n" \
"  -h, --help                     print this help and exit\n" \
"  -V, --version                  print the version and exit\n"

/*
 * cli_init: set the program name used in messages (argv[0] too, so that
 * getopt's own messages say "lead-x:" rather than a path), restore SIGPIPE
 * to its default (so "| head" ends the program quietly), handle SIGINT and
 * SIGTERM (base/signals.h: exit 130/143, nothing half done), fill o with
 * defaults, and remember usage (printed by -h) for cli_option().
 */
void cli_init(cli_opts *o, char **argv, const char *progname,
    const char *usage);
const char *cli_progname(void);
/* cli_set_progname: the name in messages from now on (copied; at most 63
 * bytes): lead run names each stage's program while it parses it. */
void cli_set_progname(const char *name);
/* cli_set_context: until called again with NULL, every message names
 * file:line (0: just file) unless it names its own: the line of a
 * pipeline file whose options are being read.  file is borrowed. */
void cli_set_context(const char *file, unsigned long line);

/*
 * cli_option: handle c if it is a shared option.  Returns true if it was.
 * -h and -V print and exit 0; a bad value is a usage error (exit 2).
 */
bool cli_option(cli_opts *o, int c, const char *arg);

/*
 * Values of options, read strictly (OpenBSD's strtonum habit); anything
 * else is a usage error (exit 2) naming the option:
 * cli_count: a whole number in [min, max], written in decimal digits with
 *	at most a leading '-': "2.5", "0x10", "inf", "1e3", "+5", " 5" and
 *	"5x" are not ("prog: --gate: \"2.5\" is not a whole number",
 *	"prog: --gate: \"ten\" is not a number");
 * cli_number: a number in [min, max]: [-]digits[.digits];
 * cli_duration: a length of time in whole units of unit ('h' hours, 'd'
 *	days), from 0 to max: digits, with an optional unit of its own (h, d,
 *	w: --overdue 2w is 14 days; 36h is no whole number of days);
 * cli_size: a number of bytes from 1 to max: digits with an optional
 *	unit, K, M or G (1024 bytes, its square, its cube; lower case too):
 *	--memory 512M;
 * cli_date: a date or a time as date_parse() reads one (value/date.h: the
 *	one parser of dates), as seconds since the epoch; with end, a day
 *	without a time is its last second (--until).
 */
double cli_number(const char *opt, const char *arg, double min, double max);
long long cli_count(const char *opt, const char *arg, long long min,
    long long max);
long long cli_duration(const char *opt, const char *arg, char unit,
    long long max);
long long cli_size(const char *opt, const char *arg, long long max);
time_t cli_date(const char *opt, const char *arg, bool end);

/* cli_usage_error: "prog: msg", a hint to --help, exit 2.  Also for '?'. */
noreturn void cli_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Messages.  All print "prog: " first and a newline last; a format ending
 * in ':' gets ": strerror(errno)" (err(3) style).  cli_warnat adds
 * "file:line: " (line 0: just "file: ").
 */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warnat(const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
noreturn void cli_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* cli_share_path: the path of a data file in leadkit's share directory:
 * $LEADKIT_SHARE, else <dir of the program>/../share/leadkit, else the
 * compiled-in LEADKIT_SHAREDIR, written into buf (reset first; the caller's,
 * so that threads can call it at once).  Returns buf's text.  The file is
 * not checked for existence beyond choosing the directory. */
struct sbuf;
const char *cli_share_path(struct sbuf *buf, const char *name);
/* cli_share_list: the list in share file name, one entry a line, each
 * folded by fold (strset_load); a file that cannot be read ends the
 * program (exit 1) with the message. */
strset *cli_share_list(const char *name, strset_fold_fn fold);

/* cli_file_stem: the name of the file at path without its directories and
 * extension ("lists/unsub.txt" -> "unsub"; a leading dot is kept), into
 * out (reset first): the default name of what a file holds. */
void cli_file_stem(struct sbuf *out, const char *path);

/* cli_exit: flush stdout; a write error there is reported and makes the
 * status 1.  Then exit with status. */
noreturn void cli_exit(int status);

#endif
