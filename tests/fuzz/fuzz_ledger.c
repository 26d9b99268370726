/* fuzz_ledger.c - the records the ledger keeps: a lead's stored record
 * (leads.record) read back as a lead, its keys (ledgerkeys.c: ids,
 * source ids, e-mails and phones, from fields and arrays of any JSON
 * kind) added and looked up, and the record written again.  Each input
 * runs in a transaction that is rolled back, on one ledger in the
 * scratch folder.
 */
#include "ledger/ledger.h"
#include "ledger/ledgerkeys.h"
#include "fuzz.h"

static ledger *l;

static void
fuzz_one(const uint8_t *data, size_t size)
{
	sbuf err = SBUF_INIT, out = SBUF_INIT, first = SBUF_INIT;
	sbuf list = SBUF_INIT;
	char *text;
	rec *r;

	if (l == NULL) {
		const char *path = fuzz_path(3, "leads.db");
		unlink(path);
		if ((l = ledger_open(path, true, "fuzz", 1775000000, &err)) ==
		    NULL) {
			fprintf(stderr, "%s\n", err.p);
			abort();
		}
	}
	/* the column is text: up to its first NUL */
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	r = rec_new();
	ledger_begin(l);
	if (ledger_record_read(r, text, &err) == 0) {
		const char *id = rec_get(r, "id", NULL);
		ledger_keys_record(l, id != NULL ? id : "L-fuzz", r,
		    1775000000);
		static const char *const kinds[] = { LEDGER_KEY_ID,
		    LEDGER_KEY_SOURCE_ID, LEDGER_KEY_EMAIL, LEDGER_KEY_PHONE };
		static const char *const fields[] = { "id", "source_id",
		    "email", "phone" };
		for (size_t i = 0; i < 4; i++) {
			size_t n;
			const char *v = rec_get(r, fields[i], &n);
			if (v != NULL)
				(void)ledger_keys_find(l, kinds[i], v, n,
				    rec_get(r, "source_system", NULL),
				    &first, &list);
		}
		ledger_record_text(l, r, &out);
		rec *again = rec_new();
		if (ledger_record_read(again, out.p, &err) != 0) {
			fprintf(stderr, "written record does not read: %s\n",
			    out.p);
			abort();
		}
		rec_free(again);
	}
	ledger_exec(l, "ROLLBACK");
	rec_free(r);
	free(text);
	sbuf_free(&err);
	sbuf_free(&out);
	sbuf_free(&first);
	sbuf_free(&list);
}
