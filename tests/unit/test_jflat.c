/* test_jflat.c - unit tests for jflat.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "io/input.h"
#include "io/jflat.h"
#include "io/rec.h"
#include "base/sbuf.h"

#define N(a) (sizeof (a) / sizeof *(a))

/* flat: the record of the NDJSON line in, flattened (events kept), as
 * "name=value;" text of its members left. */
static void
flat(sbuf *out, const char *in)
{
	static const char *const keep[] = { "events", NULL };
	rec *r = rec_new();
	sbuf why = SBUF_INIT;

	r->raw = in;
	r->rawlen = strlen(in);
	assert_int_equal(input_parse_json(r, &why), 0);
	jflat_record(r, keep);
	sbuf_reset(out);
	for (size_t i = 0; i < r->n; i++) {
		if (r->f[i].kind == REC_DEL)
			continue;
		sbuf_adds(out, r->f[i].name);
		sbuf_addc(out, '=');
		sbuf_add(out, r->f[i].v, r->f[i].vlen);
		sbuf_addc(out, ';');
	}
	rec_free(r);
	sbuf_free(&why);
}

static void
test_flatten(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "{\"a\":\"x\",\"n\":1}", "a=\"x\";n=1;" },
		{ "{\"e\":[\"a@b.de\"]}", "e=\"a@b.de\";" },
		{ "{\"e\":[[[\"x\"]]]}", "e=\"x\";" },
		{ "{\"e\":[],\"o\":{}}", "e=null;o=null;" },
		{ "{\"e\":[\"a\",\"b\"]}", "e=[\"a\",\"b\"];" },
		{ "{\"events\":[{\"type\":\"visit\"}]}",
		    "events=[{\"type\":\"visit\"}];" },
		{ "{\"c\":{\"e\":\"x\",\"a\":{\"city\":\"K\\u00f6ln\"}},\"z\":1}",
		    "z=1;c.e=\"x\";c.a.city=\"K\\u00f6ln\";" },
		{ "{\"field_data\":[{\"name\":\"email\",\"values\":[\"e@f\"]},"
		    "{\"name\":\"tags\",\"values\":[\"a\",\"b\"]}]}",
		    "email=\"e@f\";tags=[\"a\",\"b\"];" },
		/* not the field_data shape: a list as it is */
		{ "{\"field_data\":[{\"name\":\"x\"},{\"k\":1}]}",
		    "field_data=[{\"name\":\"x\"},{\"k\":1}];" },
		/* a name taken: _2 */
		{ "{\"c.e\":1,\"c\":{\"e\":2}}", "c.e=1;c.e_2=2;" },
	};
	sbuf b = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		flat(&b, cases[i].in);
		assert_string_equal(sbuf_str(&b), cases[i].out);
	}
	sbuf_free(&b);
}

static void
test_leaf(void **state)
{
	static const struct { const char *name; size_t leaf; } cases[] = {
		{ "email", 0 },
		{ "contact.email", 8 },
		{ "Contact.Address.city", 16 },
		{ "contact.company.name", 8 },
		{ "owner.email", 0 },
		{ "form.name", 0 },
		{ "contact.", 0 },
		{ "contact.address", 8 },
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		assert_int_equal(jflat_leaf(cases[i].name,
		    strlen(cases[i].name)), cases[i].leaf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flatten),
		cmocka_unit_test(test_leaf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
