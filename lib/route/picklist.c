/* picklist.c - lead-route's pick lists: offers as teasers, claims first
 * come first served, and offers nobody claimed in time */
#include "route/routestage.h"
#include "route/route.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/cli.h"
#include "io/jscan.h"
#include "route/gate.h"
#include "route/teaser.h"
#include "value/date.h"
#include "base/xmem.h"

/* expired: an offer made at is past --offer-hours at the run's time. */
static bool
expired(const route_stage *rs, time_t at)
{
	return rs->o->offer_hours > 0 &&
	    rs->o->as_of - at >= (time_t)rs->o->offer_hours * 3600;
}

/* offers: up to max ids of the oldest offers of m's pools, NUL-separated
 * into ids; returns how many. */
static size_t
offers(route_stage *rs, const roster_member *m, long max, sbuf *ids)
{
	sqlite3_stmt *st = ledger_stmt(rs->l, "SELECT id, pool, routed_at "
	    "FROM leads WHERE state = '" LEDGER_OFFER "' ORDER BY routed_at, "
	    "rowid");
	size_t n = 0;

	sbuf_reset(ids);
	while ((long)n < max && ledger_step(rs->l, st) == SQLITE_ROW) {
		const char *pool = ledger_column(st, 1);
		if (pool == NULL || !roster_in_pool(m, pool) ||
		    expired(rs, (time_t)sqlite3_column_int64(st, 2)))
			continue;
		sbuf_adds(ids, ledger_column(st, 0));
		sbuf_addc(ids, '\0');
		n++;
	}
	sqlite3_reset(st);
	return n;
}

/* claim_one: the offer of lead id, into r, now m's. */
static void
claim_one(route_stage *rs, const roster_member *m, const char *id, rec *r)
{
	sqlite3_stmt *st = ledger_stmt(rs->l, "SELECT record, pool, routed_at "
	    "FROM leads WHERE id = ?");
	sbuf why = SBUF_INIT;

	ledger_bind_text(rs->l, st, 1, id);
	ledger_step(rs->l, st);
	stage_fetched(&rs->st);
	if (ledger_record_read(r, ledger_column(st, 0), &why) != 0)
		cli_die(LK_EXIT_DATA, "%s: lead %s: a damaged record: %s",
		    ledger_file(rs->l), id, why.p);
	sbuf_free(&why);
	char *pool = xstrdup(ledger_column(st, 1));
	sbuf_reset(&rs->reason);
	sbuf_addf(&rs->reason, "claimed by %s from the pick list of pool %s, "
	    "offered ", m->id, pool);
	date_format(&rs->reason, (time_t)sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	route_set_fields(rs, r, m->id, pool, "assigned", rs->reason.p,
	    rs->o->as_of);
	route_decision d = { CLAIMED, m, pool };
	route_save(rs, r, id, &d);
	pick_count(rs->pk, m);
	free(pool);
}

/* refuse: lead id cannot be claimed: a reject with the reason. */
static void
refuse(route_stage *rs, const char *id, const char *why)
{
	rec *r = rec_new();

	stage_fetched(&rs->st);
	rec_set_text(r, "id", id);
	stage_reject(&rs->st, r, "--claim %s: lead %s: %s", rs->o->claim, id,
	    why);
	rec_free(r);
}

/* claim_chosen: the member takes the offers of --lead, in the order given,
 * first come first served, in one transaction; each it may not take is
 * refused with the reason. */
static void
claim_chosen(route_stage *rs, const roster_member *m)
{
	const char **why = xcalloc(rs->o->nleads, sizeof *why);
	size_t n = 0, k = 0;

	ledger_begin(rs->l);
	pick_begin(rs->pk, rs->l);
	for (size_t i = 0; i < rs->o->nleads; i++) {
		const char *id = rs->o->leads[i];
		sqlite3_stmt *st = ledger_stmt(rs->l, "SELECT state, pool, "
		    "owner, routed_at FROM leads WHERE id = ?");
		const char *no = NULL;
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice |= strcmp(rs->o->leads[j], id) == 0;
		ledger_bind_text(rs->l, st, 1, id);
		if (twice)
			no = "named twice";
		else if (ledger_step(rs->l, st) != SQLITE_ROW)
			no = "no such lead in the ledger";
		else if (strcmp(ledger_column(st, 0), LEDGER_OFFER) != 0)
			no = ledger_column(st, 2) != NULL &&
			    strcmp(ledger_column(st, 2), m->id) == 0 ?
			    "already yours" : "not on the pick list (claimed "
			    "first by another, or routed)";
		else if (ledger_column(st, 1) == NULL ||
		    !roster_in_pool(m, ledger_column(st, 1)))
			no = "offered to a pool you are not in";
		else if (expired(rs, (time_t)sqlite3_column_int64(st, 3)))
			no = "the offer has expired (--offer-hours)";
		else if (pick_left(rs->pk, m) == 0)
			no = "you are at capacity";
		sqlite3_reset(st);
		if (no != NULL) {
			why[i] = no;
			continue;
		}
		claim_one(rs, m, id, rs->batch[n++]);
	}
	pick_end(rs->pk, rs->l);
	ledger_commit(rs->l);
	for (size_t i = 0; i < rs->o->nleads; i++) {
		if (why[i] != NULL) {
			refuse(rs, rs->o->leads[i], why[i]);
			continue;
		}
		if (k < n) {
			stage_emit(&rs->st, rs->batch[k]);
			rec_clear(rs->batch[k++]);
		}
	}
	free(why);
}

/* route_offers: the open offers (of --for's pools), oldest first, as
 * teasers: records, or lines of text. */
void
route_offers(route_stage *rs)
{
	const roster_member *m = NULL;
	sqlite3_stmt *st;
	rec *full = rec_new(), *t = rs->batch[0];
	sbuf why = SBUF_INIT, out = SBUF_INIT;
	size_t n = 0, hidden = 0;

	if (rs->o->for_member != NULL &&
	    (m = roster_find(rs->ro, rs->o->for_member)) == NULL)
		cli_die(LK_EXIT_DATA, "--for %s: not on the roster %s",
		    rs->o->for_member, rs->o->roster);
	if (rs->o->text) {
		sbuf_adds(&out, "Open offers");
		if (m != NULL)
			sbuf_addf(&out, " for %s (%s)", m->id, m->name);
		sbuf_adds(&out, " on ");
		date_format(&out, rs->o->as_of);
		sbuf_adds(&out, ":\n");
		stage_print(&rs->st, false, out.p, out.n);
	}
	st = ledger_stmt(rs->l, "SELECT id, pool, routed_at, record FROM "
	    "leads WHERE state = '" LEDGER_OFFER "' ORDER BY routed_at, "
	    "rowid");
	while (ledger_step(rs->l, st) == SQLITE_ROW) {
		const char *id = ledger_column(st, 0),
		    *pool = ledger_column(st, 1);
		time_t at = (time_t)sqlite3_column_int64(st, 2);
		if (m != NULL && (pool == NULL || !roster_in_pool(m, pool)))
			continue;
		if (expired(rs, at)) {
			hidden++;
			continue;
		}
		if (ledger_record_read(full, ledger_column(st, 3), &why) != 0)
			cli_die(LK_EXIT_DATA, "%s: lead %s: a damaged record: "
			    "%s", ledger_file(rs->l), id, why.p);
		teaser_make(t, full, id, pool, at, rs->o->as_of);
		rec_clear(full);
		n++;
		if (rs->o->text) {
			sbuf_reset(&out);
			teaser_text(&out, t);
			stage_print(&rs->st, true, out.p, out.n);
			rec_clear(t);
		} else {
			stage_fetched(&rs->st);
			stage_emit(&rs->st, t);
			rec_clear(t);
		}
	}
	if (rs->o->text) {
		sbuf_reset(&out);
		if (n == 0)
			sbuf_adds(&out, "(none)\n");
		sbuf_addf(&out, "%zu offer%s", n, n == 1 ? "" : "s");
		if (hidden > 0)
			sbuf_addf(&out, "; %zu expired, left out", hidden);
		sbuf_adds(&out, ".\n");
		if (n > 0 && m != NULL)
			sbuf_addf(&out, "Claim with: lead-route --claim %s "
			    "--lead ID [--lead ID ...]\n", m->id);
		stage_print(&rs->st, false, out.p, out.n);
	}
	rec_free(full);
	sbuf_free(&why);
	sbuf_free(&out);
}

/* ---- offers nobody claimed in time ---- */

/* offer_rule: the offer rule of pool (the first), or NULL. */
static const routing_rule *
offer_rule(const route_stage *rs, const char *pool)
{
	for (size_t i = 0; pool != NULL && i < rs->rt->nrules; i++)
		if (rs->rt->rule[i].strategy == ROUTING_OFFER &&
		    strcasecmp(rs->rt->rule[i].pool, pool) == 0)
			return &rs->rt->rule[i];
	return NULL;
}

/* escalate_offer: an expired offer as an NDJSON line of --escalations. */
static void
escalate_offer(route_stage *rs, const char *id, const char *pool, time_t at)
{
	sbuf b = SBUF_INIT;

	if (rs->esc == NULL)
		return;
	sbuf_adds(&b, "{\"partner\":null,\"lead\":");
	jscan_escape(&b, id, strlen(id));
	sbuf_adds(&b, ",\"pool\":");
	jscan_escape(&b, pool, strlen(pool));
	sbuf_adds(&b, ",\"offered_at\":\"");
	date_format(&b, at);
	sbuf_addf(&b, "\",\"hours_waiting\":%ld,\"expired\":true,"
	    "\"reason\":", (long)((rs->o->as_of - at) / 3600));
	jscan_escape(&b, rs->reason.p, rs->reason.n);
	sbuf_adds(&b, "}\n");
	fwrite(b.p, 1, b.n, rs->esc);
	sbuf_free(&b);
}

/* expire_one: the expired offer id of pool, offered at, into r: to its
 * rule's overflow pool, or escalated. */
static void
expire_one(route_stage *rs, const char *id, const char *pool, time_t at,
    rec *r)
{
	const routing_rule *ru = offer_rule(rs, pool);
	route_decision d = { UNASSIGNED, NULL, pool };

	sbuf_reset(&rs->reason);
	sbuf_addf(&rs->reason, "offer expired: nobody claimed it within %ld "
	    "h on the pick list of pool %s (offered ", rs->o->offer_hours,
	    pool);
	date_format(&rs->reason, at);
	sbuf_adds(&rs->reason, ")");
	if (ru != NULL && ru->overflow != NULL) {
		pick_lead pl = route_lead_of(r);
		sbuf_reset(&rs->why);
		sbuf_addf(&rs->reason, "; %s %s: overflow to pool %s: ",
		    ru->where, ru->text, ru->overflow);
		d.pool = ru->overflow;
		pick_result res = pick_choose(rs->pk, d.pool, ROUTING_WEIGHTED,
		    &pl, &d.m, &rs->why);
		if (res == PICK_OK) {
			d.what = ROUTED;
			sbuf_adds(&rs->reason, rs->why.p);
		} else {
			sbuf_addf(&rs->reason, "%s: %s; escalated",
			    pick_result_word(res), rs->why.p);
		}
	} else {
		sbuf_adds(&rs->reason, "; escalated: its rule has no overflow "
		    "pool");
	}
	route_set_fields(rs, r, d.m != NULL ? d.m->id : NULL, d.pool,
	    route_says[d.what].status, rs->reason.p, rs->o->as_of);
	route_save(rs, r, id, &d);
	if (d.what != ROUTED)
		escalate_offer(rs, id, pool, at);
}

/* route_sweep: before the first lead of a routing run with rules and
 * --offer-hours, the offers nobody claimed in time leave the pick list
 * (expire_one), a batch a transaction, each emitted after its commit. */
void
route_sweep(route_stage *rs)
{
	sbuf ids = SBUF_INIT, why = SBUF_INIT;

	rs->swept = true;
	if (rs->rt == NULL || rs->o->offer_hours <= 0)
		return;
	for (;;) {
		size_t n = 0;
		ledger_begin(rs->l);
		pick_begin(rs->pk, rs->l);
		sqlite3_stmt *st = ledger_stmt(rs->l, "SELECT id, pool, "
		    "routed_at, record FROM leads WHERE state = '"
		    LEDGER_OFFER "' AND routed_at <= ? ORDER BY routed_at, "
		    "rowid LIMIT ?");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(rs->o->as_of -
		    (time_t)rs->o->offer_hours * 3600));
		sqlite3_bind_int(st, 2, ROUTE_BATCH);
		sbuf_reset(&ids);
		while (ledger_step(rs->l, st) == SQLITE_ROW) {
			rec *r = rs->batch[n++];
			stage_fetched(&rs->st);
			if (ledger_record_read(r, ledger_column(st, 3), &why)
			    != 0)
				cli_die(LK_EXIT_DATA, "%s: lead %s: a damaged "
				    "record: %s", ledger_file(rs->l),
				    ledger_column(st, 0), why.p);
			sbuf_adds(&ids, ledger_column(st, 0));
			sbuf_addc(&ids, '\0');
			sbuf_adds(&ids, ledger_column(st, 1) != NULL ?
			    ledger_column(st, 1) : "");
			sbuf_addc(&ids, '\0');
			sbuf_addf(&ids, "%lld", (long long)
			    sqlite3_column_int64(st, 2));
			sbuf_addc(&ids, '\0');
		}
		sqlite3_reset(st);
		const char *p = ids.p;
		for (size_t i = 0; i < n; i++) {
			const char *id = p, *pool = id + strlen(id) + 1,
			    *at = pool + strlen(pool) + 1;
			expire_one(rs, id, pool, (time_t)strtoll(at, NULL, 10),
			    rs->batch[i]);
			p = at + strlen(at) + 1;
		}
		pick_end(rs->pk, rs->l);
		ledger_commit(rs->l);
		for (size_t i = 0; i < n; i++) {
			stage_emit(&rs->st, rs->batch[i]);
			rec_clear(rs->batch[i]);
		}
		if (n < ROUTE_BATCH)
			break;
	}
	sbuf_free(&ids);
	sbuf_free(&why);
}

/* route_claim: with --lead, claim_chosen; else the member takes the oldest
 * offers of its pools, first come first served, as many as its capacity
 * and --limit allow; a batch at a time, written out after each commit. */
void
route_claim(route_stage *rs)
{
	const roster_member *m = roster_find(rs->ro, rs->o->claim);
	sbuf ids = SBUF_INIT;
	long limit = rs->o->limit >= 0 ? rs->o->limit : LONG_MAX;

	if (m == NULL)
		cli_die(LK_EXIT_DATA, "--claim %s: not on the roster %s",
		    rs->o->claim, rs->o->roster);
	if (roster_absent(m, rs->o->as_of))
		cli_die(LK_EXIT_DATA, "--claim %s: absent on the day of the "
		    "run", m->id);
	if (rs->gated[m->index]) {
		sbuf_reset(&rs->why);
		size_t n = gate_overdue_ids(rs->l, m, rs->o->as_of,
		    rs->o->overdue, 10, &rs->why);
		cli_die(LK_EXIT_DATA, "--claim %s: gated: feedback overdue on "
		    "%zu lead%s: %s (lead-feedback on them lifts the gate)",
		    m->id, n, n == 1 ? "" : "s", rs->why.p);
	}
	if (rs->o->leads != NULL) {
		claim_chosen(rs, m);
		return;
	}
	for (;;) {
		ledger_begin(rs->l);
		pick_begin(rs->pk, rs->l);
		long max = pick_left(rs->pk, m);
		if (limit < max)
			max = limit;
		if (max > ROUTE_BATCH)
			max = ROUTE_BATCH;
		rs->n = offers(rs, m, max, &ids);
		const char *id = ids.p;
		for (size_t i = 0; i < rs->n; i++, id += strlen(id) + 1)
			claim_one(rs, m, id, rs->batch[i]);
		ledger_commit(rs->l);
		for (size_t i = 0; i < rs->n; i++) {
			stage_emit(&rs->st, rs->batch[i]);
			rec_clear(rs->batch[i]);
		}
		limit -= (long)rs->n;
		if (rs->n < ROUTE_BATCH)
			break;
		rs->n = 0;
	}
	rs->n = 0;
	sbuf_free(&ids);
}

