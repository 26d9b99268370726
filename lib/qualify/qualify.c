/* qualify.c - lead-qualify as a stage */
#include "qualify/qualify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "value/date.h"
#include "qualify/definition.h"
#include "io/jscan.h"
#include "lead/lifecycle.h"
#include "rules/rules.h"
#include "base/xmem.h"

static const char *const qualify_fields[] = {
	"status", "qualify_reason", "status_was", "status_note",
	"dq_category", "recycle_after", "handoff", "suppress", NULL
};
/* The same, by their places there (their rec_names in the stage). */
enum {
	Q_STATUS, Q_REASON, Q_WAS, Q_NOTE, Q_DQ, Q_RECYCLE, Q_HANDOFF,
	Q_SUPPRESS, Q_COUNT
};

typedef struct qualify_stage {
	stage st;
	rec_name key[Q_COUNT];	/* qualify_fields, hashed once */
	lifecycle *lc;		/* the original owns them; clones borrow */
	definition *def;
	bool owner;
	definition_ctx *ctx;
	time_t as_of;
	bool *met;
	sbuf buf, note, kept;
	/* qualify_reason's strings that are the same lead after lead, as
	 * JSON: each criterion met and unmet (",\"met budget_ok\""), and
	 * the statements that decided (by their text's address) */
	char **met_json, **unmet_json;
	struct said {
		const char *rule;
		char *json;
	} *said;
	size_t nsaid;
	/* --summary */
	unsigned long long leads, *by_status, *unmet;
} qualify_stage;

/* load: the lifecycle tables and the definition, or NULL with the message
 * in err. */
static definition *
load(const char *name, lifecycle **lc, sbuf *err)
{
	sbuf stages = SBUF_INIT, cats = SBUF_INIT, path = SBUF_INIT;
	definition *d = NULL;

	*lc = lifecycle_load(cli_share_path(&stages, "lifecycle.tsv"),
	    cli_share_path(&cats, "dq-categories.tsv"), err);
	if (*lc != NULL &&
	    lifecycle_role_stage(*lc, LIFECYCLE_ROLE_REVIEW) == NULL) {
		/* where a lead goes when no statement applies */
		sbuf_reset(err);
		sbuf_addf(err, "%s: no stage review", stages.p);
		lifecycle_free(*lc);
		*lc = NULL;
	}
	if (*lc != NULL &&
	    (d = definition_load(rules_path(&path, name, "definitions"), *lc,
	    err)) == NULL) {
		lifecycle_free(*lc);
		*lc = NULL;
	}
	sbuf_free(&stages);
	sbuf_free(&cats);
	sbuf_free(&path);
	return d;
}

int
qualify_check(const qualify_opts *o)
{
	sbuf err = SBUF_INIT;
	lifecycle *lc;
	definition *d = load(o->rules, &lc, &err);
	int status = LK_EXIT_OK;

	if (d == NULL) {
		cli_warn("%s", err.p);
		status = LK_EXIT_DATA;
	}
	definition_free(d);
	lifecycle_free(lc);
	sbuf_free(&err);
	return status;
}

/* criterion_json: ",\"met NAME\"" (or unmet), NAME escaped. */
static char *
criterion_json(const char *name, bool met)
{
	sbuf b = SBUF_INIT;

	sbuf_adds(&b, met ? ",\"met " : ",\"unmet ");
	size_t at = b.n;
	jscan_escape(&b, name, strlen(name));
	/* drop the quotes jscan_escape put around the name */
	memmove(b.p + at, b.p + at + 1, b.n - at - 1);
	b.n--;
	b.p[b.n] = '\0';
	return b.p;
}

/* said_json: the statement text rule as a JSON string, escaped once. */
static const char *
said_json(qualify_stage *q, const char *rule)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < q->nsaid; i++)
		if (q->said[i].rule == rule)
			return q->said[i].json;
	jscan_escape(&b, rule, strlen(rule));
	q->said = xreallocarray(q->said, q->nsaid + 1, sizeof *q->said);
	q->said[q->nsaid] = (struct said){ rule, b.p };
	return q->said[q->nsaid++].json;
}

/* reasons: qualify_reason: what decided, then each criterion met or not. */
static void
reasons(qualify_stage *q, rec *r, const definition_result *res,
    const char *kept)
{
	size_t n;
	sbuf *b = &q->buf;

	definition_criteria(q->def, &n);
	sbuf_reset(b);
	sbuf_addc(b, '[');
	if (kept != NULL)
		jscan_escape(b, kept, strlen(kept));
	else
		sbuf_adds(b, said_json(q, res->rule));
	for (size_t i = 0; i < n; i++)
		sbuf_adds(b, q->met[i] ? q->met_json[i] : q->unmet_json[i]);
	sbuf_addc(b, ']');
	rec_set_raw_name(r, &q->key[Q_REASON], b->p, b->n);
}

/* The outcome of a move: the status now, the one before when it changed,
 * and a note on a move back, a refused one or an unknown old status. */
typedef struct outcome {
	const char *status;	/* a stage (lives as long as the lifecycle) */
	char *was;		/* allocated, or NULL */
	const char *note;	/* in q->note, or NULL */
	bool refused;		/* the decided status was not taken */
	const char *kept;	/* the CRM's stage was kept: why, in q->kept
				 * (qualify_reason's first string); or NULL */
} outcome;

/* KEPT: how qualify_reason begins when the CRM's stage was kept. */
#define KEPT "kept: "

/* from_crm: r's status is the CRM's (or sales' through lead-feedback),
 * not one an earlier run of lead-qualify decided: r has no
 * qualify_reason, or its first string says the CRM's stage was kept. */
static bool
from_crm(qualify_stage *q, rec *r)
{
	rec_field *f = rec_find_name(r, &q->key[Q_REASON]);
	json_t *j = f != NULL ? rec_field_json(r, f) : NULL;
	const char *s = NULL;

	if (j == NULL || json_is_null(j))
		return true;
	if (json_is_array(j))
		j = json_array_get(j, 0);
	if (json_is_string(j))
		s = json_string_value(j);
	/* CSV: the array as JSON text */
	if (s != NULL && strncmp(s, "[\"", 2) == 0)
		s += 2;
	return s != NULL && strncmp(s, KEPT, strlen(KEPT)) == 0;
}

/* keep: the CRM's stage old stays; why says what the definition would
 * have done. */
static void
keep(qualify_stage *q, rec *r, const char *old, const char *why,
    const definition_result *res)
{
	size_t n;
	const char *sys = rec_get(r, "source_system", &n);

	sbuf_reset(&q->kept);
	sbuf_addf(&q->kept, KEPT "%s in the CRM", old);
	if (sys != NULL && n > 0)
		sbuf_addf(&q->kept, " (%s)", sys);
	sbuf_addf(&q->kept, ", %s", why);
	if (!res->fallback)
		sbuf_addf(&q->kept, " (%s)", res->rule);
}

/* move: from the previous status to the decided one, as the lifecycle
 * allows.  A stage from the CRM (from_crm) is where the lead starts: it
 * moves forward from it, but is never moved back, and is kept when no
 * statement applies (review is for leads nothing places). */
static outcome
move(qualify_stage *q, rec *r, const definition_result *res)
{
	size_t n;
	const char *old = rec_get_name(r, &q->key[Q_STATUS], &n);
	const char *to = res->status, *was = NULL, *note = NULL, *kept = NULL;
	const char *why = res->category != NULL ? res->category->meaning :
	    res->because;
	sbuf *b = &q->note;

	sbuf_reset(b);
	if (old != NULL && n > 0 && lifecycle_stage(q->lc, old, n) == NULL) {
		sbuf_addf(b, "previous status '%s' is not a stage; replaced",
		    old);
		note = b->p;
		was = old;
	} else if (old != NULL && n > 0 &&
	    strcmp(old = lifecycle_stage(q->lc, old, n), to) != 0) {
		bool crm = from_crm(q, r);
		lifecycle_move kind = lifecycle_move_kind(q->lc, old, to);
		if (crm && res->fallback) {
			keep(q, r, old, "no statement of the definition "
			    "applies", res);
			kept = q->kept.p;
			to = old;
		} else if (crm && kind == LIFECYCLE_BACK) {
			sbuf_addf(b, "refused %s -> %s: %s is the CRM's stage; "
			    "a move back is for sales (lead-feedback)", old,
			    to, old);
			note = b->p;
			sbuf_reset(&q->buf);
			sbuf_addf(&q->buf, "not moved back to %s", to);
			keep(q, r, old, q->buf.p, res);
			kept = q->kept.p;
			to = old;
		} else switch (kind) {
		case LIFECYCLE_FORWARD:
			was = old;
			break;
		case LIFECYCLE_BACK:
			if (why != NULL) {
				was = old;
				sbuf_addf(b, "back %s -> %s: %s", old, to, why);
			} else {
				sbuf_addf(b, "refused %s -> %s: a move back "
				    "needs a reason (because \"...\")", old,
				    to);
				to = old;
			}
			note = b->p;
			break;
		case LIFECYCLE_REFUSED:
			sbuf_addf(b, "refused %s -> %s: the lifecycle has no "
			    "such move", old, to);
			note = b->p;
			if (crm) {
				sbuf_reset(&q->buf);
				sbuf_addf(&q->buf, "no move to %s", to);
				keep(q, r, old, q->buf.p, res);
				kept = q->kept.p;
			}
			to = old;
			break;
		}
	}
	/* old points into r, which the setters change: copy */
	return (outcome){ lifecycle_stage(q->lc, to, strlen(to)),
	    was != NULL ? xstrdup(was) : NULL, note, to != res->status, kept };
}

/* consequences: dq_category and what its category entails.  When the
 * move was refused only a suppression holds (a do-not-call is never lost);
 * a won customer is not recycled or handed off. */
/* set_text: field k of r is the string s, or JSON null when s is NULL
 * (rec_set_text, for a rec_name). */
static void
set_text(rec *r, const rec_name *k, const char *s)
{
	if (s != NULL)
		rec_set_str_name(r, k, s, strlen(s));
	else
		rec_set_raw_name(r, k, "null", 4);
}

static void
consequences(qualify_stage *q, rec *r, const definition_result *res,
    bool refused)
{
	const lifecycle_category *c = res->category;

	if (refused && c != NULL && c->effect != LIFECYCLE_SUPPRESS)
		c = NULL;
	set_text(r, &q->key[Q_DQ], c != NULL ? c->name : NULL);
	sbuf_reset(&q->buf);
	if (c != NULL && c->effect == LIFECYCLE_RECYCLE)
		date_format_day(&q->buf, q->as_of + (time_t)res->recycle);
	set_text(r, &q->key[Q_RECYCLE], q->buf.n > 0 ? q->buf.p : NULL);
	set_text(r, &q->key[Q_HANDOFF], c != NULL &&
	    c->effect == LIFECYCLE_HANDOFF ? c->handoff : NULL);
	if (c != NULL && c->effect == LIFECYCLE_SUPPRESS)
		rec_set_raw_name(r, &q->key[Q_SUPPRESS], "true", 4);
	else
		rec_set_raw_name(r, &q->key[Q_SUPPRESS], "null", 4);
}

static void
count(qualify_stage *q, const char *status)
{
	size_t n, nc;
	const char *const *st = lifecycle_stages(q->lc, &n);

	definition_criteria(q->def, &nc);
	q->leads++;
	for (size_t i = 0; i < n; i++)
		if (st[i] == status)
			q->by_status[i]++;
	for (size_t i = 0; i < nc; i++)
		q->unmet[i] += !q->met[i];
}

static void
take(stage *st, rec *r)
{
	qualify_stage *q = (qualify_stage *)st;
	definition_result res;

	definition_decide(q->ctx, r, &res, q->met);
	outcome o = move(q, r, &res);
	set_text(r, &q->key[Q_STATUS], o.status);
	reasons(q, r, &res, o.kept);
	set_text(r, &q->key[Q_WAS], o.was);
	set_text(r, &q->key[Q_NOTE], o.note);
	free(o.was);
	consequences(q, r, &res, o.refused);
	if (q->by_status != NULL)
		count(q, o.status);
	stage_emit(st, r);
}

/* A line of the summary. */
typedef struct ranked {
	const char *name;
	unsigned long long n;
} ranked;

static int
by_count(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* rank: the names with their counts, largest first (ties in table
 * order), as lines "name count share"; zero counts only if zeros. */
static void
rank(const char *title, const char *what, const char *const *names,
    const unsigned long long *counts, size_t n, unsigned long long all,
    bool zeros)
{
	ranked *v = xcalloc(n + 1, sizeof *v);

	for (size_t i = 0; i < n; i++)
		v[i] = (ranked){ names[i], counts[i] };
	/* insertion sort: stable, so ties keep the table order */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && by_count(&v[j - 1], &v[j]) > 0; j--) {
			ranked t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	fprintf(stderr, "  %-16s %10s %7s\n", title, what, "share");
	for (size_t i = 0; i < n; i++)
		if (v[i].n > 0 || zeros)
			fprintf(stderr, "  %-16s %10llu %6.1f%%\n", v[i].name,
			    v[i].n, all > 0 ? 100.0 * (double)v[i].n /
			    (double)all : 0.0);
	free(v);
}

/* summary: --summary's report: leads by status, then criteria by how
 * often they were not met. */
static void
summary(stage *st)
{
	qualify_stage *q = (qualify_stage *)st;
	size_t n, nc;
	const char *const *stages = lifecycle_stages(q->lc, &n);
	const char *const *crit = definition_criteria(q->def, &nc);

	fprintf(stderr, "%s: summary: %llu lead%s\n", cli_progname(), q->leads,
	    q->leads == 1 ? "" : "s");
	rank("status", "leads", stages, q->by_status, n, q->leads, false);
	if (nc > 0)
		rank("criterion", "unmet", crit, q->unmet, nc, q->leads, true);
}

static void
qualify_free(stage *st)
{
	qualify_stage *q = (qualify_stage *)st;

	definition_ctx_free(q->ctx);
	if (q->owner) {
		definition_free(q->def);
		lifecycle_free(q->lc);
	}
	free(q->met);
	for (size_t i = 0; q->met_json != NULL && q->met_json[i] != NULL; i++) {
		free(q->met_json[i]);
		free(q->unmet_json[i]);
	}
	free(q->met_json);
	free(q->unmet_json);
	for (size_t i = 0; i < q->nsaid; i++)
		free(q->said[i].json);
	free(q->said);
	free(q->by_status);
	free(q->unmet);
	sbuf_free(&q->buf);
	sbuf_free(&q->note);
	sbuf_free(&q->kept);
	free(q);
}

static qualify_stage *
instance(lifecycle *lc, definition *def, time_t as_of)
{
	qualify_stage *q = xcalloc(1, sizeof *q);
	size_t n;

	q->lc = lc;
	q->def = def;
	q->as_of = as_of;
	q->ctx = definition_ctx_new(def, as_of);
	for (int i = 0; i < Q_COUNT; i++)
		rec_name_init(&q->key[i], qualify_fields[i],
		    strlen(qualify_fields[i]));
	const char *const *names = definition_criteria(def, &n);
	q->met = xcalloc(n + 1, sizeof *q->met);
	q->met_json = xcalloc(n + 1, sizeof *q->met_json);
	q->unmet_json = xcalloc(n + 1, sizeof *q->unmet_json);
	for (size_t i = 0; i < n; i++) {
		q->met_json[i] = criterion_json(names[i], true);
		q->unmet_json[i] = criterion_json(names[i], false);
	}
	return q;
}

static stage *
qualify_clone(const stage *st)
{
	const qualify_stage *o = (const qualify_stage *)st;
	qualify_stage *q = instance(o->lc, o->def, o->as_of);

	q->st.vt = o->st.vt;
	return &q->st;
}

static const stage_vt qualify_vt = {
	.name = "qualify",
	.take = take,
	.free = qualify_free,
	.clone = qualify_clone,
};

static const stage_vt summary_vt = {
	.name = "qualify --summary",
	.take = take,
	.finish = summary,
	.free = qualify_free,
};

stage *
qualify_new(const qualify_opts *o)
{
	sbuf err = SBUF_INIT;
	lifecycle *lc;
	definition *def = load(o->rules, &lc, &err);

	if (def == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&err);
	qualify_stage *q = instance(lc, def, o->as_of);
	q->owner = true;
	q->st.vt = o->summary ? &summary_vt : &qualify_vt;
	q->st.fields = qualify_fields;
	if (o->summary) {
		size_t n, nc;
		lifecycle_stages(lc, &n);
		definition_criteria(def, &nc);
		q->by_status = xcalloc(n + 1, sizeof *q->by_status);
		q->unmet = xcalloc(nc + 1, sizeof *q->unmet);
	}
	return &q->st;
}
