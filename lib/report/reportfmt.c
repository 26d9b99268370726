/* reportfmt.c - lead-report's writers: each report as a table, printed as
 * aligned text with bars, Markdown, HTML (reporthtml.c) or records (CSV,
 * NDJSON)
 *
 * A report is first made a table of cells (text, a count, or a ratio of
 * two counts, which is computed only when printed), sorted, then written in
 * the format asked for.  Everything printed comes from exact counts and a
 * total order of rows, so equal counts print equal bytes.
 */
#include "report/report_int.h"
#include "report/reporttable.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"
#include "base/xmem.h"

#define BAR_WIDTH 30

void
report_table_init(report_table *t, const char *report, size_t ncol)
{
	memset(t, 0, sizeof *t);
	t->report = report;
	t->ncol = ncol;
	t->col = xcalloc(ncol, sizeof *t->col);
	t->kind = xcalloc(ncol, sizeof *t->kind);
}

void
report_table_col(report_table *t, size_t i, const char *name,
    report_col_kind k)
{
	t->col[i] = name;
	t->kind[i] = k;
}

report_cell *
report_table_row(report_table *t)
{
	if (t->nrow == t->cap) {
		t->cap = t->cap > 0 ? 2 * t->cap : 16;
		t->c = xreallocarray(t->c, t->cap * t->ncol, sizeof *t->c);
	}
	report_cell *row = t->c + t->nrow++ * t->ncol;
	for (size_t j = 0; j < t->ncol; j++)
		row[j] = (report_cell){ NULL, 0, 0, NAN };
	return row;
}

void
report_table_free(report_table *t)
{
	free(t->col);
	free(t->kind);
	free(t->c);
	sbuf_free(&t->title);
}

/* ---- the reports as tables ---- */

static void
funnel(report_table *t, const report_agg *a)
{
	report_table_init(t, "funnel", 4);
	report_table_col(t, 0, "stage", REPORT_COL_TEXT);
	report_table_col(t, 1, "reached", REPORT_COL_COUNT);
	report_table_col(t, 2, "share", REPORT_COL_RATIO);
	report_table_col(t, 3, "from_previous", REPORT_COL_RATIO);
	t->bar = 1;
	sbuf_addf(&t->title, "funnel: %" PRIu64 " leads", a->total.count);
	for (size_t i = 0; i < a->nstages; i++) {
		report_cell *r = report_table_row(t);
		r[0].s = a->stages[i];
		r[1].n = a->total.reached[i];
		r[2] = (report_cell){ NULL, a->total.reached[i],
		    a->total.count, NAN };
		if (i > 0)
			r[3] = (report_cell){ NULL, a->total.reached[i],
			    a->total.reached[i - 1], NAN };
	}
}

static size_t sort_ngroup;

/* by_count: groups by count, most first, then by key. */
static int
by_count(const void *x, const void *y)
{
	const report_group *g = *(report_group *const *)x;
	const report_group *h = *(report_group *const *)y;

	if (g->count != h->count)
		return g->count > h->count ? -1 : 1;
	for (size_t i = 0; i < sort_ngroup; i++) {
		int c = strcmp(g->key[i], h->key[i]);
		if (c != 0)
			return c;
	}
	return 0;
}

static void
groups(report_table *t, const report_agg *a)
{
	size_t ng = a->ngroup, k;
	report_group **v = xcalloc(a->ngroups + 1, sizeof *v);

	report_table_init(t, "groups", ng + 1 + a->nstages + 2);
	for (k = 0; k < ng; k++)
		report_table_col(t, k, a->group[k], REPORT_COL_TEXT);
	report_table_col(t, k++, "count", REPORT_COL_COUNT);
	for (size_t i = 0; i < a->nstages; i++)
		report_table_col(t, k++, a->stages[i], REPORT_COL_COUNT);
	report_table_col(t, k++, "conversion", REPORT_COL_RATIO);
	report_table_col(t, k, "mql_rate", REPORT_COL_RATIO);
	t->bar = ng;
	sbuf_addf(&t->title, "groups: %zu by", a->ngroups);
	for (size_t i = 0; i < ng; i++)
		sbuf_addf(&t->title, "%s %s", i > 0 ? "," : "", a->group[i]);
	if (a->ngroups > 0)
		memcpy(v, a->groups, a->ngroups * sizeof *v);
	sort_ngroup = ng;
	qsort(v, a->ngroups, sizeof *v, by_count);
	for (size_t j = 0; j < a->ngroups; j++) {
		const report_group *g = v[j];
		report_cell *r = report_table_row(t);
		for (k = 0; k < ng; k++)
			r[k].s = g->key[k];
		r[k++].n = g->count;
		for (size_t i = 0; i < a->nstages; i++)
			r[k++].n = g->reached[i];
		r[k++] = (report_cell){ NULL, g->won, g->count, NAN };
		r[k] = (report_cell){ NULL, g->reached[a->mql], g->count,
		    NAN };
	}
	free(v);
}

/* by_name: tally entries by name, REPORT_NONE last. */
static int
by_name(const void *x, const void *y)
{
	const report_count *p = x, *q = y;
	bool pn = strcmp(p->name, REPORT_NONE) == 0;
	bool qn = strcmp(q->name, REPORT_NONE) == 0;

	if (pn != qn)
		return pn ? 1 : -1;
	return strcmp(p->name, q->name);
}

/* by_bucket: score buckets in numeric order, REPORT_NONE last. */
static int
by_bucket(const void *x, const void *y)
{
	const report_count *p = x, *q = y;
	bool pn = strcmp(p->name, REPORT_NONE) == 0;
	bool qn = strcmp(q->name, REPORT_NONE) == 0;

	if (pn || qn)
		return pn - qn;
	long long a = strtoll(p->name, NULL, 10), b = strtoll(q->name, NULL,
	    10);
	return (a > b) - (a < b);
}

/* by_n: tally entries by count, most first, then by name. */
static int
by_n(const void *x, const void *y)
{
	const report_count *p = x, *q = y;

	if (p->n != q->n)
		return p->n > q->n ? -1 : 1;
	return strcmp(p->name, q->name);
}

/* period: the period of the day "YYYY-MM-DD" into out. */
static void
period(sbuf *out, const char *day, report_period per)
{
	struct tm tm = { 0 };
	char buf[32];

	if (strcmp(day, REPORT_NONE) == 0 ||
	    sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		sbuf_adds(out, REPORT_NONE);
		return;
	}
	switch (per) {
	case REPORT_WEEK:
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		time_t t = timegm(&tm);
		gmtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%G-W%V", &tm);
		sbuf_adds(out, buf);
		break;
	case REPORT_MONTH:
		sbuf_addf(out, "%04d-%02d", tm.tm_year, tm.tm_mon);
		break;
	case REPORT_QUARTER:
		sbuf_addf(out, "%04d-Q%d", tm.tm_year, (tm.tm_mon + 2) / 3);
		break;
	}
}

/* copy: the entries of a tally, to sort (names borrowed). */
static report_count *
copy(const report_tally *t)
{
	report_count *v = xcalloc(t->n + 1, sizeof *v);

	if (t->n > 0)
		memcpy(v, t->v, t->n * sizeof *v);
	return v;
}

static void
rate(report_table *t, const report_agg *a, report_period per,
    report_tally *pt)
{
	static const char *const pername[] = { "week", "month", "quarter" };
	sbuf b = SBUF_INIT;

	pt->idx = strmap_new();
	for (size_t i = 0; i < a->days.n; i++) {
		sbuf_reset(&b);
		period(&b, a->days.v[i].name, per);
		report_tally_add(pt, b.p, b.n, a->days.v[i].n);
	}
	sbuf_free(&b);
	qsort(pt->v, pt->n, sizeof *pt->v, by_name);
	report_table_init(t, "rate", 2);
	report_table_col(t, 0, "period", REPORT_COL_TEXT);
	report_table_col(t, 1, "count", REPORT_COL_COUNT);
	t->bar = 1;
	sbuf_addf(&t->title, "rate: leads per %s of created_at", pername[per]);
	for (size_t i = 0; i < pt->n; i++) {
		report_cell *r = report_table_row(t);
		r[0].s = pt->v[i].name;
		r[1].n = pt->v[i].n;
	}
}

static void
score(report_table *t, const report_agg *a, sbuf *labels)
{
	report_count *v = copy(&a->scores);
	size_t *at = xcalloc(a->scores.n + 1, sizeof *at);

	qsort(v, a->scores.n, sizeof *v, by_bucket);
	/* the labels first: labels->p may move while it grows */
	for (size_t i = 0; i < a->scores.n; i++) {
		at[i] = labels->n;
		if (strcmp(v[i].name, REPORT_NONE) == 0) {
			sbuf_adds(labels, REPORT_NONE);
		} else {
			long long k = strtoll(v[i].name, NULL, 10);
			sbuf_addf(labels, "%lld..%lld", k * 10, k * 10 + 9);
		}
		sbuf_addc(labels, '\0');
	}
	report_table_init(t, "score", 2);
	report_table_col(t, 0, "bucket", REPORT_COL_TEXT);
	report_table_col(t, 1, "count", REPORT_COL_COUNT);
	t->bar = 1;
	sbuf_adds(&t->title, "score: leads by score, in buckets of 10");
	for (size_t i = 0; i < a->scores.n; i++) {
		report_cell *r = report_table_row(t);
		r[0].s = labels->p + at[i];
		r[1].n = v[i].n;
	}
	free(at);
	free(v);
}

static void
dq(report_table *t, const report_agg *a, report_count **keep)
{
	report_count *v = copy(&a->dq);
	uint64_t all = 0;

	qsort(v, a->dq.n, sizeof *v, by_n);
	for (size_t i = 0; i < a->dq.n; i++)
		all += v[i].n;
	report_table_init(t, "dq", 3);
	report_table_col(t, 0, "dq_category", REPORT_COL_TEXT);
	report_table_col(t, 1, "count", REPORT_COL_COUNT);
	report_table_col(t, 2, "share", REPORT_COL_RATIO);
	t->bar = 1;
	sbuf_addf(&t->title, "dq: %" PRIu64 " disqualified leads by "
	    "dq_category", all);
	for (size_t i = 0; i < a->dq.n; i++) {
		report_cell *r = report_table_row(t);
		r[0].s = v[i].name;
		r[1].n = v[i].n;
		r[2] = (report_cell){ NULL, v[i].n, all, NAN };
	}
	*keep = v;
}

/* ---- writing ---- */

void
report_fmt_cell(sbuf *b, const report_cell *c, report_col_kind k,
    bool percent)
{
	sbuf_reset(b);
	switch (k) {
	case REPORT_COL_TEXT:
		sbuf_adds(b, c->s);
		break;
	case REPORT_COL_COUNT:
		sbuf_addf(b, "%" PRIu64, c->n);
		break;
	case REPORT_COL_RATIO:
		if (c->d == 0)
			break;
		if (percent)
			sbuf_addf(b, "%.1f%%", 100.0 * (double)c->n /
			    (double)c->d);
		else
			sbuf_addf(b, "%.4f", (double)c->n / (double)c->d);
		break;
	case REPORT_COL_NUMBER:
		if (isnan(c->x))
			break;
		sbuf_addf(b, percent ? "%.1f" : "%.4f", c->x);
		break;
	}
}

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
			    true);
		}
		if (max > 0) {
			sbuf_addf(out, "  %s", colour);
			bar(out, r[t->bar].n, max);
			sbuf_adds(out, off);
		}
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

void
report_write(const report_agg *a, const report_opts *o, unsigned reports,
    stage *st)
{
	sbuf out = SBUF_INIT, labels = SBUF_INIT;
	unsigned n = 0;
	bool first = true;

	for (unsigned bit = 1; bit & (REPORT_ALL | REPORT_LEDGER_ALL);
	    bit <<= 1)
		n += (reports & bit) != 0;
	if (o->format == REPORT_HTML)
		report_html_begin(o, st, &out);
	for (unsigned bit = 1; bit & REPORT_ALL; bit <<= 1) {
		report_table t;
		report_tally pt = { 0 };
		report_count *keep = NULL;

		if (!(reports & bit))
			continue;
		sbuf_reset(&labels);
		switch (bit) {
		case REPORT_FUNNEL:
			funnel(&t, a);
			break;
		case REPORT_GROUPS:
			groups(&t, a);
			break;
		case REPORT_RATE:
			rate(&t, a, o->period, &pt);
			break;
		case REPORT_SCORE:
			score(&t, a, &labels);
			break;
		default:	/* REPORT_DQ, the last of REPORT_ALL */
			dq(&t, a, &keep);
			break;
		}
		report_table_write(&t, o, n > 1, &first, st, &out);
		report_table_free(&t);
		free(keep);
		if (pt.idx != NULL) {
			for (size_t i = 0; i < pt.n; i++)
				free(pt.v[i].name);
			free(pt.v);
			strmap_free(pt.idx);
		}
	}
	if (reports & REPORT_LEDGER_ALL)
		report_ledger_write(a, o, reports, n > 1, &first, st, &out);
	if (o->format == REPORT_HTML)
		report_html_end(st, &out);
	sbuf_free(&out);
	sbuf_free(&labels);
}
