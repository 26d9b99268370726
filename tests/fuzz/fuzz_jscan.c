/* fuzz_jscan.c - the NDJSON scanner: jscan_object and jscan_array over any
 * bytes, the string literals they accept decoded and encoded again, and
 * the record a line makes (input_parse_json), its fields read back. */
#include "fuzz.h"
#include "io/input.h"
#include "io/jscan.h"
#include "io/rec.h"

static sbuf tmp = SBUF_INIT;

static int
member(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	(void)ctx;
	if (name != NULL) {
		sbuf_reset(&tmp);
		jscan_unescape(&tmp, name, nlen);
		size_t ok = jscan_utf8_valid(tmp.p, tmp.n);
		sbuf out = SBUF_INIT;
		jscan_escape(&out, tmp.p, ok);
		sbuf_free(&out);
	}
	if (vlen > 0 && val[0] == '"') {
		sbuf_reset(&tmp);
		jscan_unescape(&tmp, val, vlen);
	} else if (vlen > 0 && (val[0] == '{' || val[0] == '[')) {
		jscan_err e;
		if (val[0] == '{')
			(void)jscan_object(val, vlen, member, NULL, &e);
		else
			(void)jscan_array(val, vlen, member, NULL, &e);
	}
	return 0;
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	jscan_err e;
	rec *r;
	sbuf why = SBUF_INIT;

	(void)jscan_object(s, size, member, NULL, &e);
	(void)jscan_array(s, size, member, NULL, &e);
	(void)jscan_utf8_valid(s, size);
	r = rec_new();
	r->raw = s;
	r->rawlen = size;
	r->file = "fuzz";
	r->line = 1;
	if (input_parse_json(r, &why) == 0) {
		for (size_t i = 0; i < r->n; i++) {
			size_t len;
			if (r->f[i].kind == REC_DEL)
				continue;
			(void)rec_field_str(r, &r->f[i], &len);
			(void)rec_field_json(r, &r->f[i]);
		}
		(void)rec_get(r, "email", NULL);
		(void)rec_has(r, "id");
		rec *c = rec_new();
		rec_assign(c, r);
		rec_set_str(c, "x", "y", 1);
		rec_free(c);
	}
	rec_free(r);
	sbuf_free(&why);
}
