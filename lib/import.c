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
#include "fold.h"
#include "jscan.h"
#include "name.h"
#include "num.h"
#include "phone.h"
#include "sbuf.h"
#include "strmap.h"
#include "strset.h"
#include "xmem.h"

/* Canonical fields, in the order they are normalized: country before the
 * phone number and dates that depend on it, a full name before first and
 * last names, e-mail before the domain derived from it. */
enum {
	F_ID, F_SOURCE, F_CHANNEL, F_CAMPAIGN, F_COUNTRY, F_CREATED_AT,
	F_NAME, F_FIRST_NAME, F_LAST_NAME, F_EMAIL, F_PHONE, F_TITLE,
	F_COMPANY, F_WEBSITE, F_DOMAIN, F_CITY, F_POSTCODE, F_EMPLOYEES,
	F_ANNUAL_REVENUE, F_INDUSTRY, F_BUDGET, F_AUTHORITY, F_NEED,
	F_TIMELINE_DAYS, F_CONSENT, F_EVENTS, F_COUNT
};

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
	"events", "email_kind", "phone_ext",
	"company_key", "domain", "missing_fields", "quality_flags",
	"imported_at", "email_raw", "phone_raw", "country_raw",
	"created_at_raw", "domain_raw", "employees_raw", "annual_revenue_raw",
	"timeline_days_raw", "consent_raw", "events_raw", NULL
};

typedef struct imp imp;

/* The working state of one record. */
typedef struct lead {
	rec *r;
	rec_field *f[F_COUNT];	/* the canonical fields present */
	const country *ctry;	/* its country, else --country */
	sbuf flags;		/* quality_flags as JSON list items */
	const char *email_kind;
} lead;

typedef void (*norm_fn)(imp *im, lead *l, rec_field *f, const char *s,
    size_t n);

static void norm_text(imp *, lead *, rec_field *, const char *, size_t);
static void norm_country(imp *, lead *, rec_field *, const char *, size_t);
static void norm_date(imp *, lead *, rec_field *, const char *, size_t);
static void norm_fullname(imp *, lead *, rec_field *, const char *, size_t);
static void norm_person(imp *, lead *, rec_field *, const char *, size_t);
static void norm_email(imp *, lead *, rec_field *, const char *, size_t);
static void norm_phone(imp *, lead *, rec_field *, const char *, size_t);
static void norm_company(imp *, lead *, rec_field *, const char *, size_t);
static void norm_website(imp *, lead *, rec_field *, const char *, size_t);
static void norm_domain(imp *, lead *, rec_field *, const char *, size_t);
static void norm_place(imp *, lead *, rec_field *, const char *, size_t);
static void norm_postcode(imp *, lead *, rec_field *, const char *, size_t);
static void norm_count(imp *, lead *, rec_field *, const char *, size_t);
static void norm_amount(imp *, lead *, rec_field *, const char *, size_t);
static void norm_budget(imp *, lead *, rec_field *, const char *, size_t);
static void norm_days(imp *, lead *, rec_field *, const char *, size_t);
static void norm_bool(imp *, lead *, rec_field *, const char *, size_t);
static void norm_events(imp *, lead *, rec_field *, const char *, size_t);

/* What a field holds once normal, so that a value already in that form
 * (a JSON number, "646000" from CSV) is taken as it is. */
typedef enum field_type {
	T_TEXT,		/* a string (an id may also be a number) */
	T_NUM,		/* a number */
	T_BOOL,		/* true or false */
	T_NUMBOOL,	/* a number, true or false, or else text */
	T_LIST,		/* an array */
} field_type;

/* The field table: name, normalizer, type. */
static const struct field_def {
	const char *name;
	norm_fn norm;
	field_type type;
} fields[F_COUNT] = {
	[F_ID]			= { "id",		norm_text,	T_TEXT },
	[F_SOURCE]		= { "source",		norm_text,	T_TEXT },
	[F_CHANNEL]		= { "channel",		norm_text,	T_TEXT },
	[F_CAMPAIGN]		= { "campaign",		norm_text,	T_TEXT },
	[F_COUNTRY]		= { "country",		norm_country,	T_TEXT },
	[F_CREATED_AT]		= { "created_at",	norm_date,	T_TEXT },
	[F_NAME]		= { "name",		norm_fullname,	T_TEXT },
	[F_FIRST_NAME]		= { "first_name",	norm_person,	T_TEXT },
	[F_LAST_NAME]		= { "last_name",	norm_person,	T_TEXT },
	[F_EMAIL]		= { "email",		norm_email,	T_TEXT },
	[F_PHONE]		= { "phone",		norm_phone,	T_TEXT },
	[F_TITLE]		= { "title",		norm_text,	T_TEXT },
	[F_COMPANY]		= { "company",		norm_company,	T_TEXT },
	[F_WEBSITE]		= { "website",		norm_website,	T_TEXT },
	[F_DOMAIN]		= { "domain",		norm_domain,	T_TEXT },
	[F_CITY]		= { "city",		norm_place,	T_TEXT },
	[F_POSTCODE]		= { "postcode",		norm_postcode,	T_TEXT },
	[F_EMPLOYEES]		= { "employees",	norm_count,	T_NUM },
	[F_ANNUAL_REVENUE]	= { "annual_revenue",	norm_amount,	T_NUM },
	[F_INDUSTRY]		= { "industry",		norm_text,	T_TEXT },
	[F_BUDGET]		= { "budget",		norm_budget,	T_NUMBOOL },
	[F_AUTHORITY]		= { "authority",	norm_budget,	T_NUMBOOL },
	[F_NEED]		= { "need",		norm_text,	T_TEXT },
	[F_TIMELINE_DAYS]	= { "timeline_days",	norm_days,	T_NUM },
	[F_CONSENT]		= { "consent",		norm_bool,	T_BOOL },
	[F_EVENTS]		= { "events",		norm_events,	T_LIST },
};

/* plain_int: s is an integer as leadkit writes numbers: digits, no sign,
 * no leading zero, at most 15 of them. */
static bool
plain_int(const char *s, size_t n)
{
	if (n == 0 || n > 15 || (s[0] == '0' && n > 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* already_normal: f's value needs no normalizing for a field of type t:
 * a JSON value of that type, or (as from CSV) its exact text, which is then
 * turned into the JSON value. */
static bool
already_normal(rec *r, rec_field *f, field_type t, const char *s, size_t n)
{
	bool num = t == T_NUM || t == T_NUMBOOL;
	bool boolean = t == T_BOOL || t == T_NUMBOOL;

	if (f->kind == REC_RAW && f->v[0] != '"')
		return (f->v[0] == 't' || f->v[0] == 'f') ? boolean :
		    (num || t == T_TEXT || t == T_LIST);
	if (s == NULL)
		return false;
	if ((num && plain_int(s, n)) || (boolean &&
	    ((n == 4 && memcmp(s, "true", 4) == 0) ||
	    (n == 5 && memcmp(s, "false", 5) == 0)))) {
		rec_field_set_raw(r, f, s, n);
		return true;
	}
	return false;
}

/* What a column name resolves to: a canonical field, or a plain rename
 * (a --map to a non-canonical name). */
typedef struct colres {
	int field;		/* F_*, or -1 */
	const char *rename;	/* when field is -1 */
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
	colres **renames;
	size_t nrenames;
	country_table *countries;
	const country *defc;
	bool borrowed;		/* the lists below are a clone's, not its own */
	strset *free_dom, *disp_dom, *disp_wild, *roles;
	strset *placeholders;	/* placeholders.txt folded */
	strset *symbols;	/* its entries that fold to nothing: "-", "?" */
	/* ph_seen[c][len]: a placeholder key starts with the letter or digit
	 * c (see key_class) and is len bytes long: most values are ruled
	 * out without hashing them */
	bool ph_seen[37][33];
	strset *suffixes, *fakes;
	req *reqs;
	size_t nreqs;
	char imported_at[32];
	sbuf a, b;		/* scratch, reused per field */
	rec_field **fallback;	/* per record: extra columns of a field */
	int *fallback_to;
	size_t nfallback, capfallback;
};

/* ---- small helpers ---- */

/* flag: add name to the record's quality_flags, once. */
static void
flag(lead *l, const char *name)
{
	char quoted[64];
	size_t len = strlen(name);

	quoted[0] = '"';
	memcpy(quoted + 1, name, len);	/* names are short literals */
	quoted[len + 1] = '"';
	len += 2;
	if (l->flags.n > 0 && memmem(l->flags.p, l->flags.n, quoted, len) != NULL)
		return;
	if (l->flags.n > 0)
		sbuf_addc(&l->flags, ',');
	sbuf_add(&l->flags, quoted, len);
}

/* Field tags (rec_field.tag) while a record is imported. */
enum { TAG_NONE, TAG_CANONICAL, TAG_DERIVED };

/* lead_set: set canonical field k to the string s, adding it if absent.
 * s is normal already: the field is not normalized again. */
static void
lead_set(lead *l, int k, const char *s, size_t n)
{
	if (l->f[k] == NULL) {
		rec_set_str(l->r, fields[k].name, s, n);
		l->f[k] = &l->r->f[l->r->n - 1];
	} else {
		rec_field_set_str(l->r, l->f[k], s, n);
	}
	l->f[k]->tag = TAG_DERIVED;
}

/* lead_has: canonical field k is present and not empty. */
static bool
lead_has(lead *l, int k)
{
	size_t n;
	rec_field *f = l->f[k];

	if (f == NULL || f->kind == REC_DEL)
		return false;
	if (f->kind == REC_STR)
		return f->vlen > 0;
	return rec_field_str(l->r, f, &n) == NULL || n > 0;
}

/* keep_raw: the value a field could not be normalized from goes to
 * <field>_raw, and the field itself becomes missing. */
static void
keep_raw(lead *l, rec_field *f, const char *s, size_t n)
{
	char name[64];

	snprintf(name, sizeof name, "%s_raw", f->name);
	f->kind = REC_DEL;	/* s stays valid: arena or reader memory */
	rec_set_str(l->r, name, s, n);
}

static void
drop(lead *l, rec_field *f)
{
	f->kind = REC_DEL;
	l->r->raw_is_json = false;
}

static bool
is_space_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f') {
		*len = 1;
		return true;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*len = 2;	/* no-break space */
		return true;
	}
	return false;
}

/* tidy_already: s has no white space to squeeze: none at either end, no
 * run of two, nothing but plain spaces. */
static bool
tidy_already(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	if (n == 0)
		return true;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c > ' ' && c != 0xC2)
			continue;
		if (c == ' ' ? s[i + 1] == ' ' : c < ' ')
			return false;
		if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)
			return false;
	}
	return true;
}

/* squeeze: s with white space runs as one space, trimmed, into out.
 * Returns false, leaving out alone, when s needs no change. */
static bool
squeeze(sbuf *out, const char *s, size_t n)
{
	size_t k;
	bool space = false;

	if (tidy_already(s, n))
		return false;
	sbuf_reset(out);
	for (size_t i = 0; i < n; i += k) {
		if (is_space_at(s, n, i, &k)) {
			space = out->n > 0;
			continue;
		}
		k = 1;
		if (space)
			sbuf_addc(out, ' ');
		space = false;
		sbuf_addc(out, s[i]);
	}
	return true;
}

static void
set_text(lead *l, rec_field *f, const sbuf *v)
{
	if (v->n == 0)
		drop(l, f);
	else
		rec_field_set_str(l->r, f, v->p, v->n);
}

/* ---- normalizers: each gets the field and its string value ---- */

static void
norm_text(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	if (squeeze(&im->a, s, n))
		set_text(l, f, &im->a);
}

static void
norm_country(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	const country *c = country_lookup(im->countries, s, n);

	if (c == NULL) {
		keep_raw(l, f, s, n);
		flag(l, "unknown_country");
		return;
	}
	l->ctry = c;
	if (n != 2 || memcmp(s, c->alpha2, 2) != 0)
		rec_field_set_str(l->r, f, c->alpha2, 2);
}

/* month_first: slashed dates of this record read month first (its
 * country, else --country, is the US). */
static bool
month_first(imp *im, lead *l)
{
	const country *c = l->ctry != NULL ? l->ctry : im->defc;

	return c != NULL && strcmp(c->alpha2, "US") == 0;
}

static void
norm_date(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	bool mdy = month_first(im, l);

	sbuf_reset(&im->a);
	if (date_iso(&im->a, s, n, mdy) == DATE_BAD) {
		keep_raw(l, f, s, n);
		flag(l, "bad_date");
		return;
	}
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		rec_field_set_str(l->r, f, im->a.p, im->a.n);
}

static void
norm_fullname(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(im, l, f, s, n);
	if (name_is_fake(s, n, im->fakes))
		flag(l, "fake_name");
	if (l->f[F_FIRST_NAME] != NULL || l->f[F_LAST_NAME] != NULL)
		return;
	sbuf_reset(&im->a);
	sbuf_reset(&im->b);
	name_split(&im->a, &im->b, s, n);
	/* later entries of the field table check the split names */
	if (im->a.n > 0)
		lead_set(l, F_FIRST_NAME, im->a.p, im->a.n);
	if (im->b.n > 0)
		lead_set(l, F_LAST_NAME, im->b.p, im->b.n);
}

static void
norm_person(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(&im->a);
	name_tidy(&im->a, s, n);
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		set_text(l, f, &im->a);
	if (name_is_fake(s, n, im->fakes))
		flag(l, "fake_name");
}

/* in_domain_list: d or, for the wildcard list, any parent domain of it. */
static bool
in_domain_list(const strset *exact, const strset *wild, const char *d)
{
	size_t n = strlen(d);

	if (exact != NULL && strset_has(exact, d, n))
		return true;
	for (const char *p = d; wild != NULL && p != NULL;
	    p = strchr(p, '.') ? strchr(p, '.') + 1 : NULL)
		if (strchr(p, '.') != NULL && strset_has(wild, p, strlen(p)))
			return true;
	return false;
}

/* Domains reserved for documentation and tests (RFC 2606, RFC 6761). */
static const char *const test_tlds[] = {
	".test", ".example", ".invalid", ".localhost", ".local",
};
static const char *const test_domains[] = {
	"example.com", "example.net", "example.org", "test.com", "test.de",
	"test.nl", "test.pl", "test.org", "domain.com", "email.com",
};

static bool
is_test_domain(const char *d)
{
	size_t n = strlen(d);

	for (size_t i = 0; i < sizeof test_tlds / sizeof *test_tlds; i++) {
		size_t k = strlen(test_tlds[i]);
		if (n > k && memcmp(d + n - k, test_tlds[i], k) == 0)
			return true;
	}
	for (size_t i = 0; i < sizeof test_domains / sizeof *test_domains; i++)
		if (strcmp(d, test_domains[i]) == 0)
			return true;
	return false;
}

static void
norm_email(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(&im->a);
	if (email_norm(&im->a, s, n) != 0) {
		keep_raw(l, f, s, n);
		flag(l, "invalid_email");
		return;
	}
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		rec_field_set_str(l->r, f, im->a.p, im->a.n);
	const char *email = im->a.p;
	const char *domain = email_domain(email);
	size_t locallen = (size_t)(domain - 1 - email);
	/* precedence: disposable, free, role, corporate */
	if (in_domain_list(im->disp_dom, im->disp_wild, domain)) {
		l->email_kind = "disposable";
		flag(l, "disposable_email");
	} else if (strset_has(im->free_dom, domain, strlen(domain))) {
		l->email_kind = "free";
	} else if (strset_has(im->roles, email, locallen)) {
		l->email_kind = "role";
	} else {
		l->email_kind = "corporate";
	}
	if (is_test_domain(domain))
		flag(l, "test_email");
	rec_set_str(l->r, "email_kind", l->email_kind, strlen(l->email_kind));
}

static void
norm_phone(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	const country *defc = l->ctry != NULL ? l->ctry : im->defc;
	phone_status st;

	sbuf_reset(&im->a);
	sbuf_reset(&im->b);
	st = phone_e164(&im->a, &im->b, s, n, im->countries, defc);
	if (st != PHONE_OK) {
		keep_raw(l, f, s, n);
		flag(l, "invalid_phone");
		return;
	}
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		rec_field_set_str(l->r, f, im->a.p, im->a.n);
	if (im->b.n > 0)
		rec_set_str(l->r, "phone_ext", im->b.p, im->b.n);
}

static void
norm_company(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(im, l, f, s, n);
	sbuf_reset(&im->b);
	company_key(&im->b, s, n, im->suffixes);
	if (im->b.n > 0)
		rec_set_str(l->r, "company_key", im->b.p, im->b.n);
	if (name_is_fake(s, n, im->fakes))
		flag(l, "fake_company");
}

static void
norm_website(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(im, l, f, s, n);
	if (lead_has(l, F_DOMAIN))
		return;
	sbuf_reset(&im->a);
	if (domain_from_url(&im->a, s, n) == 0)
		lead_set(l, F_DOMAIN, im->a.p, im->a.n);
	else
		flag(l, "invalid_website");
}

static void
norm_domain(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(&im->a);
	if (domain_from_url(&im->a, s, n) != 0) {
		keep_raw(l, f, s, n);
		flag(l, "invalid_domain");
		return;
	}
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		rec_field_set_str(l->r, f, im->a.p, im->a.n);
}

static void
norm_place(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(&im->a);
	name_tidy(&im->a, s, n);
	if (im->a.n != n || memcmp(im->a.p, s, n) != 0)
		set_text(l, f, &im->a);
}

static void
norm_postcode(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	bool changed = squeeze(&im->a, s, n);

	if (!changed) {
		sbuf_reset(&im->a);
		sbuf_add(&im->a, s, n);
	}
	for (size_t i = 0; i < im->a.n; i++)
		if (im->a.p[i] >= 'a' && im->a.p[i] <= 'z') {
			im->a.p[i] = (char)(im->a.p[i] - 'a' + 'A');
			changed = true;
		}
	if (changed)
		set_text(l, f, &im->a);
}

static void
set_num(imp *im, lead *l, rec_field *f, double v)
{
	sbuf_reset(&im->a);
	num_format(&im->a, v);
	rec_field_set_raw(l->r, f, im->a.p, im->a.n);
}

static void
norm_count(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	double lo, hi;

	if (num_range(s, n, &lo, &hi) != 0) {
		keep_raw(l, f, s, n);
		flag(l, "bad_number");
		return;
	}
	if (lo != hi)	/* a range: keep what was written */
		rec_set_str(l->r, "employees_raw", s, n);
	set_num(im, l, f, lo);
}

/* norm_parsed: the number parse() reads from s, or the value kept raw. */
static void
norm_parsed(imp *im, lead *l, rec_field *f, const char *s, size_t n,
    int (*parse)(const char *, size_t, double *))
{
	double v;

	if (parse(s, n, &v) != 0) {
		keep_raw(l, f, s, n);
		flag(l, "bad_number");
		return;
	}
	set_num(im, l, f, v);
}

static void
norm_amount(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	norm_parsed(im, l, f, s, n, num_parse);
}

/* norm_budget: a number, else a yes/no, else the text (budget "approved",
 * authority "champion" are meaningful as written). */
static void
norm_budget(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	double v;
	int b;

	if (num_parse(s, n, &v) == 0)
		set_num(im, l, f, v);
	else if ((b = num_bool(s, n)) >= 0)
		rec_field_set_raw(l->r, f, b ? "true" : "false", b ? 4 : 5);
	else
		norm_text(im, l, f, s, n);
}

static void
norm_days(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	norm_parsed(im, l, f, s, n, num_days);
}

static void
norm_bool(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	int b = num_bool(s, n);

	(void)im;
	if (b < 0) {
		keep_raw(l, f, s, n);
		flag(l, "bad_boolean");
		return;
	}
	rec_field_set_raw(l->r, f, b ? "true" : "false", b ? 4 : 5);
}

/* iso_utc: s is exactly "YYYY-MM-DDTHH:MM:SSZ" (shape only). */
static bool
iso_utc(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	if (n != sizeof shape - 1)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

/*
 * events_clean: an NDJSON events array whose every "at" is already normal,
 * checked without decoding it.  In valid JSON a string "at" followed by ':'
 * or white space can only be a member name (a value is followed by ',', '}'
 * or ']'); "at" with white space before its ':' is left to the slow path.
 */
static bool
events_clean(const char *v, size_t vlen)
{
	const char *p = v, *end = v + vlen;

	if (v[0] != '[')
		return false;
	while ((p = memmem(p, (size_t)(end - p), "\"at\"", 4)) != NULL) {
		p += 4;
		if (p < end && strchr(" \t\r\n", *p) != NULL)
			return false;
		if (p >= end || *p != ':')
			continue;
		p++;
		if (end - p < 22 || p[0] != '"' || p[21] != '"' ||
		    !iso_utc(p + 1, 20))
			return false;
	}
	return true;
}

static void
norm_events(imp *im, lead *l, rec_field *f, const char *s, size_t n)
{
	json_t *ev, *e;
	size_t i;

	if (f->kind == REC_RAW && events_clean(f->v, f->vlen))
		return;
	/* a CSV cell or a string holding JSON, or dates to normalize */
	ev = f->kind == REC_RAW && f->v[0] == '[' ?
	    json_incref(rec_field_json(l->r, f)) :
	    json_loadb(s != NULL ? s : "", s != NULL ? n : 0, 0, NULL);
	if (!json_is_array(ev)) {
		json_decref(ev);
		if (s != NULL)
			keep_raw(l, f, s, n);
		else
			drop(l, f);
		flag(l, "bad_events");
		return;
	}
	json_t *copy = json_deep_copy(ev);
	json_decref(ev);
	json_array_foreach(copy, i, e) {
		json_t *at = json_object_get(e, "at");
		if (!json_is_string(at))
			continue;
		sbuf_reset(&im->a);
		if (date_iso(&im->a, json_string_value(at),
		    json_string_length(at), month_first(im, l)) == DATE_BAD)
			flag(l, "bad_date");
		else
			json_object_set_new(e, "at", json_string(im->a.p));
	}
	rec_set_json(l->r, "events", copy);
}

/* ---- the stage ---- */

static const colres *
resolve_name(imp *im, const char *name, size_t nlen)
{
	void *val;

	if (strmap_get(im->cache, name, nlen, &val))
		return val;
	const colres *res = NULL;
	const char *dst = NULL;
	for (int k = 0; k < F_COUNT && res == NULL; k++)
		if (strlen(fields[k].name) == nlen &&
		    memcmp(fields[k].name, name, nlen) == 0)
			res = &im->canon[k];
	if (res == NULL && (dst = colmap_lookup(im->map, name, nlen)) != NULL) {
		for (int k = 0; k < F_COUNT && res == NULL; k++)
			if (strcmp(fields[k].name, dst) == 0)
				res = &im->canon[k];
		if (res == NULL) {
			colres *c = xmalloc(sizeof *c);
			c->field = -1;
			c->rename = dst;
			im->renames = xreallocarray(im->renames,
			    im->nrenames + 1, sizeof *im->renames);
			im->renames[im->nrenames++] = c;
			res = c;
		}
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
	return strncmp(f->name, fields[k].name, f->nlen) == 0 &&
	    fields[k].name[f->nlen] == '\0';
}

/* map_columns: fill l->f[] and rename columns (step 1 of import.h).  A
 * column already named like a canonical field wins over a synonym. */
static void
map_columns(imp *im, lead *l)
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
		if (c != NULL && c->field >= 0 && is_named(f, c->field)) {
			l->f[c->field] = f;
			f->tag = TAG_CANONICAL;
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
			rec_field_rename(r, f, fields[c->field].name);
			l->f[c->field] = f;
			f->tag = TAG_CANONICAL;
		} else {
			add_fallback(im, f, c->field);
		}
	}
}

static bool
blank(const char *s, size_t n)
{
	size_t k;

	for (size_t i = 0; i < n; i += k)
		if (!is_space_at(s, n, i, &k))
			return false;
	return true;
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

/* is_placeholder: a short string value that means "no value": folded (as
 * fold_key does; inline for ASCII) it is in placeholders.txt, or it folds to
 * nothing and is one of the list's symbols ("-", "?", "--") as written. */
static bool
is_placeholder(imp *im, const char *s, size_t n)
{
	char key[32];
	size_t k = 0;
	bool gap = false;

	if (n > sizeof key)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			sbuf_reset(&im->b);
			fold_key(&im->b, s, n);
			if (im->b.n >= sizeof key)	/* NFKC can expand */
				return false;
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
		    strset_has(im->placeholders, key, k);
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strset_has(im->symbols, s, n);
}

/* drop_placeholder: drop f if it is a string that means "no value" (or
 * an empty one, or null); flag it when it is a canonical field. */
static void
drop_placeholder(imp *im, lead *l, rec_field *f)
{
	const char *s;
	size_t n;

	if (f->kind == REC_RAW && f->v[0] == 'n') {
		drop(l, f);
		return;
	}
	if (f->kind != REC_STR && !(f->kind == REC_RAW && f->v[0] == '"'))
		return;
	s = rec_field_str(l->r, f, &n);
	if (n == 0 || blank(s, n)) {
		drop(l, f);
	} else if (is_placeholder(im, s, n)) {
		if (f->tag)
			flag(l, "placeholder_value");
		drop(l, f);
	}
}

/* set_list: field name = [items], items being JSON text "a","b". */
static void
set_list(imp *im, rec *r, const char *name, const sbuf *items)
{
	sbuf_reset(&im->a);
	sbuf_addc(&im->a, '[');
	sbuf_add(&im->a, sbuf_str(items), items->n);
	sbuf_addc(&im->a, ']');
	rec_set_raw(r, name, im->a.p, im->a.n);
}

/* make_id: a stable id: a hash of the source and the first of e-mail,
 * phone, or (names, company) present, else of the record's text. */
static void
make_id(lead *l)
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
	if (lead_has(l, F_SOURCE) &&
	    (s = rec_field_str(l->r, l->f[F_SOURCE], &n)) != NULL)
		sha256_update(&ctx, n, (const uint8_t *)s);
	sha256_update(&ctx, 1, (const uint8_t *)"");
	for (size_t k = 0; k < sizeof keys / sizeof *keys && !any; k++)
		for (size_t j = 0; j < 3 && keys[k][j] >= 0; j++)
			if (lead_has(l, keys[k][j]) && (s = rec_field_str(l->r,
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
	lead_set(l, F_ID, hex, strlen(hex));
}

static void
import_take(stage *st, rec *r)
{
	imp *im = (imp *)st;
	lead l = { .r = r };
	const char *s;
	size_t n;

	/* field pointers stay valid while the stage adds its fields */
	rec_reserve(r, sizeof added_fields / sizeof *added_fields);
	map_columns(im, &l);
	for (size_t i = 0; i < r->n; i++)
		drop_placeholder(im, &l, &r->f[i]);
	/* extra columns of a field fill it when it is empty */
	for (size_t i = 0; i < im->nfallback; i++) {
		rec_field *to = l.f[im->fallback_to[i]], *from = im->fallback[i];
		if (to->kind != REC_DEL || from->kind == REC_DEL ||
		    (s = rec_field_str(r, from, &n)) == NULL)
			continue;
		rec_field_set_str(r, to, s, n);
	}
	for (int k = 0; k < F_COUNT; k++) {
		rec_field *f = l.f[k];
		if (f == NULL || f->kind == REC_DEL || f->tag == TAG_DERIVED)
			continue;
		s = rec_field_str(r, f, &n);
		if (k != F_EVENTS && already_normal(r, f, fields[k].type, s, n))
			continue;
		fields[k].norm(im, &l, f, s, n);
	}
	/* "Mickey" "Mouse" is as fake as "Mickey Mouse" */
	if (lead_has(&l, F_FIRST_NAME) && lead_has(&l, F_LAST_NAME)) {
		size_t fn, ln;
		const char *first = rec_field_str(r, l.f[F_FIRST_NAME], &fn);
		const char *last = rec_field_str(r, l.f[F_LAST_NAME], &ln);
		sbuf_reset(&im->b);
		sbuf_add(&im->b, first, fn);
		sbuf_addc(&im->b, ' ');
		sbuf_add(&im->b, last, ln);
		if (name_is_fake(im->b.p, im->b.n, im->fakes))
			flag(&l, "fake_name");
	}
	/* derived fields: a company address gives the company's domain */
	if (!lead_has(&l, F_DOMAIN) && l.email_kind != NULL &&
	    (strcmp(l.email_kind, "corporate") == 0 ||
	    strcmp(l.email_kind, "role") == 0) &&
	    (s = rec_field_str(r, l.f[F_EMAIL], NULL)) != NULL) {
		const char *d = email_domain(s);
		lead_set(&l, F_DOMAIN, d, strlen(d));
	}
	if (im->o.source != NULL && !lead_has(&l, F_SOURCE))
		lead_set(&l, F_SOURCE, im->o.source, strlen(im->o.source));
	sbuf_reset(&im->b);
	for (size_t i = 0; i < sizeof essential / sizeof *essential; i++)
		if (!lead_has(&l, essential[i])) {
			const char *name = fields[essential[i]].name;
			if (im->b.n > 0)
				sbuf_addc(&im->b, ',');
			sbuf_addc(&im->b, '"');
			sbuf_adds(&im->b, name);
			sbuf_addc(&im->b, '"');
		}
	set_list(im, r, "missing_fields", &im->b);
	set_list(im, r, "quality_flags", &l.flags);
	sbuf_free(&l.flags);
	rec_set_str(r, "imported_at", im->imported_at,
	    strlen(im->imported_at));
	if (!lead_has(&l, F_ID))
		make_id(&l);
	for (size_t i = 0; i < im->nreqs; i++) {
		size_t j;
		for (j = 0; j < im->reqs[i].n; j++)
			if (lead_has(&l, im->reqs[i].field[j]))
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
	country_table_free(im->countries);
	if (!im->borrowed) {
		strset_free(im->free_dom);
		strset_free(im->disp_dom);
		strset_free(im->disp_wild);
		strset_free(im->roles);
		strset_free(im->placeholders);
		strset_free(im->symbols);
		strset_free(im->suffixes);
		strset_free(im->fakes);
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
	free(im);
}

static stage *import_clone(const stage *st);
static imp *setup(const import_opts *io);

static const stage_vt import_vt = {
	.name = "import",
	.take = import_take,
	.free = import_free,
	.fields = added_fields,
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
	im->free_dom = from->free_dom;
	im->disp_dom = from->disp_dom;
	im->disp_wild = from->disp_wild;
	im->roles = from->roles;
	im->placeholders = from->placeholders;
	im->symbols = from->symbols;
	memcpy(im->ph_seen, from->ph_seen, sizeof im->ph_seen);
	im->suffixes = from->suffixes;
	im->fakes = from->fakes;
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

static int
field_index(const char *name)
{
	for (int k = 0; k < F_COUNT; k++)
		if (strcmp(fields[k].name, name) == 0)
			return k;
	return -1;
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
			int k = field_index(f);
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
	im->o = *io;
	for (int k = 0; k < F_COUNT; k++)
		im->canon[k].field = k;
	im->cache = strmap_new();
	im->map = colmap_new();
	for (int k = 0; k < F_COUNT; k++) {	/* "First Name" = first_name */
		sbuf_reset(&b);
		sbuf_addf(&b, "%s=%s", fields[k].name, fields[k].name);
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
	im->countries = country_table_load(cli_share_path(&b, "countries.tsv"),
	    &err);
	if (im->countries == NULL) {
		if (err != NULL)
			cli_die(LK_EXIT_DATA, "%s", err);
		cli_die(LK_EXIT_DATA, "%s:", b.p);
	}
	if (io->country != NULL && (im->defc = country_lookup(im->countries,
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

	im->free_dom = load_list("free-email-domains.txt", domain_fold);
	im->disp_dom = load_list("disposable-email-domains.txt", domain_fold);
	im->disp_wild = load_list("disposable-email-domains-wildcard.txt",
	    domain_fold);
	im->roles = load_list("role-accounts.txt", fold_lower);
	im->placeholders = load_list("placeholders.txt", fold_key);
	im->symbols = load_list("placeholders.txt", NULL);
	strset_each(im->placeholders, note_placeholder, im);
	im->suffixes = load_list("legal-suffixes.txt", fold_key);
	im->fakes = load_list("fake-names.txt", fold_key);
	return &im->st;
}
