/* test_date.c - unit tests for date.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "value/date.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))

struct date_case {
	const char *in;
	bool mdy;
	date_kind kind;
	const char *iso;	/* unless DATE_BAD */
};

static const struct date_case cases[] = {
	/* ISO 8601 */
	{ "2024-03-05", false, DATE_DAY, "2024-03-05" },
	{ "  2024-03-05\t", false, DATE_DAY, "2024-03-05" },
	{ "2024-3-5", false, DATE_DAY, "2024-03-05" },
	{ "2024/03/05", true, DATE_DAY, "2024-03-05" },
	{ "2024.03.05", false, DATE_DAY, "2024-03-05" },
	{ "2024-03-05T14:30", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "2024-03-05t14:30:09", false, DATE_TIME, "2024-03-05T14:30:09Z" },
	{ "2024-03-05T14:30:00Z", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "2024-03-05T14:30:00z", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "2024-03-05 14:30:00", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "2024-03-05 14:30:00 UTC", false, DATE_TIME,
	  "2024-03-05T14:30:00Z" },
	{ "2024-03-05T14:30:00.123456Z", false, DATE_TIME,
	  "2024-03-05T14:30:00Z" },
	{ "2024-03-05T14:30:00,5+01:00", false, DATE_TIME,
	  "2024-03-05T13:30:00Z" },
	{ "2024-03-05T14:30:00+01:00", false, DATE_TIME,
	  "2024-03-05T13:30:00Z" },
	{ "2024-03-05T00:30:00+01:00", false, DATE_TIME,
	  "2024-03-04T23:30:00Z" },
	{ "2024-03-01T00:30:00+0100", false, DATE_TIME,
	  "2024-02-29T23:30:00Z" },
	{ "2023-12-31T20:00:00-05:00", false, DATE_TIME,
	  "2024-01-01T01:00:00Z" },
	{ "2024-03-05T14:30-05", false, DATE_TIME, "2024-03-05T19:30:00Z" },
	{ "2024-03-05T14:30:00+05:30", false, DATE_TIME,
	  "2024-03-05T09:00:00Z" },
	{ "2024-03-05 14:30:00 +02:00", false, DATE_TIME,
	  "2024-03-05T12:30:00Z" },
	/* compact and epochs */
	{ "20240305", false, DATE_DAY, "2024-03-05" },
	{ "20240229", false, DATE_DAY, "2024-02-29" },
	{ "1709649000", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "1709649000123", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "1000000000", false, DATE_TIME, "2001-09-09T01:46:40Z" },
	{ "4102444799", false, DATE_TIME, "2099-12-31T23:59:59Z" },
	{ "1709649000.75", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	/* bare numbers out of the plausible range, or of no known length,
	 * are no date */
	{ "999999999", false, DATE_BAD, NULL },
	{ "999999999999", false, DATE_BAD, NULL },
	{ "0999999999", false, DATE_BAD, NULL },
	{ "4102444800", false, DATE_BAD, NULL },
	{ "9999999999", false, DATE_BAD, NULL },
	{ "4102444800000", false, DATE_BAD, NULL },
	{ "1709649000123.5", false, DATE_BAD, NULL },
	{ "123456", false, DATE_BAD, NULL },
	{ "1234567", false, DATE_BAD, NULL },
	{ "12345678901234", false, DATE_BAD, NULL },
	/* Excel serial days, 1900 date system */
	{ "46000", false, DATE_DAY, "2025-12-09" },
	{ "32874", false, DATE_DAY, "1990-01-01" },
	{ "73050", false, DATE_DAY, "2099-12-31" },
	{ "45351", false, DATE_DAY, "2024-02-29" },
	{ "46000.5", false, DATE_TIME, "2025-12-09T12:00:00Z" },
	{ "46000,25", false, DATE_TIME, "2025-12-09T06:00:00Z" },
	{ "45356.6041666667", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "32873", false, DATE_BAD, NULL },
	{ "73051", false, DATE_BAD, NULL },
	{ "46000.", false, DATE_BAD, NULL },
	{ "46000.5x", false, DATE_BAD, NULL },
	{ "20240305.5", false, DATE_BAD, NULL },
	/* day first */
	{ "05.03.2024", false, DATE_DAY, "2024-03-05" },
	{ "05.03.2024", true, DATE_DAY, "2024-03-05" },
	{ "5.3.2024", false, DATE_DAY, "2024-03-05" },
	{ "05-03-2024", false, DATE_DAY, "2024-03-05" },
	{ "05-03-2024", true, DATE_DAY, "2024-03-05" },
	{ "05.03.24", false, DATE_DAY, "2024-03-05" },
	{ "05.03.69", false, DATE_DAY, "2069-03-05" },
	{ "05.03.70", false, DATE_DAY, "1970-03-05" },
	{ "05.03.99", false, DATE_DAY, "1999-03-05" },
	{ "05.03.00", false, DATE_DAY, "2000-03-05" },
	{ "05.03.2024 14:30", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "05.03.2024, 14:30", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "29.02.2000", false, DATE_DAY, "2000-02-29" },
	/* slashed: mdy decides, unless a part is over 12 */
	{ "03/05/2024", false, DATE_DAY, "2024-05-03" },
	{ "03/05/2024", true, DATE_DAY, "2024-03-05" },
	{ "13/05/2024", true, DATE_DAY, "2024-05-13" },
	{ "05/13/2024", false, DATE_DAY, "2024-05-13" },
	{ "3/5/24", true, DATE_DAY, "2024-03-05" },
	{ "03/05/2024 2:30 PM", true, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "03/05/2024 12:05 am", true, DATE_TIME, "2024-03-05T00:05:00Z" },
	{ "03/05/2024 12:05pm", true, DATE_TIME, "2024-03-05T12:05:00Z" },
	{ "13/13/2024", true, DATE_BAD, NULL },
	/* month names */
	{ "5 March 2024", false, DATE_DAY, "2024-03-05" },
	{ "5 MARCH 2024", false, DATE_DAY, "2024-03-05" },
	{ "5th March 2024", false, DATE_DAY, "2024-03-05" },
	{ "1st Jan 2024", false, DATE_DAY, "2024-01-01" },
	{ "March 5, 2024", false, DATE_DAY, "2024-03-05" },
	{ "Mar 5 2024", false, DATE_DAY, "2024-03-05" },
	{ "Sept. 22nd, 2024", false, DATE_DAY, "2024-09-22" },
	{ "März 5, 2024", false, DATE_DAY, "2024-03-05" },
	{ "5. März 2024", false, DATE_DAY, "2024-03-05" },
	{ "5. MÄRZ 2024", false, DATE_DAY, "2024-03-05" },
	{ "5. Maerz 2024", false, DATE_DAY, "2024-03-05" },
	{ "1. Dezember 2023", false, DATE_DAY, "2023-12-01" },
	{ "3. Okt. 2023", false, DATE_DAY, "2023-10-03" },
	{ "1. Jänner 2024", false, DATE_DAY, "2024-01-01" },
	{ "5 mrt 2024", false, DATE_DAY, "2024-03-05" },
	{ "5 mrt. 2024", false, DATE_DAY, "2024-03-05" },
	{ "05-mrt-2024", false, DATE_DAY, "2024-03-05" },
	{ "17 mei 2024", false, DATE_DAY, "2024-05-17" },
	{ "1 maart 2024", false, DATE_DAY, "2024-03-01" },
	{ "05-Mar-24", false, DATE_DAY, "2024-03-05" },
	{ "5 marca 2024", false, DATE_DAY, "2024-03-05" },
	{ "1 stycznia 2024", false, DATE_DAY, "2024-01-01" },
	{ "1 lutego 2024", false, DATE_DAY, "2024-02-01" },
	{ "1 kwietnia 2024", false, DATE_DAY, "2024-04-01" },
	{ "1 maja 2024", false, DATE_DAY, "2024-05-01" },
	{ "1 czerwca 2024", false, DATE_DAY, "2024-06-01" },
	{ "1 lipca 2024", false, DATE_DAY, "2024-07-01" },
	{ "1 sierpnia 2024", false, DATE_DAY, "2024-08-01" },
	{ "1 września 2024", false, DATE_DAY, "2024-09-01" },
	{ "1 WRZEŚNIA 2024", false, DATE_DAY, "2024-09-01" },
	{ "1 wrzesnia 2024", false, DATE_DAY, "2024-09-01" },
	{ "1 października 2024", false, DATE_DAY, "2024-10-01" },
	{ "1 PAŹDZIERNIKA 2024", false, DATE_DAY, "2024-10-01" },
	{ "1 listopada 2024", false, DATE_DAY, "2024-11-01" },
	{ "1 grudnia 2024", false, DATE_DAY, "2024-12-01" },
	{ "1 paź 2024", false, DATE_DAY, "2024-10-01" },
	{ "marzec 5 2024", false, DATE_DAY, "2024-03-05" },
	{ "5 March 2024 14:30 +01:00", false, DATE_TIME,
	  "2024-03-05T13:30:00Z" },
	/* the calendar */
	{ "2024-02-29", false, DATE_DAY, "2024-02-29" },
	{ "2023-02-29", false, DATE_BAD, NULL },
	{ "1900-02-29", false, DATE_BAD, NULL },
	{ "2000-02-29", false, DATE_DAY, "2000-02-29" },
	{ "2024-02-30", false, DATE_BAD, NULL },
	{ "31.02.2024", false, DATE_BAD, NULL },
	{ "31.04.2024", false, DATE_BAD, NULL },
	{ "31.12.2024", false, DATE_DAY, "2024-12-31" },
	{ "2024-13-01", false, DATE_BAD, NULL },
	{ "2024-00-01", false, DATE_BAD, NULL },
	{ "2024-01-00", false, DATE_BAD, NULL },
	{ "0000-00-00", false, DATE_BAD, NULL },
	{ "20240230", false, DATE_BAD, NULL },
	{ "30 February 2024", false, DATE_BAD, NULL },
	{ "2024-03-05T24:00", false, DATE_BAD, NULL },
	{ "2024-03-05T14:60", false, DATE_BAD, NULL },
	{ "2024-03-05T14:30:60", false, DATE_BAD, NULL },
	{ "2024-03-05T14:30+25:00", false, DATE_BAD, NULL },
	{ "03/05/2024 13:00 PM", true, DATE_BAD, NULL },
	/* garbage */
	{ "", false, DATE_BAD, NULL },
	{ "   ", false, DATE_BAD, NULL },
	{ "soon", false, DATE_BAD, NULL },
	{ "n/a", false, DATE_BAD, NULL },
	{ "2024", false, DATE_BAD, NULL },
	{ "12345678901", false, DATE_BAD, NULL },
	{ "12345", false, DATE_BAD, NULL },
	{ "2024-03", false, DATE_BAD, NULL },
	{ "2024-03-05x", false, DATE_BAD, NULL },
	{ "2024-03-05T", false, DATE_BAD, NULL },
	{ "2024-03-05T14", false, DATE_BAD, NULL },
	{ "2024-03-05 14:30 EST", false, DATE_BAD, NULL },
	{ "2024-03-05T14:30:00.Z", false, DATE_BAD, NULL },
	{ "2024-03/05", false, DATE_BAD, NULL },
	{ "05.03-2024", false, DATE_BAD, NULL },
	{ "05.03.202", false, DATE_BAD, NULL },
	{ "05.03.20245", false, DATE_BAD, NULL },
	{ "5 Smarch 2024", false, DATE_BAD, NULL },
	{ "March 2024", false, DATE_BAD, NULL },
	{ "5 March", false, DATE_BAD, NULL },
	{ "5March2024", false, DATE_BAD, NULL },
	{ "-1709649000", false, DATE_BAD, NULL },
	/* already ISO: copied after a check of the calendar and the clock */
	{ "2024-02-29T23:59:59Z", false, DATE_TIME, "2024-02-29T23:59:59Z" },
	{ "2023-02-29", false, DATE_BAD, NULL },
	{ "1900-02-29", false, DATE_BAD, NULL },
	{ "2000-02-29", false, DATE_DAY, "2000-02-29" },
	{ "2024-13-01T00:00:00Z", false, DATE_BAD, NULL },
	{ "2024-03-05T24:00:00Z", false, DATE_BAD, NULL },
	{ "2024-03-05T23:59:60Z", false, DATE_BAD, NULL },
	{ "2024-03-05t14:30:00z", false, DATE_TIME, "2024-03-05T14:30:00Z" },
	{ "0000-01-01", false, DATE_DAY, "0000-01-01" },
};

/* date_iso_order, date_parse_order: the order of a run, and no guess. */
struct order_case {
	const char *in;
	date_order order;
	date_kind kind;
	const char *iso;	/* for DATE_DAY and DATE_TIME */
	date_order hint;	/* date_order_hint */
};

#define NONE DATE_ORDER_NONE
#define DMY DATE_ORDER_DMY
#define MDY DATE_ORDER_MDY
#define YMD DATE_ORDER_YMD
static const struct order_case order_cases[] = {
	/* nothing settles it: kept, never guessed */
	{ "04/11/2026", NONE, DATE_AMBIGUOUS, NULL, NONE },
	{ "04-11-2026", NONE, DATE_AMBIGUOUS, NULL, NONE },
	{ "4/11/26", NONE, DATE_AMBIGUOUS, NULL, NONE },
	{ "11/4/2026 3:15 PM", NONE, DATE_AMBIGUOUS, NULL, NONE },
	{ "04/11/2026", YMD, DATE_AMBIGUOUS, NULL, NONE },
	/* the same day and month is no ambiguity */
	{ "05/05/2026", NONE, DATE_DAY, "2026-05-05", NONE },
	{ "12/12/2026 10:00", NONE, DATE_TIME, "2026-12-12T10:00:00Z",
	  NONE },
	/* a dotted date is day first: DE, AT, CH, PL write it so */
	{ "04.11.2026", NONE, DATE_DAY, "2026-11-04", NONE },
	{ "04.11.2026 15:15", NONE, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },
	/* a part over 12 settles it, and says so */
	{ "13/04/2026", NONE, DATE_DAY, "2026-04-13", DMY },
	{ "04/13/2026", NONE, DATE_DAY, "2026-04-13", MDY },
	{ "13.04.2026", NONE, DATE_DAY, "2026-04-13", DMY },
	{ "11/14/2026 3:15 PM", NONE, DATE_TIME, "2026-11-14T15:15:00Z",
	  MDY },
	{ "31/04/2026", NONE, DATE_BAD, NULL, NONE },
	{ "13/13/2026", NONE, DATE_BAD, NULL, NONE },
	{ "32/01/2026", NONE, DATE_BAD, NULL, NONE },
	/* an order given: every separator, strict */
	{ "04/11/2026", DMY, DATE_DAY, "2026-11-04", NONE },
	{ "04/11/2026", MDY, DATE_DAY, "2026-04-11", NONE },
	{ "11-04-2026", MDY, DATE_DAY, "2026-11-04", NONE },
	{ "11.04.2026", MDY, DATE_DAY, "2026-11-04", NONE },
	{ "13/04/2026", MDY, DATE_BAD, NULL, DMY },
	{ "04/13/2026", DMY, DATE_BAD, NULL, MDY },
	{ "13/04/2026", DMY, DATE_DAY, "2026-04-13", DMY },
	{ "26/11/04", YMD, DATE_DAY, "2026-11-04", DMY },
	{ "99-12-31", YMD, DATE_DAY, "1999-12-31", NONE },
	{ "26/13/04", YMD, DATE_BAD, NULL, NONE },
	{ "2026/11/04", MDY, DATE_DAY, "2026-11-04", NONE },
	{ "2026-11-04", DMY, DATE_DAY, "2026-11-04", NONE },
	/* what exports write */
	{ "11/4/2026 3:15 PM", MDY, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* Salesforce */
	{ "11/4/2026, 3:15 PM", MDY, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* Salesforce Lightning */
	{ "2026-11-04 15:15", NONE, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* HubSpot */
	{ "2026-11-04 15:15:00.000", NONE, DATE_TIME,
	  "2026-11-04T15:15:00Z", NONE },
	{ "04/11/2026 15:15:00", DMY, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* Zoho, day first */
	{ "Nov 4, 2026 03:15 PM", NONE, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* Zoho */
	{ "04-Nov-2026 15:15:00", NONE, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },
	{ "11/04/2026 15:15:00", MDY, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* LinkedIn */
	{ "November 4, 2026", NONE, DATE_DAY, "2026-11-04", NONE },
	{ "1793805300000", NONE, DATE_TIME, "2026-11-04T15:15:00Z", NONE },
	{ "2026-11-04T15:15:00+01:00", NONE, DATE_TIME,
	  "2026-11-04T14:15:00Z", NONE },
	{ "2026-11-04T15:15:00+0000", NONE, DATE_TIME,
	  "2026-11-04T15:15:00Z", NONE },	/* Facebook Lead Ads */
	{ "2026-11-04 15:15:00", NONE, DATE_TIME, "2026-11-04T15:15:00Z",
	  NONE },			/* Mautic, Pipedrive */
	{ "46000", MDY, DATE_DAY, "2025-12-09", NONE },
	{ "1709649000", DMY, DATE_TIME, "2024-03-05T14:30:00Z", NONE },
	{ "999999999", MDY, DATE_BAD, NULL, NONE },
};
#undef NONE
#undef DMY
#undef MDY
#undef YMD

static void
test_order(void **state)
{
	sbuf out = SBUF_INIT;
	time_t t;

	(void)state;
	for (size_t i = 0; i < N(order_cases); i++) {
		const struct order_case *c = &order_cases[i];
		const char *name = date_order_name(c->order);
		sbuf_reset(&out);
		sbuf_adds(&out, "<");
		date_kind k = date_iso_order(&out, c->in, strlen(c->in),
		    c->order);
		if (k != c->kind)
			fail_msg("\"%s\" %s: kind %d, expected %d (out %s)",
			    c->in, name, k, c->kind, out.p);
		if (k < 0) {
			assert_string_equal(out.p, "<");
		} else if (strcmp(out.p + 1, c->iso) != 0) {
			fail_msg("\"%s\" %s: got %s, expected %s", c->in,
			    name, out.p + 1, c->iso);
		}
		assert_int_equal(date_parse_order(c->in, strlen(c->in),
		    c->order, &t), c->kind);
		if (k >= 0) {
			sbuf_reset(&out);
			date_format(&out, t);
			assert_memory_equal(out.p, c->iso, strlen(c->iso));
		}
		if (date_order_hint(c->in, strlen(c->in)) != c->hint)
			fail_msg("\"%s\": hint %s, expected %s", c->in,
			    date_order_name(date_order_hint(c->in,
			    strlen(c->in))), date_order_name(c->hint));
	}
	sbuf_free(&out);
}

static void
test_order_parse(void **state)
{
	date_order o = DATE_ORDER_NONE;

	(void)state;
	assert_int_equal(date_order_parse("mdy", &o), 0);
	assert_int_equal(o, DATE_ORDER_MDY);
	assert_int_equal(date_order_parse("DMY", &o), 0);
	assert_int_equal(o, DATE_ORDER_DMY);
	assert_int_equal(date_order_parse("ymd", &o), 0);
	assert_int_equal(o, DATE_ORDER_YMD);
	assert_string_equal(date_order_name(o), "ymd");
	static const char *const bad[] = {
		"", "none", "md", "mdyy", "m/d/y", "us", " mdy", "dmy ",
	};
	for (size_t i = 0; i < N(bad); i++) {
		o = DATE_ORDER_MDY;
		assert_int_equal(date_order_parse(bad[i], &o), -1);
		assert_int_equal(o, DATE_ORDER_MDY);
	}
}

static void
test_iso(void **state)
{
	sbuf out = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const struct date_case *c = &cases[i];
		sbuf_reset(&out);
		sbuf_adds(&out, "<");
		date_kind k = date_iso(&out, c->in, strlen(c->in), c->mdy);
		if (k != c->kind)
			fail_msg("\"%s\"%s: kind %d, expected %d (out %s)",
			    c->in, c->mdy ? " mdy" : "", k, c->kind, out.p);
		if (k == DATE_BAD) {
			assert_string_equal(out.p, "<");
			continue;
		}
		if (strcmp(out.p + 1, c->iso) != 0)
			fail_msg("\"%s\"%s: got %s, expected %s", c->in,
			    c->mdy ? " mdy" : "", out.p + 1, c->iso);
	}
	sbuf_free(&out);
}

/* date_parse agrees with date_iso: formatting its time gives the same text
 * (a day's time is its midnight). */
static void
test_parse(void **state)
{
	sbuf out = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const struct date_case *c = &cases[i];
		time_t t = 12345;
		date_kind k = date_parse(c->in, strlen(c->in), c->mdy, &t);
		assert_int_equal(k, c->kind);
		if (k == DATE_BAD)
			continue;
		sbuf_reset(&out);
		date_format(&out, t);
		if (k == DATE_DAY) {
			assert_int_equal(t % 86400, 0);
			assert_memory_equal(out.p, c->iso, 10);
			assert_string_equal(out.p + 10, "T00:00:00Z");
		} else {
			assert_string_equal(out.p, c->iso);
		}
	}
	sbuf_free(&out);
}

/* The forms leadkit writes, "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SSZ", have
 * a shortcut in the parser: it reads each like the long way (which a
 * leading space takes). */
static void
test_utc_shortcut(void **state)
{
	static const char *const in[] = {
		"2024-01-01T16:15:21Z", "1970-01-01T00:00:00Z",
		"2024-02-29T23:59:59Z", "2023-02-29T12:00:00Z",
		"2100-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
		"2024-12-31T24:00:00Z", "2024-12-31T23:60:00Z",
		"2024-12-31T23:59:60Z", "2024-13-01T00:00:00Z",
		"2024-00-10T00:00:00Z", "2024-04-31T00:00:00Z",
		"2024-04-00T00:00:00Z", "0000-03-01T00:00:00Z",
		"1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
		"2024-01-01T16:15:21z", "2024-01-01 16:15:21Z",
		"2024-02-29", "2023-02-29", "2024-1-05", "0000-01-01",
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < N(in); i++) {
		time_t t1 = 1, t2 = 2;
		snprintf(buf, sizeof buf, " %s", in[i]);
		date_kind k1 = date_parse(in[i], strlen(in[i]), false, &t1);
		date_kind k2 = date_parse(buf, strlen(buf), false, &t2);
		if (k1 != k2 || (k1 != DATE_BAD && t1 != t2))
			fail_msg("%s: %d %lld, the long way %d %lld", in[i],
			    k1, (long long)t1, k2, (long long)t2);
	}
}

static void
test_values(void **state)
{
	time_t t;

	(void)state;
	assert_int_equal(date_parse("1970-01-01", 10, false, &t), DATE_DAY);
	assert_int_equal(t, 0);
	assert_int_equal(date_parse("2024-03-05T14:30:00Z", 20, false, &t),
	    DATE_TIME);
	assert_int_equal(t, 1709649000);
	/* (pointer, length): bytes after n are not read */
	assert_int_equal(date_parse("2024-03-05junk", 10, false, &t),
	    DATE_DAY);
	assert_int_equal(t, 1709596800);
	/* days before the epoch, leap days, the ends of the range */
	static const struct {
		const char *s;
		long long t;
	} days[] = {
		{ "1969-12-31", -86400 }, { "2000-02-29", 951782400 },
		{ "1900-03-01", -2203891200 }, { "0001-01-01", -62135596800 },
		{ "9999-12-31", 253402214400 },
	};
	for (size_t i = 0; i < N(days); i++) {
		assert_int_equal(date_parse(days[i].s, 10, false, &t),
		    DATE_DAY);
		assert_int_equal(t, days[i].t);
	}
}

static void
test_format(void **state)
{
	static const struct {
		time_t t;
		const char *s;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 1709649000, "2024-03-05T14:30:00Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
	};
	sbuf out = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		sbuf_reset(&out);
		sbuf_adds(&out, ">");
		date_format(&out, cases[i].t);
		assert_string_equal(out.p + 1, cases[i].s);
		assert_int_equal(out.p[0], '>');
	}
	sbuf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_utc_shortcut),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_order_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
