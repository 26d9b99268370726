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
 * mln, bn, mrd, Mrd., mld: thousand, million, billion; also spelled out:
 * thousand, Tausend, tys., million(s), Million(en), miljoen, billion(s),
 * Milliarde(n), miljard).  A group separator must be followed by exactly
 * three digits, and the first group has 1-3 digits; a separator after a
 * leading 0 ("0.500") or after more than three digits ("1234.567") is the
 * decimal one.  Spreadsheet exponents ("1.5E+06") are read too.  Anything
 * else, such as trailing text ("12abc"), makes it not a number.  Returns 0
 * and stores the value, or -1 when s is not such a number.
 */
int num_parse(const char *s, size_t n, double *out);

/*
 * num_range: like num_parse, but also a range "51-200", "51 – 200",
 * "10 to 20" (also bis, tot, do), "1000+", ">1000", "<10": stores the lower
 * bound (for "<10", 0), and the upper bound in *hi (for "1000+" and
 * ">1000", the same as the lower bound; for a single number, the number).
 * A scale word on the upper bound only also scales the lower one when the
 * order stays right: "1-5 Mio" is 1e6..5e6, "500-1k" is 500..1000.
 * Returns 0, or -1 (also when the lower bound is above the upper one).
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
 * tygodni, miesiąc/miesiące/miesięcy, rok/lata/lat, and abbreviations
 * such as wk, mo, Mon., mnd, yr); "immediately", "now", "asap", "sofort",
 * "direkt", "direct", "meteen", "natychmiast" are 0.  A leading "in",
 * "within", "innerhalb", "binnen" or "za" is ignored.  A month is 30 days,
 * a quarter 90, a year 365.  Ranges take the upper bound ("3-6 months" =
 * 180, "<3 months" = 90).  Scale words and currencies are not read, and a
 * negative count is not a time frame.  Returns 0 and stores days, or -1.
 */
int num_days(const char *s, size_t n, double *days);

/*
 * num_format: append v as text: integers below 1e15 without a decimal
 * point ("1200"), others as printf "%.15g" ("1234.5", "0.3" for 0.1+0.2,
 * "1e+15").  Cannot fail.
 */
struct sbuf;
void num_format(struct sbuf *out, double v);

#endif
