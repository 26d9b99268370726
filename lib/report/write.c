/* write.c - a report table printed as aligned text with bars, Markdown,
 * HTML (html.c) or records (CSV, NDJSON)
 *
 * A writer sees only the table: equal tables print equal bytes.
 */
#include "report/write.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "base/utf8.h"
#include "base/xmem.h"

#define BAR_WIDTH 30

/* width: the columns s[0..n) takes on a terminal. */
static size_t
width(const char *s, size_t n)
{
	return utf8_columns(s, &n, 0);
}

/* clean: s with control characters as spaces (a value is one line, and
 * sends the terminal nothing). */
static void
clean(sbuf *b)
{
	for (size_t i = 0; i < b->n; i++)
		if ((unsigned char)b->p[i] < 0x20 || b->p[i] == 0x7f)
			b->p[i] = ' ';
}

/* cleaned: s, cleaned, in b.  Titles and column names too hold values
 * read (-g fields, from a partial with --merge). */
static void
cleaned(sbuf *b, const char *s)
{
	sbuf_reset(b);
	sbuf_adds(b, s);
	clean(b);
}

static void
pad(sbuf *out, size_t n)
{
	while (n-- > 0)
		sbuf_addc(out, ' ');
}

/* bar: n of max as up to BAR_WIDTH block characters, in eighths. */
static void
bar(sbuf *out, uint64_t n, uint64_t max)
{
	static const char *const part[] = {
		"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B",
		"\u258A", "\u2589"
	};
	uint64_t e = max > 0 ? (uint64_t)((double)n / (double)max *
	    BAR_WIDTH * 8 + 0.5) : 0;

	if (e == 0 && n > 0)
		e = 1;	/* a count is never shown as nothing */
	for (uint64_t i = 0; i < e / 8; i++)
		sbuf_adds(out, "\u2588");
	sbuf_adds(out, part[e % 8]);
}

/* put: the cell text b into a column j of width w: numbers to the right,
 * text to the left, padded after it when pad_text. */
static void
put(sbuf *out, const sbuf *b, size_t j, size_t w, bool text, bool pad_text)
{
	size_t cw = width(b->p, b->n);

	if (j > 0)
		sbuf_adds(out, "  ");
	if (!text)
		pad(out, w - cw);
	sbuf_add(out, b->p, b->n);
	if (text && pad_text)
		pad(out, w - cw);
}

static void
write_text(const report_table *t, const report_opts *o, stage *st,
    sbuf *out)
{
	size_t *w = xcalloc(t->ncol, sizeof *w);
	sbuf b = SBUF_INIT;
	uint64_t max = 0;
	const char *bold = o->color ? "\033[1m" : "";
	const char *colour = o->color ? "\033[36m" : "";
	const char *off = o->color ? "\033[0m" : "";

	for (size_t j = 0; j < t->ncol; j++) {
		cleaned(&b, t->col[j]);
		w[j] = width(b.p, b.n);
	}
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		for (size_t j = 0; j < t->ncol; j++) {
			report_fmt_cell(&b, &r[j], t->kind[j], true);
			clean(&b);
			size_t cw = width(b.p, b.n);
			if (cw > w[j])
				w[j] = cw;
		}
		if (r[t->bar].n > max)
			max = r[t->bar].n;
	}
	sbuf_reset(out);
	cleaned(&b, t->title.p);
	sbuf_addf(out, "%s%s%s\n", bold, b.p, off);
	sbuf_adds(out, bold);
	for (size_t j = 0; j < t->ncol; j++) {	/* no blanks at the end */
		cleaned(&b, t->col[j]);
		put(out, &b, j, w[j], t->kind[j] == REPORT_COL_TEXT,
		    j + 1 < t->ncol);
	}
	sbuf_addf(out, "%s\n", off);
	stage_print(st, false, out->p, out->n);
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		sbuf_reset(out);
		for (size_t j = 0; j < t->ncol; j++) {	/* the bar after */
			report_fmt_cell(&b, &r[j], t->kind[j], true);
			clean(&b);
			put(out, &b, j, w[j], t->kind[j] == REPORT_COL_TEXT,
			    j + 1 < t->ncol || (max > 0 && !t->nochart));
		}
		if (max > 0 && !t->nochart) {
			sbuf_addf(out, "  %s", colour);
			bar(out, r[t->bar].n, max);
			sbuf_adds(out, off);
		}
		while (out->n > 0 && out->p[out->n - 1] == ' ')
			out->n--;	/* an empty last cell, a bar of 0 */
		sbuf_addc(out, '\n');
		stage_print(st, true, out->p, out->n);
	}
	free(w);
	sbuf_free(&b);
}

/* md: s as Markdown text: & < > as entities (no HTML gets through to a
 * renderer that passes it), and a backslash before the characters that
 * end a table cell or make emphasis, code or a link. */
static void
md(sbuf *out, const char *s, size_t n)
{
	static const struct {
		char c;
		const char *as;
	} entity[] = { { '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" } };

	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < sizeof entity / sizeof entity[0] &&
		    entity[k].c != s[i])
			k++;
		if (k < sizeof entity / sizeof entity[0]) {
			sbuf_adds(out, entity[k].as);
			continue;
		}
		if (strchr("|\\*_`[]", s[i]) != NULL && s[i] != '\0')
			sbuf_addc(out, '\\');
		sbuf_addc(out, s[i]);
	}
}

static void
write_markdown(const report_table *t, stage *st, sbuf *out)
{
	sbuf b = SBUF_INIT;

	sbuf_reset(out);
	sbuf_adds(out, "### ");
	cleaned(&b, t->title.p);
	md(out, b.p, b.n);
	sbuf_adds(out, "\n\n|");
	for (size_t j = 0; j < t->ncol; j++) {
		sbuf_addc(out, ' ');
		cleaned(&b, t->col[j]);
		md(out, b.p, b.n);
		sbuf_adds(out, " |");
	}
	sbuf_adds(out, "\n|");
	for (size_t j = 0; j < t->ncol; j++)
		sbuf_adds(out, t->kind[j] == REPORT_COL_TEXT ? " --- |" :
		    " ---: |");
	sbuf_addc(out, '\n');
	stage_print(st, false, out->p, out->n);
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		sbuf_reset(out);
		sbuf_addc(out, '|');
		for (size_t j = 0; j < t->ncol; j++) {
			report_fmt_cell(&b, &r[j], t->kind[j], true);
			clean(&b);
			sbuf_addc(out, ' ');
			md(out, b.p, b.n);
			sbuf_adds(out, " |");
		}
		sbuf_addc(out, '\n');
		stage_print(st, true, out->p, out->n);
	}
	sbuf_free(&b);
}

/* write_records: a record a row; with several reports, report first. */
static void
write_records(const report_table *t, bool several, stage *st)
{
	rec *r = rec_new();
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *c = t->c + i * t->ncol;
		rec_clear(r);
		if (several)
			rec_set_str(r, "report", t->report,
			    strlen(t->report));
		for (size_t j = 0; j < t->ncol; j++) {
			report_fmt_cell(&b, &c[j], t->kind[j], false);
			if (t->kind[j] == REPORT_COL_TEXT)
				rec_set_str(r, t->col[j], b.p, b.n);
			else
				rec_set_raw(r, t->col[j], b.n > 0 ? b.p :
				    "null", b.n > 0 ? b.n : 4);
		}
		stage_emit(st, r);
	}
	rec_free(r);
	sbuf_free(&b);
}

void
report_table_write(const report_table *t, const report_opts *o,
    bool several, bool *first, stage *st, sbuf *out)
{
	if ((o->format == REPORT_TEXT || o->format == REPORT_MARKDOWN) &&
	    !*first)
		stage_print(st, false, "\n", 1);
	*first = false;
	if (o->format == REPORT_TEXT)
		write_text(t, o, st, out);
	else if (o->format == REPORT_MARKDOWN)
		write_markdown(t, st, out);
	else if (o->format == REPORT_HTML)
		report_html_table(t, st, out);
	else
		write_records(t, several, st);
}
