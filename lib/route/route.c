/* route.c - lead-route as a stage */
#include "route/route.h"
#include "route/routestage.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "value/date.h"
#include "route/gate.h"
#include "ledger/ledger.h"
#include "ledger/handoff.h"
#include "ledger/ledgerkeys.h"
#include "route/pick.h"
#include "lead/places.h"
#include "lead/roster.h"
#include "route/routing.h"
#include "route/teaser.h"
#include "rules/rules.h"
#include "base/xmem.h"

const struct route_says route_says[ROUTE_NOUTCOMES] = {
	[ROUTED] = { LEDGER_ASSIGNED, LEDGER_ROUTED, "assigned" },
	[OFFERED] = { LEDGER_OFFER, LEDGER_OFFERED, "offered" },
	[UNASSIGNED] = { LEDGER_NONE, LEDGER_UNASSIGNED, "unassigned" },
	[CLAIMED] = { LEDGER_ASSIGNED, LEDGER_CLAIMED, "assigned" },
};

static const char *const route_fields[] = {
	"owner", "owner_name", "owner_kind", "pool", "route_status",
	"route_reason", "routed_at", NULL
};


/* ---- fields ---- */

/* route_set_fields: the route fields of r; at is routed_at. */
void
route_set_fields(route_stage *rs, rec *r, const char *owner, const char *pool,
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

/* route_lead_of: what a pick looks at in r. */
pick_lead
route_lead_of(rec *r)
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

/* route_save: the lead's row and its history event. */
void
route_save(route_stage *rs, rec *r, const char *id, const route_decision *d)
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
	ledger_bind_text(rs->l, st, 5, route_says[d->what].state);
	ledger_bind_text(rs->l, st, 6, owner);
	ledger_bind_text(rs->l, st, 7, d->pool);
	ledger_bind_text(rs->l, st, 8, rs->reason.p);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)rs->o->as_of);
	ledger_bind_textn(rs->l, st, 10, rs->text.p, rs->text.n);
	ledger_step(rs->l, st);
	ledger_history(rs->l, id, rs->o->as_of, route_says[d->what].event,
	    owner, rec_get(r, "status", NULL), NULL, rs->reason.p, NAN);
	/* handed to sales: what the lead was then (the review) */
	if (d->what == ROUTED || d->what == OFFERED)
		ledger_handoff_record(rs->l, id, rs->o->as_of);
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
		route_set_fields(rs, r, o, p, offer ? "offered" : "kept",
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
static route_decision
choose(route_stage *rs, rec *r, const routing_rule *ru)
{
	route_decision d = { UNASSIGNED, NULL, ru != NULL ? ru->pool : NULL };
	routing_strategy s = ru != NULL ? ru->strategy : ROUTING_WEIGHTED;
	pick_lead pl = route_lead_of(r);

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
by_account(route_stage *rs, rec *r, const routing_rule *ru,
    route_decision *d)
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
	*d = (route_decision){ ROUTED, m, ru->pool };
	sbuf_addf(&rs->reason, "takes it%s", cust != NULL &&
	    strcmp(cust, "true") == 0 ? ", an existing customer" : "");
	return true;
}

/* route_one: decide r's owner, record it, set its fields. */
static void
route_one(route_stage *rs, rec *r, const char *id)
{
	const routing_rule *ru = NULL;
	route_decision d = { UNASSIGNED, NULL, NULL };

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
	route_set_fields(rs, r, d.m != NULL ? d.m->id : NULL, d.pool,
	    route_says[d.what].status, rs->reason.p, rs->o->as_of);
	route_save(rs, r, id, &d);
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

static void
take(stage *st, rec *r)
{
	route_stage *rs = (route_stage *)st;

	if (!rs->swept)
		route_sweep(rs);
	rec_assign(rs->batch[rs->n++], r);
	if (rs->n == ROUTE_BATCH)
		flush(rs);
}

static void
finish(stage *st)
{
	route_stage *rs = (route_stage *)st;

	if (rs->o->claim != NULL) {
		route_claim(rs);
	} else if (rs->o->offers) {
		route_offers(rs);
	} else {
		if (!rs->swept)
			route_sweep(rs);
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
	free(rs->batch);
	free(rs->bad);
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
	rs->batch = xcalloc(ROUTE_BATCH, sizeof *rs->batch);
	rs->bad = xcalloc(ROUTE_BATCH, sizeof *rs->bad);
	for (size_t i = 0; i < ROUTE_BATCH; i++)
		rs->batch[i] = rec_new();
	sbuf_free(&err);
	return &rs->st;
}
