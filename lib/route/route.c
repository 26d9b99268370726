/* route.c - lead-route as a stage */
#include "route/route.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/cli.h"
#include "value/date.h"
#include "io/jscan.h"
#include "route/gate.h"
#include "ledger/ledger.h"
#include "ledger/ledgerkeys.h"
#include "route/pick.h"
#include "lead/places.h"
#include "lead/roster.h"
#include "route/routing.h"
#include "route/teaser.h"
#include "rules/rules.h"
#include "base/xmem.h"

static const char *const route_fields[] = {
	"owner", "owner_name", "owner_kind", "pool", "route_status",
	"route_reason", "routed_at", NULL
};

typedef struct route_stage {
	stage st;
	const route_opts *o;
	ledger *l;
	roster *ro;
	routing *rt;		/* NULL: no -r */
	rules_eval *ev;
	bool *gated;
	long *overdue;		/* each member's leads without feedback */
	pick *pk;
	places *places;		/* loaded when a lead needs it */
	FILE *esc;		/* --escalations, or NULL */
	bool swept;		/* expired offers moved (--offer-hours) */
	rec *batch[ROUTE_BATCH];
	const char *bad[ROUTE_BATCH];	/* why a lead is rejected, or NULL */
	size_t n;
	sbuf why, reason, text, where;
} route_stage;

/* What happens to a lead, and how the ledger and the record say it. */
typedef enum outcome { ROUTED, OFFERED, UNASSIGNED, CLAIMED } outcome;

static const struct {
	const char *state, *event, *status;
} outcomes[] = {
	[ROUTED] = { LEDGER_ASSIGNED, LEDGER_ROUTED, "assigned" },
	[OFFERED] = { LEDGER_OFFER, LEDGER_OFFERED, "offered" },
	[UNASSIGNED] = { LEDGER_NONE, LEDGER_UNASSIGNED, "unassigned" },
	[CLAIMED] = { LEDGER_ASSIGNED, LEDGER_CLAIMED, "assigned" },
};

/* A decision on one lead. */
typedef struct decision {
	outcome what;
	const roster_member *m;		/* the owner, or NULL */
	const char *pool;		/* or NULL */
} decision;

/* ---- fields ---- */

/* set_fields: the route fields of r; at is routed_at. */
static void
set_fields(route_stage *rs, rec *r, const char *owner, const char *pool,
    const char *status, const char *reason, time_t at)
{
	const roster_member *m = owner != NULL ? roster_find(rs->ro, owner) :
	    NULL;

	rec_set_text(r, "owner", owner);
	rec_set_text(r, "owner_name", m != NULL ? m->name : NULL);
	rec_set_text(r, "owner_kind", m == NULL ? NULL :
	    m->kind == ROSTER_PARTNER ? "partner" : "rep");
	rec_set_text(r, "pool", pool);
	rec_set_text(r, "route_status", status);
	rec_set_text(r, "route_reason", reason);
	sbuf_reset(&rs->text);
	date_format(&rs->text, at);
	rec_set_str(r, "routed_at", rs->text.p, rs->text.n);
}

/* lead_of: what a pick looks at in r. */
static pick_lead
lead_of(rec *r)
{
	pick_lead pl = {
		.country = rec_get(r, "country", NULL),
		.postcode = rec_get(r, "postcode", NULL),
		.language = rec_get(r, "language", NULL),
	};
	const char *lat = rec_get(r, "lat", NULL), *lon = rec_get(r, "lon",
	    NULL);
	char *end1, *end2;

	if (lat != NULL && lon != NULL && lat[0] != '\0' && lon[0] != '\0') {
		errno = 0;
		pl.lat = strtod(lat, &end1);
		pl.lon = strtod(lon, &end2);
		pl.located = errno == 0 && *end1 == '\0' && *end2 == '\0' &&
		    fabs(pl.lat) <= 90 && fabs(pl.lon) <= 180;
	}
	return pl;
}

/* locate: a lead without lat and lon located by its postcode, else its
 * city, in its country (lead/places.h); how, or why not, in pl->where. */
static void
locate(route_stage *rs, rec *r, pick_lead *pl)
{
	size_t n;
	const char *city = rec_get(r, "city", &n);
	const char *region = rec_get(r, "region", NULL);
	sbuf *w = &rs->where;

	sbuf_reset(w);
	if ((city == NULL || n == 0) && (pl->postcode == NULL ||
	    pl->postcode[0] == '\0'))
		return;		/* nothing to look up: no lat and lon says it */
	if (pl->country == NULL || pl->country[0] == '\0') {
		sbuf_adds(w, "no country to look its city or postcode up in");
		pl->where = w->p;
		return;
	}
	if (rs->places == NULL) {
		sbuf err = SBUF_INIT, path = SBUF_INIT;
		rs->places = places_load(cli_share_path(&path, "places.tsv"),
		    &err);
		if (rs->places == NULL)
			cli_die(LK_EXIT_DATA, "%s (the places of the nearest "
			    "strategy)", err.p);
		sbuf_free(&err);
		sbuf_free(&path);
	}
	if (region == NULL)
		region = rec_get(r, "state", NULL);
	/* the postcode first (the finer), then the city; what failed is
	 * said only when neither finds the lead */
	sbuf_reset(&rs->why);
	places_result res = PLACES_NONE;
	if (pl->postcode != NULL && pl->postcode[0] != '\0')
		res = places_postcode(rs->places, pl->country, pl->postcode,
		    &pl->lat, &pl->lon, &rs->why);
	if (res != PLACES_FOUND && city != NULL && n > 0) {
		if (rs->why.n > 0)
			sbuf_adds(&rs->why, "; ");
		size_t mark = rs->why.n;
		res = places_city(rs->places, pl->country, city, region,
		    &pl->lat, &pl->lon, &rs->why);
		if (res == PLACES_FOUND)
			sbuf_addf(w, "by %s", rs->why.p + mark);
	} else if (res == PLACES_FOUND) {
		sbuf_addf(w, "by %s", rs->why.p);
	}
	if (res != PLACES_FOUND)
		sbuf_adds(w, rs->why.n > 0 ? rs->why.p : "no city or postcode");
	pl->located = res == PLACES_FOUND;
	pl->where = w->p;
}

/* ---- the ledger ---- */

/* save: the lead's row and its history event. */
static void
save(route_stage *rs, rec *r, const char *id, const decision *d)
{
	sqlite3_stmt *st;
	const char *owner = d->m != NULL ? d->m->id : NULL;

	ledger_record_text(rs->l, r, &rs->text);
	st = ledger_stmt(rs->l, "INSERT INTO leads (id, email, phone, status, "
	    "state, owner, pool, reason, routed_at, record, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9) "
	    "ON CONFLICT (id) DO UPDATE SET email = excluded.email, "
	    "phone = excluded.phone, status = excluded.status, "
	    "state = excluded.state, owner = excluded.owner, "
	    "pool = excluded.pool, reason = excluded.reason, "
	    "routed_at = excluded.routed_at, record = excluded.record, "
	    "updated_at = excluded.updated_at");
	ledger_bind_text(rs->l, st, 1, id);
	ledger_bind_text(rs->l, st, 2, rec_get(r, "email", NULL));
	ledger_bind_text(rs->l, st, 3, rec_get(r, "phone", NULL));
	ledger_bind_text(rs->l, st, 4, rec_get(r, "status", NULL));
	ledger_bind_text(rs->l, st, 5, outcomes[d->what].state);
	ledger_bind_text(rs->l, st, 6, owner);
	ledger_bind_text(rs->l, st, 7, d->pool);
	ledger_bind_text(rs->l, st, 8, rs->reason.p);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)rs->o->as_of);
	ledger_bind_textn(rs->l, st, 10, rs->text.p, rs->text.n);
	ledger_step(rs->l, st);
	ledger_history(rs->l, id, rs->o->as_of, outcomes[d->what].event,
	    owner, rec_get(r, "status", NULL), NULL, rs->reason.p, NAN);
	/* every address the lead has had finds it (lead-feedback) */
	ledger_keys_record(rs->l, id, r, rs->o->as_of);
}

/* kept: a lead the ledger already has an owner or an offer for keeps it;
 * true if it did. */
static bool
kept(route_stage *rs, rec *r, const char *id)
{
	sqlite3_stmt *st = ledger_stmt(rs->l, "SELECT state, owner, pool, "
	    "reason, routed_at FROM leads WHERE id = ?");
	bool keep = false;

	ledger_bind_text(rs->l, st, 1, id);
	if (ledger_step(rs->l, st) != SQLITE_ROW)
		return false;
	const char *state = ledger_column(st, 0);
	if (strcmp(state, LEDGER_ASSIGNED) == 0 ||
	    strcmp(state, LEDGER_CLOSED) == 0 ||
	    strcmp(state, LEDGER_OFFER) == 0) {
		const char *owner = ledger_column(st, 1);
		time_t at = (time_t)sqlite3_column_int64(st, 4);
		bool offer = strcmp(state, LEDGER_OFFER) == 0;
		sbuf_reset(&rs->reason);
		if (offer)
			sbuf_addf(&rs->reason, "kept: on the pick list of pool "
			    "%s since ", ledger_column(st, 2));
		else
			sbuf_addf(&rs->reason, "kept: %s %s since ",
			    strcmp(state, LEDGER_CLOSED) == 0 ?
			    "closed by feedback, owner" : "assigned to",
			    owner != NULL ? owner : "none");
		date_format(&rs->reason, at);
		sbuf_addf(&rs->reason, " (%s)", ledger_column(st, 3) != NULL ?
		    ledger_column(st, 3) : "no reason recorded");
		/* the columns live until the next step: copy what is set */
		char *o = owner != NULL ? xstrdup(owner) : NULL;
		char *p = ledger_column(st, 2) != NULL ?
		    xstrdup(ledger_column(st, 2)) : NULL;
		set_fields(rs, r, o, p, offer ? "offered" : "kept",
		    rs->reason.p, at);
		free(o);
		free(p);
		keep = true;
	}
	sqlite3_reset(st);
	return keep;
}

/* ---- deciding ---- */

/* rule_text: how the rule that decided is named in a reason. */
static void
rule_text(route_stage *rs, const routing_rule *ru)
{
	if (ru == NULL) {
		sbuf_adds(&rs->reason, "weighted over the roster: ");
		return;
	}
	sbuf_addf(&rs->reason, "%s %s", ru->where, ru->text);
	if (ru->because != NULL)
		sbuf_addf(&rs->reason, " because %s", ru->because);
	sbuf_adds(&rs->reason, ": ");
}

/* choose: the decision for r by rule ru (NULL: no -r), the reason in
 * rs->reason. */
static decision
choose(route_stage *rs, rec *r, const routing_rule *ru)
{
	decision d = { UNASSIGNED, NULL, ru != NULL ? ru->pool : NULL };
	routing_strategy s = ru != NULL ? ru->strategy : ROUTING_WEIGHTED;
	pick_lead pl = lead_of(r);

	rule_text(rs, ru);
	if (s == ROUTING_NEAREST && !pl.located)
		locate(rs, r, &pl);
	if (s == ROUTING_OFFER) {
		d.what = OFFERED;
		sbuf_adds(&rs->reason, "on the pick list");
		return d;
	}
	sbuf_reset(&rs->why);
	pick_result res = pick_choose(rs->pk, d.pool, s, &pl, &d.m, &rs->why);
	if (res == PICK_NO_CAPACITY && ru != NULL && ru->overflow != NULL) {
		sbuf_addf(&rs->reason, "%s: %s; overflow to pool %s: ",
		    pick_result_word(res), rs->why.p, ru->overflow);
		d.pool = ru->overflow;
		sbuf_reset(&rs->why);
		res = pick_choose(rs->pk, d.pool, s, &pl, &d.m, &rs->why);
	}
	if (res == PICK_OK) {
		d.what = ROUTED;
		sbuf_adds(&rs->reason, rs->why.p);
	} else {
		sbuf_addf(&rs->reason, "%s: %s", pick_result_word(res),
		    rs->why.p);
	}
	return d;
}

/* text_of: r's field name as text, or NULL when missing or empty. */
static const char *
text_of(rec *r, const char *name)
{
	size_t n;
	const char *v = rec_get(r, name, &n);

	return v != NULL && n > 0 ? v : NULL;
}

/* by_account: the account strategy of rule ru (its text already in
 * rs->reason): true with the owner in *d when r's account owner may take
 * it; false with why not appended to rs->reason (the next rule decides). */
static bool
by_account(route_stage *rs, rec *r, const routing_rule *ru, decision *d)
{
	const char *acc = text_of(r, "account_id"),
	    *name = text_of(r, "account_name"),
	    *owner = text_of(r, "account_owner"),
	    *cust = text_of(r, "customer");
	const roster_member *m = NULL;

	if (acc == NULL && owner == NULL) {
		sbuf_adds(&rs->reason, "no account: the lead is matched to "
		    "no account (lead-dedupe --accounts)");
		return false;
	}
	sbuf_addf(&rs->reason, "account %s", acc != NULL ? acc : "(no id)");
	if (name != NULL)
		sbuf_addf(&rs->reason, " (%s)", name);
	if (owner == NULL) {
		sbuf_adds(&rs->reason, " has no owner");
		return false;
	}
	sbuf_addf(&rs->reason, ": owner %s ", owner);
	if ((m = roster_find(rs->ro, owner)) == NULL) {
		sbuf_adds(&rs->reason, "is not on the roster");
		return false;
	}
	sbuf_reset(&rs->why);
	if (pick_member(rs->pk, m, &rs->why) != PICK_OK) {
		sbuf_addf(&rs->reason, "is %s", rs->why.p);
		return false;
	}
	*d = (decision){ ROUTED, m, ru->pool };
	sbuf_addf(&rs->reason, "takes it%s", cust != NULL &&
	    strcmp(cust, "true") == 0 ? ", an existing customer" : "");
	return true;
}

/* route_one: decide r's owner, record it, set its fields. */
static void
route_one(route_stage *rs, rec *r, const char *id)
{
	const routing_rule *ru = NULL;
	decision d = { UNASSIGNED, NULL, NULL };

	if (!rs->o->reassign && kept(rs, r, id)) {
		/* it keeps its owner, and gains the addresses it comes with */
		ledger_keys_record(rs->l, id, r, rs->o->as_of);
		return;
	}
	sbuf_reset(&rs->reason);
	if (rs->rt == NULL) {
		d = choose(rs, r, NULL);
	} else {
		rules_eval_start(rs->ev, r);
		/* the first rule that holds decides; an account rule whose
		 * owner cannot take the lead says why and passes it on */
		for (size_t i = 0; i < rs->rt->nrules; i++) {
			const routing_rule *t = &rs->rt->rule[i];
			if (t->cond != NULL && !rules_match(rs->ev, t->cond))
				continue;
			if (t->strategy == ROUTING_ACCOUNT) {
				rule_text(rs, t);
				if (by_account(rs, r, t, &d))
					break;
				sbuf_adds(&rs->reason, "; ");
				continue;
			}
			ru = t;
			d = choose(rs, r, ru);
			break;
		}
		if (ru == NULL && d.what != ROUTED)
			sbuf_adds(&rs->reason, "no rule: no routing rule "
			    "matches the lead");
	}
	set_fields(rs, r, d.m != NULL ? d.m->id : NULL, d.pool,
	    outcomes[d.what].status, rs->reason.p, rs->o->as_of);
	save(rs, r, id, &d);
}

/* flush: route the batch in one transaction, then write it out. */
static void
flush(route_stage *rs)
{
	if (rs->n == 0)
		return;
	ledger_begin(rs->l);
	pick_begin(rs->pk, rs->l);
	for (size_t i = 0; i < rs->n; i++) {
		size_t len;
		const char *id = rec_get(rs->batch[i], "id", &len);
		rs->bad[i] = NULL;
		if (id == NULL || len == 0)
			rs->bad[i] = "no id: a lead needs an id to be routed "
			    "(lead-import gives every lead one)";
		else
			route_one(rs, rs->batch[i], id);
	}
	pick_end(rs->pk, rs->l);
	ledger_commit(rs->l);
	for (size_t i = 0; i < rs->n; i++) {
		if (rs->bad[i] != NULL)
			stage_reject(&rs->st, rs->batch[i], "%s", rs->bad[i]);
		else
			stage_emit(&rs->st, rs->batch[i]);
		rec_clear(rs->batch[i]);
	}
	rs->n = 0;
}

static void sweep(route_stage *rs);

static void
take(stage *st, rec *r)
{
	route_stage *rs = (route_stage *)st;

	if (!rs->swept)
		sweep(rs);
	rec_assign(rs->batch[rs->n++], r);
	if (rs->n == ROUTE_BATCH)
		flush(rs);
}

/* ---- the pick list ---- */

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
	set_fields(rs, r, m->id, pool, "assigned", rs->reason.p,
	    rs->o->as_of);
	decision d = { CLAIMED, m, pool };
	save(rs, r, id, &d);
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

/* list_offers: the open offers (of --for's pools), oldest first, as
 * teasers: records, or lines of text. */
static void
list_offers(route_stage *rs)
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
	decision d = { UNASSIGNED, NULL, pool };

	sbuf_reset(&rs->reason);
	sbuf_addf(&rs->reason, "offer expired: nobody claimed it within %ld "
	    "h on the pick list of pool %s (offered ", rs->o->offer_hours,
	    pool);
	date_format(&rs->reason, at);
	sbuf_adds(&rs->reason, ")");
	if (ru != NULL && ru->overflow != NULL) {
		pick_lead pl = lead_of(r);
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
	set_fields(rs, r, d.m != NULL ? d.m->id : NULL, d.pool,
	    outcomes[d.what].status, rs->reason.p, rs->o->as_of);
	save(rs, r, id, &d);
	if (d.what != ROUTED)
		escalate_offer(rs, id, pool, at);
}

/* sweep: before the first lead of a routing run with rules and
 * --offer-hours, the offers nobody claimed in time leave the pick list
 * (expire_one), a batch a transaction, each emitted after its commit. */
static void
sweep(route_stage *rs)
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

/* claim: the member takes the oldest offers of its pools, first come first
 * served, as many as its capacity and --limit allow; a batch at a time,
 * written out after each commit. */
static void
claim(route_stage *rs)
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

static void
finish(stage *st)
{
	route_stage *rs = (route_stage *)st;

	if (rs->o->claim != NULL) {
		claim(rs);
	} else if (rs->o->offers) {
		list_offers(rs);
	} else {
		if (!rs->swept)
			sweep(rs);
		flush(rs);
	}
	if (rs->esc != NULL) {
		FILE *f = rs->esc;
		rs->esc = NULL;
		if (fclose(f) != 0)
			cli_die(LK_EXIT_DATA, "%s:", rs->o->escalations);
	}
}

static void
route_free(stage *st)
{
	route_stage *rs = (route_stage *)st;

	for (size_t i = 0; i < ROUTE_BATCH; i++)
		rec_free(rs->batch[i]);
	pick_free(rs->pk);
	free(rs->gated);
	free(rs->overdue);
	rules_eval_free(rs->ev);
	routing_free(rs->rt);
	roster_free(rs->ro);
	ledger_close(rs->l);
	sbuf_free(&rs->why);
	sbuf_free(&rs->reason);
	sbuf_free(&rs->text);
	sbuf_free(&rs->where);
	if (rs->esc != NULL)
		fclose(rs->esc);
	places_free(rs->places);
	free(rs);
}

static const stage_vt route_vt = {
	.name = "lead-route", .take = take, .finish = finish,
	.free = route_free,
};

stage *
route_new(const route_opts *o)
{
	route_stage *rs = xcalloc(1, sizeof *rs);
	sbuf err = SBUF_INIT;
	size_t n;
	FILE *esc = NULL;

	rs->st.vt = &route_vt;
	rs->st.fields = o->offers ? teaser_fields : route_fields;
	rs->o = o;
	/* the roster's format is its own: the options of the leads' input
	 * (-i, -d, -t, -H) do not apply to it */
	cli_opts ropts = *o->cli;
	ropts.in_format = LK_FMT_AUTO;
	ropts.delim = '\0';
	ropts.no_header = false;
	if ((rs->ro = roster_load(o->roster, &ropts, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	if (o->rules != NULL && (rs->rt = routing_load(o->rules, &err)) ==
	    NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	if (o->escalations != NULL &&
	    (esc = fopen(o->escalations, "w")) == NULL)
		cli_die(LK_EXIT_DATA, "%s:", o->escalations);
	if ((rs->l = ledger_open(o->ledger, true, "lead-route", o->as_of,
	    &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	roster_members(rs->ro, &n);
	rs->gated = xcalloc(n, sizeof *rs->gated);
	rs->overdue = xcalloc(n, sizeof *rs->overdue);
	gate_check(rs->l, rs->ro, o->as_of, o->overdue, o->gate, rs->gated,
	    rs->overdue, esc);
	/* open until finish: expired offers are escalated there too */
	rs->esc = esc;
	rs->pk = pick_new(rs->ro, o->as_of, rs->gated);
	pick_set_overdue(rs->pk, rs->overdue);
	if (rs->rt != NULL)
		rs->ev = rules_eval_new(rs->rt->ru, o->as_of);
	for (size_t i = 0; i < ROUTE_BATCH; i++)
		rs->batch[i] = rec_new();
	sbuf_free(&err);
	return &rs->st;
}
