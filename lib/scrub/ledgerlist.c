/* ledgerlist.c - the ledger's suppressions as lead-scrub lists */
#include "scrub/ledgerlist.h"

#include <stdio.h>
#include <string.h>

#include "value/date.h"
#include "base/keysort.h"
#include "ledger/ledger.h"

static const struct {
	const char *kind;	/* suppressions.kind */
	listkey_kind key;
} kinds[LEDGERLIST_N] = {
	[LEDGERLIST_ID] = { "id", LISTKEY_ID },
	[LEDGERLIST_EMAIL] = { "email", LISTKEY_EMAIL },
	[LEDGERLIST_PHONE] = { "phone", LISTKEY_PHONE },
};

bool
ledgerlist_is(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	FILE *fp = fopen(path, "rb");
	bool is = fp != NULL && fread(head, 1, sizeof head, fp) ==
	    sizeof head && memcmp(head, magic, sizeof magic) == 0;

	if (fp != NULL)
		fclose(fp);
	return is;
}

int
ledgerlist_load(const char *path, const char *name, time_t as_of,
    listidx *out[LEDGERLIST_N], sbuf *err)
{
	ledger *l = ledger_open(path, false, "lead-scrub", as_of, err);
	sbuf tmp = SBUF_INIT, day = SBUF_INIT, lname = SBUF_INIT;
	int rc = 0;

	if (l == NULL)
		return -1;
	date_format_day(&day, as_of);
	for (int i = 0; i < LEDGERLIST_N; i++) {
		keysort *ks = keysort_new();
		sqlite3_stmt *st = ledger_stmt(l, "SELECT value FROM "
		    "suppressions WHERE kind = ?");
		ledger_bind_text(l, st, 1, kinds[i].kind);
		while (rc == 0 && ledger_step(l, st) == SQLITE_ROW) {
			const char *v = ledger_column(st, 0), *why = NULL;
			uint64_t keys[2];
			int n = listkey_entry(kinds[i].key, v, strlen(v), keys,
			    &why, &tmp);
			if (n == 0) {
				sbuf_addf(err, "%s: suppression %s '%s': %s",
				    path, kinds[i].kind, v, why);
				rc = -1;
			}
			for (int k = 0; k < n; k++)
				keysort_add(ks, keys[k]);
		}
		sbuf_reset(&lname);
		sbuf_addf(&lname, "%s-%s", name, kinds[i].kind);
		out[i] = rc == 0 ? listidx_from_keys(lname.p, day.p,
		    kinds[i].key, ks) : NULL;
		keysort_free(ks);
	}
	if (rc != 0)
		for (int i = 0; i < LEDGERLIST_N; i++)
			listidx_free(out[i]);
	ledger_close(l);
	sbuf_free(&tmp);
	sbuf_free(&day);
	sbuf_free(&lname);
	return rc;
}
