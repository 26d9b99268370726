/* date.c - dates and times as people write them, to ISO 8601
 *
 * A small cursor parser: the input is trimmed, a bare number (digits,
 * maybe a fraction) is a compact date, an Excel serial day or an epoch
 * (compact), anything else is a date part (tried in the order of the
 * forms below), then optionally a time, then the end.
 *
 *	2024-03-05   2024/03/05   2024.03.05     year first
 *	05.03.2024   05-03-24     03/05/2024     year last (see settle)
 *	5 March 2024   5. März 2024   05-mrt-2024   5th Mar 24
 *	March 5, 2024  marca 5 2024
 *	... then "T14:30", " 14:30:00.5", " 2:30 PM", zone "Z", "UTC",
 *	    "+01:00", "+0100", "-05"
 *
 * Nothing is allocated; the only libc call is gmtime_r(3).
 */
#include "value/date.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Month names, lower case, in English, German, Dutch and Polish: full
 * names, abbreviations, the Polish genitive ("5 marca"), and spellings
 * without diacritics as they appear in ASCII-only exports. */
#define M(name, month) { name, sizeof name - 1, month }
static const struct month_name {
	const char *name;
	size_t len;
	int month;
} month_names[] = {
	M("january", 1), M("jan", 1), M("januar", 1), M("jänner", 1),
	M("januari", 1), M("styczeń", 1), M("styczen", 1),
	M("stycznia", 1), M("sty", 1),
	M("february", 2), M("feb", 2), M("februar", 2), M("februari", 2),
	M("luty", 2), M("lutego", 2), M("lut", 2),
	M("march", 3), M("mar", 3), M("märz", 3), M("maerz", 3),
	M("marz", 3), M("mär", 3), M("maart", 3), M("mrt", 3),
	M("marzec", 3), M("marca", 3),
	M("april", 4), M("apr", 4), M("kwiecień", 4), M("kwiecien", 4),
	M("kwietnia", 4), M("kwi", 4),
	M("may", 5), M("mai", 5), M("mei", 5), M("maj", 5), M("maja", 5),
	M("june", 6), M("jun", 6), M("juni", 6), M("czerwiec", 6),
	M("czerwca", 6), M("cze", 6),
	M("july", 7), M("jul", 7), M("juli", 7), M("lipiec", 7),
	M("lipca", 7), M("lip", 7),
	M("august", 8), M("aug", 8), M("augustus", 8), M("sierpień", 8),
	M("sierpien", 8), M("sierpnia", 8), M("sie", 8),
	M("september", 9), M("sep", 9), M("sept", 9), M("wrzesień", 9),
	M("wrzesien", 9), M("września", 9), M("wrzesnia", 9),
	M("wrz", 9),
	M("october", 10), M("oct", 10), M("oktober", 10), M("okt", 10),
	M("październik", 10), M("pazdziernik", 10),
	M("października", 10), M("pazdziernika", 10), M("paź", 10),
	M("paz", 10),
	M("november", 11), M("nov", 11), M("listopad", 11),
	M("listopada", 11), M("lis", 11),
	M("december", 12), M("dec", 12), M("dezember", 12), M("dez", 12),
	M("grudzień", 12), M("grudzien", 12), M("grudnia", 12),
	M("gru", 12),
};
#undef M

/* English ordinal suffixes after a day number ("5th"). */
static const char *const ordinal[] = { "st", "nd", "rd", "th" };

/* Zone names that mean UTC. */
static const char *const utc_name[] = { "z", "utc", "gmt" };

#define MONTH_NAME_MAX	32	/* bytes; longer words are not month names */

struct cur {
	const char *p, *e;
};

/* A parsed date and time, as written (before the zone is applied). */
struct dt {
	int y, mo, d, h, mi, s;
	int off;		/* zone offset east of UTC, minutes */
	bool time;
	bool ambiguous;		/* day and month could be either way round */
	date_order settled;	/* the order the value settled by itself */
};

/* How the day and month of a numeric date are told apart. */
struct how {
	date_order order;	/* see date.h */
	bool lenient;		/* a part over 12 overrides order (date_iso) */
	bool slash_only;	/* order is for slashed dates, others are day
				 * first (date_iso with mdy) */
};

/* Plausible bare numbers: 1990-01-01 to 2099-12-31 (see date.h). */
#define SERIAL_MIN	32874	/* Excel's 1990-01-01 */
#define SERIAL_MAX	73050	/* 2099-12-31 */
#define SERIAL_EPOCH	25569	/* 1970-01-01 */
#define EPOCH_MAX	4102444800LL	/* 2100-01-01T00:00:00Z, excluded */

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int
peek(const struct cur *c)
{
	return c->p < c->e ? (unsigned char)*c->p : -1;
}

static bool
eat(struct cur *c, char ch)
{
	if (peek(c) != (unsigned char)ch)
		return false;
	c->p++;
	return true;
}

static void
skip_spaces(struct cur *c)
{
	while (peek(c) == ' ' || peek(c) == '\t')
		c->p++;
}

/* num: a run of digits whose length is in [min, max]; the cursor does not
 * move on failure.  Returns the length, or 0. */
static int
num(struct cur *c, int min, int max, int *v)
{
	const char *p = c->p;
	int n = 0, val = 0;

	while (p < c->e && is_digit((unsigned char)*p) && n <= max) {
		val = val * 10 + (*p++ - '0');
		n++;
	}
	if (n < min || n > max)
		return 0;
	c->p = p;
	*v = val;
	return n;
}

/* year: four digits, or two (00-69 -> 2000s, 70-99 -> 1900s). */
static bool
year(struct cur *c, int *y)
{
	int n = num(c, 2, 4, y);

	if (n == 2)
		*y += *y < 70 ? 2000 : 1900;
	return n == 2 || n == 4;
}

/* word: a run of letters (any non-ASCII byte counts as one). */
static size_t
word(struct cur *c, const char **w)
{
	const char *p = c->p;

	while (p < c->e && is_letter((unsigned char)*p))
		p++;
	*w = c->p;
	size_t n = (size_t)(p - c->p);
	c->p = p;
	return n;
}

/* in_list: w[0..n), lower-cased, is one of list. */
static bool
in_list(const char *w, size_t n, const char *const *list, size_t nlist)
{
	for (size_t i = 0; i < nlist; i++)
		if (strlen(list[i]) == n &&
		    strncasecmp(list[i], w, n) == 0)
			return true;
	return false;
}

/* month_of: 1-12 if w[0..n) is a month name in any case, else 0. */
static int
month_of(const char *w, size_t n)
{
	char low[MONTH_NAME_MAX];
	size_t len = 0;
	utf8proc_ssize_t k;

	for (size_t i = 0; i < n; i += (size_t)k) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		k = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return 0;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		else if (cp >= 0x80)
			cp = utf8proc_tolower(cp);
		utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
		if (len + (size_t)m > sizeof low)
			return 0;
		memcpy(low + len, enc, (size_t)m);
		len += (size_t)m;
	}
	for (size_t i = 0; i < sizeof month_names / sizeof *month_names; i++)
		if (month_names[i].len == len &&
		    memcmp(month_names[i].name, low, len) == 0)
			return month_names[i].month;
	return 0;
}

/* month_word: a month name (the '.' of "mrt." is left to gap). */
static bool
month_word(struct cur *c, int *mo)
{
	const char *w;
	size_t n = word(c, &w);

	*mo = month_of(w, n);
	return *mo != 0;
}

/* skip_ordinal: "st", "nd", "rd" or "th" right after a day number. */
static void
skip_ordinal(struct cur *c)
{
	struct cur t = *c;
	const char *w;
	size_t n = word(&t, &w);

	if (in_list(w, n, ordinal, sizeof ordinal / sizeof *ordinal))
		*c = t;
}

/* gap: at least one of ' ', '-', '/', ',', '.' between date parts. */
static bool
gap(struct cur *c)
{
	const char *p = c->p;

	while (c->p < c->e && strchr(" \t-/,.", *c->p) != NULL)
		c->p++;
	return c->p > p;
}

/* ymd: 2024-03-05, 2024/03/05, 2024.03.05 */
static bool
ymd(struct cur *c, struct dt *t, const struct how *h)
{
	char sep;

	(void)h;
	if (num(c, 4, 4, &t->y) == 0 || c->p == c->e)
		return false;
	sep = *c->p;
	return (eat(c, '-') || eat(c, '/') || eat(c, '.')) &&
	    num(c, 1, 2, &t->mo) && eat(c, sep) && num(c, 1, 2, &t->d);
}

/*
 * settle: which of a and b (year last, separated by sep) is the day.
 * When both are 1-12 either reading fits: the same number twice is
 * either, else the order decides, else a dotted date is day first, else
 * it is ambiguous (read day first and marked).  When one reading alone
 * fits, it is taken and marks the order settled, unless a strict order
 * says otherwise: then the order is kept and the calendar check fails.
 * Example: "13/04/2026" settles dmy; under a strict mdy it is bad.
 */
static void
settle(struct dt *t, int a, int b, char sep, const struct how *h)
{
	date_order o = h->order;
	bool day_ok = b >= 1 && b <= 12;	/* a can be the day */
	bool month_ok = a >= 1 && a <= 12;	/* a can be the month */
	bool day_first;

	if (h->slash_only && sep != '/')
		o = DATE_ORDER_DMY;
	if (o == DATE_ORDER_YMD)
		o = DATE_ORDER_NONE;
	if (day_ok && month_ok) {
		if (a == b || o == DATE_ORDER_DMY)
			day_first = true;
		else if (o == DATE_ORDER_MDY)
			day_first = false;
		else {
			day_first = true;	/* a dotted date is day first */
			t->ambiguous = sep != '.';
		}
	} else {
		if (day_ok != month_ok && a >= 1 && a <= 31 && b >= 1 &&
		    b <= 31)
			t->settled = day_ok ? DATE_ORDER_DMY : DATE_ORDER_MDY;
		day_first = o == DATE_ORDER_NONE || h->lenient ? day_ok :
		    o == DATE_ORDER_DMY;
	}
	t->d = day_first ? a : b;
	t->mo = day_first ? b : a;
}

/* dmy: numeric dates with the year last, 05.03.2024, 05-03-2024,
 * 03/05/2024, 3/5/24 (see settle); under DATE_ORDER_YMD a two-digit year
 * first, 26/11/04. */
static bool
dmy(struct cur *c, struct dt *t, const struct how *h)
{
	int a, b, y, ny;
	char sep;

	if (num(c, 1, 2, &a) == 0 || c->p == c->e)
		return false;
	sep = *c->p;
	if (!(eat(c, '.') || eat(c, '-') || eat(c, '/')) ||
	    num(c, 1, 2, &b) == 0 || !eat(c, sep))
		return false;
	ny = num(c, 2, 4, &y);
	if (ny == 2 && h->order == DATE_ORDER_YMD && !h->lenient) {
		t->y = a + (a < 70 ? 2000 : 1900);
		t->mo = b;
		t->d = y;
		return true;
	}
	if (ny != 2 && ny != 4)
		return false;
	t->y = ny == 4 ? y : y + (y < 70 ? 2000 : 1900);
	settle(t, a, b, sep, h);
	return true;
}

/* d_month_y: 5 March 2024, 5. März 2024, 05-mrt-2024, 5th Mar 24 */
static bool
d_month_y(struct cur *c, struct dt *t, const struct how *h)
{
	(void)h;
	if (num(c, 1, 2, &t->d) == 0)
		return false;
	skip_ordinal(c);
	return gap(c) && month_word(c, &t->mo) && gap(c) && year(c, &t->y);
}

/* month_d_y: March 5, 2024, Mar 5th 2024 */
static bool
month_d_y(struct cur *c, struct dt *t, const struct how *h)
{
	(void)h;
	if (!month_word(c, &t->mo) || !gap(c) || num(c, 1, 2, &t->d) == 0)
		return false;
	skip_ordinal(c);
	return gap(c) && year(c, &t->y);
}

static bool (*const date_forms[])(struct cur *, struct dt *,
    const struct how *) = {
	ymd, dmy, d_month_y, month_d_y,
};

/* zone: "Z", "UTC", "GMT", "+01:00", "+0100", "+01"; nothing is UTC. */
static bool
zone(struct cur *c, struct dt *t)
{
	struct cur w = *c;
	const char *name;
	size_t n = word(&w, &name);
	int sign, hh, mm = 0;

	t->off = 0;
	if (n > 0) {
		*c = w;
		return in_list(name, n, utc_name,
		    sizeof utc_name / sizeof *utc_name);
	}
	if (c->p == c->e)
		return true;
	sign = *c->p == '-' ? -1 : 1;
	if (!eat(c, '+') && !eat(c, '-'))
		return false;
	if (num(c, 4, 4, &hh)) {
		mm = hh % 100;
		hh /= 100;
	} else if (!num(c, 2, 2, &hh) ||
	    (eat(c, ':') && !num(c, 2, 2, &mm))) {
		return false;
	}
	if (hh > 23 || mm > 59)
		return false;
	t->off = sign * (hh * 60 + mm);
	return true;
}

/* clock: 14:30, 14:30:05, 14:30:05.123 (fraction dropped), 2:30 PM */
static bool
clock_time(struct cur *c, struct dt *t)
{
	struct cur w;
	const char *ampm;
	size_t n;

	if (!num(c, 1, 2, &t->h) || !eat(c, ':') || !num(c, 2, 2, &t->mi))
		return false;
	if (eat(c, ':')) {
		if (!num(c, 2, 2, &t->s))
			return false;
		if (eat(c, '.') || eat(c, ',')) {
			if (!is_digit(peek(c)))
				return false;
			while (is_digit(peek(c)))
				c->p++;
		}
	}
	skip_spaces(c);
	w = *c;
	n = word(&w, &ampm);
	if (n == 2 && (ampm[1] == 'm' || ampm[1] == 'M') &&
	    strchr("aApP", ampm[0]) != NULL) {
		if (t->h < 1 || t->h > 12)
			return false;
		t->h = t->h % 12 + (ampm[0] == 'p' || ampm[0] == 'P' ? 12 : 0);
		*c = w;
		skip_spaces(c);
	}
	if (t->h > 23 || t->mi > 59 || t->s > 59)
		return false;
	t->time = true;
	return zone(c, t);
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
valid_day(int y, int mo, int d)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (mo < 1 || mo > 12 || d < 1)
		return false;
	return d <= mdays[mo - 1] + (mo == 2 && leap(y));
}

/*
 * compact: a bare number, n digits, then maybe a fraction of nf digits
 * after '.' or ',' (see date.h).  "20240305" fills t (DATE_DAY); an
 * Excel serial day or an epoch goes to *out.  Example: "46000.25" is
 * day 46000 - 25569 = 20431 since 1970 at 06:00, 2025-12-09T06:00:00Z.
 */
static date_kind
compact(const char *s, size_t n, const char *frac, size_t nf, struct dt *t,
    time_t *out)
{
	long long v = 0;
	double f = 0, scale = 1;

	if (n > 13)	/* no form is longer; v would overflow */
		return DATE_BAD;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	for (size_t i = 0; i < nf && i < 9; i++)
		f += (frac[i] - '0') * (scale /= 10);
	switch (n) {
	case 5:
		if (v < SERIAL_MIN || v > SERIAL_MAX)
			return DATE_BAD;
		*out = (time_t)(v - SERIAL_EPOCH) * 86400 +
		    (time_t)(f * 86400 + 0.5);
		return frac != NULL ? DATE_TIME : DATE_DAY;
	case 8:
		if (frac != NULL)
			return DATE_BAD;
		t->y = (int)(v / 10000);
		t->mo = (int)(v / 100 % 100);
		t->d = (int)(v % 100);
		return DATE_DAY;
	case 13:
		if (frac != NULL)
			return DATE_BAD;
		v /= 1000;
		/* FALLTHROUGH */
	case 10:
		if (v < 1000000000LL || v >= EPOCH_MAX)
			return DATE_BAD;
		*out = (time_t)v;
		return DATE_TIME;
	}
	return DATE_BAD;
}

/* bare_number: s[0..n) is digits, then maybe '.' or ',' and digits:
 * *nint gets the digits before, *frac the fraction (NULL if none). */
static bool
bare_number(const char *s, size_t n, size_t *nint, const char **frac,
    size_t *nf)
{
	size_t i;

	for (i = 0; i < n && is_digit((unsigned char)s[i]); i++)
		;
	*nint = i;
	*frac = NULL;
	*nf = 0;
	if (i == 0)
		return false;
	if (i == n)
		return true;
	if (s[i] != '.' && s[i] != ',')
		return false;
	*frac = s + i + 1;
	*nf = n - i - 1;
	for (i++; i < n; i++)
		if (!is_digit((unsigned char)s[i]))
			return false;
	return *nf > 0;
}

/* date_time: a date part, then optionally a time and zone, then the end. */
static bool
date_time(struct cur c, struct dt *t, const struct how *h)
{
	size_t i;

	for (i = 0; i < sizeof date_forms / sizeof *date_forms; i++) {
		struct cur d = c;
		memset(t, 0, sizeof *t);
		if (date_forms[i](&d, t, h)) {
			c = d;
			break;
		}
	}
	if (i == sizeof date_forms / sizeof *date_forms)
		return false;
	if (c.p == c.e)
		return true;
	/* a time: after 'T', or after spaces and at most one comma */
	if (!eat(&c, 'T') && !eat(&c, 't')) {
		const char *p = c.p;
		eat(&c, ',');
		skip_spaces(&c);
		if (c.p == p)
			return false;
	}
	if (!clock_time(&c, t))
		return false;
	skip_spaces(&c);
	return c.p == c.e;
}

/*
 * days_since_epoch: days from 1970-01-01 to the valid date y-mo-d of the
 * proleptic Gregorian calendar (what timegm(3) does, without its cost).
 * Years are counted from March, so that the leap day ends a year; a
 * 400-year era has 146097 days.  Example: 2000-03-01 is day 11017.
 */
static time_t
days_since_epoch(int y, int mo, int d)
{
	y -= mo <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;				/* 0..399 */
	long doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */

	return (time_t)(era * 146097 + doe - 719468);
}

/* two: the number the two digits at s spell. */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* already_iso: s is exactly "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" with a
 * real date and time, which date_iso would give back unchanged.  Returns
 * its kind, or DATE_BAD when s needs the full parse (which may still
 * accept it). */
static date_kind
already_iso(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";

	if (n != 10 && n != sizeof shape - 1)
		return DATE_BAD;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? !is_digit((unsigned char)s[i]) :
		    s[i] != shape[i])
			return DATE_BAD;
	if (!valid_day(two(s) * 100 + two(s + 2), two(s + 5), two(s + 8)))
		return DATE_BAD;
	if (n == 10)
		return DATE_DAY;
	if (two(s + 11) > 23 || two(s + 14) > 59 || two(s + 17) > 59)
		return DATE_BAD;
	return DATE_TIME;
}

/* parse: the shared core of the date_iso and date_parse functions; t
 * gets the date as written (what settle made of it). */
static date_kind
parse(const char *s, size_t n, const struct how *h, time_t *out,
    struct dt *t)
{
	struct cur c = { s, s + n };
	const char *frac;
	size_t nint, nf;

	memset(t, 0, sizeof *t);
	date_kind k = already_iso(s, n);
	if (k != DATE_BAD) {	/* what leadkit writes: read in place */
		t->y = two(s) * 100 + two(s + 2);
		t->mo = two(s + 5);
		t->d = two(s + 8);
		if (k == DATE_TIME) {
			t->h = two(s + 11);
			t->mi = two(s + 14);
			t->s = two(s + 17);
			t->time = true;
		}
		*out = days_since_epoch(t->y, t->mo, t->d) * 86400 +
		    t->h * 3600 + t->mi * 60 + t->s;
		return k;
	}
	skip_spaces(&c);
	while (c.e > c.p && (c.e[-1] == ' ' || c.e[-1] == '\t'))
		c.e--;
	if (bare_number(c.p, (size_t)(c.e - c.p), &nint, &frac, &nf)) {
		date_kind k = compact(c.p, nint, frac, nf, t, out);
		if (k != DATE_DAY || nint != 8)
			return k;
	} else if (!date_time(c, t, h)) {
		return DATE_BAD;
	}
	if (!valid_day(t->y, t->mo, t->d))
		return DATE_BAD;
	*out = days_since_epoch(t->y, t->mo, t->d) * 86400 + t->h * 3600 +
	    t->mi * 60 + t->s - (time_t)t->off * 60;
	if (t->ambiguous)
		return DATE_AMBIGUOUS;
	return t->time ? DATE_TIME : DATE_DAY;
}

/* how_legacy: the reading of date_iso and date_parse. */
static struct how
how_legacy(bool mdy)
{
	struct how h = { mdy ? DATE_ORDER_MDY : DATE_ORDER_DMY, true, mdy };

	return h;
}

/* put: write v as exactly width digits, ending at p; returns p - width. */
static char *
put(char *p, int v, int width)
{
	while (width-- > 0) {
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	return p;
}

/* format: "YYYY-MM-DD", and with time "THH:MM:SSZ"; by hand, as snprintf
 * would cost more than the parse. */
static void
format(sbuf *out, time_t t, bool time)
{
	struct tm tm;
	char buf[sizeof "YYYY-MM-DDTHH:MM:SSZ"];

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999)
		return;
	memcpy(buf, "YYYY-MM-DDTHH:MM:SSZ", sizeof buf);
	put(buf + 4, tm.tm_year + 1900, 4);
	put(buf + 7, tm.tm_mon + 1, 2);
	put(buf + 10, tm.tm_mday, 2);
	put(buf + 13, tm.tm_hour, 2);
	put(buf + 16, tm.tm_min, 2);
	put(buf + 19, tm.tm_sec, 2);
	sbuf_add(out, buf, time ? sizeof buf - 1 : 10);
}

/* iso: date_iso and date_iso_order. */
static date_kind
iso(sbuf *out, const char *s, size_t n, const struct how *h)
{
	time_t t;
	struct dt dt;
	date_kind k = already_iso(s, n);

	if (k != DATE_BAD) {
		sbuf_add(out, s, n);
		return k;
	}
	k = parse(s, n, h, &t, &dt);
	if (k == DATE_DAY || k == DATE_TIME)
		format(out, t, k == DATE_TIME);
	return k;
}

date_kind
date_iso(sbuf *out, const char *s, size_t n, bool mdy)
{
	struct how h = how_legacy(mdy);

	return iso(out, s, n, &h);
}

date_kind
date_parse(const char *s, size_t n, bool mdy, time_t *t)
{
	struct how h = how_legacy(mdy);
	struct dt dt;

	return parse(s, n, &h, t, &dt);
}

date_kind
date_iso_order(sbuf *out, const char *s, size_t n, date_order o)
{
	struct how h = { o, false, false };

	return iso(out, s, n, &h);
}

date_kind
date_parse_order(const char *s, size_t n, date_order o, time_t *t)
{
	struct how h = { o, false, false };
	struct dt dt;

	return parse(s, n, &h, t, &dt);
}

/* The names of the orders, by date_order. */
static const char *const order_name[] = { "none", "dmy", "mdy", "ymd" };

int
date_order_parse(const char *s, date_order *o)
{
	for (size_t i = DATE_ORDER_DMY; i <= DATE_ORDER_YMD; i++)
		if (strcasecmp(s, order_name[i]) == 0) {
			*o = (date_order)i;
			return 0;
		}
	return -1;
}

const char *
date_order_name(date_order o)
{
	return order_name[o];
}

date_order
date_order_hint(const char *s, size_t n)
{
	struct how h = { DATE_ORDER_NONE, false, false };
	struct dt dt;
	time_t t;

	if (parse(s, n, &h, &t, &dt) == DATE_BAD)
		return DATE_ORDER_NONE;
	return dt.settled;
}

void
date_format(sbuf *out, time_t t)
{
	format(out, t, true);
}

void
date_format_day(sbuf *out, time_t t)
{
	format(out, t, false);
}
