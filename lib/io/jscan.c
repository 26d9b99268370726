/* jscan.c - a small JSON scanner over raw bytes */
#include "io/jscan.h"

#include <stdint.h>
#include <string.h>

#include "base/swar.h"

#define JSCAN_MAX_DEPTH 256

typedef struct scan {
	const unsigned char *s;
	size_t n, pos;
	jscan_err *err;
	int depth;
} scan;

static int
fail(scan *sc, const char *msg)
{
	if (sc->err != NULL) {
		sc->err->pos = sc->pos;
		sc->err->msg = msg;
	}
	return -1;
}

static inline void
skip_ws(scan *sc)
{
	if (sc->pos < sc->n && sc->s[sc->pos] > ' ')
		return;		/* the common case: no white space */
	while (sc->pos < sc->n) {
		unsigned char c = sc->s[sc->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

/* utf8_seq: length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

size_t
jscan_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		/* ASCII fast path, eight bytes at a time */
		while (i + 8 <= n) {
			unsigned long long w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

static int
hex4(const unsigned char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | d;
	}
	return 0;
}

/* escape_mask: '"', '\\' or a control byte (below 0x20). */
static inline uint64_t
escape_mask(uint64_t w)
{
	return swar_below(w, 0x20) | swar_equal(w, '"') | swar_equal(w, '\\');
}

/* special_mask: what ends or escapes a string, or a non-ASCII byte that
 * needs a UTF-8 check. */
static inline uint64_t
special_mask(uint64_t w)
{
	return escape_mask(w) | (w & SWAR_HIGH);
}

static int
scan_string(scan *sc)
{
	const unsigned char *s = sc->s;
	size_t n = sc->n;
	size_t i = sc->pos + 1;	/* after the opening quote */

	for (;;) {
		/* fast path: plain ASCII, eight bytes at a time */
		i = swar_skip(s, i, n, special_mask);
		while (i < n && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' &&
		    s[i] != '\\')
			i++;
		if (i >= n) {
			sc->pos = i;
			return fail(sc, "unterminated string");
		}
		unsigned char c = s[i];
		if (c == '"') {
			sc->pos = i + 1;
			return 0;
		}
		if (c < 0x20) {
			sc->pos = i;
			return fail(sc, "control character in string");
		}
		if (c == '\\') {
			if (i + 1 >= n) {
				sc->pos = i;
				return fail(sc, "unterminated string");
			}
			c = s[i + 1];
			if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
				i += 2;
				continue;
			}
			if (c != 'u') {
				sc->pos = i;
				return fail(sc, "invalid escape in string");
			}
			unsigned v, lo;
			if (i + 6 > n || hex4(s + i + 2, &v) != 0) {
				sc->pos = i;
				return fail(sc, "invalid \\u escape");
			}
			if (v == 0) {
				sc->pos = i;
				return fail(sc, "\\u0000 in string");
			}
			if (v >= 0xDC00 && v <= 0xDFFF) {
				sc->pos = i;
				return fail(sc, "lone low surrogate in string");
			}
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (i + 12 > n || s[i + 6] != '\\' ||
				    s[i + 7] != 'u' || hex4(s + i + 8, &lo) != 0 ||
				    lo < 0xDC00 || lo > 0xDFFF) {
					sc->pos = i;
					return fail(sc,
					    "lone high surrogate in string");
				}
				i += 12;
			} else {
				i += 6;
			}
			continue;
		}
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0) {
			sc->pos = i;
			return fail(sc, "invalid UTF-8 in string");
		}
		i += k;
	}
}

/* digits: the end of the run of ASCII digits starting at i. */
static size_t
digits(const unsigned char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* scan_number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
scan_number(scan *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->pos, n = sc->n, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		i = digits(s, i, n);
	else
		goto bad;
	if (i < n && s[i] == '.') {
		if ((d = digits(s, i + 1, n)) == i + 1) {
			i++;
			goto bad;
		}
		i = d;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if ((d = digits(s, i, n)) == i)
			goto bad;
		i = d;
	}
	sc->pos = i;
	return 0;
bad:
	sc->pos = i;
	return fail(sc, "invalid number");
}

static int scan_value(scan *sc);

static int
scan_literal(scan *sc, const char *word)
{
	size_t len = strlen(word);

	if (sc->n - sc->pos < len || memcmp(sc->s + sc->pos, word, len) != 0)
		return fail(sc, "invalid literal");
	sc->pos += len;
	return 0;
}

/* scan_container: '[' or '{' at pos; each member or element in turn. */
static int
scan_container(scan *sc, jscan_member_fn fn, void *ctx)
{
	unsigned char open = sc->s[sc->pos];
	unsigned char close = open == '{' ? '}' : ']';

	if (++sc->depth > JSCAN_MAX_DEPTH)
		return fail(sc, "nested too deeply");
	sc->pos++;
	skip_ws(sc);
	if (sc->pos < sc->n && sc->s[sc->pos] == close) {
		sc->pos++;
		sc->depth--;
		return 0;
	}
	for (;;) {
		size_t name = 0, nlen = 0;
		if (open == '{') {
			if (sc->pos >= sc->n || sc->s[sc->pos] != '"')
				return fail(sc, "expected a member name");
			name = sc->pos;
			if (scan_string(sc) != 0)
				return -1;
			nlen = sc->pos - name;
			skip_ws(sc);
			if (sc->pos >= sc->n || sc->s[sc->pos] != ':')
				return fail(sc, "expected ':'");
			sc->pos++;
			skip_ws(sc);
		}
		size_t val = sc->pos;
		if (scan_value(sc) != 0)
			return -1;
		if (fn != NULL) {
			int r = fn(ctx, open == '{' ?
			    (const char *)sc->s + name : NULL, nlen,
			    (const char *)sc->s + val, sc->pos - val);
			if (r != 0)
				return r;
		}
		skip_ws(sc);
		if (sc->pos >= sc->n)
			return fail(sc, open == '{' ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		if (sc->s[sc->pos] == close) {
			sc->pos++;
			sc->depth--;
			return 0;
		}
		if (sc->s[sc->pos] != ',')
			return fail(sc, open == '{' ? "expected ',' or '}'" :
			    "expected ',' or ']'");
		sc->pos++;
		skip_ws(sc);
	}
}

static int
scan_value(scan *sc)
{
	if (sc->pos >= sc->n)
		return fail(sc, "expected a value");
	switch (sc->s[sc->pos]) {
	case '"':
		return scan_string(sc);
	case '{':
	case '[':
		return scan_container(sc, NULL, NULL);
	case 't':
		return scan_literal(sc, "true");
	case 'f':
		return scan_literal(sc, "false");
	case 'n':
		return scan_literal(sc, "null");
	default:
		return scan_number(sc);
	}
}

/* scan_whole: s[0..n) is exactly one container opening with open. */
static int
scan_whole(const char *s, size_t n, unsigned char open, jscan_member_fn fn,
    void *ctx, jscan_err *err)
{
	scan sc = { (const unsigned char *)s, n, 0, err, 0 };
	int r;

	skip_ws(&sc);
	if (sc.pos >= n || sc.s[sc.pos] != open)
		return fail(&sc, open == '{' ? "expected a JSON object" :
		    "expected a JSON array");
	if ((r = scan_container(&sc, fn, ctx)) != 0)
		return r;
	skip_ws(&sc);
	if (sc.pos != n)
		return fail(&sc, open == '{' ? "text after the object" :
		    "text after the array");
	return 0;
}

int
jscan_object(const char *s, size_t n, jscan_member_fn fn, void *ctx,
    jscan_err *err)
{
	return scan_whole(s, n, '{', fn, ctx, err);
}

int
jscan_array(const char *s, size_t n, jscan_member_fn fn, void *ctx,
    jscan_err *err)
{
	return scan_whole(s, n, '[', fn, ctx, err);
}

static void
put_utf8(sbuf *out, unsigned cp)
{
	char b[4];
	size_t k;

	if (cp < 0x80) {
		b[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	sbuf_add(out, b, k);
}

void
jscan_unescape(sbuf *out, const char *lit, size_t n)
{
	const unsigned char *s = (const unsigned char *)lit + 1;
	const unsigned char *e = (const unsigned char *)lit + n - 1;

	while (s < e) {
		const unsigned char *bs = memchr(s, '\\', (size_t)(e - s));
		if (bs == NULL) {
			sbuf_add(out, (const char *)s, (size_t)(e - s));
			return;
		}
		sbuf_add(out, (const char *)s, (size_t)(bs - s));
		unsigned v, lo;
		switch (bs[1]) {
		case 'b': sbuf_addc(out, '\b'); break;
		case 'f': sbuf_addc(out, '\f'); break;
		case 'n': sbuf_addc(out, '\n'); break;
		case 'r': sbuf_addc(out, '\r'); break;
		case 't': sbuf_addc(out, '\t'); break;
		case 'u':
			hex4(bs + 2, &v);
			if (v >= 0xD800 && v <= 0xDBFF) {
				hex4(bs + 8, &lo);
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
				s = bs + 12;
			} else {
				s = bs + 6;
			}
			put_utf8(out, v);
			continue;
		default: sbuf_addc(out, (char)bs[1]); break;
		}
		s = bs + 2;
	}
}

/* Escapes for the bytes below 0x20, '"' and '\\'; 0 means "copy as is". */
static const char *const esc[128] = {
	"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005",
	"\\u0006", "\\u0007", "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r",
	"\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013",
	"\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
	"\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
	['"'] = "\\\"", ['\\'] = "\\\\",
};

void
jscan_escape(sbuf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	sbuf_grow(out, n + 2);
	out->p[out->n++] = '"';
	while (i < n) {
		i = swar_skip(s, i, n, escape_mask);
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c < 128 && esc[c] != NULL) {
			sbuf_add(out, str + run, i - run);
			sbuf_adds(out, esc[c]);
			run = ++i;
			continue;
		}
		i++;
	}
	if (run < n)	/* str may be NULL when n is 0 (an empty sbuf) */
		sbuf_add(out, str + run, n - run);
	sbuf_addc(out, '"');
}

