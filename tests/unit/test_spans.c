/* test_spans.c - unit tests for output_ndjson_spans and input_parse_spans:
 * a line read back by its spans has the fields a scan of it gives */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "io/input.h"
#include "io/output.h"
#include "io/rec.h"
#include "base/sbuf.h"

/* parsed: the record of the NDJSON line in (a copy: r owns it). */
static rec *
parsed(const char *in, size_t n)
{
	rec *r = rec_new();
	sbuf why = SBUF_INIT;

	r->raw = rec_strdup(r, in, n);
	r->rawlen = n;
	assert_int_equal(input_parse_json(r, &why), 0);
	sbuf_free(&why);
	return r;
}

/* same: a and b have the same fields, names, JSON text and strings. */
static void
same(rec *a, rec *b)
{
	size_t i = 0, j = 0;

	for (;; i++, j++) {
		while (i < a->n && a->f[i].kind == REC_DEL)
			i++;
		while (j < b->n && b->f[j].kind == REC_DEL)
			j++;
		if (i == a->n || j == b->n)
			break;
		size_t na, nb;
		assert_string_equal(a->f[i].name, b->f[j].name);
		assert_int_equal(a->f[i].vlen, b->f[j].vlen);
		assert_memory_equal(a->f[i].v, b->f[j].v, a->f[i].vlen);
		const char *sa = rec_field_str(a, &a->f[i], &na);
		const char *sb = rec_field_str(b, &b->f[j], &nb);
		assert_true((sa == NULL) == (sb == NULL));
		if (sa != NULL) {
			assert_int_equal(na, nb);
			assert_memory_equal(sa, sb, na);
		}
	}
	assert_int_equal(i, a->n);
	assert_int_equal(j, b->n);
}

/* roundtrip: r written with its spans, read back by them, is what a scan of
 * the line gives; returns the spans' size. */
static size_t
roundtrip(rec *r)
{
	sbuf line = SBUF_INIT, spans = SBUF_INIT;

	output_ndjson_spans(&line, r, &spans);
	rec *byspans = rec_new();
	byspans->raw = rec_strdup(byspans, line.p, line.n);
	byspans->rawlen = line.n;
	assert_int_equal(input_parse_spans(byspans, spans.p, spans.n), 0);
	rec *scanned = parsed(line.p, line.n);
	same(byspans, scanned);
	size_t n = spans.n;
	rec_free(byspans);
	rec_free(scanned);
	sbuf_free(&line);
	sbuf_free(&spans);
	return n;
}

static const char *const lines[] = {
	"{}",
	"{\"a\":\"x\",\"n\":1,\"t\":true,\"z\":null}",
	"  { \"a\" : \"x\" ,\t\"b\":[1, {\"c\": 2}] , \"o\" : {} }",
	"{\"a\\\"b\":\"K\\u00f6ln\",\"e\":\"\",\"\\u00e9\":\"\\n\"}",
	"{\"ü\":\"Müller\",\"x\":-1.5e3}",
};

/* a record as read: its line's members, whitespace and escapes kept */
static void
test_unchanged(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
		rec *r = parsed(lines[k], strlen(lines[k]));
		roundtrip(r);
		rec_free(r);
	}
}

/* a record a stage changed: runs of untouched members between new ones */
static void
test_changed(void **state)
{
	(void)state;
	for (size_t k = 1; k < sizeof lines / sizeof *lines; k++) {
		rec *r = parsed(lines[k], strlen(lines[k]));
		rec_set_str(r, "new \"one\"", "v\\w", 3);
		rec_set_num(r, "n", 42);
		rec_del(r, "a");
		rec_set_raw(r, "j", "[1,2]", 5);
		roundtrip(r);
		rec_free(r);
	}
}

/* a line longer than OUTPUT_SPAN_MAX gets no spans (it is scanned) */
static void
test_long(void **state)
{
	(void)state;
	size_t n = OUTPUT_SPAN_MAX + 10;
	char *v = malloc(n + 1);
	memset(v, 'x', n);
	v[n] = '\0';
	rec *r = rec_new();
	rec_set_str(r, "a", v, n);
	sbuf line = SBUF_INIT, spans = SBUF_INIT;
	output_ndjson_spans(&line, r, &spans);
	assert_int_equal(spans.n, 0);
	assert_true(line.n > OUTPUT_SPAN_MAX);
	free(v);
	rec_free(r);
	sbuf_free(&line);
	sbuf_free(&spans);
}

/* spans that are not the line's are refused, and leave no fields */
static void
test_wrong(void **state)
{
	(void)state;
	const char *line = "{\"a\":\"x\",\"b\":1}\n";
	static const uint16_t bad[][4] = {
		{ 1, 3, 5, 30 },	/* past the end */
		{ 2, 3, 5, 3 },		/* not at a name */
		{ 1, 3, 5, 2 },		/* a string cut */
		{ 1, 1, 5, 3 },		/* a name too short */
	};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		rec *r = rec_new();
		r->raw = line;
		r->rawlen = strlen(line);
		assert_int_equal(input_parse_spans(r, (const char *)bad[k],
		    sizeof bad[k]), -1);
		assert_int_equal(r->n, 0);
		rec_free(r);
	}
	rec *r = rec_new();
	r->raw = line;
	r->rawlen = strlen(line);
	assert_int_equal(input_parse_spans(r, "abc", 3), -1);
	rec_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_wrong),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
