/* field.h - the canonical lead fields, and how each is normalized
 *
 * lead(7) lists the fields.  The table in field.c gives each its name, what
 * it holds once normal and its normalizer; field_normalize runs them in
 * table order.  A value already in normal form is left as it is; one that
 * cannot be normalized goes to <field>_raw, the field becomes missing, and
 * a flag goes to quality_flags.
 */
#ifndef LK_FIELD_H
#define LK_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "value/country.h"
#include "value/date.h"
#include "value/honorific.h"
#include "io/rec.h"
#include "base/sbuf.h"
#include "base/strset.h"

/* Canonical fields, in the order they are normalized: country before the
 * phone number and dates that depend on it, a full name before first and
 * last names, e-mail before the domain derived from it. */
enum {
	F_ID, F_SOURCE, F_CHANNEL, F_CAMPAIGN, F_COUNTRY, F_CREATED_AT,
	F_NAME, F_FIRST_NAME, F_LAST_NAME, F_EMAIL, F_PHONE, F_TITLE,
	F_COMPANY, F_WEBSITE, F_DOMAIN, F_CITY, F_POSTCODE, F_EMPLOYEES,
	F_ANNUAL_REVENUE, F_INDUSTRY, F_BUDGET, F_AUTHORITY, F_NEED,
	F_TIMELINE_DAYS, F_CONSENT, F_EVENTS, F_SOURCE_ID, F_SOURCE_SYSTEM,
	F_SALUTATION, F_MOBILE, F_DO_NOT_CALL, F_STATUS, F_CRM_SCORE, F_COUNT
};

/* What the normalizers look things up in.  The lists are read-only and may
 * be shared between threads; the country table's lookups use a scratch
 * buffer, so each thread needs its own. */
typedef struct field_tables {
	country_table *countries;
	const country *defc;	/* --country, or NULL */
	strset *free_dom, *disp_dom, *disp_wild;	/* e-mail domains */
	strset *roles;		/* role-account local parts */
	strset *suffixes;	/* legal-form suffixes, folded */
	strset *fakes;		/* fake names, folded */
	date_order date_order;	/* how numeric dates of the run are read:
				 * --date-order, a profile's, or detected
				 * (import.h); DATE_ORDER_NONE: each value
				 * alone, ambiguous ones kept raw */
	honorific_table *titles;	/* salutations and titles */
} field_tables;

/* Tags (rec_field.tag) of canonical fields while a record is worked on. */
enum { FIELD_TAG_NONE, FIELD_TAG_CANONICAL, FIELD_TAG_DERIVED };

/* The working state of one record. */
typedef struct field_lead {
	rec *r;
	rec_field *f[F_COUNT];	/* the canonical fields present, or NULL */
	const country *ctry;	/* its country, else --country */
	sbuf flags;		/* quality_flags as JSON list items */
	const char *email_kind;	/* set by the e-mail normalizer */
	const field_tables *t;
	sbuf *a, *b, *c;	/* scratch, the caller's */
	bool named_like_derived;	/* the record has a column named like a
				 * field the normalizers derive: field_put
				 * must look for it first */
} field_lead;

/* field_name: the name of canonical field k. */
const char *field_name(int k);
/* field_index: the canonical field called name[0..n), or -1. */
int field_index(const char *name, size_t n);

/*
 * field_normalize: normalize each canonical field of l that is present, in
 * table order (country before the phone number and dates that depend on it,
 * a full name before first and last names, e-mail before the domain derived
 * from it).  Fields tagged FIELD_TAG_DERIVED are normal already.  r's
 * fields must not move meanwhile: the caller reserves room (rec_reserve).
 */
void field_normalize(field_lead *l);

/* field_flag: add name to l's quality_flags, once. */
void field_flag(field_lead *l, const char *name);
/* field_set: set canonical field k to s, adding it if absent; s is normal
 * already (the field is tagged FIELD_TAG_DERIVED). */
void field_set(field_lead *l, int k, const char *s, size_t n);
/* field_put, field_put_raw: set a derived field (email_kind, a _raw
 * field, ...) to a string or a JSON text. */
void field_put(field_lead *l, const char *name, const char *s, size_t n);
void field_put_raw(field_lead *l, const char *name, const char *json,
    size_t n);
/* field_derived: name is that of a field the normalizers may derive. */
bool field_derived(const char *name, size_t n);
/* field_has: canonical field k is present and not empty. */
bool field_has(field_lead *l, int k);
/* field_blank: s is nothing but white space (no-break space included). */
bool field_blank(const char *s, size_t n);

#endif
