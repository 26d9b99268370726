/* jflat.c - webhook JSON made flat: lists unwrapped, nested values by path */
#include "io/jflat.h"

#include <string.h>

#include "base/fold.h"
#include "io/jscan.h"
#include "base/sbuf.h"

/* A value's span in the record's text. */
typedef struct span {
	const char *v;
	size_t n;
} span;

/* What a list holds: its length, and its first element. */
typedef struct list {
	size_t n;
	span first;
} list;

static int
count_elem(void *ctx, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	list *l = ctx;

	(void)name;
	(void)nlen;
	if (l->n++ == 0)
		l->first = (span){ v, vlen };
	return 0;
}

/* trim: s[0..*n) without white space around it (values from jscan have
 * none; list elements may). */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && strchr(" \t\r\n", s[0]) != NULL) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n", s[*n - 1]) != NULL)
		(*n)--;
	return s;
}

typedef struct flat {
	rec *r;
	size_t budget;		/* columns the record may still gain */
	sbuf name;		/* the path being built */
	sbuf tmp;
} flat;

static void flatten(flat *fl, const char *v, size_t n, int depth);

/* emit: a member called fl->name with the JSON text v[0..n), renamed
 * name_2, name_3... when the name is taken. */
static void
emit(flat *fl, const char *v, size_t n)
{
	const char *name = sbuf_str(&fl->name);

	if (rec_find(fl->r, name) != NULL || fl->name.n == 0) {
		for (unsigned k = 2;; k++) {
			sbuf_reset(&fl->tmp);
			sbuf_addf(&fl->tmp, "%s_%u", name, k);
			if (rec_find(fl->r, sbuf_str(&fl->tmp)) == NULL)
				break;
		}
		name = sbuf_str(&fl->tmp);
	}
	rec_append_raw(fl->r, name, v, n);
	if (fl->budget > 0)
		fl->budget--;
}

/* A field_data entry: {"name": "...", "values": [...]}. */
typedef struct entry {
	span name, values;
	int other;		/* members besides those two */
} entry;

static int
entry_member(void *ctx, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	entry *e = ctx;

	if (nlen == 6 && memcmp(name, "\"name\"", 6) == 0 && v[0] == '"')
		e->name = (span){ v, vlen };
	else if (nlen == 8 && memcmp(name, "\"values\"", 8) == 0)
		e->values = (span){ v, vlen };
	else
		e->other++;
	return 0;
}

static int
check_entry(void *ctx, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	entry e = { { NULL, 0 }, { NULL, 0 }, 0 };

	(void)ctx;
	(void)name;
	(void)nlen;
	v = trim(v, &vlen);
	if (vlen == 0 || v[0] != '{' ||
	    jscan_object(v, vlen, entry_member, &e, NULL) != 0 ||
	    e.name.v == NULL || e.values.v == NULL)
		return 1;
	return 0;
}

typedef struct entries {
	flat *fl;
	int depth;
} entries;

static int
take_entry(void *ctx, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	entries *es = ctx;
	entry e = { { NULL, 0 }, { NULL, 0 }, 0 };

	(void)name;
	(void)nlen;
	v = trim(v, &vlen);
	jscan_object(v, vlen, entry_member, &e, NULL);
	sbuf_reset(&es->fl->name);
	jscan_unescape(&es->fl->name, e.name.v, e.name.n);
	flatten(es->fl, e.values.v, e.values.n, es->depth + 1);
	return 0;
}

/* is_field_data: the path ends in "field_data". */
static bool
is_field_data(const sbuf *name)
{
	static const char fd[] = "field_data";
	size_t k = sizeof fd - 1;

	return name->n >= k && memcmp(name->p + name->n - k, fd, k) == 0 &&
	    (name->n == k || name->p[name->n - k - 1] == '.');
}

typedef struct members {
	flat *fl;
	size_t len;		/* of the path before the member's name */
	int depth;
} members;

static int
take_member(void *ctx, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	members *m = ctx;

	m->fl->name.n = m->len;
	sbuf_addc(&m->fl->name, '.');
	jscan_unescape(&m->fl->name, name, nlen);
	flatten(m->fl, v, vlen, m->depth + 1);
	return 0;
}

/* flatten: the value v[0..n) (checked JSON) under the path in fl->name. */
static void
flatten(flat *fl, const char *v, size_t n, int depth)
{
	list l = { 0, { NULL, 0 } };

	v = trim(v, &n);
	if (n == 0 || depth > JFLAT_DEPTH || (v[0] != '[' && v[0] != '{')) {
		emit(fl, v, n);
		return;
	}
	if (v[0] == '[') {
		jscan_array(v, n, count_elem, &l, NULL);
		if (l.n == 0) {
			emit(fl, "null", 4);
		} else if (l.n == 1) {
			flatten(fl, l.first.v, l.first.n, depth + 1);
		} else if (l.n > fl->budget) {
			emit(fl, v, n);
		} else if (is_field_data(&fl->name) &&
		    jscan_array(v, n, check_entry, NULL, NULL) == 0) {
			entries es = { fl, depth };
			jscan_array(v, n, take_entry, &es, NULL);
		} else {
			emit(fl, v, n);
		}
		return;
	}
	jscan_object(v, n, count_elem, &l, NULL);
	if (l.n == 0) {
		emit(fl, "null", 4);
		return;
	}
	if (l.n > fl->budget) {		/* too many to look each up */
		emit(fl, v, n);
		return;
	}
	members m = { fl, fl->name.n, depth };
	jscan_object(v, n, take_member, &m, NULL);
}

/* changes: flattening the value v[0..n) called name changes something. */
static bool
changes(const char *name, const char *v, size_t n)
{
	list l = { 0, { NULL, 0 } };

	if (v[0] == '{')
		return true;
	if (strcmp(name, "field_data") == 0)
		return true;
	jscan_array(v, n, count_elem, &l, NULL);
	return l.n < 2;
}

static bool
kept(const char *name, const char *const *keep)
{
	for (; keep != NULL && *keep != NULL; keep++)
		if (strcmp(*keep, name) == 0)
			return true;
	return false;
}

size_t
jflat_record(rec *r, const char *const *keep)
{
	size_t n = r->n, done = 0;
	flat fl = { r, JFLAT_COLUMNS, SBUF_INIT, SBUF_INIT };

	for (size_t i = 0; i < n; i++) {
		rec_field *f = &r->f[i];	/* r->f moves as members come */
		if (f->kind != REC_RAW || f->vlen == 0 ||
		    (f->v[0] != '[' && f->v[0] != '{') || kept(f->name, keep) ||
		    !changes(f->name, f->v, f->vlen))
			continue;
		const char *v = f->v;	/* reader or arena memory: stays */
		size_t vlen = f->vlen;
		sbuf_reset(&fl.name);
		sbuf_add(&fl.name, f->name, f->nlen);
		rec_field_del(r, f);
		flatten(&fl, v, vlen, 0);
		done++;
	}
	sbuf_free(&fl.name);
	sbuf_free(&fl.tmp);
	return done;
}

/* Objects whose members are the lead's own fields, folded (fold_alnum). */
static const char *const containers[] = {
	"address", "answers", "attributes", "body", "contact", "customer",
	"data", "fields", "formdata", "lead", "location", "payload",
	"person", "profile", "properties", "prospect", "submission",
};

static bool
is_container(const char *key, size_t n)
{
	for (size_t i = 0; i < sizeof containers / sizeof *containers; i++)
		if (strlen(containers[i]) == n && memcmp(containers[i], key, n) == 0)
			return true;
	return false;
}

size_t
jflat_leaf(const char *name, size_t n)
{
	const char *dot, *start = name;
	sbuf key = SBUF_INIT;

	while ((dot = memchr(start, '.', n - (size_t)(start - name))) != NULL) {
		sbuf_reset(&key);
		fold_alnum(&key, start, (size_t)(dot - start));
		if (!is_container(sbuf_str(&key), key.n))
			break;
		start = dot + 1;
	}
	sbuf_free(&key);
	return start < name + n ? (size_t)(start - name) : 0;
}
