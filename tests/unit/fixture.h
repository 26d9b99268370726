/* fixture.h - the unit tests' fixture files and country table
 *
 * Fixtures live in $LEADKIT_FIXTURES, else tests/fixtures/unit (the test
 * runner works from the repository root).  fixture_countries_setup and
 * _teardown are cmocka group fixtures: *state is the loaded country_table.
 */
#ifndef LK_TEST_FIXTURE_H
#define LK_TEST_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value/country.h"
#include "base/sbuf.h"

/* fixture: the path of the fixture file name, in b. */
static inline const char *
fixture(sbuf *b, const char *name)
{
	const char *dir = getenv("LEADKIT_FIXTURES");

	sbuf_reset(b);
	sbuf_addf(b, "%s/%s", dir && *dir ? dir : "tests/fixtures/unit", name);
	return b->p;
}

static inline int
fixture_countries_setup(void **state)
{
	sbuf path = SBUF_INIT;
	char *err = NULL;
	country_table *t = country_table_load(fixture(&path, "countries.tsv"),
	    &err);

	if (t == NULL)
		fprintf(stderr, "%s: %s\n", path.p,
		    err ? err : strerror(errno));
	sbuf_free(&path);
	free(err);
	*state = t;
	return t == NULL ? -1 : 0;
}

static inline int
fixture_countries_teardown(void **state)
{
	country_table_free(*state);
	return 0;
}

#endif
