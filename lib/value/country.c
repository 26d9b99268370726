/* country.c - countries: ISO 3166 codes, names in EN/DE/NL/PL, calling codes
 *
 * The table is loaded once and probed per record, so every lookup is an
 * array index or one hash probe sequence:
 *  - alpha-2 and alpha-3 codes index two dense arrays (26^2 and 26^3 slots)
 *    holding a country index + 1 (0: none), so "DE" costs two subtractions;
 *  - calling codes index an array per code length (1-3 digits);
 *  - names and aliases, folded with fold_key, map to a country index + 1
 *    in a strmap.
 * Codes are tried before names, so a name lookup only folds when the input
 * is not a code; the folding goes into one buffer the table owns, which is
 * why a table must not be probed from two threads at once.
 */
#include "value/country.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/xmem.h"

#define NFIELDS		7
#define A2SLOTS		(26 * 26)
#define A3SLOTS		(26 * 26 * 26)
#define CC_MAXLEN	3
#define NSN_LIMIT	15	/* E.164: 15 digits at most, code included */

struct country_table {
	country *c;
	size_t n, cap;
	unsigned a2[A2SLOTS];		/* index + 1 */
	unsigned a3[A3SLOTS];		/* index + 1 */
	unsigned cc[CC_MAXLEN][1000];	/* [length - 1][code]: index + 1 */
	strmap *names;			/* folded name -> index + 1 */
	sbuf *key;			/* scratch for folding lookups */
};

/* letter: 0-25 for an ASCII letter of either case, -1 otherwise. */
static int
letter(unsigned char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a';
	return -1;
}

/* code_slot: the dense index of an n-letter code (n is 2 or 3), or -1. */
static long
code_slot(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		int l = letter((unsigned char)s[i]);
		if (l < 0)
			return -1;
		v = v * 26 + l;
	}
	return v;
}

/* cc_value: the number the first n (1..CC_MAXLEN) digits spell. */
static unsigned
cc_value(const char *digits, size_t n)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(digits[i] - '0');
	return v;
}

/* name_add: index the folded key for country idx; the first country to
 * claim a key keeps it. */
static void
name_add(country_table *t, const char *key, size_t n, unsigned idx)
{
	if (n > 0 && !strmap_get(t->names, key, n, NULL))
		strmap_put(t->names, key, n, (void *)(uintptr_t)(idx + 1));
}

/* A line being parsed: the fields, where to say what is wrong with them,
 * and whether a line was. */
struct line {
	country_table *t;
	char *f[NFIELDS];
	size_t len[NFIELDS];
	sbuf *msg;
	bool bad;
};

static int
fail(struct line *l, const char *what, const char *field)
{
	sbuf_adds(l->msg, what);
	if (field != NULL)
		sbuf_addf(l->msg, " \"%s\"", field);
	l->bad = true;
	return -1;
}

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* small_num: a whole number 0..NSN_LIMIT, or -1. */
static int
small_num(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || n > 2 || !all_digits(s, n))
		return -1;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v <= NSN_LIMIT ? v : -1;
}

/* split: cut the line into its TAB-separated fields, trimming spaces
 * around each.  False if there are not exactly NFIELDS. */
static bool
split(struct line *l, char *s)
{
	size_t nf = 0;

	for (;;) {
		char *tab = strchr(s, '\t');
		char *e = tab ? tab : s + strlen(s);
		while (*s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (nf == NFIELDS)
			return false;
		l->f[nf] = s;
		l->len[nf++] = (size_t)(e - s);
		*e = '\0';
		if (tab == NULL)
			break;
		s = tab + 1;
	}
	return nf == NFIELDS;
}

/* add_row: check one split line and append it to the table. */
static int
add_row(country_table *t, struct line *l)
{
	country c;
	long a2, a3;
	int lo, hi;
	unsigned idx = (unsigned)t->n;

	memset(&c, 0, sizeof c);
	if (l->len[0] != 2 || (a2 = code_slot(l->f[0], 2)) < 0)
		return fail(l, "bad alpha-2 code", l->f[0]);
	if (l->len[1] != 3 || (a3 = code_slot(l->f[1], 3)) < 0)
		return fail(l, "bad alpha-3 code", l->f[1]);
	if (t->a2[a2] != 0)
		return fail(l, "duplicate alpha-2 code", l->f[0]);
	if (t->a3[a3] != 0)
		return fail(l, "duplicate alpha-3 code", l->f[1]);
	if (l->len[2] > CC_MAXLEN || !all_digits(l->f[2], l->len[2]) ||
	    (l->len[2] > 0 && l->f[2][0] == '0'))
		return fail(l, "bad calling code", l->f[2]);
	if (l->len[3] >= sizeof c.trunk_prefix ||
	    !all_digits(l->f[3], l->len[3]))
		return fail(l, "bad trunk prefix", l->f[3]);
	/* No calling code, no numbers: the lengths may then be empty. */
	if (l->len[2] == 0 && l->len[4] == 0 && l->len[5] == 0)
		lo = hi = 0;
	else if ((lo = small_num(l->f[4], l->len[4])) < 0)
		return fail(l, "bad nsn_min", l->f[4]);
	else if ((hi = small_num(l->f[5], l->len[5])) < 0 || hi < lo)
		return fail(l, "bad nsn_max", l->f[5]);
	if (l->len[6] == 0 || l->f[6][0] == '|')
		return fail(l, "missing name", NULL);

	for (int i = 0; i < 2; i++)
		c.alpha2[i] = (char)('A' + letter((unsigned char)l->f[0][i]));
	for (int i = 0; i < 3; i++)
		c.alpha3[i] = (char)('A' + letter((unsigned char)l->f[1][i]));
	memcpy(c.calling_code, l->f[2], l->len[2]);
	memcpy(c.trunk_prefix, l->f[3], l->len[3]);
	c.nsn_min = (unsigned char)lo;
	c.nsn_max = (unsigned char)hi;

	/* The names field is kept as one allocation, cut at each '|'; its
	 * start is the first (English) name. */
	char *names = xstrndup(l->f[6], l->len[6]);
	c.name = names;
	for (char *p = names;;) {
		char *bar = strchr(p, '|');
		if (bar != NULL)
			*bar = '\0';
		sbuf_reset(t->key);
		fold_key(t->key, p, strlen(p));
		name_add(t, t->key->p, t->key->n, idx);
		if (bar == NULL)
			break;
		p = bar + 1;
	}

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->c = xreallocarray(t->c, t->cap, sizeof *t->c);
	}
	t->c[t->n++] = c;
	t->a2[a2] = idx + 1;
	t->a3[a3] = idx + 1;
	if (l->len[2] > 0) {
		size_t ccn = l->len[2];
		unsigned *cc = &t->cc[ccn - 1][cc_value(l->f[2], ccn)];
		if (*cc == 0)
			*cc = idx + 1;
	}
	return 0;
}

/* row: lines_read callback for one line of the table. */
static int
row(void *ctx, char *line, size_t n, sbuf *msg)
{
	struct line *l = ctx;
	const char *p = line + strspn(line, " \t");

	(void)n;
	if (*p == '\0' || *p == '#')	/* blank, or an indented comment */
		return 0;
	l->msg = msg;
	if (!split(l, line))
		return fail(l, "expected 7 tab-separated fields", NULL);
	return add_row(l->t, l);
}

country_table *
country_table_load(const char *path, char **errmsg)
{
	country_table *t = xcalloc(1, sizeof *t);
	struct line l;
	sbuf err = SBUF_INIT;

	if (errmsg != NULL)
		*errmsg = NULL;
	t->key = xcalloc(1, sizeof *t->key);
	t->names = strmap_new();
	memset(&l, 0, sizeof l);
	l.t = t;
	if (lines_read(path, 0, row, &l, &err) != 0) {
		int e = l.bad ? EINVAL : errno;
		if (l.bad && errmsg != NULL)
			*errmsg = xstrdup(err.p);
		sbuf_free(&err);
		country_table_free(t);
		errno = e;
		return NULL;
	}
	return t;
}

void
country_table_free(country_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		free((char *)t->c[i].name);
	strmap_free(t->names);
	free(t->c);
	sbuf_free(t->key);
	free(t->key);
	free(t);
}

static const country *
at(const country_table *t, unsigned idx1)
{
	return idx1 ? &t->c[idx1 - 1] : NULL;
}

const country *
country_by_alpha2(const country_table *t, const char *a2)
{
	long v;

	if (a2[0] == '\0' || a2[1] == '\0' || a2[2] != '\0' ||
	    (v = code_slot(a2, 2)) < 0)
		return NULL;
	return at(t, t->a2[v]);
}

const country *
country_lookup(const country_table *t, const char *s, size_t n)
{
	const country *c;
	long v;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 2 && (v = code_slot(s, 2)) >= 0 && (c = at(t, t->a2[v])))
		return c;
	if (n == 3 && (v = code_slot(s, 3)) >= 0 && (c = at(t, t->a3[v])))
		return c;
	sbuf_reset(t->key);
	fold_key(t->key, s, n);
	if (t->key->n == 0)
		return NULL;
	void *idx1;
	if (!strmap_get(t->names, t->key->p, t->key->n, &idx1))
		return NULL;
	return at(t, (unsigned)(uintptr_t)idx1);
}

const country *
country_by_calling_code(const country_table *t, const char *digits,
    size_t n, size_t *cclen)
{
	size_t max = 0;

	while (max < n && max < CC_MAXLEN && digits[max] >= '0' &&
	    digits[max] <= '9')
		max++;
	for (size_t len = max; len > 0; len--) {
		unsigned idx = t->cc[len - 1][cc_value(digits, len)];
		if (idx != 0) {
			if (cclen != NULL)
				*cclen = len;
			return &t->c[idx - 1];
		}
	}
	return NULL;
}
