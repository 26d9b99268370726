/* test_runfile.c - unit tests for runfile.c: the words of lead run */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "tmpdir.h"
#include "verbs/runfile.h"

/* read_lead: the stages of a pipeline file of text; rc runfile_read's. */
static int
read_lead(runfile *rf, const char *text, sbuf *err)
{
	static char path[PATH_MAX];	/* the stages borrow it */
	sbuf b = SBUF_INIT;

	tmpdir_write("t.lead", text);
	snprintf(path, sizeof path, "%s", tmpdir_path(&b, "t.lead"));
	sbuf_free(&b);
	return runfile_read(rf, path, err);
}

/* stage_is: stage i of rf has exactly the words of want (NULL-ended). */
static void
stage_is(const runfile *rf, size_t i, const char *const *want,
    unsigned long line)
{
	int n = 0;

	assert_true(i < rf->n);
	for (; want[n] != NULL; n++) {
		assert_true(n < rf->stages[i].argc);
		assert_string_equal(rf->stages[i].argv[n], want[n]);
	}
	assert_int_equal(rf->stages[i].argc, n);
	assert_null(rf->stages[i].argv[n]);
	assert_int_equal(rf->stages[i].line, line);
}

static void
test_args(void **state)
{
	char *argv[] = { "import", "-c", "DE", "then", "score", "-r", "x",
	    "then", "qualify", NULL };
	runfile rf = { 0 };
	sbuf err = SBUF_INIT;

	(void)state;
	assert_int_equal(runfile_args(&rf, argv, 9, &err), 0);
	assert_int_equal(rf.n, 3);
	stage_is(&rf, 0, (const char *[]){ "import", "-c", "DE", NULL }, 0);
	stage_is(&rf, 1, (const char *[]){ "score", "-r", "x", NULL }, 0);
	stage_is(&rf, 2, (const char *[]){ "qualify", NULL }, 0);
	assert_null(rf.stages[0].file);
	runfile_free(&rf);

	/* then first, last, twice; nothing */
	assert_int_equal(runfile_args(&rf, argv + 3, 6, &err), -1);
	assert_string_equal(err.p, "\"then\" with no stage before it");
	runfile_free(&rf);
	assert_int_equal(runfile_args(&rf, argv, 4, &err), -1);
	assert_string_equal(err.p, "\"then\" with no stage after it");
	runfile_free(&rf);
	char *twice[] = { "a", "then", "then", "b" };
	assert_int_equal(runfile_args(&rf, twice, 4, &err), -1);
	runfile_free(&rf);
	assert_int_equal(runfile_args(&rf, argv, 0, &err), -1);
	runfile_free(&rf);
	sbuf_free(&err);
}

static void
test_file(void **state)
{
	runfile rf = { 0 };
	sbuf err = SBUF_INIT;

	(void)state;
	assert_int_equal(read_lead(&rf,
	    "# a comment\n"
	    "\n"
	    "import -c DE -s 'messe 2026' # the fair\r\n"
	    "  scrub --list \"dnc list.idx\" --list=a#b then dedupe\n"
	    "score -r''b2b.rules -m \"\"\n", &err), 0);
	assert_int_equal(rf.n, 4);
	stage_is(&rf, 0, (const char *[]){ "import", "-c", "DE", "-s",
	    "messe 2026", NULL }, 3);
	stage_is(&rf, 1, (const char *[]){ "scrub", "--list", "dnc list.idx",
	    "--list=a#b", NULL }, 4);
	stage_is(&rf, 2, (const char *[]){ "dedupe", NULL }, 4);
	stage_is(&rf, 3, (const char *[]){ "score", "-rb2b.rules", "-m", "",
	    NULL }, 5);
	assert_non_null(strstr(rf.stages[3].file, "t.lead"));
	runfile_free(&rf);
	sbuf_free(&err);
}

/* refused: text is refused with a message ending in want, naming line. */
static void
refused(const char *text, const char *want)
{
	runfile rf = { 0 };
	sbuf err = SBUF_INIT;
	size_t n = strlen(want);

	assert_int_equal(read_lead(&rf, text, &err), -1);
	assert_true(err.n >= n);
	assert_string_equal(err.p + err.n - n, want);
	runfile_free(&rf);
	sbuf_free(&err);
}

static void
test_refused(void **state)
{
	(void)state;
	refused("import\nscore -r 'x\n", ":2: no closing '");
	refused("import | score\n", ":1: '|' is not read here (one stage a "
	    "line, words and '...' or \"...\" only)");
	refused("import $HOME\n", ":1: '$' is not read here (one stage a "
	    "line, words and '...' or \"...\" only)");
	refused("import x\\ y\n", ":1: '\\' is not read here (one stage a "
	    "line, words and '...' or \"...\" only)");
	refused("import *.csv\n", ":1: '*' is not read here (one stage a "
	    "line, words and '...' or \"...\" only)");
	refused("import ~/x.csv\n", ":1: a leading ~ is not expanded: quote "
	    "it or write the path");
	refused("import then\n", ":1: \"then\" with no stage after it");
	refused("# only\n\n", ": no stage in the file");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
