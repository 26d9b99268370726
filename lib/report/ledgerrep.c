/* ledgerrep.c - lead-report's reports from the ledger: speed to first
 * contact, SLA breaches, aging of open leads, feedback coverage and the
 * fairness of routing (and the review, review.c)
 *
 * Each report is one SQL statement over the ledger (lead(7), Ledger), read
 * in a fixed order (owner by owner, the ledger's NULL owner or pool last),
 * made a table and printed through report_table_write like every other
 * report.  Durations are whole seconds between times the ledger holds
 * (routed_at, contacted_at) or --as-of, printed in hours.  Nothing is
 * kept but one owner's rows at a time: speed keeps that owner's durations
 * (already sorted by SQLite) for exact percentiles, fairness one pool's
 * owners.
 */
#include "report/ledgerrep.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "report/review.h"
#include "report/table.h"
#include "report/write.h"
#include "value/date.h"
#include "ledger/ledger.h"
#include "lead/roster.h"
#include "base/xmem.h"

#define HOUR 3600.0
#define DAY 86400

/* The upper bounds, in days, of the age buckets of aging, one a column
 * after "open" in aging_cols; the last bucket has none. */
static const long ages[] = { 1, 3, 7, 14, 30 };

/* A column of a ledger report. */
typedef struct ledger_col {
	const char *name;
	report_col_kind kind;
} ledger_col;

/* The columns of each report, in order (ended by a NULL name); fairness
 * with a roster has the last three too. */
static const ledger_col speed_cols[] = {
	{ "owner", REPORT_COL_TEXT }, { "contacted", REPORT_COL_COUNT },
	{ "median_hours", REPORT_COL_NUMBER },
	{ "p90_hours", REPORT_COL_NUMBER }, { NULL, 0 }
};
static const ledger_col sla_cols[] = {
	{ "owner", REPORT_COL_TEXT }, { "open", REPORT_COL_COUNT },
	{ "breaches", REPORT_COL_COUNT }, { "share", REPORT_COL_RATIO },
	{ "oldest_hours", REPORT_COL_NUMBER }, { NULL, 0 }
};
static const ledger_col aging_cols[] = {
	{ "owner", REPORT_COL_TEXT }, { "open", REPORT_COL_COUNT },
	{ "<1d", REPORT_COL_COUNT }, { "1-3d", REPORT_COL_COUNT },
	{ "3-7d", REPORT_COL_COUNT }, { "7-14d", REPORT_COL_COUNT },
	{ "14-30d", REPORT_COL_COUNT }, { ">30d", REPORT_COL_COUNT },
	{ NULL, 0 }
};
static const ledger_col coverage_cols[] = {
	{ "owner", REPORT_COL_TEXT }, { "routed", REPORT_COL_COUNT },
	{ "feedback", REPORT_COL_COUNT }, { "coverage", REPORT_COL_RATIO },
	{ NULL, 0 }
};
static const ledger_col fairness_cols[] = {
	{ "pool", REPORT_COL_TEXT }, { "owner", REPORT_COL_TEXT },
	{ "routed", REPORT_COL_COUNT }, { "share", REPORT_COL_RATIO },
	{ "weight_share", REPORT_COL_RATIO },
	{ "expected", REPORT_COL_NUMBER },
	{ "difference", REPORT_COL_NUMBER }, { NULL, 0 }
};
#define FAIRNESS_PLAIN 4	/* its columns without a roster */

/* cols: the columns of the ledger report bit and their number in *n
 * (fairness has three more with a roster); NULL for any other bit. */
static const ledger_col *
cols(unsigned bit, bool roster, size_t *n)
{
	static const struct {
		unsigned bit;
		const ledger_col *cols;
	} all[] = {
		{ REPORT_SPEED, speed_cols }, { REPORT_SLA, sla_cols },
		{ REPORT_AGING, aging_cols }, { REPORT_COVERAGE, coverage_cols },
		{ REPORT_FAIRNESS, fairness_cols }
	};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (all[i].bit != bit)
			continue;
		for (*n = 0; all[i].cols[*n].name != NULL; ++*n)
			;
		if (bit == REPORT_FAIRNESS && !roster)
			*n = FAIRNESS_PLAIN;
		return all[i].cols;
	}
	*n = 0;
	return NULL;
}

const char *
report_ledger_col(unsigned bit, bool roster, size_t i)
{
	size_t n;
	const ledger_col *c = cols(bit, roster, &n);

	if (bit == REPORT_REVIEW)
		return report_review_col(i);
	return i < n ? c[i].name : NULL;
}

/* ---- tables ---- */

/* table: t with the columns of the report bit. */
static void
table(report_table *t, unsigned bit, bool roster)
{
	size_t n;
	const ledger_col *c = cols(bit, roster, &n);

	report_table_init(t, report_name(bit), n);
	for (size_t i = 0; i < n; i++)
		report_table_col(t, i, c[i].name, c[i].kind);
}

/* ---- reading the ledger ---- */

/* A statement's time window: ?1 and ?2 are the inclusive bounds of
 * routed_at (--since, --until; open ends as the extremes of int64), ?3,
 * when the statement has it, --as-of. */
static sqlite3_stmt *
stmt(ledger *l, const report_opts *o, const char *sql)
{
	sqlite3_stmt *st = ledger_stmt(l, sql);

	sqlite3_bind_int64(st, 1, o->has_since ? (sqlite3_int64)o->since :
	    INT64_MIN);
	sqlite3_bind_int64(st, 2, o->has_until ? (sqlite3_int64)o->until :
	    INT64_MAX);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, (sqlite3_int64)o->as_of);
	return st;
}

/* keep: column i of the row (NULL as REPORT_NONE) copied into names, as
 * the row's text is gone after the next step; returns its offset there. */
static size_t
keep(sbuf *names, sqlite3_stmt *st, int i)
{
	const char *s = ledger_column(st, i);
	size_t at = names->n;

	sbuf_adds(names, s != NULL ? s : REPORT_NONE);
	sbuf_addc(names, '\0');
	return at;
}

/* text: t's text cells hold offsets into names in n while names grows
 * (names->p may move); they become pointers here, once it is complete. */
static void
text(report_table *t, const sbuf *names)
{
	for (size_t i = 0; i < t->nrow; i++)
		for (size_t j = 0; j < t->ncol; j++)
			if (t->kind[j] == REPORT_COL_TEXT) {
				report_cell *c = &t->c[i * t->ncol + j];
				c->s = names->p + c->n;
				c->n = 0;
			}
}

/* same: the owner (or pool) in column i of st is the one in names at
 * offset at (NULL is REPORT_NONE). */
static bool
same(const sbuf *names, size_t at, sqlite3_stmt *st, int i)
{
	const char *s = ledger_column(st, i);

	return strcmp(names->p + at, s != NULL ? s : REPORT_NONE) == 0;
}

/* rank: the p-th percentile of v[0..n) (sorted, n > 0) by nearest rank:
 * the value at rank ceil(p * n / 100), counting from 1.  The median of
 * 1 2 3 4 is 2; the 90th percentile of 1..10 is 9. */
static double
rank(const int64_t *v, size_t n, unsigned p)
{
	size_t r = (p * n + 99) / 100;

	return (double)v[r > 0 ? r - 1 : 0];
}

static void
speed(report_table *t, ledger *l, const report_opts *o, sbuf *names)
{
	sqlite3_stmt *st = stmt(l, o, "SELECT owner, contacted_at - "
	    "routed_at FROM leads WHERE contacted_at IS NOT NULL AND "
	    "routed_at BETWEEN ?1 AND ?2 "
	    "ORDER BY owner IS NULL, owner, 2");
	int64_t *v = NULL;
	size_t n = 0, cap = 0, at = 0;
	uint64_t all = 0;
	int rc;

	table(t, REPORT_SPEED, false);
	t->bar = 1;
	do {
		rc = ledger_step(l, st);
		if (n > 0 && (rc != SQLITE_ROW || !same(names, at, st, 0))) {
			report_cell *r = report_table_row(t);
			r[0].n = at;
			r[1].n = n;
			r[2].x = rank(v, n, 50) / HOUR;
			r[3].x = rank(v, n, 90) / HOUR;
			all += n;
			n = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		if (n == 0)
			at = keep(names, st, 0);
		if (n == cap) {
			cap = cap > 0 ? 2 * cap : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = sqlite3_column_int64(st, 1);
	} while (true);
	sqlite3_reset(st);
	free(v);
	sbuf_addf(&t->title, "speed: hours from routing to first contact, "
	    "%" PRIu64 " leads contacted", all);
}

static void
sla(report_table *t, ledger *l, const report_opts *o, sbuf *names)
{
	sqlite3_stmt *st = stmt(l, o, "SELECT owner, count(*), "
	    "sum(contacted_at IS NULL AND ?3 - routed_at > ?4), "
	    "max(CASE WHEN contacted_at IS NULL AND ?3 - routed_at > ?4 "
	    "THEN ?3 - routed_at END) "
	    "FROM leads WHERE state = '" LEDGER_ASSIGNED "' AND "
	    "routed_at BETWEEN ?1 AND ?2 AND routed_at <= ?3 "
	    "GROUP BY owner ORDER BY owner IS NULL, owner");
	uint64_t open = 0, breaches = 0;

	sqlite3_bind_int64(st, 4, (sqlite3_int64)llround(o->sla * HOUR));
	table(t, REPORT_SLA, false);
	t->bar = 2;
	while (ledger_step(l, st) == SQLITE_ROW) {
		report_cell *r = report_table_row(t);
		r[0].n = keep(names, st, 0);
		r[1].n = (uint64_t)sqlite3_column_int64(st, 1);
		r[2].n = (uint64_t)sqlite3_column_int64(st, 2);
		r[3] = (report_cell){ .n = r[2].n, .d = r[1].n };
		r[4].x = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN :
		    (double)sqlite3_column_int64(st, 3) / HOUR;
		open += r[1].n;
		breaches += r[2].n;
	}
	sqlite3_reset(st);
	sbuf_addf(&t->title, "sla: %" PRIu64 " of %" PRIu64 " open leads "
	    "without first contact after %g hours, as of ", breaches, open,
	    o->sla);
	date_format(&t->title, o->as_of);
}

static void
aging(report_table *t, ledger *l, const report_opts *o, sbuf *names)
{
	sqlite3_stmt *st = stmt(l, o, "SELECT owner, ?3 - routed_at "
	    "FROM leads WHERE state = '" LEDGER_ASSIGNED "' AND "
	    "routed_at BETWEEN ?1 AND ?2 AND routed_at <= ?3 "
	    "ORDER BY owner IS NULL, owner");
	report_cell *r = NULL;
	uint64_t open = 0;

	table(t, REPORT_AGING, false);
	t->bar = 1;
	while (ledger_step(l, st) == SQLITE_ROW) {
		sqlite3_int64 age = sqlite3_column_int64(st, 1);
		size_t b = 0;

		if (r == NULL || !same(names, r[0].n, st, 0)) {
			r = report_table_row(t);
			r[0].n = keep(names, st, 0);
		}
		while (b < sizeof ages / sizeof ages[0] &&
		    age >= ages[b] * DAY)
			b++;
		r[1].n++;
		r[2 + b].n++;
		open++;
	}
	sqlite3_reset(st);
	sbuf_addf(&t->title, "aging: %" PRIu64 " open leads by days since "
	    "routing, as of ", open);
	date_format(&t->title, o->as_of);
}

static void
coverage(report_table *t, ledger *l, const report_opts *o,
    const roster *ro, sbuf *names)
{
	sqlite3_stmt *st = stmt(l, o, "SELECT owner, count(*), "
	    "count(feedback_at) FROM leads WHERE owner IS NOT NULL AND "
	    "routed_at BETWEEN ?1 AND ?2 "
	    "GROUP BY owner ORDER BY owner");
	uint64_t routed = 0, fed = 0;

	table(t, REPORT_COVERAGE, false);
	t->bar = 1;
	while (ledger_step(l, st) == SQLITE_ROW) {
		const roster_member *m;

		if (ro != NULL && ((m = roster_find(ro, ledger_column(st, 0)))
		    == NULL || m->kind != ROSTER_PARTNER))
			continue;
		report_cell *r = report_table_row(t);
		r[0].n = keep(names, st, 0);
		r[1].n = (uint64_t)sqlite3_column_int64(st, 1);
		r[2].n = (uint64_t)sqlite3_column_int64(st, 2);
		r[3] = (report_cell){ .n = r[2].n, .d = r[1].n };
		routed += r[1].n;
		fed += r[2].n;
	}
	sqlite3_reset(st);
	sbuf_addf(&t->title, "coverage: %" PRIu64 " of %" PRIu64 " routed "
	    "leads with feedback%s", fed, routed, ro != NULL ?
	    ", partners of the roster" : ", by owner");
}

/* ---- fairness ---- */

/* An owner of a pool: its leads, and its weight in the roster (scaled to
 * a whole number, so that shares are exact ratios), or -1 off the roster. */
typedef struct fair_owner {
	size_t name;		/* offset in names */
	uint64_t n;
	int64_t weight;
	double expect;		/* leads expected (eligible_expected) */
} fair_owner;

static const sbuf *sort_names;

static int
by_owner(const void *x, const void *y)
{
	const fair_owner *p = x, *q = y;

	return strcmp(sort_names->p + p->name, sort_names->p + q->name);
}

/* WEIGHT_SCALE: weights are kept in millionths. */
#define WEIGHT_SCALE 1e6

/*
 * eligible_expected: each member's expected leads in pool (NULL: the
 * leads without one), into exp[] (roster order, zeroed first): every lead
 * routed or claimed in the window is shared, by weight, among the pool's
 * members who could take it when it was routed: not absent that day, and,
 * for a member with territories, covering the lead's country and postcode
 * (a member without territories takes any).  A lead none of them could
 * take is shared among all of the pool's members by weight, as before.
 * A member with a daily capacity is left out of a lead once the leads it
 * expects that day (UTC) reach it, as the router skips a full member.
 * Leads are taken in the order they were routed.  So a rep on holiday
 * expects nothing for those days, and one whose territory brings few
 * leads expects few.
 */
static void
eligible_expected(ledger *l, const report_opts *o, const roster *ro,
    const char *pool, double *exp)
{
	size_t nm;
	const roster_member *m = roster_members(ro, &nm);
	double *day = xcalloc(nm, sizeof *day);
	bool *in = xcalloc(nm, sizeof *in);
	time_t cur = 0;
	bool any = false;
	sqlite3_stmt *st = stmt(l, o, "SELECT h.at, "
	    "json_extract(l.record, '$.country'), "
	    "json_extract(l.record, '$.postcode') "
	    "FROM history h LEFT JOIN leads l ON l.id = h.lead "
	    "WHERE h.event IN ('" LEDGER_ROUTED "', '" LEDGER_CLAIMED "') "
	    "AND h.owner IS NOT NULL AND h.at BETWEEN ?1 AND ?2 "
	    "AND l.pool IS ?4 ORDER BY h.at, h.seq");

	memset(exp, 0, nm * sizeof *exp);
	if (pool != NULL)
		ledger_bind_text(l, st, 4, pool);
	else
		sqlite3_bind_null(st, 4);
	for (;;) {
		int rc = ledger_step(l, st);
		time_t at = rc == SQLITE_ROW ?
		    (time_t)sqlite3_column_int64(st, 0) : 0;
		if (any && (rc != SQLITE_ROW || at / DAY != cur / DAY)) {
			for (size_t i = 0; i < nm; i++)
				exp[i] += day[i];
			memset(day, 0, nm * sizeof *day);
		}
		if (rc != SQLITE_ROW)
			break;
		cur = at;
		any = true;
		const char *country = ledger_column(st, 1);
		const char *postcode = ledger_column(st, 2);
		double w = 0;
		for (int pass = 0; pass < 2 && w <= 0; pass++)
			for (size_t i = 0; i < nm; i++) {
				in[i] = roster_in_pool(&m[i], pool) &&
				    (pass == 1 || (!roster_absent(&m[i], at) &&
				    (m[i].capacity_day < 0 || day[i] + 1e-9 <
				    (double)m[i].capacity_day) &&
				    (m[i].nterritories == 0 || roster_covers(ro,
				    &m[i], country, postcode) != NULL)));
				w += in[i] ? m[i].weight : 0;
			}
		for (size_t i = 0; i < nm && w > 0; i++)
			if (in[i])
				day[i] += m[i].weight / w;
	}
	sqlite3_reset(st);
	free(day);
	free(in);
}

/* pool_rows: the rows of one pool (at: its name in names) from v[0..n):
 * with ro, its members that got nothing join it, and each owner's weight
 * share and expected leads (eligible_expected) are set. */
static void
pool_rows(report_table *t, ledger *l, const report_opts *o,
    const roster *ro, size_t at, fair_owner **pv, size_t *pn, size_t *pcap,
    sbuf *names)
{
	fair_owner *v = *pv;
	size_t n = *pn;
	uint64_t total = 0;
	int64_t wsum = 0;
	/* a copy: names grows below */
	char *pool = strcmp(names->p + at, REPORT_NONE) == 0 ? NULL :
	    xstrdup(names->p + at);
	double *exp = NULL;

	if (ro != NULL) {
		size_t nm;
		roster_members(ro, &nm);
		exp = xcalloc(nm + 1, sizeof *exp);
		eligible_expected(l, o, ro, pool, exp);
	}
	if (ro != NULL) {
		size_t nm;
		const roster_member *m = roster_members(ro, &nm);
		size_t had = n;
		for (size_t i = 0; i < nm; i++) {
			if (!roster_in_pool(&m[i], pool))
				continue;
			int64_t w = llround(m[i].weight * WEIGHT_SCALE);
			size_t k = 0;
			while (k < had && strcmp(names->p + v[k].name,
			    m[i].id) != 0)
				k++;
			if (k == had) {
				if (n == *pcap) {
					*pcap = 2 * *pcap + 16;
					v = xreallocarray(v, *pcap,
					    sizeof *v);
				}
				v[n] = (fair_owner){ names->n, 0, 0, 0 };
				sbuf_adds(names, m[i].id);
				sbuf_addc(names, '\0');
				k = n++;
			}
			v[k].weight = w;
			v[k].expect = exp[i];
			wsum += w;
		}
	}
	free(pool);
	free(exp);
	for (size_t i = 0; i < n; i++)
		total += v[i].n;
	sort_names = names;
	qsort(v, n, sizeof *v, by_owner);
	for (size_t i = 0; i < n; i++) {
		report_cell *r = report_table_row(t);
		r[0].n = at;
		r[1].n = v[i].name;
		r[2].n = v[i].n;
		r[3] = (report_cell){ .n = v[i].n, .d = total };
		if (ro == NULL)
			continue;
		if (v[i].weight < 0 || wsum <= 0)
			continue;	/* off the roster: no share (NAN) */
		double expect = v[i].expect;
		r[4] = (report_cell){ .n = (uint64_t)v[i].weight,
		    .d = (uint64_t)wsum };
		r[5].x = expect;
		r[6].x = (double)v[i].n - expect;
	}
	*pv = v;
	*pn = 0;
}

static void
fairness(report_table *t, ledger *l, const report_opts *o,
    const roster *ro, sbuf *names)
{
	/* the pool is the lead's (leads.pool): history has none */
	sqlite3_stmt *st = stmt(l, o, "SELECT l.pool, h.owner, count(*) "
	    "FROM history h LEFT JOIN leads l ON l.id = h.lead "
	    "WHERE h.event IN ('" LEDGER_ROUTED "', '" LEDGER_CLAIMED "') "
	    "AND h.owner IS NOT NULL AND h.at BETWEEN ?1 AND ?2 "
	    "GROUP BY l.pool, h.owner "
	    "ORDER BY l.pool IS NULL, l.pool, h.owner");
	fair_owner *v = NULL;
	size_t n = 0, cap = 0, pool = 0;
	uint64_t all = 0;
	int rc;

	table(t, REPORT_FAIRNESS, ro != NULL);
	t->bar = 2;
	do {
		rc = ledger_step(l, st);
		/* v[0..n): the owners of the pool at names + pool */
		if (n > 0 && (rc != SQLITE_ROW || !same(names, pool, st, 0)))
			pool_rows(t, l, o, ro, pool, &v, &n, &cap, names);
		if (rc != SQLITE_ROW)
			break;
		if (n == 0)
			pool = keep(names, st, 0);
		if (n == cap) {
			cap = 2 * cap + 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n].name = keep(names, st, 1);
		v[n].n = (uint64_t)sqlite3_column_int64(st, 2);
		v[n].weight = -1;
		all += v[n++].n;
	} while (true);
	sqlite3_reset(st);
	free(v);
	sbuf_addf(&t->title, "fairness: %" PRIu64 " leads routed or claimed, "
	    "by pool%s", all, ro != NULL ? ", against the roster's weights" :
	    "");
}

void
report_ledger_write(const report_agg *a, const report_opts *o,
    unsigned reports, bool several, bool *first, stage *st, sbuf *out)
{
	sbuf names = SBUF_INIT;

	for (unsigned bit = REPORT_SPEED; bit & REPORT_LEDGER_ALL; bit <<= 1) {
		report_table t;

		if (!(reports & bit))
			continue;
		if (bit == REPORT_REVIEW) {	/* four tables of its own */
			report_review_write(a->ledger, o, first, st, out);
			continue;
		}
		sbuf_reset(&names);
		switch (bit) {
		case REPORT_SPEED:
			speed(&t, a->ledger, o, &names);
			break;
		case REPORT_SLA:
			sla(&t, a->ledger, o, &names);
			break;
		case REPORT_AGING:
			aging(&t, a->ledger, o, &names);
			break;
		case REPORT_COVERAGE:
			coverage(&t, a->ledger, o, a->roster, &names);
			break;
		default:
			fairness(&t, a->ledger, o, a->roster, &names);
			break;
		}
		text(&t, &names);
		report_table_write(&t, o, several, first, st, out);
		report_table_free(&t);
	}
	sbuf_free(&names);
}
