/* test_name.c - unit tests for name.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/fold.h"
#include "value/honorific.h"
#include "value/name.h"

/* The table lead-import reads (the tests run from the source tree). */
#define TITLES "share/leadkit/titles.txt"

static honorific_table *titles;

struct tidy_case {
	const char *in;
	const char *want;
	bool changed;
};

struct split_case {
	const char *in;
	const char *first;
	const char *last;
};

struct key_case {
	const char *in;
	const char *want;
};

struct fake_case {
	const char *in;
	bool fake;
};

static void
check_tidy(const struct tidy_case *c, size_t nc)
{
	sbuf b = SBUF_INIT;

	for (size_t i = 0; i < nc; i++) {
		bool changed;

		sbuf_reset(&b);
		changed = name_tidy(&b, c[i].in, strlen(c[i].in));
		if (strcmp(sbuf_str(&b), c[i].want) != 0 ||
		    changed != c[i].changed)
			fail_msg("\"%s\": got \"%s\" (%d), want \"%s\" (%d)",
			    c[i].in, sbuf_str(&b), changed, c[i].want,
			    c[i].changed);
	}
	sbuf_free(&b);
}

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

static void
test_tidy_whitespace(void **state)
{
	static const struct tidy_case c[] = {
		{ "", "", false },
		{ "   ", "", false },
		{ " \t\n ", "", false },
		{ "  Anna   Schmidt ", "Anna Schmidt", false },
		{ "Anna\tSchmidt", "Anna Schmidt", false },
		{ "Anna\xc2\xa0Schmidt", "Anna Schmidt", false },	/* NBSP */
		{ "Anna\xe2\x80\xafSchmidt", "Anna Schmidt", false },	/* NNBSP */
		{ "Anna\xe3\x80\x80Schmidt", "Anna Schmidt", false },	/* ideographic */
		{ "Anna Schmidt", "Anna Schmidt", false },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_mixed_case_kept(void **state)
{
	static const struct tidy_case c[] = {
		{ "McDonald", "McDonald", false },
		{ "Joost van der Berg", "Joost van der Berg", false },
		{ "Danny DeVito", "Danny DeVito", false },
		{ "anna SCHMIDT", "anna SCHMIDT", false },
		{ "Jean-pierre", "Jean-pierre", false },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_one_case(void **state)
{
	static const struct tidy_case c[] = {
		{ "JEAN-PIERRE O'NEIL", "Jean-Pierre O'Neil", true },
		{ "jean-pierre o'neil", "Jean-Pierre O'Neil", true },
		{ "O’BRIEN", "O’Brien", true },
		{ "ANNA  SCHMIDT", "Anna Schmidt", true },
		{ "MÜLLER", "Müller", true },
		{ "łukasz żółć", "Łukasz Żółć", true },
		{ "ÉMILE ZOLA", "Émile Zola", true },
		{ "J.R.R. TOLKIEN", "J.R.R. Tolkien", true },
		{ "A", "A", false },
		{ "a", "A", true },
		{ "MCDONALD", "Mcdonald", true },
		{ "GROSSE", "Grosse", true },
		{ "ИВАН ПЕТРОВ", "Иван Петров", true },
		{ "ΟΔΥΣΣΕΥΣ", "Οδυσσευς", true },	/* final sigma */
		{ "ǄURO", "ǅuro", true },		/* title-case digraph */
		{ "ANNA (ANNI) SCHMIDT", "Anna (Anni) Schmidt", true },
		{ "MARIA 2", "Maria 2", true },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_particles(void **state)
{
	static const struct tidy_case c[] = {
		{ "JOOST VAN DER MEER", "Joost van der Meer", true },
		{ "VAN DER MEER", "Van der Meer", true },
		{ "ludwig von beethoven", "Ludwig von Beethoven", true },
		{ "KARL ZU GUTTENBERG", "Karl zu Guttenberg", true },
		{ "JAN TEN HAVE", "Jan ten Have", true },
		{ "PIETER DE VRIES", "Pieter de Vries", true },
		{ "TER HORST", "Ter Horst", true },
		{ "DENISE DEN", "Denise den", true },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_uncased_scripts(void **state)
{
	static const struct tidy_case c[] = {
		{ "山田 太郎", "山田 太郎", false },
		{ "  山田　　太郎 ", "山田 太郎", false },
		{ "김민준", "김민준", false },
		{ "محمد علي", "محمد علي", false },
		{ "Иван Петров", "Иван Петров", false },
		{ "Γιώργος Παπαδόπουλος", "Γιώργος Παπαδόπουλος", false },
		{ "YAMADA 山田", "Yamada 山田", true },
		{ "123", "123", false },
		{ "-", "-", false },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_invalid_utf8(void **state)
{
	static const struct tidy_case c[] = {
		{ "Anna\xff Schmidt", "Anna Schmidt", true },
		{ "\xc3", "", true },
		{ "ANNA\x80", "Anna", true },
	};

	(void)state;
	check_tidy(c, NELEMS(c));
}

static void
test_tidy_appends(void **state)
{
	sbuf b = SBUF_INIT;

	(void)state;
	sbuf_adds(&b, "x");
	assert_true(name_tidy(&b, " a b ", 5));
	assert_string_equal(b.p, "xA B");
	sbuf_free(&b);
}

static void
test_split(void **state)
{
	static const struct split_case c[] = {
		{ "Joost van der Meer", "Joost", "van der Meer" },
		{ "JOOST VAN DER MEER", "Joost", "van der Meer" },
		{ "Anna Schmidt", "Anna", "Schmidt" },
		{ "  Anna   Maria  Schmidt ", "Anna Maria", "Schmidt" },
		{ "Schmidt", "", "Schmidt" },
		{ "van der Meer", "", "van der Meer" },
		{ "Ludwig van Beethoven", "Ludwig", "van Beethoven" },
		{ "Jean-Pierre O'Neil", "Jean-Pierre", "O'Neil" },
		{ "山田 太郎", "山田", "太郎" },
		{ "", "", "" },
		{ "   ", "", "" },
		/* Last, First */
		{ "Müller, Hans", "Hans", "Müller" },
		{ "MÜLLER, HANS", "Hans", "Müller" },
		{ "van der Meer, Joost", "Joost", "van der Meer" },
		{ "Müller ,Hans Peter", "Hans Peter", "Müller" },
		{ "Müller,Hans", "Hans", "Müller" },
		{ "Müller-Lüdenscheidt, Hans", "Hans", "Müller-Lüdenscheidt" },
		{ "Müller,", "", "Müller" },
		{ "Hans Müller,", "Hans", "Müller" },
		{ ", Hans", "", "Hans" },
		{ ",", "", "" },
		/* two commas: not Last, First */
		{ "Smith, John, Jr.", "Smith, John,", "Jr." },
	};
	sbuf f = SBUF_INIT, l = SBUF_INIT, t = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		sbuf_reset(&f);
		sbuf_reset(&l);
		sbuf_reset(&t);
		name_split(&f, &l, &t, c[i].in, strlen(c[i].in), NULL);
		if (t.n != 0)
			fail_msg("\"%s\": title \"%s\" without a table",
			    c[i].in, t.p);
		if (strcmp(sbuf_str(&f), c[i].first) != 0 ||
		    strcmp(sbuf_str(&l), c[i].last) != 0)
			fail_msg("\"%s\": got \"%s\" / \"%s\"", c[i].in,
			    sbuf_str(&f), sbuf_str(&l));
	}
	sbuf_free(&f);
	sbuf_free(&l);
	sbuf_free(&t);
}

static void
test_split_appends(void **state)
{
	sbuf f = SBUF_INIT, l = SBUF_INIT, t = SBUF_INIT;

	(void)state;
	sbuf_adds(&f, "F:");
	sbuf_adds(&l, "L:");
	name_split(&f, &l, &t, "Karl zu Guttenberg", 18, NULL);
	assert_string_equal(f.p, "F:Karl");
	assert_string_equal(l.p, "L:zu Guttenberg");
	sbuf_adds(&f, "|");
	sbuf_adds(&l, "|");
	sbuf_adds(&t, "Herr");
	name_split(&f, &l, &t, "Schmidt, Dr. Anna", 17, titles);
	assert_string_equal(f.p, "F:Karl|Anna");
	assert_string_equal(l.p, "L:zu Guttenberg|Schmidt");
	assert_string_equal(t.p, "Herr Dr.");
	sbuf_free(&f);
	sbuf_free(&l);
	sbuf_free(&t);
}

struct title_case {
	const char *in;
	const char *first;
	const char *last;
	const char *title;
};

/* test_split_titles: honorifics go to the title, from the front and after
 * the comma of "Last, First", with the table of share/leadkit. */
static void
test_split_titles(void **state)
{
	static const struct title_case c[] = {
		{ "Prof. Dr. Hans Müller", "Hans", "Müller", "Prof. Dr." },
		{ "Dr. med. Anna Schmidt", "Anna", "Schmidt", "Dr. med." },
		{ "Dr.-Ing. Karl Weber", "Karl", "Weber", "Dr.-Ing." },
		{ "Dipl.-Kfm. Karl Weber", "Karl", "Weber", "Dipl.-Kfm." },
		{ "Herr Dipl.-Ing. Karl Weber", "Karl", "Weber",
		  "Herr Dipl.-Ing." },
		{ "Mag. Eva Huber", "Eva", "Huber", "Mag." },
		{ "mgr inż. Jan Kowalski", "Jan", "Kowalski", "mgr inż." },
		{ "MGR INŻ. JAN KOWALSKI", "Jan", "Kowalski", "Mgr Inż." },
		{ "dr hab. Anna Nowak", "Anna", "Nowak", "dr hab." },
		{ "Pani Anna Nowak", "Anna", "Nowak", "Pani" },
		{ "Pan Wei", "Pan", "Wei", "" },
		{ "ir. Joost van der Meer", "Joost", "van der Meer", "ir." },
		{ "dhr. drs. Joost de Vries", "Joost", "de Vries", "dhr. drs." },
		{ "mevr. Anna de Vries", "Anna", "de Vries", "mevr." },
		{ "Mr John Smith", "John", "Smith", "Mr" },
		{ "Mrs. Jane Smith", "Jane", "Smith", "Mrs." },
		{ "Ms Jane Smith", "Jane", "Smith", "Ms" },
		{ "Frau Müller", "", "Müller", "Frau" },
		{ "Herr", "", "", "Herr" },
		{ "Müller, Prof. Dr. Hans", "Hans", "Müller", "Prof. Dr." },
		{ "Dr. Müller, Hans", "Hans", "Müller", "Dr." },
		{ "Hans Müller, Dr.", "Hans", "Müller", "Dr." },
		{ "Müller, Hans, Dr. med.", "Hans", "Müller", "Dr. med." },
		{ "Drake Bell", "Drake", "Bell", "" },
		{ "Prof Hans", "", "Hans", "Prof" },
		{ "Ing Wang", "Ing", "Wang", "" },
		{ "Di Maria", "Di", "Maria", "" },
		{ "Hans Dr. Müller", "Hans Dr.", "Müller", "" },
		/* commas around a title are not part of it */
		{ "Herr, Hans Müller", "Hans", "Müller", "Herr" },
		{ "Dr., Hans,", "", "Hans", "Dr." },
		{ ",Herr", "", "", "Herr" },
	};
	sbuf f = SBUF_INIT, l = SBUF_INIT, t = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		sbuf_reset(&f);
		sbuf_reset(&l);
		sbuf_reset(&t);
		name_split(&f, &l, &t, c[i].in, strlen(c[i].in), titles);
		if (strcmp(sbuf_str(&f), c[i].first) != 0 ||
		    strcmp(sbuf_str(&l), c[i].last) != 0 ||
		    strcmp(sbuf_str(&t), c[i].title) != 0)
			fail_msg("\"%s\": got \"%s\" / \"%s\" / \"%s\"",
			    c[i].in, sbuf_str(&f), sbuf_str(&l), sbuf_str(&t));
	}
	sbuf_free(&f);
	sbuf_free(&l);
	sbuf_free(&t);
}

/* test_person: a first or last name loses its honorifics to the title. */
static void
test_person(void **state)
{
	static const struct title_case c[] = {
		{ "Dr. Hans", "Hans", NULL, "Dr." },
		{ "Herr", "", NULL, "Herr" },
		{ "Hans", "Hans", NULL, "" },
		{ "HANS", "Hans", NULL, "" },
		{ "Prof. Dr. Müller", "Müller", NULL, "Prof. Dr." },
		{ "Pan Jan", "Pan Jan", NULL, "" },
		{ "  Dr.   Hans  ", "Hans", NULL, "Dr." },
	};
	sbuf o = SBUF_INIT, t = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		bool changed;

		sbuf_reset(&o);
		sbuf_reset(&t);
		changed = name_person(&o, &t, c[i].in, strlen(c[i].in), titles);
		if (strcmp(sbuf_str(&o), c[i].first) != 0 ||
		    strcmp(sbuf_str(&t), c[i].title) != 0)
			fail_msg("\"%s\": got \"%s\" / \"%s\"", c[i].in,
			    sbuf_str(&o), sbuf_str(&t));
		/* changed: more than white space differs */
		if (changed != (t.n > 0 || strcmp(c[i].in, "HANS") == 0))
			fail_msg("\"%s\": changed %d", c[i].in, changed);
	}
	sbuf_free(&o);
	sbuf_free(&t);
}

static strset *
suffix_set(void)
{
	static const char *const sfx[] = {
		"gmbh", "gmbh co kg", "co kg", "kg", "ag", "inc", "ltd",
		"sp z o o", "b v", "bv", "holding", "llc", "se", "co",
	};
	strset *s = strset_new();

	for (size_t i = 0; i < NELEMS(sfx); i++)
		strset_add(s, sfx[i], strlen(sfx[i]));
	return s;
}

static void
test_company_key(void **state)
{
	static const struct key_case c[] = {
		{ "Müller GmbH & Co. KG", "muller" },
		{ "ACME, Inc.", "acme" },
		{ "Genpexok Sp. z o.o.", "genpexok" },
		{ "Evdaraxenergie B.V.", "evdaraxenergie" },
		{ "Acme Holding GmbH & Co. KG", "acme" },
		{ "The Acme Company Ltd", "acme company" },
		{ "The Ltd", "ltd" },
		{ "GmbH & Co. KG", "gmbh co kg" },
		{ "Holding GmbH", "holding gmbh" },
		{ "Kgaa Bau AG", "kgaa bau" },
		{ "Bauer & Sohn", "bauer sohn" },
		{ "", "" },
		{ "  ", "" },
		{ "Theodor GmbH", "theodor" },
		{ "the", "the" },
		{ "株式会社 東京", "株式会社 東京" },
	};
	strset *sfx = suffix_set();
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		sbuf_reset(&b);
		company_key(&b, c[i].in, strlen(c[i].in), sfx);
		if (strcmp(sbuf_str(&b), c[i].want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", c[i].in,
			    sbuf_str(&b), c[i].want);
	}
	sbuf_free(&b);
	strset_free(sfx);
}

static void
test_company_key_appends(void **state)
{
	strset *sfx = suffix_set();
	sbuf b = SBUF_INIT;

	(void)state;
	sbuf_adds(&b, "k=");
	company_key(&b, "The Acme GmbH", 13, sfx);
	assert_string_equal(b.p, "k=acme");
	sbuf_free(&b);
	strset_free(sfx);
}

static void
test_is_fake(void **state)
{
	static const struct fake_case c[] = {
		{ "test", true },
		{ "TEST", true },
		{ " Test ", true },
		{ "Mickey Mouse", true },
		{ "mickey  mouse", true },
		{ "asdf", true },
		{ "aaaa", true },
		{ "XXX", true },
		{ "x x", true },
		{ "ääää", true },
		{ "12345", true },
		{ "---", true },
		{ "", true },
		{ "   ", true },
		{ "Anna", false },
		{ "J", false },
		{ "Ng", false },
		{ "Testa", false },
		{ "Müller", false },
		{ "山田", false },
		{ "Anna 2", false },
	};
	static const char *const fakes[] = { "test", "asdf", "mickey mouse" };
	strset *set = strset_new();

	(void)state;
	for (size_t i = 0; i < NELEMS(fakes); i++)
		strset_add(set, fakes[i], strlen(fakes[i]));
	for (size_t i = 0; i < NELEMS(c); i++)
		if (name_is_fake(c[i].in, strlen(c[i].in), set) != c[i].fake)
			fail_msg("\"%s\": want %d", c[i].in, c[i].fake);
	strset_free(set);
}

/* Names typed properly are copied as they are; ASCII values are folded on
 * the stack for name_is_fake, longer or non-ASCII ones by fold_key. */
static void
test_fast_paths(void **state)
{
	static const struct tidy_case t[] = {
		{ "Mary-Ann O'Neil", "Mary-Ann O'Neil", false },
		{ "Anna  Schmidt", "Anna Schmidt", false },
		{ "anna schmidt ", "Anna Schmidt", true },
		{ "A1 b2", "A1 b2", false },
		{ "123 456", "123 456", false },
	};
	static const struct fake_case c[] = {
		{ "T-E-S-T", false },
		{ "a-a", true },
		{ "TEST", true },
		{ "Te\xc5\x9bt", true },	/* fold_key: "test" */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aa", true },
		{ "abababababababababababababababababababababababababababababababab"
		  "abababababababababababababababababababababababababababababababab"
		  "ab", false },
		{ "\xc3\xa9\xc3\xa9", true },
		{ "1 2 3", true },
	};
	strset *set = strset_new();

	(void)state;
	check_tidy(t, NELEMS(t));
	strset_add(set, "test", 4);
	for (size_t i = 0; i < NELEMS(c); i++)
		if (name_is_fake(c[i].in, strlen(c[i].in), set) != c[i].fake)
			fail_msg("\"%s\": want %d", c[i].in, c[i].fake);
	strset_free(set);
}

static int
load_titles(void **state)
{
	sbuf err = SBUF_INIT;

	(void)state;
	titles = honorific_new();
	if (honorific_load(titles, TITLES, &err) != 0) {
		fprintf(stderr, "%s\n", err.p);
		sbuf_free(&err);
		return -1;
	}
	sbuf_free(&err);
	return 0;
}

static int
free_titles(void **state)
{
	(void)state;
	honorific_free(titles);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tidy_whitespace),
		cmocka_unit_test(test_tidy_mixed_case_kept),
		cmocka_unit_test(test_tidy_one_case),
		cmocka_unit_test(test_tidy_particles),
		cmocka_unit_test(test_tidy_uncased_scripts),
		cmocka_unit_test(test_tidy_invalid_utf8),
		cmocka_unit_test(test_tidy_appends),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_appends),
		cmocka_unit_test(test_split_titles),
		cmocka_unit_test(test_person),
		cmocka_unit_test(test_company_key),
		cmocka_unit_test(test_company_key_appends),
		cmocka_unit_test(test_is_fake),
		cmocka_unit_test(test_fast_paths),
	};

	return cmocka_run_group_tests(tests, load_titles, free_titles);
}
