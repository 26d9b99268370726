/* test_similar.c - unit tests for similar.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "value/similar.h"

/* Expected scores are given to 3 decimals. */
#define EPS 0.001

typedef double (*similar_fn)(const char *, size_t, const char *, size_t);

/* A score must lie in [lo, hi]; lo == hi for a known value. */
struct score_case {
	const char *a;
	const char *b;
	double lo;
	double hi;
};

struct key_case {
	const char *in;
	const char *want;
};

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* check_score: each case both ways round, which must agree exactly. */
static void
check_score(similar_fn fn, const struct score_case *c, size_t nc)
{
	for (size_t i = 0; i < nc; i++) {
		size_t an = strlen(c[i].a), bn = strlen(c[i].b);
		double ab = fn(c[i].a, an, c[i].b, bn);
		double ba = fn(c[i].b, bn, c[i].a, an);

		if (ab != ba)
			fail_msg("\"%s\", \"%s\": %.6f one way, %.6f the other",
			    c[i].a, c[i].b, ab, ba);
		if (ab < c[i].lo - EPS || ab > c[i].hi + EPS)
			fail_msg("\"%s\", \"%s\": got %.4f, want %.3f..%.3f",
			    c[i].a, c[i].b, ab, c[i].lo, c[i].hi);
	}
}

#define CHECK_SCORE(fn, cases) check_score(fn, cases, NELEMS(cases))

static void
check_key(const struct key_case *c, size_t nc)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < nc; i++) {
		sbuf_reset(&b);
		similar_phonetic(&b, c[i].in, strlen(c[i].in));
		if (strcmp(sbuf_str(&b), c[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c[i].in,
			    sbuf_str(&b), c[i].want);
	}
	sbuf_free(&b);
}

#define CHECK_KEY(cases) check_key(cases, NELEMS(cases))

static void
test_jw_standard(void **state)
{
	static const struct score_case c[] = {
		{ "martha", "marhta", 0.961, 0.961 },
		{ "dwayne", "duane", 0.840, 0.840 },
		{ "dixon", "dicksonx", 0.813, 0.813 },
		{ "jonathon", "jonathan", 0.950, 0.950 },
		{ "acme", "acme", 1, 1 },
		{ "abc", "xyz", 0, 0 },
		{ "ab", "ba", 0, 0 },		/* window 0: no matches */
		{ "a", "a", 1, 1 },
	};

	(void)state;
	CHECK_SCORE(similar_jaro_winkler, c);
}

static void
test_jw_empty(void **state)
{
	static const struct score_case c[] = {
		{ "", "", 1, 1 },
		{ "", "a", 0, 0 },
		{ "", "martha", 0, 0 },
	};

	(void)state;
	CHECK_SCORE(similar_jaro_winkler, c);
}

static void
test_jw_code_points(void **state)
{
	static const struct score_case c[] = {
		{ "łukasz", "lukasz", 0.889, 0.889 },	/* one letter off */
		{ "александр", "александра", 0.980, 0.980 },
		{ "αθηνα", "αθηνα", 1, 1 },
		{ "東京都", "東京", 0.911, 0.911 },
		{ "ab\xc3\xa9", "abe", 0.822, 0.822 },	/* é: 2 bytes, 1 letter */
		{ "a\xff" "b", "a\xfe" "b", 0.800, 0.800 },	/* bytes differ */
		{ "a\xff" "b", "a\xff" "c", 0.822, 0.822 },
		{ "\xff", "\xc3\xbf", 0, 0 },		/* 0xff is not ÿ */
	};

	(void)state;
	CHECK_SCORE(similar_jaro_winkler, c);
}

static void
test_jw_bounded_length(void **state)
{
	(void)state;
	assert_true(similar_jaro_winkler("martha!", 6, "martha?", 6) == 1.0);
	assert_true(similar_jaro_winkler("ab", 0, "cd", 0) == 1.0);
}

static void
test_jw_long(void **state)
{
	/* past the 64 code points compared on the stack */
	sbuf a = SBUF_INIT, b = SBUF_INIT;

	(void)state;
	for (int i = 0; i < 40; i++) {
		sbuf_adds(&a, "ab");
		sbuf_adds(&b, "ba");
	}
	assert_float_equal(similar_jaro_winkler(a.p, a.n, b.p, b.n), 0.833,
	    EPS);
	sbuf_reset(&a);
	sbuf_reset(&b);
	for (int i = 0; i < 70; i++) {
		sbuf_adds(&a, "я");
		sbuf_adds(&b, i < 69 ? "я" : "x");
	}
	assert_float_equal(similar_jaro_winkler(a.p, a.n, b.p, b.n), 0.994,
	    EPS);
	sbuf_free(&a);
	sbuf_free(&b);
}

static void
test_edit(void **state)
{
	static const struct score_case c[] = {
		{ "4011", "4001", 0.750, 0.750 },
		{ "19081209", "19082109", 0.875, 0.875 },	/* transposed */
		{ "kitten", "sitting", 0.571, 0.571 },
		{ "ca", "abc", 0, 0 },	/* OSA: 3 edits, not 2 */
		{ "12345", "12345", 1, 1 },
		{ "12345", "1234", 0.800, 0.800 },
		{ "", "", 1, 1 },
		{ "", "abc", 0, 0 },
		{ "łodz", "lodz", 0.750, 0.750 },	/* code points */
		{ "東京都", "東京", 0.667, 0.667 },
	};

	(void)state;
	CHECK_SCORE(similar_edit, c);
}

static void
test_edit_long(void **state)
{
	/* 100 code points, 200 bytes, one substitution */
	sbuf a = SBUF_INIT, b = SBUF_INIT;

	(void)state;
	for (int i = 0; i < 100; i++) {
		sbuf_adds(&a, "ж");
		sbuf_adds(&b, i == 50 ? "з" : "ж");
	}
	assert_float_equal(similar_edit(a.p, a.n, b.p, b.n), 0.99, EPS);
	assert_float_equal(similar_edit(a.p, a.n, "ж", 2), 0.01, EPS);
	assert_float_equal(similar_edit("ж", 2, a.p, a.n), 0.01, EPS);
	sbuf_free(&a);
	sbuf_free(&b);
}

static void
test_tokens(void **state)
{
	static const struct score_case c[] = {
		{ "acme data systems", "data systems acme", 1, 1 },
		{ "pridham street", "pridhamstreet", 1, 1 },
		{ "jonathon data systems", "systems data jonathan", 1, 1 },
		/* JW 0.918, just below pairing: 4 of 6 */
		{ "muller data systems", "systems data mueller", 0.667,
		    0.667 },
		{ "nordic data systems", "systems nordic", 0.800, 0.800 },
		{ "hotel zum lowen", "lowen hotel", 0.800, 0.800 },
		{ "main street 12", "12 main st", 0.750, 0.750 },
		/* Jaro-Winkler of the whole beats Dice 2/3 */
		{ "acme data", "acme", 0.900, 0.900 },
		{ "data data", "data data data", 0.933, 0.933 },
		{ "acme  data ", " data acme", 1, 1 },
		{ "иван петров", "петров иван", 1, 1 },
		{ "acme", "zenith", 0, 0.5 },
	};

	(void)state;
	CHECK_SCORE(similar_tokens, c);
}

static void
test_tokens_empty(void **state)
{
	static const struct score_case c[] = {
		{ "", "", 1, 1 },
		{ "", "  ", 1, 1 },
		{ "", "acme", 0, 0 },
		{ " ", "acme data", 0, 0 },
	};

	(void)state;
	CHECK_SCORE(similar_tokens, c);
}

static void
test_tokens_long(void **state)
{
	/* 70 tokens, 279 bytes: every work array on the heap */
	sbuf a = SBUF_INIT, b = SBUF_INIT;

	(void)state;
	for (int i = 0; i < 70; i++)
		sbuf_addf(&a, "%sw%02d", i > 0 ? " " : "", i);
	for (int i = 69; i >= 0; i--)
		sbuf_addf(&b, "%sw%02d", i < 69 ? " " : "", i);
	assert_true(similar_tokens(a.p, a.n, b.p, b.n) == 1.0);
	/* b reversed, without w69: Dice 2 * 69 / 139 */
	assert_float_equal(similar_tokens(a.p, a.n, b.p + 4, b.n - 4),
	    138.0 / 139, EPS);
	sbuf_free(&a);
	sbuf_free(&b);
}

static void
test_phonetic_soundex(void **state)
{
	static const struct key_case c[] = {
		{ "robert", "r163" },
		{ "rupert", "r163" },
		{ "tymczak", "t522" },	/* vowel parts z and k: 2 twice */
		{ "pfister", "p236" },	/* f has p's code */
		{ "mueller", "m460" },
		{ "muller", "m460" },
		{ "ashcraft", "a261" },	/* h does not part s and c */
		{ "jackson", "j250" },
		{ "washington", "w252" },
		{ "gutierrez", "g362" },
		{ "honeyman", "h555" },
		{ "lee", "l000" },
		{ "a", "a000" },
		{ "Robert", "r163" },
	};

	(void)state;
	CHECK_KEY(c);
}

static void
test_phonetic_words(void **state)
{
	static const struct key_case c[] = {
		{ "", "" },
		{ "   ", "" },
		{ "robert smith", "r163" },
		{ "  lee jones", "l000" },
		{ "александр", "але" },
		{ "иван петров", "ива" },
		{ "αθηνα", "αθη" },
		{ "東京", "東京" },		/* shorter than 3 */
		{ "müller", "mül" },
		{ "4011", "401" },
		{ "3m", "3m" },
		{ "\xff" "abcd", "\xff" "ab" },	/* invalid byte: one */
	};

	(void)state;
	CHECK_KEY(c);
}

static void
test_phonetic_appends(void **state)
{
	sbuf b = SBUF_INIT;

	(void)state;
	similar_phonetic(&b, "", 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	sbuf_adds(&b, "x:");
	similar_phonetic(&b, "robert", 6);
	assert_string_equal(b.p, "x:r163");
	similar_phonetic(&b, "иванов", 4);	/* bounded: "ив" */
	assert_string_equal(b.p, "x:r163ив");
	sbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jw_standard),
		cmocka_unit_test(test_jw_empty),
		cmocka_unit_test(test_jw_code_points),
		cmocka_unit_test(test_jw_bounded_length),
		cmocka_unit_test(test_jw_long),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_edit_long),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_tokens_empty),
		cmocka_unit_test(test_tokens_long),
		cmocka_unit_test(test_phonetic_soundex),
		cmocka_unit_test(test_phonetic_words),
		cmocka_unit_test(test_phonetic_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
