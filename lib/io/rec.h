/* rec.h - a record: ordered named fields, decoded only when asked
 *
 * A record is what flows between stages.  Its fields keep the order they
 * arrived in; fields a stage adds go at the end.  A field's value is held in
 * one of three forms, and converted only when a stage asks:
 *
 *	REC_RAW   JSON text as it was in the input line ("\"Ann\"", "42")
 *	REC_STR   a plain UTF-8 string (from CSV, or set by a stage)
 *	REC_JSON  a jansson value (nested data a stage built or decoded)
 *
 * so a stage that reads two fields of an NDJSON line decodes two strings,
 * and the writer copies the other members through byte for byte.
 *
 * Memory: strings a record hands out, and values set with rec_set_*, live
 * in the record's arena until rec_clear().  A record filled by the input
 * reader may also point into the reader's buffers: it is valid until the
 * next input_next() call.  rec_assign() makes a copy that owns everything.
 */
#ifndef LK_REC_H
#define LK_REC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest record the reader accepts (input.h, csvin.h). */
#define LK_RECORD_MAX (64UL << 20)

typedef enum rec_kind { REC_DEL, REC_RAW, REC_STR, REC_JSON } rec_kind;

typedef struct rec_field {
	const char *name;	/* NUL-terminated */
	size_t nlen;
	const char *lit;	/* the name as a JSON literal, or NULL */
	size_t litlen;
	rec_kind kind;
	const char *v;		/* RAW: JSON text; STR: NUL-terminated string */
	size_t vlen;
	json_t *j;		/* JSON: owned reference */
	const char *str;	/* RAW, JSON: decoded string, once asked */
	size_t slen;
	unsigned char tag;	/* the current stage's scratch; 0 when added */
	uint32_t nhash;		/* rec_find's hash of the name, 0 until it
				 * needs it (set to 0 when the name changes) */
	bool kept;		/* name and lit outlive the record (a reader's
				 * CSV header): copies may share them */
} rec_field;

typedef struct rec_chunk rec_chunk;

/* Slots of a record's index of its fields by name (rec_find): records of
 * up to 3/4 as many fields are indexed, larger ones searched in order. */
#define REC_INDEX 128

typedef struct rec {
	rec_field *f;
	size_t n, cap;
	rec_chunk *arena;
	const char *file;	/* where the record came from, for messages */
	unsigned long line;	/* its first line there */
	const char *raw;	/* the input text of the record, if known */
	size_t rawlen;
	bool raw_is_json;	/* raw is an NDJSON line holding exactly f[] */
	const char *block;	/* where a reader put the values, if in one
				 * place (a CSV row; an NDJSON line's names
				 * and strings, decoded): copies take it at
				 * once */
	size_t blocklen;
	bool holds_json;	/* some f[i].j may be set: rec_clear looks */
	bool partial;		/* the reader left fields out (input_project):
				 * raw is the whole record */
	/* rec_find's index: f[0..nidx) are in idx, by name hash and linear
	 * probing, as their number + 1 (0: an empty slot).  Whatever
	 * removes or renames fields empties it. */
	size_t nidx;
	unsigned char idx[REC_INDEX];
} rec;

rec *rec_new(void);
void rec_free(rec *r);
/* rec_clear: drop every field and all arena memory; keep the allocations
 * a lead needs (not those of a record much larger). */
void rec_clear(rec *r);
/* rec_assign: make dst a deep copy of src, reusing dst's allocations (for
 * records handed between threads in batches).  raw_is_json and partial
 * are kept. */
void rec_assign(rec *dst, const rec *src);

/* rec_swap: a and b trade contents (cheaper than a copy when the caller
 * is done with one of them: records handed on to another thread). */
void rec_swap(rec *a, rec *b);

/* rec_drop_fields: drop every field; where r came from and its text
 * (raw) stay. */
void rec_drop_fields(rec *r);

/* rec_alloc: n bytes of arena memory, valid until rec_clear(). */
void *rec_alloc(rec *r, size_t n);
/* rec_strdup: a NUL-terminated arena copy of s[0..n). */
char *rec_strdup(rec *r, const char *s, size_t n);

/* rec_reserve: room for n more fields, so that until then adding fields
 * does not move r->f (pointers to fields stay valid). */
void rec_reserve(rec *r, size_t n);

/* rec_find: the field called name, or NULL. */
rec_field *rec_find(rec *r, const char *name);

/* rec_name: a field name that is looked up in record after record (a
 * stage's own fields, a rules file's), its length and hash made once by
 * rec_name_init, so that a lookup neither measures nor hashes it.  The
 * name is not copied: it must outlive the rec_name. */
typedef struct rec_name {
	const char *name;
	size_t len;
	uint32_t hash;
} rec_name;

void rec_name_init(rec_name *k, const char *name, size_t len);
/* rec_find_name: rec_find for a rec_name (an empty name is looked up
 * too: the first field called "", if any). */
rec_field *rec_find_name(rec *r, const rec_name *k);
/* rec_get_name: rec_get for a rec_name. */
const char *rec_get_name(rec *r, const rec_name *k, size_t *len);

/*
 * rec_get: the value of field name as a string, or NULL when the field is
 * missing, JSON null, an object or an array.  Numbers and booleans come as
 * their JSON text ("42", "true").  *len gets the length if len is not NULL.
 */
const char *rec_get(rec *r, const char *name, size_t *len);
/* rec_field_str: the same for a field already found.  Its common case (a
 * string, or a value decoded already) is inline; rec_field_decode does
 * the rest, and the same. */
const char *rec_field_decode(rec *r, rec_field *f, size_t *len);

static inline const char *
rec_field_str(rec *r, rec_field *f, size_t *len)
{
	if (f->kind == REC_STR || (f->kind != REC_DEL && f->str != NULL)) {
		if (len != NULL)
			*len = f->kind == REC_STR ? f->vlen : f->slen;
		return f->kind == REC_STR ? f->v : f->str;
	}
	return rec_field_decode(r, f, len);
}
/* rec_has: the field exists and its string value is not empty, or it is a
 * non-null object, array, number or boolean. */
bool rec_has(rec *r, const char *name);

/* rec_get_json: the field as a jansson value (borrowed: the record keeps
 * it), decoding it on first use; NULL if missing. */
json_t *rec_get_json(rec *r, const char *name);
/* rec_field_json: the same for a field already found. */
json_t *rec_field_json(rec *r, rec_field *f);

/*
 * Setters: replace the value of field name in place, or append the field.
 * Strings and JSON text are copied into the arena; rec_set_json steals the
 * reference.  rec_add_* append without looking for an existing field (for
 * readers filling a fresh record; name must then stay valid as long as the
 * record's contents).
 */
void rec_set_str(rec *r, const char *name, const char *s, size_t n);
void rec_set_raw(rec *r, const char *name, const char *json, size_t n);
void rec_set_num(rec *r, const char *name, double v);
void rec_set_json(rec *r, const char *name, json_t *j);
/* rec_set_text: the string s, or JSON null when s is NULL. */
void rec_set_text(rec *r, const char *name, const char *s);
/* rec_append_str, rec_append_raw: add a field the caller knows r does not
 * have yet, without looking (name and value are copied). */
void rec_append_str(rec *r, const char *name, const char *s, size_t n);
void rec_append_raw(rec *r, const char *name, const char *json, size_t n);
void rec_del(rec *r, const char *name);
/* rec_field_del: the same for a field already found. */
void rec_field_del(rec *r, rec_field *f);
/* rec_field_set_str, rec_field_set_raw: the same for a field already found
 * (cheaper: no lookup).  rec_field_rename: give f the name (copied). */
void rec_field_set_str(rec *r, rec_field *f, const char *s, size_t n);
void rec_field_set_raw(rec *r, rec_field *f, const char *json, size_t n);
void rec_field_rename(rec *r, rec_field *f, const char *name);

/* rec_set_str_name, rec_set_raw_name: rec_set_str and rec_set_raw for a
 * rec_name (a new field copies the name, as they do). */
void rec_set_str_name(rec *r, const rec_name *k, const char *s, size_t n);
void rec_set_raw_name(rec *r, const rec_name *k, const char *json, size_t n);

/* rec_add_str: name and lit (name as a JSON literal, may be NULL) must
 * outlive r and every copy of it (they are not copied: kept). */
void rec_add_str(rec *r, const char *name, size_t nlen, const char *lit,
    size_t litlen, const char *s, size_t n);
static inline void
rec_add_raw(rec *r, const char *name, size_t nlen, const char *lit,
    size_t litlen, const char *json, size_t n)
{
	/* inline: a reader adds every field of every record with it */
	if (r->n == r->cap)
		rec_reserve(r, r->cap ? r->cap : 32);
	rec_field *f = &r->f[r->n++];
	*f = (rec_field){ .name = name, .nlen = nlen, .lit = lit,
	    .litlen = litlen, .kind = REC_RAW, .v = json, .vlen = n };
}

/* rec_modified: true once a setter ran since the reader filled it. */
static inline bool
rec_modified(const rec *r)
{
	return !r->raw_is_json;
}

#endif
