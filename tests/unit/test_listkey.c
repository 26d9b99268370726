/* test_listkey.c - unit tests for listkey.c
 *
 * Digests are checked against constants (from sha256sum and md5sum), so
 * that a key is known to be the first 8 bytes of the real digest,
 * big-endian, not only to agree with listkey_sha256.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "value/email.h"
#include "scrub/listkey.h"
#include "base/sbuf.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

#define WHY_PHONE "not a phone number (10 digits, AAA,NNNNNNN or +E.164)"
#define WHY_EMAIL "not an e-mail address"
#define WHY_DOMAIN "not a domain"
#define WHY_SHA256 "not a SHA-256 digest (64 hex digits)"
#define WHY_MD5 "not an MD5 digest (32 hex digits)"

/* sha256sum and md5sum of some strings */
#define SHA_ANN "71d4f55f72fa128dfb468a1a3901507c" \
	"804b74316488744d769d7f4b16696476"	/* ann@example.com */
#define MD5_ANN "257c57037d384ae37ea27a07e8a01665"
#define SHA_PHONE "e80ac8e3eca883c7344a609f3532e3f7" \
	"0365f5c1facd204f88f5d2c7caebac38"	/* +14155550134 */
#define MD5_PHONE "e62c9c6446c3cf4e4cef69c8907bd168"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb924" \
	"27ae41e4649b934ca495991b7852b855"
#define MD5_EMPTY "d41d8cd98f00b204e9800998ecf8427e"
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223" \
	"b00361a396177a9cb410ff61f20015ad"
#define MD5_ABC "900150983cd24fb0d6963f7d28e17f72"
#define SHA_BUCHER "dfb7cbaef73d9812c9dbc0ac8e31ec5c" \
	"7fb2cde25504c29588ea2327712b2db5"	/* xn--bcher-kva.de */
#define SHA_ANNLEE_TAG "eed34b2afb69f46f380ddc0b104e8d7f" \
	"3cc7c01d86cd177166b8541d9ab0cbc8"	/* ann.lee+x@example.com */
#define SHA_ANNLEE "b7e0d8372a47f54bbefeb251ab9ac1e9" \
	"e6b2d1983263de10196101be3961ed23"	/* ann.lee@example.com */

/* hex16: the key of a hex digest: its first 16 digits as a number. */
static uint64_t
hex16(const char *hex)
{
	uint64_t v = 0;

	for (int i = 0; i < 16; i++) {
		char c = hex[i];
		v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' +
		    10);
	}
	return v;
}

static uint64_t
sha(const char *s)
{
	return listkey_sha256(s, strlen(s));
}

/* entry: listkey_entry of s, as a C string; keys[1] is 0 when there is one
 * key, *why NULL unless rejected. */
static int
entry(listkey_kind k, const char *s, uint64_t keys[2], const char **why,
    sbuf *tmp)
{
	keys[0] = keys[1] = 0;
	*why = NULL;
	return listkey_entry(k, s, strlen(s), keys, why, tmp);
}

/* check_keys: s, in a list of kind k, gives the keys want[0..nwant). */
static void
check_keys(listkey_kind k, const char *s, const uint64_t *want, int nwant,
    sbuf *tmp)
{
	uint64_t keys[2];
	const char *why;
	int n = entry(k, s, keys, &why, tmp);

	if (n != nwant)
		fail_msg("%s \"%s\": %d keys (%s), want %d",
		    listkey_kind_name(k), s, n, why ? why : "", nwant);
	for (int i = 0; i < n; i++)
		if (keys[i] != want[i])
			fail_msg("%s \"%s\": key %d is %#llx (%llu), "
			    "want %#llx (%llu)", listkey_kind_name(k), s, i,
			    (unsigned long long)keys[i],
			    (unsigned long long)keys[i],
			    (unsigned long long)want[i],
			    (unsigned long long)want[i]);
}

static void
check_key1(listkey_kind k, const char *s, uint64_t want, sbuf *tmp)
{
	check_keys(k, s, &want, 1, tmp);
}

/* check_bad: s is not an entry of kind k, for the reason want. */
static void
check_bad(listkey_kind k, const char *s, const char *want, sbuf *tmp)
{
	uint64_t keys[2];
	const char *why;
	int n = entry(k, s, keys, &why, tmp);

	if (n != 0)
		fail_msg("%s \"%s\": accepted (%d keys, %#llx)",
		    listkey_kind_name(k), s, n, (unsigned long long)keys[0]);
	if (why == NULL || strcmp(why, want) != 0)
		fail_msg("%s \"%s\": why \"%s\", want \"%s\"",
		    listkey_kind_name(k), s, why ? why : "(null)", want);
}

static void
test_kind_names(void **state)
{
	static const char *const names[LISTKEY_NKINDS] = { "phone", "email",
	    "domain", "id", "sha256", "md5" };

	(void)state;
	for (int k = 0; k < LISTKEY_NKINDS; k++) {
		assert_string_equal(listkey_kind_name((listkey_kind)k),
		    names[k]);
		assert_int_equal(listkey_kind_parse(names[k]), k);
	}
	assert_int_equal(listkey_kind_parse(""), -1);
	assert_int_equal(listkey_kind_parse("fax"), -1);
	assert_int_equal(listkey_kind_parse("phones"), -1);
	assert_int_equal(listkey_kind_parse("sha"), -1);
	assert_int_equal(listkey_kind_parse("sha-256"), -1);
	assert_int_equal(listkey_kind_parse("phone "), -1);
}

struct detect_case {
	const char *s;
	listkey_kind want;
};

static void
test_detect(void **state)
{
	static const struct detect_case c[] = {
		/* phones: the four shapes */
		{ "4155550134", LISTKEY_PHONE },
		{ "0000000000", LISTKEY_PHONE },
		{ "415,5550134", LISTKEY_PHONE },
		{ "14155550134", LISTKEY_PHONE },
		{ "+14155550134", LISTKEY_PHONE },
		{ "+1 415 555 0134", LISTKEY_PHONE },
		{ "+44 20 7946 0958", LISTKEY_PHONE },
		{ "+1 (415) 555-0134", LISTKEY_PHONE },
		{ "+1.415.555.0134", LISTKEY_PHONE },
		{ "+49/30/1234567", LISTKEY_PHONE },
		{ "+1234567", LISTKEY_PHONE },		/* 7 digits */
		{ "+123456789012345", LISTKEY_PHONE },	/* 15 digits */
		/* near misses: ids, or domains when they have a dot */
		{ "415555013", LISTKEY_ID },		/* 9 digits */
		{ "41555501345", LISTKEY_ID },		/* 11, not 1... */
		{ "24155550134", LISTKEY_ID },
		{ "114155550134", LISTKEY_ID },		/* 12 digits */
		{ "415,555013", LISTKEY_ID },
		{ "4155,550134", LISTKEY_ID },
		{ "415,55501345", LISTKEY_ID },
		/* national numbers: separators, or a leading 0 */
		{ "415-555-0134", LISTKEY_PHONE },
		{ "415 555 0134", LISTKEY_PHONE },
		{ "030 1234567", LISTKEY_PHONE },
		{ "0301234567", LISTKEY_PHONE },
		{ "(0)30/123 45", LISTKEY_PHONE },
		{ "03012", LISTKEY_ID },		/* 5 digits */
		{ "(415) 555-0134", LISTKEY_PHONE },
		{ "415.555.0134", LISTKEY_PHONE },
		{ "+123456", LISTKEY_ID },		/* 6 digits */
		{ "+1234567890123456", LISTKEY_ID },	/* 16 digits */
		{ "+0441234567", LISTKEY_ID },		/* no code starts 0 */
		{ "+", LISTKEY_ID },
		{ "++14155550134", LISTKEY_ID },
		{ "+1 415 555 0134 x2", LISTKEY_ID },
		{ "+1_415_555_0134", LISTKEY_ID },
		{ "+1.415.555.013x", LISTKEY_DOMAIN },
		{ "4155550134 ", LISTKEY_PHONE },	/* a space is a separator */
		/* digests */
		{ SHA_ANN, LISTKEY_SHA256 },
		{ "71D4F55F72FA128DFB468A1A3901507C804B74316488744D769D7F4B16696476",
		    LISTKEY_SHA256 },
		{ "0000000000000000000000000000000000000000000000000000000000000000",
		    LISTKEY_SHA256 },
		{ MD5_ANN, LISTKEY_MD5 },
		{ "257C57037D384AE37EA27A07E8A01665", LISTKEY_MD5 },
		{ "25757037d384ae37ea27a07e8a01665", LISTKEY_ID },	/* 31 */
		{ "257c57037d384ae37ea27a07e8a016650", LISTKEY_ID },	/* 33 */
		{ "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b1669647",
		    LISTKEY_ID },					/* 63 */
		{ "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b166964760",
		    LISTKEY_ID },					/* 65 */
		{ "g1d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476",
		    LISTKEY_ID },
		{ "257c57037d384ae37ea27a07e8a0166z", LISTKEY_ID },
		/* e-mail: an '@' */
		{ "ann@example.com", LISTKEY_EMAIL },
		{ "Ann.Lee+x@Example.com", LISTKEY_EMAIL },
		{ "a@b", LISTKEY_EMAIL },
		{ "@", LISTKEY_EMAIL },
		{ "not an address @ all", LISTKEY_EMAIL },
		/* domains: a dot, no space */
		{ "example.com", LISTKEY_DOMAIN },
		{ "Example.COM", LISTKEY_DOMAIN },
		{ "bücher.de", LISTKEY_DOMAIN },
		{ "x.sales.competitor.com", LISTKEY_DOMAIN },
		{ ".", LISTKEY_DOMAIN },
		{ "Acme Inc.", LISTKEY_ID },
		/* ids: the rest */
		{ "L-00017", LISTKEY_ID },
		{ "abc", LISTKEY_ID },
		{ "hello world", LISTKEY_ID },
		{ "", LISTKEY_ID },
	};

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		listkey_kind got = listkey_detect(c[i].s, strlen(c[i].s));
		if (got != c[i].want)
			fail_msg("\"%s\": %s, want %s", c[i].s,
			    listkey_kind_name(got),
			    listkey_kind_name(c[i].want));
	}
	/* bounded by n, not by the NUL */
	assert_int_equal(listkey_detect("4155550134999", 10), LISTKEY_PHONE);
	assert_int_equal(listkey_detect("ann@example.com", 3), LISTKEY_ID);
	assert_int_equal(listkey_detect("example.com", 7), LISTKEY_ID);
	assert_int_equal(listkey_detect(SHA_ANN "ff", 64), LISTKEY_SHA256);
	assert_int_equal(listkey_detect(SHA_ANN, 32), LISTKEY_MD5);
}

static void
test_phone_entries(void **state)
{
	static const struct { const char *s; uint64_t want; } c[] = {
		{ "4155550134", 14155550134ULL },
		{ "415,5550134", 14155550134ULL },
		{ "14155550134", 14155550134ULL },
		{ "+1 415 555 0134", 14155550134ULL },
		{ "+14155550134", 14155550134ULL },
		{ "+1 (415) 555-0134", 14155550134ULL },
		{ "+1.415.555.0134", 14155550134ULL },
		{ "+44 20 7946 0958", 442079460958ULL },
		{ "+442079460958", 442079460958ULL },
		{ "+49/30/1234567", 49301234567ULL },
		{ "2000000000", 12000000000ULL },	/* 10 digits: +1 */
		{ "200,0000000", 12000000000ULL },
		{ "415-555-0134", 14155550134ULL },	/* the US shape */
		{ "415 555 0134", 14155550134ULL },
		{ "(415) 555-0134", 14155550134ULL },
		{ "415.555.0134", 14155550134ULL },
		{ "1 415 555 0134", 14155550134ULL },
		{ "9999999999", 19999999999ULL },
		{ "999,9999999", 19999999999ULL },
		{ "19999999999", 19999999999ULL },
		{ "+1234567", 1234567ULL },
		{ "+999999999999999", 999999999999999ULL },
	};
	/* no US shape, no '+': a national number of an unknown country */
	static const char *const national[] = {
		"415555013", "41555501345", "24155550134", "114155550134",
		"0000000000", "1000000000", "030 1234567", "0301234567",
		"1 015 555 0134",
	};
	static const char *const bad[] = {
		"", "000,0000000", "100,5550134",
		"415,555013", "4155,550134", "415,55501345",
		"41a5550134", " 4155550134", "4155550134,A",
		"+0123456789", "+123456", "+1234567890123456", "+", "+ ",
		"++14155550134", "+1 415 555 0134 x2", "+1_415_555_0134",
		"14155550134+", "ann@example.com", SHA_ANN,
	};
	sbuf tmp = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++)
		check_key1(LISTKEY_PHONE, c[i].s, c[i].want, &tmp);
	for (size_t i = 0; i < NELEMS(bad); i++)
		check_bad(LISTKEY_PHONE, bad[i], WHY_PHONE, &tmp);
	for (size_t i = 0; i < NELEMS(national); i++)
		check_bad(LISTKEY_PHONE, national[i], listkey_why_national,
		    &tmp);
	sbuf_free(&tmp);
}

static void
test_listkey_phone(void **state)
{
	(void)state;
	assert_int_equal(listkey_phone("+14155550134", 12), 14155550134ULL);
	assert_int_equal(listkey_phone("+44 20 7946 0958", 16),
	    442079460958ULL);
	/* the lead side gives "+E.164"; without the '+', nothing */
	assert_int_equal(listkey_phone("14155550134", 11), 0);
	assert_int_equal(listkey_phone("4155550134", 10), 0);
	assert_int_equal(listkey_phone("", 0), 0);
	assert_int_equal(listkey_phone("+", 1), 0);
	assert_int_equal(listkey_phone("+0123456789", 11), 0);
	assert_int_equal(listkey_phone("+123456", 7), 0);
	assert_int_equal(listkey_phone("+1234567890123456", 17), 0);
	/* bounded by n */
	assert_int_equal(listkey_phone("+14155550134", 8), 1415555);
	assert_int_equal(listkey_phone("+14155550134x", 12), 14155550134ULL);
	/* a phone entry's key and the lead side's agree */
	uint64_t keys[2];
	const char *why;
	sbuf tmp = SBUF_INIT;
	assert_int_equal(entry(LISTKEY_PHONE, "4155550134", keys, &why, &tmp),
	    1);
	assert_int_equal(keys[0], listkey_phone("+14155550134", 12));
	sbuf_free(&tmp);
}

static void
test_digests(void **state)
{
	(void)state;
	/* the first 8 bytes of the digest, big-endian */
	assert_int_equal(listkey_sha256("", 0), 0xe3b0c44298fc1c14ULL);
	assert_int_equal(listkey_md5("", 0), 0xd41d8cd98f00b204ULL);
	assert_int_equal(listkey_sha256("abc", 3), 0xba7816bf8f01cfeaULL);
	assert_int_equal(listkey_md5("abc", 3), 0x900150983cd24fb0ULL);
	assert_int_equal(listkey_sha256("ann@example.com", 15),
	    0x71d4f55f72fa128dULL);
	assert_int_equal(listkey_md5("ann@example.com", 15),
	    0x257c57037d384ae3ULL);
	assert_int_equal(hex16(SHA_EMPTY), listkey_sha256("", 0));
	assert_int_equal(hex16(MD5_EMPTY), listkey_md5("", 0));
	assert_int_equal(hex16(SHA_ABC), listkey_sha256("abc", 3));
	assert_int_equal(hex16(MD5_ABC), listkey_md5("abc", 3));
	assert_int_equal(hex16(SHA_PHONE), listkey_sha256("+14155550134", 12));
	assert_int_equal(hex16(MD5_PHONE), listkey_md5("+14155550134", 12));
	/* bounded by n */
	assert_int_equal(listkey_sha256("abcdef", 3), 0xba7816bf8f01cfeaULL);
}

static void
test_digest_entries(void **state)
{
	sbuf tmp = SBUF_INIT;

	(void)state;
	/* sha256 lists: the key of the digest of ann@example.com, as a plain
	 * e-mail list's key for ann@example.com is */
	check_key1(LISTKEY_SHA256, SHA_ANN, sha("ann@example.com"), &tmp);
	check_key1(LISTKEY_SHA256, SHA_ANN, hex16(SHA_ANN), &tmp);
	check_key1(LISTKEY_SHA256,
	    "71D4F55F72FA128DFB468A1A3901507C804B74316488744D769D7F4B16696476",
	    sha("ann@example.com"), &tmp);
	check_key1(LISTKEY_SHA256,
	    "71d4F55f72Fa128dFB468A1A3901507C804B74316488744D769D7F4B16696476",
	    0x71d4f55f72fa128dULL, &tmp);
	check_key1(LISTKEY_SHA256, SHA_PHONE, sha("+14155550134"), &tmp);
	check_key1(LISTKEY_SHA256, SHA_EMPTY, 0xe3b0c44298fc1c14ULL, &tmp);
	/* only the first 8 bytes count */
	check_key1(LISTKEY_SHA256,
	    "71d4f55f72fa128d0000000000000000000000000000000000000000000000ff",
	    sha("ann@example.com"), &tmp);
	check_key1(LISTKEY_SHA256,
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    0, &tmp);
	check_key1(LISTKEY_SHA256,
	    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
	    UINT64_MAX, &tmp);
	/* md5 lists */
	check_key1(LISTKEY_MD5, MD5_ANN, listkey_md5("ann@example.com", 15),
	    &tmp);
	check_key1(LISTKEY_MD5, "257C57037D384AE37EA27A07E8A01665",
	    0x257c57037d384ae3ULL, &tmp);
	check_key1(LISTKEY_MD5, MD5_PHONE, listkey_md5("+14155550134", 12),
	    &tmp);
	check_key1(LISTKEY_MD5, MD5_EMPTY, 0xd41d8cd98f00b204ULL, &tmp);
	/* an e-mail entry and its hash give one key */
	uint64_t keys[2];
	const char *why;
	assert_int_equal(entry(LISTKEY_EMAIL, "Ann@Example.COM", keys, &why,
	    &tmp), 1);
	check_key1(LISTKEY_SHA256, SHA_ANN, keys[0], &tmp);
	/* not digests */
	static const char *const bad256[] = {
		"", MD5_ANN,
		"71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b1669647",
		"71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b166964760",
		"g1d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476",
		"71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b1669647 ",
		" 71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b1669647",
		"0x71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b166964",
		"ann@example.com",
	};
	static const char *const bad5[] = {
		"", SHA_ANN, "257c57037d384ae37ea27a07e8a0166",
		"257c57037d384ae37ea27a07e8a016650",
		"257c57037d384ae37ea27a07e8a0166g",
		"257c57037d384ae37ea27a07e8a0166-",
	};
	for (size_t i = 0; i < NELEMS(bad256); i++)
		check_bad(LISTKEY_SHA256, bad256[i], WHY_SHA256, &tmp);
	for (size_t i = 0; i < NELEMS(bad5); i++)
		check_bad(LISTKEY_MD5, bad5[i], WHY_MD5, &tmp);
	sbuf_free(&tmp);
}

static void
test_email_entries(void **state)
{
	sbuf tmp = SBUF_INIT;
	uint64_t two[2];

	(void)state;
	/* one key when the match key is the normal form */
	check_key1(LISTKEY_EMAIL, "ann@example.com", hex16(SHA_ANN), &tmp);
	check_key1(LISTKEY_EMAIL, "ann@example.com", sha("ann@example.com"),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "Ann@Example.COM", sha("ann@example.com"),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "ANN@EXAMPLE.COM.", sha("ann@example.com"),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "<ann@example.com>", sha("ann@example.com"),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "mailto:ann@example.com",
	    sha("ann@example.com"), &tmp);
	check_key1(LISTKEY_EMAIL, "ann.lee@example.com", hex16(SHA_ANNLEE),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "ann@gmail.com", sha("ann@gmail.com"), &tmp);
	/* the normal form, then the match key: +tag dropped */
	two[0] = hex16(SHA_ANNLEE_TAG);
	two[1] = hex16(SHA_ANNLEE);
	check_keys(LISTKEY_EMAIL, "Ann.Lee+x@Example.com", two, 2, &tmp);
	check_keys(LISTKEY_EMAIL, "ann.lee+x@example.com", two, 2, &tmp);
	/* gmail: dots dropped too, googlemail is gmail */
	two[0] = sha("a.nn@gmail.com");
	two[1] = sha("ann@gmail.com");
	check_keys(LISTKEY_EMAIL, "A.nn@Gmail.com", two, 2, &tmp);
	two[0] = sha("a.n.n+news@gmail.com");
	check_keys(LISTKEY_EMAIL, "A.N.N+news@gmail.com", two, 2, &tmp);
	two[0] = sha("ann@googlemail.com");
	check_keys(LISTKEY_EMAIL, "ann@googlemail.com", two, 2, &tmp);
	/* dots elsewhere stay */
	check_key1(LISTKEY_EMAIL, "a.nn@example.com", sha("a.nn@example.com"),
	    &tmp);
	/* an IDN domain: its ASCII form */
	check_key1(LISTKEY_EMAIL, "ann@bücher.de", sha("ann@xn--bcher-kva.de"),
	    &tmp);
	check_key1(LISTKEY_EMAIL, "ann@xn--bcher-kva.de",
	    sha("ann@xn--bcher-kva.de"), &tmp);
	/* the caller's tmp keeps nothing of an entry before */
	sbuf_reset(&tmp);
	sbuf_adds(&tmp, "left over from before");
	check_key1(LISTKEY_EMAIL, "ann@example.com", sha("ann@example.com"),
	    &tmp);
	/* not addresses */
	static const char *const bad[] = {
		"", "ann", "ann@", "@example.com", "ann@localhost",
		"a@@example.com", "ann@exa mple.com", "ann..lee@example.com",
		".ann@example.com", "ann.@example.com", "ann@example.123",
		"ann@-example.com", "\"ann\"@example.com", "ann@[1.2.3.4]",
		"ann lee@example.com",
	};
	for (size_t i = 0; i < NELEMS(bad); i++)
		check_bad(LISTKEY_EMAIL, bad[i], WHY_EMAIL, &tmp);
	sbuf_free(&tmp);
}

/* want_email: the keys an e-mail entry should have, computed apart:
 * SHA-256 of email_norm, and of email_match_key when that differs. */
static int
want_email(const char *s, uint64_t want[2])
{
	sbuf norm = SBUF_INIT, match = SBUF_INIT;
	int n = 0;

	if (email_norm(&norm, s, strlen(s)) == 0) {
		email_match_key(&match, norm.p);
		want[n++] = listkey_sha256(norm.p, norm.n);
		if (strcmp(norm.p, match.p) != 0)
			want[n++] = listkey_sha256(match.p, match.n);
	}
	sbuf_free(&norm);
	sbuf_free(&match);
	return n;
}

/*
 * Long addresses: the normal form, a NUL and the match key no longer fit
 * tmp's first allocation (64 bytes, then 128...).  listkey_entry reads the
 * normal form out of tmp while appending the match key to it, so tmp must
 * not move meanwhile (it once did: a heap use-after-free, and in the normal
 * build a wrong second key, e.g. 0x30dd7c0bb48c8f59 for
 * "firstname.lastname+promotions@company-name.com" where the key of
 * "firstname.lastname@company-name.com" is 0x06127f08cf903e1c).
 */
static void
test_email_long(void **state)
{
	static const char *const c[] = {
		"a.very.long.local.part.name+newsletter@some-long-domain-name.example.com",
		"firstname.lastname+promotions@company-name.com",
		"First.Middle.Last.Name.Here@Gmail.com",
		"averyveryverylonglocalpartwithoutanytag@subdomain.example-company.com",
		"x@y.z",
	};
	uint64_t want[2];
	/* sha256sum of firstname.lastname+promotions@company-name.com and of
	 * firstname.lastname@company-name.com */
	static const uint64_t first[2] = { 0xd58434693b0a1f61ULL,
	    0x06127f08cf903e1cULL };

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		int n = want_email(c[i], want);
		assert_true(n > 0);
		/* a fresh tmp each time (64 bytes at first), and one tmp for
		 * all, as a list reader has */
		sbuf tmp = SBUF_INIT;
		check_keys(LISTKEY_EMAIL, c[i], want, n, &tmp);
		sbuf_free(&tmp);
	}
	sbuf one = SBUF_INIT;
	check_keys(LISTKEY_EMAIL,
	    "firstname.lastname+promotions@company-name.com", first, 2, &one);
	sbuf_free(&one);
	sbuf tmp = SBUF_INIT;
	for (size_t i = 0; i < NELEMS(c); i++) {
		int n = want_email(c[i], want);
		check_keys(LISTKEY_EMAIL, c[i], want, n, &tmp);
	}
	sbuf_free(&tmp);
}

static void
test_domain_entries(void **state)
{
	sbuf tmp = SBUF_INIT;
	uint64_t keys[2];
	const char *why;

	(void)state;
	check_key1(LISTKEY_DOMAIN, "example.com", sha("example.com"), &tmp);
	check_key1(LISTKEY_DOMAIN, "Example.COM", sha("example.com"), &tmp);
	check_key1(LISTKEY_DOMAIN, "example.com.", sha("example.com"), &tmp);
	check_key1(LISTKEY_DOMAIN, "competitor.com", sha("competitor.com"),
	    &tmp);
	check_key1(LISTKEY_DOMAIN, "x.sales.competitor.com",
	    sha("x.sales.competitor.com"), &tmp);
	/* IDN: the ASCII form, whichever way it is written */
	check_key1(LISTKEY_DOMAIN, "bücher.de", hex16(SHA_BUCHER), &tmp);
	check_key1(LISTKEY_DOMAIN, "xn--bcher-kva.de", hex16(SHA_BUCHER),
	    &tmp);
	check_key1(LISTKEY_DOMAIN, "BÜCHER.DE", hex16(SHA_BUCHER), &tmp);
	check_key1(LISTKEY_DOMAIN, "XN--BCHER-KVA.DE", hex16(SHA_BUCHER),
	    &tmp);
	/* one label is a domain too, in a list */
	check_key1(LISTKEY_DOMAIN, "de", sha("de"), &tmp);
	assert_int_equal(entry(LISTKEY_DOMAIN, "bücher.de", keys, &why, &tmp),
	    1);
	assert_int_equal(keys[0], sha("xn--bcher-kva.de"));
	static const char *const bad[] = {
		"", "exa mple.com", "-example.com", "example-.com", "a..b",
		".example.com", "exa_mple.com", "example.com/path",
		"ann@example.com",
	};
	for (size_t i = 0; i < NELEMS(bad); i++)
		check_bad(LISTKEY_DOMAIN, bad[i], WHY_DOMAIN, &tmp);
	sbuf_free(&tmp);
}

static void
test_id_entries(void **state)
{
	sbuf tmp = SBUF_INIT;

	(void)state;
	/* the text as it is: no case folding, no trimming */
	check_key1(LISTKEY_ID, "L-00017", sha("L-00017"), &tmp);
	check_key1(LISTKEY_ID, "l-00017", sha("l-00017"), &tmp);
	assert_true(sha("L-00017") != sha("l-00017"));
	check_key1(LISTKEY_ID, "abc", 0xba7816bf8f01cfeaULL, &tmp);
	check_key1(LISTKEY_ID, "", 0xe3b0c44298fc1c14ULL, &tmp);
	check_key1(LISTKEY_ID, "hello world", sha("hello world"), &tmp);
	/* an id list takes anything, an e-mail too, as text */
	check_key1(LISTKEY_ID, "Ann@Example.COM", sha("Ann@Example.COM"),
	    &tmp);
	check_key1(LISTKEY_ID, "4155550134", sha("4155550134"), &tmp);
	/* bounded by n */
	uint64_t keys[2];
	const char *why = NULL;
	assert_int_equal(listkey_entry(LISTKEY_ID, "abcdef", 3, keys, &why,
	    &tmp), 1);
	assert_int_equal(keys[0], 0xba7816bf8f01cfeaULL);
	sbuf_free(&tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_phone_entries),
		cmocka_unit_test(test_listkey_phone),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_digest_entries),
		cmocka_unit_test(test_email_entries),
		cmocka_unit_test(test_email_long),
		cmocka_unit_test(test_domain_entries),
		cmocka_unit_test(test_id_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
