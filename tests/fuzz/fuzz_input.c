/* fuzz_input.c - the reader (input.c, csvin.c, encoding.c): a file read
 * as NDJSON or CSV under every option set and encoding, each record's
 * fields read back, and each record packed and read back (recpack.h):
 * written as the same NDJSON, or a finding; the file's bytes read as a
 * packed record are refused or read without harm.
 *
 * Input: one byte of options, then the file.
 *	bits 0-1  -i: auto, csv, ndjson, auto
 *	bits 2-4  -d: sniffed, ',', ';', TAB, '|', sniffed...
 *	bit 5     -H		bit 6  --trim
 *	bit 7     then a second byte: --encoding, from the table below
 */
#include "fuzz.h"
#include "io/cli.h"
#include "io/input.h"
#include "io/output.h"
#include "io/recpack.h"

static const char *const encodings[] = {
	"auto", "utf-8", "utf-16", "utf-16le", "utf-16be", "utf-32le",
	"utf-32be", "windows-1252", "windows-1250", "iso-8859-1",
	"iso-8859-2", "iso-8859-15", "macintosh", "cp850", "cp437",
};

/* packed_back: r packed (recpack.h) and read back is written as the
 * same NDJSON, or that is a finding; then the file's bytes, read as a
 * packed record, are refused or read without harm. */
static void
packed_back(rec *r, const uint8_t *data, size_t size)
{
	sbuf pk = SBUF_INIT, a = SBUF_INIT, b = SBUF_INIT;
	rec *back = rec_new();

	recpack_put(&pk, r);
	back->raw = rec_strdup(back, pk.p != NULL ? pk.p : "", pk.n);
	back->rawlen = pk.n;
	if (recpack_read(back) != 0)
		abort();
	output_ndjson(&a, r);
	output_ndjson(&b, back);
	if (a.n != b.n || memcmp(a.p, b.p, a.n) != 0)
		abort();
	rec_clear(back);
	back->raw = rec_strdup(back, (const char *)data, size);
	back->rawlen = size;
	(void)recpack_read(back);
	rec_free(back);
	sbuf_free(&pk);
	sbuf_free(&a);
	sbuf_free(&b);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	static const lk_format fmts[] = { LK_FMT_AUTO, LK_FMT_CSV,
	    LK_FMT_NDJSON, LK_FMT_AUTO };
	static const char delims[] = { '\0', ',', ';', '\t', '|', '\0',
	    '\0', '\0' };
	cli_opts o = { 0 };
	unsigned opt;
	char *files[1];
	input *in;
	rec *r;
	const char *why;
	int rc, n = 0;

	if (size < 1)
		return;
	opt = data[0];
	data++, size--;
	o.in_format = fmts[opt & 3];
	o.delim = delims[(opt >> 2) & 7];
	o.no_header = (opt & 0x20) != 0;
	o.trim = (opt & 0x40) != 0;
	if ((opt & 0x80) != 0 && size > 0) {
		o.encoding = encodings[data[0] % (sizeof encodings /
		    sizeof *encodings)];
		if (strcmp(o.encoding, "auto") == 0)
			o.encoding = NULL;
		data++, size--;
	}
	files[0] = (char *)fuzz_write(0, "input", data, size);
	in = input_open(&o, files, 1);
	r = rec_new();
	while ((rc = input_next(in, r, &why)) != 0 && n++ < 100000) {
		if (rc < 0)
			continue;
		for (size_t i = 0; i < r->n; i++) {
			size_t len;
			if (r->f[i].kind != REC_DEL)
				(void)rec_field_str(r, &r->f[i], &len);
		}
		packed_back(r, data, size);
	}
	(void)input_skipped(in);
	(void)input_failed(in);
	rec_free(r);
	input_close(in);
}
