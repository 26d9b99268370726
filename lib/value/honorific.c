/* honorific.c - salutations and academic titles before a name
 *
 * Entries are kept folded in two sets, those that are also names apart;
 * a third set holds the first word of every folded entry, so a name is
 * ruled out with one look-up of its first word: "Hans Müller" folds its
 * first word to "hans", which no entry starts with.  Most names are ruled
 * out before that, without folding: no entry's first word starts with the
 * letter and has the length of the name's ("Anna": no entry starts with an
 * a; "Alistair": none with an a and 8 letters).
 */
#include "value/honorific.h"

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/strset.h"
#include "base/xmem.h"

#define HON_OTHER	26
#define HON_MAXLEN	15

struct honorific_table {
	strset *plain;		/* folded entries */
	strset *named;		/* folded entries that are also names */
	strset *firsts;		/* the first word of each folded entry */
	size_t maxwords;	/* words (as written) of the longest entry */
	/* seen[c][len]: the first word of a folded entry starts with letter
	 * c (HON_OTHER: a digit or non-ASCII) and is len bytes long (at most
	 * HON_MAXLEN: that long or longer) */
	bool seen[HON_OTHER + 1][HON_MAXLEN + 1];
	bool any[HON_OTHER + 1];	/* any of seen[c] */
	sbuf key;		/* scratch for adding */
};

/* first_class: the row of seen[] for a folded word starting with c. */
static int
first_class(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' : HON_OTHER;
}

/* The kinds of titles.txt; both go to the salutation. */
static const char *const honorific_kinds[] = { "salutation", "title" };

honorific_table *
honorific_new(void)
{
	honorific_table *t = xcalloc(1, sizeof *t);

	t->plain = strset_new();
	t->named = strset_new();
	t->firsts = strset_new();
	return t;
}

void
honorific_free(honorific_table *t)
{
	if (t == NULL)
		return;
	strset_free(t->plain);
	strset_free(t->named);
	strset_free(t->firsts);
	sbuf_free(&t->key);
	free(t);
}

/* count_words: space-separated words of s[0..n). */
static size_t
count_words(const char *s, size_t n)
{
	size_t words = 0;
	bool in = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			in = false;
		} else if (!in) {
			in = true;
			words++;
		}
	}
	return words;
}

void
honorific_add(honorific_table *t, const char *s, size_t n, bool also_name)
{
	const char *sp;
	size_t words = count_words(s, n), first;

	sbuf_reset(&t->key);
	fold_key(&t->key, s, n);
	if (t->key.n == 0)
		return;
	strset_add(also_name ? t->named : t->plain, t->key.p, t->key.n);
	sp = memchr(t->key.p, ' ', t->key.n);
	first = sp != NULL ? (size_t)(sp - t->key.p) : t->key.n;
	strset_add(t->firsts, t->key.p, first);
	t->seen[first_class((unsigned char)t->key.p[0])]
	    [first < HON_MAXLEN ? first : HON_MAXLEN] = true;
	t->any[first_class((unsigned char)t->key.p[0])] = true;
	if (words > t->maxwords)
		t->maxwords = words;
}

/* load_line: lines_read callback for one "TEXT<TAB>KIND[<TAB>name]". */
static int
load_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	honorific_table *t = ctx;
	char *kind = memchr(line, '\t', n), *mark;
	size_t k;
	bool also_name = false;

	if (kind == NULL)
		return lines_fail(msg, "\"%s\" has no kind (TEXT<TAB>salutation "
		    "or TEXT<TAB>title)", line);
	*kind++ = '\0';
	if ((mark = strchr(kind, '\t')) != NULL) {
		*mark++ = '\0';
		if (strcmp(mark, "name") != 0)
			return lines_fail(msg, "third column \"%s\" is not "
			    "\"name\"", mark);
		also_name = true;
	}
	for (k = 0; k < sizeof honorific_kinds / sizeof *honorific_kinds; k++)
		if (strcmp(kind, honorific_kinds[k]) == 0)
			break;
	if (k == sizeof honorific_kinds / sizeof *honorific_kinds)
		return lines_fail(msg, "kind \"%s\" is not salutation or title",
		    kind);
	honorific_add(t, line, strlen(line), also_name);
	return 0;
}

int
honorific_load(honorific_table *t, const char *path, sbuf *err)
{
	return lines_read(path, LINES_TRIM, load_line, t, err);
}

/* word_end: the end of the word of s[0..n) that starts at i. */
static size_t
word_end(const char *s, size_t n, size_t i)
{
	const char *sp = memchr(s + i, ' ', n - i);

	return sp != NULL ? (size_t)(sp - s) : n;
}

/* ascii_alnum: c is an ASCII letter or digit (whatever the locale). */
static bool
ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* may_start: whether the word at s[i..) (up to a space or n) may start
 * an entry, judged without folding when it is ASCII: the letters and
 * digits its folded first word would have (the ASCII bytes fold_key
 * keeps, lower-cased) are looked up in seen[].  Non-ASCII text may fold
 * to anything: true. */
static bool
may_start(const honorific_table *t, const char *s, size_t n, size_t i)
{
	size_t start, len;
	unsigned char c;

	while (i < n && (c = (unsigned char)s[i]) < 0x80 && c != ' ' &&
	    !ascii_alnum((char)c))
		i++;
	if (i == n || s[i] == ' ')
		return false;	/* nothing here folds to a letter */
	if ((unsigned char)s[i] >= 0x80)
		return true;
	if (!t->any[first_class((unsigned char)(s[i] | 0x20))])
		return false;	/* most names: no entry starts so */
	for (start = i; i < n && ascii_alnum(s[i]); i++)
		;
	if (i < n && (unsigned char)s[i] >= 0x80)
		return true;
	len = i - start;
	return t->seen[first_class((unsigned char)(s[start] | 0x20))]
	    [len < HON_MAXLEN ? len : HON_MAXLEN];
}

/* match_at: the end of the longest entry s[i..) starts with, or 0. */
static size_t
match_at(const honorific_table *t, const char *s, size_t n, size_t i,
    sbuf *scratch)
{
	size_t base = scratch->n, ends[16], nends = 0, end = i, best = 0;
	const char *sp;

	/* the first word, folded, must start an entry */
	if (!may_start(t, s, n, i))
		return 0;
	end = word_end(s, n, i);
	fold_key(scratch, s + i, end - i);
	sp = memchr(scratch->p + base, ' ', scratch->n - base);
	if (scratch->n == base || !strset_has(t->firsts, scratch->p + base,
	    sp != NULL ? (size_t)(sp - scratch->p - base) : scratch->n - base)) {
		scratch->n = base;
		return 0;
	}
	for (;;) {
		ends[nends++] = end;
		if (end == n || nends == t->maxwords ||
		    nends == sizeof ends / sizeof *ends)
			break;
		end = word_end(s, n, end + 1);
	}
	while (nends > 0 && best == 0) {
		size_t e = ends[--nends], k;
		size_t after = count_words(s + e, n - e);

		scratch->n = base;
		fold_key(scratch, s + i, e - i);
		k = scratch->n - base;
		if (strset_has(t->plain, scratch->p + base, k) ||
		    (after >= 2 && strset_has(t->named, scratch->p + base, k)))
			best = e;
	}
	scratch->n = base;
	return best;
}

size_t
honorific_prefix(const honorific_table *t, const char *s, size_t n,
    sbuf *scratch)
{
	size_t i = 0, len = 0, end;

	if (t == NULL)
		return 0;
	while (i < n && (end = match_at(t, s, n, i, scratch)) > 0) {
		len = end;
		i = end + 1;	/* past the space */
	}
	if (scratch->p != NULL)
		scratch->p[scratch->n] = '\0';
	return len;
}
