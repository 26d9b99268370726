/* html.c - lead-report -o html: the report tables as one
 * self-contained HTML page, each under a heading with an inline SVG chart
 * of its bar column and then the table itself
 *
 * The page fetches nothing (no script, font, image or link; the CSS is in
 * the head, the charts are SVG in the body) so that it reads the same in a
 * browser, a mail client or an archive.  Everything is drawn from the table
 * alone: the labels are a row's text cells, the bars its count in column
 * t->bar.  Only the kind of chart depends on the report's name (the charts
 * table); a report without an entry gets horizontal bars.  Coordinates are
 * printed with one decimal from exact counts, so equal input prints equal
 * bytes.
 *
 * Text widths are estimated (CHAR_W pixels a terminal column at FONT
 * pixels), which is enough to size the label column and to decide whether
 * column labels fit upright; a label longer than LABEL_MAX columns is cut
 * with an ellipsis in the chart (the table has it whole).
 */
#include "report/html.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "base/utf8.h"
#include "base/xmem.h"

/* Bar colours: each has at least 4.5:1 contrast on white, so a bar stands
 * out as well as text would.  Text is INK or MUTED (over 6.5:1, on white
 * and on FUNNEL_FILL). */
static const char *const palette[] = {
	"#1f5f99", "#a3461b", "#2e6b30", "#6a3d9a", "#9c2f2f", "#00636b"
};
#define NPALETTE (sizeof palette / sizeof *palette)
#define INK "#1a1a1a"
#define MUTED "#4d4d4d"
#define RULE "#767676"
#define FUNNEL_FILL "#dde5ee"	/* the band between two funnel stages */

#define SVG_W 720	/* the width of every chart */
#define FONT 12		/* px, labels and values */
#define CHAR_W 7.2	/* px a column of text takes at FONT, estimated */
#define LABEL_MAX 28	/* columns of a label in a chart */
#define PLOT_H 180	/* the height of a column chart's plot */

typedef enum chart_kind {
	CHART_BARS, CHART_FUNNEL, CHART_COLUMNS, CHART_HISTOGRAM
} chart_kind;

static const struct {
	const char *report;
	chart_kind kind;
} charts[] = {
	{ "funnel", CHART_FUNNEL },
	{ "rate", CHART_COLUMNS },
	{ "score", CHART_HISTOGRAM },
};

static const char style[] =
"body{margin:0;padding:24px;background:#ffffff;color:" INK ";"
"font:14px/1.45 'DejaVu Sans',Verdana,Arial,sans-serif}\n"
"main{max-width:980px}\n"
"h1{font-size:22px;margin:0 0 4px}\n"
"p.meta{margin:0 0 8px;color:" MUTED "}\n"
"h2{font-size:17px;margin:28px 0 10px;padding-bottom:4px;"
"border-bottom:1px solid #c8c8c8}\n"
"svg{display:block;max-width:100%;height:auto;margin:0 0 12px}\n"
"div.t{overflow-x:auto}\n"
"table{border-collapse:collapse;font-size:13px}\n"
"th,td{padding:3px 10px;border-bottom:1px solid #d0d0d0;text-align:left;"
"white-space:nowrap}\n"
"th{background:#e8eef5}\n"
"tbody tr:nth-child(even){background:#f4f4f4}\n"
".n{text-align:right;font-variant-numeric:tabular-nums}\n";

/* esc: s[0..n) as HTML text or attribute value: & < > " ' as references,
 * control characters as spaces (a value is one line). */
static void
esc(sbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&':
			sbuf_adds(out, "&amp;");
			break;
		case '<':
			sbuf_adds(out, "&lt;");
			break;
		case '>':
			sbuf_adds(out, "&gt;");
			break;
		case '"':
			sbuf_adds(out, "&quot;");
			break;
		case '\'':
			sbuf_adds(out, "&#39;");
			break;
		default:
			sbuf_addc(out, c < 0x20 || c == 0x7f ? ' ' : (char)c);
		}
	}
}

static void
escs(sbuf *out, const char *s)
{
	esc(out, s, strlen(s));
}

/* label: row r's text cells, joined by " / ", into b (emptied first), cut
 * to LABEL_MAX columns with an ellipsis; returns its width in px. */
static double
label(sbuf *b, const report_table *t, const report_cell *r)
{
	size_t n;
	bool more = false;

	sbuf_reset(b);
	for (size_t j = 0; j < t->ncol; j++) {
		if (t->kind[j] != REPORT_COL_TEXT)
			continue;
		if (more)
			sbuf_adds(b, " / ");
		sbuf_adds(b, r[j].s);
		more = true;
	}
	n = b->n;
	size_t w = utf8_columns(b->p, &n, LABEL_MAX);
	if (n < b->n) {
		b->n = n;
		b->p[n] = '\0';
		sbuf_adds(b, "\u2026");
	}
	return (double)w * CHAR_W;
}

/* value: row r's bar count, as text, into b; returns its width in px. */
static double
value(sbuf *b, const report_table *t, const report_cell *r)
{
	report_fmt_cell(b, &r[t->bar], REPORT_COL_COUNT, true);
	return (double)b->n * CHAR_W;
}

/* text: an SVG text element with the text s, escaped; attr: its other
 * attributes ("" for none). */
static void
text(sbuf *out, double x, double y, const char *attr, const char *s)
{
	sbuf_addf(out, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y,
	    *attr != '\0' ? " " : "", attr);
	escs(out, s);
	sbuf_adds(out, "</text>\n");
}

static void
rect(sbuf *out, double x, double y, double w, double h, const char *fill)
{
	sbuf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	    "height=\"%.1f\" fill=\"%s\"/>\n", x, y, w, h, fill);
}

static void
svg_open(sbuf *out, const report_table *t, double h)
{
	sbuf_adds(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
	    "aria-labelledby=\"chart-");
	escs(out, t->report);
	sbuf_addf(out, "\" width=\"%d\" height=\"%.0f\" "
	    "viewBox=\"0 0 %d %.0f\" "
	    "font-family=\"'DejaVu Sans', Verdana, Arial, sans-serif\" "
	    "font-size=\"%d\" fill=\"" INK "\">\n<title id=\"chart-", SVG_W, h,
	    SVG_W, h, FONT);
	escs(out, t->report);
	sbuf_adds(out, "\">");
	esc(out, t->title.p, t->title.n);
	sbuf_adds(out, "</title>\n");
}

/* bar_len: n of max as a length of at most full, never less than a pixel
 * for a count that is not 0. */
static double
bar_len(uint64_t n, uint64_t max, double full)
{
	double w = max > 0 ? (double)n / (double)max * full : 0;

	return n > 0 && w < 1 ? 1 : w;
}

static uint64_t
max_count(const report_table *t)
{
	uint64_t max = 0;

	for (size_t i = 0; i < t->nrow; i++)
		if (t->c[i * t->ncol + t->bar].n > max)
			max = t->c[i * t->ncol + t->bar].n;
	return max;
}

/* bars: a row a horizontal bar, its label to the left, its count to the
 * right; funnel: the bars centred, a band between stages that says what
 * share of a stage reached the next. */
static void
bars(sbuf *out, const report_table *t, bool funnel)
{
	sbuf b = SBUF_INIT;
	double lw = 0, vw = 0, pitch = funnel ? 36 : 24, bh = funnel ? 20 : 16;
	uint64_t max = max_count(t);

	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		double w = label(&b, t, r);
		lw = w > lw ? w : lw;
		w = value(&b, t, r);
		vw = w > vw ? w : vw;
	}
	double x0 = 8 + lw + 8, pw = SVG_W - x0 - 8 - vw - 8;
	double cx = x0 + pw / 2;

	svg_open(out, t, 16 + (double)t->nrow * pitch - (pitch - bh));
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		uint64_t n = r[t->bar].n;
		double y = 8 + (double)i * pitch, w = bar_len(n, max, pw);
		double x = funnel ? cx - w / 2 : x0;

		if (funnel && i > 0) {
			uint64_t p = (r - t->ncol)[t->bar].n;
			double pw0 = bar_len(p, max, pw);
			sbuf_addf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f "
			    "%.1f,%.1f %.1f,%.1f\" "
			    "fill=\"" FUNNEL_FILL "\"/>\n",
			    cx - pw0 / 2, y - (pitch - bh), cx + pw0 / 2,
			    y - (pitch - bh), cx + w / 2, y, cx - w / 2, y);
			if (p > 0) {
				sbuf_reset(&b);
				sbuf_addf(&b, "\u2193 %.1f%%", 100.0 *
				    (double)n / (double)p);
				text(out, cx, y - 4, "text-anchor=\"middle\" "
				    "font-size=\"11\" fill=\"" MUTED "\"", b.p);
			}
		}
		label(&b, t, r);
		text(out, x0 - 8, y + bh / 2 + 4, "text-anchor=\"end\"", b.p);
		rect(out, x, y, w, bh, palette[funnel ? i % NPALETTE : 0]);
		value(&b, t, r);
		if (funnel)
			text(out, SVG_W - 8, y + bh / 2 + 4,
			    "text-anchor=\"end\"", b.p);
		else
			text(out, x + w + 4, y + bh / 2 + 4, "", b.p);
	}
	sbuf_adds(out, "</svg>\n");
	sbuf_free(&b);
}

/* columns: a row a column, left to right, labels under them (slanted, and
 * only every so many, when they do not fit upright), counts on top when
 * they fit; histogram: the columns touch. */
static void
columns(sbuf *out, const report_table *t, bool histogram)
{
	sbuf b = SBUF_INIT;
	uint64_t max = max_count(t);
	double lw = 0, top = 20;

	for (size_t i = 0; i < t->nrow; i++) {
		double w = label(&b, t, t->c + i * t->ncol);
		lw = w > lw ? w : lw;
	}
	sbuf_reset(&b);
	sbuf_addf(&b, "%" PRIu64, max);
	double x0 = 16 + (double)b.n * CHAR_W, pw = SVG_W - x0 - 8;
	double cw = pw / (double)t->nrow, base = top + PLOT_H;
	bool slant = lw > cw - 4;

	if (slant && x0 < lw * 0.71 + 8) {	/* room for the first label */
		x0 = lw * 0.71 + 8;
		pw = SVG_W - x0 - 8;
		cw = pw / (double)t->nrow;
	}
	size_t every = slant && cw < 17 ? (size_t)(17 / cw) + 1 : 1;

	svg_open(out, t, base + (slant ? lw * 0.71 + 20 : 24));
	sbuf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
	    "stroke=\"#c8c8c8\" stroke-dasharray=\"4 3\"/>\n", x0, top,
	    SVG_W - 8, top);
	sbuf_addf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
	    "stroke=\"" RULE "\"/>\n", x0, base, SVG_W - 8, base);
	sbuf_reset(&b);
	sbuf_addf(&b, "%" PRIu64, max);
	text(out, x0 - 6, top + 4, "text-anchor=\"end\" fill=\"" MUTED "\"",
	    b.p);
	text(out, x0 - 6, base + 4, "text-anchor=\"end\" fill=\"" MUTED "\"",
	    "0");
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		double h = bar_len(r[t->bar].n, max, PLOT_H);
		double x = x0 + (double)i * cw, mid = x + cw / 2;

		if (histogram)
			/* a gap of one between bars, while they are wider */
			rect(out, x + 0.5, base - h, cw > 2 ? cw - 1 : cw, h,
			    palette[3]);
		else
			rect(out, x + cw * 0.15, base - h, cw * 0.7, h,
			    palette[5]);
		if (value(&b, t, r) <= cw)
			text(out, mid, base - h - 4, "text-anchor=\"middle\" "
			    "font-size=\"11\"", b.p);
		if (i % every != 0)
			continue;
		label(&b, t, r);
		if (!slant) {
			text(out, mid, base + 16, "text-anchor=\"middle\"",
			    b.p);
		} else {
			char attr[96];
			snprintf(attr, sizeof attr, "text-anchor=\"end\" "
			    "transform=\"rotate(-45 %.1f %.1f)\"", mid + 4,
			    base + 14);
			text(out, mid + 4, base + 14, attr, b.p);
		}
	}
	sbuf_adds(out, "</svg>\n");
	sbuf_free(&b);
}

/* chart: the chart of t's bar column (a count, table.h). */
static void
chart(sbuf *out, const report_table *t)
{
	chart_kind k = CHART_BARS;

	if (t->nrow == 0) {
		svg_open(out, t, 40);
		text(out, 8, 24, "fill=\"" MUTED "\"", "nothing counted");
		sbuf_adds(out, "</svg>\n");
		return;
	}
	for (size_t i = 0; i < sizeof charts / sizeof *charts; i++)
		if (strcmp(charts[i].report, t->report) == 0)
			k = charts[i].kind;
	switch (k) {
	case CHART_BARS:
	case CHART_FUNNEL:
		bars(out, t, k == CHART_FUNNEL);
		break;
	case CHART_COLUMNS:
	case CHART_HISTOGRAM:
		columns(out, t, k == CHART_HISTOGRAM);
		break;
	}
}

void
report_html_begin(const report_opts *o, stage *st, sbuf *out)
{
	sbuf when = SBUF_INIT;

	if (o->has_since && o->has_until) {
		date_format_day(&when, o->since);
		sbuf_adds(&when, " to ");
		date_format_day(&when, o->until);
	} else if (o->has_since) {
		sbuf_adds(&when, "from ");
		date_format_day(&when, o->since);
	} else if (o->has_until) {
		sbuf_adds(&when, "up to ");
		date_format_day(&when, o->until);
	}
	sbuf_reset(out);
	sbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>Lead report");
	if (when.n > 0)
		sbuf_addf(out, ", %s", when.p);
	sbuf_adds(out, ", as of ");
	date_format_day(out, o->as_of);
	sbuf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<main>\n<h1>Lead report</h1>\n<p class=\"meta\">%s%s ",
	    style, sbuf_str(&when), when.n > 0 ? ", as of" : "As of");
	date_format_day(out, o->as_of);
	sbuf_adds(out, ".</p>\n");
	stage_print(st, false, out->p, out->n);
	sbuf_free(&when);
}

void
report_html_table(const report_table *t, stage *st, sbuf *out)
{
	sbuf b = SBUF_INIT;

	sbuf_reset(out);
	sbuf_adds(out, "<section>\n<h2>");
	esc(out, t->title.p, t->title.n);
	sbuf_adds(out, "</h2>\n");
	if (!t->nochart)
		chart(out, t);
	sbuf_adds(out, "<div class=\"t\"><table>\n<thead><tr>");
	for (size_t j = 0; j < t->ncol; j++) {
		sbuf_adds(out, t->kind[j] == REPORT_COL_TEXT ? "<th>" :
		    "<th class=\"n\">");
		escs(out, t->col[j]);
		sbuf_adds(out, "</th>");
	}
	sbuf_adds(out, "</tr></thead>\n<tbody>\n");
	stage_print(st, false, out->p, out->n);
	for (size_t i = 0; i < t->nrow; i++) {
		const report_cell *r = t->c + i * t->ncol;
		sbuf_reset(out);
		sbuf_adds(out, "<tr>");
		for (size_t j = 0; j < t->ncol; j++) {
			report_fmt_cell(&b, &r[j], t->kind[j], true);
			sbuf_adds(out, t->kind[j] == REPORT_COL_TEXT ? "<td>" :
			    "<td class=\"n\">");
			esc(out, b.p, b.n);
			sbuf_adds(out, "</td>");
		}
		sbuf_adds(out, "</tr>\n");
		stage_print(st, true, out->p, out->n);
	}
	sbuf_reset(out);
	sbuf_adds(out, "</tbody>\n</table></div>\n</section>\n");
	stage_print(st, false, out->p, out->n);
	sbuf_free(&b);
}

void
report_html_end(stage *st, sbuf *out)
{
	sbuf_reset(out);
	sbuf_adds(out, "</main>\n</body>\n</html>\n");
	stage_print(st, false, out->p, out->n);
}
