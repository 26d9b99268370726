/* undo.c - lead-dedupe --undo as a stage: the leads before lead-dedupe */
#include "dedupe/undo.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "dedupe/dedupe.h"
#include "dedupe/survive.h"
#include "io/input.h"
#include "io/jscan.h"

/* One element of a merged_leads array, in the record's memory. */
typedef struct span {
	const char *p;
	size_t n;
} span;

typedef struct undo_stage {
	stage st;
	rec *out;
	sbuf why;
	span *el;		/* the elements of one merged_leads */
	size_t n, cap;
	bool objects;		/* every element so far is an object */
} undo_stage;

/* element: a jscan_member_fn noting each element of the array. */
static int
element(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	undo_stage *u = ctx;

	(void)name;
	(void)nlen;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->el = xreallocarray(u->el, u->cap, sizeof *u->el);
	}
	u->el[u->n++] = (span){ val, vlen };
	u->objects = u->objects && vlen > 0 && val[0] == '{';
	return 0;
}

/* merged: r's merged_leads as JSON text (NULL when r has none, or an
 * empty CSV cell); *n its length. */
static const char *
merged(rec *r, size_t *n)
{
	rec_field *f = rec_find(r, SURVIVE_MERGED);
	const char *s;

	if (f == NULL)
		return NULL;
	if (f->kind == REC_RAW) {
		*n = f->vlen;
		return f->v;
	}
	s = rec_field_str(r, f, n);
	return s != NULL && *n > 0 ? s : NULL;
}

static void
take(stage *st, rec *r)
{
	undo_stage *u = (undo_stage *)st;
	size_t n;
	const char *s = merged(r, &n);
	jscan_err err = { 0, NULL };

	if (s == NULL) {
		for (size_t k = 0; dedupe_annotations[k] != NULL; k++)
			if (rec_find(r, dedupe_annotations[k]) != NULL)
				rec_del(r, dedupe_annotations[k]);
		for (size_t k = 0; dedupe_merge_data[k] != NULL; k++) {
			size_t len;
			rec_field *f = rec_find(r, dedupe_merge_data[k]);
			if (f != NULL && f->kind != REC_RAW &&
			    rec_field_str(r, f, &len) != NULL && len == 0)
				rec_field_del(r, f);
		}
		stage_emit(st, r);
		return;
	}
	u->n = 0;
	u->objects = true;
	if (jscan_array(s, n, element, u, &err) != 0) {
		stage_reject(st, r, "merged_leads is no JSON array: %s at "
		    "byte %zu", err.msg != NULL ? err.msg : "?", err.pos + 1);
		return;
	}
	if (!u->objects || u->n == 0) {
		stage_reject(st, r, "merged_leads is no list of leads (JSON "
		    "objects)");
		return;
	}
	for (size_t k = 0; k < u->n; k++) {
		rec_clear(u->out);
		u->out->raw = rec_strdup(u->out, u->el[k].p, u->el[k].n);
		u->out->rawlen = u->el[k].n;
		u->out->file = r->file;
		u->out->line = r->line;
		if (input_parse_json(u->out, &u->why) != 0) {
			/* checked by jscan_array: cannot happen */
			stage_reject(st, r, "merged_leads: %s", u->why.p);
			return;
		}
		stage_emit(st, u->out);
	}
}

static void
undo_free(stage *st)
{
	undo_stage *u = (undo_stage *)st;

	rec_free(u->out);
	sbuf_free(&u->why);
	free(u->el);
	free(u);
}

static stage *undo_clone(const stage *st);

static const stage_vt undo_vt = {
	.name = "dedupe --undo", .take = take, .free = undo_free,
	.clone = undo_clone,
};

static stage *
undo_clone(const stage *st)
{
	(void)st;
	return undo_new();
}

stage *
undo_new(void)
{
	undo_stage *u = xcalloc(1, sizeof *u);

	u->st.vt = &undo_vt;
	u->out = rec_new();
	return &u->st;
}
