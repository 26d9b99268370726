/* input.c - reading records from files or stdin, NDJSON or CSV */
#include "io/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/csvin.h"
#include "io/encoding.h"
#include "io/jscan.h"
#include "base/lines.h"
#include "base/sbuf.h"
#include "base/xmem.h"

#define INPUT_BUF (1 << 20)
/* The least room fill() reads into (a UTF-8 character from iconv fits). */
#define FILL_ROOM 64
/* The first bytes of a file looked at to tell its kind and encoding: the
 * first line, and at least this much of what the first reads give. */
#define SNIFF_MIN 65536

struct input {
	const cli_opts *o;
	char *const *files;
	int nfiles, next;
	lk_format first_fmt;
	bool failed;
	unsigned long long nbytes;	/* read from the files, for progress */
	bool defer_json;	/* NDJSON lines returned unparsed (2) */
	const char *const *project;	/* input_project */

	/* the open file */
	int fd;
	const char *name;
	lk_format fmt;
	unsigned long lineno;
	char *buf;
	size_t cap, start, end;
	bool eof, skipping;

	/* encodings: the one asked for (--encoding; NULL: guessed), the open
	 * file's (NULL: UTF-8), converted a line at a time (cd: one byte a
	 * character) or as a stream (wide: UTF-16/32, into buf from raw) */
	const encoding *enc_opt;
	const encoding *enc;
	iconv_t cd, wide;
	sbuf conv;
	char *raw;
	size_t rawcap, rawoff, rawn;
	unsigned long long rawpos;	/* bytes of the file converted */
	bool raw_eof;

	/* CSV */
	csvin *csv;		/* the open file's parser, or NULL */
	csvin **closed;		/* earlier files' parsers: records from them,
				 * in batches, may still use their names */
	size_t nclosed;
	bool csv_done;		/* its end was read */
	sbuf why;
};

input *
input_open(const cli_opts *o, char *const *files, int nfiles)
{
	static char *const std_in[] = { "-" };
	input *in = xcalloc(1, sizeof *in);

	in->o = o;
	in->files = nfiles > 0 ? files : std_in;
	in->nfiles = nfiles > 0 ? nfiles : 1;
	in->fd = -1;
	in->cd = in->wide = (iconv_t)-1;
	if (o->encoding != NULL) {
		in->enc_opt = encoding_find(o->encoding);
		if (in->enc_opt == NULL)
			cli_die(LK_EXIT_USAGE, "--encoding: \"%s\" is not an "
			    "encoding leadkit reads", o->encoding);
		if (in->enc_opt->kind == ENCODING_AUTO)
			in->enc_opt = NULL;
	}
	return in;
}

lk_format
input_format(const input *in)
{
	return in->first_fmt;
}

unsigned long long
input_skipped(const input *in)
{
	unsigned long long n = in->csv != NULL ? csvin_nskipped(in->csv) : 0;

	for (size_t i = 0; i < in->nclosed; i++)
		n += csvin_nskipped(in->closed[i]);
	return n;
}

bool
input_failed(const input *in)
{
	return in->failed;
}

unsigned long long
input_bytes(const input *in)
{
	return in->nbytes;
}

/* read_some: read(2) into p[0..n), again after EINTR.  Returns the bytes
 * read; 0 at end of file or after a read error (reported). */
static size_t
read_some(input *in, char *p, size_t n)
{
	for (;;) {
		ssize_t k = read(in->fd, p, n);
		if (k >= 0) {
			in->nbytes += (unsigned long long)k;
			return (size_t)k;
		}
		if (errno == EINTR)
			continue;
		cli_warnat(in->name, 0, "read error:");
		in->failed = true;
		return 0;
	}
}

/* fill_wide: convert more of the file (UTF-16/32) into buf after end. */
static bool
fill_wide(input *in)
{
	for (;;) {
		if (in->rawn > 0) {
			char *src = in->raw + in->rawoff, *dst = in->buf + in->end;
			size_t sl = in->rawn, room = in->cap - in->end, dl = room;
			size_t rc = iconv(in->wide, &src, &sl, &dst, &dl);
			int err = errno;
			in->rawoff += in->rawn - sl;
			in->rawpos += in->rawn - sl;
			in->rawn = sl;
			in->end += room - dl;
			if (rc == (size_t)-1 && err == EILSEQ) {
				cli_warnat(in->name, 0, "byte %llu is not valid "
				    "%s: the rest of the file is not read",
				    in->rawpos + 1, in->enc->name);
				in->failed = true;
				in->eof = true;
				return room > dl;
			}
			if (room > dl)
				return true;
		}
		if (in->raw_eof) {
			if (in->rawn > 0) {
				cli_warnat(in->name, 0, "the file ends inside a "
				    "%s character", in->enc->name);
				in->failed = true;
			}
			in->eof = true;
			return false;
		}
		memmove(in->raw, in->raw + in->rawoff, in->rawn);
		in->rawoff = 0;
		size_t n = read_some(in, in->raw + in->rawn,
		    in->rawcap - in->rawn);
		if (n == 0)
			in->raw_eof = true;
		in->rawn += n;
	}
}

/* fill: read more bytes after in->end; false at end of file or error. */
static bool
fill(input *in)
{
	if (in->eof)
		return false;
	if (in->start > 0 && in->start == in->end)
		in->start = in->end = 0;
	if (in->cap - in->end < FILL_ROOM) {
		if (in->start > 0) {
			memmove(in->buf, in->buf + in->start,
			    in->end - in->start);
			in->end -= in->start;
			in->start = 0;
		}
		if (in->cap - in->end < FILL_ROOM) {
			in->cap *= 2;
			in->buf = xrealloc(in->buf, in->cap);
		}
	}
	if (in->wide != (iconv_t)-1)
		return fill_wide(in);
	size_t n = read_some(in, in->buf + in->end, in->cap - in->end);
	if (n == 0) {
		in->eof = true;
		return false;
	}
	in->end += n;
	return true;
}

/*
 * read_line: the next line, its terminator included.  Returns 1; 0 at end
 * of file; -1 for a line longer than LK_RECORD_MAX, which is skipped.
 */
static int
read_line(input *in, const char **line, size_t *len)
{
	size_t scanned = 0;	/* bytes after in->start already searched */

	for (;;) {
		char *nl = memchr(in->buf + in->start + scanned, '\n',
		    in->end - in->start - scanned);
		if (nl != NULL) {
			*line = in->buf + in->start;
			*len = (size_t)(nl + 1 - *line);
			in->start += *len;
			in->lineno++;
			if (in->skipping) {
				in->skipping = false;
				return -1;
			}
			return 1;
		}
		scanned = in->end - in->start;
		if (scanned > LK_RECORD_MAX) {
			in->skipping = true;	/* drop what we have */
			in->start = in->end;
			scanned = 0;
		}
		if (!fill(in)) {
			if (in->start == in->end) {
				if (!in->skipping)
					return 0;
				in->skipping = false;
				in->lineno++;
				return -1;
			}
			*line = in->buf + in->start;
			*len = in->end - in->start;
			in->start = in->end;
			in->lineno++;
			return 1;
		}
	}
}

/*
 * utf8_line: line as valid UTF-8: itself, or converted with --encoding.
 * Returns NULL with *why set when it is not valid and cannot be converted.
 */
static const char *
utf8_line(input *in, const char *line, size_t *len, const char **why)
{
	size_t ok = jscan_utf8_valid(line, *len);

	if (ok == *len)
		return line;
	if (in->cd == (iconv_t)-1) {
		sbuf_reset(&in->why);
		sbuf_addf(&in->why, "invalid UTF-8 at byte %zu (use --encoding "
		    "latin1 or cp1252 to convert)", ok + 1);
		*why = in->why.p;
		return NULL;
	}
	sbuf_reset(&in->conv);
	sbuf_grow(&in->conv, *len * 3);
	char *src = (char *)line, *dst = in->conv.p;
	size_t srcleft = *len, dstleft = *len * 3;
	iconv(in->cd, NULL, NULL, NULL, NULL);
	if (iconv(in->cd, &src, &srcleft, &dst, &dstleft) == (size_t)-1) {
		sbuf_reset(&in->why);
		sbuf_addf(&in->why, "byte %zu is not valid %s",
		    (size_t)(src - line) + 1, in->enc->name);
		*why = in->why.p;
		return NULL;
	}
	*len = *len * 3 - dstleft;
	in->conv.n = *len;
	in->conv.p[*len] = '\0';
	return in->conv.p;
}

/* ---- NDJSON ---- */

/*
 * The parse of one line: strings without escapes are decoded by pointing
 * into dec, a copy of the line in which each such string's closing quote
 * is overwritten with a NUL (the line itself stays intact for output).
 */
typedef struct parse {
	rec *r;
	const char *line;
	char *dec;
} parse;

/* decoded: the string literal lit[0..n) decoded and NUL-terminated. */
static const char *
decoded(parse *p, const char *lit, size_t n, size_t *len)
{
	if (memchr(lit, '\\', n) == NULL) {
		char *s = p->dec + (lit - p->line);
		s[n - 1] = '\0';
		*len = n - 2;
		return s + 1;
	}
	sbuf b = SBUF_INIT;
	jscan_unescape(&b, lit, n);
	*len = b.n;
	const char *s = rec_strdup(p->r, sbuf_str(&b), b.n);
	sbuf_free(&b);
	return s;
}

static int
add_member(void *ctx, const char *lit, size_t litlen, const char *val,
    size_t vlen)
{
	parse *p = ctx;
	size_t nlen, slen;
	const char *name = decoded(p, lit, litlen, &nlen);

	rec_add_raw(p->r, name, nlen, lit, litlen, val, vlen);
	if (val[0] == '"') {	/* the decoded value, cached (rec.h) */
		rec_field *f = &p->r->f[p->r->n - 1];
		f->str = decoded(p, val, vlen, &slen);
		f->slen = slen;
	}
	return 0;
}

static int
next_ndjson(input *in, rec *r, const char **why)
{
	const char *line;
	size_t len;
	int rc;

	for (;;) {
		if ((rc = read_line(in, &line, &len)) == 0)
			return 0;
		r->file = in->name;
		r->line = in->lineno;
		if (rc < 0) {
			*why = "line longer than 64 MiB";
			return -1;
		}
		len = lines_chomp(line, len);
		size_t i = 0;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == len)
			continue;	/* blank line */
		r->raw = line;
		r->rawlen = len;
		if (in->cd != (iconv_t)-1 &&
		    (line = utf8_line(in, line, &len, why)) == NULL)
			return -1;
		r->raw = line;
		r->rawlen = len;
		if (in->defer_json)
			return 2;
		if (input_parse_json(r, &in->why) != 0) {
			*why = in->why.p;
			return -1;
		}
		return 1;
	}
}

int
input_parse_json(rec *r, sbuf *why)
{
	jscan_err err;
	parse p = { r, r->raw, rec_strdup(r, r->raw, r->rawlen) };

	r->block = p.dec;	/* names and strings decoded in place */
	r->blocklen = r->rawlen;
	if (jscan_object(r->raw, r->rawlen, add_member, &p, &err) == 0) {
		r->raw_is_json = true;
		return 0;
	}
	rec_drop_fields(r);	/* a partial record: no fields */
	sbuf_reset(why);
	sbuf_addf(why, "invalid JSON at column %zu: %s%s", err.pos + 1, err.msg,
	    strstr(err.msg, "UTF-8") != NULL ?
	    " (use --encoding latin1 or cp1252 to convert)" : "");
	return -1;
}

void
input_defer_json(input *in, bool defer)
{
	in->defer_json = defer;
}

void
input_project(input *in, const char *const *names)
{
	in->project = names;
}

/* ---- CSV ---- */

static int
next_csv(input *in, rec *r, const char **why)
{
	const char *line, *text, *bad, *unused;
	size_t len, tlen;
	int rc;

	for (;;) {
		if ((rc = csvin_take(in->csv, r, why)) == -2) {
			cli_warnat(in->name, r->line, "%s: the file is not read",
			    *why);
			in->failed = true;
			rec_clear(r);
			return 0;
		}
		if (rc != 0)
			return rc;
		if (in->csv_done)
			return 0;
		rc = read_line(in, &line, &len);
		if (rc == 0) {
			csvin_end(in->csv);
			in->csv_done = true;
			continue;
		}
		if (rc < 0) {
			csvin_skipped(in->csv, in->lineno);
			continue;
		}
		/* with --encoding, a line that is not UTF-8 is converted
		 * whole; csvin checks each field otherwise */
		text = line;
		tlen = len;
		bad = NULL;
		if (in->cd != (iconv_t)-1 &&
		    (text = utf8_line(in, line, &tlen, &unused)) == NULL) {
			bad = "a byte that is not valid in the file's "
			    "encoding (see --encoding)";
			text = line;
			tlen = len;
		}
		csvin_line(in->csv, line, len, text, tlen, in->lineno, bad);
	}
}

/* ---- files ---- */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
close_file(input *in)
{
	if (in->fd > 0)
		close(in->fd);	/* never stdin */
	in->fd = -1;
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	if (in->wide != (iconv_t)-1)
		iconv_close(in->wide);
	in->cd = in->wide = (iconv_t)-1;
	if (in->csv != NULL) {
		csvin_release(in->csv);
		in->closed = xreallocarray(in->closed, in->nclosed + 1,
		    sizeof *in->closed);
		in->closed[in->nclosed++] = in->csv;
		in->csv = NULL;
	}
}

/* refuse: the open file is not read: say why (at line, 0: none). */
static void
refuse(input *in, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
refuse(input *in, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	sbuf_reset(&in->why);
	va_start(ap, fmt);
	sbuf_vaddf(&in->why, fmt, ap);
	va_end(ap);
	cli_warnat(in->name, line, "%s", in->why.p);
	in->failed = true;
	close_file(in);
}

/* open_iconv: a converter from e to UTF-8; dies if iconv lacks it. */
static iconv_t
open_iconv(const encoding *e)
{
	iconv_t cd = iconv_open("UTF-8", e->iconv);

	if (cd == (iconv_t)-1)
		cli_die(LK_EXIT_DATA, "iconv %s:", e->iconv);
	return cd;
}

/* start_wide: from here on the file (UTF-16/32, its BOM skipped) is
 * converted as it is read: what was read so far goes back to raw. */
static void
start_wide(input *in, const encoding *e)
{
	size_t n = in->end - in->start;

	in->enc = e;
	in->wide = open_iconv(e);
	if (in->raw == NULL || in->rawcap < in->cap) {
		free(in->raw);
		in->rawcap = in->cap;
		in->raw = xmalloc(in->rawcap);
	}
	memcpy(in->raw, in->buf + in->start, n);
	in->rawoff = 0;
	in->rawn = n;
	in->rawpos = in->start;
	in->raw_eof = in->eof;
	in->eof = false;
	in->start = in->end = 0;
}

/* line_at: the line number of byte off after in->start. */
static unsigned long
line_at(const input *in, size_t off)
{
	unsigned long line = 1;
	const char *p = in->buf + in->start, *end = p + off;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/*
 * sniff_encoding: decide the open file's encoding from its first bytes
 * (encoding.h), and set up its conversion.  Returns false when the file
 * is not read (reported).
 */
static bool
sniff_encoding(input *in)
{
	const encoding *opt = in->enc_opt, *e;
	size_t bom;

	while (memchr(in->buf + in->start, '\n', in->end - in->start) == NULL &&
	    in->end - in->start < SNIFF_MIN && fill(in))
		continue;
	e = encoding_bom(in->buf + in->start, in->end - in->start, &bom);
	in->start += bom;
	if (e != NULL && e->kind == ENCODING_WIDE) {	/* the BOM decides */
		start_wide(in, e);
		return true;
	}
	if (e == NULL && opt != NULL && opt->kind == ENCODING_WIDE) {
		start_wide(in, opt);
		return true;
	}
	const char *p = in->buf + in->start;
	size_t n = in->end - in->start, bad;
	if (e == NULL && opt == NULL &&
	    (e = encoding_wide_guess(p, n)) != NULL) {
		cli_warnat(in->name, 0, "no byte order mark, but read as %s "
		    "(--encoding names another encoding)", e->name);
		start_wide(in, e);
		return true;
	}
	const char *hint, *what = encoding_binary(p, n, &hint);
	if (what != NULL) {
		refuse(in, 0, "%s, not CSV or NDJSON: the file is not read%s%s%s",
		    what, hint != NULL ? " (" : "", hint != NULL ? hint : "",
		    hint != NULL ? ")" : "");
		return false;
	}
	if (opt != NULL && opt->kind == ENCODING_BYTE) {
		in->enc = opt;
		in->cd = open_iconv(opt);
		return true;
	}
	if (opt != NULL || e != NULL)	/* utf-8, asked for or by its BOM */
		return true;
	e = encoding_guess(p, n, in->eof, &bad);
	if (e == NULL) {
		refuse(in, line_at(in, bad), "not UTF-8, and not windows-1252 "
		    "or windows-1250 either (byte 0x%02X): the file is not "
		    "read (name its encoding with --encoding)",
		    (unsigned char)p[bad]);
		return false;
	}
	if (e->kind == ENCODING_BYTE) {
		cli_warnat(in->name, line_at(in, bad), "not UTF-8: read as %s "
		    "(--encoding names another encoding)", e->name);
		in->enc = e;
		in->cd = open_iconv(e);
	}
	return true;
}

/* open_next: open the next file and decide its encoding and format; false
 * when no file is left. */
static bool
open_next(input *in)
{
	while (in->next < in->nfiles) {
		const char *path = in->files[in->next++];
		if (strcmp(path, "-") == 0) {
			in->fd = 0;
			in->name = "(stdin)";
		} else if ((in->fd = open(path, O_RDONLY)) < 0) {
			cli_warn("%s:", path);
			in->failed = true;
			continue;
		} else {
			in->name = path;
		}
		if (in->buf == NULL) {
			in->cap = INPUT_BUF;
			in->buf = xmalloc(in->cap);
		}
		in->start = in->end = 0;
		in->eof = in->skipping = false;
		in->lineno = 0;
		in->enc = NULL;
		if (!sniff_encoding(in))
			continue;
		/* the first byte that is not white space decides the format */
		size_t i = 0;
		for (;;) {
			while (in->start + i < in->end && is_blank(in->buf[in->start + i]))
				i++;
			if (in->start + i < in->end || !fill(in))
				break;
		}
		char first = in->start + i < in->end ? in->buf[in->start + i] : '\0';
		in->fmt = in->o->in_format;
		if (in->fmt == LK_FMT_AUTO)
			in->fmt = first == '{' ? LK_FMT_NDJSON : LK_FMT_CSV;
		if (in->o->in_format == LK_FMT_AUTO && first == '[') {
			refuse(in, 1, "a JSON array, not NDJSON (one object a "
			    "line; try jq -c '.[]')");
			continue;
		}
		if (in->first_fmt == LK_FMT_AUTO && first != '\0')
			in->first_fmt = in->fmt;
		if (in->fmt == LK_FMT_CSV) {
			in->csv = csvin_new(in->name, in->o->delim,
			    in->o->trim, in->o->no_header);
			csvin_project(in->csv, in->project);
			csvin_raw_cells(in->csv, in->o->raw_cells);
			in->csv_done = false;
		}
		return true;
	}
	return false;
}

int
input_next(input *in, rec *r, const char **why)
{
	int rc;

	rec_clear(r);
	for (;;) {
		if (in->fd < 0 && !open_next(in))
			return 0;
		rc = in->fmt == LK_FMT_NDJSON ? next_ndjson(in, r, why) :
		    next_csv(in, r, why);
		if (rc != 0)
			return rc;
		close_file(in);
	}
}

void
input_close(input *in)
{
	if (in == NULL)
		return;
	close_file(in);
	for (size_t i = 0; i < in->nclosed; i++)
		csvin_free(in->closed[i]);
	free(in->closed);
	sbuf_free(&in->conv);
	free(in->raw);
	sbuf_free(&in->why);
	free(in->buf);
	free(in);
}
