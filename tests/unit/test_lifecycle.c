/* test_lifecycle.c - unit tests for lifecycle.c, on the shipped tables */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "fixture.h"
#include "lead/lifecycle.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))
#define STAGES "share/leadkit/lifecycle.tsv"
#define CATEGORIES "share/leadkit/dq-categories.tsv"

static int
setup(void **state)
{
	sbuf err = SBUF_INIT;

	*state = lifecycle_load(STAGES, CATEGORIES, &err);
	if (*state == NULL)
		fprintf(stderr, "%s\n", err.p);
	sbuf_free(&err);
	return *state == NULL;
}

static int
teardown(void **state)
{
	lifecycle_free(*state);
	return 0;
}

/* The moves the documentation promises (lead(7), Lifecycle). */
static void
test_moves(void **state)
{
	static const struct {
		const char *from, *to;
		lifecycle_move kind;
	} cases[] = {
		{ "suspect", "mql", LIFECYCLE_FORWARD },
		{ "lead", "mql", LIFECYCLE_FORWARD },
		{ "mql", "sql", LIFECYCLE_FORWARD },
		{ "mql", "nurture", LIFECYCLE_FORWARD },
		{ "mql", "lead", LIFECYCLE_BACK },
		{ "lead", "suspect", LIFECYCLE_BACK },
		{ "sql", "opportunity", LIFECYCLE_FORWARD },
		{ "sql", "nurture", LIFECYCLE_BACK },
		{ "sql", "mql", LIFECYCLE_BACK },
		{ "sal", "disqualified", LIFECYCLE_BACK },
		{ "opportunity", "won", LIFECYCLE_FORWARD },
		{ "opportunity", "mql", LIFECYCLE_BACK },
		{ "won", "mql", LIFECYCLE_REFUSED },
		{ "won", "nurture", LIFECYCLE_REFUSED },
		{ "won", "review", LIFECYCLE_FORWARD },
		{ "nurture", "mql", LIFECYCLE_FORWARD },
		{ "lost", "nurture", LIFECYCLE_FORWARD },
		{ "disqualified", "lead", LIFECYCLE_FORWARD },
		{ "review", "sql", LIFECYCLE_FORWARD },
	};
	int bad = 0;

	for (size_t i = 0; i < N(cases); i++) {
		lifecycle_move k = lifecycle_move_kind(*state, cases[i].from,
		    cases[i].to);
		if (k != cases[i].kind) {
			print_error("%s -> %s: %d, expected %d\n",
			    cases[i].from, cases[i].to, k, cases[i].kind);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_stages_and_categories(void **state)
{
	const lifecycle *lc = *state;
	size_t n;
	const char *const *st = lifecycle_stages(lc, &n);

	assert_int_equal(n, 12);
	assert_string_equal(st[0], "suspect");
	assert_ptr_equal(lifecycle_stage(lc, "mqlx", 3), lifecycle_stage(lc,
	    "mql", 3));
	assert_ptr_equal(lifecycle_stage(lc, " MQL ", 5), lifecycle_stage(lc,
	    "mql", 3));
	assert_null(lifecycle_stage(lc, "mq", 2));
	const lifecycle_category *c = lifecycle_category_find(lc, "partner");
	assert_non_null(c);
	assert_int_equal(c->effect, LIFECYCLE_HANDOFF);
	assert_string_equal(c->handoff, "partner");
	assert_string_equal(c->status, "disqualified");
	c = lifecycle_category_find(lc, "nurture");
	assert_int_equal(c->effect, LIFECYCLE_RECYCLE);
	assert_string_equal(c->status, "nurture");
	assert_int_equal(lifecycle_category_find(lc, "bad_data")->effect,
	    LIFECYCLE_SUPPRESS);
	assert_int_equal(lifecycle_category_find(lc, "no_interest")->effect,
	    LIFECYCLE_NOTHING);
	assert_null(lifecycle_category_find(lc, "x"));
	assert_string_equal(lifecycle_category_names(lc),
	    "no_interest, nurture, partner, bad_data");
}

/* The shipped table's roles: the stages the programs treat apart. */
static void
test_roles(void **state)
{
	const lifecycle *lc = *state;

	assert_ptr_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_LEAD),
	    lifecycle_stage(lc, "lead", 4));
	assert_ptr_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_MQL),
	    lifecycle_stage(lc, "mql", 3));
	assert_ptr_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_WON),
	    lifecycle_stage(lc, "won", 3));
	assert_ptr_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_NURTURE),
	    lifecycle_stage(lc, "nurture", 7));
	assert_string_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_WORKING),
	    "sal");
	assert_true(lifecycle_has_role(lc, "sal", LIFECYCLE_ROLE_WORKING));
	assert_true(lifecycle_has_role(lc, "sql", LIFECYCLE_ROLE_WORKING));
	assert_true(lifecycle_has_role(lc, "opportunity",
	    LIFECYCLE_ROLE_WORKING));
	assert_false(lifecycle_has_role(lc, "won", LIFECYCLE_ROLE_WORKING));
	assert_false(lifecycle_has_role(lc, "mql", LIFECYCLE_ROLE_WORKING));
	assert_ptr_equal(lifecycle_role_stage(lc, LIFECYCLE_ROLE_REVIEW),
	    lifecycle_stage(lc, "review", 6));
	assert_string_equal(lifecycle_role_name(LIFECYCLE_ROLE_WORKING),
	    "working");
}

/* table: a shipped table (a path) as it is, else a fixture's path. */
static const char *
table(sbuf *b, const char *name)
{
	if (strchr(name, '/') != NULL) {
		sbuf_reset(b);
		sbuf_adds(b, name);
	} else {
		fixture(b, "lifecycle/");
		sbuf_adds(b, name);
	}
	return b->p;
}

static void
test_errors(void **state)
{
	static const struct {
		const char *stages, *cats, *msg;
	} cases[] = {
		{ "bad-line.tsv", CATEGORIES, "bad-line.tsv:3: expected "
		  "\"stage<TAB>name<TAB>meaning\", \"move<TAB>from<TAB>to"
		  "<TAB>forward|back\", \"reached<TAB>stage<TAB>stage|-\" "
		  "or \"role<TAB>role<TAB>stage\"" },
		{ "bad-role.tsv", CATEGORIES, "bad-role.tsv:2: 'boss' is not "
		  "a role (lead, mql, won, working, nurture, review)" },
		{ "bad-role-twice.tsv", CATEGORIES, "bad-role-twice.tsv:4: "
		  "role mql is there twice" },
		{ "bad-stage.tsv", CATEGORIES, "bad-stage.tsv:2: 'zz' is not "
		  "a stage (stage lines come first)" },
		{ "bad-kind.tsv", CATEGORIES, "bad-kind.tsv:3: 'sideways' is "
		  "not forward or back" },
		{ STAGES, "bad-effect.tsv", "bad-effect.tsv:1: 'bogus' is not "
		  "a consequence (-, recycle_after, handoff=WHO, suppress)" },
		{ "no-such.tsv", CATEGORIES, "no-such.tsv: No such file or "
		  "directory" },
	};
	sbuf a = SBUF_INIT, b = SBUF_INIT, err = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		assert_null(lifecycle_load(table(&a, cases[i].stages),
		    table(&b, cases[i].cats), &err));
		const char *slash = strrchr(err.p, '/');
		assert_string_equal(slash != NULL ? slash + 1 : err.p,
		    cases[i].msg);
	}
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_stages_and_categories),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
