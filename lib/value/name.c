/* name.c - person and company names */
#include "value/name.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "base/fold.h"
#include "base/utf8.h"

/* Lower-case words that belong to the last name that follows them, with
 * their lengths counted at compile time. */
#define P(w) { w, sizeof w - 1 }
static const struct {
	const char *w;
	size_t len;
} name_particles[] = {
	P("van"), P("von"), P("der"), P("den"), P("de"), P("ter"), P("ten"),
	P("te"), P("zu"), P("het"),
};
#undef P

#define NAME_NPARTICLES (sizeof name_particles / sizeof name_particles[0])

/* After these, a letter starts a new part of the name when re-casing:
 * "Jean-Pierre", "O'Neil", "O’Neil", "J.R." */
static const int32_t name_breaks[] = { '-', '\'', '.', 0x2019 };

#define NAME_NBREAKS (sizeof name_breaks / sizeof name_breaks[0])

/* name_is_fake folds an ASCII value of up to this many bytes on the stack. */
#define NAME_SMALLKEY 128

/* company_key looks for legal-form suffixes among the last this many words. */
#define COMPANY_MAXWORDS 8

/* Greek small sigma and final sigma: lower-casing "ΟΔΥΣΣΕΥΣ" must end in ς. */
#define SIGMA 0x03C3
#define FINAL_SIGMA 0x03C2

/* letter_or_mark: a letter, or a mark belonging to the letter before it. */
static bool
letter_or_mark(int32_t cp)
{
	return utf8_is_letter(cp) || utf8_is_mark(cp);
}

static bool
is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return true;
	default:
		return false;
	}
}

static bool
is_break(int32_t cp)
{
	for (size_t i = 0; i < NAME_NBREAKS; i++)
		if (name_breaks[i] == cp)
			return true;
	return false;
}

static bool
is_particle(const char *w, size_t n)
{
	for (size_t i = 0; i < NAME_NPARTICLES; i++)
		if (name_particles[i].len == n &&
		    strncasecmp(name_particles[i].w, w, n) == 0)
			return true;
	return false;
}

static void
put_cp(sbuf *out, int32_t cp)
{
	if (cp < 0x80) {
		sbuf_addc(out, (char)cp);
		return;
	}
	sbuf_grow(out, 4);
	out->n += (size_t)utf8proc_encode_char(cp,
	    (utf8proc_uint8_t *)out->p + out->n);
	out->p[out->n] = '\0';
}

static int32_t
ascii_upper(int32_t c)
{
	return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

static int32_t
ascii_lower(int32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* tidy_plain: s is ASCII, its white space is single ' ' between words,
 * and it is not in one case: name_tidy would copy it unchanged.  One pass,
 * for the common case of a name typed properly. */
static bool
tidy_plain(const char *s, size_t n)
{
	bool upper = false, lower = false;

	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || (c >= '\t' && c <= '\r') ||
		    (c == ' ' && s[i + 1] == ' '))	/* s[n - 1] is not ' ' */
			return false;
		upper |= c >= 'A' && c <= 'Z';
		lower |= c >= 'a' && c <= 'z';
	}
	return upper == lower;
}

/* one_case: true when s has cased letters and all are upper or all lower. */
static bool
one_case(const char *s, size_t n)
{
	bool upper = false, lower = false;
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;

		if (c < 0x80) {
			upper |= c >= 'A' && c <= 'Z';
			lower |= c >= 'a' && c <= 'z';
			i++;
			continue;
		}
		if ((cp = utf8_next(s, n, &i)) < 0)
			continue;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LT:
			upper = true;
			break;
		case UTF8PROC_CATEGORY_LL:
			lower = true;
			break;
		default:
			break;
		}
	}
	return upper != lower;
}

/* put_word: append the word w[0..n), re-cased when recase is set (title
 * case, or all lower for a particle).  Returns true if a letter changed or
 * an invalid byte was dropped. */
static bool
put_word(sbuf *out, const char *w, size_t n, bool recase, bool particle)
{
	bool changed = false, start = true;
	size_t i = 0;

	while (i < n) {
		int32_t cp = utf8_next(w, n, &i), to = cp;

		if (cp < 0) {
			changed = true;
			continue;
		}
		if (recase && cp < 0x80 && letter_or_mark(cp)) {
			/* ASCII title case is upper case */
			to = start && !particle ? ascii_upper(cp) :
			    ascii_lower(cp);
			start = false;
		} else if (recase && letter_or_mark(cp)) {
			to = start && !particle ? utf8proc_totitle(cp) :
			    utf8proc_tolower(cp);
			if (to == SIGMA) {
				size_t j = i;

				if (j == n || !letter_or_mark(utf8_next(w, n, &j)))
					to = FINAL_SIGMA;
			}
			start = false;
		} else if (recase && is_break(cp)) {
			start = true;
		}
		changed |= to != cp;
		put_cp(out, to);
	}
	return changed;
}

bool
name_tidy(sbuf *out, const char *s, size_t n)
{
	bool recase, changed = false;
	size_t start = out->n, i = 0, words = 0;

	if (tidy_plain(s, n)) {
		sbuf_add(out, s, n);
		return false;
	}
	recase = one_case(s, n);
	sbuf_grow(out, n);
	while (i < n) {
		size_t w = i, wend;

		if (is_space(utf8_next(s, n, &i)))
			continue;
		for (wend = i; i < n; i = wend) {
			if (is_space(utf8_next(s, n, &wend))) {
				wend = i;
				break;
			}
		}
		if (out->n > start)
			sbuf_addc(out, ' ');
		changed |= put_word(out, s + w, wend - w, recase,
		    words > 0 && is_particle(s + w, wend - w));
		words++;
	}
	out->p[out->n] = '\0';
	return changed;
}

/* add_title: append t[0..n) to title, after a space if title has text;
 * commas at either end are not part of it ("Herr, Hans Müller"). */
static void
add_title(sbuf *title, const char *t, size_t n)
{
	while (n > 0 && (*t == ',' || *t == ' ')) {
		t++;
		n--;
	}
	while (n > 0 && (t[n - 1] == ',' || t[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	if (title->n > 0)
		sbuf_addc(title, ' ');
	sbuf_add(title, t, n);
}

/* cut: remove b->p[at..at + n). */
static void
cut(sbuf *b, size_t at, size_t n)
{
	memmove(b->p + at, b->p + at + n, b->n - at - n);
	b->n -= n;
	b->p[b->n] = '\0';
}

/* take_titles: move the honorifics b->p[at..) starts with (tidy text) to
 * title, with the space after them.  Returns true if there were any. */
static bool
take_titles(sbuf *b, size_t at, sbuf *title, const honorific_table *t)
{
	size_t len = honorific_prefix(t, b->p + at, b->n - at, title);

	if (len == 0)
		return false;
	add_title(title, b->p + at, len);
	cut(b, at, len + (at + len < b->n));
	return true;
}

/* trim: the bounds of p[*i..*e) without the spaces at either end. */
static void
trim(const char *p, size_t *i, size_t *e)
{
	while (*i < *e && p[*i] == ' ')
		(*i)++;
	while (*e > *i && p[*e - 1] == ' ')
		(*e)--;
}

/* last_first: last->p[base..) is a tidy name without leading honorifics.
 * Commas followed by nothing but honorifics are taken off (the
 * honorifics to title); then with one comma left, the part after it
 * (less its honorifics, to title) is appended to first and the part
 * before it is left as the last name: returns true.  Otherwise returns
 * false with the rest of the name left in last. */
static bool
last_first(sbuf *first, sbuf *last, size_t base, sbuf *title,
    const honorific_table *t)
{
	char *p = last->p + base, *c;
	size_t len = last->n - base, b0 = 0, b1, a0, a1, h;

	while ((c = memrchr(p, ',', len)) != NULL) {
		a0 = (size_t)(c - p) + 1;
		a1 = len;
		trim(p, &a0, &a1);
		if (a1 > a0 && honorific_prefix(t, p + a0, a1 - a0, title) !=
		    a1 - a0)
			break;
		add_title(title, p + a0, a1 - a0);
		len = (size_t)(c - p);
		trim(p, &b0, &len);
	}
	last->n = base + len;
	p[len] = '\0';
	if (c == NULL || memchr(p, ',', (size_t)(c - p)) != NULL)
		return false;
	b1 = (size_t)(c - p);
	trim(p, &b0, &b1);
	a0 = (size_t)(c - p) + 1;
	a1 = len;
	trim(p, &a0, &a1);
	if (b1 == b0) {		/* ", Hans": nothing before the comma */
		cut(last, base, a0);
		take_titles(last, base, title, t);
		return false;
	}
	h = honorific_prefix(t, p + a0, a1 - a0, title);
	add_title(title, p + a0, h);
	a0 += h;
	if (a0 < a1 && p[a0] == ' ')
		a0++;
	sbuf_add(first, p + a0, a1 - a0);
	last->n = base + b1;
	p[b1] = '\0';
	return true;
}

void
name_split(sbuf *first, sbuf *last, sbuf *title, const char *s, size_t n,
    const honorific_table *titles)
{
	size_t base = last->n, end, cut_at, prev;
	char *p;

	name_tidy(last, s, n);
	take_titles(last, base, title, titles);
	if (memchr(last->p + base, ',', last->n - base) != NULL &&
	    last_first(first, last, base, title, titles))
		return;
	p = last->p;
	end = last->n;
	/* cut_at: start of the last word; walk back over particles */
	for (cut_at = end; cut_at > base && p[cut_at - 1] != ' '; cut_at--)
		;
	while (cut_at > base) {
		for (prev = cut_at - 1; prev > base && p[prev - 1] != ' '; prev--)
			;
		if (!is_particle(p + prev, cut_at - 1 - prev))
			break;
		cut_at = prev;
	}
	if (cut_at == base)
		return;
	sbuf_add(first, p + base, cut_at - 1 - base);
	memmove(p + base, p + cut_at, end - cut_at);
	last->n = base + (end - cut_at);
	p[last->n] = '\0';
}

bool
name_person(sbuf *out, sbuf *title, const char *s, size_t n,
    const honorific_table *titles)
{
	size_t base = out->n;
	bool changed = name_tidy(out, s, n);

	return take_titles(out, base, title, titles) || changed;
}

/* suffix_at: the offset in key[0..n) of the longest suffix (whole words,
 * at most COMPANY_MAXWORDS) that is in the set, or n if none is. */
static size_t
suffix_at(const char *key, size_t n, const strset *suffixes)
{
	size_t starts[COMPANY_MAXWORDS], nstarts = 0, i = n;

	while (nstarts < COMPANY_MAXWORDS && i > 0) {
		while (i > 0 && key[i - 1] != ' ')
			i--;
		starts[nstarts++] = i;
		if (i > 0)
			i--;
	}
	while (nstarts > 0) {
		size_t at = starts[--nstarts];

		if (strset_has(suffixes, key + at, n - at))
			return at;
	}
	return n;
}

void
company_key(sbuf *out, const char *s, size_t n, const strset *suffixes)
{
	size_t start, end, at;
	char *key;

	start = out->n;
	fold_key(out, s, n);
	key = out->p + start;
	if (out->n - start > 4 && memcmp(key, "the ", 4) == 0) {
		memmove(key, key + 4, out->n - start - 4);
		out->n -= 4;
	}
	end = out->n - start;
	while (end > 0 && (at = suffix_at(key, end, suffixes)) < end)
		end = at > 0 ? at - 1 : 0;
	if (end > 0)
		out->n = start + end;
	out->p[out->n] = '\0';
}

/* ascii_key: fold_key (fold.h) of an ASCII s into key, which has room for
 * n bytes: lower-case letters and digits, one space for each run of other
 * bytes between them.  Returns the key's length, or -1 when s is not all
 * ASCII (fold_key must then do it). */
static long
ascii_key(char *key, const char *s, size_t n)
{
	size_t k = 0;
	bool gap = false;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], l = c | 0x20;

		if (c >= 0x80)
			return -1;
		if (!((c >= '0' && c <= '9') || (l >= 'a' && l <= 'z'))) {
			gap = true;
			continue;
		}
		if (gap && k > 0)
			key[k++] = ' ';
		gap = false;
		key[k++] = c >= '0' && c <= '9' ? (char)c : (char)l;
	}
	return (long)k;
}

bool
name_is_fake(const char *s, size_t n, const strset *fakes)
{
	char small[NAME_SMALLKEY];
	sbuf key = SBUF_INIT;
	const char *k = small;
	size_t kn;
	long len;
	int32_t first = -1;
	bool letter = false, same = true, fake;
	size_t i = 0, count = 0;

	if (n <= sizeof small && (len = ascii_key(small, s, n)) >= 0) {
		kn = (size_t)len;
	} else {
		fold_key(&key, s, n);
		k = key.p;
		kn = key.n;
	}
	if (fakes != NULL && strset_has(fakes, k, kn)) {
		sbuf_free(&key);
		return true;
	}
	while (i < kn) {
		int32_t cp = (unsigned char)k[i] < 0x80 ?
		    (unsigned char)k[i++] : utf8_next(k, kn, &i);

		if (cp == ' ')
			continue;
		letter |= letter_or_mark(cp);
		if (first < 0)
			first = cp;
		same &= cp == first;
		count++;
		if (letter && !same)
			break;		/* the rest cannot change the answer */
	}
	fake = !letter || (same && count >= 2);
	sbuf_free(&key);
	return fake;
}
