/* fuzz_fields.c - lead-import over every field: one value put in every
 * canonical field (field.h) of a lead, as a JSON string, as the JSON text
 * it is (when it is JSON: every kind of value in every field), and as a
 * CSV cell, then imported; so each normalizer meets every value the
 * fuzzer makes, not only those that sit where a file puts them.
 *
 * Input: one byte of options (bits 0-1 --date-order: none, dmy, mdy, ymd;
 * bit 2 --country DE; bit 3 -o csv), then the value.
 */
#include <jansson.h>

#include "io/jscan.h"
#include "io/verb.h"
#include "lead/field.h"
#include "verbs/verbs.h"
#include "fuzz.h"

static void
run(unsigned opt, const char *path)
{
	static const char *const orders[] = { NULL, "dmy", "mdy", "ymd" };
	char *argv[16];
	int argc = 0;

	argv[argc++] = "lead-import";
	argv[argc++] = "--as-of";
	argv[argc++] = "2026-03-01";
	if (orders[opt & 3] != NULL) {
		argv[argc++] = "--date-order";
		argv[argc++] = (char *)orders[opt & 3];
	}
	if (opt & 4) {
		argv[argc++] = "--country";
		argv[argc++] = "DE";
	}
	argv[argc] = NULL;
	fuzz_stage_run(&import_verb, opt & 7, argc, argv,
	    opt & 8 ? LK_FMT_CSV : LK_FMT_AUTO, fuzz_path(1, "rejects"), path);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	sbuf b = SBUF_INIT;
	unsigned opt;
	const char *v;
	size_t n;

	if (size < 1)
		return;
	opt = data[0];
	v = (const char *)data + 1;
	n = size - 1;
	/* NDJSON: the value as a string (its valid UTF-8 prefix), then as
	 * JSON text when it is one value of JSON */
	size_t ok = jscan_utf8_valid(v, n);
	sbuf_addc(&b, '{');
	for (int k = 0; k < F_COUNT; k++) {
		sbuf_addf(&b, "%s\"%s\":", k > 0 ? "," : "", field_name(k));
		jscan_escape(&b, v, ok);
	}
	sbuf_adds(&b, "}\n");
	json_error_t e;
	json_t *j = json_loadb(v, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    &e);
	if (j != NULL && memchr(v, '\n', n) == NULL) {
		sbuf_addc(&b, '{');
		for (int k = 0; k < F_COUNT; k++) {
			sbuf_addf(&b, "%s\"%s\":", k > 0 ? "," : "",
			    field_name(k));
			sbuf_add(&b, v, n);
		}
		sbuf_adds(&b, "}\n");
	}
	json_decref(j);
	run(opt, fuzz_write(0, "leads.ndjson", b.p, b.n));
	/* CSV: a header of every field, and the value, quoted, in each */
	sbuf_reset(&b);
	for (int k = 0; k < F_COUNT; k++)
		sbuf_addf(&b, "%s%s", k > 0 ? "," : "", field_name(k));
	sbuf_addc(&b, '\n');
	for (int k = 0; k < F_COUNT; k++) {
		sbuf_adds(&b, k > 0 ? ",\"" : "\"");
		for (size_t i = 0; i < n; i++) {
			if (v[i] == '"')
				sbuf_addc(&b, '"');
			sbuf_addc(&b, v[i]);
		}
		sbuf_addc(&b, '"');
	}
	sbuf_addc(&b, '\n');
	run(opt, fuzz_write(0, "leads.csv", b.p, b.n));
	sbuf_free(&b);
}
