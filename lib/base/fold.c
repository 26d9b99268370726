/* fold.c - Unicode folding into matching keys (utf8proc) */
#include "base/fold.h"
#include "base/utf8.h"

#include <stdbool.h>
#include <stdint.h>

#include <utf8proc.h>

enum fold_mode { FOLD_KEY, FOLD_ALNUM };

/* One fold in progress: keys get one space between runs of letters and
 * digits, so a separator is only written once the next letter shows up. */
typedef struct fold_state {
	sbuf *out;
	size_t start;		/* out->n when the fold began */
	enum fold_mode mode;
	bool gap;		/* a separator was seen since the last letter */
} fold_state;

/* Latin letters without a decomposition, and their base.  Looked up on
 * lower case, sorted by code point.  ß needs no entry: case folding makes
 * it "ss".  ŀ is here because its compatibility decomposition is "l·",
 * whose middle dot would split the word. */
static const struct {
	int32_t cp;
	const char *base;
} fold_bases[] = {
	{ 0x00E6, "ae" },	/* æ */
	{ 0x00F0, "d" },	/* ð */
	{ 0x00F8, "o" },	/* ø */
	{ 0x00FE, "th" },	/* þ */
	{ 0x0111, "d" },	/* đ */
	{ 0x0127, "h" },	/* ħ */
	{ 0x0131, "i" },	/* ı */
	{ 0x0140, "l" },	/* ŀ */
	{ 0x0142, "l" },	/* ł */
	{ 0x0153, "oe" },	/* œ */
	{ 0x0167, "t" },	/* ŧ */
};

#define FOLD_NBASES (sizeof fold_bases / sizeof fold_bases[0])

/* Decomposition flags: NFKD with case folding, marks and default-ignorable
 * characters (soft hyphen, zero-width space) dropped.  Composition is not
 * needed: once the marks are gone, Latin, Greek and Cyrillic letters are
 * single code points again; Hangul syllables are kept whole (see fold_cp). */
#define FOLD_OPTS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
    UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* Longest decomposition of one code point under FOLD_OPTS is 18 (U+FDFA). */
#define FOLD_MAXDECOMP 32

static const char *
fold_base(int32_t cp)
{
	size_t lo = 0, hi = FOLD_NBASES;

	if (cp < fold_bases[0].cp || cp > fold_bases[FOLD_NBASES - 1].cp)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (fold_bases[mid].cp == cp)
			return fold_bases[mid].base;
		if (fold_bases[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* put_byte: append c without the NUL; fold_run terminates out at the end. */
static void
put_byte(sbuf *out, char c)
{
	if (out->n + 2 > out->cap)
		sbuf_grow(out, 1);
	out->p[out->n++] = c;
}

/* emit: write one folded code point, or note a separator. */
static void
emit(fold_state *st, int32_t cp)
{
	if (!utf8_is_alnum(cp)) {
		st->gap = true;
		return;
	}
	if (st->gap && st->mode == FOLD_KEY && st->out->n > st->start)
		put_byte(st->out, ' ');
	st->gap = false;
	if (cp < 0x80) {
		put_byte(st->out, (char)cp);
	} else {
		sbuf_grow(st->out, 4);
		st->out->n += (size_t)utf8proc_encode_char(cp,
		    (utf8proc_uint8_t *)st->out->p + st->out->n);
	}
}

static void
emit_base(fold_state *st, const char *base)
{
	for (; *base != '\0'; base++)
		emit(st, (unsigned char)*base);
}

/* fold_cp: fold one non-ASCII code point. */
static void
fold_cp(fold_state *st, int32_t cp)
{
	utf8proc_int32_t buf[FOLD_MAXDECOMP];
	utf8proc_ssize_t len;
	const char *base;
	int bound = 0;

	if ((base = fold_base(utf8proc_tolower(cp))) != NULL) {
		emit_base(st, base);
		return;
	}
	if (cp >= 0xAC00 && cp <= 0xD7A3) {	/* Hangul syllable */
		emit(st, cp);
		return;
	}
	len = utf8proc_decompose_char(cp, buf, FOLD_MAXDECOMP, FOLD_OPTS,
	    &bound);
	if (len < 0 || len > FOLD_MAXDECOMP)
		return;
	for (utf8proc_ssize_t i = 0; i < len; i++) {
		if ((base = fold_base(buf[i])) != NULL)
			emit_base(st, base);
		else
			emit(st, buf[i]);
	}
}

/* ascii_fold: the folded form of an ASCII byte: a lower-case letter or a
 * digit, or 0 for a separator (any other byte, NUL included). */
static unsigned char
ascii_fold(unsigned char c)
{
	unsigned char l = c | 0x20;	/* 'A'..'Z' -> 'a'..'z' */

	if (c >= '0' && c <= '9')
		return c;
	return l >= 'a' && l <= 'z' ? l : 0;
}

/* fold_ascii: fold the run of ASCII bytes at p[i], writing straight into
 * the buffer; returns the index after the run.  Each byte gives at most one
 * byte, plus one space for a separator seen before the run, so room for
 * n - i + 1 bytes is enough. */
static size_t
fold_ascii(fold_state *st, const unsigned char *p, size_t n, size_t i)
{
	sbuf *out = st->out;
	bool key = st->mode == FOLD_KEY, gap = st->gap;
	size_t o, start = st->start;
	char *dst;

	if (out->n + (n - i) + 2 > out->cap)
		sbuf_grow(out, n - i + 1);
	/* locals, as stores through dst could alias st and out */
	dst = out->p;
	o = out->n;
	for (; i < n && p[i] < 0x80; i++) {
		unsigned char c = ascii_fold(p[i]);

		if (c == 0) {
			gap = true;
			continue;
		}
		if (gap && key && o > start)
			dst[o++] = ' ';
		gap = false;
		dst[o++] = (char)c;
	}
	out->n = o;
	st->gap = gap;
	return i;
}

static void
fold_run(sbuf *out, const char *s, size_t n, enum fold_mode mode)
{
	fold_state st = { out, out->n, mode, false };
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	sbuf_grow(out, n);
	while (i < n) {
		if (p[i] < 0x80) {
			i = fold_ascii(&st, p, n, i);
			continue;
		}
		int32_t cp = utf8_next_multi(s, n, &i);
		if (cp >= 0)
			fold_cp(&st, cp);
	}
	out->p[out->n] = '\0';
}

void
fold_key(sbuf *out, const char *s, size_t n)
{
	fold_run(out, s, n, FOLD_KEY);
}

void
fold_alnum(sbuf *out, const char *s, size_t n)
{
	fold_run(out, s, n, FOLD_ALNUM);
}

void
fold_lower(sbuf *out, const char *s, size_t n)
{
	size_t i = 0;

	sbuf_grow(out, n);
	while (i < n) {
		int32_t cp = utf8_next(s, n, &i);

		if (cp < 0)
			continue;
		if (cp < 0x80) {
			out->p[out->n++] = (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + ('a' - 'A') : cp);
			continue;
		}
		/* Lower case is never longer than 4 bytes, but may be longer
		 * than the upper-case form (U+023A is 2 bytes, U+2C65 3). */
		sbuf_grow(out, 4 + (n - i));
		out->n += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
		    (utf8proc_uint8_t *)out->p + out->n);
	}
	out->p[out->n] = '\0';
}

void
fold_case(sbuf *out, const char *s, size_t n)
{
	utf8proc_int32_t buf[FOLD_MAXDECOMP];
	size_t i = 0;

	sbuf_grow(out, n);
	while (i < n) {
		int32_t cp = utf8_next(s, n, &i);
		int bound = 0;

		if (cp < 0)
			continue;
		if (cp < 0x80) {
			sbuf_addc(out, (char)(cp >= 'A' && cp <= 'Z' ?
			    cp + ('a' - 'A') : cp));
			continue;
		}
		utf8proc_ssize_t len = utf8proc_decompose_char(cp, buf,
		    FOLD_MAXDECOMP, UTF8PROC_CASEFOLD, &bound);
		if (len < 0 || len > FOLD_MAXDECOMP)
			continue;
		sbuf_grow(out, 4 * (size_t)len);
		for (utf8proc_ssize_t k = 0; k < len; k++)
			out->n += (size_t)utf8proc_encode_char(buf[k],
			    (utf8proc_uint8_t *)out->p + out->n);
	}
	out->p[out->n] = '\0';
}
