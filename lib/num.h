/* num.h - numbers, booleans, durations and counts as people type them
 *
 * Forms and spreadsheets write "€1.200.000", "1,5 Mio", "50k", "51-200",
 * "ja", "3 months".  These parsers accept them and report failure rather
 * than guess: a value they cannot read is left to the caller to keep.
 */
#ifndef LK_NUM_H
#define LK_NUM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * num_parse: a number with optional currency sign or code (€ $ £ zł, EUR USD
 * GBP PLN CHF, before or after), sign, thousands separators and a decimal
 * separator (both '.' and ',' are accepted: when both appear the last one is
 * the decimal; a single kind that appears more than once, or once followed by
 * exactly three digits, is a thousands separator: "1.200" = 1200,
 * "1,5" = 1.5, "1,234.5" = 1234.5, "1.234,5" = 1234.5; a space or ' also
 * groups thousands), and a scale word (k, K, tsd, Tsd., m, M, mn, mio, Mio.,
 * mln, bn, mrd, Mrd., mld: thousand, million, billion).  Returns 0 and
 * stores the value, or -1 when s is not such a number.
 */
int num_parse(const char *s, size_t n, double *out);

/*
 * num_range: like num_parse, but also a range "51-200", "51 – 200",
 * "1000+", ">1000", "<10": stores the lower bound (for "<10", 0), and the
 * upper bound in *hi (for "1000+" and ">1000", the same as the lower bound).
 * Returns 0, or -1.
 */
int num_range(const char *s, size_t n, double *lo, double *hi);

/*
 * num_bool: yes/no/ja/nein/nee/tak/nie/x/1/0/true/false/y/n/j/t/f/on/off/
 * wahr/falsch/waar/onwaar/prawda/fałsz, any case, trimmed.  Returns 1 true,
 * 0 false, -1 not a boolean.  An empty string is not a boolean.
 */
int num_bool(const char *s, size_t n);

/*
 * num_days: a time frame in days: a number alone is days; with a unit
 * (d, day(s), w, week(s), m, month(s), mo, q, quarter(s), y, year(s),
 * and the German, Dutch and Polish words: Tag(e), Woche(n), Monat(e),
 * Jahr(e), dag(en), we(e)k(en), maand(en), jaar, dzień/dni, tydzień/tygodnie/
 * tygodni, miesiąc/miesiące/miesięcy, rok/lata/lat); "immediately", "now",
 * "asap", "sofort", "direct", "natychmiast" are 0.  A month is 30 days, a
 * quarter 90, a year 365.  Ranges take the upper bound ("3-6 months" = 180).
 * Returns 0 and stores days, or -1.
 */
int num_days(const char *s, size_t n, double *days);

/*
 * num_format: append the shortest text that reads back as v: integers
 * without a decimal point ("1200"), others with up to 15 significant digits.
 */
struct sbuf;
void num_format(struct sbuf *out, double v);

#endif
