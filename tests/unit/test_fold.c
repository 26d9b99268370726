/* test_fold.c - unit tests for fold.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/fold.h"

typedef void (*fold_fn)(sbuf *, const char *, size_t);

struct fold_case {
	const char *in;
	const char *want;
};

static void
check(fold_fn fn, const struct fold_case *c, size_t nc)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < nc; i++) {
		sbuf_reset(&b);
		fn(&b, c[i].in, strlen(c[i].in));
		if (strcmp(sbuf_str(&b), c[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c[i].in,
			    sbuf_str(&b), c[i].want);
	}
	sbuf_free(&b);
}

#define CHECK(fn, cases) check(fn, cases, sizeof cases / sizeof cases[0])

static void
test_key_examples(void **state)
{
	static const struct fold_case c[] = {
		{ "  Müller  GmbH & Co.", "muller gmbh co" },
		{ "Łukasz-Nowak", "lukasz nowak" },
		{ "E-Mail Address", "e mail address" },
		{ "ACME, Inc.", "acme inc" },
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_latin(void **state)
{
	static const struct fold_case c[] = {
		{ "Ørsted", "orsted" },
		{ "Łódź", "lodz" },
		{ "Straße", "strasse" },
		{ "STRASSE", "strasse" },
		{ "Müller", "muller" },
		{ "MÜLLER", "muller" },
		{ "Muller", "muller" },
		{ "Mu\xcc\x88ller", "muller" },	/* combining diaeresis */
		{ "Đorđe", "dorde" },
		{ "Ħamrun", "hamrun" },
		{ "Þór", "thor" },
		{ "Ærø", "aero" },
		{ "Œuvre", "oeuvre" },
		{ "İstanbul", "istanbul" },
		{ "ıslak", "islak" },
		{ "Col·legi", "col legi" },
		{ "Paŀlàs", "pallas" },
		{ "Ŧest", "test" },
		{ "Crème Brûlée", "creme brulee" },
		{ "Śląsk Zakład", "slask zaklad" },
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_compat(void **state)
{
	static const struct fold_case c[] = {
		{ "ﬁnance", "finance" },		/* ligature */
		{ "ＡＢＣ　１２", "abc 12" },		/* full width */
		{ "x²", "x2" },
		{ "soft\xc2\xadhyphen", "softhyphen" },	/* U+00AD */
		{ "zero\xe2\x80\x8bwidth", "zerowidth" },	/* U+200B */
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_scripts(void **state)
{
	static const struct fold_case c[] = {
		{ "Иван ПЕТРОВ", "иван петров" },
		{ "Ёлка", "елка" },
		{ "ΑΘΗΝΑ Αθήνα", "αθηνα αθηνα" },
		{ "東京 株式会社", "東京 株式会社" },
		{ "한국 전자", "한국 전자" },
		{ "שלום", "שלום" },
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_separators(void **state)
{
	static const struct fold_case c[] = {
		{ "", "" },
		{ "   ", "" },
		{ "\t\n", "" },
		{ "--- ...", "" },
		{ "a", "a" },
		{ "  a  ", "a" },
		{ "a--b__c", "a b c" },
		{ "a\xc2\xa0\xc2\xa0" "b", "a b" },	/* no-break spaces */
		{ "(a) [b] {c}", "a b c" },
		{ "a1 b2", "a1 b2" },
		{ "x & y", "x y" },
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_invalid_utf8(void **state)
{
	static const struct fold_case c[] = {
		{ "a\xff" "b", "ab" },
		{ "\xc3", "" },			/* truncated sequence */
		{ "x\xc3", "x" },
		{ "\xed\xa0\x80z", "z" },		/* surrogate */
		{ "\xc0\xafq", "q" },			/* overlong */
		{ "\x80\x80 M\xc3\xbc", "mu" },
	};

	(void)state;
	CHECK(fold_key, c);
}

static void
test_key_appends(void **state)
{
	sbuf b = SBUF_INIT;

	(void)state;
	sbuf_adds(&b, "x:");
	fold_key(&b, " A B ", 5);
	assert_string_equal(b.p, "x:a b");
	fold_key(&b, "", 0);
	assert_string_equal(b.p, "x:a b");
	sbuf_free(&b);
}

static void
test_key_empty_is_string(void **state)
{
	sbuf b = SBUF_INIT;

	(void)state;
	fold_key(&b, "", 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	sbuf_free(&b);
	fold_alnum(&b, "  ", 2);
	assert_string_equal(sbuf_str(&b), "");
	sbuf_free(&b);
	fold_lower(&b, "", 0);
	assert_string_equal(sbuf_str(&b), "");
	sbuf_free(&b);
}

static void
test_key_bounded_length(void **state)
{
	/* the input is not NUL-terminated where n says it ends */
	sbuf b = SBUF_INIT;

	(void)state;
	fold_key(&b, "Müller GmbH", 7);
	assert_string_equal(b.p, "muller");
	sbuf_free(&b);
}

static void
test_alnum(void **state)
{
	static const struct fold_case c[] = {
		{ "E-Mail Address", "emailaddress" },
		{ "e_mail", "email" },
		{ "Phone #", "phone" },
		{ "  Straße 1 ", "strasse1" },
		{ "Vor-/Nachname", "vornachname" },
		{ "Łódź", "lodz" },
		{ "", "" },
		{ " - ", "" },
		{ "Тел.", "тел" },
		{ "a\xff" "b", "ab" },
	};

	(void)state;
	CHECK(fold_alnum, c);
}

static void
test_lower(void **state)
{
	static const struct fold_case c[] = {
		{ "John.Doe", "john.doe" },
		{ "JÖRG+Tag", "jörg+tag" },
		{ "ÆØÅ", "æøå" },
		{ "STRAßE", "straße" },		/* no folding to ss */
		{ "Crème", "crème" },		/* marks kept */
		{ " A-B ", " a-b " },		/* punctuation, spaces kept */
		{ "ИВАН", "иван" },
		{ "\xc8\xba", "\xe2\xb1\xa5" },	/* U+023A -> U+2C65 grows */
		{ "a\xff" "B", "ab" },
		{ "", "" },
	};

	(void)state;
	CHECK(fold_lower, c);
}

static void
test_lower_growth(void **state)
{
	/* every character lower-cases to more bytes than it had */
	sbuf b = SBUF_INIT;
	char in[2 * 100 + 1];

	(void)state;
	for (int i = 0; i < 100; i++)
		memcpy(in + 2 * i, "\xc8\xba", 2);
	fold_lower(&b, in, 200);
	assert_int_equal(b.n, 300);
	for (int i = 0; i < 100; i++)
		assert_memory_equal(b.p + 3 * i, "\xe2\xb1\xa5", 3);
	sbuf_free(&b);
}

static void
test_three_mullers_agree(void **state)
{
	const char *forms[] = { "Müller", "MÜLLER", "Muller", "Mu\xcc\x88ller",
	    "MUELLER" };
	sbuf a = SBUF_INIT, b = SBUF_INIT;

	(void)state;
	fold_key(&a, forms[0], strlen(forms[0]));
	for (size_t i = 1; i < 4; i++) {
		sbuf_reset(&b);
		fold_key(&b, forms[i], strlen(forms[i]));
		assert_string_equal(a.p, b.p);
	}
	/* transliteration "ue" is a different key: folding does not guess */
	sbuf_reset(&b);
	fold_key(&b, forms[4], strlen(forms[4]));
	assert_string_not_equal(a.p, b.p);
	sbuf_free(&a);
	sbuf_free(&b);
}

/* ASCII runs are folded by a fast loop: runs between non-ASCII characters,
 * separators on either side of them, and a key appended to a buffer. */
static void
test_key_ascii_runs(void **state)
{
	static const struct fold_case c[] = {
		{ "ab\xc2\xa0" "cd", "ab cd" },
		{ "x\xef\xac\x83y-Z", "xffiy z" },	/* ligature ffi */
		{ "\xef\xb7\xba ab",
		    "\xd8\xb5\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd9\x84\xd9\x87 "
		    "\xd8\xb9\xd9\x84\xd9\x8a\xd9\x87 \xd9\x88\xd8\xb3\xd9\x84"
		    "\xd9\x85 ab" },			/* U+FDFA grows */
		{ "a\xe2\x80\x8b" "b", "ab" },		/* zero-width space */
		{ "--A1 b2__C3--", "a1 b2 c3" },
		{ "\xc5\x81-ab", "l ab" },
	};
	sbuf b = SBUF_INIT;

	(void)state;
	CHECK(fold_key, c);
	sbuf_adds(&b, "pre");
	fold_key(&b, " -A1 b2", 7);
	assert_string_equal(b.p, "prea1 b2");
	assert_int_equal(b.n, 8);
	sbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_examples),
		cmocka_unit_test(test_key_latin),
		cmocka_unit_test(test_key_compat),
		cmocka_unit_test(test_key_scripts),
		cmocka_unit_test(test_key_separators),
		cmocka_unit_test(test_key_invalid_utf8),
		cmocka_unit_test(test_key_appends),
		cmocka_unit_test(test_key_empty_is_string),
		cmocka_unit_test(test_key_bounded_length),
		cmocka_unit_test(test_alnum),
		cmocka_unit_test(test_lower),
		cmocka_unit_test(test_lower_growth),
		cmocka_unit_test(test_three_mullers_agree),
		cmocka_unit_test(test_key_ascii_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
