/* test_recpack.c - unit tests for recpack.c: a record read back is
 * written as the same NDJSON, and bytes that are no record are refused */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/input.h"
#include "io/output.h"
#include "io/recpack.h"
#include "io/rec.h"
#include "base/sbuf.h"

/* parsed: the record of the NDJSON line in (a copy: r owns it). */
static rec *
parsed(const char *in)
{
	rec *r = rec_new();
	sbuf why = SBUF_INIT;

	r->raw = rec_strdup(r, in, strlen(in));
	r->rawlen = strlen(in);
	assert_int_equal(input_parse_json(r, &why), 0);
	sbuf_free(&why);
	return r;
}

/* back: r packed and read back into a new record. */
static rec *
back(rec *r)
{
	sbuf b = SBUF_INIT;
	rec *out = rec_new();

	recpack_put(&b, r);
	out->raw = rec_strdup(out, b.p != NULL ? b.p : "", b.n);
	out->rawlen = b.n;
	assert_int_equal(recpack_read(out), 0);
	sbuf_free(&b);
	return out;
}

/* same_line: r and its copy read back are written as the same NDJSON,
 * and a copy of the copy (rec_assign) too. */
static void
same_line(rec *r)
{
	sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT;
	rec *r2 = back(r), *r3 = rec_new();

	output_ndjson(&a, r);
	output_ndjson(&b, r2);
	rec_assign(r3, r2);
	rec_clear(r2);		/* the copy owns what it holds */
	output_ndjson(&c, r3);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	assert_int_equal(a.n, c.n);
	assert_memory_equal(a.p, c.p, a.n);
	rec_free(r2);
	rec_free(r3);
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&c);
}

static const char *const lines[] = {
	"{}",
	"{\"a\":\"x\",\"n\":1.50,\"t\":true,\"z\":null,\"e\":\"\"}",
	"  { \"a\" : \"x\" ,\t\"b\":[1, {\"c\": 2}] , \"o\" : {} }",
	"{\"a\\\"b\":\"K\\u00f6ln\",\"\\u00e9\":\"\\n\",\"s\":\"a\\/b\"}",
	"{\"ü\":\"Müller\",\"x\":-1.5e3}",
};

/* records as read: names and values as their line had them */
static void
test_as_read(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
		rec *r = parsed(lines[k]);
		same_line(r);
		rec_free(r);
	}
}

/* records a stage changed: strings, numbers, JSON values, deletions */
static void
test_changed(void **state)
{
	(void)state;
	for (size_t k = 1; k < sizeof lines / sizeof *lines; k++) {
		rec *r = parsed(lines[k]);
		rec_set_str(r, "new \"one\"", "v\\w\n", 4);
		rec_set_num(r, "n", 42);
		rec_del(r, "a");
		rec_set_raw(r, "j", "[1,2]", 5);
		rec_set_json(r, "flags", json_pack("[s,s]", "x", "y\""));
		rec_set_json(r, "name", json_string("Ann"));
		same_line(r);
		rec_free(r);
	}
}

/* plain JSON strings come back as plain strings, the rest as JSON */
static void
test_kinds(void **state)
{
	(void)state;
	rec *r = parsed("{\"a\":\"x\",\"b\":\"K\\u00f6ln\",\"n\":1}");
	rec *r2 = back(r);	/* as read: its line */
	assert_int_equal(r2->f[0].kind, REC_RAW);
	rec_free(r2);
	rec_set_raw(r, "n", "1", 1);	/* changed: packed */
	r2 = back(r);
	size_t n;
	assert_int_equal(r2->n, 3);
	assert_int_equal(r2->f[0].kind, REC_STR);
	assert_string_equal(r2->f[0].v, "x");
	assert_int_equal(r2->f[1].kind, REC_RAW);
	assert_string_equal(rec_field_str(r2, &r2->f[1], &n), "Köln");
	assert_int_equal(r2->f[2].kind, REC_RAW);
	assert_string_equal(rec_get(r2, "n", NULL), "1");
	rec_free(r);
	rec_free(r2);
}

/* bytes that are no record: refused, no fields left */
static void
test_wrong(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"x",			/* no such kind */
		"s\1",			/* cut short */
		"s\1\1a\0bX",		/* no NUL after the value */
		"r\1\0a\0\0",		/* JSON text of nothing */
		"s\1\377\377\377\377\377a",	/* a length too long */
	};
	static const size_t len[] = { 1, 2, 7, 6, 9 };
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		rec *r = rec_new();
		r->raw = rec_strdup(r, bad[k], len[k]);
		r->rawlen = len[k];
		assert_int_equal(recpack_read(r), -1);
		assert_int_equal(r->n, 0);
		rec_free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_read),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_wrong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
