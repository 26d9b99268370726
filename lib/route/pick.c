/* pick.c - choosing the roster member a lead goes to */
#include "route/pick.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "value/geo.h"
#include "base/strmap.h"
#include "base/xmem.h"

/* The turns of one pool: a credit per member (roster order). */
typedef struct turns {
	double *credit;
	bool dirty;
} turns;

struct pick {
	const roster *ro;
	const roster_member *m;	/* roster_members() */
	size_t n;
	time_t as_of, day, week;
	const bool *gated;
	const long *overdue;	/* or NULL */
	const roster_member **held;	/* the gated who could take the lead */
	long *used_day, *used_week;
	sqlite3_int64 seen;	/* the last history row counted */
	strmap *pools;		/* pool ("" for none) -> turns */
	turns **all;		/* every turns, to free and save */
	char **names;		/* their pools */
	size_t nall;
	const roster_member **cand;	/* pick_choose's eligible members */
	const char **covers;		/* the territory each covers */
};

static const char *const result_words[] = {
	[PICK_OK] = "assigned",
	[PICK_NO_MEMBERS] = "no match",
	[PICK_ABSENT] = "all absent",
	[PICK_GATED] = "all gated",
	[PICK_NO_MATCH] = "no match",
	[PICK_NO_CAPACITY] = "no capacity",
};

const char *
pick_result_word(pick_result r)
{
	return result_words[r];
}

time_t
pick_day(time_t t)
{
	return t - (t % 86400 + 86400) % 86400;
}

time_t
pick_week(time_t t)
{
	time_t day = pick_day(t);
	/* 1970-01-01 was a Thursday: days since a Monday */
	long dow = (long)(((day / 86400) % 7 + 7 + 3) % 7);

	return day - dow * 86400;
}

pick *
pick_new(const roster *ro, time_t as_of, const bool *gated)
{
	pick *pk = xcalloc(1, sizeof *pk);

	pk->ro = ro;
	pk->m = roster_members(ro, &pk->n);
	pk->as_of = as_of;
	pk->day = pick_day(as_of);
	pk->week = pick_week(as_of);
	pk->gated = gated;
	pk->used_day = xcalloc(pk->n, sizeof *pk->used_day);
	pk->used_week = xcalloc(pk->n, sizeof *pk->used_week);
	pk->pools = strmap_new();
	pk->cand = xcalloc(pk->n, sizeof *pk->cand);
	pk->covers = xcalloc(pk->n, sizeof *pk->covers);
	pk->held = xcalloc(pk->n, sizeof *pk->held);
	return pk;
}

void
pick_set_overdue(pick *pk, const long *overdue)
{
	pk->overdue = overdue;
}

void
pick_free(pick *pk)
{
	if (pk == NULL)
		return;
	for (size_t i = 0; i < pk->nall; i++) {
		free(pk->all[i]->credit);
		free(pk->all[i]);
		free(pk->names[i]);
	}
	free(pk->all);
	free(pk->names);
	strmap_free(pk->pools);
	free(pk->held);
	free(pk->used_day);
	free(pk->used_week);
	free(pk->cand);
	free(pk->covers);
	free(pk);
}

/* pool_turns: the turns of pool, made (all credits 0) when new. */
static turns *
pool_turns(pick *pk, const char *pool)
{
	void *v;

	if (strmap_get(pk->pools, pool, strlen(pool), &v))
		return v;
	turns *t = xcalloc(1, sizeof *t);
	t->credit = xcalloc(pk->n, sizeof *t->credit);
	strmap_put(pk->pools, pool, strlen(pool), t);
	pk->all = xreallocarray(pk->all, pk->nall + 1, sizeof *pk->all);
	pk->names = xreallocarray(pk->names, pk->nall + 1, sizeof *pk->names);
	pk->all[pk->nall] = t;
	pk->names[pk->nall++] = xstrdup(pool);
	return t;
}

/* The assignments of the run's week after history row seq: the day's are
 * counted in column 1.  The first time (seq 0) the index on at finds the
 * week; after that the rows after seq are few, and "+at" keeps SQLite
 * from scanning the week's rows by at instead. */
static const char counts_first_sql[] =
    "SELECT owner, sum(at >= ?1 AND at < ?1 + 86400), count(*) "
    "FROM history WHERE event IN ('" LEDGER_ROUTED "', '" LEDGER_CLAIMED "') "
    "AND at >= ?2 AND at < ?3 AND seq > ?4 AND run != ?5 GROUP BY owner";
static const char counts_next_sql[] =
    "SELECT owner, sum(at >= ?1 AND at < ?1 + 86400), count(*) "
    "FROM history WHERE seq > ?4 "
    "AND event IN ('" LEDGER_ROUTED "', '" LEDGER_CLAIMED "') "
    "AND +at >= ?2 AND +at < ?3 AND run != ?5 GROUP BY owner";

void
pick_begin(pick *pk, ledger *l)
{
	sqlite3_stmt *st;

	/* the first time, every assignment of the week; then those other
	 * runs made since (this run's own are counted as they are made) */
	st = ledger_stmt(l, pk->seen == 0 ? counts_first_sql :
	    counts_next_sql);
	sqlite3_bind_int64(st, 1, (sqlite3_int64)pk->day);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)pk->week);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)(pk->week + 7 * 86400));
	sqlite3_bind_int64(st, 4, pk->seen);
	sqlite3_bind_int64(st, 5, ledger_run_id(l));
	while (ledger_step(l, st) == SQLITE_ROW) {
		const char *owner = ledger_column(st, 0);
		const roster_member *m = owner != NULL ?
		    roster_find(pk->ro, owner) : NULL;
		if (m != NULL) {
			pk->used_day[m->index] += sqlite3_column_int64(st, 1);
			pk->used_week[m->index] += sqlite3_column_int64(st, 2);
		}
	}
	st = ledger_stmt(l, "SELECT max(seq) FROM history");
	if (ledger_step(l, st) == SQLITE_ROW)
		pk->seen = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	/* another run may have taken turns since the last batch */
	for (size_t i = 0; i < pk->nall; i++) {
		memset(pk->all[i]->credit, 0, pk->n * sizeof(double));
		pk->all[i]->dirty = false;
	}
	st = ledger_stmt(l, "SELECT pool, member, credit FROM rotation");
	while (ledger_step(l, st) == SQLITE_ROW) {
		const roster_member *m = roster_find(pk->ro,
		    ledger_column(st, 1));
		if (m != NULL)
			pool_turns(pk, ledger_column(st, 0))->credit[m->index] =
			    sqlite3_column_double(st, 2);
	}
}

void
pick_end(pick *pk, ledger *l)
{
	for (size_t i = 0; i < pk->nall; i++) {
		if (!pk->all[i]->dirty)
			continue;
		for (size_t j = 0; j < pk->n; j++) {
			sqlite3_stmt *st = ledger_stmt(l, "INSERT INTO "
			    "rotation (pool, member, credit) VALUES (?, ?, ?) "
			    "ON CONFLICT (pool, member) DO UPDATE SET "
			    "credit = excluded.credit");
			ledger_bind_text(l, st, 1, pk->names[i]);
			ledger_bind_text(l, st, 2, pk->m[j].id);
			sqlite3_bind_double(st, 3, pk->all[i]->credit[j]);
			ledger_step(l, st);
		}
		pk->all[i]->dirty = false;
	}
}

long
pick_left(const pick *pk, const roster_member *m)
{
	long left = LONG_MAX;

	if (m->capacity_day >= 0 &&
	    m->capacity_day - pk->used_day[m->index] < left)
		left = m->capacity_day - pk->used_day[m->index];
	if (m->capacity_week >= 0 &&
	    m->capacity_week - pk->used_week[m->index] < left)
		left = m->capacity_week - pk->used_week[m->index];
	return left > 0 ? left : 0;
}

void
pick_count(pick *pk, const roster_member *m)
{
	pk->used_day[m->index]++;
	pk->used_week[m->index]++;
}

/* ---- the strategies: each chooses among pk->cand[0..k) ---- */

/* in_turn: smooth weighted round-robin (weights all 1 unless weighted). */
static size_t
in_turn(pick *pk, const char *pool, size_t k, bool weighted, sbuf *why)
{
	turns *t = pool_turns(pk, pool);
	double total = 0;
	size_t best = 0;

	for (size_t i = 0; i < k; i++) {
		double w = weighted ? pk->cand[i]->weight : 1;
		total += w;
		t->credit[pk->cand[i]->index] += w;
		if (t->credit[pk->cand[i]->index] >
		    t->credit[pk->cand[best]->index])
			best = i;
	}
	t->credit[pk->cand[best]->index] -= total;
	t->dirty = true;
	sbuf_addf(why, "%s in turn (weight %g of %g among %zu)",
	    pk->cand[best]->id, weighted ? pk->cand[best]->weight : 1, total,
	    k);
	return best;
}

/* free_share: the share of m's capacity left (1 without a limit). */
static double
free_share(const pick *pk, const roster_member *m)
{
	double f = 1;

	if (m->capacity_day > 0)
		f = (double)(m->capacity_day - pk->used_day[m->index]) /
		    (double)m->capacity_day;
	if (m->capacity_week > 0) {
		double w = (double)(m->capacity_week -
		    pk->used_week[m->index]) / (double)m->capacity_week;
		if (w < f)
			f = w;
	}
	return f;
}

static size_t
most_capacity(pick *pk, size_t k, sbuf *why)
{
	size_t best = 0;

	for (size_t i = 1; i < k; i++)
		if (free_share(pk, pk->cand[i]) >
		    free_share(pk, pk->cand[best]))
			best = i;
	const roster_member *m = pk->cand[best];
	if (pick_left(pk, m) == LONG_MAX)
		sbuf_addf(why, "%s has the most capacity left (no limit)",
		    m->id);
	else
		sbuf_addf(why, "%s has the most capacity left (%ld more, "
		    "%.0f%% free)", m->id, pick_left(pk, m),
		    100 * free_share(pk, m));
	return best;
}

static size_t
nearest(pick *pk, size_t k, const pick_lead *lead, sbuf *why)
{
	size_t best = 0;
	double km = 0;

	for (size_t i = 0; i < k; i++) {
		double d = geo_km(lead->lat, lead->lon, pk->cand[i]->lat,
		    pk->cand[i]->lon);
		if (i == 0 || d < km) {
			best = i;
			km = d;
		}
	}
	sbuf_addf(why, "%s is the nearest (%.1f km)", pk->cand[best]->id, km);
	if (lead->where != NULL)
		sbuf_addf(why, ", the lead located %s", lead->where);
	return best;
}

static size_t
best_tier(pick *pk, size_t k, sbuf *why)
{
	size_t best = 0;

	for (size_t i = 1; i < k; i++) {
		const roster_member *a = pk->cand[i], *b = pk->cand[best];
		if (a->level > b->level || (a->level == b->level &&
		    a->turnover > b->turnover))
			best = i;
	}
	sbuf_addf(why, "%s has the best tier (level %g, turnover %g)",
	    pk->cand[best]->id, pk->cand[best]->level,
	    pk->cand[best]->turnover);
	return best;
}

/* ---- choosing ---- */

/* The members left after each test, for the reason when none is. */
typedef struct tally {
	size_t pool, present, speaking, matching, ungated, free;
} tally;

/* eligible: fill pk->cand with the members who may take the lead now. */
static size_t
eligible(pick *pk, const char *pool, routing_strategy s,
    const pick_lead *lead, tally *t)
{
	size_t k = 0;

	for (size_t i = 0; i < pk->n; i++) {
		const roster_member *m = &pk->m[i];
		const char *cover = NULL;

		if (pool != NULL && !roster_in_pool(m, pool))
			continue;
		t->pool++;
		if (roster_absent(m, pk->as_of))
			continue;
		t->present++;
		if (!roster_speaks(m, lead->language))
			continue;
		t->speaking++;
		if (s == ROUTING_TERRITORY && (cover = roster_covers(pk->ro, m,
		    lead->country, lead->postcode)) == NULL)
			continue;
		if (s == ROUTING_NEAREST && (!m->located || !lead->located))
			continue;
		t->matching++;
		if (pk->gated[i]) {
			pk->held[t->matching - t->ungated - 1] = m;
			continue;
		}
		t->ungated++;
		if (pick_left(pk, m) == 0)
			continue;
		t->free++;
		pk->covers[k] = cover;
		pk->cand[k++] = m;
	}
	return k;
}

/* gated: the gated members who could have taken the lead, named with
 * their leads without feedback, into why. */
static void
gated(const pick *pk, size_t n, sbuf *why)
{
	for (size_t i = 0; i < n; i++) {
		const roster_member *m = pk->held[i];
		sbuf_addf(why, "%s%s %s gated", i > 0 ? "; " : "",
		    m->kind == ROSTER_PARTNER ? "partner" : "member", m->id);
		if (pk->overdue != NULL)
			sbuf_addf(why, ": %ld lead%s without feedback",
			    pk->overdue[m->index],
			    pk->overdue[m->index] == 1 ? "" : "s");
		else
			sbuf_adds(why, " (leads without feedback)");
	}
}

/* nobody: why no member was eligible, into why. */
static pick_result
nobody(const pick *pk, const tally *t, const char *pool, routing_strategy s,
    const pick_lead *lead, sbuf *why)
{
	const char *in = pool != NULL ? "pool " : "the roster";
	const char *name = pool != NULL ? pool : "";

	if (t->pool == 0) {
		sbuf_addf(why, "%s%s has no members", in, name);
		return PICK_NO_MEMBERS;
	}
	if (t->present == 0) {
		sbuf_addf(why, "all %zu members of %s%s are absent", t->pool,
		    in, name);
		return PICK_ABSENT;
	}
	if (t->speaking == 0) {
		sbuf_addf(why, "no member of %s%s speaks '%s'", in, name,
		    lead->language);
		return PICK_NO_MATCH;
	}
	if (t->matching == 0) {
		if (s == ROUTING_TERRITORY)
			sbuf_addf(why, "no member of %s%s covers country %s, "
			    "postcode %s", in, name, lead->country != NULL ?
			    lead->country : "(none)", lead->postcode != NULL ?
			    lead->postcode : "(none)");
		else if (!lead->located && lead->where != NULL)
			sbuf_addf(why, "the lead has no lat and lon, and is "
			    "not located: %s", lead->where);
		else if (!lead->located)
			sbuf_adds(why, "the lead has no lat and lon");
		else
			sbuf_addf(why, "no member of %s%s has lat and lon", in,
			    name);
		return PICK_NO_MATCH;
	}
	if (t->ungated == 0) {
		gated(pk, t->matching, why);
		return PICK_GATED;
	}
	sbuf_addf(why, "all %zu members of %s%s who could take it are at "
	    "capacity", t->matching, in, name);
	return PICK_NO_CAPACITY;
}

pick_result
pick_member(pick *pk, const roster_member *m, sbuf *why)
{
	if (roster_absent(m, pk->as_of)) {
		sbuf_adds(why, "absent");
		return PICK_ABSENT;
	}
	if (pk->gated[m->index]) {
		sbuf_adds(why, "gated");
		if (pk->overdue != NULL)
			sbuf_addf(why, ": %ld lead%s without feedback",
			    pk->overdue[m->index],
			    pk->overdue[m->index] == 1 ? "" : "s");
		return PICK_GATED;
	}
	if (pick_left(pk, m) == 0) {
		sbuf_adds(why, "at capacity (");
		if (m->capacity_day >= 0)
			sbuf_addf(why, "%ld a day%s", m->capacity_day,
			    m->capacity_week >= 0 ? ", " : "");
		if (m->capacity_week >= 0)
			sbuf_addf(why, "%ld a week", m->capacity_week);
		sbuf_addc(why, ')');
		return PICK_NO_CAPACITY;
	}
	pick_count(pk, m);
	return PICK_OK;
}

pick_result
pick_choose(pick *pk, const char *pool, routing_strategy s,
    const pick_lead *lead, const roster_member **m, sbuf *why)
{
	tally t = { 0 };
	size_t k = eligible(pk, pool, s, lead, &t), i = 0;

	*m = NULL;
	if (k == 0)
		return nobody(pk, &t, pool, s, lead, why);
	switch (s) {
	case ROUTING_ROUND_ROBIN:
		i = in_turn(pk, pool != NULL ? pool : "", k, false, why);
		break;
	case ROUTING_WEIGHTED:
		i = in_turn(pk, pool != NULL ? pool : "", k, true, why);
		break;
	case ROUTING_TERRITORY:
		i = in_turn(pk, pool != NULL ? pool : "", k, true, why);
		sbuf_addf(why, ", covering %s", pk->covers[i]);
		break;
	case ROUTING_CAPACITY:
		i = most_capacity(pk, k, why);
		break;
	case ROUTING_NEAREST:
		i = nearest(pk, k, lead, why);
		break;
	case ROUTING_TIER:
		i = best_tier(pk, k, why);
		break;
	case ROUTING_OFFER:
	case ROUTING_ACCOUNT:
	case ROUTING_NSTRATEGIES:
		abort();	/* an offer picks nobody; account: pick_member */
	}
	*m = pk->cand[i];
	pick_count(pk, *m);
	return PICK_OK;
}
