/* phone.c - telephone numbers to E.164
 *
 * Split off an extension (scanning back from the end), gather the digits
 * into a bounded buffer on the stack, then decide international or national
 * following the rules in phone.h.  Nothing is allocated; out and ext are
 * only written once the number is known to be good.
 *
 *	"+44 (0)117 4599275"     -> +441174599275
 *	"0711-9650742", DE       -> +497119650742
 *	"011 49 30 1234567", US  -> +49301234567
 *	"06 1234 5678", IT       -> +390612345678   (no trunk prefix in Italy)
 */
#include "value/phone.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Longer than any E.164 number with its dialling prefix; a number with
 * more digits is too long whatever its country. */
#define MAXDIGITS	24
#define E164_MAX	15

/* International dialling prefixes: "00" anywhere, "011" from NANP. */
static const struct {
	const char *prefix;
	bool nanp_only;
} intl_prefix[] = {
	{ "00", false },
	{ "011", true },
};

/* Words (or signs) that introduce an extension at the end of a number,
 * with their lengths counted at compile time. */
#define X(w) { w, sizeof w - 1 }
static const struct {
	const char *w;
	size_t len;
} ext_marker[] = {
	X("extension"), X("ext"), X("x"), X("durchwahl"), X("dw"), X("wew"),
	X("toestel"), X("tst"), X("#"),
};
#undef X

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* split_ext: an extension is a marker that starts a word, optional '.',
 * ':' and spaces, then digits (with spaces or '-') to the end:
 * "555 0100 ext. 12".  Shortens *n to the number and returns the
 * extension's text, or NULL (and *extn 0) if there is none. */
static const char *
split_ext(const char *s, size_t *n, size_t *extn)
{
	size_t start = *n, end;
	bool digits = false;

	*extn = 0;
	while (start > 0 && (is_digit(s[start - 1]) || s[start - 1] == ' ' ||
	    s[start - 1] == '-'))
		digits |= is_digit(s[--start]);
	if (!digits)
		return NULL;
	end = start;
	while (end > 0 && (s[end - 1] == '.' || s[end - 1] == ':' ||
	    s[end - 1] == ' '))
		end--;
	for (size_t k = 0; k < sizeof ext_marker / sizeof *ext_marker; k++) {
		size_t m = ext_marker[k].len, i;
		if (m > end || (end > m && is_alpha(s[end - m - 1])))
			continue;
		for (i = 0; i < m && lower(s[end - m + i]) == ext_marker[k].w[i];
		    i++)
			;
		if (i == m) {
			*extn = *n - start;
			*n = end - m;
			return s + start;
		}
	}
	return NULL;
}

/* digits_at: the number of digits at s[*i..n), *i moved past them. */
static size_t
digits_at(const char *s, size_t n, size_t *i)
{
	size_t start = *i;

	while (*i < n && is_digit(s[*i]))
		(*i)++;
	return *i - start;
}

/* scientific: s is, but for blanks at either end, a number in scientific
 * notation: digits, optionally a '.' or ',' and more digits, 'E' or 'e',
 * an optional sign and digits ("4,93512E+11"). */
static bool
scientific(const char *s, size_t n)
{
	size_t i = 0;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '+')
		i++;
	if (digits_at(s, n, &i) == 0)
		return false;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		if (digits_at(s, n, &i) == 0)
			return false;
	}
	if (i == n || (s[i] != 'E' && s[i] != 'e'))
		return false;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	return digits_at(s, n, &i) > 0 && i == n;
}

/* The digits of the number, and where a "(0)" stood among them. */
struct digits {
	char d[MAXDIGITS];
	size_t n;		/* may exceed MAXDIGITS: then too long */
	bool plus;		/* a '+' came before the first digit */
	size_t paren0;		/* index in d of the 0 of "(0)", or SIZE_MAX */
};

static void
gather(struct digits *g, const char *s, size_t n)
{
	g->n = 0;
	g->plus = false;
	g->paren0 = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+' && g->n == 0)
			g->plus = true;
		if (s[i] == '(' && i + 2 < n && s[i + 1] == '0' &&
		    s[i + 2] == ')' && g->paren0 == SIZE_MAX)
			g->paren0 = g->n;
		if (!is_digit(s[i]))
			continue;
		if (g->n < MAXDIGITS)
			g->d[g->n] = s[i];
		g->n++;
	}
}

static bool
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	return m <= n && memcmp(s, prefix, m) == 0;
}

phone_status
phone_e164(sbuf *out, sbuf *ext, const char *s, size_t n,
    const country_table *t, const country *defc)
{
	struct digits g;
	const country *c;
	const char *cc, *nsn, *x;
	size_t ccn, nsnn, xn;
	bool nanp = defc != NULL && strcmp(defc->calling_code, "1") == 0;

	if (memchr(s, 'E', n) != NULL || memchr(s, 'e', n) != NULL) {
		if (scientific(s, n))
			return PHONE_SCIENTIFIC;
	}
	x = split_ext(s, &n, &xn);
	gather(&g, s, n);
	if (g.n == 0)
		return PHONE_EMPTY;
	if (g.n > MAXDIGITS)
		return PHONE_BAD_LENGTH;

	/* International: "+", a dialling prefix, or NANP's 11 digits. */
	bool intl = g.plus || (nanp && g.n == 11 && g.d[0] == '1');
	size_t skip = 0;
	for (size_t k = 0; !intl && k < sizeof intl_prefix /
	    sizeof *intl_prefix; k++) {
		if ((nanp || !intl_prefix[k].nanp_only) &&
		    has_prefix(g.d, g.n, intl_prefix[k].prefix)) {
			intl = true;
			skip = strlen(intl_prefix[k].prefix);
		}
	}

	if (intl) {
		if (g.n == skip)
			return PHONE_BAD_LENGTH;
		c = country_by_calling_code(t, g.d + skip, g.n - skip, &ccn);
		if (c == NULL)
			return PHONE_BAD_CODE;
		cc = g.d + skip;
		nsn = cc + ccn;
		/* "(0)" right after the code is the trunk prefix shown for
		 * national callers: not part of the number. */
		if (g.paren0 == (size_t)(nsn - g.d))
			nsn++;
		nsnn = g.n - (size_t)(nsn - g.d);
		/* "+49 0711 ...": a trunk prefix of 0 typed after the code.
		 * National numbers never start with it where it is 0 (unlike
		 * Russia's 8, whose +7 800 numbers do). */
		size_t tp = strlen(c->trunk_prefix);
		if (tp > 0 && c->trunk_prefix[0] == '0' &&
		    has_prefix(nsn, nsnn, c->trunk_prefix) &&
		    nsnn - tp >= c->nsn_min) {
			nsn += tp;
			nsnn -= tp;
		}
	} else {
		if (defc == NULL)
			return PHONE_NO_COUNTRY;
		c = defc;
		cc = c->calling_code;
		ccn = strlen(cc);
		if (ccn == 0)
			return PHONE_NO_COUNTRY;	/* no numbers there */
		nsn = g.d;
		nsnn = g.n;
		size_t tp = strlen(c->trunk_prefix);
		if (tp > 0 && has_prefix(nsn, nsnn, c->trunk_prefix)) {
			nsn += tp;
			nsnn -= tp;
		}
	}
	if (nsnn < c->nsn_min || nsnn > c->nsn_max || ccn + nsnn > E164_MAX)
		return PHONE_BAD_LENGTH;

	sbuf_grow(out, 1 + ccn + nsnn);
	sbuf_addc(out, '+');
	sbuf_add(out, cc, ccn);
	sbuf_add(out, nsn, nsnn);
	if (ext != NULL && x != NULL)
		for (size_t i = 0; i < xn; i++)
			if (is_digit(x[i]))
				sbuf_addc(ext, x[i]);
	return PHONE_OK;
}

const char *
phone_status_str(phone_status st)
{
	static const char *const str[] = {
		[PHONE_OK] = "ok",
		[PHONE_EMPTY] = "no digits",
		[PHONE_NO_COUNTRY] = "national number and no default country",
		[PHONE_BAD_CODE] = "unknown calling code",
		[PHONE_BAD_LENGTH] = "wrong length for the country",
		[PHONE_SCIENTIFIC] = "scientific notation (digits lost)",
	};

	if ((unsigned)st >= sizeof str / sizeof *str)
		return "unknown status";
	return str[st];
}
