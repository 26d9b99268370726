/* csvin.c - CSV records from the lines of one file, with libcsv */
#include "csvin.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "input.h"
#include "jscan.h"
#include "sbuf.h"
#include "strmap.h"
#include "xmem.h"

/* A row as libcsv delivered it: fields back to back, NUL-terminated. */
typedef struct crow {
	sbuf data;
	size_t *off;		/* start of each field in data */
	size_t nf, cap;
	unsigned long line;	/* its first line */
	sbuf raw;		/* its text as read */
	const char *bad;	/* static reason, or NULL */
} crow;

struct csvin {
	const char *name;
	bool trim, no_header;
	struct csv_parser csv;
	bool live;		/* csv is initialized */
	char delim;
	bool sniff;		/* the delimiter is still to be sniffed */
	char **names;		/* the columns */
	char **lits;		/* the same as JSON literals */
	size_t *nlens, *llens, nnames;
	strmap *name_set;	/* names -> next _k suffix to try */
	bool header_done;
	crow *rows;		/* queue of finished rows */
	size_t nrows, caprows, head;
	crow cur;		/* the row being parsed */
	unsigned long row_start;	/* its first line; 0: between rows */
	unsigned long lineno;	/* the line being parsed */
	bool dirty;		/* a line since the last row boundary was not
				 * valid UTF-8, or held a NUL byte */
	const char *row_bad;
	sbuf why;
	/* csvin_project: the columns asked for, and for the first nwant
	 * columns whether they are; later ones are kept */
	const char *const *project;
	bool *want;
	size_t nwant;
};

static void
on_field(void *s, size_t len, void *data)
{
	csvin *c = data;
	crow *row = &c->cur;

	if (row->nf == row->cap) {
		row->cap = row->cap ? row->cap * 2 : 32;
		row->off = xreallocarray(row->off, row->cap, sizeof *row->off);
	}
	row->off[row->nf++] = row->data.n;
	if (s == NULL)
		len = 0;
	/* after a line that is not clean, fields are checked one by one: a
	 * line may hold several rows (libcsv ends one at a bare CR too), and
	 * the row at fault must get the reason */
	if (c->dirty && c->row_bad == NULL && len > 0) {
		if (memchr(s, '\0', len) != NULL)
			c->row_bad = "a NUL byte in a field";
		else if (jscan_utf8_valid(s, len) != len)
			c->row_bad = "invalid UTF-8 (use --encoding latin1 or "
			    "cp1252 to convert)";
	}
	if (row->nf <= c->nwant && !c->want[row->nf - 1])
		len = 0;	/* left out (csvin_project) */
	sbuf_add(&row->data, s != NULL ? s : "", len);
	sbuf_addc(&row->data, '\0');
}

/* on_row: the row being parsed is finished: into the queue with it. */
static void
on_row(int term, void *data)
{
	csvin *c = data;
	crow tmp;

	(void)term;
	if (c->nrows == c->caprows) {
		c->caprows = c->caprows ? c->caprows * 2 : 4;
		c->rows = xreallocarray(c->rows, c->caprows, sizeof *c->rows);
		memset(c->rows + c->nrows, 0,
		    (c->caprows - c->nrows) * sizeof *c->rows);
	}
	/* a row that began inside a line (after a bare CR) has no start */
	c->cur.line = c->row_start ? c->row_start : c->lineno;
	c->cur.bad = c->row_bad;
	/* swap the finished row into the queue, take its old buffers */
	tmp = c->rows[c->nrows];
	c->rows[c->nrows++] = c->cur;
	c->cur = tmp;
	c->cur.nf = 0;
	sbuf_reset(&c->cur.data);
	sbuf_reset(&c->cur.raw);
	c->row_start = 0;
	c->row_bad = NULL;
}

static int
never_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

/*
 * trim_blind: whether libcsv's own space test (a space or a tab that is not
 * the delimiter) gives text[0..len) the same fields as never_space.  A
 * space changes what libcsv makes of a text only at the start of a field
 * (after a delimiter, a line end or the start of the text: skipped) or at
 * its end (before a delimiter, a line end or the end of the text: cut,
 * after a closing quote too); test_csvin checks this against libcsv.  The
 * built-in test is inline, the function a call per character: a fifth of
 * the time of a CSV read.
 */
static bool
trim_blind(const char *text, size_t len, char delim)
{
	static const char spaces[] = " \t";

	for (const char *sp = spaces; *sp != '\0'; sp++) {
		if (*sp == delim)
			continue;
		const char *p = text, *end = text + len;
		while ((p = memchr(p, *sp, (size_t)(end - p))) != NULL) {
			char prev = p > text ? p[-1] : '\n';
			char next = p + 1 < end ? p[1] : '\n';
			if (prev == delim || prev == '\r' || prev == '\n' ||
			    next == delim || next == '\r' || next == '\n')
				return false;
			p++;
		}
	}
	return true;
}

/* sniff: the delimiter of a first line: the most frequent of , ; TAB |
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

/* start: a fresh libcsv parser with the delimiter. */
static void
start(csvin *c, char delim)
{
	if (c->live)
		csv_free(&c->csv);
	if (csv_init(&c->csv, 0) != 0)
		cli_die(LK_EXIT_DATA, "out of memory");
	csv_set_delim(&c->csv, (unsigned char)delim);
	if (!c->trim)
		csv_set_space_func(&c->csv, never_space);
	c->live = true;
	c->delim = delim;
}

csvin *
csvin_new(const char *name, char delim, bool trim, bool no_header)
{
	csvin *c = xcalloc(1, sizeof *c);

	c->name = name;
	c->trim = trim;
	c->no_header = no_header;
	c->sniff = delim == '\0';
	start(c, delim != '\0' ? delim : ',');
	return c;
}

void
csvin_project(csvin *c, const char *const *names)
{
	c->project = names;
}

/* want_names: whether each column added since the last call is asked
 * for (csvin_project). */
static void
want_names(csvin *c)
{
	if (c->project == NULL || c->nwant == c->nnames)
		return;
	c->want = xreallocarray(c->want, c->nnames, sizeof *c->want);
	for (; c->nwant < c->nnames; c->nwant++) {
		bool w = false;
		for (size_t k = 0; c->project[k] != NULL && !w; k++)
			w = strcmp(c->project[k], c->names[c->nwant]) == 0;
		c->want[c->nwant] = w;
	}
}

static void
free_row(crow *row)
{
	sbuf_free(&row->data);
	sbuf_free(&row->raw);
	free(row->off);
	memset(row, 0, sizeof *row);
}

void
csvin_release(csvin *c)
{
	if (c->live)
		csv_free(&c->csv);
	c->live = false;
	strmap_free(c->name_set);
	c->name_set = NULL;
	for (size_t i = 0; i < c->caprows; i++)
		free_row(&c->rows[i]);
	free(c->rows);
	c->rows = NULL;
	c->nrows = c->caprows = c->head = 0;
	free_row(&c->cur);
	sbuf_free(&c->why);
}

void
csvin_free(csvin *c)
{
	if (c == NULL)
		return;
	csvin_release(c);
	for (size_t i = 0; i < c->nnames; i++) {
		free(c->names[i]);
		free(c->lits[i]);
	}
	free(c->names);
	free(c->lits);
	free(c->nlens);
	free(c->llens);
	free(c->want);
	free(c);
}

static void
add_name(csvin *c, const char *s, size_t n)
{
	sbuf b = SBUF_INIT;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		sbuf_addf(&b, "col%zu", c->nnames + 1);
	else
		sbuf_add(&b, s, n);
	/* a repeated name gets _2, _3, ...: the next suffix to try is kept
	 * per name, so that a header of n equal names costs O(n) */
	if (c->name_set == NULL)
		c->name_set = strmap_new();
	void *next;
	if (strmap_get(c->name_set, b.p, b.n, &next)) {
		size_t base = b.n, k = (size_t)(uintptr_t)next;
		do {
			b.n = base;
			sbuf_addf(&b, "_%zu", k++);
		} while (strmap_get(c->name_set, b.p, b.n, NULL));
		strmap_put(c->name_set, b.p, base, (void *)(uintptr_t)k);
	}
	strmap_put(c->name_set, b.p, b.n, (void *)(uintptr_t)2);
	sbuf lit = SBUF_INIT;
	jscan_escape(&lit, b.p, b.n);
	c->names = xreallocarray(c->names, c->nnames + 1, sizeof *c->names);
	c->lits = xreallocarray(c->lits, c->nnames + 1, sizeof *c->lits);
	c->nlens = xreallocarray(c->nlens, c->nnames + 1, sizeof *c->nlens);
	c->llens = xreallocarray(c->llens, c->nnames + 1, sizeof *c->llens);
	c->nlens[c->nnames] = b.n;
	c->llens[c->nnames] = lit.n;
	c->lits[c->nnames] = lit.p;
	c->names[c->nnames++] = b.p;
}

/* bad_row: finish the row being parsed as bad, and start parsing anew. */
static void
bad_row(csvin *c, unsigned long lineno, const char *why)
{
	if (c->row_start == 0)
		c->row_start = lineno;
	c->row_bad = why;
	start(c, c->delim);
	on_row(-1, c);
}

void
csvin_line(csvin *c, const char *line, size_t len, const char *text,
    size_t tlen, unsigned long lineno, const char *bad)
{
	c->lineno = lineno;
	if (c->sniff) {		/* the first line of the file */
		c->sniff = false;
		start(c, sniff(text, tlen));
	}
	if (c->row_start == 0) {
		if (input_chomp(line, len) == 0)
			return;		/* a blank line between rows */
		c->row_start = lineno;
	}
	sbuf_add(&c->cur.raw, line, len);
	if (bad != NULL && c->row_bad == NULL)
		c->row_bad = bad;
	if (c->cur.raw.n > LK_RECORD_MAX) {
		bad_row(c, lineno, "record longer than 64 MiB "
		    "(unterminated quote?)");
		return;
	}
	if (memchr(text, '\0', tlen) != NULL ||
	    jscan_utf8_valid(text, tlen) != tlen)
		c->dirty = true;
	if (!c->trim)
		csv_set_space_func(&c->csv, trim_blind(text, tlen, c->delim) ?
		    NULL : never_space);
	if (csv_parse(&c->csv, text, tlen, on_field, on_row, c) != tlen)
		cli_die(LK_EXIT_DATA, "%s: %s", c->name,
		    csv_strerror(csv_error(&c->csv)));
	if (c->row_start == 0)	/* between rows: every field was checked */
		c->dirty = false;
}

void
csvin_skipped(csvin *c, unsigned long lineno)
{
	bad_row(c, lineno, "line longer than 64 MiB");
}

void
csvin_end(csvin *c)
{
	/* libcsv's FIELD_BEGUN (2) in a quoted field: the closing quote never
	 * came */
	if (c->csv.pstate == 2 && c->csv.quoted) {
		c->row_bad = "unterminated quoted field";
		on_row(-1, c);
	} else {
		csv_fini(&c->csv, on_field, on_row, c);
	}
}

int
csvin_take(csvin *c, rec *r, const char **why)
{
	for (;;) {
		if (c->head == c->nrows)
			return 0;
		crow *row = &c->rows[c->head++];
		if (c->head == c->nrows)
			c->head = c->nrows = 0;	/* storage reused later */
		r->file = c->name;
		r->line = row->line;
		r->raw = row->raw.p;
		r->rawlen = input_chomp(sbuf_str(&row->raw), row->raw.n);
		if (row->bad != NULL) {
			*why = row->bad;
			return -1;
		}
		if (!c->header_done && !c->no_header) {
			for (size_t i = 0; i < row->nf; i++)
				add_name(c, row->data.p + row->off[i],
				    strlen(row->data.p + row->off[i]));
			c->header_done = true;
			want_names(c);
			continue;
		}
		if (c->no_header) {
			while (c->nnames < row->nf)
				add_name(c, "", 0);
			want_names(c);
		} else if (row->nf != c->nnames) {
			sbuf_reset(&c->why);
			sbuf_addf(&c->why, "%zu field%s, but the header has %zu",
			    row->nf, row->nf == 1 ? "" : "s", c->nnames);
			*why = c->why.p;
			return -1;
		}
		r->block = row->data.p;	/* every value, NUL-terminated */
		r->blocklen = row->data.n;
		for (size_t i = 0; i < row->nf; i++) {
			if (i < c->nwant && !c->want[i]) {
				r->partial = true;
				continue;
			}
			size_t end = i + 1 < row->nf ? row->off[i + 1] - 1 :
			    row->data.n - 1;
			rec_add_str(r, c->names[i], c->nlens[i], c->lits[i],
			    c->llens[i], row->data.p + row->off[i],
			    end - row->off[i]);
		}
		return 1;
	}
}
