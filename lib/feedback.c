/* feedback.c - lead-feedback: sales outcomes into the ledger, and out */
#include "feedback.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "date.h"
#include "email.h"
#include "input.h"
#include "ledger.h"
#include "lifecycle.h"
#include "num.h"
#include "outcome.h"
#include "output.h"
#include "phone.h"
#include "xmem.h"

#define DAY 86400

/* What the stage sets on each lead it writes, in this order. */
static const char *const feedback_fields[] = {
	"status", "status_was", "status_note", "outcome", "dq_category",
	"recycle_after", "handoff", "suppress", "amount", "outcome_at", NULL
};

/* What --export sets after the stored record's own fields (replacing
 * those of the same names); and for the CSV header, the fields a stored
 * record may have from lead-feedback besides, so that a lead with an
 * outcome after 1000 without fits it. */
static const char *const export_fields[] = {
	"status", "state", "owner", "pool", "route_reason", "routed_at",
	"contacted_at", "feedback_at", "outcome", "outcome_label",
	"dq_category", "recycle_after", "handoff", "amount", "history", NULL
};
static const char *const export_declared[] = {
	"status_was", "status_note", "suppress", "outcome_at",
	"status", "state", "owner", "pool", "route_reason", "routed_at",
	"contacted_at", "feedback_at", "outcome", "outcome_label",
	"dq_category", "recycle_after", "handoff", "amount", "history", NULL
};

/* The stages in which a rep works a lead: it stays assigned there. */
static const char *const working_stages[] = { "sal", "sql", "opportunity" };
/* The outcomes that mean a rep reached the lead (contacted_at). */
static const char *const contact_outcomes[] = {
	"accepted", "contacted", "won"
};

/* The tables and the ledger, shared by the stage and the modes. */
typedef struct tables {
	lifecycle *lc;
	outcome_table *ot;
	ledger *l;
	country_table *countries;	/* loaded when a phone is suppressed */
	time_t as_of;
	int nurture_days;
} tables;

/* tables_open: load the tables and open the ledger, or end the program. */
static void
tables_open(tables *t, const feedback_opts *o)
{
	sbuf stages = SBUF_INIT, cats = SBUF_INIT, err = SBUF_INIT;

	memset(t, 0, sizeof *t);
	t->as_of = o->as_of;
	t->nurture_days = o->nurture_days;
	t->lc = lifecycle_load(cli_share_path(&stages, "lifecycle.tsv"),
	    cli_share_path(&cats, "dq-categories.tsv"), &err);
	if (t->lc == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	t->ot = outcome_load(cli_share_path(&stages, "outcomes.tsv"), t->lc,
	    &err);
	if (t->ot == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	t->l = ledger_open(ledger_path(o->ledger), false, cli_progname(),
	    o->as_of, &err);
	if (t->l == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&stages);
	sbuf_free(&cats);
	sbuf_free(&err);
}

static void
tables_close(tables *t)
{
	ledger_close(t->l);
	outcome_free(t->ot);
	lifecycle_free(t->lc);
	country_table_free(t->countries);
}

/* one_of: s is one of the n words of v. */
static bool
one_of(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return true;
	return false;
}

/* copy: column i of st's row, allocated (NULL for NULL). */
static char *
copy(sqlite3_stmt *st, int i)
{
	const char *s = ledger_column(st, i);

	return s != NULL ? xstrdup(s) : NULL;
}

/* set_time: field name is the time in column i of st as ISO 8601, or
 * null. */
static void
set_time(rec *r, const char *name, sqlite3_stmt *st, int i, sbuf *tmp)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		rec_set_text(r, name, NULL);
		return;
	}
	sbuf_reset(tmp);
	date_format(tmp, (time_t)sqlite3_column_int64(st, i));
	rec_set_text(r, name, tmp->p);
}

/* day: the YYYY-MM-DD of t in out (reset first). */
static const char *
day(sbuf *out, time_t t)
{
	sbuf_reset(out);
	date_format(out, t);
	if (out->n > 10) {
		out->n = 10;
		out->p[10] = '\0';
	}
	return sbuf_str(out);
}

/* ---- the stage ---- */

/* A row of input, checked. */
typedef struct row {
	const outcome *o;
	const lifecycle_category *cat;	/* the reason, or NULL */
	time_t at;			/* the outcome's date */
	double amount;			/* NAN: none given */
} row;

/* A lead of the ledger, as the row found it. */
typedef struct lead {
	char *id, *email, *phone, *status, *state, *owner, *record;
} lead;

/* A feedback event of the lead's history. */
typedef struct event {
	const char *outcome, *reason;
	sqlite3_int64 at;
	double amount;		/* NAN: none */
} event;

typedef struct feedback_stage {
	stage st;
	tables t;
	const char *nurture;	/* the nurture stage, or NULL */
	rec *out;		/* the lead's record as written */
	sbuf text, note, key, tmp, why;
	unsigned rows;		/* rows in the open transaction */
	bool open;		/* a transaction is open */
	/* the records of the open transaction, emitted once it commits (no
	 * lead leaves with an outcome the ledger does not have) */
	rec *held[FEEDBACK_BATCH];
	size_t nheld;
} feedback_stage;

static void
lead_free(lead *ld)
{
	free(ld->id);
	free(ld->email);
	free(ld->phone);
	free(ld->status);
	free(ld->state);
	free(ld->owner);
	free(ld->record);
	memset(ld, 0, sizeof *ld);
}

/* value: field name of r, trimmed of blanks; NULL when missing or empty. */
static const char *
value(rec *r, const char *name, size_t *n)
{
	const char *s = rec_get(r, name, n);

	if (s == NULL)
		return NULL;
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return *n > 0 ? s : NULL;
}

/* category_key: a reason as the category table writes it: lower case,
 * '_' between words ("No Interest" -> "no_interest"). */
static const char *
category_key(sbuf *out, const char *s, size_t n)
{
	sbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ' || c == '-')
			c = '_';
		sbuf_addc(out, c);
	}
	return sbuf_str(out);
}

/* check_row: the outcome, reason, date and amount of r; 0, or -1 after
 * rejecting it. */
static int
check_row(feedback_stage *s, rec *r, row *w)
{
	const char *v;
	size_t n;

	memset(w, 0, sizeof *w);
	w->amount = NAN;
	if ((v = value(r, "status", &n)) == NULL) {
		stage_reject(&s->st, r, "no status: the outcome (%s) is "
		    "needed", outcome_names(s->t.ot));
		return -1;
	}
	if ((w->o = outcome_find(s->t.ot, v, n)) == NULL) {
		stage_reject(&s->st, r, "status '%.*s' is not one of %s",
		    (int)n, v, outcome_names(s->t.ot));
		return -1;
	}
	if ((v = value(r, "reason", &n)) != NULL &&
	    (w->cat = lifecycle_category_find(s->t.lc, category_key(&s->key,
	    v, n))) == NULL) {
		stage_reject(&s->st, r, "reason '%.*s' is not one of %s",
		    (int)n, v, lifecycle_category_names(s->t.lc));
		return -1;
	}
	w->at = s->t.as_of;
	if ((v = value(r, "date", &n)) != NULL) {
		if (date_parse(v, n, false, &w->at) == DATE_BAD) {
			stage_reject(&s->st, r, "date '%.*s' is not a date "
			    "(YYYY-MM-DD or an ISO 8601 time)", (int)n, v);
			return -1;
		}
		if (w->at > s->t.as_of) {
			stage_reject(&s->st, r, "date %.*s is after the run's "
			    "--as-of", (int)n, v);
			return -1;
		}
	}
	if ((v = value(r, "amount", &n)) != NULL &&
	    (num_parse(v, n, &w->amount) != 0 || !(w->amount >= 0) ||
	    isinf(w->amount))) {
		stage_reject(&s->st, r, "amount '%.*s' is not a number >= 0",
		    (int)n, v);
		return -1;
	}
	return 0;
}

#define LEAD_COLUMNS "id, email, phone, status, state, owner, record"

static void
lead_copy(sqlite3_stmt *st, lead *ld)
{
	ld->id = copy(st, 0);
	ld->email = copy(st, 1);
	ld->phone = copy(st, 2);
	ld->status = copy(st, 3);
	ld->state = copy(st, 4);
	ld->owner = copy(st, 5);
	ld->record = copy(st, 6);
}

/* find_lead: the lead r names, by id, else by e-mail address; 0, or -1
 * after rejecting r. */
static int
find_lead(feedback_stage *s, rec *r, lead *ld)
{
	ledger *l = s->t.l;
	sqlite3_stmt *st;
	const char *v;
	size_t n;
	unsigned long found = 0;

	memset(ld, 0, sizeof *ld);
	if ((v = value(r, "id", &n)) != NULL) {
		st = ledger_stmt(l, "SELECT " LEAD_COLUMNS " FROM leads "
		    "WHERE id = ?");
		ledger_bind_textn(l, st, 1, v, n);
		if (ledger_step(l, st) == SQLITE_ROW)
			lead_copy(st, ld);
		sqlite3_reset(st);
		if (ld->id == NULL) {
			stage_reject(&s->st, r, "no lead has id '%.*s' in %s",
			    (int)n, v, ledger_file(l));
			return -1;
		}
		return 0;
	}
	if ((v = value(r, "email", &n)) == NULL) {
		stage_reject(&s->st, r, "no id or email: which lead is it?");
		return -1;
	}
	/* the ledger holds addresses as lead-import wrote them, normalized
	 * (lower case): compare the row's normal form, and the address as
	 * written for one that does not normalize */
	sbuf_reset(&s->key);
	if (email_norm(&s->key, v, n) != 0)
		sbuf_add(&s->key, v, n);
	st = ledger_stmt(l, "SELECT " LEAD_COLUMNS " FROM leads "
	    "WHERE email = ?1 OR email = ?2 ORDER BY id");
	ledger_bind_text(l, st, 1, sbuf_str(&s->key));
	ledger_bind_textn(l, st, 2, v, n);
	while (ledger_step(l, st) == SQLITE_ROW)
		if (found++ == 0)
			lead_copy(st, ld);
	sqlite3_reset(st);
	if (found == 0) {
		stage_reject(&s->st, r, "no lead has e-mail %.*s in %s", (int)n,
		    v, ledger_file(l));
		return -1;
	}
	if (found > 1) {
		lead_free(ld);
		stage_reject(&s->st, r, "%lu leads have e-mail %.*s: give the "
		    "id", found, (int)n, v);
		return -1;
	}
	return 0;
}

/*
 * same: the row reports event e again.  history.reason holds the reason,
 * or when the row gave none the status note, which is never a category's
 * name: so "no reason" matches a history reason that is not a category.
 */
static bool
same(feedback_stage *s, const row *w, const event *e)
{
	if (e->outcome == NULL || strcmp(e->outcome, w->o->name) != 0 ||
	    e->at != (sqlite3_int64)w->at)
		return false;
	if (w->cat != NULL ? e->reason == NULL ||
	    strcmp(e->reason, w->cat->name) != 0 :
	    e->reason != NULL &&
	    lifecycle_category_find(s->t.lc, e->reason) != NULL)
		return false;
	if (isnan(w->amount) || isnan(e->amount))
		return isnan(w->amount) && isnan(e->amount);
	return w->amount == e->amount;
}

/*
 * recorded: the lead's history has the row's outcome already, with the
 * same date, reason and amount: a cron job reading the same export again.
 * Any feedback event counts, not only the last: an export that lists two
 * outcomes of a lead (contacted, then won) read twice changes nothing.
 */
static bool
recorded(feedback_stage *s, const row *w, const char *id)
{
	ledger *l = s->t.l;
	sqlite3_stmt *st = ledger_stmt(l, "SELECT outcome, at, reason, amount "
	    "FROM history WHERE lead = ? AND event = '" LEDGER_FEEDBACK "' "
	    "ORDER BY seq DESC");
	bool found = false;

	ledger_bind_text(l, st, 1, id);
	while (!found && ledger_step(l, st) == SQLITE_ROW) {
		event e = { ledger_column(st, 0), ledger_column(st, 2),
		    sqlite3_column_int64(st, 1), NAN };
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			e.amount = sqlite3_column_double(st, 3);
		found = same(s, w, &e);
	}
	sqlite3_reset(st);
	return found;
}

/* The move an outcome makes, worked out before anything is written. */
typedef struct move {
	const char *to;		/* the new status (a stage) */
	const char *was;	/* the status before when it changed, or NULL */
	bool changed;
} move;

/*
 * decide: where the outcome takes the lead from its status, with the
 * note's first part in s->note ("won: opportunity -> won").  0, or -1
 * after rejecting r (a move the lifecycle refuses).
 */
static int
decide(feedback_stage *s, rec *r, const row *w, const lead *ld, move *m)
{
	const lifecycle *lc = s->t.lc;
	const char *target = outcome_stage(w->o, w->cat);
	const char *cur = ld->status != NULL ? lifecycle_stage(lc, ld->status,
	    strlen(ld->status)) : NULL;
	sbuf *b = &s->note;

	sbuf_reset(b);
	sbuf_adds(b, w->o->name);
	if (w->cat != NULL)
		sbuf_addf(b, " (%s)", w->cat->name);
	sbuf_adds(b, ": ");
	memset(m, 0, sizeof *m);
	if (cur == NULL) {
		/* no status yet, or one that is not a stage: replaced */
		if (ld->status != NULL && ld->status[0] != '\0') {
			sbuf_addf(b, "'%s' (not a stage) -> %s", ld->status,
			    target);
			m->was = ld->status;
		} else {
			sbuf_addf(b, "no status -> %s", target);
		}
		m->to = target;
		m->changed = true;
		return 0;
	}
	if (cur == target) {
		sbuf_addf(b, "stays %s", cur);
		m->to = cur;
		return 0;
	}
	lifecycle_move kind = lifecycle_move_kind(lc, cur, target);
	if (w->o->move == OUTCOME_ADVANCE && kind != LIFECYCLE_FORWARD) {
		sbuf_addf(b, "stays %s", cur);
		m->to = cur;
		return 0;
	}
	switch (kind) {
	case LIFECYCLE_FORWARD:
		sbuf_addf(b, "%s -> %s", cur, target);
		break;
	case LIFECYCLE_BACK:
		sbuf_addf(b, "back %s -> %s", cur, target);
		break;
	case LIFECYCLE_REFUSED:
		stage_reject(&s->st, r, "illegal transition %s -> %s (outcome "
		    "%s)", cur, target, w->o->name);
		return -1;
	}
	m->to = target;
	m->was = cur;
	m->changed = true;
	return 0;
}

/* suppress_one: a row of suppressions, unless one is there. */
static void
suppress_one(feedback_stage *s, const char *kind, const char *v,
    const char *id, const row *w)
{
	ledger *l = s->t.l;
	sqlite3_stmt *st = ledger_stmt(l, "INSERT OR IGNORE INTO suppressions "
	    "(kind, value, lead, reason, at) VALUES (?, ?, ?, ?, ?)");

	ledger_bind_text(l, st, 1, kind);
	ledger_bind_text(l, st, 2, v);
	ledger_bind_text(l, st, 3, id);
	ledger_bind_text(l, st, 4, w->cat->name);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)w->at);
	ledger_step(l, st);
}

/* suppress_lead: the lead's id, e-mail address and telephone number
 * (E.164, read with the record's country) in suppressions. */
static void
suppress_lead(feedback_stage *s, const lead *ld, rec *out, const row *w)
{
	sbuf *b = &s->key;
	const char *c;
	size_t n;

	suppress_one(s, "id", ld->id, ld->id, w);
	sbuf_reset(b);
	if (ld->email != NULL &&
	    email_norm(b, ld->email, strlen(ld->email)) == 0)
		suppress_one(s, "email", b->p, ld->id, w);
	if (ld->phone == NULL || ld->phone[0] == '\0')
		return;
	if (s->t.countries == NULL) {
		char *msg = NULL;
		s->t.countries = country_table_load(cli_share_path(&s->tmp,
		    "countries.tsv"), &msg);
		if (s->t.countries == NULL)
			cli_die(LK_EXIT_DATA, "%s%s", msg != NULL ? msg :
			    s->tmp.p, msg != NULL ? "" : ":");
	}
	c = rec_get(out, "country", &n);
	const country *dc = c != NULL ? country_lookup(s->t.countries, c, n) :
	    NULL;
	sbuf_reset(b);
	if (phone_e164(b, NULL, ld->phone, strlen(ld->phone), s->t.countries,
	    dc) == PHONE_OK)
		suppress_one(s, "phone", b->p, ld->id, w);
}

/* write_lead: the lead's row in leads and its event in history. */
static void
write_lead(feedback_stage *s, const lead *ld, const row *w, const move *m,
    const char *state, const char *recycle, const char *handoff)
{
	ledger *l = s->t.l;
	sqlite3_stmt *st = ledger_stmt(l, "UPDATE leads SET status = ?1, "
	    "state = ?2, outcome = ?3, dq_category = ?4, recycle_after = ?5, "
	    "handoff = ?6, amount = coalesce(?7, amount), feedback_at = ?8, "
	    "contacted_at = coalesce(contacted_at, ?9), updated_at = ?10, "
	    "record = ?11 WHERE id = ?12");

	ledger_bind_text(l, st, 1, m->to);
	ledger_bind_text(l, st, 2, state);
	ledger_bind_text(l, st, 3, w->o->name);
	ledger_bind_text(l, st, 4, w->cat != NULL ? w->cat->name : NULL);
	ledger_bind_text(l, st, 5, recycle);
	ledger_bind_text(l, st, 6, handoff);
	if (!isnan(w->amount))
		sqlite3_bind_double(st, 7, w->amount);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)w->at);
	if (one_of(w->o->name, contact_outcomes,
	    sizeof contact_outcomes / sizeof *contact_outcomes))
		sqlite3_bind_int64(st, 9, (sqlite3_int64)w->at);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)s->t.as_of);
	ledger_bind_textn(l, st, 11, s->text.p, s->text.n);
	ledger_bind_text(l, st, 12, ld->id);
	ledger_step(l, st);
	ledger_history(l, ld->id, w->at, LEDGER_FEEDBACK, ld->owner, m->to,
	    w->o->name, w->cat != NULL ? w->cat->name : s->note.p, w->amount);
}

/* apply: the outcome w on lead ld, whose stored record is in s->out. */
static void
apply(feedback_stage *s, const lead *ld, const row *w, const move *m)
{
	rec *out = s->out;
	const lifecycle_category *c = w->cat;
	const char *handoff = c != NULL && c->effect == LIFECYCLE_HANDOFF ?
	    c->handoff : NULL;
	bool suppress = c != NULL && c->effect == LIFECYCLE_SUPPRESS;
	char recycle[11] = "", at[11];
	const char *state;
	const char *was_supp = rec_get(out, "suppress", NULL);

	if (m->to == s->nurture && s->nurture != NULL) {
		day(&s->tmp, w->at + (time_t)s->t.nurture_days * DAY);
		memcpy(recycle, s->tmp.p, sizeof recycle);
		sbuf_addf(&s->note, ", recycle after %s", recycle);
	}
	if (handoff != NULL)
		sbuf_addf(&s->note, ", handoff to %s", handoff);
	if (suppress)
		sbuf_adds(&s->note, ", suppressed");
	/* a do-not-call is never lost: a later outcome keeps it */
	if (was_supp != NULL && strcmp(was_supp, "true") == 0)
		suppress = true;
	if (handoff != NULL)
		state = LEDGER_RELEASED;
	else if (one_of(m->to, working_stages,
	    sizeof working_stages / sizeof *working_stages) ||
	    (!m->changed && ld->state != NULL &&
	    strcmp(ld->state, LEDGER_ASSIGNED) == 0))
		state = LEDGER_ASSIGNED;
	else
		state = LEDGER_CLOSED;
	memcpy(at, day(&s->tmp, w->at), sizeof at);

	rec_set_text(out, "status", m->to);
	rec_set_text(out, "status_was", m->changed ? m->was : NULL);
	rec_set_text(out, "status_note", s->note.p);
	rec_set_text(out, "outcome", w->o->name);
	rec_set_text(out, "dq_category", c != NULL ? c->name : NULL);
	rec_set_text(out, "recycle_after", recycle[0] != '\0' ? recycle : NULL);
	rec_set_text(out, "handoff", handoff);
	rec_set_raw(out, "suppress", suppress ? "true" : "null", 4);
	if (!isnan(w->amount))
		rec_set_num(out, "amount", w->amount);
	else if (rec_find(out, "amount") == NULL)
		rec_set_text(out, "amount", NULL);
	rec_set_text(out, "outcome_at", at);
	ledger_record_text(s->t.l, out, &s->text);

	write_lead(s, ld, w, m, state, recycle[0] != '\0' ? recycle : NULL,
	    handoff);
	if (c != NULL && c->effect == LIFECYCLE_SUPPRESS)
		suppress_lead(s, ld, out, w);
}

/* hold: s->out waits for the transaction to commit. */
static void
hold(feedback_stage *s)
{
	if (s->held[s->nheld] == NULL)
		s->held[s->nheld] = rec_new();
	rec_assign(s->held[s->nheld++], s->out);
}

/* commit: the open transaction, then its records. */
static void
commit(feedback_stage *s)
{
	if (s->open)
		ledger_commit(s->t.l);
	s->open = false;
	s->rows = 0;
	for (size_t i = 0; i < s->nheld; i++)
		stage_emit(&s->st, s->held[i]);
	s->nheld = 0;
}

static void
take(stage *st, rec *r)
{
	feedback_stage *s = (feedback_stage *)st;
	row w;
	lead ld = { 0 };
	move m;

	if (!s->open) {
		ledger_begin(s->t.l);
		s->open = true;
	}
	if (check_row(s, r, &w) != 0 || find_lead(s, r, &ld) != 0)
		goto done;
	if (ledger_record_read(s->out, ld.record, &s->why) != 0) {
		stage_reject(st, r, "the ledger's record of lead %s is not a "
		    "JSON object: %s", ld.id, s->why.p);
		goto done;
	}
	s->out->file = r->file;
	s->out->line = r->line;
	if (recorded(s, &w, ld.id)) {
		rec_set_text(s->out, "status_was", NULL);
		rec_set_text(s->out, "status_note", "already recorded");
		hold(s);
		goto done;
	}
	if (decide(s, r, &w, &ld, &m) != 0)
		goto done;
	/* m.was may point into ld, which outlives its use */
	apply(s, &ld, &w, &m);
	hold(s);
done:
	lead_free(&ld);
	if (++s->rows >= FEEDBACK_BATCH)
		commit(s);
}

static void
finish(stage *st)
{
	commit((feedback_stage *)st);
}

static void
feedback_free(stage *st)
{
	feedback_stage *s = (feedback_stage *)st;

	tables_close(&s->t);
	for (size_t i = 0; i < FEEDBACK_BATCH; i++)
		rec_free(s->held[i]);
	rec_free(s->out);
	sbuf_free(&s->text);
	sbuf_free(&s->note);
	sbuf_free(&s->key);
	sbuf_free(&s->tmp);
	sbuf_free(&s->why);
	free(s);
}

static const stage_vt feedback_vt = {
	.name = "feedback",
	.take = take,
	.finish = finish,
	.free = feedback_free,
};

stage *
feedback_new(const feedback_opts *o)
{
	feedback_stage *s = xcalloc(1, sizeof *s);

	tables_open(&s->t, o);
	s->st.vt = &feedback_vt;
	s->st.fields = feedback_fields;
	s->nurture = lifecycle_stage(s->t.lc, "nurture", 7);
	s->out = rec_new();
	return &s->st;
}

/* ---- --export and --recycle ---- */

/* A writer of records to standard output, for the modes. */
typedef struct writer {
	output *out;
	const cli_opts *co;
	const char *const *declared;
	const char *ledger;	/* the ledger's path, for messages */
	unsigned long long nin, nout, nrej;
} writer;

/* writer_bad: lead id of the ledger could not be written: why. */
static void
writer_bad(writer *wr, const char *id, const char *why)
{
	cli_warn("%s: lead %s: %s", wr->ledger, id, why);
	wr->nrej++;
}

static void
writer_put(writer *wr, rec *r, const char *id)
{
	const char *why;

	if (wr->out == NULL)
		wr->out = output_new(stdout, "standard output",
		    wr->co->out_format == LK_FMT_CSV ? LK_FMT_CSV :
		    LK_FMT_NDJSON, wr->co->delim, !wr->co->no_header,
		    wr->declared);
	if (output_write(wr->out, r, &why) != 0) {
		writer_bad(wr, id, why);
		return;
	}
	wr->nout++;
}

/* writer_end: flush, --stats; the exit status. */
static int
writer_end(writer *wr)
{
	output_free(wr->out);
	if (wr->co->stats)
		fprintf(stderr, "%s: stats: in=%llu out=%llu rejected=%llu "
		    "suppressed=0\n", cli_progname(), wr->nin, wr->nout,
		    wr->nrej);
	return wr->nrej > 0 ? LK_EXIT_DATA : LK_EXIT_OK;
}

/* jstr: s as a JSON string, or null. */
static json_t *
jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

/* jnum: v as a JSON number, an integer when it is one ("12000", not
 * "12000.0", as rec_set_num writes it). */
static json_t *
jnum(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* history: the lead's events, oldest first, as a JSON array. */
static json_t *
history(tables *t, const char *id, sbuf *tmp)
{
	ledger *l = t->l;
	sqlite3_stmt *st = ledger_stmt(l, "SELECT at, event, owner, status, "
	    "outcome, reason, amount, run FROM history WHERE lead = ? "
	    "ORDER BY seq");
	json_t *a = json_array();

	ledger_bind_text(l, st, 1, id);
	while (ledger_step(l, st) == SQLITE_ROW) {
		json_t *ev = json_object();
		sbuf_reset(tmp);
		date_format(tmp, (time_t)sqlite3_column_int64(st, 0));
		json_object_set_new(ev, "at", jstr(tmp->p));
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

/* set_amount: field amount is column i of st, a number, or null. */
static void
set_amount(rec *r, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		rec_set_text(r, "amount", NULL);
	else
		rec_set_num(r, "amount", sqlite3_column_double(st, i));
}

int
feedback_export(const feedback_opts *o, const cli_opts *co)
{
	tables t;
	writer wr = { .co = co, .declared = export_declared };
	rec *in = rec_new(), *out = rec_new();
	sbuf why = SBUF_INIT, tmp = SBUF_INIT;

	tables_open(&t, o);
	ledger *l = t.l;
	wr.ledger = ledger_file(l);
	sqlite3_stmt *st = ledger_stmt(l, "SELECT record, status, state, "
	    "owner, pool, reason, routed_at, contacted_at, feedback_at, "
	    "outcome, dq_category, recycle_after, handoff, amount, id "
	    "FROM leads ORDER BY id");
	while (ledger_step(l, st) == SQLITE_ROW) {
		const char *id = ledger_column(st, 14);
		const char *oc = ledger_column(st, 9);
		const outcome *oo = oc != NULL ? outcome_find(t.ot, oc,
		    strlen(oc)) : NULL;

		wr.nin++;
		if (ledger_record_read(in, ledger_column(st, 0), &why) != 0) {
			writer_bad(&wr, id, why.p);
			continue;
		}
		/* the record's own fields, then the ledger's in their order */
		rec_clear(out);
		for (size_t i = 0; i < in->n; i++) {
			rec_field *f = &in->f[i];
			if (f->kind != REC_DEL && !one_of(f->name,
			    export_fields, sizeof export_fields /
			    sizeof *export_fields - 1))
				rec_append_raw(out, f->name, f->v, f->vlen);
		}
		rec_set_text(out, "status", ledger_column(st, 1));
		rec_set_text(out, "state", ledger_column(st, 2));
		rec_set_text(out, "owner", ledger_column(st, 3));
		rec_set_text(out, "pool", ledger_column(st, 4));
		rec_set_text(out, "route_reason", ledger_column(st, 5));
		set_time(out, "routed_at", st, 6, &tmp);
		set_time(out, "contacted_at", st, 7, &tmp);
		set_time(out, "feedback_at", st, 8, &tmp);
		rec_set_text(out, "outcome", oc);
		if (oo != NULL && oo->label >= 0)
			rec_set_num(out, "outcome_label", oo->label);
		else
			rec_set_text(out, "outcome_label", NULL);
		rec_set_text(out, "dq_category", ledger_column(st, 10));
		rec_set_text(out, "recycle_after", ledger_column(st, 11));
		rec_set_text(out, "handoff", ledger_column(st, 12));
		set_amount(out, st, 13);
		/* a second statement while this one scans: SQLite allows it */
		rec_set_json(out, "history", history(&t, id, &tmp));
		writer_put(&wr, out, id);
	}
	sqlite3_reset(st);
	int status = writer_end(&wr);
	rec_free(in);
	rec_free(out);
	sbuf_free(&why);
	sbuf_free(&tmp);
	tables_close(&t);
	return status;
}

/* A lead --recycle released. */
typedef struct due {
	char *id, *owner, *status;
} due;

int
feedback_recycle(const feedback_opts *o, const cli_opts *co)
{
	tables t;
	writer wr = { .co = co };
	rec *r = rec_new();
	sbuf why = SBUF_INIT, today = SBUF_INIT;
	due *v = NULL;
	size_t n = 0;

	tables_open(&t, o);
	ledger *l = t.l;
	wr.ledger = ledger_file(l);
	ledger_begin(l);
	sqlite3_stmt *st = ledger_stmt(l, "SELECT id, owner, status, record "
	    "FROM leads WHERE state = '" LEDGER_CLOSED "' AND recycle_after "
	    "IS NOT NULL AND recycle_after <= ? ORDER BY id");
	ledger_bind_text(l, st, 1, day(&today, t.as_of));
	while (ledger_step(l, st) == SQLITE_ROW) {
		const char *id = ledger_column(st, 0);
		wr.nin++;
		if (ledger_record_read(r, ledger_column(st, 3), &why) != 0) {
			writer_bad(&wr, id, why.p);
			continue;
		}
		writer_put(&wr, r, id);
		/* released after the scan: changing state, which the scan
		 * reads by, under it could skip or repeat leads */
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = (due){ xstrdup(id), copy(st, 1), copy(st, 2) };
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++) {
		st = ledger_stmt(l, "UPDATE leads SET state = '"
		    LEDGER_RELEASED "', updated_at = ? WHERE id = ?");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)t.as_of);
		ledger_bind_text(l, st, 2, v[i].id);
		ledger_step(l, st);
		ledger_history(l, v[i].id, t.as_of, LEDGER_RECYCLED,
		    v[i].owner, v[i].status, NULL, NULL, NAN);
		free(v[i].id);
		free(v[i].owner);
		free(v[i].status);
	}
	free(v);
	ledger_commit(l);
	int status = writer_end(&wr);
	rec_free(r);
	sbuf_free(&why);
	sbuf_free(&today);
	tables_close(&t);
	return status;
}
