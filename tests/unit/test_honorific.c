/* test_honorific.c - unit tests for honorific.c, and for titles.txt */
#include "tmpdir.h"

#include "value/honorific.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

struct prefix_case {
	const char *in;		/* tidy: single spaces */
	const char *want;	/* the honorifics it starts with */
};

static void
check(const honorific_table *t, const struct prefix_case *c, size_t nc)
{
	sbuf scratch = SBUF_INIT;

	sbuf_adds(&scratch, "kept");
	for (size_t i = 0; i < nc; i++) {
		size_t len = honorific_prefix(t, c[i].in, strlen(c[i].in),
		    &scratch);

		if (len != strlen(c[i].want) ||
		    strncmp(c[i].in, c[i].want, len) != 0)
			fail_msg("\"%s\": got %zu bytes, want \"%s\"", c[i].in,
			    len, c[i].want);
		assert_string_equal(scratch.p, "kept");
	}
	sbuf_free(&scratch);
}

static honorific_table *
small_table(void)
{
	honorific_table *t = honorific_new();

	honorific_add(t, "Dr.", 3, false);
	honorific_add(t, "Dr. med.", 8, false);
	honorific_add(t, "Prof.", 5, false);
	honorific_add(t, "Herr", 4, false);
	honorific_add(t, "mgr inż.", 9, false);
	honorific_add(t, "Pan", 3, true);
	honorific_add(t, "...", 3, false);	/* folds to nothing: ignored */
	return t;
}

/* Folding: case, accents and punctuation do not count; the longest entry
 * wins; several follow each other; whole words only. */
static void
test_prefix(void **state)
{
	static const struct prefix_case c[] = {
		{ "Dr. Hans Müller", "Dr." },
		{ "DR HANS", "DR" },
		{ "dr Hans", "dr" },
		{ "Dr.med. Hans", "Dr.med." },
		{ "Dr. med. Hans", "Dr. med." },
		{ "Herr Prof. Dr. med. Hans", "Herr Prof. Dr. med." },
		{ "MGR INZ. Jan", "MGR INZ." },
		{ "mgr inż. Jan", "mgr inż." },
		{ "Drake Bell", "" },
		{ "Hans Dr. Müller", "" },
		{ "Herr", "Herr" },
		{ "Dr. Prof.", "Dr. Prof." },
		{ "", "" },
		{ "... Hans", "" },
		/* also a name: only with two words after it */
		{ "Pan Jan Kowalski", "Pan" },
		{ "Pan Wei", "" },
		{ "Herr Pan Wei", "Herr" },
	};
	honorific_table *t = small_table();

	(void)state;
	check(t, c, NELEMS(c));
	honorific_free(t);
}

static void
test_null_table(void **state)
{
	static const struct prefix_case c[] = {
		{ "Dr. Hans Müller", "" },
	};

	(void)state;
	check(NULL, c, NELEMS(c));
	honorific_free(NULL);
}

/* The shipped table: each entry in the brief of issue 16, as written and
 * in other spellings. */
static void
test_shipped(void **state)
{
	static const struct prefix_case c[] = {
		{ "Dr. Hans", "Dr." },
		{ "Prof. Hans", "Prof." },
		{ "Prof. Dr. Hans", "Prof. Dr." },
		{ "Dr. med. Hans", "Dr. med." },
		{ "Dr.-Ing. Hans", "Dr.-Ing." },
		{ "Dr. Ing. Hans", "Dr. Ing." },
		{ "Dipl.-Ing. Hans", "Dipl.-Ing." },
		{ "Dipl.-Kfm. Hans", "Dipl.-Kfm." },
		{ "Mag. Eva", "Mag." },
		{ "mgr Jan", "mgr" },
		{ "mgr inż. Jan", "mgr inż." },
		{ "dr hab. Jan", "dr hab." },
		{ "ir. Joost", "ir." },
		{ "drs. Joost", "drs." },
		{ "Herr Hans", "Herr" },
		{ "Frau Eva", "Frau" },
		{ "Mr John", "Mr" },
		{ "Mrs Jane", "Mrs" },
		{ "Ms Jane", "Ms" },
		{ "Pan Jan Kowalski", "Pan" },
		{ "Pani Anna Nowak", "Pani" },
		{ "dhr. Joost", "dhr." },
		{ "mevr. Anna", "mevr." },
		{ "Pan Wei", "" },
		{ "Di Maria", "" },
		{ "Ing Wang", "" },
		{ "Hans Müller", "" },
	};
	honorific_table *t = honorific_new();
	sbuf err = SBUF_INIT;

	(void)state;
	if (honorific_load(t, "share/leadkit/titles.txt", &err) != 0)
		fail_msg("%s", err.p);
	check(t, c, NELEMS(c));
	honorific_free(t);
	sbuf_free(&err);
}

struct load_case {
	const char *text;
	const char *err;	/* the message after "path:", or NULL */
};

static void
test_load_errors(void **state)
{
	static const struct load_case c[] = {
		{ "# c\nDr.\ttitle\n\nHerr\tsalutation\nPan\tsalutation\tname\n",
		  NULL },
		{ "Dr.\n", "1: \"Dr.\" has no kind (TEXT<TAB>salutation or "
		  "TEXT<TAB>title)" },
		{ "Dr.\ttitle\nHerr\tgreeting\n", "2: kind \"greeting\" is not "
		  "salutation or title" },
		{ "Pan\tsalutation\tsurname\n", "1: third column \"surname\" is "
		  "not \"name\"" },
	};
	sbuf path = SBUF_INIT, err = SBUF_INIT, want = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NELEMS(c); i++) {
		honorific_table *t = honorific_new();
		int rc;

		tmpdir_write("titles.txt", c[i].text);
		tmpdir_path(&path, "titles.txt");
		sbuf_reset(&err);
		rc = honorific_load(t, path.p, &err);
		if (c[i].err == NULL) {
			assert_int_equal(rc, 0);
		} else {
			sbuf_reset(&want);
			sbuf_addf(&want, "%s:%s", path.p, c[i].err);
			assert_int_equal(rc, -1);
			assert_string_equal(err.p, want.p);
		}
		honorific_free(t);
	}
	tmpdir_path(&path, "missing.txt");
	{
		honorific_table *t = honorific_new();
		assert_int_equal(honorific_load(t, path.p, &err), -1);
		honorific_free(t);
	}
	sbuf_free(&path);
	sbuf_free(&err);
	sbuf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_null_table),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_load_errors),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
