/* test_encoding.c - unit tests for encoding.c: names and aliases, byte
 * order marks, binary files, and the guess between UTF-8 and the Windows
 * code pages */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "io/encoding.h"

#define S(lit) lit, sizeof lit - 1

static void
test_names(void **state)
{
	static const struct { const char *alias, *name; } c[] = {
		{ "windows-1252", "windows-1252" }, { "CP1252", "windows-1252" },
		{ "Windows_1252", "windows-1252" }, { "latin1", "iso-8859-1" },
		{ "Latin-1", "iso-8859-1" }, { "ISO_8859-1", "iso-8859-1" },
		{ "iso8859-15", "iso-8859-15" }, { "LATIN9", "iso-8859-15" },
		{ "utf8", "utf-8" }, { "UTF-16", "utf-16" },
		{ "utf-16LE", "utf-16le" }, { "cp1250", "windows-1250" },
		{ "MacRoman", "macintosh" }, { "auto", "auto" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		const encoding *e = encoding_find(c[i].alias);
		assert_non_null(e);
		assert_string_equal(e->name, c[i].name);
	}
	assert_null(encoding_find("klingon"));
	assert_null(encoding_find(""));
	assert_null(encoding_find("a-very-long-name-that-is-no-encoding-at-all"));
}

static void
test_bom(void **state)
{
	size_t len;

	(void)state;
	assert_string_equal(encoding_bom(S("\xEF\xBB\xBFx"), &len)->name,
	    "utf-8");
	assert_int_equal(len, 3);
	assert_string_equal(encoding_bom(S("\xFF\xFEx\0"), &len)->name,
	    "utf-16le");
	assert_int_equal(len, 2);
	assert_string_equal(encoding_bom(S("\xFF\xFE\0\0x\0\0\0"), &len)->name,
	    "utf-32le");
	assert_string_equal(encoding_bom(S("\xFE\xFF\0x"), &len)->name,
	    "utf-16be");
	assert_null(encoding_bom(S("email"), &len));
	assert_int_equal(len, 0);
	assert_null(encoding_bom(S("\xFF"), &len));
}

static void
test_binary(void **state)
{
	const char *hint;
	char blob[4096];

	(void)state;
	assert_string_equal(encoding_binary(S("\x1F\x8B\x08\0"), &hint),
	    "a gzip file");
	assert_string_equal(hint, "gunzip it first");
	assert_non_null(encoding_binary(S("PK\x03\x04\x14\0"), &hint));
	assert_non_null(strstr(hint, "CSV UTF-8"));
	assert_string_equal(encoding_binary(S("BZh91AY&SYxx"), &hint),
	    "a bzip2 file");
	assert_null(encoding_binary(S("BZh,email\n"), &hint));
	assert_null(encoding_binary(S("email,note\na@b.de,x\n"), &hint));
	/* one stray NUL in a text is no binary file */
	assert_null(encoding_binary(S("email,note\na@b.de,x\0y\n"), &hint));
	for (size_t i = 0; i < sizeof blob; i++)
		blob[i] = (char)(i * 37 % 256);
	assert_string_equal(encoding_binary(blob, sizeof blob, &hint),
	    "a binary file");
	assert_null(hint);
}

static void
test_wide_guess(void **state)
{
	(void)state;
	assert_string_equal(encoding_wide_guess(S("e\0m\0a\0i\0l\0\n\0"))->name,
	    "utf-16le");
	assert_string_equal(encoding_wide_guess(S("\0e\0m\0a\0i\0l\0\n"))->name,
	    "utf-16be");
	assert_null(encoding_wide_guess(S("email\n")));
	assert_null(encoding_wide_guess(S("e\0")));
}

static void
test_guess(void **state)
{
	size_t bad;

	(void)state;
	/* UTF-8, and UTF-8 cut inside a character at the end of a block */
	assert_string_equal(encoding_guess(S("Stra\xC3\x9F" "e\n"), true,
	    &bad)->name, "utf-8");
	assert_int_equal(bad, 8);
	assert_string_equal(encoding_guess(S("ab\xC3"), false, &bad)->name,
	    "utf-8");
	/* ...but not at the end of the file */
	assert_string_equal(encoding_guess(S("ab\xC3"), true, &bad)->name,
	    "windows-1252");
	assert_int_equal(bad, 2);
	/* German: windows-1252 */
	assert_string_equal(encoding_guess(S("Stra\xDF" "e;M\xFCller\n"),
	    true, &bad)->name, "windows-1252");
	assert_int_equal(bad, 4);
	/* Polish: ł, ą, Ż are no letters in windows-1252 */
	assert_string_equal(encoding_guess(S("Wroc\xB3" "aw;Pozna\xF1;"
	    "\xAF" "ory;Ma\xB3gorzata\n"), true, &bad)->name, "windows-1250");
	/* a euro sign and German: a tie goes to windows-1252 */
	assert_string_equal(encoding_guess(S("M\xFCller 100\x80\n"), true,
	    &bad)->name, "windows-1252");
	/* 0x83 (ƒ) is no character of windows-1250, 0x8F none of 1252 */
	assert_string_equal(encoding_guess(S("Wroc\xB3" "aw \x83\n"), true,
	    &bad)->name, "windows-1252");
	assert_string_equal(encoding_guess(S("\x8F" "ory\n"), true,
	    &bad)->name, "windows-1250");
	/* 0x81 is in neither */
	assert_null(encoding_guess(S("x\x81y\n"), true, &bad));
	assert_int_equal(bad, 1);
	/* mostly UTF-8 with a damaged byte: UTF-8 */
	assert_string_equal(encoding_guess(S("K\xC3\xB6ln;Z\xC3\xBCrich;"
	    "M\xC3\n"), true, &bad)->name, "utf-8");
	assert_int_equal(bad, 15);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_wide_guess),
		cmocka_unit_test(test_guess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
