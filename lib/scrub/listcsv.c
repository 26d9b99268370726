/* listcsv.c - a suppression list that is a CSV export with a header row */
#include "scrub/listcsv.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "base/fold.h"
#include "scrub/listkey.h"
#include "value/num.h"
#include "base/xmem.h"

/* Bad cells and rows warned of one by one; the others are counted. */
#define WARN_MAX 3

struct listcsv {
	const char *path;
	const listcsv_opts *o;
	struct csv_parser p;
	sbuf *field;		/* the row being parsed */
	size_t nfield, capfield;
	char **head;		/* the header's names */
	size_t nhead;
	bool have_header;
	size_t *key, nkey;	/* the key columns */
	size_t *flag, nflag;	/* do_not_call or email_opt_out columns */
	long country;		/* the country column, or -1 */
	unsigned long line, entries, skipped, bad;
	int status;
	sbuf *err;
};

char
listcsv_sniff(const char *s, size_t n)
{
	static const char delims[] = ",;\t";
	size_t count[3] = { 0 };
	bool quoted = false;

	for (size_t i = 0; i < n; i++) {
		const char *d;
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] != '\0' &&
		    (d = strchr(delims, s[i])) != NULL)
			count[d - delims]++;
	}
	size_t best = 0;
	for (size_t i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return delims[best];
}

/* The role of column name[0..n), or NULL. */
static const char *
role(const colmap *roles, const char *name, size_t n)
{
	static const char *const known[] = { "email", "phone", "mobile",
	    "country", "do_not_call", "email_opt_out", "unsubscribed", NULL };
	const char *r = colmap_lookup(roles, name, n);

	for (int i = 0; r != NULL && known[i] != NULL; i++)
		if (strcmp(r, known[i]) == 0)
			return known[i];
	return NULL;
}

/* ---- libcsv callbacks ---- */

static void
on_field(void *s, size_t len, void *data)
{
	listcsv *c = data;

	if (c->nfield == c->capfield) {
		size_t cap = c->capfield ? 2 * c->capfield : 16;
		c->field = xreallocarray(c->field, cap, sizeof *c->field);
		for (size_t i = c->capfield; i < cap; i++)
			c->field[i] = (sbuf)SBUF_INIT;
		c->capfield = cap;
	}
	sbuf *f = &c->field[c->nfield++];
	sbuf_reset(f);
	sbuf_add(f, s != NULL ? s : "", s != NULL ? len : 0);
}

/* quote: at most 40 bytes of s, for a message. */
static int
quotelen(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

static void
names(const listcsv *c, sbuf *out)
{
	for (size_t i = 0; i < c->nhead && out->n < 200; i++)
		sbuf_addf(out, "%s%s", i > 0 ? ", " : "", c->head[i]);
}

static void
add_col(size_t **a, size_t *n, size_t i)
{
	*a = xreallocarray(*a, *n + 1, sizeof **a);
	(*a)[(*n)++] = i;
}

/* find: the column called name (as written, else folded), or -1. */
static long
find(const listcsv *c, const char *name)
{
	sbuf a = SBUF_INIT, b = SBUF_INIT;
	long at = -1;

	for (size_t i = 0; i < c->nhead; i++)
		if (strcmp(c->head[i], name) == 0)
			return (long)i;
	fold_alnum(&a, name, strlen(name));
	for (size_t i = 0; at < 0 && a.n > 0 && i < c->nhead; i++) {
		sbuf_reset(&b);
		fold_alnum(&b, c->head[i], strlen(c->head[i]));
		if (b.n == a.n && memcmp(a.p, b.p, a.n) == 0)
			at = (long)i;
	}
	sbuf_free(&a);
	sbuf_free(&b);
	return at;
}

static int
fail(listcsv *c, const char *what)
{
	sbuf cols = SBUF_INIT;

	names(c, &cols);
	sbuf_addf(c->err, "%s:%lu: %s (the columns: %s)", c->path, c->line,
	    what, cols.p != NULL ? cols.p : "");
	sbuf_free(&cols);
	c->status = -1;
	return -1;
}

/* kind_of: the kind a role gives, or -1. */
static int
kind_of(const char *r)
{
	if (r == NULL)
		return -1;
	if (strcmp(r, "email") == 0)
		return LISTKEY_EMAIL;
	if (strcmp(r, "phone") == 0 || strcmp(r, "mobile") == 0)
		return LISTKEY_PHONE;
	return -1;
}

/* named: the columns the caller named. */
static int
named(listcsv *c)
{
	int *kind = c->o->kind;
	sbuf msg = SBUF_INIT;

	for (size_t i = 0; c->o->columns[i] != NULL; i++) {
		const char *name = c->o->columns[i];
		long at = find(c, name);
		if (at < 0) {
			sbuf_addf(&msg, "no column \"%s\"", name);
			fail(c, msg.p);
			sbuf_free(&msg);
			return -1;
		}
		int k = kind_of(role(c->o->roles, c->head[at],
		    strlen(c->head[at])));
		if (k >= 0 && *kind >= 0 && k != *kind) {
			sbuf_addf(&msg, "column \"%s\" is of %s, the list of "
			    "%s", c->head[at], listkey_kind_name(k),
			    listkey_kind_name(*kind));
			fail(c, msg.p);
			sbuf_free(&msg);
			return -1;
		}
		if (k >= 0)
			*kind = k;
		add_col(&c->key, &c->nkey, (size_t)at);
	}
	return 0;
}

/* found: the columns of the list's kind, found by their names. */
static int
found(listcsv *c)
{
	int *kind = c->o->kind;
	bool email = false, phone = false, dnc = false, optout = false;

	for (size_t i = 0; i < c->nhead; i++) {
		const char *r = role(c->o->roles, c->head[i],
		    strlen(c->head[i]));
		if (r == NULL)
			continue;
		email |= kind_of(r) == LISTKEY_EMAIL;
		phone |= kind_of(r) == LISTKEY_PHONE;
		dnc |= strcmp(r, "do_not_call") == 0;
		optout |= strcmp(r, "email_opt_out") == 0 ||
		    strcmp(r, "unsubscribed") == 0;
	}
	if (*kind < 0 && email && phone) {
		if (dnc && !optout)
			*kind = LISTKEY_PHONE;
		else if (optout && !dnc)
			*kind = LISTKEY_EMAIL;
		else if (dnc)
			return fail(c, "a do-not-call and an e-mail opt-out "
			    "column: the export holds two lists; give it "
			    "twice, naming each one's columns with --column "
			    "NAME=COLUMN");
		else
			return fail(c, "e-mail and phone columns, and nothing "
			    "says which the list is of (a do-not-call or an "
			    "opt-out column): name the column with --column");
	} else if (*kind < 0 && (email || phone))
		*kind = email ? LISTKEY_EMAIL : LISTKEY_PHONE;
	if (*kind < 0)
		return fail(c, "no e-mail or phone column in the header: name "
		    "the column with --column");
	if (*kind != LISTKEY_EMAIL && *kind != LISTKEY_PHONE) {
		sbuf msg = SBUF_INIT;
		sbuf_addf(&msg, "a CSV list is found to be of e-mails or "
		    "phones, not %s: name the column with --column",
		    listkey_kind_name((listkey_kind)*kind));
		fail(c, msg.p);
		sbuf_free(&msg);
		return -1;
	}
	for (size_t i = 0; i < c->nhead; i++)
		if (kind_of(role(c->o->roles, c->head[i],
		    strlen(c->head[i]))) == *kind)
			add_col(&c->key, &c->nkey, i);
	if (c->nkey == 0) {
		sbuf msg = SBUF_INIT;
		sbuf_addf(&msg, "no %s column", listkey_kind_name(
		    (listkey_kind)*kind));
		fail(c, msg.p);
		sbuf_free(&msg);
		return -1;
	}
	return 0;
}

static void
header(listcsv *c)
{
	c->head = xcalloc(c->nfield + 1, sizeof *c->head);
	c->nhead = c->nfield;
	for (size_t i = 0; i < c->nfield; i++) {
		const char *s = sbuf_str(&c->field[i]);
		size_t n = c->field[i].n;
		if (i == 0 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		c->head[i] = xstrndup(s, n);
	}
	c->have_header = true;
	if ((c->o->columns != NULL && c->o->columns[0] != NULL ? named(c) :
	    found(c)) != 0)
		return;
	/* the rows of a phone list are those not to be called, of an
	 * e-mail list those opted out, when the export says so */
	const char *flag = *c->o->kind == LISTKEY_PHONE ? "do_not_call" :
	    "email_opt_out";
	c->country = -1;
	for (size_t i = 0; i < c->nhead; i++) {
		const char *r = role(c->o->roles, c->head[i],
		    strlen(c->head[i]));
		if (r != NULL && strcmp(r, flag) == 0)
			add_col(&c->flag, &c->nflag, i);
		if (r != NULL && strcmp(r, "country") == 0 && c->country < 0)
			c->country = (long)i;
	}
}

static void
warn_bad(listcsv *c, const char *col, const char *s, size_t n,
    const char *why)
{
	if (++c->bad > WARN_MAX)
		return;
	if (col != NULL)
		cli_warn("%s:%lu: column %s: \"%.*s\": %s; skipped", c->path,
		    c->line, col, quotelen(n), s, why);
	else
		cli_warn("%s:%lu: %s; skipped", c->path, c->line, why);
}

/* wanted: the row is one the list is of (its flag, if any, is true). */
static bool
wanted(listcsv *c)
{
	if (c->nflag == 0)
		return true;
	for (size_t i = 0; i < c->nflag; i++) {
		const sbuf *f = &c->field[c->flag[i]];
		if (f->n == 0)
			continue;
		int b = num_bool(f->p, f->n);
		if (b == 1)
			return true;
		if (b < 0) {
			/* not read: err on the side of not contacting */
			cli_warn("%s:%lu: column %s: \"%.*s\" is not yes or "
			    "no: taken as yes", c->path, c->line,
			    c->head[c->flag[i]], quotelen(f->n), f->p);
			return true;
		}
	}
	return false;
}

static void
row(listcsv *c)
{
	bool blank = true;

	for (size_t i = 0; i < c->nfield && blank; i++)
		blank = c->field[i].n == 0;
	if (blank)
		return;
	if (c->nfield != c->nhead) {
		char why[96];
		snprintf(why, sizeof why, "a row of %zu fields, the header "
		    "has %zu", c->nfield, c->nhead);
		warn_bad(c, NULL, NULL, 0, why);
		return;
	}
	if (!wanted(c)) {
		c->skipped++;
		return;
	}
	listcsv_cell cell = { .line = c->line };
	if (c->country >= 0 && c->field[c->country].n > 0)
		cell.country = country_lookup(c->o->countries,
		    c->field[c->country].p, c->field[c->country].n);
	for (size_t i = 0; i < c->nkey && c->status == 0; i++) {
		const sbuf *f = &c->field[c->key[i]];
		const char *why = NULL;
		if (f->n == 0)
			continue;
		cell.s = f->p;
		cell.n = f->n;
		cell.column = c->head[c->key[i]];
		int rc = c->o->entry(c->o->ctx, &cell, c->o->kind, &why,
		    c->err);
		if (rc < 0)
			c->status = -1;
		else if (rc > 0)
			warn_bad(c, cell.column, f->p, f->n, why);
		else
			c->entries++;
	}
}

static void
on_row(int term, void *data)
{
	listcsv *c = data;

	(void)term;
	if (c->status == 0) {
		if (!c->have_header)
			header(c);
		else
			row(c);
	}
	c->nfield = 0;
}

/* ---- the reader ---- */

bool
listcsv_is_header(const char *s, size_t n, char delim, const colmap *roles)
{
	size_t i = 0;

	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != delim)
			j++;
		const char *f = s + i;
		size_t fl = j - i;
		while (fl > 0 && (*f == ' ' || *f == '"')) {
			f++;
			fl--;
		}
		while (fl > 0 && (f[fl - 1] == ' ' || f[fl - 1] == '"'))
			fl--;
		if (fl > 0 && role(roles, f, fl) != NULL)
			return true;
		i = j + 1;
	}
	return false;
}

listcsv *
listcsv_new(const char *path, char delim, const listcsv_opts *o)
{
	listcsv *c = xcalloc(1, sizeof *c);

	c->path = path;
	c->o = o;
	c->country = -1;
	if (csv_init(&c->p, CSV_APPEND_NULL) != 0)
		cli_die(LK_EXIT_DATA, "out of memory");
	csv_set_delim(&c->p, (unsigned char)delim);
	return c;
}

void
listcsv_free(listcsv *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	for (size_t i = 0; i < c->capfield; i++)
		sbuf_free(&c->field[i]);
	free(c->field);
	for (size_t i = 0; i < c->nhead; i++)
		free(c->head[i]);
	free(c->head);
	free(c->key);
	free(c->flag);
	free(c);
}

int
listcsv_line(listcsv *c, const char *line, size_t len, unsigned long lineno,
    sbuf *err)
{
	c->line = lineno;
	c->err = err;
	if (c->status == 0 && csv_parse(&c->p, line, len, on_field, on_row,
	    c) != len && c->status == 0) {
		sbuf_addf(err, "%s:%lu: %s", c->path, lineno,
		    csv_strerror(csv_error(&c->p)));
		c->status = -1;
	}
	return c->status;
}

int
listcsv_end(listcsv *c, sbuf *err)
{
	c->err = err;
	if (c->status == 0)
		csv_fini(&c->p, on_field, on_row, c);
	if (c->status != 0)
		return -1;
	if (c->bad > 0 && c->bad >= c->entries) {
		sbuf_addf(err, "%s: %lu of %lu cells or rows are no entries of "
		    "the list's kind (%s): the list is not what its columns "
		    "say (name the column with --column)", c->path, c->bad,
		    c->bad + c->entries, c->o->kind != NULL &&
		    *c->o->kind >= 0 ? listkey_kind_name(
		    (listkey_kind)*c->o->kind) : "known");
		return -1;
	}
	if (c->bad > WARN_MAX)
		cli_warn("%s: %lu cells or rows that are no entries skipped in "
		    "all", c->path, c->bad);
	return 0;
}

void
listcsv_stats(const listcsv *c, unsigned long *entries,
    unsigned long *skipped, unsigned long *bad)
{
	*entries = c->entries;
	*skipped = c->skipped;
	*bad = c->bad;
}
