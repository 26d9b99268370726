/* counts.c - the reports of the leads read as tables: funnel, groups,
 * rate, score, dq
 *
 * A report is made a table of cells (text, a count, or a ratio of two
 * counts, which is computed only when printed), sorted: everything printed
 * comes from exact counts and a total order of rows.
 */
#include "report/counts.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/strmap.h"
#include "base/xmem.h"

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

void
report_counts_table(report_table *t, unsigned bit, const report_agg *a,
    report_period per, report_keep *k)
{
	switch (bit) {
	case REPORT_FUNNEL:
		funnel(t, a);
		break;
	case REPORT_GROUPS:
		groups(t, a);
		break;
	case REPORT_RATE:
		rate(t, a, per, &k->periods);
		break;
	case REPORT_SCORE:
		score(t, a, &k->labels);
		break;
	default:	/* REPORT_DQ, the last of REPORT_ALL */
		dq(t, a, &k->sorted);
		break;
	}
}

void
report_keep_free(report_keep *k)
{
	sbuf_free(&k->labels);
	if (k->periods.idx != NULL)
		report_tally_free(&k->periods);
	free(k->sorted);
}
