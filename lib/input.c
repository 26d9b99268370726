/* input.c - reading records from files or stdin, NDJSON or CSV */
#include "input.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jscan.h"
#include "sbuf.h"
#include "strmap.h"
#include "xmem.h"

#define INPUT_BUF (1 << 20)

/* A CSV row as libcsv delivered it: fields back to back, NUL-terminated. */
typedef struct crow {
	sbuf data;
	size_t *off;		/* start of each field in data */
	size_t nf, cap;
	unsigned long line;
	sbuf raw;
	const char *bad;	/* static reason, or NULL */
} crow;

struct input {
	const cli_opts *o;
	char *const *files;
	int nfiles, next;
	lk_format first_fmt;
	bool failed;
	bool defer_json;	/* NDJSON lines returned unparsed (2) */

	/* the open file */
	int fd;
	const char *name;
	lk_format fmt;
	unsigned long lineno;
	char *buf;
	size_t cap, start, end;
	bool eof, skipping;

	/* --encoding */
	iconv_t cd;
	sbuf conv;

	/* CSV */
	struct csv_parser csv;
	bool csv_live;
	char delim;
	bool sniff;		/* the delimiter is still to be sniffed */
	char **names;
	size_t *nlens, nnames;
	strmap *name_set;	/* names -> next _k suffix to try */
	bool header_done;
	crow *rows;		/* queue of finished rows */
	size_t nrows, caprows, head;
	crow cur;		/* the row being parsed */
	unsigned long row_start;	/* 0: between rows */
	const char *row_bad;
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
	in->cd = (iconv_t)-1;
	if (o->encoding != NULL) {
		in->cd = iconv_open("UTF-8", strcmp(o->encoding, "cp1252") == 0 ?
		    "WINDOWS-1252" : "ISO-8859-1");
		if (in->cd == (iconv_t)-1)
			cli_die(LK_EXIT_DATA, "iconv %s:", o->encoding);
	}
	return in;
}

lk_format
input_format(const input *in)
{
	return in->first_fmt;
}

bool
input_failed(const input *in)
{
	return in->failed;
}

/* fill: read more bytes after in->end; false at end of file or error. */
static bool
fill(input *in)
{
	if (in->eof)
		return false;
	if (in->start > 0 && in->start == in->end)
		in->start = in->end = 0;
	if (in->end == in->cap) {
		if (in->start > 0) {
			memmove(in->buf, in->buf + in->start,
			    in->end - in->start);
			in->end -= in->start;
			in->start = 0;
		} else {
			in->cap *= 2;
			in->buf = xrealloc(in->buf, in->cap);
		}
	}
	for (;;) {
		ssize_t n = read(in->fd, in->buf + in->end, in->cap - in->end);
		if (n > 0) {
			in->end += (size_t)n;
			return true;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_warnat(in->name, 0, "read error:");
			in->failed = true;
		}
		in->eof = true;
		return false;
	}
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

/* chomp: the length of line without its "\n" or "\r\n". */
static size_t
chomp(const char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\n')
		len--;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	return len;
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
		    (size_t)(src - line) + 1, in->o->encoding);
		*why = in->why.p;
		return NULL;
	}
	*len = *len * 3 - dstleft;
	in->conv.n = *len;
	in->conv.p[*len] = '\0';
	return in->conv.p;
}

/* ---- NDJSON ---- */

static int
add_member(void *ctx, const char *lit, size_t litlen, const char *val,
    size_t vlen)
{
	rec *r = ctx;
	char *name;
	size_t nlen;

	if (memchr(lit, '\\', litlen) == NULL) {
		nlen = litlen - 2;
		name = rec_strdup(r, lit + 1, nlen);
	} else {
		sbuf b = SBUF_INIT;
		jscan_unescape(&b, lit, litlen);
		nlen = b.n;
		name = rec_strdup(r, sbuf_str(&b), nlen);
		sbuf_free(&b);
	}
	rec_add_raw(r, name, nlen, lit, litlen, val, vlen);
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
		len = chomp(line, len);
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

	if (jscan_object(r->raw, r->rawlen, add_member, r, &err) == 0) {
		r->raw_is_json = true;
		return 0;
	}
	for (size_t i = 0; i < r->n; i++)	/* a partial record: no fields */
		if (r->f[i].j != NULL)
			json_decref(r->f[i].j);
	r->n = 0;
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

/* ---- CSV ---- */

static void
on_field(void *s, size_t len, void *data)
{
	input *in = data;
	crow *c = &in->cur;

	if (c->nf == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->off = xreallocarray(c->off, c->cap, sizeof *c->off);
	}
	c->off[c->nf++] = c->data.n;
	if (s == NULL)
		len = 0;
	/* checked here, per field: a line may hold several rows (libcsv ends
	 * one at a bare CR too), and the row at fault must get the reason */
	if (in->row_bad == NULL && len > 0) {
		if (memchr(s, '\0', len) != NULL)
			in->row_bad = "a NUL byte in a field";
		else if (jscan_utf8_valid(s, len) != len)
			in->row_bad = "invalid UTF-8 (use --encoding latin1 or "
			    "cp1252 to convert)";
	}
	sbuf_add(&c->data, s != NULL ? s : "", len);
	sbuf_addc(&c->data, '\0');
}

static void
on_row(int term, void *data)
{
	input *in = data;
	crow tmp;

	(void)term;
	if (in->nrows == in->caprows) {
		in->caprows = in->caprows ? in->caprows * 2 : 4;
		in->rows = xreallocarray(in->rows, in->caprows,
		    sizeof *in->rows);
		memset(in->rows + in->nrows, 0,
		    (in->caprows - in->nrows) * sizeof *in->rows);
	}
	in->cur.line = in->row_start ? in->row_start : in->lineno;
	in->cur.bad = in->row_bad;
	/* swap the finished row into the queue, take its old buffers */
	tmp = in->rows[in->nrows];
	in->rows[in->nrows++] = in->cur;
	in->cur = tmp;
	in->cur.nf = 0;
	sbuf_reset(&in->cur.data);
	sbuf_reset(&in->cur.raw);
	in->row_start = 0;
	in->row_bad = NULL;
}

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* sniff: the delimiter of a header line: the most frequent of , ; TAB |
 * outside quotes, ',' on a tie or when none occurs. */
static char
sniff(const char *line, size_t len)
{
	static const char cand[] = ",;\t|";
	size_t count[sizeof cand - 1] = { 0 };
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (size_t k = 0; k < sizeof cand - 1; k++)
				if (line[i] == cand[k])
					count[k]++;
	}
	size_t best = 0;
	for (size_t k = 1; k < sizeof cand - 1; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static void
csv_start(input *in, char delim)
{
	if (csv_init(&in->csv, 0) != 0)
		cli_die(LK_EXIT_DATA, "out of memory");
	csv_set_delim(&in->csv, (unsigned char)delim);
	if (!in->o->trim)
		csv_set_space_func(&in->csv, never_space);
	in->csv_live = true;
	in->delim = delim;
}

static void
csv_stop(input *in)
{
	if (in->csv_live)
		csv_free(&in->csv);
	in->csv_live = false;
}

static void
free_names(input *in)
{
	for (size_t i = 0; i < in->nnames; i++)
		free(in->names[i]);
	free(in->names);
	free(in->nlens);
	in->names = NULL;
	in->nlens = NULL;
	in->nnames = 0;
	strmap_free(in->name_set);
	in->name_set = NULL;
}

static void
add_name(input *in, const char *s, size_t n)
{
	sbuf b = SBUF_INIT;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		sbuf_addf(&b, "col%zu", in->nnames + 1);
	else
		sbuf_add(&b, s, n);
	/* a repeated name gets _2, _3, ...: the next suffix to try is kept
	 * per name, so that a header of n equal names costs O(n) */
	if (in->name_set == NULL)
		in->name_set = strmap_new();
	void *next;
	if (strmap_get(in->name_set, b.p, b.n, &next)) {
		size_t base = b.n, k = (size_t)(uintptr_t)next;
		do {
			b.n = base;
			sbuf_addf(&b, "_%zu", k++);
		} while (strmap_get(in->name_set, b.p, b.n, NULL));
		strmap_put(in->name_set, b.p, base, (void *)(uintptr_t)k);
	} else {
		strmap_put(in->name_set, b.p, b.n, (void *)(uintptr_t)2);
	}
	strmap_put(in->name_set, b.p, b.n, (void *)(uintptr_t)2);
	in->names = xreallocarray(in->names, in->nnames + 1, sizeof *in->names);
	in->nlens = xreallocarray(in->nlens, in->nnames + 1, sizeof *in->nlens);
	in->nlens[in->nnames] = b.n;
	in->names[in->nnames++] = b.p;
}

/* take_row: turn the oldest queued row into r (1), a header (0) or a bad
 * record (-1). */
static int
take_row(input *in, rec *r, const char **why)
{
	crow *c = &in->rows[in->head++];

	if (in->head == in->nrows)
		in->head = in->nrows = 0;	/* storage reused by later rows */
	r->file = in->name;
	r->line = c->line;
	r->raw = c->raw.p;
	r->rawlen = chomp(sbuf_str(&c->raw), c->raw.n);
	if (c->bad != NULL) {
		*why = c->bad;
		return -1;
	}
	if (!in->header_done && !in->o->no_header) {
		for (size_t i = 0; i < c->nf; i++)
			add_name(in, c->data.p + c->off[i],
			    strlen(c->data.p + c->off[i]));
		in->header_done = true;
		return 0;
	}
	if (in->o->no_header) {
		while (in->nnames < c->nf)
			add_name(in, "", 0);
	} else if (c->nf != in->nnames) {
		sbuf_reset(&in->why);
		sbuf_addf(&in->why, "%zu field%s, but the header has %zu",
		    c->nf, c->nf == 1 ? "" : "s", in->nnames);
		*why = in->why.p;
		return -1;
	}
	for (size_t i = 0; i < c->nf; i++) {
		size_t end = i + 1 < c->nf ? c->off[i + 1] - 1 : c->data.n - 1;
		rec_add_str(r, in->names[i], in->nlens[i], c->data.p + c->off[i],
		    end - c->off[i]);
	}
	return 1;
}

/* csv_feed: give libcsv one physical line. */
static void
csv_feed(input *in, const char *line, size_t len)
{
	const char *why = NULL;

	if (in->row_start == 0) {
		if (chomp(line, len) == 0)
			return;		/* blank line between rows */
		in->row_start = in->lineno;
	}
	sbuf_add(&in->cur.raw, line, len);
	/* with --encoding, a line that is not UTF-8 is converted whole; the
	 * fields are checked as libcsv hands them over (on_field) */
	const char *text = line;
	if (in->cd != (iconv_t)-1 &&
	    (text = utf8_line(in, line, &len, &why)) == NULL) {
		if (in->row_bad == NULL)
			in->row_bad = "a byte that is not valid in the "
			    "--encoding";
		text = line;
	}
	if (in->cur.raw.n > LK_RECORD_MAX) {
		in->row_bad = "record longer than 64 MiB (unterminated quote?)";
		csv_stop(in);
		csv_start(in, in->delim);
		on_row(-1, in);
		return;
	}
	if (csv_parse(&in->csv, text, len, on_field, on_row, in) != len)
		cli_die(LK_EXIT_DATA, "%s: %s", in->name,
		    csv_strerror(csv_error(&in->csv)));
}

static int
next_csv(input *in, rec *r, const char **why)
{
	const char *line;
	size_t len;
	int rc;

	for (;;) {
		while (in->head < in->nrows) {
			rc = take_row(in, r, why);
			if (rc != 0)
				return rc;
		}
		if (!in->csv_live)
			return 0;
		rc = read_line(in, &line, &len);
		if (rc == 0) {
			/* libcsv's FIELD_BEGUN (2) in a quoted field: the
			 * closing quote never came */
			if (in->csv.pstate == 2 && in->csv.quoted) {
				in->row_bad = "unterminated quoted field";
				on_row(-1, in);
			} else {
				csv_fini(&in->csv, on_field, on_row, in);
			}
			csv_stop(in);
			continue;
		}
		if (rc < 0) {
			if (in->row_start == 0)
				in->row_start = in->lineno;
			in->row_bad = "line longer than 64 MiB";
			csv_stop(in);
			csv_start(in, in->delim);
			on_row(-1, in);
			continue;
		}
		if (!in->csv_live)
			continue;
		if (in->sniff) {	/* the first line of the file */
			in->sniff = false;
			csv_stop(in);
			csv_start(in, sniff(line, len));
		}
		csv_feed(in, line, len);
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
	csv_stop(in);
	free_names(in);
	in->header_done = false;
	in->head = in->nrows = 0;
	in->cur.nf = 0;
	sbuf_reset(&in->cur.data);
	sbuf_reset(&in->cur.raw);
	in->row_start = 0;
	in->row_bad = NULL;
}

/* open_next: open the next file and decide its format; false when no
 * file is left. */
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
		while (in->end < 4 && fill(in))
			continue;
		if (in->end >= 3 && memcmp(in->buf, "\xEF\xBB\xBF", 3) == 0)
			in->start = 3;
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
			cli_warnat(in->name, 1, "a JSON array, not NDJSON (one "
			    "object a line; try jq -c '.[]')");
			in->failed = true;
			close(in->fd);
			in->fd = -1;
			continue;
		}
		if (in->first_fmt == LK_FMT_AUTO && first != '\0')
			in->first_fmt = in->fmt;
		if (in->fmt == LK_FMT_CSV) {
			csv_start(in, in->o->delim ? in->o->delim : ',');
			in->sniff = in->o->delim == '\0';
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
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	for (size_t i = 0; i < in->caprows; i++) {
		sbuf_free(&in->rows[i].data);
		sbuf_free(&in->rows[i].raw);
		free(in->rows[i].off);
	}
	free(in->rows);
	sbuf_free(&in->cur.data);
	sbuf_free(&in->cur.raw);
	free(in->cur.off);
	sbuf_free(&in->conv);
	sbuf_free(&in->why);
	free(in->buf);
	free(in);
}
