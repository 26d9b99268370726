/* csvin.c - CSV records from the lines of one file, with libcsv */
#include "io/csvin.h"

#include <csv.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/cli.h"
#include "io/footer.h"
#include "io/jscan.h"
#include "base/lines.h"
#include "io/formula.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/xmem.h"

/* A row as libcsv delivered it: fields back to back, NUL-terminated. */
typedef struct crow {
	sbuf data;
	size_t *off;		/* start of each field in data */
	size_t nf, cap;
	unsigned long line;	/* its first line */
	sbuf raw;		/* its text as read */
	const char *bad;	/* static reason, or NULL */
	bool empty;		/* every field empty or blank */
	bool after_gap;		/* a blank line came before it */
} crow;

/* The most one-cell rows held back to see whether they are a report
 * footer (footer.h), and the longest cell such a row may have. */
#define FOOTER_ROWS 64
#define FOOTER_CELL 1024

struct csvin {
	const char *name;
	bool trim, no_header;
	bool raw_cells;		/* csvin_raw_cells */
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
	bool row_full;		/* the row being parsed has a value */
	bool started;		/* a line was fed */
	bool gap;		/* a blank line since the last row */
	bool ended;		/* csvin_end was called */
	bool took_gap;		/* the last row taken was empty */
	unsigned long long nempty, nfooter;	/* rows skipped */
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
	/* whether the row has a value: decided by its first field, mostly */
	if (!c->row_full)
		for (size_t i = 0; i < len && !c->row_full; i++)
			c->row_full = ((const char *)s)[i] != ' ' &&
			    ((const char *)s)[i] != '\t';
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
	c->cur.empty = !c->row_full;
	/* swap the finished row into the queue, take its old buffers */
	tmp = c->rows[c->nrows];
	c->rows[c->nrows++] = c->cur;
	c->cur = tmp;
	c->cur.nf = 0;
	sbuf_reset(&c->cur.data);
	sbuf_reset(&c->cur.raw);
	c->row_start = 0;
	c->row_bad = NULL;
	c->row_full = false;
	c->cur.after_gap = false;
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

/*
 * sep_line: text[0..n), the first line, is Excel's "sep=;" (any delimiter
 * character, the line quoted or not, with more delimiters after it as
 * other programs write it: "sep=;;;"): it names the delimiter (*delim)
 * and is no row.
 */
static bool
sep_line(const char *text, size_t n, char *delim)
{
	size_t i = 0;
	bool quoted;

	n = lines_chomp(text, n);
	if ((quoted = n > 0 && text[0] == '"'))
		i++;
	if (n < i + 5 || strncasecmp(text + i, "sep=", 4) != 0)
		return false;
	i += 4;
	char d = text[i++];
	if (d == '"' || d == '\r' || d == '\n' || d == '\0')
		return false;
	if (quoted && (i == n || text[i++] != '"'))
		return false;
	while (i < n && text[i] == d)
		i++;
	if (i != n)
		return false;
	*delim = d;
	return true;
}

/*
 * libcsv grows its field buffer by a fixed block (128 bytes) at a time, so
 * a 10 MB cell took 80,000 reallocations, each a copy of the cell where
 * realloc cannot grow in place (always, under AddressSanitizer): quadratic.
 * Its buffer is allocated through grow_realloc, which keeps the real size
 * in front of the block and doubles it, so that most calls return at once.
 */
typedef union grow_head {
	size_t cap;
	max_align_t align;
} grow_head;

static void *
grow_realloc(void *p, size_t n)
{
	grow_head *h = p != NULL ? (grow_head *)p - 1 : NULL;
	size_t cap = h != NULL ? h->cap : 64;

	if (h != NULL && n <= h->cap)
		return p;
	while (cap < n)
		cap = cap > SIZE_MAX / 4 ? n : cap * 2;
	if (cap > SIZE_MAX - sizeof *h || (h = realloc(h, sizeof *h + cap)) ==
	    NULL)
		return NULL;	/* libcsv: CSV_ENOMEM; p is still valid */
	h->cap = cap;
	return h + 1;
}

static void
grow_free(void *p)
{
	if (p != NULL)
		free((grow_head *)p - 1);
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
	csv_set_realloc_func(&c->csv, grow_realloc);
	csv_set_free_func(&c->csv, grow_free);
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
csvin_raw_cells(csvin *c, bool raw)
{
	c->raw_cells = raw;
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
	char sep;

	c->lineno = lineno;
	if (!c->started) {	/* the first line of the file */
		c->started = true;
		if (sep_line(text, tlen, &sep)) {
			if (c->sniff)
				start(c, sep);
			c->sniff = false;
			return;
		}
	}
	if (c->sniff) {
		c->sniff = false;
		start(c, sniff(text, tlen));
	}
	if (c->row_start == 0) {
		if (lines_chomp(line, len) == 0) {
			c->gap = true;
			return;		/* a blank line between rows */
		}
		c->row_start = lineno;
		c->cur.after_gap = c->gap;
		c->gap = false;
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
	c->ended = true;
	/* libcsv's FIELD_BEGUN (2) in a quoted field: the closing quote never
	 * came */
	if (c->csv.pstate == 2 && c->csv.quoted) {
		c->row_bad = "unterminated quoted field";
		on_row(-1, c);
	} else {
		csv_fini(&c->csv, on_field, on_row, c);
	}
}

/* take_row: the row at the head of the queue is done with. */
static crow *
take_row(csvin *c)
{
	crow *row = &c->rows[c->head++];

	if (c->head == c->nrows)
		c->head = c->nrows = 0;	/* storage reused later */
	return row;
}

/* cell: the one field of row, trimmed. */
static const char *
cell(const crow *row, size_t *n)
{
	const char *p = row->data.p;

	*n = row->data.n - 1;
	while (*n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		(*n)--;
	}
	while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t'))
		(*n)--;
	return p;
}

/* empty_row: row is no record: every field empty or blank (a bad row is
 * bad all the same). */
static bool
empty_row(const crow *row)
{
	return row->empty && row->bad == NULL;
}

/* footer_row: row could be a line of a report footer: one cell, not too
 * long, in a file of several columns. */
static bool
footer_row(const csvin *c, const crow *row)
{
	return row->bad == NULL && !row->empty && row->nf == 1 &&
	    c->header_done && !c->no_header && c->nnames > 1 &&
	    row->data.n <= FOOTER_CELL;
}

static bool
footer_cell(const crow *row)
{
	size_t n;
	const char *p = cell(row, &n);

	return footer_match(p, n);
}

/*
 * footer: the queue from its head on, which starts with a footer_row, is
 * a report footer (footer.h): then its rows are skipped and counted, and
 * 1 returned.  It is one when the file ends with one-cell or empty rows
 * from the head on, one of them a footer_match, and the head follows a
 * blank line or an empty row or is a footer_match itself.  Returns 0 when
 * that cannot be told before more rows come; -1 when it is not.
 */
static int
footer(csvin *c)
{
	const crow *head = &c->rows[c->head];
	size_t i, n = 0;
	bool found = false;

	for (i = c->head; i < c->nrows; i++)
		if (!empty_row(&c->rows[i]) && !footer_row(c, &c->rows[i]))
			return -1;
	if (!c->ended)
		return c->nrows - c->head < FOOTER_ROWS ? 0 : -1;
	for (i = c->head; i < c->nrows && !found; i++)
		found = !empty_row(&c->rows[i]) && footer_cell(&c->rows[i]);
	if (!found || !(c->took_gap || head->after_gap || footer_cell(head)))
		return -1;
	unsigned long line = head->line;
	for (i = c->head; i < c->nrows; i++)
		if (empty_row(&c->rows[i])) {
			c->nempty++;
		} else {
			c->nfooter++;
			n++;
		}
	c->head = c->nrows = 0;
	cli_warnat(c->name, line, "a report footer of %zu line%s, not "
	    "leads: skipped", n, n == 1 ? "" : "s");
	return 1;
}

/* delim_name: how messages name the delimiter d. */
static const char *
delim_name(char d)
{
	switch (d) {
	case ',':	return "','";
	case ';':	return "';'";
	case '|':	return "'|'";
	case '\t':	return "TAB";
	default:	return "another character";
	}
}

/* other_delim: the delimiter that would give row as many fields as the
 * header has, if one other than the file's would. */
static char
other_delim(const csvin *c, const crow *row)
{
	static const char cand[] = ",;\t|";

	for (const char *d = cand; *d != '\0'; d++) {
		if (*d == c->delim)
			continue;
		size_t k = 1;
		bool quoted = false;
		for (size_t i = 0; i < row->raw.n; i++)
			if (row->raw.p[i] == '"')
				quoted = !quoted;
			else if (!quoted && row->raw.p[i] == *d)
				k++;
		if (k > 1 && k == c->nnames)
			return *d;
	}
	return '\0';
}

int
csvin_take(csvin *c, rec *r, const char **why)
{
	for (;;) {
		if (c->head == c->nrows)
			return 0;
		crow *row = &c->rows[c->head];
		/* Excel's ";;;;" rows, and blank rows: no lead, counted */
		if (empty_row(row)) {
			take_row(c);
			c->nempty++;
			c->took_gap = true;
			continue;
		}
		if (footer_row(c, row)) {
			int rc = footer(c);
			if (rc == 0)
				return 0;
			if (rc > 0)
				continue;
		}
		row = take_row(c);
		c->took_gap = false;
		r->file = c->name;
		r->line = row->line;
		r->raw = row->raw.p;
		r->rawlen = lines_chomp(sbuf_str(&row->raw), row->raw.n);
		if (!c->header_done && !c->no_header && row->bad != NULL) {
			/* never a later row taken for the header */
			sbuf_reset(&c->why);
			sbuf_addf(&c->why, "the header row: %s", row->bad);
			*why = c->why.p;
			return -2;
		}
		if (row->bad != NULL) {
			*why = row->bad;
			return -1;
		}
		if (!c->header_done && !c->no_header) {
			for (size_t i = 0; i < row->nf; i++) {
				const char *v = row->data.p + row->off[i];
				size_t n = strlen(v);
				if (!c->raw_cells && formula_guarded(v, n)) {
					v++;
					n--;
				}
				add_name(c, v, n);
			}
			c->header_done = true;
			want_names(c);
			continue;
		}
		if (c->no_header) {
			while (c->nnames < row->nf)
				add_name(c, "", 0);
			want_names(c);
		} else if (row->nf != c->nnames) {
			char d = other_delim(c, row);
			sbuf_reset(&c->why);
			sbuf_addf(&c->why, "%zu field%s, but the header has %zu",
			    row->nf, row->nf == 1 ? "" : "s", c->nnames);
			if (d != '\0')
				sbuf_addf(&c->why, " (the row seems separated "
				    "by %s, the header by %s)", delim_name(d),
				    delim_name(c->delim));
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
			const char *v = row->data.p + row->off[i];
			size_t n = end - row->off[i];
			if (!c->raw_cells && formula_guarded(v, n)) {
				v++;
				n--;
			}
			rec_add_str(r, c->names[i], c->nlens[i], c->lits[i],
			    c->llens[i], v, n);
		}
		return 1;
	}
}

unsigned long long
csvin_nskipped(const csvin *c)
{
	return c->nempty + c->nfooter;
}
