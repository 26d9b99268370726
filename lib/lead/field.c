/* field.c - the canonical lead fields, and how each is normalized */
#include "lead/field.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "value/email.h"
#include "base/fold.h"
#include "io/jscan.h"
#include "value/name.h"
#include "value/num.h"
#include "value/phone.h"
#include "base/swar.h"

typedef void (*norm_fn)(field_lead *l, rec_field *f, const char *s,
    size_t n);

static void norm_text(field_lead *, rec_field *, const char *, size_t);
static void norm_country(field_lead *, rec_field *, const char *, size_t);
static void norm_date(field_lead *, rec_field *, const char *, size_t);
static void norm_fullname(field_lead *, rec_field *, const char *, size_t);
static void norm_person(field_lead *, rec_field *, const char *, size_t);
static void norm_email(field_lead *, rec_field *, const char *, size_t);
static void norm_phone(field_lead *, rec_field *, const char *, size_t);
static void norm_company(field_lead *, rec_field *, const char *, size_t);
static void norm_website(field_lead *, rec_field *, const char *, size_t);
static void norm_domain(field_lead *, rec_field *, const char *, size_t);
static void norm_place(field_lead *, rec_field *, const char *, size_t);
static void norm_postcode(field_lead *, rec_field *, const char *, size_t);
static void norm_count(field_lead *, rec_field *, const char *, size_t);
static void norm_amount(field_lead *, rec_field *, const char *, size_t);
static void norm_budget(field_lead *, rec_field *, const char *, size_t);
static void norm_days(field_lead *, rec_field *, const char *, size_t);
static void norm_bool(field_lead *, rec_field *, const char *, size_t);
static void norm_events(field_lead *, rec_field *, const char *, size_t);

/* What a field holds once normal, so that a value already in that form
 * (a JSON number, "646000" from CSV) is taken as it is. */
typedef enum field_type {
	T_TEXT,		/* a string (an id may also be a number) */
	T_NUM,		/* a number */
	T_BOOL,		/* true or false */
	T_NUMBOOL,	/* a number, true or false, or else text */
	T_LIST,		/* an array */
	T_DATE,		/* an ISO 8601 string: a number is read (an epoch,
			 * an Excel serial day), never taken as it is */
	T_STR,		/* a string: a JSON number is normalized from its
			 * text (a phone 4.93512e11 has lost its digits) */
	T_COUNT
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
	[F_CREATED_AT]		= { "created_at",	norm_date,	T_DATE },
	[F_NAME]		= { "name",		norm_fullname,	T_TEXT },
	[F_FIRST_NAME]		= { "first_name",	norm_person,	T_TEXT },
	[F_LAST_NAME]		= { "last_name",	norm_person,	T_TEXT },
	[F_EMAIL]		= { "email",		norm_email,	T_TEXT },
	[F_PHONE]		= { "phone",		norm_phone,	T_STR },
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
	[F_SOURCE_ID]		= { "source_id",	norm_text,	T_TEXT },
	[F_SOURCE_SYSTEM]	= { "source_system",	norm_text,	T_TEXT },
	[F_SALUTATION]		= { "salutation",	norm_text,	T_TEXT },
	[F_MOBILE]		= { "mobile",		norm_phone,	T_STR },
	[F_DO_NOT_CALL]		= { "do_not_call",	norm_bool,	T_BOOL },
	[F_STATUS]		= { "status",		norm_text,	T_TEXT },
	[F_CRM_SCORE]		= { "crm_score",	norm_amount,	T_NUM },
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

	if (t == T_DATE)
		return false;
	if (f->kind == REC_RAW && f->v[0] != '"') {
		if (t == T_STR && strchr("[{n", f->v[0]) == NULL)
			return false;	/* a number or boolean: as text */
		return (f->v[0] == 't' || f->v[0] == 'f') ? boolean :
		    (num || t == T_TEXT || t == T_LIST || t == T_STR);
	}
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

void
field_flag(field_lead *l, const char *name)
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

void
field_set(field_lead *l, int k, const char *s, size_t n)
{
	if (l->f[k] == NULL) {
		rec_set_str(l->r, fields[k].name, s, n);
		l->f[k] = &l->r->f[l->r->n - 1];
	} else {
		rec_field_set_str(l->r, l->f[k], s, n);
	}
	l->f[k]->tag = FIELD_TAG_DERIVED;
}

bool
field_has(field_lead *l, int k)
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
 * <field>_raw, the field itself becomes missing, and why is flagged. */
static void
keep_raw(field_lead *l, rec_field *f, const char *s, size_t n,
    const char *why)
{
	char name[64];

	snprintf(name, sizeof name, "%s_raw", f->name);
	rec_field_del(l->r, f);	/* s stays valid: arena or reader memory */
	field_put(l, name, s, n);
	field_flag(l, why);
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

/* blank_mask: a space, a control byte, or the lead byte of a no-break
 * space (0xC2 0xA0). */
static inline uint64_t
blank_mask(uint64_t w)
{
	return swar_below(w, 0x21) | swar_equal(w, 0xC2);
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
	for (size_t i = 0; (i = swar_skip(s, i, n, blank_mask)) < n; i++) {
		unsigned char c = s[i];
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
set_text(field_lead *l, rec_field *f, const sbuf *v)
{
	if (v->n == 0)
		rec_field_del(l->r, f);
	else
		rec_field_set_str(l->r, f, v->p, v->n);
}

/* set_changed: f, whose value was s[0..n), gets the normal form in l->a
 * if that differs (an untouched value keeps its input bytes). */
static void
set_changed(field_lead *l, rec_field *f, const char *s, size_t n)
{
	if (l->a->n != n || memcmp(l->a->p, s, n) != 0)
		set_text(l, f, l->a);
}

/* ---- normalizers: each gets the field and its string value ---- */

static void
norm_text(field_lead *l, rec_field *f, const char *s, size_t n)
{
	if (squeeze(l->a, s, n))
		set_text(l, f, l->a);
}

static void
norm_country(field_lead *l, rec_field *f, const char *s, size_t n)
{
	const country *c = country_lookup(l->t->countries, s, n);

	if (c == NULL) {
		keep_raw(l, f, s, n, "unknown_country");
		return;
	}
	l->ctry = c;
	if (n != 2 || memcmp(s, c->alpha2, 2) != 0)
		rec_field_set_str(l->r, f, c->alpha2, 2);
}

/*
 * norm_date: a date in the order of the run (l->t->date_order), never in
 * one guessed from the lead's country.  One that cannot be read is kept
 * raw and flagged bad_date; one whose day and month could be either way
 * round ("04/11/2026" with no order) is kept raw and flagged
 * ambiguous_date.  A JSON number is read as text ("1709649000"); an
 * object, array or boolean is no date.
 */
static void
norm_date(field_lead *l, rec_field *f, const char *s, size_t n)
{
	date_kind k;

	if (s == NULL) {	/* an object or an array: keep its JSON */
		char name[64];
		json_t *j = rec_field_json(l->r, f);
		char *text = j != NULL ? json_dumps(j, JSON_COMPACT |
		    JSON_ENCODE_ANY) : NULL;
		snprintf(name, sizeof name, "%s_raw", f->name);
		if (text != NULL)
			field_put_raw(l, name, text, strlen(text));
		free(text);
		rec_field_del(l->r, f);
		field_flag(l, "bad_date");
		return;
	}
	sbuf_reset(l->a);
	k = date_iso_order(l->a, s, n, l->t->date_order);
	if (k == DATE_BAD || k == DATE_AMBIGUOUS) {
		keep_raw(l, f, s, n, k == DATE_BAD ? "bad_date" :
		    "ambiguous_date");
		return;
	}
	set_changed(l, f, s, n);
}

/* has_words: the folded words of key k[0..kn) are among those of h. */
static bool
has_words(const char *h, size_t hn, const char *k, size_t kn)
{
	for (const char *p = h; kn > 0 && (p = memmem(p, hn - (size_t)(p - h),
	    k, kn)) != NULL; p++)
		if ((p == h || p[-1] == ' ') &&
		    (p + kn == h + hn || p[kn] == ' '))
			return true;
	return false;
}

/*
 * add_salutation: the honorifics t[0..n) taken from a name go to the
 * salutation.  One the record has is kept: the new words are added after
 * it ("Herr" and "Dr." give "Herr Dr."), unless it has them already
 * ("Herr Dr." and "Dr."); if the new words have all of it ("Dr." and
 * "Prof. Dr."), they replace it.  Folded words are compared.
 */
static void
add_salutation(field_lead *l, const char *t, size_t n)
{
	sbuf have = SBUF_INIT, add = SBUF_INIT, both = SBUF_INIT;
	const char *s;
	size_t sn;

	if (n == 0)
		return;
	if (!field_has(l, F_SALUTATION) ||
	    (s = rec_field_str(l->r, l->f[F_SALUTATION], &sn)) == NULL) {
		if (l->f[F_SALUTATION] == NULL ||
		    l->f[F_SALUTATION]->kind == REC_DEL)
			field_set(l, F_SALUTATION, t, n);
		return;	/* not a string: left to its normalizer */
	}
	fold_key(&have, s, sn);
	fold_key(&add, t, n);
	if (!has_words(have.p, have.n, add.p, add.n)) {
		if (has_words(add.p, add.n, have.p, have.n)) {
			sbuf_add(&both, t, n);
		} else {
			if (!squeeze(&both, s, sn))
				sbuf_add(&both, s, sn);
			sbuf_addc(&both, ' ');
			sbuf_add(&both, t, n);
		}
		field_set(l, F_SALUTATION, both.p, both.n);
	}
	sbuf_free(&have);
	sbuf_free(&add);
	sbuf_free(&both);
}

static void
norm_fullname(field_lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(l, f, s, n);
	if (name_is_fake(s, n, l->t->fakes))
		field_flag(l, "fake_name");
	sbuf_reset(l->a);
	sbuf_reset(l->b);
	sbuf_reset(l->c);
	if (l->f[F_FIRST_NAME] != NULL || l->f[F_LAST_NAME] != NULL) {
		/* the names are given: the salutation may not be */
		name_person(l->a, l->c, s, n, l->t->titles);
		add_salutation(l, l->c->p, l->c->n);
		return;
	}
	name_split(l->a, l->b, l->c, s, n, l->t->titles);
	/* later entries of the field table check the split names */
	if (l->a->n > 0)
		field_set(l, F_FIRST_NAME, l->a->p, l->a->n);
	if (l->b->n > 0)
		field_set(l, F_LAST_NAME, l->b->p, l->b->n);
	add_salutation(l, l->c->p, l->c->n);
}

/*
 * norm_person: a first or last name, tidied, its honorifics to the
 * salutation.  A last name "Müller, Hans" of a record without a first name
 * is a full name written last name first (name_split), not a last name
 * with a comma in it; with a first name, it is left as it is.
 */
static void
norm_person(field_lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(l->a);
	sbuf_reset(l->c);
	if (f == l->f[F_LAST_NAME] && memchr(s, ',', n) != NULL &&
	    !field_has(l, F_FIRST_NAME)) {
		sbuf_reset(l->b);
		name_split(l->b, l->a, l->c, s, n, l->t->titles);
		if (l->b->n > 0)
			field_set(l, F_FIRST_NAME, l->b->p, l->b->n);
		if (l->a->n > 0 || l->b->n > 0 || l->c->n > 0) {
			set_text(l, f, l->a);
		} else {	/* nothing but commas: kept as it is */
			sbuf_reset(l->a);
			name_tidy(l->a, s, n);
			set_changed(l, f, s, n);
		}
	} else if (name_person(l->a, l->c, s, n, l->t->titles)) {
		set_text(l, f, l->a);
	} else {
		set_changed(l, f, s, n);
	}
	if (l->c->n > 0)
		add_salutation(l, l->c->p, l->c->n);
	if (name_is_fake(s, n, l->t->fakes))
		field_flag(l, "fake_name");
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
norm_email(field_lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(l->a);
	if (email_norm(l->a, s, n) != 0) {
		keep_raw(l, f, s, n, "invalid_email");
		return;
	}
	set_changed(l, f, s, n);
	const char *email = l->a->p;
	const char *domain = email_domain(email);
	size_t locallen = (size_t)(domain - 1 - email);
	/* precedence: disposable, free, role, corporate */
	if (in_domain_list(l->t->disp_dom, l->t->disp_wild, domain)) {
		l->email_kind = "disposable";
		field_flag(l, "disposable_email");
	} else if (strset_has(l->t->free_dom, domain, strlen(domain))) {
		l->email_kind = "free";
	} else if (strset_has(l->t->roles, email, locallen)) {
		l->email_kind = "role";
	} else {
		l->email_kind = "corporate";
	}
	if (is_test_domain(domain))
		field_flag(l, "test_email");
	field_put(l, "email_kind", l->email_kind, strlen(l->email_kind));
}

static void
norm_phone(field_lead *l, rec_field *f, const char *s, size_t n)
{
	const country *defc = l->ctry != NULL ? l->ctry : l->t->defc;
	phone_status st;

	sbuf_reset(l->a);
	sbuf_reset(l->b);
	st = phone_e164(l->a, l->b, s, n, l->t->countries, defc);
	if (st != PHONE_OK) {
		keep_raw(l, f, s, n, "invalid_phone");
		if (st == PHONE_SCIENTIFIC)	/* says why: digits lost */
			field_flag(l, "phone_scientific");
		return;
	}
	set_changed(l, f, s, n);
	if (l->b->n > 0) {
		char name[64];	/* phone_ext, mobile_ext */
		snprintf(name, sizeof name, "%s_ext", f->name);
		field_put(l, name, l->b->p, l->b->n);
	}
}

static void
norm_company(field_lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(l, f, s, n);
	sbuf_reset(l->b);
	company_key(l->b, s, n, l->t->suffixes);
	if (l->b->n > 0)
		field_put(l, "company_key", l->b->p, l->b->n);
	if (name_is_fake(s, n, l->t->fakes))
		field_flag(l, "fake_company");
}

static void
norm_website(field_lead *l, rec_field *f, const char *s, size_t n)
{
	norm_text(l, f, s, n);
	if (field_has(l, F_DOMAIN))
		return;
	sbuf_reset(l->a);
	if (domain_from_url(l->a, s, n) == 0)
		field_set(l, F_DOMAIN, l->a->p, l->a->n);
	else
		field_flag(l, "invalid_website");
}

static void
norm_domain(field_lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(l->a);
	if (domain_from_url(l->a, s, n) != 0) {
		keep_raw(l, f, s, n, "invalid_domain");
		return;
	}
	set_changed(l, f, s, n);
}

static void
norm_place(field_lead *l, rec_field *f, const char *s, size_t n)
{
	sbuf_reset(l->a);
	name_tidy(l->a, s, n);
	set_changed(l, f, s, n);
}

static void
norm_postcode(field_lead *l, rec_field *f, const char *s, size_t n)
{
	bool changed = squeeze(l->a, s, n);

	if (!changed) {
		sbuf_reset(l->a);
		sbuf_add(l->a, s, n);
	}
	for (size_t i = 0; i < l->a->n; i++)
		if (l->a->p[i] >= 'a' && l->a->p[i] <= 'z') {
			l->a->p[i] = (char)(l->a->p[i] - 'a' + 'A');
			changed = true;
		}
	if (changed)
		set_text(l, f, l->a);
}

static void
set_num(field_lead *l, rec_field *f, double v)
{
	sbuf_reset(l->a);
	num_format(l->a, v);
	rec_field_set_raw(l->r, f, l->a->p, l->a->n);
}

static void
norm_count(field_lead *l, rec_field *f, const char *s, size_t n)
{
	double lo, hi;

	if (num_range(s, n, &lo, &hi) != 0) {
		keep_raw(l, f, s, n, "bad_number");
		return;
	}
	if (lo != hi)	/* a range: keep what was written */
		field_put(l, "employees_raw", s, n);
	set_num(l, f, lo);
}

/* norm_parsed: the number parse() reads from s, or the value kept raw. */
static void
norm_parsed(field_lead *l, rec_field *f, const char *s, size_t n,
    int (*parse)(const char *, size_t, double *))
{
	double v;

	if (parse(s, n, &v) != 0) {
		keep_raw(l, f, s, n, "bad_number");
		return;
	}
	set_num(l, f, v);
}

static void
norm_amount(field_lead *l, rec_field *f, const char *s, size_t n)
{
	norm_parsed(l, f, s, n, num_parse);
}

/* norm_budget: a number, else a yes/no, else the text (budget "approved",
 * authority "champion" are meaningful as written). */
static void
norm_budget(field_lead *l, rec_field *f, const char *s, size_t n)
{
	double v;
	int b;

	if (num_parse(s, n, &v) == 0)
		set_num(l, f, v);
	else if ((b = num_bool(s, n)) >= 0)
		rec_field_set_raw(l->r, f, b ? "true" : "false", b ? 4 : 5);
	else
		norm_text(l, f, s, n);
}

static void
norm_days(field_lead *l, rec_field *f, const char *s, size_t n)
{
	norm_parsed(l, f, s, n, num_days);
}

static void
norm_bool(field_lead *l, rec_field *f, const char *s, size_t n)
{
	int b = num_bool(s, n);

		if (b < 0) {
		keep_raw(l, f, s, n, "bad_boolean");
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
norm_events(field_lead *l, rec_field *f, const char *s, size_t n)
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
		if (s != NULL) {
			keep_raw(l, f, s, n, "bad_events");
		} else {
			rec_field_del(l->r, f);
			field_flag(l, "bad_events");
		}
		return;
	}
	json_t *copy = json_deep_copy(ev);
	json_decref(ev);
	json_array_foreach(copy, i, e) {
		json_t *at = json_object_get(e, "at");
		if (!json_is_string(at))
			continue;
		sbuf_reset(l->a);
		date_kind k = date_iso_order(l->a, json_string_value(at),
		    json_string_length(at), l->t->date_order);
		if (k == DATE_BAD || k == DATE_AMBIGUOUS)	/* left as is */
			field_flag(l, k == DATE_BAD ? "bad_date" :
			    "ambiguous_date");
		else
			json_object_set_new(e, "at", json_string(l->a->p));
	}
	rec_set_json(l->r, "events", copy);
}

bool
field_blank(const char *s, size_t n)
{
	size_t k;

	for (size_t i = 0; i < n; i += k)
		if (!is_space_at(s, n, i, &k))
			return false;
	return true;
}

void
field_put(field_lead *l, const char *name, const char *s, size_t n)
{
	if (l->named_like_derived)
		rec_set_str(l->r, name, s, n);
	else
		rec_append_str(l->r, name, s, n);
}

void
field_put_raw(field_lead *l, const char *name, const char *json, size_t n)
{
	if (l->named_like_derived)
		rec_set_raw(l->r, name, json, n);
	else
		rec_append_raw(l->r, name, json, n);
}

/* The fields the normalizers derive besides canonical ones. */
static const char *const derived[] = {
	"email_kind", "phone_ext", "mobile_ext", "company_key", "email_raw",
	"phone_raw", "mobile_raw", "do_not_call_raw", "crm_score_raw",
	"country_raw", "created_at_raw", "domain_raw", "employees_raw",
	"annual_revenue_raw", "timeline_days_raw", "consent_raw",
	"events_raw",
	/* lead-import keeps a placeholder of any canonical field in _raw */
	"id_raw", "source_raw", "channel_raw", "campaign_raw", "name_raw",
	"first_name_raw", "last_name_raw", "title_raw", "company_raw",
	"website_raw", "city_raw", "postcode_raw", "industry_raw",
	"budget_raw", "authority_raw", "need_raw", "source_id_raw",
	"source_system_raw", "salutation_raw", "status_raw",
};

bool
field_derived(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof derived / sizeof *derived; i++)
		if (strncmp(derived[i], name, n) == 0 && derived[i][n] == '\0')
			return true;
	return false;
}

const char *
field_name(int k)
{
	return fields[k].name;
}

int
field_index(const char *name, size_t n)
{
	for (int k = 0; k < F_COUNT; k++)
		if (strncmp(fields[k].name, name, n) == 0 &&
		    fields[k].name[n] == '\0')
			return k;
	return -1;
}

/* value_kind: the JSON kind of f's value, by the first character of its
 * JSON text: 'n' null, 't' true or false, '0' a number, '"' a string, '['
 * a list, '{' an object. */
static char
value_kind(const rec_field *f)
{
	char c;

	if (f->kind == REC_STR)
		return '"';
	if (f->kind == REC_JSON)
		c = json_is_null(f->j) ? 'n' : json_is_boolean(f->j) ? 't' :
		    json_is_number(f->j) ? '0' : json_is_string(f->j) ? '"' :
		    json_is_array(f->j) ? '[' : '{';
	else
		c = f->vlen > 0 ? f->v[0] : 'n';
	if (c == 'f')
		return 't';
	if (c == '-' || (c >= '0' && c <= '9'))
		return '0';
	return c;
}

/* The JSON kinds each type of field takes (a string always: it is read). */
static const char *const kinds[T_COUNT] = {
	[T_TEXT] = "\"0",	/* an id, a postcode may come as a number */
	[T_NUM] = "\"0",
	[T_BOOL] = "\"0t",	/* 1 and 0 are yes and no */
	[T_NUMBOOL] = "\"0t",
	[T_LIST] = "\"[",	/* a string: JSON text in a CSV cell */
	[T_DATE] = "\"0",	/* an epoch, an Excel serial day */
	[T_STR] = "\"0",	/* a phone may come as a number */
};

/* keep_json: f holds a kind of value its field cannot take (a list or an
 * object where one value belongs, true in a text field): the value goes
 * as it was to <field>_raw, the field becomes missing, and it is flagged
 * multiple_values (a list) or wrong_type. */
static void
keep_json(field_lead *l, rec_field *f)
{
	char name[64];

	snprintf(name, sizeof name, "%s_raw", f->name);
	if (f->kind == REC_JSON) {
		rec_set_json(l->r, name, json_incref(f->j));
	} else {
		const char *v = f->v;	/* arena or reader memory: stays */
		size_t n = f->vlen;
		rec_set_raw(l->r, name, v, n);
	}
	field_flag(l, value_kind(f) == '[' ? "multiple_values" : "wrong_type");
	rec_field_del(l->r, f);
}

void
field_normalize(field_lead *l)
{
	const char *s;
	size_t n;

	for (int k = 0; k < F_COUNT; k++) {
		rec_field *f = l->f[k];
		if (f == NULL || f->kind == REC_DEL ||
		    f->tag == FIELD_TAG_DERIVED)
			continue;
		char kind = f->kind == REC_STR || (f->kind == REC_RAW &&
		    f->vlen > 0 && f->v[0] == '"') ? '"' : value_kind(f);
		if (kind == 'n') {	/* null: no value */
			rec_field_del(l->r, f);
			continue;
		}
		if (kind != '"' &&	/* a string is always read */
		    strchr(kinds[fields[k].type], kind) == NULL) {
			keep_json(l, f);
			continue;
		}
		s = rec_field_str(l->r, f, &n);
		if (k != F_EVENTS && already_normal(l->r, f, fields[k].type, s,
		    n))
			continue;
		fields[k].norm(l, f, s, n);
	}
}
