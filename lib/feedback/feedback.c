/* feedback.c - lead-feedback: sales outcomes into the ledger, and out */
#include "feedback/feedback.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lead/colmap.h"
#include "value/country.h"
#include "value/date.h"
#include "base/fold.h"
#include "value/email.h"
#include "ledger/ledger.h"
#include "ledger/ledgerkeys.h"
#include "base/lines.h"
#include "lead/lifecycle.h"
#include "lead/mapping.h"
#include "value/num.h"
#include "lead/outcome.h"
#include "value/phone.h"
#include "base/xmem.h"

#define DAY 86400

/* What the stage sets on each lead it writes, in this order. */
static const char *const feedback_fields[] = {
	"status", "status_was", "status_note", "outcome", "dq_category",
	"recycle_after", "handoff", "suppress", "amount", "outcome_at",
	"feedback_match", NULL
};

/* The fields of an outcome row (FEEDBACK_* order). */
static const char *const in_fields[FEEDBACK_NFIELDS] = {
	"id", "source_id", "source_system", "email", "status", "stage",
	"reason", "date", "amount"
};

const char *
feedback_field_name(int k)
{
	return k >= 0 && k < FEEDBACK_NFIELDS ? in_fields[k] : NULL;
}

int
feedback_field_index(const char *name, size_t n)
{
	for (int k = 0; k < FEEDBACK_NFIELDS; k++)
		if (strlen(in_fields[k]) == n && memcmp(in_fields[k], name,
		    n) == 0)
			return k;
	return -1;
}

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
	/* a table without it would close every lead a rep works */
	if (lifecycle_role_stage(t->lc, LIFECYCLE_ROLE_WORKING) == NULL)
		cli_die(LK_EXIT_DATA, "%s: no stage of the role working "
		    "(role<TAB>working<TAB>STAGE)", stages.p);
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
	const char *v[FEEDBACK_NFIELDS];	/* the fields, or NULL */
	size_t n[FEEDBACK_NFIELDS];
	const outcome *o;
	const lifecycle_category *cat;	/* the reason, or NULL */
	const char *note;		/* a CRM reason of no category, or NULL */
	size_t nnote;
	const char *given;		/* the status value as written */
	size_t ngiven;
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
	const char *nurture;	/* the stage of the role nurture, or NULL */
	rec *out;		/* the lead's record as written */
	mapping *map;		/* -m, --map-file, profiles; or NULL */
	colmap *fbmap;		/* share/leadkit/feedback.map */
	date_order date_order;	/* --date-order, or NONE */
	const char *source_system;	/* --source-system, or NULL */
	/* the last header: its columns' names (as header() joins them),
	 * its profile, and the field each column gives (see read_fields) */
	sbuf hdr;
	const profile *prof;
	int *to;
	size_t nto;
	sbuf text, note, key, tmp, why, first, list, fold;
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

/* by_name: the field a column called name[0..n) is named like (after
 * fold_alnum), or -1. */
static int
by_name(feedback_stage *s, const char *name, size_t n)
{
	sbuf_reset(&s->fold);
	fold_alnum(&s->fold, name, n);
	for (int k = 0; k < FEEDBACK_NFIELDS; k++) {
		sbuf_reset(&s->key);
		fold_alnum(&s->key, in_fields[k], strlen(in_fields[k]));
		if (strcmp(s->key.p, s->fold.p) == 0)
			return k;
	}
	return -1;
}

/* The lead fields a profile or a synonym may give feedback (feedback.h):
 * the same name in the row.  Any other lead field is not read. */
static const char *const lead_fields[] = {
	"id", "source_id", "source_system", "email", "status"
};

/* from_lead: the feedback field of lead field f, or -2 (not read). */
static int
from_lead(const char *f)
{
	for (size_t i = 0; i < sizeof lead_fields / sizeof *lead_fields; i++)
		if (strcmp(f, lead_fields[i]) == 0)
			return feedback_field_index(f, strlen(f));
	return -2;
}

/* column_to: the field column name[0..n) gives in a file of profile
 * s->prof: >= 0 mapped (steps 1-3 of feedback.h); -(k + 3) named like
 * field k or its synonym, which counts only when no column is mapped to
 * it; -2 mapped to a field feedback does not read; -1 none. */
static int
column_to(feedback_stage *s, const char *name, size_t n)
{
	mapping_col mc = { .field = NULL, .by = MAPPING_NONE };
	const char *dst;
	int k;

	if (s->map != NULL)
		mapping_column(s->map, s->prof, name, n, &mc);
	if (mc.field != NULL && (mc.by == MAPPING_OPTION ||
	    mc.by == MAPPING_FILE)) {
		k = feedback_field_index(mc.field, strlen(mc.field));
		return k >= 0 ? k : -2;
	}
	if ((dst = colmap_lookup(s->fbmap, name, n)) != NULL) {
		k = feedback_field_index(dst, strlen(dst));
		return k >= 0 ? k : -2;
	}
	if (mc.field != NULL && mc.by == MAPPING_PROFILE)
		return from_lead(mc.field);
	if ((k = by_name(s, name, n)) >= 0)
		return -(k + 3);
	if (mc.field != NULL && (k = from_lead(mc.field)) >= 0)
		return -(k + 3);
	return -1;
}

/* header: the profile of r's columns and the field each gives (s->to),
 * worked out again only when the names differ from the last record's. */
static void
header(feedback_stage *s, rec *r)
{
	size_t i, n = 0;

	sbuf_reset(&s->tmp);
	for (i = 0; i < r->n; i++) {
		/* each name after its length, so no two headers join alike */
		sbuf_add(&s->tmp, (const char *)&r->f[i].nlen,
		    sizeof r->f[i].nlen);
		sbuf_add(&s->tmp, r->f[i].name, r->f[i].nlen);
		sbuf_addc(&s->tmp, r->f[i].kind == REC_DEL ? 'd' : 'f');
	}
	if (s->to != NULL && s->nto == r->n && s->tmp.n == s->hdr.n &&
	    memcmp(s->tmp.p, s->hdr.p, s->tmp.n) == 0)
		return;
	sbuf_reset(&s->hdr);
	sbuf_add(&s->hdr, s->tmp.p, s->tmp.n);
	const char **names = xreallocarray(NULL, r->n + 1, sizeof *names);
	size_t *lens = xreallocarray(NULL, r->n + 1, sizeof *lens);
	for (i = 0; i < r->n; i++)
		if (r->f[i].kind != REC_DEL) {
			names[n] = r->f[i].name;
			lens[n++] = r->f[i].nlen;
		}
	s->prof = s->map != NULL ? mapping_profile(s->map, names, lens, n,
	    NULL) : NULL;
	free(names);
	free(lens);
	s->to = xreallocarray(s->to, r->n + 1, sizeof *s->to);
	s->nto = r->n;
	bool mapped[FEEDBACK_NFIELDS] = { false };
	for (i = 0; i < r->n; i++) {
		s->to[i] = r->f[i].kind == REC_DEL ? -1 :
		    column_to(s, r->f[i].name, r->f[i].nlen);
		if (s->to[i] >= 0)
			mapped[s->to[i]] = true;
	}
	/* a column named like a field counts when none is mapped to it */
	for (i = 0; i < r->n; i++)
		if (s->to[i] <= -3)
			s->to[i] = mapped[-s->to[i] - 3] ? -1 : -s->to[i] - 3;
}

/* read_fields: w's fields from the columns of r (see feedback.h); the
 * first value that is not blank counts. */
static void
read_fields(feedback_stage *s, rec *r, row *w)
{
	header(s, r);
	for (size_t i = 0; i < r->n; i++) {
		size_t n;
		const char *v;
		int k = s->to[i];
		if (k < 0 || w->v[k] != NULL || r->f[i].kind == REC_DEL)
			continue;
		if ((v = rec_field_str(r, &r->f[i], &n)) != NULL &&
		    (v = lines_trim(v, &n)) != NULL) {
			w->v[k] = v;
			w->n[k] = n;
		}
	}
	const char *sys = s->source_system;
	if (sys == NULL && s->prof != NULL)
		sys = profile_system(s->prof);
	if (w->v[FEEDBACK_SOURCE_SYSTEM] == NULL && sys != NULL) {
		w->v[FEEDBACK_SOURCE_SYSTEM] = sys;
		w->n[FEEDBACK_SOURCE_SYSTEM] = strlen(sys);
	}
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

/* rank: how much an outcome says: nothing yet (open), a step (accepted),
 * an end (a label: won, lost). */
static int
rank(const outcome *o)
{
	return o->stage == NULL ? 0 : o->label < 0 ? 1 : 2;
}

/*
 * pick_outcome: the row's outcome from its status and its stage (a CRM's
 * lead status and lifecycle stage): the one that says more, the status
 * when they say as much; two different ends disagree.  0, or -1 after
 * rejecting r.
 */
static int
pick_outcome(feedback_stage *s, rec *r, row *w, const char **reason)
{
	const outcome *o[2] = { NULL, NULL };
	const char *why[2] = { NULL, NULL };
	static const int from[2] = { FEEDBACK_STATUS, FEEDBACK_STAGE };

	if (w->v[FEEDBACK_STATUS] == NULL && w->v[FEEDBACK_STAGE] == NULL) {
		stage_reject(&s->st, r, "no status: the outcome (%s) is "
		    "needed", outcome_names(s->t.ot));
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		const char *v = w->v[from[i]];
		size_t n = w->n[from[i]];
		if (v == NULL)
			continue;
		if ((o[i] = outcome_value(s->t.ot, v, n, &why[i])) == NULL) {
			stage_reject(&s->st, r, "%s '%.*s' is not one of %s, "
			    "nor a value of outcomes.tsv", in_fields[from[i]],
			    (int)n, v, outcome_names(s->t.ot));
			return -1;
		}
	}
	int k = o[0] == NULL || (o[1] != NULL && rank(o[1]) > rank(o[0]));
	if (o[0] != NULL && o[1] != NULL && rank(o[0]) == 2 &&
	    rank(o[1]) == 2 && o[0] != o[1]) {
		stage_reject(&s->st, r, "status '%.*s' (%s) and stage '%.*s' "
		    "(%s) disagree", (int)w->n[FEEDBACK_STATUS],
		    w->v[FEEDBACK_STATUS], o[0]->name, (int)w->n[FEEDBACK_STAGE],
		    w->v[FEEDBACK_STAGE], o[1]->name);
		return -1;
	}
	w->o = o[k];
	w->given = w->v[from[k]];
	w->ngiven = w->n[from[k]];
	*reason = why[k];
	return 0;
}

/* read_date: the outcome's date v[0..n), its order --date-order, else
 * the profile's, else the value's own (date.h); 0, or -1 after rejecting
 * r: a date that could be read either way is never guessed. */
static int
read_date(feedback_stage *s, rec *r, const char *v, size_t n, time_t *at)
{
	date_order o = s->date_order;
	const char *pd;

	if (o == DATE_ORDER_NONE && s->prof != NULL &&
	    (pd = profile_date_order(s->prof)) != NULL)
		(void)date_order_parse(pd, &o);
	switch (date_parse_order(v, n, o, at)) {
	case DATE_DAY:
	case DATE_TIME:
		return 0;
	case DATE_AMBIGUOUS:
		stage_reject(&s->st, r, "date '%.*s' is ambiguous (month or "
		    "day first?): give --date-order mdy or dmy", (int)n, v);
		return -1;
	case DATE_BAD:
		break;
	}
	stage_reject(&s->st, r, "date '%.*s' is not a date (YYYY-MM-DD, an "
	    "ISO 8601 time, or as --date-order%s says)", (int)n, v,
	    o != s->date_order ? " or the profile" : "");
	return -1;
}

/* check_row: the fields of r, its outcome, reason, date and amount; 0,
 * or -1 after rejecting it. */
static int
check_row(feedback_stage *s, rec *r, row *w)
{
	const char *v, *why = NULL, *cat;
	size_t n;

	memset(w, 0, sizeof *w);
	w->amount = NAN;
	read_fields(s, r, w);
	if (pick_outcome(s, r, w, &why) != 0)
		return -1;
	if ((v = w->v[FEEDBACK_REASON]) != NULL) {
		n = w->n[FEEDBACK_REASON];
		if ((w->cat = lifecycle_category_find(s->t.lc, category_key(
		    &s->key, v, n))) == NULL) {
			if (!outcome_reason(s->t.ot, v, n, &cat)) {
				stage_reject(&s->st, r, "reason '%.*s' is not "
				    "one of %s, nor a reason of outcomes.tsv",
				    (int)n, v, lifecycle_category_names(
				    s->t.lc));
				return -1;
			}
			if (cat != NULL)
				w->cat = lifecycle_category_find(s->t.lc, cat);
			else {
				w->note = v;
				w->nnote = n;
			}
		}
	}
	/* the value's own reason ("Bad Timing"), when the row gives none */
	if (w->cat == NULL && w->note == NULL && why != NULL)
		w->cat = lifecycle_category_find(s->t.lc, why);
	w->at = s->t.as_of;
	if ((v = w->v[FEEDBACK_DATE]) != NULL) {
		n = w->n[FEEDBACK_DATE];
		if (read_date(s, r, v, n, &w->at) != 0)
			return -1;
		if (w->at > s->t.as_of) {
			stage_reject(&s->st, r, "date %.*s is after the run's "
			    "--as-of", (int)n, v);
			return -1;
		}
	}
	if ((v = w->v[FEEDBACK_AMOUNT]) != NULL &&
	    (num_parse(v, w->n[FEEDBACK_AMOUNT], &w->amount) != 0 ||
	    !(w->amount >= 0) || isinf(w->amount))) {
		stage_reject(&s->st, r, "amount '%.*s' is not a number >= 0",
		    (int)w->n[FEEDBACK_AMOUNT], v);
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

/* load_lead: the lead called id from leads into ld; false if none. */
static bool
load_lead(feedback_stage *s, const char *id, size_t n, lead *ld)
{
	ledger *l = s->t.l;
	sqlite3_stmt *st = ledger_stmt(l, "SELECT " LEAD_COLUMNS " FROM leads "
	    "WHERE id = ?");

	ledger_bind_textn(l, st, 1, id, n);
	if (ledger_step(l, st) == SQLITE_ROW)
		lead_copy(st, ld);
	sqlite3_reset(st);
	return ld->id != NULL;
}

/* The keys a row may name its lead by, in the order they are tried. */
static const struct {
	int field;
	const char *kind, *what;	/* lead_keys.kind; in a message */
	const char *match;		/* feedback_match */
} keys[] = {
	{ FEEDBACK_ID, LEDGER_KEY_ID, "id", "merged_id" },
	{ FEEDBACK_SOURCE_ID, LEDGER_KEY_SOURCE_ID, "source_id", "source_id" },
	{ FEEDBACK_EMAIL, LEDGER_KEY_EMAIL, "e-mail", "email" },
};

/*
 * find_lead: the lead w names: by its id (a lead's own, then one merged
 * into it), else its source id (of source_system when the row gives
 * one), else any e-mail address it has had.  The first key that finds a
 * lead decides; a key that more than one lead has rejects the row (which
 * one is meant is not guessed).  *match says how it was found.  0, or -1
 * after rejecting r.
 */
static int
find_lead(feedback_stage *s, rec *r, const row *w, lead *ld,
    const char **match)
{
	ledger *l = s->t.l;
	sbuf *tried = &s->why;
	size_t nk = sizeof keys / sizeof *keys;

	memset(ld, 0, sizeof *ld);
	sbuf_reset(tried);
	for (size_t i = 0; i < nk; i++) {
		const char *v = w->v[keys[i].field];
		size_t n = w->n[keys[i].field];
		if (v == NULL)
			continue;
		if (keys[i].field == FEEDBACK_ID && load_lead(s, v, n, ld)) {
			*match = "id";
			return 0;
		}
		const char *sys = keys[i].field == FEEDBACK_SOURCE_ID &&
		    w->v[FEEDBACK_SOURCE_SYSTEM] != NULL ? rec_strdup(r,
		    w->v[FEEDBACK_SOURCE_SYSTEM], w->n[FEEDBACK_SOURCE_SYSTEM]) :
		    NULL;
		size_t found = ledger_keys_find(l, keys[i].kind, v, n, sys,
		    &s->first, &s->list);
		if (found > 1) {
			stage_reject(&s->st, r, "%zu leads have %s %s%.*s%s "
			    "(%s%s): give the id%s", found, keys[i].what,
			    keys[i].field == FEEDBACK_EMAIL ? "" : "'", (int)n,
			    v, keys[i].field == FEEDBACK_EMAIL ? "" : "'",
			    s->list.p, found > 5 ? ", ..." : "",
			    keys[i].field == FEEDBACK_SOURCE_ID && sys == NULL ?
			    " or the source_system (--source-system)" : "");
			return -1;
		}
		if (found == 1 && load_lead(s, s->first.p, s->first.n, ld)) {
			*match = keys[i].match;
			if (keys[i].field == FEEDBACK_EMAIL) {
				/* the lead's address now, or one it had */
				sbuf_reset(&s->key);
				if (email_norm(&s->key, v, n) != 0)
					sbuf_add(&s->key, v, n);
				if (ld->email == NULL ||
				    strcasecmp(ld->email, s->key.p) != 0)
					*match = "other_email";
			}
			return 0;
		}
		sbuf_addf(tried, "%s%s %s%.*s%s", tried->n > 0 ? " or " : "",
		    keys[i].what, keys[i].field == FEEDBACK_EMAIL ? "" : "'",
		    (int)n, v, keys[i].field == FEEDBACK_EMAIL ? "" : "'");
		if (sys != NULL)
			sbuf_addf(tried, " of %s", sys);
	}
	if (tried->n == 0)
		stage_reject(&s->st, r, "no id, source_id or email: which lead "
		    "is it?");
	else
		stage_reject(&s->st, r, "no lead has %s in %s", tried->p,
		    ledger_file(l));
	return -1;
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
	else if (w->note != NULL)
		sbuf_addf(b, " ('%.*s')", (int)w->nnote, w->note);
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
	else if (lifecycle_has_role(s->t.lc, m->to, LIFECYCLE_ROLE_WORKING) ||
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
	const char *match = NULL;

	if (check_row(s, r, &w) != 0 || find_lead(s, r, &w, &ld, &match) != 0)
		goto done;
	if (ledger_record_read(s->out, ld.record, &s->why) != 0) {
		stage_reject(&s->st, r, "the ledger's record of lead %s is "
		    "not a JSON object: %s", ld.id, s->why.p);
		goto done;
	}
	s->out->file = r->file;
	s->out->line = r->line;
	if (outcome_stage(w.o, w.cat) == NULL) {
		/* open: sales has not worked it; the lead as it is */
		sbuf_reset(&s->note);
		sbuf_addf(&s->note, "%s: nothing to record ('%.*s')",
		    w.o->name, (int)w.ngiven, w.given);
		rec_set_text(s->out, "status_was", NULL);
		rec_set_text(s->out, "status_note", s->note.p);
	} else if (recorded(s, &w, ld.id)) {
		rec_set_text(s->out, "status_was", NULL);
		rec_set_text(s->out, "status_note", "already recorded");
	} else {
		if (decide(s, r, &w, &ld, &m) != 0)
			goto done;
		/* m.was may point into ld, which outlives its use */
		apply(s, &ld, &w, &m);
	}
	rec_set_text(s->out, "feedback_match", match);
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
	sbuf_free(&s->first);
	sbuf_free(&s->list);
	sbuf_free(&s->fold);
	sbuf_free(&s->hdr);
	free(s->to);
	colmap_free(s->fbmap);
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
	s->nurture = lifecycle_role_stage(s->t.lc, LIFECYCLE_ROLE_NURTURE);
	s->map = o->map;
	s->date_order = o->date_order;
	s->source_system = o->source_system;
	s->out = rec_new();
	s->fbmap = colmap_new();
	char *err = NULL;
	if (colmap_load(s->fbmap, cli_share_path(&s->tmp, "feedback.map"),
	    &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err);
	return &s->st;
}
