/* num.c - numbers, booleans, durations and counts as people type them */
#include "value/num.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "base/sbuf.h"
#include "base/utf8.h"

/* A word and what it stands for: a power of ten for scale words, days for
 * time units, 1 or 0 for booleans, 1 for a range word that needs spaces
 * around it.  Words are lower case and match ignoring case. */
typedef struct num_word {
	const char *w;
	size_t len;
	int v;
} num_word;

/* W: a table entry, with its length counted at compile time. */
#define W(w, v) { w, sizeof w - 1, v }
#define NWORDS(t) (sizeof (t) / sizeof (t)[0])

static const num_word num_scales[] = {
	W("k", 3), W("tsd", 3), W("tys", 3), W("thousand", 3),
	W("tausend", 3),
	W("m", 6), W("mn", 6), W("mio", 6), W("mln", 6), W("million", 6),
	W("millions", 6), W("millionen", 6), W("miljoen", 6),
	W("bn", 9), W("mrd", 9), W("mld", 9), W("billion", 9),
	W("billions", 9), W("milliarde", 9), W("milliarden", 9),
	W("miljard", 9),
};

static const num_word num_currencies[] = {
	W("€", 0), W("$", 0), W("£", 0), W("zł", 0), W("us$", 0),
	W("eur", 0), W("euro", 0), W("usd", 0), W("gbp", 0), W("pln", 0),
	W("chf", 0),
};

static const num_word num_bools[] = {
	W("yes", 1), W("y", 1), W("ja", 1), W("j", 1), W("tak", 1),
	W("x", 1), W("1", 1), W("true", 1), W("t", 1), W("on", 1),
	W("wahr", 1), W("waar", 1), W("prawda", 1),
	W("no", 0), W("n", 0), W("nein", 0), W("nee", 0), W("nie", 0),
	W("0", 0), W("false", 0), W("f", 0), W("off", 0), W("falsch", 0),
	W("onwaar", 0), W("fałsz", 0),
};

static const num_word num_units[] = {
	W("d", 1), W("day", 1), W("days", 1), W("tag", 1), W("tage", 1),
	W("tagen", 1), W("dag", 1), W("dagen", 1), W("dzień", 1),
	W("dni", 1),
	W("w", 7), W("wk", 7), W("wks", 7), W("week", 7), W("weeks", 7),
	W("woche", 7), W("wochen", 7), W("weken", 7), W("tydzień", 7),
	W("tygodnie", 7), W("tygodni", 7), W("tyg", 7),
	W("m", 30), W("mo", 30), W("mos", 30), W("mon", 30),
	W("mnd", 30), W("mies", 30), W("month", 30),
	W("months", 30), W("monat", 30), W("monate", 30), W("monaten", 30),
	W("maand", 30), W("maanden", 30), W("miesiąc", 30),
	W("miesiące", 30), W("miesięcy", 30),
	W("q", 90), W("quarter", 90), W("quarters", 90), W("quartal", 90),
	W("quartale", 90), W("kwartaal", 90), W("kwartalen", 90),
	W("kwartał", 90), W("kwartały", 90),
	W("y", 365), W("yr", 365), W("yrs", 365), W("year", 365),
	W("years", 365), W("jahr", 365), W("jahre", 365), W("jahren", 365),
	W("jaar", 365), W("jaren", 365), W("rok", 365), W("lata", 365),
	W("lat", 365),
};

static const num_word num_now[] = {
	W("immediately", 0), W("immediate", 0), W("now", 0), W("asap", 0),
	W("sofort", 0), W("direkt", 0), W("direct", 0), W("meteen", 0),
	W("natychmiast", 0),
};

/* Words before a time frame that change nothing: "in 3 months". */
static const num_word num_within[] = {
	W("in", 0), W("within", 0), W("innerhalb", 0), W("binnen", 0),
	W("za", 0),
};

/* Range separators; the words need white space on both sides. */
static const num_word num_dashes[] = {
	W("-", 0), W("–", 0), W("—", 0), W("to", 1), W("bis", 1),
	W("tot", 1), W("do", 1),
};

/* Spaces people put around and inside numbers (thin and no-break ones
 * come from spreadsheets and French or Polish formatting). */
static const num_word num_spaces[] = {
	W(" ", 0), W("\t", 0), W("\n", 0), W("\r", 0), W("\v", 0), W("\f", 0),
	W("\xc2\xa0", 0), W("\xe2\x80\x89", 0), W("\xe2\x80\xaf", 0),
	W("\xe3\x80\x80", 0),
};

/* Thousands groupings other than '.' and ','. */
static const num_word num_groupers[] = {
	W(" ", 0), W("'", 0), W("\xe2\x80\x99", 0), W("\xc2\xa0", 0),
	W("\xe2\x80\x89", 0), W("\xe2\x80\xaf", 0),
};

static const double num_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* Options of num_scan. */
enum {
	NUM_MONEY = 1,	/* currency signs and codes, scale words */
};

/* Significant digits kept exactly; more than this only rounds. */
#define NUM_MAXDIGITS 19

/* prefix: length of the entry of tab[] that s starts with, or 0. */
static size_t
prefix(const num_word *tab, size_t ntab, const char *s, size_t n)
{
	for (size_t i = 0; i < ntab; i++)
		if (tab[i].len <= n && s[0] == tab[i].w[0] &&
		    memcmp(s, tab[i].w, tab[i].len) == 0)
			return tab[i].len;
	return 0;
}

/* space_byte: c can end (for trailing spaces) or start (leading) one of
 * num_spaces; a byte that cannot ends the trimming at once.  Kept in step
 * with num_spaces. */
static bool
space_byte(unsigned char c, bool last)
{
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return true;
	if (last)
		return c == 0xa0 || c == 0x89 || c == 0xaf || c == 0x80;
	return c == 0xc2 || c == 0xe2 || c == 0xe3;
}

static void
trim(const char **s, size_t *n)
{
	size_t len;

	while (*n > 0 && space_byte((unsigned char)**s, false) &&
	    (len = prefix(num_spaces, NWORDS(num_spaces), *s, *n)) > 0) {
		*s += len;
		*n -= len;
	}
	for (bool more = true; more && *n > 0 &&
	    space_byte((unsigned char)(*s)[*n - 1], true);) {
		more = false;
		for (size_t i = 0; i < NWORDS(num_spaces); i++) {
			len = num_spaces[i].len;
			if (len <= *n &&
			    memcmp(*s + *n - len, num_spaces[i].w, len) == 0) {
				*n -= len;
				more = true;
				break;
			}
		}
	}
}

/* word_at: if s starts with w ignoring case, and no letter follows, the
 * length matched in s; else 0.  ASCII bytes are compared directly: an
 * ASCII letter lower-cases to ASCII, so it can only match an ASCII byte of
 * w.  A non-ASCII character of s is decoded, as it may lower-case to ASCII
 * (U+212A KELVIN SIGN is 'k'). */
static size_t
word_at(const char *s, size_t n, const char *w, size_t wn)
{
	size_t i = 0, j = 0, k;

	while (j < wn) {
		unsigned char a, b;

		if (i >= n)
			return 0;
		a = (unsigned char)s[i];
		b = (unsigned char)w[j];
		if (a < 0x80) {
			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (a != b)
				return 0;
			i++;
			j++;
			continue;
		}
		int32_t ca = utf8_next(s, n, &i), cb = utf8_next(w, wn, &j);

		if (ca < 0 || utf8proc_tolower(ca) != cb)
			return 0;
	}
	if (i >= n)
		return i;
	if ((unsigned char)s[i] < 0x80)
		return utf8_is_letter((unsigned char)s[i]) ? 0 : i;
	k = i;
	return utf8_is_letter(utf8_next(s, n, &k)) ? 0 : i;
}

/* lookup: the longest entry of tab[] at the start of s; stores its length
 * in *len.  NULL if none. */
static const num_word *
lookup(const num_word *tab, size_t ntab, const char *s, size_t n, size_t *len)
{
	const num_word *best = NULL;
	unsigned char c;

	*len = 0;
	if (n == 0)
		return NULL;
	c = (unsigned char)s[0];
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	for (size_t i = 0; i < ntab; i++) {
		size_t l;

		/* cheap test of the first byte before comparing: an ASCII
		 * byte only matches itself (see word_at) */
		if (c < 0x80 && c != (unsigned char)tab[i].w[0])
			continue;
		l = word_at(s, n, tab[i].w, tab[i].len);

		if (l > *len) {
			*len = l;
			best = &tab[i];
		}
	}
	return best;
}

/* whole: the entry of tab[] that is all of s (trimmed), or NULL. */
static const num_word *
whole(const num_word *tab, size_t ntab, const char *s, size_t n)
{
	const num_word *w;
	size_t len;

	trim(&s, &n);
	w = lookup(tab, ntab, s, n, &len);
	return w != NULL && len == n ? w : NULL;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	size_t len;

	while (i < n && (len = prefix(num_spaces, NWORDS(num_spaces), s + i,
	    n - i)) > 0)
		i += len;
	return i;
}

static bool
is_digit(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* sep_at: the length of a separator at s[i] that is followed by a digit
 * (so it belongs to the number), or 0.  *kind is '.', ',' or ' ' (any
 * other grouping). */
static size_t
sep_at(const char *s, size_t n, size_t i, char *kind)
{
	size_t len;

	if (i < n && (s[i] == '.' || s[i] == ',')) {
		*kind = s[i];
		len = 1;
	} else {
		*kind = ' ';
		len = prefix(num_groupers, NWORDS(num_groupers), s + i, n - i);
	}
	return len > 0 && is_digit(s, n, i + len) ? len : 0;
}

/* A scanned number: the digits in s[start..end), how to read them. */
typedef struct num_body {
	size_t start, end;
	size_t ndot, ncomma, ngroup;
	char last;		/* the last '.' or ',' separator, or 0 */
	size_t lastdigits;	/* digits after the last separator */
	size_t firstdigits;	/* digits before the first separator */
	bool leadzero;		/* the first digit is 0 */
} num_body;

static size_t
scan_body(const char *s, size_t n, size_t i, num_body *b)
{
	size_t digits = 0, len;
	bool first = true;
	char kind;

	memset(b, 0, sizeof *b);
	b->start = i;
	b->leadzero = is_digit(s, n, i) && s[i] == '0';
	for (;;) {
		if (is_digit(s, n, i)) {
			digits++;
			i++;
			continue;
		}
		if ((len = sep_at(s, n, i, &kind)) == 0)
			break;
		if (first)
			b->firstdigits = digits;
		first = false;
		if (kind == ' ')
			b->ngroup++;
		else if (kind == '.')
			b->ndot++;
		else
			b->ncomma++;
		if (kind != ' ')
			b->last = kind;
		digits = 0;
		i += len;
	}
	if (first)
		b->firstdigits = digits;
	b->lastdigits = digits;
	b->end = i;
	return i;
}

/* decimal_sep: which separator of b is the decimal one: '.', ',' or 0 for
 * none, or -1 when b cannot be read (see num_parse in num.h). */
static int
decimal_sep(const num_body *b, bool exponent)
{
	size_t count = b->last == '.' ? b->ndot : b->ncomma;
	bool grouped;

	if (b->ndot > 0 && b->ncomma > 0)
		return count == 1 ? b->last : -1;
	if (b->last == 0 || count > 1)
		return 0;
	/* one '.' or ',': "1.200" groups, "1.5", "0.500" and "1234.567" do
	 * not; with other groupings present ("1 234,567") the same rule. */
	grouped = b->lastdigits == 3 && b->firstdigits >= 1 &&
	    b->firstdigits <= 3 && !b->leadzero && !exponent;
	return grouped ? 0 : b->last;
}

/* body_value: check the grouping and read the digits of b as a mantissa
 * and a power of ten.  Returns 0 or -1. */
static int
body_value(const char *s, const num_body *b, int dec, uint64_t *mant,
    int *exp10)
{
	size_t i = b->start, group = 0, ngroups = 0, sig = 0;
	bool frac = false, grouped;
	char kind;

	grouped = b->ngroup > 0 || (dec != '.' && b->ndot > 0) ||
	    (dec != ',' && b->ncomma > 0);
	*mant = 0;
	*exp10 = 0;
	for (;;) {
		if (is_digit(s, b->end, i)) {
			if (sig < NUM_MAXDIGITS) {
				*mant = *mant * 10 + (uint64_t)(s[i] - '0');
				if (*mant > 0)
					sig++;
				*exp10 -= frac;
			} else {
				*exp10 += !frac;
			}
			group++;
			i++;
			continue;
		}
		/* end of a group of digits */
		if (grouped && !frac &&
		    (ngroups == 0 ? group < 1 || group > 3 : group != 3))
			return -1;
		if (i >= b->end)
			return 0;
		i += sep_at(s, b->end, i, &kind);
		if (kind == dec) {
			if (frac)
				return -1;
			frac = true;
		} else if (frac) {
			return -1;
		}
		ngroups++;
		group = 0;
	}
}

/* scale10: v times ten to the e. */
static double
scale10(double v, int e)
{
	for (; e > 22; e -= 22)
		v *= 1e22;
	for (; e < -22; e += 22)
		v /= 1e22;
	return e >= 0 ? v * num_pow10[e] : v / num_pow10[-e];
}

/* num_scan: the number in s (trimmed), with currency and scale words when
 * opts has NUM_MONEY.  Stores the value, and in *scale the power of ten of
 * its scale word (0 when it has none).  Returns 0 or -1. */
static int
num_scan(const char *s, size_t n, int opts, double *out, int *scale)
{
	size_t i = 0, len;
	bool neg = false, sign = false, money = false;
	const num_word *w;
	num_body b;
	uint64_t mant;
	int dec, exp10, e = 0;

	trim(&s, &n);
	*scale = 0;
	/* sign and currency, in either order */
	for (int k = 0; k < 2; k++) {
		if (!sign && i < n && (s[i] == '-' || s[i] == '+')) {
			neg = s[i++] == '-';
			sign = true;
		} else if (!sign && n - i >= 3 &&
		    memcmp(s + i, "\xe2\x88\x92", 3) == 0) {	/* U+2212 */
			neg = sign = true;
			i += 3;
		} else if (!money && (opts & NUM_MONEY) &&
		    lookup(num_currencies, NWORDS(num_currencies), s + i,
		    n - i, &len) != NULL) {
			money = true;
			i = skip_spaces(s, n, i + len);
		}
	}
	/* a digit, or a decimal separator and a digit (".5") */
	if (!is_digit(s, n, i) && !(i < n && (s[i] == '.' || s[i] == ',') &&
	    is_digit(s, n, i + 1)))
		return -1;
	i = scan_body(s, n, i, &b);
	if (i < n && (s[i] == 'e' || s[i] == 'E') && b.ngroup == 0 &&
	    b.ndot + b.ncomma <= 1) {
		size_t j = i + 1;
		bool eneg = false;

		if (j < n && (s[j] == '-' || s[j] == '+'))
			eneg = s[j++] == '-';
		if (is_digit(s, n, j)) {
			for (; is_digit(s, n, j); j++)
				if (e < 1000)
					e = e * 10 + (s[j] - '0');
			e = eneg ? -e : e;
			i = j;
		}
	}
	if ((dec = decimal_sep(&b, i != b.end)) < 0 ||
	    body_value(s, &b, dec, &mant, &exp10) < 0)
		return -1;
	i = skip_spaces(s, n, i);
	if ((opts & NUM_MONEY) && (w = lookup(num_scales, NWORDS(num_scales),
	    s + i, n - i, &len)) != NULL) {
		*scale = w->v;
		i += len;
		if (i < n && s[i] == '.')
			i++;
		i = skip_spaces(s, n, i);
	}
	if (!money && (opts & NUM_MONEY) && lookup(num_currencies,
	    NWORDS(num_currencies), s + i, n - i, &len) != NULL)
		i += len;
	if (i != n)
		return -1;
	*out = scale10((double)mant, exp10 + e + *scale);
	if (neg)
		*out = -*out;
	return 0;
}

int
num_parse(const char *s, size_t n, double *out)
{
	int scale;

	return num_scan(s, n, NUM_MONEY, out, &scale);
}

/* range: num_range with num_scan options. */
static int
range(const char *s, size_t n, int opts, double *lo, double *hi)
{
	double a, b;
	int sa, sb;
	size_t len;

	trim(&s, &n);
	if (n == 0)
		return -1;
	if (num_scan(s, n, opts, &a, &sa) == 0) {
		*lo = *hi = a;
		return 0;
	}
	if (s[0] == '<' || s[0] == '>') {
		if (num_scan(s + 1, n - 1, opts, &a, &sa) < 0)
			return -1;
		*lo = s[0] == '<' ? 0 : a;
		*hi = a;
		return 0;
	}
	if (s[n - 1] == '+') {
		if (num_scan(s, n - 1, opts, &a, &sa) < 0)
			return -1;
		*lo = *hi = a;
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		const num_word *d = lookup(num_dashes, NWORDS(num_dashes),
		    s + i, n - i, &len);

		if (d == NULL || (d->v && (s[i - 1] != ' ' || i + len >= n ||
		    s[i + len] != ' ')))
			continue;
		if (num_scan(s, i, opts, &a, &sa) < 0 ||
		    num_scan(s + i + len, n - i - len, opts, &b, &sb) < 0)
			continue;
		/* "1-5 Mio" is 1 to 5 million, "500-1k" is 500 to 1000 */
		if (sa == 0 && sb > 0 && scale10(a, sb) <= b)
			a = scale10(a, sb);
		if (a > b)
			return -1;
		*lo = a;
		*hi = b;
		return 0;
	}
	return -1;
}

int
num_range(const char *s, size_t n, double *lo, double *hi)
{
	return range(s, n, NUM_MONEY, lo, hi);
}

int
num_bool(const char *s, size_t n)
{
	const num_word *w = whole(num_bools, NWORDS(num_bools), s, n);

	return w != NULL ? w->v : -1;
}

int
num_days(const char *s, size_t n, double *days)
{
	const num_word *w;
	size_t i = 0, unit = 0, len;
	double lo, hi;
	bool inword = false;

	trim(&s, &n);
	if (whole(num_now, NWORDS(num_now), s, n) != NULL) {
		*days = 0;
		return 0;
	}
	if (lookup(num_within, NWORDS(num_within), s, n, &len) != NULL) {
		s += len;
		n -= len;
	}
	if (n > 0 && s[n - 1] == '.')
		n--;
	/* unit: the trailing run of letters */
	while (i < n) {
		size_t at = i;
		bool letter = utf8_is_letter(utf8_next(s, n, &i));

		if (letter && !inword)
			unit = at;
		inword = letter;
	}
	if (!inword)
		unit = n;
	w = whole(num_units, NWORDS(num_units), s + unit, n - unit);
	if ((unit < n && w == NULL) || range(s, unit, 0, &lo, &hi) < 0 ||
	    hi < 0)
		return -1;
	*days = hi * (w != NULL ? w->v : 1);
	return 0;
}

void
num_format(sbuf *out, double v)
{
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		sbuf_addf(out, "%.0f", v == 0 ? 0.0 : v);
	else
		sbuf_addf(out, "%.15g", v);
}
