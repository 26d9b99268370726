/* test_phone.c - unit tests for phone.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value/country.h"
#include "fixture.h"
#include "value/phone.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))

struct phone_case {
	const char *in;
	const char *defc;	/* alpha-2 of the default country, or NULL */
	phone_status st;
	const char *e164;	/* when PHONE_OK */
	const char *ext;	/* when PHONE_OK */
};

static const struct phone_case cases[] = {
	/* international forms */
	{ "+44 (0)117 4599275", NULL, PHONE_OK, "+441174599275", "" },
	{ "+44(0)20 7946 0958", "DE", PHONE_OK, "+442079460958", "" },
	{ "0044 (0)20 7946 0958", "DE", PHONE_OK, "+442079460958", "" },
	{ "0031 10 5161619", "DE", PHONE_OK, "+31105161619", "" },
	/* a trunk 0 typed after the code; Russia's trunk 8 is a real digit */
	{ "+49 0711 9650742", NULL, PHONE_OK, "+497119650742", "" },
	{ "0044 020 7946 0958", NULL, PHONE_OK, "+442079460958", "" },
	{ "+7 800 555 35 35", NULL, PHONE_OK, "+78005553535", "" },
	{ "+39 06 1234 5678", NULL, PHONE_OK, "+390612345678", "" },
	{ "0048 127639548", "DE", PHONE_OK, "+48127639548", "" },
	{ "0048 127639548", NULL, PHONE_OK, "+48127639548", "" },
	{ "+1 (415) 555-0100", NULL, PHONE_OK, "+14155550100", "" },
	{ "+1 (415) 555-0100", "DE", PHONE_OK, "+14155550100", "" },
	{ "+49 30 123456", "US", PHONE_OK, "+4930123456", "" },
	{ "+49-711-9650742", NULL, PHONE_OK, "+497119650742", "" },
	{ "+7 916 123-45-67", NULL, PHONE_OK, "+79161234567", "" },
	{ "+39 06 1234 5678", NULL, PHONE_OK, "+390612345678", "" },
	{ "Tel.: +41 44 123 45 67", NULL, PHONE_OK, "+41441234567", "" },
	{ "(+43) 1 234567", NULL, PHONE_OK, "+431234567", "" },
	{ "011 49 30 1234567", "US", PHONE_OK, "+49301234567", "" },
	{ "011 49 30 1234567", "CA", PHONE_OK, "+49301234567", "" },
	{ "1-415-555-0100", "US", PHONE_OK, "+14155550100", "" },
	{ "1 (416) 555-0100", "CA", PHONE_OK, "+14165550100", "" },
	/* national forms */
	{ "0711-9650742", "DE", PHONE_OK, "+497119650742", "" },
	{ "(030) 123456", "DE", PHONE_OK, "+4930123456", "" },
	{ "(0)30 123456", "DE", PHONE_OK, "+4930123456", "" },
	{ "30 123456", "DE", PHONE_OK, "+4930123456", "" },
	{ "06 245 51410", "NL", PHONE_OK, "+31624551410", "" },
	{ "010-5161619", "NL", PHONE_OK, "+31105161619", "" },
	{ "06 1234 5678", "IT", PHONE_OK, "+390612345678", "" },
	{ "02 1234567", "IT", PHONE_OK, "+39021234567", "" },
	{ "12 763 95 48", "PL", PHONE_OK, "+48127639548", "" },
	{ "(415) 555-0100", "US", PHONE_OK, "+14155550100", "" },
	{ "415.555.0100", "CA", PHONE_OK, "+14155550100", "" },
	{ "8 (916) 123-45-67", "RU", PHONE_OK, "+79161234567", "" },
	{ "01 23 45 67 89", "FR", PHONE_OK, "+33123456789", "" },
	{ "0711 9650742", NULL, PHONE_NO_COUNTRY, NULL, NULL },
	/* extensions */
	{ "+1 415 555 0100 x12", NULL, PHONE_OK, "+14155550100", "12" },
	{ "+1 415 555 0100x12", NULL, PHONE_OK, "+14155550100", "12" },
	{ "+1 415 555 0100 X 12", NULL, PHONE_OK, "+14155550100", "12" },
	{ "415-555-0100 ext. 123", "US", PHONE_OK, "+14155550100", "123" },
	{ "415-555-0100, ext 123", "US", PHONE_OK, "+14155550100", "123" },
	{ "415-555-0100 Ext: 123", "US", PHONE_OK, "+14155550100", "123" },
	{ "415-555-0100 extension 4", "US", PHONE_OK, "+14155550100", "4" },
	{ "415-555-0100 #77", "US", PHONE_OK, "+14155550100", "77" },
	{ "415-555-0100#77", "US", PHONE_OK, "+14155550100", "77" },
	{ "0711 9650 Durchwahl 742", "DE", PHONE_OK, "+497119650", "742" },
	{ "0711 9650 DW 742", "DE", PHONE_OK, "+497119650", "742" },
	{ "0711 9650 dw. 74-2", "DE", PHONE_OK, "+497119650", "742" },
	{ "12 763 95 48 wew. 21", "PL", PHONE_OK, "+48127639548", "21" },
	{ "12 763 95 48 wew 21", "PL", PHONE_OK, "+48127639548", "21" },
	{ "010 5161619 toestel 3", "NL", PHONE_OK, "+31105161619", "3" },
	{ "010 5161619 tst. 3", "NL", PHONE_OK, "+31105161619", "3" },
	/* not extensions: a marker inside a word, or no digits after it */
	{ "Fax 0711 9650742", "DE", PHONE_OK, "+497119650742", "" },
	{ "0711 9650742 x", "DE", PHONE_OK, "+497119650742", "" },
	/* nothing to read */
	{ "", "DE", PHONE_EMPTY, NULL, NULL },
	{ "   ", "DE", PHONE_EMPTY, NULL, NULL },
	{ "call me", "DE", PHONE_EMPTY, NULL, NULL },
	{ "n/a", NULL, PHONE_EMPTY, NULL, NULL },
	{ "+", "DE", PHONE_EMPTY, NULL, NULL },
	{ "x12", "DE", PHONE_EMPTY, NULL, NULL },
	{ "call 0711 9650742", "DE", PHONE_OK, "+497119650742", "" },
	/* codes */
	{ "+999 123 456 789", "DE", PHONE_BAD_CODE, NULL, NULL },
	{ "00999 123456789", "DE", PHONE_BAD_CODE, NULL, NULL },
	{ "+0 123456789", NULL, PHONE_BAD_CODE, NULL, NULL },
	{ "00", "DE", PHONE_BAD_LENGTH, NULL, NULL },
	/* lengths */
	{ "0711 96", "DE", PHONE_BAD_LENGTH, NULL, NULL },
	{ "+49 12345", NULL, PHONE_BAD_LENGTH, NULL, NULL },
	{ "+49 123456", NULL, PHONE_OK, "+49123456", "" },
	{ "+49 1234567890123", NULL, PHONE_OK, "+491234567890123", "" },
	{ "+49 12345678901234", NULL, PHONE_BAD_LENGTH, NULL, NULL },
	{ "06 245 5141", "NL", PHONE_BAD_LENGTH, NULL, NULL },
	{ "06 245 514100", "NL", PHONE_BAD_LENGTH, NULL, NULL },
	{ "555-0100", "US", PHONE_BAD_LENGTH, NULL, NULL },
	{ "415 555 01000", "US", PHONE_BAD_LENGTH, NULL, NULL },
	{ "+1 415 555 01", NULL, PHONE_BAD_LENGTH, NULL, NULL },
	{ "+44 117 459", NULL, PHONE_BAD_LENGTH, NULL, NULL },
	{ "1234567890123456789012345678901234567890", "DE",
	  PHONE_BAD_LENGTH, NULL, NULL },
	/* Excel's scientific notation: the digits are lost */
	{ "4,93512E+11", "DE", PHONE_SCIENTIFIC, NULL, NULL },
	{ "4.93512E+11", "DE", PHONE_SCIENTIFIC, NULL, NULL },
	{ "4,93512E11", "DE", PHONE_SCIENTIFIC, NULL, NULL },
	{ " 4.93512e+11 ", NULL, PHONE_SCIENTIFIC, NULL, NULL },
	{ "+4,93512E+11", NULL, PHONE_SCIENTIFIC, NULL, NULL },
	{ "4E+11", "DE", PHONE_SCIENTIFIC, NULL, NULL },
	{ "1,71234E-12", "DE", PHONE_SCIENTIFIC, NULL, NULL },
	/* not scientific notation: letters elsewhere, an extension */
	{ "0711 9650742 ext 12", "DE", PHONE_OK, "+497119650742", "12" },
	{ "E+49 711 9650742", "DE", PHONE_OK, "+497119650742", "" },
};

static void
test_e164(void **state)
{
	const country_table *t = *state;
	sbuf out = SBUF_INIT, ext = SBUF_INIT;

	for (size_t i = 0; i < N(cases); i++) {
		const struct phone_case *c = &cases[i];
		const country *defc = NULL;

		if (c->defc != NULL)
			assert_non_null(defc = country_by_alpha2(t, c->defc));
		sbuf_reset(&out);
		sbuf_reset(&ext);
		sbuf_adds(&out, "<");
		sbuf_adds(&ext, "<");
		phone_status st = phone_e164(&out, &ext, c->in, strlen(c->in),
		    t, defc);
		if (st != c->st)
			fail_msg("\"%s\" (%s): status %d (%s), expected %d",
			    c->in, c->defc ? c->defc : "-", st,
			    phone_status_str(st), c->st);
		if (st != PHONE_OK) {
			assert_string_equal(out.p, "<");
			assert_string_equal(ext.p, "<");
			continue;
		}
		if (strcmp(out.p + 1, c->e164) != 0 ||
		    strcmp(ext.p + 1, c->ext) != 0)
			fail_msg("\"%s\": got %s ext \"%s\", expected %s ext "
			    "\"%s\"", c->in, out.p + 1, ext.p + 1, c->e164,
			    c->ext);
	}
	sbuf_free(&out);
	sbuf_free(&ext);
}

/* ext may be NULL; the input is (pointer, length), not NUL-terminated. */
static void
test_args(void **state)
{
	const country_table *t = *state;
	const country *de = country_by_alpha2(t, "DE");
	sbuf out = SBUF_INIT;
	const char *s = "0711 9650742 x12";

	assert_int_equal(phone_e164(&out, NULL, s, strlen(s), t, de),
	    PHONE_OK);
	assert_string_equal(out.p, "+497119650742");
	sbuf_reset(&out);
	assert_int_equal(phone_e164(&out, NULL, s, 12, t, de), PHONE_OK);
	assert_string_equal(out.p, "+497119650742");
	sbuf_reset(&out);
	assert_int_equal(phone_e164(&out, NULL, s, 4, t, de),
	    PHONE_BAD_LENGTH);
	assert_string_equal(out.p, "");
	sbuf_free(&out);
}

/* A default country without telephone numbers is no default at all. */
static void
test_no_calling_code(void **state)
{
	const country aq = { "AQ", "ATA", "", "", 0, 0, "Antarctica" };
	sbuf out = SBUF_INIT;

	assert_int_equal(phone_e164(&out, NULL, "0711 9650742", 12, *state,
	    &aq), PHONE_NO_COUNTRY);
	assert_int_equal(phone_e164(&out, NULL, "+49 711 9650742", 15, *state,
	    &aq), PHONE_OK);
	assert_string_equal(out.p, "+497119650742");
	sbuf_free(&out);
}

static void
test_status_str(void **state)
{
	(void)state;
	assert_string_equal(phone_status_str(PHONE_BAD_CODE),
	    "unknown calling code");
	assert_string_equal(phone_status_str(PHONE_SCIENTIFIC),
	    "scientific notation (digits lost)");
	for (int st = PHONE_OK; st <= PHONE_SCIENTIFIC; st++) {
		const char *s = phone_status_str((phone_status)st);
		assert_non_null(s);
		assert_true(*s != '\0');
	}
	assert_non_null(phone_status_str((phone_status)42));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e164),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_no_calling_code),
		cmocka_unit_test(test_status_str),
	};

	return cmocka_run_group_tests(tests, fixture_countries_setup,
	    fixture_countries_teardown);
}
