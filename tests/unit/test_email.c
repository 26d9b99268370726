/* test_email.c - unit tests for email.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "value/email.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

typedef int (*norm_fn)(sbuf *, const char *, size_t);

struct str_case {
	const char *in;
	const char *want;
};

static void
check_ok(norm_fn fn, const struct str_case *c, size_t nc)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < nc; i++) {
		int rc;

		sbuf_reset(&b);
		rc = fn(&b, c[i].in, strlen(c[i].in));
		if (rc != 0)
			fail_msg("\"%s\": rejected", c[i].in);
		if (strcmp(sbuf_str(&b), c[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c[i].in,
			    sbuf_str(&b), c[i].want);
	}
	sbuf_free(&b);
}

/* check_bad: every input is rejected, and out keeps what it had. */
static void
check_bad(norm_fn fn, const char *const *c, size_t nc)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < nc; i++) {
		sbuf_reset(&b);
		sbuf_adds(&b, "keep");
		if (fn(&b, c[i], strlen(c[i])) != -1)
			fail_msg("\"%s\": accepted as \"%s\"", c[i], b.p);
		if (b.n != 4 || strcmp(b.p, "keep") != 0)
			fail_msg("\"%s\": out changed to \"%s\"", c[i], b.p);
	}
	sbuf_free(&b);
}

static void
test_norm_valid(void **state)
{
	static const struct str_case c[] = {
		{ "john.doe@example.com", "john.doe@example.com" },
		{ "  John.Doe@Example.COM \t", "john.doe@example.com" },
		{ "user+tag@x.org", "user+tag@x.org" },
		{ "o'brien@x.ie", "o'brien@x.ie" },
		{ "a!#$%&'*+/=?^_`{|}~-z@x.com", "a!#$%&'*+/=?^_`{|}~-z@x.com" },
		{ "a@sub.domain.co.uk", "a@sub.domain.co.uk" },
		{ "a@1.2.3.com", "a@1.2.3.com" },
		{ "a@b-c.de", "a@b-c.de" },
		{ "x@y.z1", "x@y.z1" },
		/* the last label only has to be not all digits */
		{ "a@b.c0m", "a@b.c0m" },
	};

	(void)state;
	check_ok(email_norm, c, NELEMS(c));
}

static void
test_norm_wrapped(void **state)
{
	static const struct str_case c[] = {
		{ "Name <A@B.COM>", "a@b.com" },
		{ "\"Doe, John\" <jd@x.de>", "jd@x.de" },
		{ "<jd@x.de>", "jd@x.de" },
		{ "Jo < jd@x.de > ", "jd@x.de" },
		{ "mailto:x@y.de", "x@y.de" },
		{ "MAILTO:X@Y.DE?subject=Hi", "x@y.de" },
		{ "<mailto:x@y.de>", "x@y.de" },
	};

	(void)state;
	check_ok(email_norm, c, NELEMS(c));
}

static void
test_norm_idn(void **state)
{
	static const struct str_case c[] = {
		{ "jörg@bücher.de", "jörg@xn--bcher-kva.de" },
		{ "JÖRG@BÜCHER.DE", "jörg@xn--bcher-kva.de" },
		{ "a@xn--bcher-kva.de", "a@xn--bcher-kva.de" },
		{ "a@XN--BCHER-KVA.DE", "a@xn--bcher-kva.de" },
		{ "a@straße.de", "a@xn--strae-oqa.de" },	/* IDNA2008 */
		{ "иван@пример.рф", "иван@xn--e1afmkfd.xn--p1ai" },
		{ "ΑΘΗΝΑ@ΑΘΗΝΑ.GR", "αθηνα@xn--mxaard0a.gr" },
	};

	(void)state;
	check_ok(email_norm, c, NELEMS(c));
}

static void
test_norm_trailing_dot(void **state)
{
	static const struct str_case c[] = {
		{ "a@b.com.", "a@b.com" },
		{ "a@münchen.de.", "a@xn--mnchen-3ya.de" },
	};
	static const char *const bad[] = { "a@b.com..", "a@.", "a@b.com. ." };

	(void)state;
	check_ok(email_norm, c, NELEMS(c));
	check_bad(email_norm, bad, NELEMS(bad));
}

static void
test_norm_invalid(void **state)
{
	static const char *const c[] = {
		"", "   ", "plain", "a@b", "a@@b.com", "a@b@c.com", "@b.com",
		"a@", ".a@b.com", "a.@b.com", "a..b@c.com", "a@-b.com",
		"a@b-.com", "a@b..com", "a@.b.com", "a b@c.com", "a@b c.com",
		"a(b)@c.com", "a,b@c.com", "\"a\"@b.com", "a@[1.2.3.4]",
		"a@1.2.3.4", "a@b.123", "Name <a@b.com", "a@ex_ample.com",
		"a@☃.com", "a@xn--zz.de", "a\xff@b.com", "a@b\xff.com",
		"a@b.com\xc3", "a\x01@b.com", "mailto:", "<>",
		"a\xe2\x80\x8b@b.com",	/* zero-width space is not a letter */
	};

	(void)state;
	check_bad(email_norm, c, NELEMS(c));
}

static void
test_norm_local_length(void **state)
{
	char a[64 + 1 + 5 + 1];
	sbuf b = SBUF_INIT;

	(void)state;
	memset(a, 'x', 64);
	memcpy(a + 64, "@b.de", 6);
	assert_int_equal(email_norm(&b, a, strlen(a)), 0);
	assert_string_equal(b.p, a);
	sbuf_reset(&b);
	memset(a, 'x', 65);
	memcpy(a + 65, "@b.de", 5);
	assert_int_equal(email_norm(&b, a, 70), -1);
	assert_int_equal(b.n, 0);
	sbuf_free(&b);
}

static void
test_norm_domain_length(void **state)
{
	/* labels of 63 bytes are fine, 64 are not; 253 bytes in all */
	char d[300];
	sbuf b = SBUF_INIT;

	(void)state;
	memcpy(d, "a@", 2);
	memset(d + 2, 'x', 63);
	memcpy(d + 65, ".de", 4);
	assert_int_equal(email_norm(&b, d, strlen(d)), 0);
	memset(d + 2, 'x', 64);
	memcpy(d + 66, ".de", 4);
	assert_int_equal(email_norm(&b, d, strlen(d)), -1);
	/* 4 labels of 61 + ".de" = 4*62 + 2 = 250 bytes: valid */
	for (int i = 0; i < 4; i++) {
		memset(d + 2 + i * 62, 'y', 61);
		d[2 + i * 62 + 61] = '.';
	}
	memcpy(d + 2 + 4 * 62, "de", 3);
	assert_int_equal(email_norm(&b, d, strlen(d)), 0);
	/* 254 bytes: too long */
	memcpy(d + 2 + 4 * 62, "dexyzw", 7);
	assert_int_equal(email_norm(&b, d, strlen(d)), -1);
	sbuf_free(&b);
}

static void
test_norm_appends(void **state)
{
	sbuf b = SBUF_INIT;

	(void)state;
	sbuf_adds(&b, "x;");
	assert_int_equal(email_norm(&b, "A@B.DE", 6), 0);
	assert_string_equal(b.p, "x;a@b.de");
	sbuf_free(&b);
}

static void
test_norm_bounded_input(void **state)
{
	/* n ends the value, not a NUL */
	sbuf b = SBUF_INIT;

	(void)state;
	assert_int_equal(email_norm(&b, "a@b.de, c@d.de", 6), 0);
	assert_string_equal(b.p, "a@b.de");
	sbuf_free(&b);
}

static void
test_domain(void **state)
{
	(void)state;
	assert_string_equal(email_domain("a@b.com"), "b.com");
	assert_string_equal(email_domain("a@"), "");
	assert_null(email_domain("nobody"));
	assert_null(email_domain(""));
}

static void
test_match_key(void **state)
{
	static const struct str_case c[] = {
		{ "j.o.h.n+news@gmail.com", "john@gmail.com" },
		{ "john@googlemail.com", "john@gmail.com" },
		{ "jo.hn@googlemail.com", "john@gmail.com" },
		{ "j.doe+x@example.com", "j.doe@example.com" },
		{ "a+b+c@x.de", "a@x.de" },
		{ "+tag@example.com", "+tag@example.com" },
		{ "a.b@gmail.com.au", "a.b@gmail.com.au" },
		{ "a.b@mail.gmail.com", "a.b@mail.gmail.com" },
		{ "jörg@xn--bcher-kva.de", "jörg@xn--bcher-kva.de" },
		{ "plain", "plain" },
	};
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		sbuf_reset(&b);
		email_match_key(&b, c[i].in);
		if (strcmp(b.p, c[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c[i].in,
			    b.p, c[i].want);
	}
	sbuf_free(&b);
}

static void
test_match_key_agrees(void **state)
{
	static const char *const same[] = {
		"John.Doe@gmail.com", "johndoe+leads@gmail.com",
		"JOHN.DOE+x@GoogleMail.com", "Name <j.o.h.n.d.o.e@gmail.com>",
	};
	sbuf norm = SBUF_INIT, key = SBUF_INIT, first = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(same); i++) {
		sbuf_reset(&norm);
		sbuf_reset(&key);
		assert_int_equal(email_norm(&norm, same[i], strlen(same[i])),
		    0);
		email_match_key(&key, norm.p);
		if (i == 0)
			sbuf_adds(&first, key.p);
		assert_string_equal(key.p, first.p);
	}
	sbuf_free(&norm);
	sbuf_free(&key);
	sbuf_free(&first);
}

static void
test_url(void **state)
{
	static const struct str_case c[] = {
		{ "https://www.Example.co.uk/about?x", "example.co.uk" },
		{ "WWW.acme.de", "acme.de" },
		{ "http://user@shop.example:8080/", "shop.example" },
		{ "http://user:pw@acme.de", "acme.de" },
		{ "www2.acme.de", "acme.de" },
		{ "www3.acme.de", "acme.de" },
		{ "www4.acme.de", "www4.acme.de" },
		{ "www.com", "www.com" },
		{ "acme.de/contact", "acme.de" },
		{ "acme.de?x=1", "acme.de" },
		{ "http://acme.de#top", "acme.de" },
		{ "//cdn.acme.de/x.js", "cdn.acme.de" },
		{ "HTTPS://ACME.DE", "acme.de" },
		{ "ftp://files.acme.de", "files.acme.de" },
		{ "  acme.de  ", "acme.de" },
		{ "acme.de.", "acme.de" },
		{ "https://bücher.de/", "xn--bcher-kva.de" },
		{ "https://www.bücher.de", "xn--bcher-kva.de" },
		{ "acme.de:443", "acme.de" },
	};

	(void)state;
	check_ok(domain_from_url, c, NELEMS(c));
}

static void
test_url_invalid(void **state)
{
	static const char *const c[] = {
		"", "  ", "localhost", "http://localhost:3000/",
		"http://192.168.0.1/", "http://[::1]/", "not a url",
		"http://acme.de:80x/", "https://", "https:///path",
		"http://-acme.de", "http://acme..de", "a_b.de", "☃.com",
	};

	(void)state;
	check_bad(domain_from_url, c, NELEMS(c));
}

static void
test_to_ascii(void **state)
{
	static const struct str_case c[] = {
		{ "Bücher.de", "xn--bcher-kva.de" },
		{ "ACME.DE", "acme.de" },
		{ " acme.de ", "acme.de" },
		{ "de", "de" },
		{ "com.", "com" },
		{ "пример.рф", "xn--e1afmkfd.xn--p1ai" },
		{ "xn--bcher-kva.de", "xn--bcher-kva.de" },
	};
	static const char *const bad[] = {
		"", " ", ".", "a..b", "-a.de", "a-.de", "a_b.de", "☃.com",
		"a b.de", "123", "\xff.de", "xn--zz",
	};

	(void)state;
	check_ok(domain_to_ascii, c, NELEMS(c));
	check_bad(domain_to_ascii, bad, NELEMS(bad));
}

/* Plain ASCII hosts are lower-cased and checked in one pass; an A-label
 * (any case) or a non-ASCII byte, even after a bad character, still goes
 * to libidn2. */
static void
test_ascii_hosts(void **state)
{
	static const struct str_case ok[] = {
		{ "a@sub.EXAMPLE.com", "a@sub.example.com" },
		{ "a@XN--bcher-kva.de", "a@xn--bcher-kva.de" },
		{ "a@b\xc3\xbc" "cher.de", "a@xn--bcher-kva.de" },
		{ "a@b.c0m", "a@b.c0m" },
	};
	static const struct str_case url[] = {
		{ "HTTP://WWW.Example.CO.uk/x", "example.co.uk" },
		{ "shop.example:8080", "shop.example" },
		{ "ftp+x://h.example", "h.example" },
	};
	static const char *const bad[] = {
		"a@-b.com", "a@b..com", "a@1.23", "a@b_c.d\xc3\xbc",
		"a@.b.com", "a@b.com-",
	};

	(void)state;
	check_ok(email_norm, ok, NELEMS(ok));
	check_ok(domain_from_url, url, NELEMS(url));
	check_bad(email_norm, bad, NELEMS(bad));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norm_valid),
		cmocka_unit_test(test_norm_wrapped),
		cmocka_unit_test(test_norm_idn),
		cmocka_unit_test(test_norm_trailing_dot),
		cmocka_unit_test(test_norm_invalid),
		cmocka_unit_test(test_norm_local_length),
		cmocka_unit_test(test_norm_domain_length),
		cmocka_unit_test(test_norm_appends),
		cmocka_unit_test(test_norm_bounded_input),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_match_key),
		cmocka_unit_test(test_match_key_agrees),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_url_invalid),
		cmocka_unit_test(test_to_ascii),
		cmocka_unit_test(test_ascii_hosts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
