/* eval.c - testing records against compiled conditions
 *
 * Each field a rules file names has a slot, and its name's hash is made
 * once (rec_name).  A slot's field is looked up in a record the first time
 * a test reads it, and its value converted (folded, read as a number, a
 * date, a boolean) at most once per record, on first use: fields no test
 * reads cost nothing.  Events are read once per record, when a test first
 * needs them.
 */
#include "rules/compiled.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "base/fold.h"
#include "io/jscan.h"
#include "value/num.h"
#include "base/xmem.h"

enum { HAVE_FOLD = 1, HAVE_NUM = 2, HAVE_DATE = 4, HAVE_BOOL = 8 };

/* A value being tested: a field's, an event's, or a count. */
typedef struct cell {
	unsigned gen;		/* a slot's cell is current when ev->gen */
	unsigned char have;	/* conversions done */
	bool missing;
	bool array;		/* s is a JSON array's text */
	rec_field *f;		/* a field's: for arrays */
	const char *s;		/* the value as text */
	size_t n;
	const char *fs;		/* folded */
	size_t fn;
	double num;
	bool num_ok;
	time_t t;
	bool t_ok;
	int b;			/* 1, 0, or -1: not a boolean */
	sbuf fbuf, dbuf;	/* room for folded and decoded text */
} cell;

struct rules_eval {
	const rules *ru;
	time_t as_of;
	rec *r;
	unsigned gen;		/* a slot's cell is read when its gen is */
	rec_field *base_f;	/* r->f when the cells were read: they
				 * point in */
	cell *cells;		/* one a slot */
	cell **stack;		/* cells for events and counts, by depth */
	size_t sp, nstack;
	/* events */
	unsigned long long *memo;	/* per definition: gen * 2 + result */
	uint64_t *deps;		/* per definition: the slots it reads, a bit
				 * each, in ndw words */
	size_t ndw;
	/* what rules_eval_refresh made of its last names (a program passes
	 * the same ones for every record): their slots, and the definitions
	 * that read them */
	const char **rf_names;
	size_t rf_n;
	unsigned *rf_slots;
	size_t rf_nslots;
	bool *rf_stale;
	bool ev_loaded;
	rules_event *ev;
	size_t nev, evcap;
	size_t *evoff;		/* type offsets in evbuf, then folded ones */
	size_t *evfn;		/* the folded types' lengths (strlen) */
	sbuf evbuf, evkey, tmp;
	pcre2_match_data *md;
};

/* add_deps: set in bits the slots c reads, with those of the events
 * when it tests them (count(), event). */
static void
add_deps(const rules *ru, const rules_cond *c, uint64_t *bits);

static void
operand_deps(const rules *ru, const rules_operand *o, uint64_t *bits)
{
	switch (o->kind) {
	case RO_FIELD:
		bits[o->slot / 64] |= 1ULL << (o->slot % 64);
		break;
	case RO_COUNT:
		add_deps(ru, o->count, bits);
		/* fall through */
	case RO_EVENT:
	case RO_EVENT_KEY:
		bits[ru->events_slot / 64] |= 1ULL << (ru->events_slot % 64);
		bits[ru->last_slot / 64] |= 1ULL << (ru->last_slot % 64);
		break;
	default:
		break;
	}
}

static void
add_deps(const rules *ru, const rules_cond *c, uint64_t *bits)
{
	switch (c->op) {
	case RC_AND:
	case RC_OR:
		add_deps(ru, c->a, bits);
		add_deps(ru, c->b, bits);
		break;
	case RC_NOT:
		add_deps(ru, c->a, bits);
		break;
	case RC_OF:
		for (size_t i = 0; i < c->nkids; i++)
			add_deps(ru, c->kids[i], bits);
		break;
	case RC_TEST:
		operand_deps(ru, &c->l, bits);
		operand_deps(ru, &c->r, bits);
		for (size_t i = 0; i < c->nlist; i++)
			operand_deps(ru, &c->list[i], bits);
		break;
	}
}

rules_eval *
rules_eval_new(const rules *ru, time_t as_of)
{
	rules_eval *ev = xcalloc(1, sizeof *ev);

	ev->ru = ru;
	ev->as_of = as_of;
	ev->cells = xcalloc(ru->nslots + 1, sizeof *ev->cells);
	ev->gen = 1;
	ev->memo = xcalloc(ru->nmemo + 1, sizeof *ev->memo);
	ev->ndw = (ru->nslots + 63) / 64;
	ev->deps = xcalloc((ru->nmemo + 1) * ev->ndw + 1, sizeof *ev->deps);
	for (const rules_cond *c = ru->all; c != NULL; c = c->all_next)
		if (c->memo != 0)
			add_deps(ru, c, ev->deps + c->memo * ev->ndw);
	ev->md = pcre2_match_data_create(1, NULL);
	if (ev->md == NULL)
		xmalloc(SIZE_MAX);	/* dies: out of memory */
	return ev;
}

static void
cell_free(cell *c)
{
	sbuf_free(&c->fbuf);
	sbuf_free(&c->dbuf);
}

void
rules_eval_free(rules_eval *ev)
{
	if (ev == NULL)
		return;
	for (unsigned i = 0; i < ev->ru->nslots; i++)
		cell_free(&ev->cells[i]);
	for (size_t i = 0; i < ev->nstack; i++) {
		cell_free(ev->stack[i]);
		free(ev->stack[i]);
	}
	free(ev->stack);
	free(ev->cells);
	free(ev->memo);
	free(ev->deps);
	free(ev->rf_names);
	free(ev->rf_slots);
	free(ev->rf_stale);
	free(ev->ev);
	free(ev->evoff);
	free(ev->evfn);
	sbuf_free(&ev->evbuf);
	sbuf_free(&ev->evkey);
	sbuf_free(&ev->tmp);
	pcre2_match_data_free(ev->md);
	free(ev);
}

/* next_gen: every cell and kept result out of date. */
static void
next_gen(rules_eval *ev)
{
	if (++ev->gen == 0) {	/* wrapped: no old gen may look current */
		for (unsigned i = 0; i < ev->ru->nslots; i++)
			ev->cells[i].gen = 0;
		memset(ev->memo, 0, (ev->ru->nmemo + 1) * sizeof *ev->memo);
		ev->gen = 1;
	}
}

void
rules_eval_start(rules_eval *ev, rec *r)
{
	ev->r = r;
	ev->base_f = r->f;
	next_gen(ev);
	ev->ev_loaded = false;
}

time_t
rules_as_of(const rules_eval *ev)
{
	return ev->as_of;
}

/* ---- values ---- */

static void
cell_reset(cell *c)
{
	c->have = 0;
	c->missing = true;
	c->array = false;
	c->f = NULL;
	c->s = NULL;
	c->n = 0;
}

/* cell_text: c holds s[0..n). */
static void
cell_text(cell *c, const char *s, size_t n)
{
	c->s = s;
	c->n = n;
	c->missing = n == 0;
}

/* cell_field: c holds field f of r. */
static void
cell_field(cell *c, rec *r, rec_field *f)
{
	size_t n;
	const char *s;

	cell_reset(c);
	c->f = f;
	if (f->kind == REC_RAW && (f->v[0] == '[' || f->v[0] == '{')) {
		/* an array or object: present unless empty */
		size_t i = 1;
		while (i < f->vlen && (f->v[i] == ' ' || f->v[i] == '\t'))
			i++;
		cell_text(c, f->v, f->vlen);
		c->array = f->v[0] == '[';
		c->missing = c->array && f->v[i] == ']';
		return;
	}
	if (f->kind == REC_JSON && (json_is_array(f->j) ||
	    json_is_object(f->j))) {
		c->s = "";
		c->missing = json_is_array(f->j) && json_array_size(f->j) == 0;
		return;
	}
	if ((s = rec_field_str(r, f, &n)) != NULL)
		cell_text(c, s, n);
}

/* cell_raw: c holds the JSON value v[0..n) (a member of an event). */
static void
cell_raw(cell *c, const char *v, size_t n)
{
	cell_reset(c);
	if (v[0] == '"') {
		sbuf_reset(&c->dbuf);
		jscan_unescape(&c->dbuf, v, n);
		cell_text(c, c->dbuf.p, c->dbuf.n);
	} else if (v[0] != 'n') {
		cell_text(c, v, n);
		c->array = v[0] == '[';
		c->missing = c->array && v[1] == ']';
	}
}

/* plain_lower: s[0..n) is ASCII without capitals: case-folded as it is. */
static bool
plain_lower(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (unsigned char)s[i] < 0x80 &&
	    !(s[i] >= 'A' && s[i] <= 'Z'))
		i++;
	return i == n;
}

static const char *
cell_fold(cell *c, size_t *n)
{
	if (!(c->have & HAVE_FOLD)) {
		c->have |= HAVE_FOLD;
		if (c->s == NULL && !c->missing) {	/* a count */
			sbuf_reset(&c->dbuf);
			sbuf_addf(&c->dbuf, "%.15g", c->num);
			cell_text(c, c->dbuf.p, c->dbuf.n);
		}
		if (plain_lower(c->s, c->n)) {	/* nothing to fold */
			c->fs = c->s;
			c->fn = c->n;
		} else {
			sbuf_reset(&c->fbuf);
			fold_case(&c->fbuf, c->s, c->n);
			c->fs = c->fbuf.p;
			c->fn = c->fbuf.n;
		}
	}
	*n = c->fn;
	return c->fs;
}

/* whole: s[0..n) is a whole number of at most 15 digits, with or without
 * a '-': *v gets it, exact, as strtod reads it (-0 too), for less. */
static bool
whole(const char *s, size_t n, double *v)
{
	size_t i = n > 0 && s[0] == '-';
	unsigned long long u = 0;

	if (n == i || n - i > 15)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		u = u * 10 + (unsigned)(s[i] - '0');
	}
	*v = s[0] == '-' ? -(double)u : (double)u;
	return true;
}

/* cell_num: a JSON number as it is; text as people write numbers
 * (num_parse: "1.200" is 1200, "1,5" is 1.5, "50k"). */
static bool
cell_num(cell *c, double *v)
{
	if (!(c->have & HAVE_NUM)) {
		c->have |= HAVE_NUM;
		c->num_ok = false;
		if (c->f != NULL && c->f->kind == REC_RAW &&
		    (c->f->v[0] == '-' || (c->f->v[0] >= '0' &&
		    c->f->v[0] <= '9'))) {
			char *end;
			if (whole(c->s, c->n, &c->num)) {
				c->num_ok = true;
			} else {
				c->num = strtod(c->s, &end);
				c->num_ok = end == c->s + c->n;
			}
		} else if (c->n > 0) {
			c->num_ok = num_parse(c->s, c->n, &c->num) == 0;
		}
	}
	*v = c->num;
	return c->num_ok;
}

static bool
cell_date(cell *c, time_t *t)
{
	if (!(c->have & HAVE_DATE)) {
		c->have |= HAVE_DATE;
		c->t_ok = c->n > 0 &&
		    date_parse(c->s, c->n, false, &c->t) != DATE_BAD;
	}
	*t = c->t;
	return c->t_ok;
}

static int
cell_bool(cell *c)
{
	if (!(c->have & HAVE_BOOL)) {
		c->have |= HAVE_BOOL;
		c->b = c->n > 0 ? num_bool(c->s, c->n) : -1;
	}
	return c->b;
}

/* slot_read: the cell of slot, its field looked up in this record (the
 * first of that name, as rec_find finds it). */
static __attribute__((noinline)) cell *
slot_read(rules_eval *ev, unsigned slot)
{
	cell *c = &ev->cells[slot];
	rec_field *f = rec_find_name(ev->r, &ev->ru->slot_keys[slot]);

	c->gen = ev->gen;
	if (f != NULL)
		cell_field(c, ev->r, f);
	else
		cell_reset(c);	/* not in this record */
	return c;
}

/* slot_cell: the cell of slot, read on first use in this record. */
static inline cell *
slot_cell(rules_eval *ev, unsigned slot)
{
	cell *c = &ev->cells[slot];

	return c->gen == ev->gen ? c : slot_read(ev, slot);
}

/* refresh_plan: what a refresh of names[0..n) reads again, unless it is
 * made already: the slots named, and the definitions that read them. */
static void
refresh_plan(rules_eval *ev, const char *const *names, size_t n)
{
	const rules *ru = ev->ru;
	bool same = ev->rf_names != NULL && ev->rf_n == n;

	for (size_t k = 0; same && k < n; k++)
		same = ev->rf_names[k] == names[k];
	if (same)
		return;
	ev->rf_names = xreallocarray(ev->rf_names, n + 1,
	    sizeof *ev->rf_names);
	ev->rf_slots = xreallocarray(ev->rf_slots, n + 1,
	    sizeof *ev->rf_slots);
	if (ev->rf_stale == NULL)
		ev->rf_stale = xcalloc(ru->nmemo + 1, sizeof *ev->rf_stale);
	uint64_t *fresh = xcalloc(ev->ndw + 1, sizeof *fresh);
	ev->rf_n = n;
	ev->rf_nslots = 0;
	for (size_t k = 0; k < n; k++) {
		void *v;
		ev->rf_names[k] = names[k];
		if (!strmap_get(ru->slots, names[k], strlen(names[k]), &v))
			continue;
		size_t slot = (size_t)v - 1;
		ev->rf_slots[ev->rf_nslots++] = (unsigned)slot;
		fresh[slot / 64] |= 1ULL << (slot % 64);
	}
	for (unsigned m = 1; m <= ru->nmemo; m++) {
		const uint64_t *d = ev->deps + m * ev->ndw;
		ev->rf_stale[m] = false;
		for (size_t w = 0; w < ev->ndw; w++)
			ev->rf_stale[m] |= (d[w] & fresh[w]) != 0;
	}
	free(fresh);
}

void
rules_eval_refresh(rules_eval *ev, const char *const *names, size_t n)
{
	unsigned old = ev->gen;
	bool moved = ev->r->f != ev->base_f;

	next_gen(ev);
	ev->base_f = ev->r->f;
	if (old + 1 != ev->gen)
		return;		/* wrapped: everything is read again */
	refresh_plan(ev, names, n);
	/* the cells of the other fields stay, unless the record's fields
	 * moved (a cell points at its field): then all are read again */
	if (!moved)
		for (unsigned i = 0; i < ev->ru->nslots; i++)
			if (ev->cells[i].gen == old)
				ev->cells[i].gen = ev->gen;
	for (size_t k = 0; k < ev->rf_nslots; k++)
		ev->cells[ev->rf_slots[k]].gen = 0;	/* read again */
	/* so are the definitions that read them; the others' results stay */
	for (unsigned m = 1; m <= ev->ru->nmemo; m++)
		if (ev->memo[m] >> 1 == old && !ev->rf_stale[m])
			ev->memo[m] = (unsigned long long)ev->gen << 1 |
			    (ev->memo[m] & 1);
}

static cell *
push(rules_eval *ev)
{
	if (ev->sp == ev->nstack) {
		ev->stack = xreallocarray(ev->stack, ev->nstack + 1,
		    sizeof *ev->stack);
		ev->stack[ev->nstack++] = xcalloc(1, sizeof(cell));
	}
	cell *c = ev->stack[ev->sp++];
	cell_reset(c);
	return c;
}

/* ---- events ---- */

typedef struct event_scan {
	const char *type, *at;
	size_t tlen, alen;
} event_scan;

static int
event_member(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	event_scan *es = ctx;

	if (nlen == 6 && memcmp(name, "\"type\"", 6) == 0 && val[0] == '"') {
		es->type = val;
		es->tlen = vlen;
	} else if (nlen == 4 && memcmp(name, "\"at\"", 4) == 0) {
		es->at = val;
		es->alen = vlen;
	}
	return 0;
}

/* add_event: one more event, with its type (plain text) and time. */
static void
add_event(rules_eval *ev, const char *type, size_t tlen, bool json_type,
    const char *at, size_t alen, double mult, const char *obj, size_t olen)
{
	time_t t = 0;
	bool dated = false;

	if (at != NULL && alen > 0) {
		if (at[0] == '"') {
			sbuf_reset(&ev->tmp);
			jscan_unescape(&ev->tmp, at, alen);
			at = ev->tmp.p;
			alen = ev->tmp.n;
		}
		dated = date_parse(at, alen, false, &t) != DATE_BAD;
		if (dated && t > ev->as_of)
			return;		/* not yet happened */
	}
	if (ev->nev == ev->evcap) {
		ev->evcap = ev->evcap ? 2 * ev->evcap : 16;
		ev->ev = xreallocarray(ev->ev, ev->evcap, sizeof *ev->ev);
		ev->evoff = xreallocarray(ev->evoff, ev->evcap,
		    2 * sizeof *ev->evoff);
		ev->evfn = xreallocarray(ev->evfn, ev->evcap,
		    sizeof *ev->evfn);
	}
	rules_event *e = &ev->ev[ev->nev];
	ev->evoff[2 * ev->nev] = ev->evbuf.n;
	if (json_type)
		jscan_unescape(&ev->evbuf, type, tlen);
	else
		sbuf_add(&ev->evbuf, type, tlen);
	size_t start = ev->evoff[2 * ev->nev];
	size_t plain = ev->evbuf.n - start;
	sbuf_addc(&ev->evbuf, '\0');
	ev->evoff[2 * ev->nev + 1] = ev->evbuf.n;
	sbuf_reset(&ev->tmp);
	if (plain_lower(ev->evbuf.p + start, plain))	/* folded already */
		sbuf_add(&ev->tmp, ev->evbuf.p + start, plain);
	else
		fold_case(&ev->tmp, ev->evbuf.p + start, plain);
	sbuf_add(&ev->evbuf, ev->tmp.p, ev->tmp.n);
	sbuf_addc(&ev->evbuf, '\0');
	ev->evfn[ev->nev] = strlen(ev->evbuf.p + ev->evoff[2 * ev->nev + 1]);
	e->at = t;
	e->dated = dated;
	e->mult = mult;
	e->obj = obj;
	e->objlen = olen;
	ev->nev++;
}

/* plain_string: the JSON string at s (its opening quote) ends before end
 * and has no escape: its length with the quotes, else 0. */
static size_t
plain_string(const char *s, const char *end)
{
	const char *q = memchr(s + 1, '"', (size_t)(end - s - 1));

	if (q == NULL || memchr(s + 1, '\\', (size_t)(q - s - 1)) != NULL)
		return 0;
	return (size_t)(q - s) + 1;
}

/* plain_event: the event v[0..n) (valid JSON: jscan_array checked it) is
 * exactly {"type":"...","at":"..."} with no escape in either string (as
 * lead-import writes them): es gets what event_member would make of it,
 * without the general scan. */
static bool
plain_event(const char *v, size_t n, event_scan *es)
{
	static const char type[] = "{\"type\":", at[] = ",\"at\":";
	const char *end = v + n, *t = v + sizeof type - 1, *a;
	size_t tlen, alen;

	if (n <= sizeof type - 1 || memcmp(v, type, sizeof type - 1) != 0 ||
	    *t != '"' || (tlen = plain_string(t, end)) == 0)
		return false;
	a = t + tlen + sizeof at - 1;
	if (a >= end || memcmp(t + tlen, at, sizeof at - 1) != 0 ||
	    *a != '"' || (alen = plain_string(a, end)) == 0 ||
	    a + alen + 1 != end || a[alen] != '}')
		return false;
	*es = (event_scan){ t, a, tlen, alen };
	return true;
}

static int
event_element(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	rules_eval *ev = ctx;
	event_scan es = { 0 };

	(void)name;
	(void)nlen;
	if (val[0] != '{')
		return 0;
	if (!plain_event(val, vlen, &es) && (jscan_object(val, vlen,
	    event_member, &es, NULL) != 0 || es.type == NULL))
		return 0;
	add_event(ev, es.type, es.tlen, true, es.at, es.alen, 1, val, vlen);
	return 0;
}

/* count_columns: CSV's n_<type> counts, all at last_activity_at. */
static void
count_columns(rules_eval *ev)
{
	rec *r = ev->r;
	cell *last = slot_cell(ev, ev->ru->last_slot);
	const char *at = last->missing ? NULL : last->s;
	size_t alen = last->n;

	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		cell c = { 0 };
		double v;
		if (f->kind == REC_DEL || f->nlen <= 2 ||
		    memcmp(f->name, "n_", 2) != 0)
			continue;
		cell_field(&c, r, f);
		if (!c.missing && cell_num(&c, &v) && v > 0)
			add_event(ev, f->name + 2, f->nlen - 2, false, at,
			    alen, v, NULL, 0);
		cell_free(&c);
	}
}

static void
load_events(rules_eval *ev)
{
	rec *r = ev->r;
	rec_field *f = slot_cell(ev, ev->ru->events_slot)->f;

	ev->ev_loaded = true;
	ev->nev = 0;
	sbuf_reset(&ev->evbuf);
	if (f == NULL) {
		count_columns(ev);
	} else if (f->kind == REC_JSON && json_is_array(f->j)) {
		char *text = json_dumps(f->j, JSON_COMPACT);
		if (text != NULL) {
			/* a stage's own value: no line to point into */
			const char *kept = rec_strdup(r, text, strlen(text));
			jscan_array(kept, strlen(kept), event_element, ev, NULL);
			free(text);
		}
	} else {
		size_t n;
		const char *s = f->kind == REC_RAW ? f->v : rec_field_str(r, f,
		    &n);
		if (f->kind == REC_RAW)
			n = f->vlen;
		if (s != NULL && n > 0 && s[0] == '[')
			jscan_array(s, n, event_element, ev, NULL);
	}
	for (size_t i = 0; i < ev->nev; i++)
		ev->ev[i].type = ev->evbuf.p + ev->evoff[2 * i];
}

const rules_event *
rules_events(rules_eval *ev, size_t *n)
{
	if (!ev->ev_loaded)
		load_events(ev);
	*n = ev->nev;
	return ev->ev;
}

/* event_cell: c holds what o names in event i. */
typedef struct key_scan {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
} key_scan;

static int
key_member(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	key_scan *ks = ctx;

	if (nlen == ks->klen + 2 && memcmp(name + 1, ks->key, ks->klen) == 0) {
		ks->val = val;
		ks->vlen = vlen;
		return 1;
	}
	return 0;
}

static void
event_cell(rules_eval *ev, cell *c, const rules_operand *o, long i)
{
	if (i < 0)
		return;		/* no event: missing */
	const rules_event *e = &ev->ev[i];
	if (o->kind == RO_EVENT) {
		size_t off = ev->evoff[2 * i + 1];
		cell_text(c, e->type, off - ev->evoff[2 * i] - 1);
		c->fs = ev->evbuf.p + off;
		c->fn = ev->evfn[i];
		c->have |= HAVE_FOLD;
		return;
	}
	key_scan ks = { o->key, strlen(o->key), NULL, 0 };
	if (e->obj != NULL)
		jscan_object(e->obj, e->objlen, key_member, &ks, NULL);
	if (ks.val != NULL)
		cell_raw(c, ks.val, ks.vlen);
}

/* ---- tests ---- */

/* absent: the record has no such field, or it is JSON null (missing is
 * also true for "" and []: a field that is there, but empty). */
static bool
absent(const cell *c)
{
	const rec_field *f = c->f;

	if (f == NULL)
		return true;
	if (f->kind == REC_JSON)
		return f->j == NULL || json_is_null(f->j);
	return f->kind == REC_RAW && f->vlen == 4 &&
	    memcmp(f->v, "null", 4) == 0;
}

static bool match(rules_eval *ev, const rules_cond *c, long evi);

static double
count(rules_eval *ev, const rules_cond *c)
{
	size_t n;
	double sum = 0;

	rules_events(ev, &n);
	for (size_t i = 0; i < n; i++)
		if (match(ev, c, (long)i))
			sum += ev->ev[i].mult;
	return sum;
}

/* pushed: a cell of the stack for o, an event's or a count's value (kept
 * out of operand, which the fields and literals take). */
static __attribute__((noinline)) cell *
pushed(rules_eval *ev, const rules_operand *o, long evi)
{
	cell *c;

	if (o->kind == RO_COUNT) {
		double v = count(ev, o->count);
		c = push(ev);
		c->missing = false;	/* text only if asked (cell_fold) */
		c->num = v;
		c->num_ok = true;
		c->have |= HAVE_NUM;
		return c;
	}
	c = push(ev);
	event_cell(ev, c, o, evi);
	return c;
}

/* operand: o's value for event evi (-1: none); NULL for a literal. */
static inline cell *
operand(rules_eval *ev, const rules_operand *o, long evi)
{
	switch (o->kind) {
	case RO_FIELD:
		return slot_cell(ev, o->slot);
	case RO_EVENT:
	case RO_EVENT_KEY:
	case RO_COUNT:
		return pushed(ev, o, evi);
	default:
		return NULL;	/* a literal */
	}
}

static int
cmp_num(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_str(const char *a, size_t an, const char *b, size_t bn)
{
	int d = memcmp(a, b, an < bn ? an : bn);

	return d != 0 ? (d < 0 ? -1 : 1) : an < bn ? -1 : an > bn;
}

/* order: compare l with the literal or value r; false when l cannot be
 * read as r's type. */
static bool
order(cell *l, const rules_operand *r, cell *rc, int *d)
{
	double a, b;
	time_t t;
	size_t ln, rn;
	const char *ls;

	switch (r->kind) {
	case RO_NUM:
		if (!cell_num(l, &a))
			return false;
		*d = cmp_num(a, r->num);
		return true;
	case RO_STR:
		ls = cell_fold(l, &ln);
		*d = cmp_str(ls, ln, r->str, r->len);
		return true;
	case RO_DATE:
		if (!cell_date(l, &t))
			return false;
		*d = t < r->t ? -1 : t > r->t;
		return true;
	case RO_BOOL:
		if (cell_bool(l) < 0)
			return false;
		*d = cell_bool(l) != (int)r->num;
		return true;
	default:		/* against another value */
		if (rc->missing)
			return false;
		if (cell_num(l, &a) && cell_num(rc, &b)) {
			*d = cmp_num(a, b);
			return true;
		}
		ls = cell_fold(l, &ln);
		const char *rs = cell_fold(rc, &rn);
		*d = cmp_str(ls, ln, rs, rn);
		return true;
	}
}

static bool
compared(rules_test t, int d)
{
	switch (t) {
	case RT_EQ:	return d == 0;
	case RT_NE:	return d != 0;
	case RT_LT:	return d < 0;
	case RT_LE:	return d <= 0;
	case RT_GT:	return d > 0;
	case RT_GE:	return d >= 0;
	default:	return false;
	}
}

static bool
in_list(cell *l, const rules_cond *c)
{
	int d;

	for (size_t i = 0; i < c->nlist; i++)
		if (order(l, &c->list[i], NULL, &d) && d == 0)
			return true;
	return false;
}

/* folded_equal: s[0..n), case-folded, is the folded literal r. */
static bool
folded_equal(rules_eval *ev, const char *s, size_t n, const rules_operand *r)
{
	if (plain_lower(s, n))	/* folded as it is */
		return n == r->len && memcmp(s, r->str, n) == 0;
	sbuf_reset(&ev->tmp);
	fold_case(&ev->tmp, s, n);
	return ev->tmp.n == r->len && memcmp(ev->tmp.p, r->str, r->len) == 0;
}

/* An element search: the folded value, and whether an element equals it. */
typedef struct element_scan {
	rules_eval *ev;
	const rules_operand *r;
	bool found;
} element_scan;

static int
element(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	element_scan *es = ctx;

	(void)name;
	(void)nlen;
	if (val[0] != '"')
		return 0;
	sbuf_reset(&es->ev->evkey);
	jscan_unescape(&es->ev->evkey, val, vlen);
	es->found = folded_equal(es->ev, es->ev->evkey.p, es->ev->evkey.n,
	    es->r);
	return es->found;
}

/* contains: an array has an element equal to r, or text has r in it. */
static bool
contains(rules_eval *ev, cell *l, const rules_operand *r)
{
	size_t n;
	const char *s;

	if (l->array) {
		element_scan es = { ev, r, false };
		jscan_array(l->s, l->n, element, &es, NULL);
		return es.found;
	}
	if (l->f != NULL && l->f->kind == REC_JSON && json_is_array(l->f->j)) {
		json_t *e;
		size_t i;
		json_array_foreach(l->f->j, i, e)
			if (json_is_string(e) && folded_equal(ev,
			    json_string_value(e), json_string_length(e), r))
				return true;
		return false;
	}
	s = cell_fold(l, &n);
	return memmem(s, n, r->str, r->len) != NULL;
}

static bool
within(const rules_eval *ev, time_t t, double secs)
{
	return t <= ev->as_of && (double)(ev->as_of - t) <= secs;
}

/* type_test: a test of event evi's type against strings (event =
 * "download", event in ["webinar", "download"]), as test() would make it,
 * made on the folded type in place: *m gets the result.  False for any
 * other test, left to test(). */
static bool
type_test(rules_eval *ev, const rules_cond *c, long evi, bool *m)
{
	bool in = c->test == RT_IN || c->test == RT_NOT_IN;

	if (c->l.kind != RO_EVENT || evi < 0 || !(c->test == RT_EQ ||
	    c->test == RT_NE || in) || (!in && c->r.kind != RO_STR))
		return false;
	for (size_t k = 0; in && k < c->nlist; k++)
		if (c->list[k].kind != RO_STR)
			return false;
	size_t i = (size_t)evi;
	const char *fs = ev->evbuf.p + ev->evoff[2 * i + 1];
	size_t fn = ev->evfn[i];
	bool eq = false;
	if (c->windowed && (!ev->ev[i].dated ||
	    !within(ev, ev->ev[i].at, c->within))) {
		*m = false;
	} else if (ev->evoff[2 * i + 1] - ev->evoff[2 * i] == 1) {
		*m = false;	/* no type: missing */
	} else if (!in) {
		eq = fn == c->r.len && memcmp(fs, c->r.str, fn) == 0;
		*m = eq == (c->test == RT_EQ);
	} else {
		for (size_t k = 0; k < c->nlist && !eq; k++)
			eq = fn == c->list[k].len && memcmp(fs, c->list[k].str,
			    fn) == 0;
		*m = eq == (c->test == RT_IN);
	}
	return true;
}

static bool
test(rules_eval *ev, const rules_cond *c, long evi)
{
	bool m;

	if (type_test(ev, c, evi, &m))
		return m;
	cell *l = operand(ev, &c->l, evi);
	cell *rc = operand(ev, &c->r, evi);
	size_t n;
	const char *s;
	time_t t;
	int d;

	if (c->events && evi < 0)
		return false;	/* with no event, every test on events fails */
	if (c->windowed && (evi < 0 || !ev->ev[evi].dated ||
	    !within(ev, ev->ev[evi].at, c->within)))
		return false;
	if (c->test == RT_EXISTS || c->test == RT_MISSING)
		return l->missing == (c->test == RT_MISSING);
	if (c->test == RT_ABSENT)
		return absent(l);
	if (l->missing)
		return false;
	switch (c->test) {
	case RT_EQ: case RT_NE: case RT_LT: case RT_LE: case RT_GT: case RT_GE:
		return order(l, &c->r, rc, &d) && compared(c->test, d);
	case RT_IN:
		return in_list(l, c);
	case RT_NOT_IN:
		return !in_list(l, c);
	case RT_IN_SET:
	case RT_NOT_IN_SET:
		s = cell_fold(l, &n);
		return strset_has(c->set, s, n) == (c->test == RT_IN_SET);
	case RT_CONTAINS:
		return contains(ev, l, &c->r);
	case RT_STARTS:
		s = cell_fold(l, &n);
		return n >= c->r.len && memcmp(s, c->r.str, c->r.len) == 0;
	case RT_ENDS:
		s = cell_fold(l, &n);
		return n >= c->r.len && memcmp(s + n - c->r.len, c->r.str,
		    c->r.len) == 0;
	case RT_MATCH:
		/* records hold valid UTF-8 (the readers check it), as
		 * pcre2_jit_match, the JIT's fast path, needs */
		if (c->jit && l->s != NULL)	/* (a count has no text) */
			return pcre2_jit_match(c->re, (PCRE2_SPTR)l->s, l->n,
			    0, 0, ev->md, NULL) >= 0;
		return pcre2_match(c->re, (PCRE2_SPTR)l->s, l->n, 0,
		    PCRE2_NO_UTF_CHECK, ev->md, NULL) >= 0;
	case RT_WITHIN:
		if (c->l.kind == RO_EVENT)
			return true;	/* the window was checked above */
		return cell_date(l, &t) && within(ev, t, c->within);
	default:
		return false;
	}
}

static bool
match_node(rules_eval *ev, const rules_cond *c, long evi)
{
	bool m;
	size_t sp;

	switch (c->op) {
	case RC_AND:
		return match(ev, c->a, evi) && match(ev, c->b, evi);
	case RC_OR:
		return match(ev, c->a, evi) || match(ev, c->b, evi);
	case RC_NOT:
		return !match(ev, c->a, evi);
	case RC_OF: {
		size_t held = 0;
		for (size_t i = 0; i < c->nkids && held < c->least; i++)
			held += match(ev, c->kids[i], evi);
		return held >= c->least;
	}
	default:
		sp = ev->sp;
		m = test(ev, c, evi);
		ev->sp = sp;
		return m;
	}
}

/* match: c holds for event evi (-1: none); a definition's result is
 * kept for the record. */
static bool
match(rules_eval *ev, const rules_cond *c, long evi)
{
	unsigned long long *memo = &ev->memo[c->memo];

	if (c->memo == 0)
		return match_node(ev, c, evi);
	if (*memo >> 1 != ev->gen) {
		bool m = match_node(ev, c, evi);
		*memo = (unsigned long long)ev->gen << 1 | m;
	}
	return *memo & 1;
}

bool
rules_match(rules_eval *ev, const rules_cond *c)
{
	size_t n;

	if (!c->events)
		return match(ev, c, -1);
	rules_events(ev, &n);
	for (size_t i = 0; i < n; i++)
		if (match(ev, c, (long)i))
			return true;
	return match(ev, c, -1);
}

bool
rules_match_event(rules_eval *ev, const rules_cond *c, size_t i)
{
	size_t n;

	rules_events(ev, &n);
	return i < n && match(ev, c, (long)i);
}
