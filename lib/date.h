/* date.h - dates and times as people write them, to ISO 8601
 *
 * Accepted: ISO 8601 ("2024-03-05", "2024-03-05T14:30", "...:00Z",
 * "...+01:00", "2024-03-05 14:30:00", fractional seconds dropped),
 * "20240305", day-first "05.03.2024" (DE, PL), "05-03-2024" (NL),
 * slashed "03/05/2024" (month first when mdy, else day first; a part over
 * 12 decides by itself), two-digit years (00-69 -> 20xx, 70-99 -> 19xx),
 * month names in EN/DE/NL/PL ("5 March 2024", "März 5, 2024", "5 mrt 2024",
 * "5 marca 2024"), and Unix epoch seconds (9-10 digits) or milliseconds
 * (12-13 digits).
 */
#ifndef LK_DATE_H
#define LK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sbuf.h"

typedef enum date_kind {
	DATE_BAD = -1,
	DATE_DAY,	/* out got "YYYY-MM-DD" */
	DATE_TIME,	/* out got "YYYY-MM-DDTHH:MM:SSZ", converted to UTC */
} date_kind;

/*
 * date_iso: append the ISO 8601 form of s.  A time with no zone is taken as
 * UTC.  mdy: read an ambiguous slashed date month first (US habit).  Checks
 * the calendar (no 2023-02-29).  On DATE_BAD out holds nothing new.
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
