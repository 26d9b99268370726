/* export.c - the ledger's leads back out: --export and --recycle */
#include "feedback/export.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "base/xmem.h"

/* What --export sets after the stored record's own fields (replacing
 * those of the same names). */
static const char *const export_fields[] = {
	"status", "state", "owner", "pool", "route_reason", "routed_at",
	"contacted_at", "feedback_at", "outcome", "outcome_label",
	"dq_category", "recycle_after", "handoff", "amount", "history", NULL
};
/* For the CSV header: those, and the fields lead-feedback sets on a
 * stored record, so that a lead with an outcome after 1000 without one
 * fits it. */
static const char *const export_declared[] = {
	"status_was", "status_note", "suppress", "outcome_at",
	"status", "state", "owner", "pool", "route_reason", "routed_at",
	"contacted_at", "feedback_at", "outcome", "outcome_label",
	"dq_category", "recycle_after", "handoff", "amount", "history", NULL
};

/* A lead --recycle releases. */
typedef struct due {
	char *id, *owner, *status;
	bool bad;		/* its stored record could not be read */
} due;

typedef struct export_stage {
	stage st;
	feedback_tables t;
	rec *in, *out;
	rec *held[EXPORT_BATCH];	/* --recycle: a transaction's leads */
	due due[EXPORT_BATCH];
	sbuf why, tmp;
} export_stage;

/* ---- --export ---- */

/* exported: name is one of export_fields. */
static bool
exported(const char *name)
{
	for (const char *const *f = export_fields; *f != NULL; f++)
		if (strcmp(name, *f) == 0)
			return true;
	return false;
}

/* set_time: field name is the time in column i of st (ISO 8601), or
 * null. */
static void
set_time(export_stage *x, const char *name, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		rec_set_text(x->out, name, NULL);
		return;
	}
	sbuf_reset(&x->tmp);
	date_format(&x->tmp, (time_t)sqlite3_column_int64(st, i));
	rec_set_text(x->out, name, x->tmp.p);
}

/* jstr: s as a JSON string, or null. */
static json_t *
jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

/* jnum: v as a JSON number, an integer when it is one ("12000", not
 * "12000.0"). */
static json_t *
jnum(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* history: the lead's events, oldest first, as a JSON array. */
static json_t *
history(export_stage *x, const char *id)
{
	ledger *l = x->t.l;
	sqlite3_stmt *st = ledger_stmt(l, "SELECT at, event, owner, status, "
	    "outcome, reason, amount, run FROM history WHERE lead = ? "
	    "ORDER BY seq");
	json_t *a = json_array();

	ledger_bind_text(l, st, 1, id);
	while (ledger_step(l, st) == SQLITE_ROW) {
		json_t *ev = json_object();
		sbuf_reset(&x->tmp);
		date_format(&x->tmp, (time_t)sqlite3_column_int64(st, 0));
		json_object_set_new(ev, "at", jstr(x->tmp.p));
		json_object_set_new(ev, "event", jstr(ledger_column(st, 1)));
		json_object_set_new(ev, "owner", jstr(ledger_column(st, 2)));
		json_object_set_new(ev, "status", jstr(ledger_column(st, 3)));
		json_object_set_new(ev, "outcome", jstr(ledger_column(st, 4)));
		json_object_set_new(ev, "reason", jstr(ledger_column(st, 5)));
		json_object_set_new(ev, "amount",
		    sqlite3_column_type(st, 6) == SQLITE_NULL ? json_null() :
		    jnum(sqlite3_column_double(st, 6)));
		json_object_set_new(ev, "run",
		    json_integer(sqlite3_column_int64(st, 7)));
		json_array_append_new(a, ev);
	}
	sqlite3_reset(st);
	return a;
}

/* damaged: the lead's stored record in x->in could not be read. */
static void
damaged(export_stage *x, const char *id)
{
	x->in->file = ledger_file(x->t.l);
	x->in->line = 0;
	stage_reject(&x->st, x->in, "lead %s: the stored record is no JSON "
	    "object: %s", id, x->why.p);
}

/* export_lead: the row of leads in st as a record in x->out. */
static void
export_lead(export_stage *x, sqlite3_stmt *st)
{
	const char *id = ledger_column(st, 14), *oc = ledger_column(st, 9);
	const outcome *o = oc != NULL ? outcome_find(x->t.ot, oc,
	    strlen(oc)) : NULL;
	rec *out = x->out;

	/* the record's own fields, then the ledger's in their order */
	rec_clear(out);
	for (size_t i = 0; i < x->in->n; i++) {
		rec_field *f = &x->in->f[i];
		if (f->kind != REC_DEL && !exported(f->name))
			rec_append_raw(out, f->name, f->v, f->vlen);
	}
	rec_set_text(out, "status", ledger_column(st, 1));
	rec_set_text(out, "state", ledger_column(st, 2));
	rec_set_text(out, "owner", ledger_column(st, 3));
	rec_set_text(out, "pool", ledger_column(st, 4));
	rec_set_text(out, "route_reason", ledger_column(st, 5));
	set_time(x, "routed_at", st, 6);
	set_time(x, "contacted_at", st, 7);
	set_time(x, "feedback_at", st, 8);
	rec_set_text(out, "outcome", oc);
	if (o != NULL && o->label >= 0)
		rec_set_num(out, "outcome_label", o->label);
	else
		rec_set_text(out, "outcome_label", NULL);
	rec_set_text(out, "dq_category", ledger_column(st, 10));
	rec_set_text(out, "recycle_after", ledger_column(st, 11));
	rec_set_text(out, "handoff", ledger_column(st, 12));
	if (sqlite3_column_type(st, 13) == SQLITE_NULL)
		rec_set_text(out, "amount", NULL);
	else
		rec_set_num(out, "amount", sqlite3_column_double(st, 13));
	/* a second statement while this one scans: SQLite allows it */
	rec_set_json(out, "history", history(x, id));
}

static void
export_finish(stage *st)
{
	export_stage *x = (export_stage *)st;
	ledger *l = x->t.l;
	sqlite3_stmt *q;

	ledger_exec(l, "BEGIN");	/* one snapshot */
	q = ledger_stmt(l, "SELECT record, status, state, owner, pool, "
	    "reason, routed_at, contacted_at, feedback_at, outcome, "
	    "dq_category, recycle_after, handoff, amount, id "
	    "FROM leads ORDER BY id");
	while (ledger_step(l, q) == SQLITE_ROW) {
		const char *id = ledger_column(q, 14);
		stage_fetched(st);
		if (ledger_record_read(x->in, ledger_column(q, 0), &x->why) !=
		    0) {
			damaged(x, id);
			continue;
		}
		export_lead(x, q);
		stage_emit(st, x->out);
	}
	sqlite3_reset(q);
	ledger_exec(l, "COMMIT");
}

/* ---- --recycle ---- */

/* recycle_batch: release up to EXPORT_BATCH due leads in one
 * transaction, then emit them; returns how many were due. */
static size_t
recycle_batch(export_stage *x, const char *today)
{
	ledger *l = x->t.l;
	sqlite3_stmt *q;
	size_t n = 0;

	ledger_begin(l);
	q = ledger_stmt(l, "SELECT id, owner, status, record FROM leads "
	    "WHERE state = '" LEDGER_CLOSED "' AND recycle_after <= ? "
	    "ORDER BY id LIMIT ?");
	ledger_bind_text(l, q, 1, today);
	sqlite3_bind_int(q, 2, EXPORT_BATCH);
	/* read first, change after: rows changed under a scan may be seen
	 * twice or not at all */
	while (ledger_step(l, q) == SQLITE_ROW) {
		due *d = &x->due[n];
		rec *r = x->held[n++];
		stage_fetched(&x->st);
		d->id = xstrdup(ledger_column(q, 0));
		d->owner = ledger_column(q, 1) != NULL ?
		    xstrdup(ledger_column(q, 1)) : NULL;
		d->status = ledger_column(q, 2) != NULL ?
		    xstrdup(ledger_column(q, 2)) : NULL;
		d->bad = ledger_record_read(r, ledger_column(q, 3), &x->why) !=
		    0;
		if (d->bad) {
			r->file = ledger_file(l);
			r->line = 0;
			stage_reject(&x->st, r, "lead %s: the stored record is "
			    "no JSON object: %s", d->id, x->why.p);
		}
	}
	sqlite3_reset(q);
	for (size_t i = 0; i < n; i++) {	/* released, damaged or not */
		q = ledger_stmt(l, "UPDATE leads SET state = '"
		    LEDGER_RELEASED "', updated_at = ? WHERE id = ?");
		sqlite3_bind_int64(q, 1, (sqlite3_int64)x->t.as_of);
		ledger_bind_text(l, q, 2, x->due[i].id);
		ledger_step(l, q);
		ledger_history(l, x->due[i].id, x->t.as_of, LEDGER_RECYCLED,
		    x->due[i].owner, x->due[i].status, NULL, NULL, NAN);
	}
	ledger_commit(l);
	for (size_t i = 0; i < n; i++) {
		if (!x->due[i].bad)
			stage_emit(&x->st, x->held[i]);
		rec_clear(x->held[i]);
		free(x->due[i].id);
		free(x->due[i].owner);
		free(x->due[i].status);
	}
	return n;
}

static void
recycle_finish(stage *st)
{
	export_stage *x = (export_stage *)st;
	sbuf today = SBUF_INIT;

	date_format_day(&today, x->t.as_of);
	while (recycle_batch(x, today.p) == EXPORT_BATCH)
		;
	sbuf_free(&today);
}

/* ---- the stages ---- */

static void
export_free(stage *st)
{
	export_stage *x = (export_stage *)st;

	feedback_tables_close(&x->t);
	rec_free(x->in);
	rec_free(x->out);
	for (size_t i = 0; i < EXPORT_BATCH; i++)
		rec_free(x->held[i]);
	sbuf_free(&x->why);
	sbuf_free(&x->tmp);
	free(x);
}

/* take: never called: the stages run on empty input. */
static void
take(stage *st, rec *r)
{
	(void)st;
	(void)r;
}

static const stage_vt export_vt = {
	.name = "export", .take = take, .finish = export_finish,
	.free = export_free,
};
static const stage_vt recycle_vt = {
	.name = "recycle", .take = take, .finish = recycle_finish,
	.free = export_free,
};

static stage *
export_alloc(const feedback_opts *o, const stage_vt *vt)
{
	export_stage *x = xcalloc(1, sizeof *x);

	feedback_tables_open(&x->t, o);
	x->st.vt = vt;
	x->in = rec_new();
	x->out = rec_new();
	for (size_t i = 0; i < EXPORT_BATCH; i++)
		x->held[i] = rec_new();
	return &x->st;
}

stage *
export_new(const feedback_opts *o)
{
	stage *st = export_alloc(o, &export_vt);

	st->fields = export_declared;
	return st;
}

stage *
export_recycle_new(const feedback_opts *o)
{
	return export_alloc(o, &recycle_vt);
}
