/* import.c - lead-import as a stage: raw channel records to canonical leads */
#include "import.h"

#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "colmap.h"
#include "country.h"
#include "date.h"
#include "email.h"
#include "field.h"
#include "fold.h"
#include "honorific.h"
#include "jflat.h"
#include "lines.h"
#include "jscan.h"
#include "name.h"
#include "num.h"
#include "phone.h"
#include "sbuf.h"
#include "strmap.h"
#include "strset.h"
#include "xmem.h"

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
	"do_not_call_raw", "crm_score_raw",
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

/* What a column name resolves to: a canonical field, a plain rename (a
 * --map to a non-canonical name), or nothing but a name the stage derives
 * (the record must then be searched before such a field is set). */
typedef struct colres {
	int field;		/* F_*, or -1 */
	const char *rename;	/* when field is -1, or NULL */
	bool derived;		/* the name, or the rename, is derived */
} colres;

/* One alternative group of --require: any of names[] will do. */
typedef struct req {
	int *field;
	size_t n;
	char *text;		/* "email|phone", for the reason */
} req;

struct imp {
	stage st;
	import_opts o;
	colmap *map;
	strmap *cache;		/* column name -> colres *, or NULL */
	char **pos_name;	/* the last record's column names, by position, */
	size_t *pos_len;	/* with what they resolved to: records of one */
	const colres **pos_res;	/* file mostly repeat them in order */
	size_t npos;
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
	/* ph_seen[c][len]: a placeholder key starts with the letter or digit
	 * c (see key_class) and is len bytes long: most values are ruled
	 * out without hashing them */
	bool ph_seen[37][33];
	req *reqs;
	size_t nreqs;
	char imported_at[32];
	sbuf a, b, c;		/* scratch, reused per field */
	rec_field **fallback;	/* per record: extra columns of a field */
	int *fallback_to;
	size_t nfallback, capfallback;
	date_order detected;	/* by import_prime, copied to clones */
	unsigned long nday_first, nmonth_first;	/* settling created_at
				 * values seen by import_prime */
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

static const colres *
resolve_name(imp *im, const char *name, size_t nlen)
{
	void *val;
	size_t leaf;

	if (strmap_get(im->cache, name, nlen, &val))
		return val;
	const colres *res = NULL;
	const char *dst = NULL;
	int k = field_index(name, nlen);

	if (k >= 0)
		res = &im->canon[k];
	else if (derived_name(name, nlen))
		res = &im->derived;
	if (res == NULL && (dst = colmap_lookup(im->map, name, nlen)) != NULL) {
		if ((k = field_index(dst, strlen(dst))) >= 0)
			res = &im->canon[k];
		if (res == NULL) {
			colres *c = xcalloc(1, sizeof *c);
			c->field = -1;
			c->rename = dst;
			c->derived = derived_name(dst, strlen(dst));
			im->renames = xreallocarray(im->renames,
			    im->nrenames + 1, sizeof *im->renames);
			im->renames[im->nrenames++] = c;
			res = c;
		}
	}
	/* "contact.email": the synonyms of its last part (jflat.h) */
	if (res == NULL && (leaf = jflat_leaf(name, nlen)) > 0) {
		res = resolve_name(im, name + leaf, nlen - leaf);
		if (res != NULL && res->field < 0)
			res = NULL;	/* only to a canonical field */
	}
	strmap_put(im->cache, name, nlen, (void *)res);
	return res;
}

/* resolve: what the column at position i called name maps to. */
static const colres *
resolve(imp *im, size_t i, const char *name, size_t nlen)
{
	if (i < im->npos && im->pos_len[i] == nlen &&
	    memcmp(im->pos_name[i], name, nlen) == 0)
		return im->pos_res[i];
	if (i >= im->npos) {
		size_t n = i + 16;
		im->pos_name = xreallocarray(im->pos_name, n,
		    sizeof *im->pos_name);
		im->pos_len = xreallocarray(im->pos_len, n, sizeof *im->pos_len);
		im->pos_res = xreallocarray(im->pos_res, n, sizeof *im->pos_res);
		for (; im->npos < n; im->npos++) {
			im->pos_name[im->npos] = NULL;
			im->pos_len[im->npos] = (size_t)-1;
		}
	}
	free(im->pos_name[i]);
	im->pos_name[i] = xstrndup(name, nlen);
	im->pos_len[i] = nlen;
	return im->pos_res[i] = resolve_name(im, name, nlen);
}

static void
add_fallback(imp *im, rec_field *f, int field)
{
	if (im->nfallback == im->capfallback) {
		im->capfallback = im->capfallback ? im->capfallback * 2 : 8;
		im->fallback = xreallocarray(im->fallback, im->capfallback,
		    sizeof *im->fallback);
		im->fallback_to = xreallocarray(im->fallback_to,
		    im->capfallback, sizeof *im->fallback_to);
	}
	im->fallback[im->nfallback] = f;
	im->fallback_to[im->nfallback++] = field;
}

/* is_named: f is called exactly like canonical field k. */
static bool
is_named(const rec_field *f, int k)
{
	/* strncmp stops at the end of the shorter name first */
	return strncmp(f->name, field_name(k), f->nlen) == 0 &&
	    field_name(k)[f->nlen] == '\0';
}

/* map_columns: fill l->f[] and rename columns (step 1 of import.h).  A
 * column already named like a canonical field wins over a synonym. */
static void
map_columns(imp *im, field_lead *l)
{
	rec *r = l->r;
	size_t n = r->n;

	im->nfallback = 0;
	if (n > im->capres) {
		im->capres = n;
		im->res = xreallocarray(im->res, n, sizeof *im->res);
	}
	for (size_t i = 0; i < n; i++) {
		rec_field *f = &r->f[i];
		const colres *c = NULL;
		if (f->kind != REC_DEL)
			c = resolve(im, i, f->name, f->nlen);
		im->res[i] = c;
		if (c != NULL && c->derived) {
			l->named_like_derived = true;
			if (c->rename == NULL) {	/* nothing to map */
				im->res[i] = NULL;
				continue;
			}
		}
		if (c != NULL && c->field >= 0 && is_named(f, c->field)) {
			l->f[c->field] = f;
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
			f->tag = FIELD_TAG_CANONICAL;
		} else {
			add_fallback(im, f, c->field);
		}
	}
}

/* key_class: 0-25 for a-z, 26-35 for 0-9, 36 for anything else. */
static int
key_class(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26 + c - '0';
	return 36;
}

static void
note_placeholder(void *ctx, const char *key, size_t n)
{
	imp *im = ctx;

	if (n < sizeof im->ph_seen[0])
		im->ph_seen[key_class(key[0])][n] = true;
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
	size_t k = 0;
	bool gap = false;

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
	}
	if (k > 0)
		return im->ph_seen[key_class(key[0])][k] &&
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

/* make_id: a stable id: a hash of the source and the first of e-mail,
 * phone, or (names, company) present, else of the record's text. */
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
	char hex[3 + 16 + 1] = "lk-";

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
	for (size_t i = 0; i < 8; i++)
		snprintf(hex + 3 + 2 * i, 3, "%02x", d[i]);
	field_set(l, F_ID, hex, strlen(hex));
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
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		if (f->kind == REC_DEL)
			continue;
		/* by name: resolve() stays inlined in import_take */
		const colres *c = resolve_name(im, f->name, f->nlen);
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
	if (im->o.date_order != DATE_ORDER_NONE)
		return im->o.date_order;
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

	im->t.date_order = date_order_of(im);

	/* webhook shapes: lists of one, field_data, nested objects */
	jflat_record(r, list_fields);
	/* field pointers stay valid while the stage adds its fields */
	rec_reserve(r, sizeof added_fields / sizeof *added_fields);
	map_columns(im, &l);
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
	}
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
		if (!field_has(&l, essential[i])) {
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
	if (!field_has(&l, F_ID))
		make_id(&l);
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

	colmap_free(im->map);
	strmap_free(im->cache);
	for (size_t i = 0; i < im->npos; i++)
		free(im->pos_name[i]);
	free(im->pos_name);
	free(im->pos_len);
	free(im->pos_res);
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
	im->t.free_dom = from->t.free_dom;
	im->t.disp_dom = from->t.disp_dom;
	im->t.disp_wild = from->t.disp_wild;
	im->t.roles = from->t.roles;
	im->placeholders = from->placeholders;
	im->symbols = from->symbols;
	im->words = from->words;
	im->t.titles = from->t.titles;
	memcpy(im->ph_seen, from->ph_seen, sizeof im->ph_seen);
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

static strset *
load_list(const char *name, strset_fold_fn fold)
{
	strset *s = strset_new();
	sbuf path = SBUF_INIT;

	if (strset_load(s, cli_share_path(&path, name), fold) != 0)
		cli_die(LK_EXIT_DATA, "%s:", path.p);
	sbuf_free(&path);
	return s;
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
static imp *
setup(const import_opts *io)
{
	imp *im = xcalloc(1, sizeof *im);
	char *err = NULL;
	sbuf b = SBUF_INIT;

	im->st.vt = &import_vt;
	im->st.fields = added_fields;
	im->o = *io;
	for (int k = 0; k < F_COUNT; k++)
		im->canon[k].field = k;
	im->derived = (colres){ .field = -1, .derived = true };
	im->cache = strmap_new();
	im->map = colmap_new();
	for (int k = 0; k < F_COUNT; k++) {	/* "First Name" = first_name */
		sbuf_reset(&b);
		sbuf_addf(&b, "%s=%s", field_name(k), field_name(k));
		colmap_add(im->map, b.p);
	}
	if (colmap_load(im->map, cli_share_path(&b, "columns.map"), &err) != 0 ||
	    (io->map_file != NULL &&
	    colmap_load(im->map, io->map_file, &err) != 0))
		cli_die(LK_EXIT_DATA, "%s", err);
	for (size_t i = 0; i < io->nmaps; i++)
		if (colmap_add(im->map, io->maps[i]) != 0)
			cli_usage_error("--map: \"%s\" is not Source=field",
			    io->maps[i]);
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
	im->t.free_dom = load_list("free-email-domains.txt", domain_fold);
	im->t.disp_dom = load_list("disposable-email-domains.txt", domain_fold);
	im->t.disp_wild = load_list("disposable-email-domains-wildcard.txt",
	    domain_fold);
	im->t.roles = load_list("role-accounts.txt", fold_lower);
	load_placeholders(im);
	strset_each(im->placeholders, note_placeholder, im);
	im->t.titles = honorific_new();
	if (honorific_load(im->t.titles, cli_share_path(&path, "titles.txt"),
	    &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	im->t.suffixes = load_list("legal-suffixes.txt", fold_key);
	im->t.fakes = load_list("fake-names.txt", fold_key);
	sbuf_free(&path);
	sbuf_free(&err);
	return &im->st;
}
