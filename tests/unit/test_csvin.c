/* test_csvin.c - unit tests for csvin.c: the fields it gives equal
 * libcsv's with spaces never trimmed, whichever space test it picks per
 * line (rows with every field blank are skipped); and a projection
 * leaves out only the fields not asked for */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "io/csvin.h"
#include "io/rec.h"
#include "base/sbuf.h"

/* The reference: every row of text, fields joined by '|' and rows ended by
 * '\n', from libcsv with spaces never trimmed (a quote in the output is
 * doubled, so that fields stay apart). */
typedef struct ref {
	sbuf out;
	size_t nf;
} ref;

static int
never(unsigned char c)
{
	(void)c;
	return 0;
}

static void
ref_field(void *s, size_t len, void *data)
{
	ref *r = data;

	if (r->nf++ > 0)
		sbuf_addc(&r->out, '|');
	sbuf_add(&r->out, s != NULL ? s : "", s != NULL ? len : 0);
}

static void
ref_row(int c, void *data)
{
	ref *r = data;

	(void)c;
	sbuf_addc(&r->out, '\n');
	r->nf = 0;
}

static void
reference(const char *text, size_t len, char delim, sbuf *out)
{
	struct csv_parser p;
	ref r = { SBUF_INIT, 0 };

	assert_int_equal(csv_init(&p, 0), 0);
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_space_func(&p, never);
	csv_parse(&p, text, len, ref_field, ref_row, &r);
	csv_fini(&p, ref_field, ref_row, &r);
	csv_free(&p);
	sbuf_add(out, r.out.p, r.out.n);
	sbuf_free(&r.out);
}

/* drain: the rows waiting in c, as the reference writes them, into out;
 * false when one was bad. */
static bool
drain(csvin *c, rec *r, sbuf *out)
{
	const char *why;
	bool ok = true;
	int rc;

	for (rec_clear(r); (rc = csvin_take(c, r, &why)) != 0; rec_clear(r)) {
		ok &= rc == 1;
		for (size_t k = 0; k < r->n; k++) {
			size_t vlen;
			const char *v = rec_get(r, r->f[k].name, &vlen);
			if (k > 0)
				sbuf_addc(out, '|');
			sbuf_add(out, v, vlen);
		}
		sbuf_addc(out, '\n');
	}
	return ok;
}

/* through_csvin: the rows csvin makes of text, line by line, as the
 * reference writes them (-H: every row counts); false when a row was bad
 * (an unterminated quote), which libcsv leaves to its caller. */
static bool
through_csvin(const char *text, size_t len, char delim, sbuf *out)
{
	csvin *c = csvin_new("t", delim, false, true);
	rec *r = rec_new();
	unsigned long lineno = 0;
	bool ok = true;

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - text - i) + 1 : len - i;
		csvin_line(c, text + i, n, text + i, n, ++lineno, NULL);
		i += n;
		ok &= drain(c, r, out);
	}
	csvin_end(c);
	ok &= drain(c, r, out);
	rec_free(r);
	csvin_free(c);
	return ok;
}

/* blank_row: want, one row as the reference writes it, has no field with
 * anything but spaces and tabs: csvin skips it. */
static bool
blank_row(const sbuf *want)
{
	return strspn(want->p, " \t|") == want->n - 1;
}

/* Random lines over the characters that matter (spaces, tabs, quotes,
 * delimiters, CR) and a letter: csvin's rows are libcsv's with spaces
 * kept, for a comma and a tab as the delimiter. */
static void
test_spaces_kept(void **state)
{
	static const char alpha[] = "a  \t\",\r";
	static const char delims[] = ",\t";
	unsigned seed = 12345;

	(void)state;
	for (size_t d = 0; d < sizeof delims - 1; d++) {
		for (int round = 0; round < 100000; round++) {
			sbuf text = SBUF_INIT, want = SBUF_INIT,
			    got = SBUF_INIT;
			int len = 1 + (int)((seed = seed * 1103515245 + 12345)
			    >> 16) % 16;
			for (int i = 0; i < len; i++) {
				seed = seed * 1103515245 + 12345;
				char ch = alpha[(seed >> 16) %
				    (sizeof alpha - 1)];
				sbuf_addc(&text, ch == ',' ? delims[d] : ch);
			}
			sbuf_addc(&text, '\n');
			reference(text.p, text.n, delims[d], &want);
			bool ok = through_csvin(text.p, text.n, delims[d],
			    &got);
			/* csvin ends a row at a bare CR like libcsv: compare
			 * texts of one row, read without error */
			if (ok && want.n > 0 &&
			    memchr(want.p, '\n', want.n) == want.p + want.n - 1)
				if (strcmp(blank_row(&want) ? "" :
				    sbuf_str(&want), sbuf_str(&got)) != 0)
					fail_msg("%s: want %s got %s",
					    sbuf_str(&text), want.p,
					    sbuf_str(&got));
			sbuf_free(&text);
			sbuf_free(&want);
			sbuf_free(&got);
		}
	}
}

/* feed: each line of text into c. */
static void
feed(csvin *c, const char *text)
{
	unsigned long lineno = 0;

	for (const char *p = text; *p != '\0';) {
		size_t n = strcspn(p, "\n") + 1;
		csvin_line(c, p, n, p, n, ++lineno, NULL);
		p += n;
	}
	csvin_end(c);
}

/* A projection keeps the columns asked for, in their order, marks the
 * record partial, and still checks the row whole. */
static void
test_project(void **state)
{
	static const char *const want[] = { "c", "a", NULL };
	csvin *c = csvin_new("t", ',', false, false);
	rec *r = rec_new();
	const char *why;
	size_t n;

	(void)state;
	csvin_project(c, want);
	feed(c, "a,b,c\n1,2,3\n4,5\n");
	assert_int_equal(csvin_take(c, r, &why), 1);
	assert_int_equal(r->n, 2);
	assert_true(r->partial);
	assert_string_equal(r->f[0].name, "a");
	assert_string_equal(rec_get(r, "a", &n), "1");
	assert_string_equal(rec_get(r, "c", &n), "3");
	assert_null(rec_get(r, "b", &n));
	assert_memory_equal(r->raw, "1,2,3", 5);
	rec_clear(r);
	assert_int_equal(csvin_take(c, r, &why), -1);
	assert_string_equal(why, "2 fields, but the header has 3");
	rec_free(r);
	csvin_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_project),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
