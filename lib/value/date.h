/* date.h - dates and times as people write them, to ISO 8601
 *
 * Accepted: ISO 8601 ("2024-03-05", "2024-03-05T14:30", "...:00Z",
 * "...+01:00", "2024-03-05 14:30:00", fractional seconds dropped),
 * "20240305", numeric dates with the year last ("05.03.2024",
 * "05-03-2024", "03/05/2024": which part is the day, see date_order),
 * two-digit years (00-69 -> 20xx, 70-99 -> 19xx), month names in
 * EN/DE/NL/PL ("5 March 2024", "Nov 4, 2026 03:15 PM", "5 mrt 2024",
 * "5 marca 2024"), a time with AM/PM ("11/4/2026 3:15 PM"), and bare
 * numbers only where they cannot be anything else:
 *
 *	5 digits    an Excel serial day number (1900 date system, whose
 *	            leap-day bug only moves days before March 1900), from
 *	            32874 (1990-01-01) to 73050 (2099-12-31); a fraction is
 *	            the time of day: "46000.5" is 2025-12-09T12:00:00Z
 *	10 digits   Unix epoch seconds (a fraction dropped), 13 digits epoch
 *	            milliseconds, both from 2001-09-09 to 2099-12-31
 *	8 digits    a compact date, "20240305"
 *
 * Any other bare number (9 or 12 digits, a serial or epoch out of range)
 * is DATE_BAD, never read as something else.
 */
#ifndef LK_DATE_H
#define LK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/sbuf.h"

typedef enum date_kind {
	DATE_AMBIGUOUS = -2,	/* date_iso_order, date_parse_order only: a
				 * numeric date whose day and month could be
				 * either way round, and nothing settles it */
	DATE_BAD = -1,
	DATE_DAY,	/* out got "YYYY-MM-DD" */
	DATE_TIME,	/* out got "YYYY-MM-DDTHH:MM:SSZ", converted to UTC */
} date_kind;

/*
 * The order of day and month in a numeric date with the year last
 * ("04/11/2026"), for a whole run (lead-import --date-order):
 *
 *	DATE_ORDER_NONE  the value decides: a first part over 12 is the
 *	                 day, a second part over 12 is the day, the same
 *	                 number twice ("05/05/2026") is either; a dotted
 *	                 date is day first (no one writes month.day.year);
 *	                 anything else is DATE_AMBIGUOUS
 *	DATE_ORDER_DMY   day first, DATE_ORDER_MDY month first, whatever
 *	                 the separator; a value that does not fit the order
 *	                 ("11/13/2026" under dmy) is DATE_BAD
 *	DATE_ORDER_YMD   a two-digit year comes first ("26/11/04" is
 *	                 2026-11-04); a year-last date is read as with NONE
 *
 * A four-digit year first ("2026/11/04") is always year-month-day.
 */
typedef enum date_order {
	DATE_ORDER_NONE,
	DATE_ORDER_DMY,
	DATE_ORDER_MDY,
	DATE_ORDER_YMD,
} date_order;

/* date_order_parse: "dmy", "mdy" or "ymd" (any case) to *o: 0; anything
 * else: -1, *o unchanged (the caller says what is wrong: exit 2). */
int date_order_parse(const char *s, date_order *o);
/* date_order_name: "dmy", "mdy", "ymd", or "none". */
const char *date_order_name(date_order o);
/* date_order_hint: the order the value s settles by itself: a valid
 * numeric date with the year last whose first part is over 12 (DMY) or
 * whose second part is (MDY); else DATE_ORDER_NONE. */
date_order date_order_hint(const char *s, size_t n);

/* date_iso_order: append the ISO 8601 form of s (as date_iso does),
 * reading a numeric date in order o.  DATE_AMBIGUOUS and DATE_BAD append
 * nothing. */
date_kind date_iso_order(sbuf *out, const char *s, size_t n, date_order o);
/* date_parse_order: like date_iso_order, but stores seconds since the
 * epoch (UTC; a day is its midnight). */
date_kind date_parse_order(const char *s, size_t n, date_order o,
    time_t *t);

/*
 * date_iso: append the ISO 8601 form of s.  A time with no zone is taken as
 * UTC.  Checks the calendar (no 2023-02-29).  Never DATE_AMBIGUOUS: a
 * numeric date whose parts could be either way round is read day first,
 * or with mdy a slashed one month first; a part over 12 decides by
 * itself.  For dates leadkit wrote (ISO) and options; lead-import reads
 * its input with date_iso_order.  On DATE_BAD out holds nothing new.
 */
date_kind date_iso(sbuf *out, const char *s, size_t n, bool mdy);

/* date_parse: like date_iso, but stores seconds since the epoch (UTC; a
 * day is its midnight) instead of text. */
date_kind date_parse(const char *s, size_t n, bool mdy, time_t *t);

/* date_format: append t as "YYYY-MM-DDTHH:MM:SSZ"; nothing for a t outside
 * the years 0000-9999. */
void date_format(sbuf *out, time_t t);
/* date_format_day: append the day of t, "YYYY-MM-DD" (UTC). */
void date_format_day(sbuf *out, time_t t);

#endif
