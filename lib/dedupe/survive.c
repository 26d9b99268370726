/* survive.c - survivorship: merging a cluster's members field by field */
#include "dedupe/survive.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "value/date.h"
#include "value/num.h"
#include "base/sbuf.h"
#include "base/xmem.h"

/* What members are ranked by. */
typedef struct member {
	rec *r;
	size_t filled;		/* fields with a value */
	size_t source;		/* place in the prefer list */
	time_t created;
	bool dated;
} member;

static void
rank_info(const match_model *m, member *mb)
{
	rec *r = mb->r;
	size_t n;
	const char *s;

	mb->filled = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].kind != REC_DEL && rec_has(r, r->f[i].name))
			mb->filled++;
	s = rec_get(r, "source", &n);
	mb->source = match_source_rank(m, s != NULL ? s : "", s != NULL ? n :
	    0);
	s = rec_get(r, "created_at", &n);
	mb->dated = s != NULL && date_parse(s, n, false, &mb->created) !=
	    DATE_BAD;
}

/* by_date: a is better than b (< 0) by date, newest first or oldest
 * first; undated members go last. */
static int
by_date(const member *a, const member *b, bool newest)
{
	if (a->dated != b->dated)
		return a->dated ? -1 : 1;
	if (!a->dated || a->created == b->created)
		return 0;
	return (a->created < b->created) == newest ? 1 : -1;
}

/* better: members[a] ranks before members[b] (index order: input order)
 * by rule. */
static bool
better(const member *mb, size_t a, size_t b, match_rule rule)
{
	int c = 0;

	if (rule == MATCH_NEWEST || rule == MATCH_OLDEST)
		c = by_date(&mb[a], &mb[b], rule == MATCH_NEWEST);
	else if (rule == MATCH_SOURCE && mb[a].source != mb[b].source)
		c = mb[a].source < mb[b].source ? -1 : 1;
	if (c == 0 && mb[a].filled != mb[b].filled)
		c = mb[a].filled > mb[b].filled ? -1 : 1;
	if (c == 0)
		c = by_date(&mb[a], &mb[b], false);
	return c < 0 || (c == 0 && a < b);
}

/* Values a merge takes from a member only when no other member has one:
 * a role address (info@, sales@, as lead-import's email_kind says) is
 * the company's, and a personal one stands for the person better. */
static const struct {
	const char *field;	/* the value chosen */
	const char *kind;	/* the member's field that says what it is */
	const char *shunned;	/* the kind taken last */
} shun[] = {
	{ "email", "email_kind", "role" },
};

/* shunned: the value of name mb->r has is of a kind taken last. */
static bool
shunned(const member *mb, const char *name)
{
	for (size_t k = 0; k < sizeof shun / sizeof *shun; k++) {
		size_t len;
		const char *s;
		if (strcmp(name, shun[k].field) != 0)
			continue;
		s = rec_get(mb->r, shun[k].kind, &len);
		if (s != NULL && len == strlen(shun[k].shunned) &&
		    strncasecmp(s, shun[k].shunned, len) == 0)
			return true;
	}
	return false;
}

/* choose: the best member by rule that has field name, those whose value
 * is shunned only when no other has one; n if none has one. */
static size_t
choose(const member *mb, size_t n, const char *name, match_rule rule)
{
	size_t best = n;

	for (int pass = 0; pass < 2 && best == n; pass++)
		for (size_t i = 0; i < n; i++)
			if (rec_has(mb[i].r, name) && (pass == 1 ||
			    !shunned(&mb[i], name)) && (best == n ||
			    better(mb, i, best, rule)))
				best = i;
	return best;
}

/* copy: field name of src, as it is held, appended to out. */
static void
copy(rec *out, rec *src, const char *name)
{
	rec_field *f = rec_find(src, name);

	if (f == NULL)
		return;
	switch (f->kind) {
	case REC_RAW:
		rec_append_raw(out, name, f->v, f->vlen);
		break;
	case REC_STR:
		rec_append_str(out, name, f->v, f->vlen);
		break;
	case REC_JSON:
		rec_set_json(out, name, json_incref(f->j));
		break;
	case REC_DEL:
		break;
	}
}

/* keep_of: the keep statement that names field name (first wins), and in
 * *lead the field its value follows; NULL when none does. */
static const match_keep *
keep_of(const match_model *m, const char *name, const char **lead)
{
	size_t nk;
	const match_keep *k = match_keeps(m, &nk);

	for (size_t i = 0; i < nk; i++)
		for (size_t j = 0; j < k[i].nfields; j++) {
			if (fnmatch(k[i].fields[j], name, 0) != 0)
				continue;
			*lead = strpbrk(k[i].fields[0], "*?[") == NULL ?
			    k[i].fields[0] : name;
			return &k[i];
		}
	*lead = name;
	return NULL;
}

/* sum: the members' numbers added up; false when none has one. */
static bool
sum(const member *mb, size_t n, const char *name, double *total)
{
	bool any = false;

	*total = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		double v;
		const char *s = rec_get(mb[i].r, name, &len);
		if (s != NULL && num_parse(s, len, &v) == 0) {
			*total += v;
			any = true;
		}
	}
	return any;
}

/* greatest: the member with the greatest value of name, or n. */
static size_t
greatest(const member *mb, size_t n, const char *name)
{
	size_t best = n;
	const char *bs = NULL;
	double bv = 0;
	bool bnum = false;

	for (size_t i = 0; i < n; i++) {
		size_t len;
		double v;
		const char *s = rec_get(mb[i].r, name, &len);
		if (s == NULL || len == 0)
			continue;
		bool isnum = num_parse(s, len, &v) == 0;
		bool more;
		if (best == n)
			more = true;
		else if (isnum && bnum)
			more = v > bv;
		else
			more = strcmp(s, bs) > 0;
		if (more) {
			best = i;
			bs = s;
			bv = v;
			bnum = isnum;
		}
	}
	return best;
}

/* at_of: the "at" member of an event object, or NULL. */
static const char *
at_of(json_t *e)
{
	return json_string_value(json_object_get(e, "at"));
}

/* concat: the members' arrays joined (repeats once, sorted by "at" when
 * every element has one); NULL when no member has an array. */
static json_t *
concat(const member *mb, size_t n, const char *name)
{
	json_t *all = NULL;
	bool dated = true;

	for (size_t i = 0; i < n; i++) {
		json_t *a = rec_get_json(mb[i].r, name);
		size_t k;
		json_t *e;
		if (!json_is_array(a))
			continue;
		if (all == NULL)
			all = json_array();
		json_array_foreach(a, k, e) {
			size_t j;
			for (j = 0; j < json_array_size(all); j++)
				if (json_equal(json_array_get(all, j), e))
					break;
			if (j < json_array_size(all))
				continue;
			dated = dated && at_of(e) != NULL;
			json_array_append(all, e);
		}
	}
	if (all == NULL || !dated)
		return all;
	/* insertion sort: stable, and the arrays are short */
	for (size_t i = 1; i < json_array_size(all); i++) {
		json_t *e = json_incref(json_array_get(all, i));
		size_t j = i;
		while (j > 0 && strcmp(at_of(json_array_get(all, j - 1)),
		    at_of(e)) > 0) {
			json_array_set(all, j, json_array_get(all, j - 1));
			j--;
		}
		json_array_set_new(all, j, e);
	}
	return all;
}

/* What a merge never loses, whatever the keep statements say: a field
 * whose strict value any member has gets it (an opt-out, a do-not-call). */
static const struct {
	const char *field;
	const char *strict;	/* as rec_get gives a JSON boolean */
} strictest[] = {
	{ "consent", "false" },
	{ "do_not_call", "true" },
};

/* strict_of: the strictest entry for field name, or -1. */
static int
strict_of(const char *name)
{
	for (size_t k = 0; k < sizeof strictest / sizeof *strictest; k++)
		if (strcmp(name, strictest[k].field) == 0)
			return (int)k;
	return -1;
}

/* is_strict: r's field k of strictest holds its strict value (true and
 * false in any case, as CSV may have them). */
static bool
is_strict(rec *r, size_t k)
{
	size_t len;
	const char *s = rec_get(r, strictest[k].field, &len);

	return s != NULL && len == strlen(strictest[k].strict) &&
	    strncasecmp(s, strictest[k].strict, len) == 0;
}

/* first_strict: the first member with field k's strict value, or n. */
static size_t
first_strict(const member *mb, size_t n, size_t k)
{
	for (size_t i = 0; i < n; i++)
		if (is_strict(mb[i].r, k))
			return i;
	return n;
}

/* merge_field: out gets field name of the merged record. */
static void
merge_field(const match_model *m, const member *mb, size_t n,
    const char *name, rec *out)
{
	const char *lead;
	const match_keep *k = keep_of(m, name, &lead);
	match_rule rule = k != NULL ? k->rule : MATCH_COMPLETE;
	size_t from = n;
	double total;
	json_t *j;
	int sk = strict_of(name);

	if (sk >= 0 && (from = first_strict(mb, n, (size_t)sk)) < n) {
		copy(out, mb[from].r, name);
		return;
	}
	switch (rule) {
	case MATCH_SUM:
		if (sum(mb, n, name, &total)) {
			rec_set_num(out, name, total);
			return;
		}
		break;
	case MATCH_MAX:
		from = greatest(mb, n, name);
		break;
	case MATCH_CONCAT:
		if ((j = concat(mb, n, name)) != NULL) {
			rec_set_json(out, name, j);
			return;
		}
		break;
	default:
		from = choose(mb, n, lead, rule);
		if (from < n && !rec_has(mb[from].r, name))
			from = n;
		if (from == n)
			from = choose(mb, n, name, rule);
	}
	if (from == n)
		from = choose(mb, n, name, MATCH_COMPLETE);
	/* no member has a value: the survivor's empty one, if any */
	copy(out, mb[from < n ? from : 0].r, name);
}

/* The addresses a merge keeps: the survivor's fields, and the array of
 * the members' other values of them (legacy: its name before issue 19,
 * read as the array, never written). */
static const struct {
	const char *const fields[3];	/* NULL-terminated */
	const char *others;
	const char *legacy;
} kept[] = {
	{ { "email", NULL }, "emails", "other_emails" },
	{ { "phone", "mobile", NULL }, "phones", "other_phones" },
};

/* has_value: a is one of the array's strings, or of out's fields
 * (e-mail addresses compared ignoring case). */
static bool
has_value(json_t *all, rec *out, const char *const *fields, const char *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(all, i, e)
		if (strcasecmp(json_string_value(e), a) == 0)
			return true;
	for (i = 0; fields[i] != NULL; i++) {
		const char *v = rec_get(out, fields[i], NULL);
		if (v != NULL && strcasecmp(v, a) == 0)
			return true;
	}
	return false;
}

/* add_other: the string s, trimmed, to all unless out or all has it. */
static void
add_other(json_t *all, rec *out, const char *const *fields, const char *s,
    size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	char *a = xstrndup(s, n);
	if (!has_value(all, out, fields, a))
		json_array_append_new(all, json_stringn(a, n));
	free(a);
}

/* add_array: the strings of array a (or a CSV cell's JSON text of one,
 * or a single string) to all, as add_other adds them. */
static void
add_array(json_t *all, rec *out, size_t k, json_t *a)
{
	json_t *e, *parsed = NULL;
	size_t j;

	if (json_is_string(a) && json_string_length(a) > 0 &&
	    json_string_value(a)[0] == '[')
		a = parsed = json_loads(json_string_value(a), 0, NULL);
	else if (json_is_string(a))
		add_other(all, out, kept[k].fields, json_string_value(a),
		    json_string_length(a));
	if (json_is_array(a))
		json_array_foreach(a, j, e)
			if (json_is_string(e))
				add_other(all, out, kept[k].fields,
				    json_string_value(e), json_string_length(e));
	json_decref(parsed);
}

/* others: out's array k.others: every value of the members' fields
 * k.fields and arrays k.others (a CSV cell's JSON text too) that out's
 * own fields do not have, survivor first, each once. */
static void
others(rec *const *members, size_t n, size_t k, rec *out)
{
	json_t *all = json_array();

	for (size_t i = 0; i < n; i++) {
		rec *r = members[i];
		const char *s;
		size_t len;
		for (size_t f = 0; kept[k].fields[f] != NULL; f++)
			if ((s = rec_get(r, kept[k].fields[f], &len)) != NULL)
				add_other(all, out, kept[k].fields, s, len);
		for (int l = 0; l < 2; l++)
			add_array(all, out, k, rec_get_json(r, l == 0 ?
			    kept[k].others : kept[k].legacy));
	}
	if (json_array_size(all) > 0)
		rec_set_json(out, kept[k].others, all);
	else
		json_decref(all);
}

/* is_other: name is an array others() makes (or its legacy name), or
 * merged_leads: fields no survivorship rule chooses. */
static bool
is_other(const char *name)
{
	for (size_t k = 0; k < sizeof kept / sizeof *kept; k++)
		if (strcmp(name, kept[k].others) == 0 ||
		    strcmp(name, kept[k].legacy) == 0)
			return true;
	return strcmp(name, SURVIVE_MERGED) == 0;
}

/* consent_note: out's consent_reason when the members disagree on a
 * strictest field: which member the strict value came from, as
 * "consent false from lk-3, do_not_call true from lk-2: the strictest of
 * the cluster".  An earlier merge's note stays when there is no new one. */
static void
consent_note(const member *mb, size_t n, rec *out)
{
	sbuf note = SBUF_INIT;

	for (size_t k = 0; k < sizeof strictest / sizeof *strictest; k++) {
		size_t from = first_strict(mb, n, k), i, len;
		const char *id;
		if (from == n)
			continue;
		for (i = 0; i < n && is_strict(mb[i].r, k); i++)
			;
		if (i == n)
			continue;	/* all agree: nothing was at stake */
		if (note.n > 0)
			sbuf_adds(&note, ", ");
		sbuf_addf(&note, "%s %s from ", strictest[k].field,
		    strictest[k].strict);
		if ((id = rec_get(mb[from].r, "id", &len)) != NULL && len > 0)
			sbuf_addf(&note, "%.*s", (int)len, id);
		else
			sbuf_addf(&note, "member %zu", from + 1);
	}
	if (note.n > 0) {
		sbuf_adds(&note, ": the strictest of the cluster");
		rec_set_str(out, "consent_reason", note.p, note.n);
	}
	sbuf_free(&note);
}

void
survive_merge(const match_model *m, rec *const *members, size_t n,
    rec *out)
{
	member *mb = xcalloc(n, sizeof *mb);

	rec_clear(out);
	for (size_t i = 0; i < n; i++) {
		mb[i].r = members[i];
		rank_info(m, &mb[i]);
	}
	for (size_t i = 0; i < n; i++) {
		rec *r = members[i];
		for (size_t f = 0; f < r->n; f++) {
			const char *name = r->f[f].name;
			if (r->f[f].kind == REC_DEL || is_other(name) ||
			    rec_find(out, name) != NULL)
				continue;
			if (strcmp(name, "id") == 0)
				copy(out, members[0], name);
			else
				merge_field(m, mb, n, name, out);
		}
	}
	for (size_t k = 0; k < sizeof kept / sizeof *kept; k++)
		others(members, n, k, out);
	consent_note(mb, n, out);
	free(mb);
}
