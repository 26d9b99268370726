/* crmout.c - leads written in the import layout of a CRM (--to) */
#include "lead/crmout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/strset.h"
#include "base/xmem.h"
#include "io/cli.h"
#include "lead/profile.h"
#include "lead/profout.h"
#include "lead/valmap.h"
#include "value/country.h"

/* The most values without a form that are named on standard error. */
#define CRMOUT_TELL 20

typedef struct crmout {
	stage st;
	char *name;
	char *label;			/* "lead-score --to hubspot" */
	profile_set *ps;
	const profile *p;
	const profout *out, *shared;
	country_table *countries;	/* for to-country name */
	strmap *columns;		/* column names of the layout */
	const char **fields;		/* st.fields */
	size_t nfields;
	char **owned;			/* leadkit_NAME names in fields */
	size_t nowned;
	rec *rec;			/* the record emitted */
	bool *used;			/* per field of the record taken */
	size_t cap;
	strset *told;			/* "column\tvalue" said already */
	size_t ntold;
	sbuf tmp, scratch;
} crmout;

/* list: the profiles with a layout, for a usage error. */
static void
list(sbuf *b, const profile_set *ps)
{
	for (size_t i = 0; i < profile_set_count(ps); i++) {
		const profile *p = profile_set_at(ps, i);
		if (!profout_layout(profile_out(p)))
			continue;
		sbuf_addf(b, "%s%s", b->n > 0 ? ", " : "", profile_name(p));
	}
}

static void
add_field(crmout *l, const char *name)
{
	for (size_t i = 0; i < l->nfields; i++)
		if (strcmp(l->fields[i], name) == 0)
			return;
	l->fields = xreallocarray(l->fields, l->nfields + 2,
	    sizeof *l->fields);
	l->fields[l->nfields++] = name;
	l->fields[l->nfields] = NULL;
}

/* kept_name: the name field name[0..n) not in the layout is written as. */
static const char *
kept_name(crmout *l, const char *name, size_t n, sbuf *buf)
{
	void *v;

	if (!strmap_get(l->columns, name, n, &v))
		return name;
	sbuf_reset(buf);
	sbuf_adds(buf, "leadkit_");
	sbuf_add(buf, name, n);
	return buf->p;
}

/* layout_col: the column of the layout for field name, or NULL. */
static const profout_col *
layout_col(const crmout *l, const char *name)
{
	for (size_t i = 0; i < profout_count(l->out); i++) {
		const profout_col *c = profout_get(l->out, i);
		if (strcmp(c->field, name) == 0)
			return c;
	}
	return NULL;
}

/* declare: the header's columns: the layout's, then the declared fields
 * as they are written (strings kept by the stage). */
static void
declare(crmout *l, const char *const *declared)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < profout_count(l->out); i++) {
		const profout_col *c = profout_get(l->out, i);
		if (c->column != NULL)
			add_field(l, c->column);
	}
	for (const char *const *d = declared; d != NULL && *d != NULL; d++) {
		const profout_col *c = layout_col(l, *d);
		if (c != NULL && c->column != NULL)
			continue;	/* there already */
		const char *n = c != NULL ? *d : kept_name(l, *d, strlen(*d),
		    &b);
		if (n == b.p) {	/* leadkit_NAME: kept as long as the stage */
			l->owned = xreallocarray(l->owned, l->nowned + 1,
			    sizeof *l->owned);
			n = l->owned[l->nowned++] = xstrdup(n);
		}
		add_field(l, n);
	}
	sbuf_free(&b);
}

/* tell: say once that value v of column has no form in the layout. */
static void
tell(crmout *l, const char *column, const char *v, size_t n)
{
	sbuf_reset(&l->tmp);
	sbuf_addf(&l->tmp, "%s\t%.*s", column, (int)n, v);
	if (!strset_add(l->told, l->tmp.p, l->tmp.n) ||
	    l->ntold++ >= CRMOUT_TELL)
		return;
	cli_warn("--to %s: \"%.*s\" has no form in %s's column \"%s\"; "
	    "written as it is", l->name, (int)n, v, profile_name(l->p),
	    column);
}

/* digits: s[0..n) are digits. */
static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* date_form: v, one of leadkit's dates (YYYY-MM-DD, or
 * YYYY-MM-DDTHH:MM:SSZ in UTC), in the layout's form into out.  False
 * when v is neither or the layout has no form for it. */
static bool
date_form(const crmout *l, const char *v, size_t n, sbuf *out)
{
	struct tm tm;
	const char *fmt;
	char buf[128];

	memset(&tm, 0, sizeof tm);
	if ((n != 10 && n != 20) || !digits(v, 4) || v[4] != '-' ||
	    !digits(v + 5, 2) || v[7] != '-' || !digits(v + 8, 2))
		return false;
	if (n == 20 && (v[10] != 'T' || !digits(v + 11, 2) || v[13] != ':' ||
	    !digits(v + 14, 2) || v[16] != ':' || !digits(v + 17, 2) ||
	    v[19] != 'Z'))
		return false;
	fmt = n == 10 ? profout_day(l->out) : profout_time(l->out);
	if (fmt == NULL)
		return false;
	tm.tm_year = atoi(v) - 1900;
	tm.tm_mon = atoi(v + 5) - 1;
	tm.tm_mday = atoi(v + 8);
	if (n == 20) {
		tm.tm_hour = atoi(v + 11);
		tm.tm_min = atoi(v + 14);
		tm.tm_sec = atoi(v + 17);
	}
	size_t len = strftime(buf, sizeof buf, fmt, &tm);
	if (len == 0)
		return false;
	sbuf_reset(out);
	sbuf_add(out, buf, len);
	return true;
}

/* from_here: r came from this CRM (its source_system is the profile's
 * system, or it has none): its crm_status is this CRM's word. */
static bool
from_here(const crmout *l, rec *r)
{
	size_t n;
	const char *s = rec_get(r, "source_system", &n);
	const char *sys = profile_system(l->p);

	return s == NULL || n == 0 || (sys != NULL && strlen(sys) == n &&
	    memcmp(sys, s, n) == 0);
}

/* put_value: field f of r written as column c's value (c NULL: a field
 * the layout does not name, written as it is). */
static void
put_value(crmout *l, rec *r, rec_field *f, const profout_col *c,
    const char *name)
{
	size_t n, kn;
	const char *v = rec_field_str(r, f, &n), *k, *form;

	if (c == NULL || v == NULL || n == 0)
		goto as_is;	/* no field of the layout, or no value */
	if (c->map != NULL) {
		/* the CRM's own word (crm_status, of a lead from this CRM),
		 * if it still means what f holds: first if the column takes it (a HubSpot lead
		 * status is no lifecycle stage, though one map reads both),
		 * else after the forms of the column, then said */
		const char *keep = c->in != NULL ? valmap_keep(c->in) : NULL;
		bool same = keep != NULL && from_here(l, r) &&
		    (k = rec_get(r, keep, &kn)) != NULL && kn > 0 &&
		    (form = valmap_lookup(c->in, k, kn, &l->scratch)) != NULL &&
		    strlen(form) == n && memcmp(form, v, n) == 0;
		if (same && (strcmp(c->map, valmap_name(c->in)) == 0 ||
		    profout_is_form(l->out, l->shared, c->map, k, kn))) {
			rec_append_str(l->rec, name, k, kn);
			return;
		}
		if ((form = profout_form(l->out, l->shared, c->map, v, n)) !=
		    NULL) {
			rec_append_str(l->rec, name, form, strlen(form));
			return;
		}
		if (c->told || (c->vm != NULL && valmap_strict(c->vm)))
			tell(l, name, same ? k : v, same ? kn : n);
		if (same) {
			rec_append_str(l->rec, name, k, kn);
			return;
		}
		goto as_is;
	}
	if (f->kind == REC_RAW && profout_true(l->out) != NULL &&
	    ((f->vlen == 4 && memcmp(f->v, "true", 4) == 0) ||
	    (f->vlen == 5 && memcmp(f->v, "false", 5) == 0))) {
		/* a JSON boolean, not a string that starts like one */
		form = v[0] == 't' ? profout_true(l->out) :
		    profout_false(l->out);
		rec_append_str(l->rec, name, form, strlen(form));
		return;
	}
	if (strcmp(c->field, "country") == 0 && l->countries != NULL &&
	    n == 2) {
		char a2[3] = { v[0], v[1], '\0' };
		const country *ct = country_by_alpha2(l->countries, a2);
		if (ct != NULL) {
			rec_append_str(l->rec, name, ct->name,
			    strlen(ct->name));
			return;
		}
	}
	if (date_form(l, v, n, &l->tmp)) {
		rec_append_str(l->rec, name, l->tmp.p, l->tmp.n);
		return;
	}
as_is:
	switch (f->kind) {
	case REC_STR:
		rec_append_str(l->rec, name, f->v, f->vlen);
		break;
	case REC_RAW:
		rec_append_raw(l->rec, name, f->v, f->vlen);
		break;
	case REC_JSON: {
		char *t = json_dumps(f->j, JSON_COMPACT | JSON_ENCODE_ANY);
		rec_append_raw(l->rec, name, t != NULL ? t : "null",
		    t != NULL ? strlen(t) : 4);
		free(t);
		break;
	}
	case REC_DEL:
		break;
	}
}

static void
crm_take(stage *st, rec *r)
{
	crmout *l = (crmout *)st;
	sbuf name = SBUF_INIT;

	if (r->n > l->cap) {
		l->cap = r->n;
		l->used = xreallocarray(l->used, l->cap, sizeof *l->used);
	}
	memset(l->used, 0, r->n * sizeof *l->used);
	rec_clear(l->rec);
	l->rec->file = r->file;
	l->rec->line = r->line;
	for (size_t i = 0; i < profout_count(l->out); i++) {
		const profout_col *c = profout_get(l->out, i);
		rec_field *f = rec_find(r, c->field);
		if (f == NULL || f->kind == REC_DEL)
			continue;
		/* another system's record id is none of this CRM's: it
		 * keeps its name, and the CRM makes a new record */
		if (strcmp(c->field, "source_id") == 0 && !from_here(l, r))
			continue;
		l->used[f - r->f] = true;
		put_value(l, r, f, c, c->column != NULL ? c->column :
		    c->field);
	}
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		if (l->used[i] || f->kind == REC_DEL)
			continue;
		put_value(l, r, f, NULL, kept_name(l, f->name, f->nlen,
		    &name));
	}
	sbuf_free(&name);
	stage_emit(st, l->rec);
}

static void
crm_free(stage *st)
{
	crmout *l = (crmout *)st;

	for (size_t i = 0; i < l->nowned; i++)
		free(l->owned[i]);
	free(l->owned);
	strmap_free(l->columns);
	free(l->fields);
	free(l->used);
	rec_free(l->rec);
	strset_free(l->told);
	country_table_free(l->countries);
	profile_set_free(l->ps);
	sbuf_free(&l->tmp);
	sbuf_free(&l->scratch);
	free(l->name);
	free(l->label);
	free(l);
}

static const stage_vt crm_vt = {
	.name = "crmout",
	.take = crm_take,
	.free = crm_free,
};

stage *
crmout_stage(const char *name, const char *const *declared)
{
	crmout *l = xcalloc(1, sizeof *l);
	sbuf b = SBUF_INIT;
	char *err;

	l->st.vt = &crm_vt;
	l->name = xstrdup(name);
	sbuf_addf(&b, "%s --to %s", cli_progname(), name);
	l->label = xstrdup(b.p);
	l->st.label = l->label;
	cli_share_path(&b, "columns.map");
	b.n -= strlen("/columns.map");
	b.p[b.n] = '\0';
	if ((l->ps = profile_set_load(b.p, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err);
	l->p = profile_set_find(l->ps, name);
	if (l->p == NULL || !profout_layout(profile_out(l->p))) {
		char msg[512];	/* freed all before the exit: no leak */
		sbuf_reset(&b);
		list(&b, l->ps);
		snprintf(msg, sizeof msg, "--to: no layout \"%s\" (there are: "
		    "%s)", name, sbuf_str(&b));
		sbuf_free(&b);
		profile_set_free(l->ps);
		free(l->name);
		free(l->label);
		free(l);
		cli_usage_error("%s", msg);
	}
	l->out = profile_out(l->p);
	l->shared = profile_set_shared_out(l->ps);
	if (profout_country_names(l->out) &&
	    (l->countries = country_table_load(cli_share_path(&b,
	    "countries.tsv"), &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err);
	l->columns = strmap_new();
	for (size_t i = 0; i < profout_count(l->out); i++) {
		const profout_col *c = profout_get(l->out, i);
		if (c->column != NULL)
			strmap_put(l->columns, c->column, strlen(c->column),
			    (void *)c->column);
	}
	declare(l, declared);
	l->st.fields = l->fields;
	l->rec = rec_new();
	l->told = strset_new();
	sbuf_free(&b);
	return &l->st;
}
