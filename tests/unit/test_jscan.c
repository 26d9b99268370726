/* test_jscan.c - unit tests for jscan.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "io/jscan.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))

/* collect: the members jscan_object reports, as "name=value;" text. */
static int
collect(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	sbuf *b = ctx;

	sbuf_add(b, name, nlen);
	sbuf_addc(b, '=');
	sbuf_add(b, val, vlen);
	sbuf_addc(b, ';');
	return 0;
}

static void
test_members(void **state)
{
	static const struct { const char *in, *members; } cases[] = {
		{ "{}", "" },
		{ " { } ", "" },
		{ "{\"a\":1}", "\"a\"=1;" },
		{ "{ \"a\" : \"x\" , \"b\":[1,{\"c\":null}],\"d\":true }",
		    "\"a\"=\"x\";\"b\"=[1,{\"c\":null}];\"d\"=true;" },
		{ "{\"n\":-0.5e+10,\"e\":\"\\u00e9\\n\"}",
		    "\"n\"=-0.5e+10;\"e\"=\"\\u00e9\\n\";" },
		{ "{\"\\ud83d\\ude00\":\"ok\"}", "\"\\ud83d\\ude00\"=\"ok\";" },
		{ "{\"long\":\"0123456789abcdefghijklmnopqrstuvwxyz\"}",
		    "\"long\"=\"0123456789abcdefghijklmnopqrstuvwxyz\";" },
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		sbuf b = SBUF_INIT;
		jscan_err err;
		int rc = jscan_object(cases[i].in, strlen(cases[i].in),
		    collect, &b, &err);
		assert_int_equal(rc, 0);
		assert_string_equal(sbuf_str(&b), cases[i].members);
		sbuf_free(&b);
	}
}

static void
test_invalid(void **state)
{
	static const struct { const char *in; size_t pos; const char *msg; }
	    cases[] = {
		{ "", 0, "expected a JSON object" },
		{ "[1]", 0, "expected a JSON object" },
		{ "{\"a\":1", 6, "expected ',' or '}'" },
		{ "{\"a\" 1}", 5, "expected ':'" },
		{ "{a:1}", 1, "expected a member name" },
		{ "{\"a\":01}", 6, "expected ',' or '}'" },
		{ "{\"a\":1.}", 7, "invalid number" },
		{ "{\"a\":-}", 6, "invalid number" },
		{ "{\"a\":1e}", 7, "invalid number" },
		{ "{\"a\":tru}", 5, "invalid literal" },
		{ "{\"a\":\"x}", 8, "unterminated string" },
		{ "{\"a\":\"\\x\"}", 6, "invalid escape in string" },
		{ "{\"a\":\"\\u12g4\"}", 6, "invalid \\u escape" },
		{ "{\"a\":\"\\u0000\"}", 6, "\\u0000 in string" },
		{ "{\"a\":\"\\ud800\"}", 6, "lone high surrogate in string" },
		{ "{\"a\":\"\\udc00\"}", 6, "lone low surrogate in string" },
		{ "{\"a\":\"\t\"}", 6, "control character in string" },
		{ "{\"a\":\"\xff\"}", 6, "invalid UTF-8 in string" },
		{ "{\"a\":\"\xc0\xaf\"}", 6, "invalid UTF-8 in string" },
		{ "{\"a\":\"\xed\xa0\x80\"}", 6, "invalid UTF-8 in string" },
		{ "{\"a\":1} x", 8, "text after the object" },
		{ "{\"a\":1,}", 7, "expected a member name" },
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		jscan_err err = { 0, NULL };
		int rc = jscan_object(cases[i].in, strlen(cases[i].in), NULL,
		    NULL, &err);
		assert_int_equal(rc, -1);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(err.pos, cases[i].pos);
	}
}

static void
test_nesting_limit(void **state)
{
	sbuf b = SBUF_INIT;
	jscan_err err;

	(void)state;
	sbuf_adds(&b, "{\"a\":");
	for (int i = 0; i < 300; i++)
		sbuf_addc(&b, '[');
	for (int i = 0; i < 300; i++)
		sbuf_addc(&b, ']');
	sbuf_addc(&b, '}');
	assert_int_equal(jscan_object(b.p, b.n, NULL, NULL, &err), -1);
	assert_string_equal(err.msg, "nested too deeply");
	sbuf_free(&b);
}

static void
test_unescape(void **state)
{
	static const struct { const char *lit, *text; } cases[] = {
		{ "\"\"", "" },
		{ "\"plain\"", "plain" },
		{ "\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d" },
		{ "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t" },
		{ "\"\\u00e9\\u20ac\"", "\xc3\xa9\xe2\x82\xac" },
		{ "\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!" },
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		sbuf b = SBUF_INIT;
		jscan_unescape(&b, cases[i].lit, strlen(cases[i].lit));
		assert_string_equal(sbuf_str(&b), cases[i].text);
		sbuf_free(&b);
	}
}

/* round_trip: escaping then scanning and unescaping gives s back. */
static void
round_trip(const char *s, size_t n)
{
	sbuf lit = SBUF_INIT, obj = SBUF_INIT, back = SBUF_INIT;
	jscan_err err;

	jscan_escape(&lit, s, n);
	sbuf_adds(&obj, "{\"k\":");
	sbuf_add(&obj, lit.p, lit.n);
	sbuf_addc(&obj, '}');
	assert_int_equal(jscan_object(obj.p, obj.n, NULL, NULL, &err), 0);
	jscan_unescape(&back, lit.p, lit.n);
	assert_int_equal(back.n, n);
	assert_memory_equal(back.p, s, n);
	sbuf_free(&lit);
	sbuf_free(&obj);
	sbuf_free(&back);
}

static void
test_escape(void **state)
{
	static const char *const texts[] = {
		"", "plain ascii text longer than one word",
		"quote \" backslash \\ slash /", "tab\tnewline\ncr\r",
		"\x01\x1f control", "UTF-8: M\xc3\xbcller \xe2\x82\xac \xf0\x9f\x98\x80",
		"\"\"\"\"\"\"\"\"\"", "ends with a quote\"",
	};
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(texts); i++)
		round_trip(texts[i], strlen(texts[i]));
	jscan_escape(&b, "a\"b\n\x01", 5);
	assert_string_equal(b.p, "\"a\\\"b\\n\\u0001\"");
	sbuf_free(&b);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_int_equal(jscan_utf8_valid("", 0), 0);
	assert_int_equal(jscan_utf8_valid("plain ascii, long enough", 24), 24);
	assert_int_equal(jscan_utf8_valid("M\xc3\xbcller", 7), 7);
	assert_int_equal(jscan_utf8_valid("ab\xff", 3), 2);
	assert_int_equal(jscan_utf8_valid("abcdefgh\xc3", 9), 8);
	assert_int_equal(jscan_utf8_valid("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(jscan_utf8_valid("\xe0\x80\xaf", 3), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_utf8_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
