/* similar.c - string similarity and phonetic keys, for comparing records */
#include "value/similar.h"
#include "base/utf8.h"
#include "base/xmem.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Code points compared with no allocation; also the capacity of every
 * other stack work array, each of which holds at most one element per code
 * point of a string. */
#define SIMILAR_STACK 64

/* Jaro-Winkler: prefix scale and longest prefix counted (Winkler's). */
#define SIMILAR_JW_SCALE 0.1
#define SIMILAR_JW_PREFIX 4
/* Lowest Jaro-Winkler at which two different tokens pair. */
#define SIMILAR_TOKEN_JW 0.92

/* A string decoded to code points: p is stack or, when longer, the heap. */
typedef struct cpbuf {
	int32_t *p;
	size_t n;
	int32_t stack[SIMILAR_STACK];
} cpbuf;

/* A token: cp[off..off+len) of its string. */
typedef struct span {
	size_t off;
	size_t len;
} span;

/* scratch: room for n elements of size sz: the stack array st if its cap
 * elements are enough, else the heap (release with scratch_free). */
static void *
scratch(void *st, size_t cap, size_t n, size_t sz)
{
	return n <= cap ? st : xreallocarray(NULL, n, sz);
}

static void
scratch_free(void *p, const void *st)
{
	if (p != st)
		free(p);
}

/* next_cp: the code point at s[*i], advancing *i; an invalid byte b is
 * U+DC00 + b (always above 0x80), a code point no valid UTF-8 decodes to. */
static int32_t
next_cp(const char *s, size_t n, size_t *i)
{
	size_t at = *i;
	int32_t cp = utf8_next(s, n, i);

	return cp >= 0 ? cp : 0xDC00 + (unsigned char)s[at];
}

/* decode_into: store the first cap code points of s[0..n) in p; returns
 * how many s has, which may be more than cap. */
static size_t
decode_into(int32_t *p, size_t cap, const char *s, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		int32_t cp = next_cp(s, n, &i);

		if (k < cap)
			p[k] = cp;
		k++;
	}
	return k;
}

static void
cpbuf_decode(cpbuf *b, const char *s, size_t n)
{
	b->p = b->stack;
	b->n = decode_into(b->p, SIMILAR_STACK, s, n);
	if (b->n > SIMILAR_STACK) {
		b->p = xreallocarray(NULL, b->n, sizeof b->p[0]);
		decode_into(b->p, b->n, s, n);
	}
}

static void
cpbuf_free(cpbuf *b)
{
	scratch_free(b->p, b->stack);
}

/* jw: Jaro-Winkler of code points.  A code point of a matches an equal,
 * not yet matched one of b at most max(la, lb) / 2 - 1 positions away,
 * the first such; of the m matched code points taken in order, t are not
 * the one their partner is (martha, marhta: t, h and h, t), and
 *	jaro = (m / la + m / lb + (m - t / 2) / m) / 3,  t / 2 rounded down.
 * The greedy matching gives the same m and t either way round, so
 * jw(a, b) == jw(b, a) (checked on all strings of up to 6 letters of 3). */
static double
jw(const int32_t *a, size_t la, const int32_t *b, size_t lb)
{
	bool fa_st[SIMILAR_STACK], fb_st[SIMILAR_STACK];
	bool *fa, *fb;
	size_t win, m = 0, t = 0, pre = 0;
	double jaro;

	if (la == 0 || lb == 0)
		return la == lb ? 1.0 : 0.0;
	win = (la > lb ? la : lb) / 2;
	win = win > 0 ? win - 1 : 0;
	fa = scratch(fa_st, SIMILAR_STACK, la, sizeof fa[0]);
	fb = scratch(fb_st, SIMILAR_STACK, lb, sizeof fb[0]);
	memset(fa, 0, la * sizeof fa[0]);
	memset(fb, 0, lb * sizeof fb[0]);
	for (size_t i = 0; i < la; i++) {
		size_t hi = i + win + 1 < lb ? i + win + 1 : lb;

		for (size_t j = i > win ? i - win : 0; j < hi; j++) {
			if (!fb[j] && a[i] == b[j]) {
				fa[i] = fb[j] = true;
				m++;
				break;
			}
		}
	}
	for (size_t i = 0, j = 0; i < la; i++) {
		if (!fa[i])
			continue;
		while (!fb[j])
			j++;
		if (a[i] != b[j])
			t++;
		j++;
	}
	scratch_free(fa, fa_st);
	scratch_free(fb, fb_st);
	if (m == 0)
		return 0.0;
	jaro = ((double)m / la + (double)m / lb + (double)(m - t / 2) / m) /
	    3.0;
	while (pre < SIMILAR_JW_PREFIX && pre < la && pre < lb &&
	    a[pre] == b[pre])
		pre++;
	return jaro + pre * SIMILAR_JW_SCALE * (1.0 - jaro);
}

/* same: whether a[0..an) and b[0..bn) are the same bytes; equal values are
 * the common case when comparing duplicates, and all scores are 1. */
static bool
same(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

double
similar_jaro_winkler(const char *a, size_t an, const char *b, size_t bn)
{
	cpbuf ca, cb;
	double r;

	if (same(a, an, b, bn))
		return 1.0;
	cpbuf_decode(&ca, a, an);
	cpbuf_decode(&cb, b, bn);
	r = jw(ca.p, ca.n, cb.p, cb.n);
	cpbuf_free(&ca);
	cpbuf_free(&cb);
	return r;
}

static size_t
min3(size_t x, size_t y, size_t z)
{
	size_t m = x < y ? x : y;

	return m < z ? m : z;
}

/* osa: optimal string alignment distance, row by row; b is the shorter,
 * so three rows of lb + 1 fit on the stack whenever either string is
 * short. */
static size_t
osa(const int32_t *a, size_t la, const int32_t *b, size_t lb)
{
	size_t st[3 * (SIMILAR_STACK + 1)];
	size_t *rows, *prev2, *prev, *cur, d;

	rows = scratch(st, sizeof st / sizeof st[0], 3 * (lb + 1),
	    sizeof st[0]);
	prev2 = rows;
	prev = rows + (lb + 1);
	cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *tmp;

		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = min3(prev[j] + 1, cur[j - 1] + 1,
			    prev[j - 1] + (a[i - 1] != b[j - 1]));

			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	d = prev[lb];
	scratch_free(rows, st);
	return d;
}

double
similar_edit(const char *a, size_t an, const char *b, size_t bn)
{
	cpbuf ca, cb;
	size_t d, len;

	if (same(a, an, b, bn))
		return 1.0;
	cpbuf_decode(&ca, a, an);
	cpbuf_decode(&cb, b, bn);
	if (ca.n >= cb.n) {
		d = osa(ca.p, ca.n, cb.p, cb.n);
		len = ca.n;
	} else {
		d = osa(cb.p, cb.n, ca.p, ca.n);
		len = cb.n;
	}
	cpbuf_free(&ca);
	cpbuf_free(&cb);
	return len == 0 ? 1.0 : 1.0 - (double)d / len;
}

/* split: the tokens of c into t, which has room for c->n (never too few:
 * each token has a code point); returns how many. */
static size_t
split(span *t, const cpbuf *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++) {
		size_t start = i;

		if (c->p[i] == ' ')
			continue;
		while (i < c->n && c->p[i] != ' ')
			i++;
		t[k].off = start;
		t[k].len = i - start;
		k++;
	}
	return k;
}

static bool
token_eq(const int32_t *a, span x, const int32_t *b, span y)
{
	return x.len == y.len &&
	    memcmp(a + x.off, b + y.off, x.len * sizeof a[0]) == 0;
}

/* pairs: how many tokens of a (na of them, at most as many as b has) pair
 * with tokens of b: equal ones first, then for each token of a left over,
 * the unpaired token of b with the highest Jaro-Winkler, the first on a
 * tie, if it is at least SIMILAR_TOKEN_JW. */
static size_t
pairs(const int32_t *a, const span *ta, size_t na, const int32_t *b,
    const span *tb, size_t nb)
{
	bool ua_st[SIMILAR_STACK], ub_st[SIMILAR_STACK];
	bool *ua, *ub;
	size_t k = 0;

	ua = scratch(ua_st, SIMILAR_STACK, na, sizeof ua[0]);
	ub = scratch(ub_st, SIMILAR_STACK, nb, sizeof ub[0]);
	memset(ua, 0, na * sizeof ua[0]);
	memset(ub, 0, nb * sizeof ub[0]);
	for (size_t i = 0; i < na; i++) {
		for (size_t j = 0; j < nb; j++) {
			if (!ub[j] && token_eq(a, ta[i], b, tb[j])) {
				ua[i] = ub[j] = true;
				k++;
				break;
			}
		}
	}
	for (size_t i = 0; i < na; i++) {
		size_t best = nb;
		double top = SIMILAR_TOKEN_JW;

		if (ua[i])
			continue;
		for (size_t j = 0; j < nb; j++) {
			double s;

			if (ub[j])
				continue;
			s = jw(a + ta[i].off, ta[i].len, b + tb[j].off,
			    tb[j].len);
			if (s > top || (s == top && best == nb)) {
				top = s;
				best = j;
			}
		}
		if (best < nb) {
			ub[best] = true;
			k++;
		}
	}
	scratch_free(ua, ua_st);
	scratch_free(ub, ub_st);
	return k;
}

/* before: a fixed order of two token lists, so that pairs() runs the same
 * way round whichever is passed first: fewer tokens first, then fewer code
 * points, then by code points. */
static bool
before(size_t na, const cpbuf *a, size_t nb, const cpbuf *b)
{
	if (na != nb)
		return na < nb;
	if (a->n != b->n)
		return a->n < b->n;
	return memcmp(a->p, b->p, a->n * sizeof a->p[0]) <= 0;
}

/* unspace: remove the spaces from c, in place. */
static void
unspace(cpbuf *c)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->p[i] != ' ')
			c->p[k++] = c->p[i];
	c->n = k;
}

double
similar_tokens(const char *a, size_t an, const char *b, size_t bn)
{
	span sa_st[SIMILAR_STACK], sb_st[SIMILAR_STACK];
	span *sa, *sb;
	cpbuf ca, cb;
	size_t na, nb, k;
	double r = 0.0, joined;

	if (same(a, an, b, bn))
		return 1.0;
	cpbuf_decode(&ca, a, an);
	cpbuf_decode(&cb, b, bn);
	sa = scratch(sa_st, SIMILAR_STACK, ca.n, sizeof sa[0]);
	sb = scratch(sb_st, SIMILAR_STACK, cb.n, sizeof sb[0]);
	na = split(sa, &ca);
	nb = split(sb, &cb);
	if (na > 0 && nb > 0) {
		if (before(na, &ca, nb, &cb))
			k = pairs(ca.p, sa, na, cb.p, sb, nb);
		else
			k = pairs(cb.p, sb, nb, ca.p, sa, na);
		r = 2.0 * k / (na + nb);
	}
	if (r < 1.0) {
		unspace(&ca);
		unspace(&cb);
		joined = jw(ca.p, ca.n, cb.p, cb.n);
		if (joined > r)
			r = joined;
	}
	scratch_free(sa, sa_st);
	scratch_free(sb, sb_st);
	cpbuf_free(&ca);
	cpbuf_free(&cb);
	return r;
}

/* American Soundex codes of a..z; '-' marks h and w, which do not part two
 * letters of one code the way a vowel ('0') does. */
static const char soundex_codes[] = "0123012-02245501262301-202";

static bool
is_ascii_letter(char c)
{
	char l = c | 0x20;	/* 'A'..'Z' -> 'a'..'z' */

	return l >= 'a' && l <= 'z';
}

/* soundex: the key of w[0..n), n > 0, all ASCII letters: the first
 * letter, then the code of each letter unless it is the code of the letter
 * before (h and w pass the code before them on), up to three, padded with
 * '0'.  "ashcraft": a, s 2, h, c (2 again), r 6, a, f 1 -> "a261". */
static void
soundex(char key[4], const char *w, size_t n)
{
	size_t k = 1;
	char last;

	key[0] = w[0] | 0x20;
	last = soundex_codes[key[0] - 'a'];
	for (size_t i = 1; i < n && k < 4; i++) {
		char d = soundex_codes[(w[i] | 0x20) - 'a'];

		if (d == '-')
			continue;
		if (d != '0' && d != last)
			key[k++] = d;
		last = d;
	}
	while (k < 4)
		key[k++] = '0';
}

void
similar_phonetic(sbuf *out, const char *s, size_t n)
{
	size_t i = 0, end;
	bool letters = true;
	char key[4];

	while (i < n && s[i] == ' ')
		i++;
	for (end = i; end < n && s[end] != ' '; end++)
		if (!is_ascii_letter(s[end]))
			letters = false;
	if (end == i) {
		sbuf_add(out, "", 0);
	} else if (letters) {
		soundex(key, s + i, end - i);
		sbuf_add(out, key, sizeof key);
	} else {
		size_t j = i;

		for (int k = 0; k < 3 && j < end; k++)
			next_cp(s, end, &j);
		sbuf_add(out, s + i, j - i);
	}
}
