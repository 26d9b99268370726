/* import.c - lead-import as a stage: raw channel records to canonical leads */
#include "import/import.h"

#include <nettle/sha2.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value/country.h"
#include "value/date.h"
#include "value/email.h"
#include "lead/field.h"
#include "base/fold.h"
#include "value/honorific.h"
#include "io/input.h"
#include "io/jflat.h"
#include "base/lines.h"
#include "io/jscan.h"
#include "lead/mapping.h"
#include "value/name.h"
#include "value/num.h"
#include "value/phone.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/strset.h"
#include "base/xmem.h"

/* The fields a lead needs before sales can work it: missing_fields. */
static const int essential[] = {
	F_FIRST_NAME, F_LAST_NAME, F_EMAIL, F_PHONE, F_COMPANY, F_TITLE,
	F_COUNTRY,
};

/* Fields a record may gain, for a CSV header written from the first record:
 * every canonical field, and those the stage derives.  Their number bounds
 * how many fields one record can grow by (rec_reserve). */
static const char *const added_fields[] = {
	"id", "source", "channel", "campaign", "country", "created_at", "name",
	"first_name", "last_name", "email", "phone", "title", "company",
	"website", "city", "postcode", "employees", "annual_revenue",
	"industry", "budget", "authority", "need", "timeline_days", "consent",
	"events", "source_id", "source_system", "salutation", "mobile",
	"do_not_call", "status", "crm_score", "email_kind", "phone_ext",
	"mobile_ext",
	"company_key", "domain", "missing_fields", "quality_flags",
	"imported_at", "email_raw", "phone_raw", "country_raw",
	"created_at_raw", "domain_raw", "employees_raw", "annual_revenue_raw",
	"timeline_days_raw", "consent_raw", "events_raw", "mobile_raw",
	"do_not_call_raw", "crm_score_raw", "crm_status",
	/* a placeholder keeps its text in <field>_raw */
	"id_raw", "source_raw", "channel_raw", "campaign_raw", "name_raw",
	"first_name_raw", "last_name_raw", "title_raw", "company_raw",
	"website_raw", "city_raw", "postcode_raw", "industry_raw",
	"budget_raw", "authority_raw", "need_raw", "source_id_raw",
	"source_system_raw", "salutation_raw", "status_raw", NULL
};

/* Fields whose value is a list by nature: not taken apart (jflat.h). */
static const char *const list_fields[] = {
	"events", "missing_fields", "quality_flags", "score_reasons",
	"suppressed_by", "merged_ids", "match_reasons", NULL
};

typedef struct imp imp;

/* Three-byte key prefixes, by fold_key_class (imp.ph_tri). */
#define PH_TRI (FOLD_KEY_CLASSES * FOLD_KEY_CLASSES * FOLD_KEY_CLASSES)

/* What a column name resolves to (mapping.h): a canonical field, a plain
 * rename (a --map to a non-canonical name), or nothing but a name the stage
 * derives (the record must then be searched before such a field is set);
 * with the value map, prefix to strip, and whether it is joined in front of
 * its field's value. */
typedef struct colres {
	int field;		/* F_*, or -1 */
	const char *rename;	/* when field is -1, or NULL */
	bool derived;		/* the name, or the rename, is derived */
	bool join;		/* joined in front of field (Tussenvoegsel) */
	const valmap *vm;	/* or NULL */
	const char *strip;	/* or NULL */
} colres;

/* Counts all clones of a stage add to, for the warning at the end. */
typedef struct imp_shared {
	atomic_ulong recs;	/* records taken */
	atomic_ulong contact;	/* of those, with a contact column */
} imp_shared;

/* One alternative group of --require: any of names[] will do. */
typedef struct req {
	int *field;
	size_t n;
	char *text;		/* "email|phone", for the reason */
} req;

struct imp {
	stage st;
	import_opts o;
	mapping *map;
	/* caches[i]: column name -> colres * (or NULL) for the files of
	 * profile i - 1 (0: none); made as profiles are first seen */
	strmap **caches;
	size_t ncaches;
	strmap *cache;		/* that of cur */
	const profile *cur;	/* the profile of the last record's columns */
	char **pos_name;	/* the last record's column names, by position, */
	size_t *pos_len;	/* with what they resolved to: records of one */
	const colres **pos_res;	/* file mostly repeat them in order, */
	bool *pos_named;	/* and whether it is named like its field */
	size_t npos;
	size_t nhdr;		/* how many columns the last record had */
	bool hdr_contact;	/* one of them maps to a contact field */
	imp_shared *shared;	/* the first stage's (clones borrow it) */
	imp_shared own_shared;
	unsigned long recs, contact;	/* this clone's counts */
	const colres **res;	/* per record: what each column resolved to */
	size_t capres;
	colres canon[F_COUNT];
	colres derived;		/* unmapped, named like a derived field */
	colres **renames;
	size_t nrenames;
	field_tables t;		/* the lists in it may be borrowed: */
	bool borrowed;		/* those of the stage a clone was made from */
	strset *placeholders;	/* placeholders.txt folded */
	strset *symbols;	/* its entries as written: "-", "?" */
	strset *words;		/* its entries of kind word, folded (as
				 * written if that is nothing) */
	/* ph_seen[c][len]: a placeholder key starts with the letter or
	 * digit c (see fold_key_class) and is len bytes long: most values
	 * are ruled out without hashing them */
	bool ph_seen[FOLD_KEY_CLASSES][33];
	size_t ph_maxlen;	/* the longest placeholder key */
	/* ph_tri: a bit for the first three bytes (by fold_key_class) of
	 * each placeholder key three or more bytes long */
	uint64_t ph_tri[(PH_TRI + 63) / 64];
	req *reqs;
	size_t nreqs;
	char imported_at[32];
	sbuf a, b, c;		/* scratch, reused per field */
	rec_field **fallback;	/* per record: extra columns of a field */
	int *fallback_to;
	const colres **fallback_res;
	size_t nfallback, capfallback;
	date_order detected;	/* by import_prime, copied to clones */
	unsigned long nday_first, nmonth_first;	/* settling created_at
				 * values seen by import_prime */
	const colres *fres[F_COUNT];	/* per record: the column of each
				 * canonical field */
	rec_field **special;	/* per record: columns to strip or join */
	const colres **special_res;
	size_t nspecial, capspecial;
};

/* ---- the stage ---- */

/* The fields the stage derives itself (field.h lists the normalizers'). */
static const char *const stage_derived[] = {
	"missing_fields", "quality_flags", "imported_at",
};

static bool
derived_name(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof stage_derived / sizeof *stage_derived;
	    i++)
		if (strncmp(stage_derived[i], name, n) == 0 &&
		    stage_derived[i][n] == '\0')
			return true;
	return field_derived(name, n);
}

/* is_contact: field k is a way to reach a person, or names one. */
static bool
is_contact(int k)
{
	return k == F_EMAIL || k == F_PHONE || k == F_MOBILE || k == F_NAME ||
	    k == F_FIRST_NAME || k == F_LAST_NAME;
}

static bool
is_contact_name(const char *field)
{
	return is_contact(field_index(field, strlen(field)));
}

static const colres *
resolve_name(imp *im, const char *name, size_t nlen)
{
	void *val;
	size_t leaf;
	mapping_col mc;

	if (strmap_get(im->cache, name, nlen, &val))
		return val;
	colres *res = NULL;
	int k = field_index(name, nlen);

	/* a column named like a derived field is kept as it is, unless the
	 * user's own map says otherwise */
	mapping_column(im->map, im->cur, name, nlen, &mc);
	if (k < 0 && derived_name(name, nlen) &&
	    (mc.by != MAPPING_OPTION && mc.by != MAPPING_FILE)) {
		res = &im->derived;
	} else if (mc.field != NULL) {
		res = xcalloc(1, sizeof *res);
		res->field = field_index(mc.field, strlen(mc.field));
		if (res->field < 0) {
			res->rename = mc.field;
			res->derived = derived_name(mc.field, strlen(mc.field));
		}
		res->join = mc.join && res->field >= 0;
		res->vm = res->field >= 0 ? mc.vm : NULL;
		res->strip = mc.strip;
		if (derived_name(name, nlen))
			res->derived = true;
		im->renames = xreallocarray(im->renames, im->nrenames + 1,
		    sizeof *im->renames);
		im->renames[im->nrenames++] = res;
	}
	const colres *out = res;
	/* "contact.email": the synonyms of its last part (jflat.h) */
	if (out == NULL && (leaf = jflat_leaf(name, nlen)) > 0) {
		out = resolve_name(im, name + leaf, nlen - leaf);
		if (out != NULL && out->field < 0)
			out = NULL;	/* only to a canonical field */
	}
	strmap_put(im->cache, name, nlen, (void *)out);
	return out;
}

/* set_profile: the profile of a record with columns r->f[]: recognised
 * from their names (or forced), and the cache of its columns. */
static void
set_profile(imp *im, rec *r)
{
	const char **names = xreallocarray(NULL, r->n + 1, sizeof *names);
	size_t *lens = xreallocarray(NULL, r->n + 1, sizeof *lens);
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		if (r->f[i].kind != REC_DEL) {
			names[n] = r->f[i].name;
			lens[n++] = r->f[i].nlen;
		}
	im->cur = mapping_profile(im->map, names, lens, n, NULL);
	free(names);
	free(lens);
	const profile_set *ps = mapping_profiles(im->map);
	size_t idx = 0;
	for (i = 0; im->cur != NULL && i < profile_set_count(ps); i++)
		if (profile_set_at(ps, i) == im->cur)
			idx = i + 1;
	if (idx >= im->ncaches) {
		im->caches = xreallocarray(im->caches, idx + 1,
		    sizeof *im->caches);
		for (; im->ncaches <= idx; im->ncaches++)
			im->caches[im->ncaches] = NULL;
	}
	if (im->caches[idx] == NULL)
		im->caches[idx] = strmap_new();
	im->cache = im->caches[idx];
}

/* is_named: f is called exactly like canonical field k. */
static bool
is_named(const rec_field *f, int k)
{
	/* strncmp stops at the end of the shorter name first */
	return strncmp(f->name, field_name(k), f->nlen) == 0 &&
	    field_name(k)[f->nlen] == '\0';
}

/* header: resolve r's columns, once per header: records of one file
 * mostly repeat the last one's column names in order, and so keep its
 * profile and im->pos_res[]. */
static void
header(imp *im, rec *r)
{
	size_t n = r->n, i;

	for (i = 0; i < n && i < im->npos; i++)
		if (im->pos_len[i] != r->f[i].nlen ||
		    memcmp(im->pos_name[i], r->f[i].name, r->f[i].nlen) != 0)
			break;
	if (i == n && n == im->nhdr)
		return;
	if (n > im->npos) {
		size_t cap = n + 16;
		im->pos_name = xreallocarray(im->pos_name, cap,
		    sizeof *im->pos_name);
		im->pos_len = xreallocarray(im->pos_len, cap,
		    sizeof *im->pos_len);
		im->pos_res = xreallocarray(im->pos_res, cap,
		    sizeof *im->pos_res);
		im->pos_named = xreallocarray(im->pos_named, cap,
		    sizeof *im->pos_named);
		for (; im->npos < cap; im->npos++) {
			im->pos_name[im->npos] = NULL;
			im->pos_len[im->npos] = (size_t)-1;
		}
	}
	set_profile(im, r);
	im->nhdr = n;
	im->hdr_contact = false;
	for (i = 0; i < n; i++) {
		rec_field *f = &r->f[i];
		free(im->pos_name[i]);
		im->pos_name[i] = xstrndup(f->name, f->nlen);
		im->pos_len[i] = f->nlen;
		im->pos_res[i] = resolve_name(im, f->name, f->nlen);
		im->pos_named[i] = im->pos_res[i] != NULL &&
		    im->pos_res[i]->field >= 0 &&
		    is_named(f, im->pos_res[i]->field);
		if (im->pos_res[i] != NULL && im->pos_res[i]->field >= 0 &&
		    is_contact(im->pos_res[i]->field))
			im->hdr_contact = true;
	}
}

static void
add_fallback(imp *im, rec_field *f, const colres *c)
{
	if (im->nfallback == im->capfallback) {
		im->capfallback = im->capfallback ? im->capfallback * 2 : 8;
		im->fallback = xreallocarray(im->fallback, im->capfallback,
		    sizeof *im->fallback);
		im->fallback_to = xreallocarray(im->fallback_to,
		    im->capfallback, sizeof *im->fallback_to);
		im->fallback_res = xreallocarray(im->fallback_res,
		    im->capfallback, sizeof *im->fallback_res);
	}
	im->fallback[im->nfallback] = f;
	im->fallback_res[im->nfallback] = c;
	im->fallback_to[im->nfallback++] = c->field;
}

/* add_special: f's value is stripped or joined (c) after mapping. */
static void
add_special(imp *im, rec_field *f, const colres *c)
{
	if (im->nspecial == im->capspecial) {
		im->capspecial = im->capspecial ? im->capspecial * 2 : 8;
		im->special = xreallocarray(im->special, im->capspecial,
		    sizeof *im->special);
		im->special_res = xreallocarray(im->special_res,
		    im->capspecial, sizeof *im->special_res);
	}
	im->special[im->nspecial] = f;
	im->special_res[im->nspecial++] = c;
}

/* map_columns: fill l->f[] and rename columns (step 1 of import.h).  A
 * column already named like the canonical field it maps to keeps it. */
static void
map_columns(imp *im, field_lead *l)
{
	rec *r = l->r;
	size_t n = r->n;

	im->nfallback = 0;
	im->nspecial = 0;
	memset(im->fres, 0, sizeof im->fres);
	if (n > im->capres) {
		im->capres = n;
		im->res = xreallocarray(im->res, n, sizeof *im->res);
	}
	header(im, r);
	im->recs++;
	if (im->hdr_contact)
		im->contact++;
	for (size_t i = 0; i < n; i++) {
		rec_field *f = &r->f[i];
		const colres *c = NULL;
		if (f->kind != REC_DEL)
			c = im->pos_res[i];
		if (c != NULL && (c->join || c->strip != NULL)) {
			add_special(im, f, c);
			if (c->join) {	/* stays as it is */
				im->res[i] = NULL;
				continue;
			}
		}
		im->res[i] = c;
		if (c != NULL && c->derived) {
			l->named_like_derived = true;
			if (c->rename == NULL && c->field < 0) {	/* kept */
				im->res[i] = NULL;
				continue;
			}
		}
		if (c != NULL && im->pos_named[i] && l->f[c->field] == NULL) {
			l->f[c->field] = f;
			im->fres[c->field] = c;
			f->tag = FIELD_TAG_CANONICAL;
			im->res[i] = NULL;	/* done */
		}
	}
	for (size_t i = 0; i < n; i++) {
		rec_field *f = &r->f[i];
		const colres *c = im->res[i];
		if (c == NULL)
			continue;
		if (c->field < 0) {
			if (rec_find(r, c->rename) == NULL)
				rec_field_rename(r, f, c->rename);
		} else if (l->f[c->field] == NULL) {
			rec_field_rename(r, f, field_name(c->field));
			l->f[c->field] = f;
			im->fres[c->field] = c;
			f->tag = FIELD_TAG_CANONICAL;
		} else {
			add_fallback(im, f, c);
		}
	}
}

/* tri_index: the bit of ph_tri for key's first three bytes. */
static inline size_t
tri_index(const char *key)
{
	return ((size_t)fold_key_class(key[0]) * FOLD_KEY_CLASSES +
	    (size_t)fold_key_class(key[1])) * FOLD_KEY_CLASSES +
	    (size_t)fold_key_class(key[2]);
}

static void
note_placeholder(void *ctx, const char *key, size_t n)
{
	imp *im = ctx;

	if (n < sizeof im->ph_seen[0])
		im->ph_seen[fold_key_class(key[0])][n] = true;
	if (n > im->ph_maxlen)
		im->ph_maxlen = n;
	if (n >= 3) {
		size_t t = tri_index(key);
		im->ph_tri[t / 64] |= 1ULL << (t % 64);
	}
}

/* What a placeholder is (the kinds of placeholders.txt). */
typedef enum ph_kind {
	PH_NONE,	/* not a placeholder */
	PH_FORM,	/* by its form: never a value ("-", "n/a", "unknown") */
	PH_WORD,	/* a word that is also a name ("Null", "Nan", "None") */
} ph_kind;

/* The fields whose values are names: they keep PH_WORD values. */
static const bool keeps_words[F_COUNT] = {
	[F_NAME] = true, [F_FIRST_NAME] = true, [F_LAST_NAME] = true,
};

/* ph_kind_of: the kind of a value found in the list, by its key (folded,
 * or as written if that folds to nothing). */
static ph_kind
ph_kind_of(const imp *im, const char *key, size_t k)
{
	return strset_has(im->words, key, k) ? PH_WORD : PH_FORM;
}

/* is_placeholder: whether a short string value means "no value", and how:
 * folded (as fold_key does; inline for ASCII) it is in placeholders.txt,
 * or it folds to nothing and is one of the list's symbols ("-", "?",
 * "--") as written. */
static ph_kind
is_placeholder(imp *im, const char *s, size_t n)
{
	char key[32];
	size_t k = 0, t;
	bool gap = false, tri = false;

	if (n > sizeof key)
		return PH_NONE;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			sbuf_reset(&im->b);
			fold_key(&im->b, s, n);
			if (im->b.n >= sizeof key)	/* NFKC can expand */
				return PH_NONE;
			k = im->b.n;
			memcpy(key, sbuf_str(&im->b), k);
			break;
		}
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			c |= 0x20;
		} else if (c < '0' || c > '9') {
			gap = k > 0;
			continue;
		}
		if (gap)
			key[k++] = ' ';
		gap = false;
		key[k++] = (char)c;
		if (k > im->ph_maxlen)	/* longer than any */
			return PH_NONE;
		if (!tri && k >= 3) {	/* starts as none does */
			t = tri_index(key);
			if (!(im->ph_tri[t / 64] & 1ULL << (t % 64)))
				return PH_NONE;
			tri = true;
		}
	}
	if (k > 0)
		return im->ph_seen[fold_key_class(key[0])][k] &&
		    strset_has(im->placeholders, key, k) ?
		    ph_kind_of(im, key, k) : PH_NONE;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strset_has(im->symbols, s, n) ? ph_kind_of(im, s, n) : PH_NONE;
}

/* canonical_index: the canonical field f is, or -1. */
static int
canonical_index(const field_lead *l, const rec_field *f)
{
	for (int k = 0; k < F_COUNT; k++)
		if (l->f[k] == f)
			return k;
	return -1;
}

/*
 * drop_placeholder: drop f if it is a string that means "no value" (or
 * an empty one, or null).  In a canonical field a placeholder is flagged
 * placeholder_value and its text kept in <field>_raw; a name field keeps
 * a word that is also a name (keeps_words).
 */
static void
drop_placeholder(imp *im, field_lead *l, rec_field *f)
{
	const char *s;
	size_t n;
	ph_kind kind;
	int k;

	if (f->kind == REC_RAW && f->v[0] == 'n') {
		rec_field_del(l->r, f);
		return;
	}
	if (f->kind != REC_STR && !(f->kind == REC_RAW && f->v[0] == '"'))
		return;
	s = rec_field_str(l->r, f, &n);
	if (n == 0 || field_blank(s, n)) {
		rec_field_del(l->r, f);
		return;
	}
	if ((kind = is_placeholder(im, s, n)) == PH_NONE)
		return;
	if (!f->tag) {
		rec_field_del(l->r, f);
		return;
	}
	k = canonical_index(l, f);
	if (kind == PH_WORD && k >= 0 && keeps_words[k])
		return;
	sbuf_reset(&im->a);
	sbuf_add(&im->a, f->name, f->nlen);
	sbuf_add(&im->a, "_raw", 4);
	rec_field_del(l->r, f);	/* s stays valid: arena or reader memory */
	/* when another column of the field fills it and does not normalize,
	 * its <field>_raw must replace this one, not follow it */
	for (size_t i = 0; i < im->nfallback; i++)
		if (im->fallback_to[i] == k)
			l->named_like_derived = true;
	field_put(l, im->a.p, s, n);
	field_flag(l, "placeholder_value");
}

/* set_list: field name = [items], items being JSON text "a","b". */
static void
set_list(imp *im, field_lead *l, const char *name, const sbuf *items)
{
	sbuf_reset(&im->a);
	sbuf_addc(&im->a, '[');
	sbuf_add(&im->a, sbuf_str(items), items->n);
	sbuf_addc(&im->a, ']');
	field_put_raw(l, name, im->a.p, im->a.n);
}

/* put_id: "lk-" and the first 8 bytes of digest d in hex as the id (no
 * printf: it runs once a record). */
static void
put_id(field_lead *l, const uint8_t *d)
{
	static const char digits[] = "0123456789abcdef";
	char hex[3 + 16 + 1] = "lk-";

	for (size_t i = 0; i < 8; i++) {
		hex[3 + 2 * i] = digits[d[i] >> 4];
		hex[4 + 2 * i] = digits[d[i] & 0xf];
	}
	hex[19] = '\0';
	if (l->f[F_ID] == NULL) {	/* none: append without a search */
		rec_append_str(l->r, "id", hex, 19);
		l->f[F_ID] = &l->r->f[l->r->n - 1];
		l->f[F_ID]->tag = FIELD_TAG_DERIVED;
	} else {
		field_set(l, F_ID, hex, 19);
	}
}

/* make_id: a stable id: a hash of the source and the first of e-mail,
 * phone, or (names, company) present, else of the record's text.  (A lead
 * with a source_id gets source_key's instead.) */
static void
make_id(field_lead *l)
{
	static const int keys[][3] = {
		{ F_EMAIL, -1, -1 },
		{ F_PHONE, -1, -1 },
		{ F_FIRST_NAME, F_LAST_NAME, F_COMPANY },
	};
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	const char *s;
	size_t n;
	bool any = false;

	sha256_init(&ctx);
	if (field_has(l, F_SOURCE) &&
	    (s = rec_field_str(l->r, l->f[F_SOURCE], &n)) != NULL)
		sha256_update(&ctx, n, (const uint8_t *)s);
	sha256_update(&ctx, 1, (const uint8_t *)"");
	for (size_t k = 0; k < sizeof keys / sizeof *keys && !any; k++)
		for (size_t j = 0; j < 3 && keys[k][j] >= 0; j++)
			if (field_has(l, keys[k][j]) && (s = rec_field_str(l->r,
			    l->f[keys[k][j]], &n)) != NULL) {
				sha256_update(&ctx, n, (const uint8_t *)s);
				sha256_update(&ctx, 1, (const uint8_t *)"\x1f");
				any = true;
			}
	if (!any && l->r->raw != NULL)
		sha256_update(&ctx, l->r->rawlen, (const uint8_t *)l->r->raw);
	sha256_digest(&ctx, sizeof d, d);
	put_id(l, d);
}

/* source_key: the id of a lead its system gave an id: "lk-" and the 16
 * hex digits of the 64-bit FNV-1a hash (strset_hash), mixed, of "sid",
 * the system and the system's id, NUL-separated, so that HubSpot's 101 and Mautic's
 * 101 are two leads, and the same export gives the same ids run after run.
 * The system is source_system, else source, else nothing.  (A fingerprint,
 * not a secret: FNV at one hash a record costs a tenth of a digest.) */
static void
source_key(imp *im, field_lead *l)
{
	const char *s;
	size_t n;
	int sys = field_has(l, F_SOURCE_SYSTEM) ? F_SOURCE_SYSTEM : F_SOURCE;
	uint8_t d[8];

	sbuf_reset(&im->a);
	sbuf_add(&im->a, "sid", 4);
	if (field_has(l, sys) &&
	    (s = rec_field_str(l->r, l->f[sys], &n)) != NULL)
		sbuf_add(&im->a, s, n);
	sbuf_addc(&im->a, '\0');
	s = rec_field_str(l->r, l->f[F_SOURCE_ID], &n);
	sbuf_add(&im->a, s, n);
	/* mixed: FNV-1a alone leaves ids of similar inputs alike in most
	 * digits (101, 102: lk-a9a63c.., lk-a9a63d..) */
	unsigned long long h = strset_mix(strset_hash(im->a.p, im->a.n));
	for (size_t i = 0; i < 8; i++)
		d[i] = (uint8_t)(h >> (56 - 8 * i));
	put_id(l, d);
}

/* identify: the lead's id (lead(7), Identity).  An id of leadkit's own
 * ("lk-...") is kept, as is any with --keep-ids (which also takes a
 * source_id as the id, as ids were before profiles); another is the
 * system's id: it becomes source_id (or, when the record has one, id_raw),
 * and the id is derived from source_system and source_id. */
static void
identify(imp *im, field_lead *l)
{
	const char *s, *sys;
	size_t n;

	if (!field_has(l, F_SOURCE_SYSTEM) && ((sys = im->o.source_system) !=
	    NULL || (im->cur != NULL && (sys = profile_system(im->cur)) !=
	    NULL)))
		field_set(l, F_SOURCE_SYSTEM, sys, strlen(sys));
	if (field_has(l, F_ID) &&
	    (s = rec_field_str(l->r, l->f[F_ID], &n)) != NULL) {
		if (im->o.keep_ids || (n > 3 && memcmp(s, "lk-", 3) == 0))
			return;
		if (l->f[F_SOURCE_ID] == NULL && !l->named_like_derived) {
			/* none: append without a search */
			rec_append_str(l->r, "source_id", s, n);
			l->f[F_SOURCE_ID] = &l->r->f[l->r->n - 1];
			l->f[F_SOURCE_ID]->tag = FIELD_TAG_DERIVED;
		} else if (!field_has(l, F_SOURCE_ID)) {
			field_set(l, F_SOURCE_ID, s, n);
		} else {
			rec_set_str(l->r, "id_raw", s, n);
		}
	}
	if (field_has(l, F_SOURCE_ID) &&
	    (s = rec_field_str(l->r, l->f[F_SOURCE_ID], &n)) != NULL) {
		if (im->o.keep_ids)	/* the id as before profiles */
			field_set(l, F_ID, s, n);
		else
			source_key(im, l);
	}
	else
		make_id(l);
}

/* special_columns: strip what a column's entry says from the front of its
 * value; join a "join" column in front of its field's value, with a
 * space ("van der" + "Berg" = "van der Berg"). */
static void
special_columns(imp *im, field_lead *l)
{
	const char *s, *v;
	size_t n, vn;

	for (size_t i = 0; i < im->nspecial; i++) {
		rec_field *f = im->special[i];
		const colres *c = im->special_res[i];
		if (f->kind == REC_DEL ||
		    (s = rec_field_str(l->r, f, &n)) == NULL)
			continue;
		if (c->strip != NULL) {
			size_t k = strlen(c->strip);
			if (n >= k && memcmp(s, c->strip, k) == 0)
				rec_field_set_str(l->r, f, s + k, n - k);
		}
		if (!c->join || !field_has(l, c->field) ||
		    (s = rec_field_str(l->r, f, &n)) == NULL ||
		    field_blank(s, n) ||
		    (v = rec_field_str(l->r, l->f[c->field], &vn)) == NULL)
			continue;
		sbuf_reset(&im->a);
		sbuf_add(&im->a, s, n);
		sbuf_addc(&im->a, ' ');
		sbuf_add(&im->a, v, vn);
		rec_field_set_str(l->r, l->f[c->field], im->a.p, im->a.n);
	}
}

/* map_values: each canonical field whose column has a value map gets the
 * value the map gives; the value as written goes to the map's keep field
 * (crm_status).  A value a strict map does not hold is taken out of the
 * field, kept in the keep field (else in <field>_raw) and flagged
 * unknown_<field>.  Other values stay for the normalizer. */
static void
map_values(imp *im, field_lead *l)
{
	const char *s, *to;
	size_t n;

	for (int k = 0; k < F_COUNT; k++) {
		const colres *c = im->fres[k];
		rec_field *f = l->f[k];
		if (c == NULL || c->vm == NULL || f == NULL ||
		    f->kind == REC_DEL ||
		    (s = rec_field_str(l->r, f, &n)) == NULL)
			continue;
		to = valmap_lookup(c->vm, s, n, &im->b);
		const char *keep = valmap_keep(c->vm);
		if (keep != NULL && (to != NULL || valmap_strict(c->vm)))
			rec_set_str(l->r, keep, s, n);
		if (to != NULL) {
			rec_field_set_str(l->r, f, to, strlen(to));
		} else if (valmap_strict(c->vm)) {
			char name[64];
			if (keep == NULL) {
				snprintf(name, sizeof name, "%s_raw",
				    field_name(k));
				rec_set_str(l->r, name, s, n);
			}
			rec_field_del(l->r, f);
			snprintf(name, sizeof name, "unknown_%s",
			    field_name(k));
			field_flag(l, name);
		}
	}
}

/* import_prime: count the created_at values of the first records that
 * settle the order of day and month by themselves (import.h, step 3). */
static bool
import_prime(stage *st, rec *r)
{
	imp *im = (imp *)st;
	const char *s;
	size_t n;

	if (im->o.date_order != DATE_ORDER_NONE)
		return true;
	header(im, r);	/* the profile and the columns, once a header */
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		if (f->kind == REC_DEL)
			continue;
		const colres *c = im->pos_res[i];
		if (c == NULL || c->field != F_CREATED_AT ||
		    (s = rec_field_str(r, f, &n)) == NULL)
			continue;
		switch (date_order_hint(s, n)) {
		case DATE_ORDER_DMY:
			im->nday_first++;
			break;
		case DATE_ORDER_MDY:
			im->nmonth_first++;
			break;
		default:
			break;
		}
	}
	im->detected = im->nmonth_first == 0 && im->nday_first > 0 ?
	    DATE_ORDER_DMY : im->nday_first == 0 && im->nmonth_first > 0 ?
	    DATE_ORDER_MDY : DATE_ORDER_NONE;
	return false;
}

/* date_order_of: the order dates are read in (import.h, step 3); says
 * once when the first records disagree. */
static date_order
date_order_of(imp *im)
{
	const char *pd;
	date_order o;

	if (im->o.date_order != DATE_ORDER_NONE)
		return im->o.date_order;
	if (im->cur != NULL && (pd = profile_date_order(im->cur)) != NULL &&
	    date_order_parse(pd, &o) == 0)
		return o;
	if (im->nday_first > 0 && im->nmonth_first > 0) {
		cli_warn("created_at: dates both day first (%lu) and month "
		    "first (%lu) in the first records: those that could be "
		    "either are kept raw, flagged ambiguous_date (use "
		    "--date-order)", im->nday_first, im->nmonth_first);
		im->nday_first = im->nmonth_first = 0;
	}
	return im->detected;
}

static void
import_take(stage *st, rec *r)
{
	imp *im = (imp *)st;
	field_lead l = { .r = r, .t = &im->t, .a = &im->a, .b = &im->b,
	    .c = &im->c };
	const char *s;
	size_t n;

	/* webhook shapes: lists of one, field_data, nested objects */
	jflat_record(r, list_fields);
	/* field pointers stay valid while the stage adds its fields */
	rec_reserve(r, sizeof added_fields / sizeof *added_fields);
	map_columns(im, &l);	/* and the profile of its file: im->cur */
	im->t.date_order = date_order_of(im);
	/* not the <field>_raw fields it adds */
	for (size_t i = 0, n0 = r->n; i < n0; i++)
		drop_placeholder(im, &l, &r->f[i]);
	/* extra columns of a field fill it when it is empty */
	for (size_t i = 0; i < im->nfallback; i++) {
		rec_field *to = l.f[im->fallback_to[i]], *from = im->fallback[i];
		if (to->kind != REC_DEL || from->kind == REC_DEL ||
		    (s = rec_field_str(r, from, &n)) == NULL)
			continue;
		rec_field_set_str(r, to, s, n);
		im->fres[im->fallback_to[i]] = im->fallback_res[i];
	}
	if (im->nspecial > 0)
		special_columns(im, &l);
	map_values(im, &l);
	field_normalize(&l);
	/* "Mickey" "Mouse" is as fake as "Mickey Mouse" */
	if (field_has(&l, F_FIRST_NAME) && field_has(&l, F_LAST_NAME)) {
		size_t fn, ln;
		const char *first = rec_field_str(r, l.f[F_FIRST_NAME], &fn);
		const char *last = rec_field_str(r, l.f[F_LAST_NAME], &ln);
		sbuf_reset(&im->b);
		sbuf_add(&im->b, first, fn);
		sbuf_addc(&im->b, ' ');
		sbuf_add(&im->b, last, ln);
		if (name_is_fake(im->b.p, im->b.n, im->t.fakes))
			field_flag(&l, "fake_name");
	}
	/* derived fields: a company address gives the company's domain */
	if (!field_has(&l, F_DOMAIN) && l.email_kind != NULL &&
	    (strcmp(l.email_kind, "corporate") == 0 ||
	    strcmp(l.email_kind, "role") == 0) &&
	    (s = rec_field_str(r, l.f[F_EMAIL], NULL)) != NULL) {
		const char *d = email_domain(s);
		field_set(&l, F_DOMAIN, d, strlen(d));
	}
	if (im->o.source != NULL && !field_has(&l, F_SOURCE))
		field_set(&l, F_SOURCE, im->o.source, strlen(im->o.source));
	sbuf_reset(&im->b);
	for (size_t i = 0; i < sizeof essential / sizeof *essential; i++)
		if (!field_has(&l, essential[i]) && !(essential[i] == F_PHONE &&
		    field_has(&l, F_MOBILE))) {	/* a mobile is a phone */
			const char *name = field_name(essential[i]);
			if (im->b.n > 0)
				sbuf_addc(&im->b, ',');
			sbuf_addc(&im->b, '"');
			sbuf_adds(&im->b, name);
			sbuf_addc(&im->b, '"');
		}
	set_list(im, &l, "missing_fields", &im->b);
	set_list(im, &l, "quality_flags", &l.flags);
	sbuf_free(&l.flags);
	field_put(&l, "imported_at", im->imported_at,
	    strlen(im->imported_at));
	identify(im, &l);
	for (size_t i = 0; i < im->nreqs; i++) {
		size_t j;
		for (j = 0; j < im->reqs[i].n; j++)
			if (field_has(&l, im->reqs[i].field[j]))
				break;
		if (j == im->reqs[i].n) {
			stage_reject(st, r, "missing required field %s",
			    im->reqs[i].text);
			return;
		}
	}
	stage_emit(st, r);
}

static void
import_free(stage *st)
{
	imp *im = (imp *)st;

	mapping_free(im->map);
	for (size_t i = 0; i < im->ncaches; i++)
		strmap_free(im->caches[i]);
	free(im->caches);
	atomic_fetch_add(&im->shared->recs, im->recs);
	atomic_fetch_add(&im->shared->contact, im->contact);
	/* clones are freed first: the first stage sees every count */
	if (im->shared == &im->own_shared &&
	    atomic_load(&im->shared->recs) > 0 &&
	    atomic_load(&im->shared->contact) == 0)
		cli_warn("warning: no column mapped to a contact field (email, "
		    "phone, mobile or a name): see --show-mapping, and map "
		    "one with -m \"Column=email\"");
	for (size_t i = 0; i < im->npos; i++)
		free(im->pos_name[i]);
	free(im->pos_name);
	free(im->pos_len);
	free(im->pos_res);
	free(im->pos_named);
	free(im->res);
	for (size_t i = 0; i < im->nrenames; i++)
		free(im->renames[i]);
	free(im->renames);
	country_table_free(im->t.countries);
	if (!im->borrowed) {
		strset_free(im->t.free_dom);
		strset_free(im->t.disp_dom);
		strset_free(im->t.disp_wild);
		strset_free(im->t.roles);
		strset_free(im->placeholders);
		strset_free(im->symbols);
		strset_free(im->words);
		honorific_free(im->t.titles);
		strset_free(im->t.suffixes);
		strset_free(im->t.fakes);
	}
	for (size_t i = 0; i < im->nreqs; i++) {
		free(im->reqs[i].field);
		free(im->reqs[i].text);
	}
	free(im->reqs);
	free(im->fallback);
	free(im->fallback_to);
	free(im->fallback_res);
	free(im->special);
	free(im->special_res);
	sbuf_free(&im->a);
	sbuf_free(&im->b);
	sbuf_free(&im->c);
	free(im);
}

static stage *import_clone(const stage *st);
static imp *setup(const import_opts *io);

static const stage_vt import_vt = {
	.name = "import",
	.take = import_take,
	.free = import_free,
	.clone = import_clone,
};

/* import_clone: the same options and own scratch tables; the large
 * read-only lists are borrowed from st, which outlives its clones. */
static stage *
import_clone(const stage *st)
{
	const imp *from = (const imp *)st;
	imp *im = setup(&from->o);

	im->borrowed = true;
	im->detected = from->detected;
	im->shared = from->shared;
	im->t.free_dom = from->t.free_dom;
	im->t.disp_dom = from->t.disp_dom;
	im->t.disp_wild = from->t.disp_wild;
	im->t.roles = from->t.roles;
	im->placeholders = from->placeholders;
	im->symbols = from->symbols;
	im->words = from->words;
	im->t.titles = from->t.titles;
	memcpy(im->ph_seen, from->ph_seen, sizeof im->ph_seen);
	im->ph_maxlen = from->ph_maxlen;
	memcpy(im->ph_tri, from->ph_tri, sizeof im->ph_tri);
	im->t.suffixes = from->t.suffixes;
	im->t.fakes = from->t.fakes;
	return &im->st;
}

/* ---- set-up ---- */

/* domain_fold: list entries to the form e-mail domains take (ASCII). */
static void
domain_fold(sbuf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n) {
		for (i = 0; i < n; i++)
			sbuf_addc(out, (char)(s[i] >= 'A' && s[i] <= 'Z' ?
			    s[i] - 'A' + 'a' : s[i]));
	} else if (domain_to_ascii(out, s, n) != 0) {
		fold_lower(out, s, n);
	}
}

/* The kinds a line of placeholders.txt may name. */
static const struct {
	const char *name;
	ph_kind kind;
} ph_kinds[] = {
	{ "form", PH_FORM },
	{ "word", PH_WORD },
};

/* placeholder_line: lines_read callback for "VALUE" or "VALUE<TAB>KIND". */
static int
placeholder_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	imp *im = ctx;
	char *tab = memchr(line, '\t', n);
	ph_kind kind = PH_FORM;
	size_t i;

	if (tab != NULL) {
		*tab = '\0';
		for (i = 0; i < sizeof ph_kinds / sizeof *ph_kinds; i++)
			if (strcmp(tab + 1, ph_kinds[i].name) == 0)
				break;
		if (i == sizeof ph_kinds / sizeof *ph_kinds)
			return lines_fail(msg, "kind \"%s\" is not form or word",
			    tab + 1);
		kind = ph_kinds[i].kind;
		n = (size_t)(tab - line);
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
	}
	sbuf_reset(&im->a);
	fold_key(&im->a, line, n);
	strset_add(im->symbols, line, n);
	if (im->a.n > 0)
		strset_add(im->placeholders, im->a.p, im->a.n);
	if (kind == PH_WORD)
		strset_add(im->words, im->a.n > 0 ? im->a.p : line,
		    im->a.n > 0 ? im->a.n : n);
	return 0;
}

/* load_placeholders: placeholders.txt into the three sets. */
static void
load_placeholders(imp *im)
{
	sbuf path = SBUF_INIT, err = SBUF_INIT;

	im->placeholders = strset_new();
	im->symbols = strset_new();
	im->words = strset_new();
	if (lines_read(cli_share_path(&path, "placeholders.txt"), LINES_TRIM,
	    placeholder_line, im, &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&path);
	sbuf_free(&err);
}

static void
parse_require(imp *im, const char *spec)
{
	char *copy = xstrdup(spec), *save = NULL;

	for (char *grp = strtok_r(copy, ",", &save); grp != NULL;
	    grp = strtok_r(NULL, ",", &save)) {
		req q = { NULL, 0, xstrdup(grp) };
		char *save2 = NULL;
		for (char *f = strtok_r(grp, "|", &save2); f != NULL;
		    f = strtok_r(NULL, "|", &save2)) {
			int k = field_index(f, strlen(f));
			if (k < 0)
				cli_usage_error("--require: \"%s\" is not a "
				    "canonical field (see lead(7))", f);
			q.field = xreallocarray(q.field, q.n + 1,
			    sizeof *q.field);
			q.field[q.n++] = k;
		}
		if (q.n == 0)
			cli_usage_error("--require: empty field list");
		im->reqs = xreallocarray(im->reqs, im->nreqs + 1,
		    sizeof *im->reqs);
		im->reqs[im->nreqs++] = q;
	}
	free(copy);
	if (im->nreqs == 0)
		cli_usage_error("--require: empty field list");
}

/* setup: the stage's own tables; the shared lists are left to the caller.
 * Column map and country table lookups use scratch buffers, so each clone
 * has its own (they load in a millisecond). */
/* The stage being set up: a usage error exits from inside setup, and
 * what it allocated must stay reachable then (LeakSanitizer). */
static imp *volatile setting_up;

static imp *
setup(const import_opts *io)
{
	imp *im = xcalloc(1, sizeof *im);

	setting_up = im;
	char *err = NULL;
	sbuf b = SBUF_INIT;

	im->st.vt = &import_vt;
	im->st.fields = added_fields;
	im->o = *io;
	for (int k = 0; k < F_COUNT; k++)
		im->canon[k].field = k;
	im->derived = (colres){ .field = -1, .derived = true };
	im->shared = &im->own_shared;
	im->map = mapping_new(&(mapping_opts){ .map_file = io->map_file,
	    .maps = io->maps, .nmaps = io->nmaps, .profile = io->profile });
	im->t.countries = country_table_load(cli_share_path(&b, "countries.tsv"),
	    &err);
	if (im->t.countries == NULL) {
		if (err != NULL)
			cli_die(LK_EXIT_DATA, "%s", err);
		cli_die(LK_EXIT_DATA, "%s:", b.p);
	}
	if (io->country != NULL && (im->t.defc = country_lookup(im->t.countries,
	    io->country, strlen(io->country))) == NULL)
		cli_usage_error("--country: \"%s\" is not a country",
		    io->country);
	if (io->require != NULL)
		parse_require(im, io->require);
	sbuf_reset(&b);
	date_format(&b, io->now);
	snprintf(im->imported_at, sizeof im->imported_at, "%s", b.p);
	sbuf_free(&b);
	return im;
}

stage *
import_new(const import_opts *io)
{
	imp *im = setup(io);
	sbuf path = SBUF_INIT, err = SBUF_INIT;

	im->st.prime = import_prime;
	im->t.free_dom = cli_share_list("free-email-domains.txt", domain_fold);
	im->t.disp_dom = cli_share_list("disposable-email-domains.txt", domain_fold);
	im->t.disp_wild = cli_share_list("disposable-email-domains-wildcard.txt",
	    domain_fold);
	im->t.roles = cli_share_list("role-accounts.txt", fold_lower);
	load_placeholders(im);
	strset_each(im->placeholders, note_placeholder, im);
	im->t.titles = honorific_new();
	if (honorific_load(im->t.titles, cli_share_path(&path, "titles.txt"),
	    &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	im->t.suffixes = cli_share_list("legal-suffixes.txt", fold_key);
	im->t.fakes = cli_share_list("fake-names.txt", fold_key);
	sbuf_free(&path);
	sbuf_free(&err);
	return &im->st;
}

/* show_one: --show-mapping for the file of r's columns. */
static void
show_one(mapping *m, rec *r, sbuf *out)
{
	const char **names = xreallocarray(NULL, r->n + 1, sizeof *names);
	size_t *lens = xreallocarray(NULL, r->n + 1, sizeof *lens);

	for (size_t i = 0; i < r->n; i++) {
		names[i] = r->f[i].name;
		lens[i] = r->f[i].nlen;
	}
	mapping_show(m, out, r->file != NULL ? r->file : "-", names, lens,
	    r->n, is_contact_name);
	free(names);
	free(lens);
}

int
import_show_mapping(const import_opts *io, const cli_opts *o,
    char *const *files, int nfiles)
{
	mapping *m = mapping_new(&(mapping_opts){ .map_file = io->map_file,
	    .maps = io->maps, .nmaps = io->nmaps, .profile = io->profile });
	rec *r = rec_new();
	sbuf out = SBUF_INIT;
	const char *why;
	int status = LK_EXIT_OK;
	char *stdin_only[] = { "-" };

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (int i = 0; i < nfiles; i++) {
		input *in = input_open(o, files + i, 1);
		int rc;
		while ((rc = input_next(in, r, &why)) < 0)
			;	/* a bad record names no columns: the next */
		sbuf_reset(&out);
		if (i > 0)
			sbuf_addc(&out, '\n');
		if (rc > 0) {
			show_one(m, r, &out);
		} else {
			sbuf_addf(&out, "file: %s\nno record to read the "
			    "columns from\n", files[i]);
		}
		fwrite(out.p, 1, out.n, stdout);
		if (input_failed(in))
			status = LK_EXIT_DATA;
		input_close(in);
	}
	sbuf_free(&out);
	rec_free(r);
	mapping_free(m);
	return status;
}
