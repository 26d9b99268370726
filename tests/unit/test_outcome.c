/* test_outcome.c - unit tests for outcome.c, on the shipped tables */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lead/lifecycle.h"
#include "lead/outcome.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))
#define STAGES "share/leadkit/lifecycle.tsv"
#define CATEGORIES "share/leadkit/dq-categories.tsv"
#define OUTCOMES "share/leadkit/outcomes.tsv"

typedef struct fixture {
	lifecycle *lc;
	outcome_table *ot;
} fixture;

static int
setup(void **state)
{
	static fixture f;
	sbuf err = SBUF_INIT;

	f.lc = lifecycle_load(STAGES, CATEGORIES, &err);
	if (f.lc != NULL)
		f.ot = outcome_load(OUTCOMES, f.lc, &err);
	if (f.ot == NULL)
		fprintf(stderr, "%s\n", err.p);
	sbuf_free(&err);
	*state = &f;
	return f.ot == NULL;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	outcome_free(f->ot);
	lifecycle_free(f->lc);
	return 0;
}

/* The shipped table, as lead-feedback(1) documents it. */
static void
test_shipped(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *name, *stage;
		bool by_reason;
		outcome_move move;
		int label;
	} cases[] = {
		{ "accepted", "sal", false, OUTCOME_ADVANCE, -1 },
		{ "contacted", "sal", false, OUTCOME_ADVANCE, -1 },
		{ "rejected", "review", true, OUTCOME_SET, 0 },
		{ "won", "won", false, OUTCOME_SET, 1 },
		{ "lost", "lost", true, OUTCOME_SET, 0 },
		{ "no-response", "nurture", true, OUTCOME_SET, 0 },
		{ "converted", "opportunity", false, OUTCOME_ADVANCE, 1 },
		{ "qualified", "sql", false, OUTCOME_ADVANCE, -1 },
	};

	for (size_t i = 0; i < N(cases); i++) {
		const outcome *o = outcome_find(f->ot, cases[i].name,
		    strlen(cases[i].name));
		assert_non_null(o);
		assert_string_equal(o->name, cases[i].name);
		assert_string_equal(o->stage, cases[i].stage);
		/* the lifecycle's own pointer: compared as such */
		assert_ptr_equal(o->stage, lifecycle_stage(f->lc,
		    cases[i].stage, strlen(cases[i].stage)));
		assert_int_equal(o->by_reason, cases[i].by_reason);
		assert_int_equal(o->move, cases[i].move);
		assert_int_equal(o->label, cases[i].label);
	}
	assert_string_equal(outcome_names(f->ot),
	    "accepted, contacted, rejected, won, lost, no-response, "
	    "converted, qualified, open");
	/* open records nothing: no stage, whatever the reason */
	const outcome *open = outcome_find(f->ot, "open", 4);
	assert_non_null(open);
	assert_null(open->stage);
	assert_null(outcome_stage(open, lifecycle_category_find(f->lc,
	    "nurture")));
}

/* What CRMs write: status values (with their reason) and reasons. */
static void
test_crm_values(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *value, *outcome, *reason;
	} values[] = {
		{ "Closed - Converted", "converted", NULL },
		{ "CLOSED_NOT_CONVERTED", "lost", NULL },
		{ "Working - Contacted", "contacted", NULL },
		{ "Open - Not Contacted", "open", NULL },
		{ "Bad Timing", "rejected", "nurture" },
		{ "attempted_to_contact", "accepted", NULL },
		{ "Customer", "won", NULL },
		{ "won", "won", NULL },
		{ "No Response", "no-response", NULL },
	};
	const char *why;

	for (size_t i = 0; i < N(values); i++) {
		const outcome *o = outcome_value(f->ot, values[i].value,
		    strlen(values[i].value), &why);
		assert_non_null(o);
		assert_string_equal(o->name, values[i].outcome);
		if (values[i].reason == NULL)
			assert_null(why);
		else
			assert_string_equal(why, values[i].reason);
	}
	assert_null(outcome_value(f->ot, "Maybe Later", 11, &why));
	assert_null(outcome_value(f->ot, " - ", 3, &why));
	assert_int_equal(outcome_reason(f->ot, "No Budget", 9, &why), 1);
	assert_string_equal(why, "nurture");
	assert_int_equal(outcome_reason(f->ot, "WRONG_DATA", 10, &why), 1);
	assert_string_equal(why, "bad_data");
	assert_int_equal(outcome_reason(f->ot, "Duplicate", 9, &why), 1);
	assert_null(why);
	assert_int_equal(outcome_reason(f->ot, "Spam", 4, &why), 0);
}

static void
test_find_spellings(void **state)
{
	fixture *f = *state;
	static const char *const no_response[] = {
		"no-response", "No Response", "no_response", " NO-RESPONSE\t",
	};
	static const char *const none[] = {
		"", "noresponse", "no--response", "maybe", "won!",
	};

	for (size_t i = 0; i < N(no_response); i++) {
		const outcome *o = outcome_find(f->ot, no_response[i],
		    strlen(no_response[i]));
		assert_non_null(o);
		assert_string_equal(o->name, "no-response");
	}
	for (size_t i = 0; i < N(none); i++)
		assert_null(outcome_find(f->ot, none[i], strlen(none[i])));
	/* a length, not a NUL, ends the name */
	assert_non_null(outcome_find(f->ot, "wonder", 3));
}

/* reason:STAGE: the reason's status when there is one. */
static void
test_stage(void **state)
{
	fixture *f = *state;
	const outcome *lost = outcome_find(f->ot, "lost", 4);
	const outcome *won = outcome_find(f->ot, "won", 3);
	const lifecycle_category *nurture = lifecycle_category_find(f->lc,
	    "nurture");
	const lifecycle_category *partner = lifecycle_category_find(f->lc,
	    "partner");

	assert_string_equal(outcome_stage(lost, NULL), "lost");
	assert_string_equal(outcome_stage(lost, nurture), "nurture");
	assert_string_equal(outcome_stage(lost, partner), "disqualified");
	assert_string_equal(outcome_stage(won, partner), "won");
}

/* load_error: the table text fails to load with message msg (after
 * "path:"). */
static void
load_error(fixture *f, const char *text, const char *msg)
{
	char path[] = "/tmp/test_outcome.XXXXXX";
	int fd = mkstemp(path);
	sbuf err = SBUF_INIT, want = SBUF_INIT;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_null(outcome_load(path, f->lc, &err));
	sbuf_addf(&want, "%s%s", path, msg);
	assert_string_equal(err.p, want.p);
	unlink(path);
	sbuf_free(&err);
	sbuf_free(&want);
}

static void
test_errors(void **state)
{
	fixture *f = *state;
	sbuf err = SBUF_INIT;

	load_error(f, "# only a comment\n", ": no outcomes");
	load_error(f, "won\twon\tset\t1\n", ":1: expected "
	    "\"outcome<TAB>stage<TAB>advance|set<TAB>1|0|-<TAB>meaning\"");
	load_error(f, "won\tdone\tset\t1\tx\n",
	    ":1: 'done' is not a stage of the lifecycle");
	load_error(f, "lost\treason:gone\tset\t0\tx\n",
	    ":1: 'gone' is not a stage of the lifecycle");
	load_error(f, "won\twon\tjump\t1\tx\n",
	    ":1: 'jump' is not advance or set");
	load_error(f, "won\twon\tset\tyes\tx\n",
	    ":1: label 'yes' is not 1, 0 or -");
	load_error(f, "# c\nwon\twon\tset\t1\tx\nwon\twon\tset\t1\tx\n",
	    ":3: outcome won is there twice");
	load_error(f, "No Response\tnurture\tset\t0\tx\n",
	    ":1: outcome 'No Response' is not in lower case with '-' "
	    "between words");
	load_error(f, "value\tWon It\twon\n",
	    ":1: 'won' is not an outcome of a line above");
	load_error(f, "won\twon\tset\t1\tx\nvalue\tWon It\twon nope\n",
	    ":2: 'nope' is not a category of the disqualification table");
	load_error(f, "won\twon\tset\t1\tx\nreason\tDup\t-\n"
	    "reason\tDUP\t-\n", ":3: reason 'DUP' is there twice");
	load_error(f, "won\twon\tset\t1\tx\nvalue\t--\twon\n",
	    ":2: value '--' has no letter or digit");
	assert_null(outcome_load("/nonexistent/outcomes.tsv", f->lc, &err));
	assert_string_equal(err.p,
	    "/nonexistent/outcomes.tsv: No such file or directory");
	sbuf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_find_spellings),
		cmocka_unit_test(test_crm_values),
		cmocka_unit_test(test_stage),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
