/* tmpdir.h - a temporary directory for the unit tests' files
 *
 * tmpdir_setup makes a new directory, /tmp/<test program>.XXXXXX, whose
 * name it leaves in tmpdir; tmpdir_teardown removes it and all in it.  Both
 * are cmocka group fixtures (*state unused), or parts of a test's own.
 */
#ifndef LK_TEST_TMPDIR_H
#define LK_TEST_TMPDIR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sbuf.h"

static char tmpdir[PATH_MAX];

/* tmpdir_path: the path of the file name in the directory, in b. */
static inline const char *
tmpdir_path(sbuf *b, const char *name)
{
	sbuf_reset(b);
	sbuf_addf(b, "%s/%s", tmpdir, name);
	return b->p;
}

/* tmpdir_write: write text to the file name (failing the test if that
 * does not work). */
static inline void
tmpdir_write(const char *name, const char *text)
{
	sbuf path = SBUF_INIT;
	FILE *fp = fopen(tmpdir_path(&path, name), "w");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	sbuf_free(&path);
}

static inline int
tmpdir_rm(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline int
tmpdir_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/%s.XXXXXX",
	    program_invocation_short_name);
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static inline int
tmpdir_teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, tmpdir_rm, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
