/* rec.c - a record: ordered named fields, decoded only when asked */
#include "io/rec.h"

#include <stdlib.h>
#include <string.h>

#include "io/jscan.h"
#include "value/num.h"
#include "base/sbuf.h"
#include "base/strset.h"
#include "base/xmem.h"

/* Arena chunks start small and double, so that a record reused for many
 * inputs settles on one chunk of the size it needs (records wait in
 * batches by the thousand: their memory adds up). */
#define REC_CHUNK_MIN 1024
#define REC_CHUNK_MAX 65536
/* What a cleared record keeps for the next: no more than a lead needs (a
 * few KiB, a few dozen fields), so that records waiting in batches do not
 * each keep what the largest record they ever held needed. */
#define REC_KEEP_BYTES 16384
#define REC_KEEP_FIELDS 256

struct rec_chunk {
	rec_chunk *next;
	size_t size, used;
	char data[];
};

rec *
rec_new(void)
{
	return xcalloc(1, sizeof(rec));
}

/* name_hash: a hash of s[0..n), never 0. */
static uint32_t
name_hash(const char *s, size_t n)
{
	unsigned long long h = strset_table_hash(s, n);
	uint32_t h32 = (uint32_t)(h ^ h >> 32);

	return h32 != 0 ? h32 : 1;
}

/* hash_of: f's name hash, made on first use. */
static uint32_t
hash_of(rec_field *f)
{
	if (f->nhash == 0)
		f->nhash = name_hash(f->name, f->nlen);
	return f->nhash;
}

/* is: f is a field called name[0..len) whose hash is h. */
static bool
is(rec_field *f, const char *name, size_t len, uint32_t h)
{
	return hash_of(f) == h && f->kind != REC_DEL && f->nlen == len &&
	    memcmp(f->name, name, len) == 0;
}

/* unindex: empty r's index (fields were removed or renamed). */
static void
unindex(rec *r)
{
	if (r->nidx > 0)
		memset(r->idx, 0, sizeof r->idx);
	r->nidx = 0;
}

/* drop_values: release the jansson values; most records have none, and
 * not walking their fields spares the cache (records wait in batches). */
static void
drop_values(rec *r)
{
	if (!r->holds_json)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].j != NULL)
			json_decref(r->f[i].j);
	r->holds_json = false;
}

void
rec_clear(rec *r)
{
	drop_values(r);
	r->n = 0;
	unindex(r);
	r->file = NULL;
	r->line = 0;
	r->raw = NULL;
	r->rawlen = 0;
	r->block = NULL;
	r->blocklen = 0;
	r->raw_is_json = false;
	r->partial = false;
	/* keep the newest chunk (the largest) if not too large, free the
	 * others */
	if (r->arena != NULL) {
		rec_chunk *c = r->arena->next;
		while (c != NULL) {
			rec_chunk *next = c->next;
			free(c);
			c = next;
		}
		r->arena->next = NULL;
		r->arena->used = 0;
		if (r->arena->size > REC_KEEP_BYTES) {
			free(r->arena);
			r->arena = NULL;
		}
	}
	if (r->cap > REC_KEEP_FIELDS) {
		free(r->f);
		r->f = NULL;
		r->cap = 0;
	}
}

void
rec_drop_fields(rec *r)
{
	drop_values(r);
	r->n = 0;
	unindex(r);
	r->raw_is_json = false;
	r->partial = false;
}

void
rec_free(rec *r)
{
	if (r == NULL)
		return;
	rec_clear(r);
	free(r->arena);
	free(r->f);
	free(r);
}

void *
rec_alloc(rec *r, size_t n)
{
	rec_chunk *c = r->arena;

	n = (n + 7) & ~(size_t)7;
	if (c == NULL || c->size - c->used < n) {
		size_t size = c == NULL ? REC_CHUNK_MIN :
		    c->size < REC_CHUNK_MAX ? c->size * 2 : c->size;
		if (size < n)
			size = n;
		rec_chunk *nc = xmalloc(sizeof *nc + size);
		nc->size = size;
		nc->used = 0;
		nc->next = c;
		r->arena = c = nc;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

char *
rec_strdup(rec *r, const char *s, size_t n)
{
	char *p = rec_alloc(r, n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * A record is looked up by name many times (a few dozen fields, each
 * stage asking for several, often for one it lacks): its fields are
 * indexed by name hash as they are first looked up, so that a lookup
 * costs a probe or two, not a walk over every field.  Of fields with one
 * name, the first is found: in the index, an earlier field comes first on
 * its probe path.
 */
static rec_field *
find(rec *r, const char *name, size_t len, uint32_t h)
{
	const size_t mask = REC_INDEX - 1;

	if (r->n > REC_INDEX / 4 * 3) {	/* too many to index */
		for (size_t i = 0; i < r->n; i++)
			if (is(&r->f[i], name, len, h))
				return &r->f[i];
		return NULL;
	}
	if (r->nidx > r->n)
		unindex(r);
	for (; r->nidx < r->n; r->nidx++) {
		size_t s = hash_of(&r->f[r->nidx]) & mask;
		while (r->idx[s] != 0)
			s = (s + 1) & mask;
		r->idx[s] = (unsigned char)(r->nidx + 1);
	}
	for (size_t s = h & mask; r->idx[s] != 0; s = (s + 1) & mask) {
		rec_field *f = &r->f[r->idx[s] - 1];
		/* is(), for a field of the index: its hash is made */
		if (f->nhash == h && f->nlen == len && f->kind != REC_DEL &&
		    memcmp(f->name, name, len) == 0)
			return f;
	}
	return NULL;
}

rec_field *
rec_find(rec *r, const char *name)
{
	size_t len = strlen(name);

	if (len == 0)
		return NULL;
	return find(r, name, len, name_hash(name, len));
}

void
rec_name_init(rec_name *k, const char *name, size_t len)
{
	k->name = name;
	k->len = len;
	k->hash = name_hash(name, len);
}

rec_field *
rec_find_name(rec *r, const rec_name *k)
{
	return find(r, k->name, k->len, k->hash);
}

const char *
rec_get_name(rec *r, const rec_name *k, size_t *len)
{
	rec_field *f = find(r, k->name, k->len, k->hash);

	return f != NULL ? rec_field_str(r, f, len) : NULL;
}

void
rec_reserve(rec *r, size_t n)
{
	if (r->cap - r->n >= n)
		return;
	r->cap = r->n + n;
	r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
}

static rec_field *
append(rec *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	rec_field *f = &r->f[r->n++];
	memset(f, 0, sizeof *f);
	return f;
}

const char *
rec_field_decode(rec *r, rec_field *f, size_t *len)
{
	size_t dummy;

	if (len == NULL)
		len = &dummy;
	switch (f->kind) {
	case REC_STR:
		*len = f->vlen;
		return f->v;
	case REC_RAW:
		if (f->str != NULL)
			break;
		if (f->v[0] == '"') {
			if (memchr(f->v, '\\', f->vlen) == NULL) {
				f->str = rec_strdup(r, f->v + 1, f->vlen - 2);
				f->slen = f->vlen - 2;
			} else {
				sbuf b = SBUF_INIT;
				jscan_unescape(&b, f->v, f->vlen);
				f->str = rec_strdup(r, sbuf_str(&b), b.n);
				f->slen = b.n;
				sbuf_free(&b);
			}
		} else if (f->v[0] == '{' || f->v[0] == '[' ||
		    f->v[0] == 'n') {
			return NULL;
		} else {
			f->str = rec_strdup(r, f->v, f->vlen);
			f->slen = f->vlen;
		}
		break;
	case REC_JSON:
		if (f->str != NULL)
			break;
		if (json_is_string(f->j)) {
			f->slen = json_string_length(f->j);
			f->str = rec_strdup(r, json_string_value(f->j), f->slen);
		} else if (json_is_number(f->j) || json_is_boolean(f->j)) {
			char *t = json_dumps(f->j, JSON_ENCODE_ANY);
			f->slen = strlen(t);
			f->str = rec_strdup(r, t, f->slen);
			free(t);
		} else {
			return NULL;
		}
		break;
	case REC_DEL:
		return NULL;
	}
	*len = f->slen;
	return f->str;
}

const char *
rec_get(rec *r, const char *name, size_t *len)
{
	rec_field *f = rec_find(r, name);

	return f != NULL ? rec_field_str(r, f, len) : NULL;
}

bool
rec_has(rec *r, const char *name)
{
	rec_field *f = rec_find(r, name);
	size_t len;

	if (f == NULL)
		return false;
	if (f->kind == REC_RAW && (f->v[0] == '{' || f->v[0] == '['))
		return true;
	if (f->kind == REC_JSON && (json_is_object(f->j) || json_is_array(f->j)))
		return true;
	return rec_field_str(r, f, &len) != NULL && len > 0;
}

json_t *
rec_field_json(rec *r, rec_field *f)
{
	switch (f->kind) {
	case REC_JSON:
		return f->j;
	case REC_RAW:
		if (f->j == NULL) {
			r->holds_json = true;
			f->j = json_loadb(f->v, f->vlen,
			    JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		}
		return f->j;
	case REC_STR:
		if (f->j == NULL) {
			r->holds_json = true;
			f->j = json_stringn(f->v, f->vlen);
		}
		return f->j;
	case REC_DEL:
		break;
	}
	return NULL;
}

json_t *
rec_get_json(rec *r, const char *name)
{
	rec_field *f = rec_find(r, name);

	return f != NULL ? rec_field_json(r, f) : NULL;
}

/* reset: f's old value dropped, ready for a new one. */
static void
reset(rec *r, rec_field *f)
{
	r->raw_is_json = false;
	if (f->j != NULL)
		json_decref(f->j);
	f->j = NULL;
	f->str = NULL;
	f->slen = 0;
}

/* fresh: a new field called name[0..len) at the end of r. */
static rec_field *
fresh(rec *r, const char *name, size_t len)
{
	rec_field *f = append(r);

	r->raw_is_json = false;
	f->nlen = len;
	f->name = rec_strdup(r, name, len);
	return f;
}

/* slot_hashed: the field to overwrite for name[0..len), whose hash is h,
 * its old value dropped; a new one keeps the hash. */
static rec_field *
slot_hashed(rec *r, const char *name, size_t len, uint32_t h)
{
	rec_field *f = len > 0 ? find(r, name, len, h) : NULL;

	if (f == NULL) {
		f = fresh(r, name, len);
		f->nhash = h;
		return f;
	}
	reset(r, f);
	return f;
}

/* slot: the same for name. */
static rec_field *
slot(rec *r, const char *name)
{
	size_t len = strlen(name);

	return slot_hashed(r, name, len, name_hash(name, len));
}

/* put: f's value becomes a copy of s[0..n) of that kind (s may point into
 * f's own value: the copy comes first). */
static void
put(rec *r, rec_field *f, rec_kind kind, const char *s, size_t n)
{
	char *copy = rec_strdup(r, s, n);

	reset(r, f);
	f->kind = kind;
	f->v = copy;
	f->vlen = n;
}

void
rec_field_set_str(rec *r, rec_field *f, const char *s, size_t n)
{
	put(r, f, REC_STR, s, n);
}

void
rec_field_set_raw(rec *r, rec_field *f, const char *json, size_t n)
{
	put(r, f, REC_RAW, json, n);
}

void
rec_field_rename(rec *r, rec_field *f, const char *name)
{
	f->nlen = strlen(name);
	f->name = rec_strdup(r, name, f->nlen);
	f->nhash = 0;
	unindex(r);
	f->lit = NULL;
	f->litlen = 0;
	f->kept = false;
	r->raw_is_json = false;
}

void
rec_set_str(rec *r, const char *name, const char *s, size_t n)
{
	put(r, slot(r, name), REC_STR, s, n);
}

void
rec_set_raw(rec *r, const char *name, const char *json, size_t n)
{
	put(r, slot(r, name), REC_RAW, json, n);
}

void
rec_set_str_name(rec *r, const rec_name *k, const char *s, size_t n)
{
	put(r, slot_hashed(r, k->name, k->len, k->hash), REC_STR, s, n);
}

void
rec_set_raw_name(rec *r, const rec_name *k, const char *json, size_t n)
{
	put(r, slot_hashed(r, k->name, k->len, k->hash), REC_RAW, json, n);
}

void
rec_append_str(rec *r, const char *name, const char *s, size_t n)
{
	put(r, fresh(r, name, strlen(name)), REC_STR, s, n);
}

void
rec_append_raw(rec *r, const char *name, const char *json, size_t n)
{
	put(r, fresh(r, name, strlen(name)), REC_RAW, json, n);
}

void
rec_set_num(rec *r, const char *name, double v)
{
	sbuf b = SBUF_INIT;

	num_format(&b, v);
	rec_set_raw(r, name, sbuf_str(&b), b.n);
	sbuf_free(&b);
}

void
rec_set_text(rec *r, const char *name, const char *s)
{
	if (s != NULL)
		rec_set_str(r, name, s, strlen(s));
	else
		rec_set_raw(r, name, "null", 4);
}

void
rec_set_json(rec *r, const char *name, json_t *j)
{
	rec_field *f = slot(r, name);

	f->kind = REC_JSON;
	f->j = j;
	r->holds_json = true;
	f->v = NULL;
	f->vlen = 0;
}

void
rec_del(rec *r, const char *name)
{
	rec_field *f = rec_find(r, name);

	if (f != NULL)
		rec_field_del(r, f);
}

void
rec_field_del(rec *r, rec_field *f)
{
	r->raw_is_json = false;
	if (f->j != NULL)
		json_decref(f->j);
	f->j = NULL;
	f->kind = REC_DEL;
}

void
rec_add_str(rec *r, const char *name, size_t nlen, const char *lit,
    size_t litlen, const char *s, size_t n)
{
	rec_field *f = append(r);

	f->name = name;
	f->nlen = nlen;
	f->lit = lit;
	f->litlen = litlen;
	f->kind = REC_STR;
	f->v = s;
	f->vlen = n;
	f->kept = true;
}

void
rec_swap(rec *a, rec *b)
{
	rec t = *a;

	*a = *b;
	*b = t;
}

/* rebase: p, which may point into src's raw text or value block, moved
 * to dst's copy of it; NULL when it points elsewhere. */
static const char *
rebase(const rec *src, const char *raw, const char *block, const char *p)
{
	if (src->raw != NULL && p >= src->raw && p < src->raw + src->rawlen)
		return raw + (p - src->raw);
	if (src->block != NULL && p >= src->block &&
	    p < src->block + src->blocklen)
		return block + (p - src->block);
	return NULL;
}

void
rec_assign(rec *dst, const rec *src)
{
	const char *raw = NULL, *block = NULL;

	rec_clear(dst);
	dst->file = src->file;
	dst->line = src->line;
	if (src->raw != NULL) {
		raw = rec_strdup(dst, src->raw, src->rawlen);
		dst->raw = raw;
		dst->rawlen = src->rawlen;
	}
	if (src->block != NULL) {
		block = rec_strdup(dst, src->block, src->blocklen);
		dst->block = block;
		dst->blocklen = src->blocklen;
	}
	rec_reserve(dst, src->n);
	for (size_t i = 0; i < src->n; i++) {
		const rec_field *s = &src->f[i];
		rec_field *f = append(dst);
		f->nlen = s->nlen;
		f->nhash = s->nhash;
		f->kind = s->kind;
		f->tag = s->tag;
		if (s->kept) {		/* the reader keeps them: share */
			f->name = s->name;
			f->lit = s->lit;
			f->litlen = s->litlen;
			f->kept = true;
		} else {
			f->name = rebase(src, raw, block, s->name);
			if (f->name == NULL)
				f->name = rec_strdup(dst, s->name, s->nlen);
		}
		if (s->lit != NULL && !s->kept) {
			f->lit = rebase(src, raw, block, s->lit);
			if (f->lit == NULL)
				f->lit = rec_strdup(dst, s->lit, s->litlen);
			f->litlen = s->litlen;
		}
		if (s->kind == REC_JSON) {
			f->j = json_incref(s->j);
			dst->holds_json = true;
		} else if (s->v != NULL) {
			f->v = rebase(src, raw, block, s->v);
			if (f->v == NULL)
				f->v = rec_strdup(dst, s->v, s->vlen);
			f->vlen = s->vlen;
		}
		if (s->kind == REC_RAW && s->str != NULL &&
		    (f->str = rebase(src, raw, block, s->str)) != NULL)
			f->slen = s->slen;	/* decoded already */
	}
	dst->raw_is_json = src->raw_is_json;
	dst->partial = src->partial;
}
