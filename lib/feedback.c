/* feedback.c - lead-feedback: sales outcomes into the ledger, and out */
#include "feedback.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "date.h"
#include "email.h"
#include "ledger.h"
#include "lifecycle.h"
#include "num.h"
#include "outcome.h"
#include "phone.h"
#include "xmem.h"

#define DAY 86400

/* What the stage sets on each lead it writes, in this order. */
static const char *const feedback_fields[] = {
	"status", "status_was", "status_note", "outcome", "dq_category",
	"recycle_after", "handoff", "suppress", "amount", "outcome_at", NULL
};

/* The stages in which a rep works a lead: it stays assigned there. */
static const char *const working_stages[] = { "sal", "sql", "opportunity" };
/* The outcomes that mean a rep reached the lead (contacted_at). */
static const char *const contact_outcomes[] = {
	"accepted", "contacted", "won"
};

void
feedback_tables_open(feedback_tables *t, const feedback_opts *o)
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

void
feedback_tables_close(feedback_tables *t)
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
	feedback_tables t;
	const char *nurture;	/* the nurture stage, or NULL */
	rec *out;		/* the lead's record as written */
	sbuf text, note, key, tmp, why;
	rec *rows[FEEDBACK_BATCH];	/* read, not yet recorded */
	size_t nrows;
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
		sbuf_reset(&s->tmp);
		date_format_day(&s->tmp, w->at + (time_t)s->t.nurture_days *
		    DAY);
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
	sbuf_reset(&s->tmp);
	date_format_day(&s->tmp, w->at);
	memcpy(at, s->tmp.p, sizeof at);

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

/* one: record the outcome row r; its lead waits in s->held. */
static void
one(feedback_stage *s, rec *r)
{
	row w;
	lead ld = { 0 };
	move m;

	if (check_row(s, r, &w) != 0 || find_lead(s, r, &ld) != 0)
		goto done;
	if (ledger_record_read(s->out, ld.record, &s->why) != 0) {
		stage_reject(&s->st, r, "the ledger's record of lead %s is "
		    "not a JSON object: %s", ld.id, s->why.p);
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
}

/* flush: the rows read, in one transaction (taken only once they are
 * all here: a slow input never holds the ledger's lock), then their
 * leads. */
static void
flush(feedback_stage *s)
{
	if (s->nrows == 0)
		return;
	ledger_begin(s->t.l);
	for (size_t i = 0; i < s->nrows; i++)
		one(s, s->rows[i]);
	ledger_commit(s->t.l);
	for (size_t i = 0; i < s->nheld; i++)
		stage_emit(&s->st, s->held[i]);
	s->nheld = 0;
	s->nrows = 0;
}

static void
take(stage *st, rec *r)
{
	feedback_stage *s = (feedback_stage *)st;

	if (s->rows[s->nrows] == NULL)
		s->rows[s->nrows] = rec_new();
	rec_assign(s->rows[s->nrows++], r);
	if (s->nrows == FEEDBACK_BATCH)
		flush(s);
}

static void
finish(stage *st)
{
	flush((feedback_stage *)st);
}

static void
feedback_free(stage *st)
{
	feedback_stage *s = (feedback_stage *)st;

	feedback_tables_close(&s->t);
	for (size_t i = 0; i < FEEDBACK_BATCH; i++) {
		rec_free(s->held[i]);
		rec_free(s->rows[i]);
	}
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

	feedback_tables_open(&s->t, o);
	s->st.vt = &feedback_vt;
	s->st.fields = feedback_fields;
	s->nurture = lifecycle_stage(s->t.lc, "nurture", 7);
	s->out = rec_new();
	return &s->st;
}
