/* ledgerkeys.c - the keys a lead of the ledger is found by */
#include "ledger/ledgerkeys.h"

#include <string.h>

#include "value/email.h"
#include "base/lines.h"

/* add: one key of lead id, unless it has it. */
static void
add(ledger *l, const char *id, const char *kind, const char *v, size_t n,
    const char *system, time_t at)
{
	sqlite3_stmt *st = ledger_stmt(l, "INSERT OR IGNORE INTO lead_keys "
	    "(kind, value, system, lead, since) VALUES (?, ?, ?, ?, ?)");

	ledger_bind_text(l, st, 1, kind);
	ledger_bind_textn(l, st, 2, v, n);
	ledger_bind_text(l, st, 3, system != NULL ? system : "");
	ledger_bind_text(l, st, 4, id);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)at);
	ledger_step(l, st);
}

/* The key one value of a field gives. */
struct keyctx {
	ledger *l;
	const char *id, *kind;
	time_t at;
	sbuf norm;
};

static void
add_value(struct keyctx *k, const char *s, size_t n)
{
	if ((s = lines_trim(s, &n)) == NULL)
		return;
	if (strcmp(k->kind, LEDGER_KEY_EMAIL) == 0) {
		sbuf_reset(&k->norm);
		if (email_norm(&k->norm, s, n) == 0) {
			s = k->norm.p;
			n = k->norm.n;
		}
	}
	if (strcmp(k->kind, LEDGER_KEY_ID) == 0 && strlen(k->id) == n &&
	    memcmp(k->id, s, n) == 0)
		return;		/* its own id is no merged one */
	add(k->l, k->id, k->kind, s, n, NULL, k->at);
}

/* add_field: the keys field name of r gives: a string, or an array of
 * strings (as JSON, or its JSON text from a CSV cell). */
static void
add_field(struct keyctx *k, rec *r, const char *name)
{
	rec_field *f = rec_find(r, name);
	json_t *a = NULL, *e;
	size_t i, n;
	const char *s;

	if (f == NULL)
		return;
	if (f->kind == REC_JSON || (f->kind == REC_RAW && f->vlen > 0 &&
	    f->v[0] == '['))
		a = json_incref(rec_field_json(r, f));
	else if ((s = rec_field_str(r, f, &n)) != NULL) {
		const char *t = lines_trim(s, &n);
		if (t != NULL && t[0] == '[')
			a = json_loadb(t, n, 0, NULL);
		else if (t != NULL)
			add_value(k, t, n);
	}
	if (json_is_array(a))
		json_array_foreach(a, i, e)
			if (json_is_string(e))
				add_value(k, json_string_value(e),
				    json_string_length(e));
	json_decref(a);
}

void
ledger_keys_record(ledger *l, const char *id, rec *r, time_t at)
{
	struct keyctx k = { l, id, NULL, at, SBUF_INIT };
	static const struct {
		const char *kind, *field;
	} fields[] = {
		{ LEDGER_KEY_EMAIL, "email" },
		{ LEDGER_KEY_EMAIL, "emails" },
		{ LEDGER_KEY_EMAIL, "other_emails" },	/* before issue 19 */
		{ LEDGER_KEY_PHONE, "phone" },
		{ LEDGER_KEY_PHONE, "mobile" },
		{ LEDGER_KEY_PHONE, "phones" },
		{ LEDGER_KEY_PHONE, "other_phones" },	/* before issue 19 */
		{ LEDGER_KEY_ID, "merged_ids" },
	};
	const char *v, *sys;
	size_t n, ns;

	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		k.kind = fields[i].kind;
		add_field(&k, r, fields[i].field);
	}
	if ((v = rec_get(r, "source_id", &n)) != NULL &&
	    (v = lines_trim(v, &n)) != NULL) {
		sbuf_reset(&k.norm);
		if ((sys = rec_get(r, "source_system", &ns)) != NULL &&
		    (sys = lines_trim(sys, &ns)) != NULL)
			sbuf_add(&k.norm, sys, ns);
		add(l, id, LEDGER_KEY_SOURCE_ID, v, n, sbuf_str(&k.norm), at);
	}
	sbuf_free(&k.norm);
}

void
ledger_keys_fill(ledger *l)
{
	sqlite3_stmt *st = ledger_stmt(l, "SELECT id, record, updated_at "
	    "FROM leads ORDER BY id");
	rec *r = rec_new();
	sbuf why = SBUF_INIT;

	while (ledger_step(l, st) == SQLITE_ROW) {
		/* a record that is no JSON object (written by hand) gives
		 * the keys of the row's own columns only */
		if (ledger_record_read(r, ledger_column(st, 1), &why) != 0)
			rec_clear(r);
		ledger_keys_record(l, ledger_column(st, 0), r,
		    (time_t)sqlite3_column_int64(st, 2));
	}
	sqlite3_reset(st);
	/* the columns email and phone, for a record that lacks them */
	ledger_exec(l, "INSERT OR IGNORE INTO lead_keys (kind, value, system, "
	    "lead, since) SELECT 'email', lower(trim(email)), '', id, "
	    "updated_at FROM leads WHERE trim(coalesce(email, '')) <> '';"
	    "INSERT OR IGNORE INTO lead_keys (kind, value, system, lead, "
	    "since) SELECT 'phone', trim(phone), '', id, updated_at FROM leads "
	    "WHERE trim(coalesce(phone, '')) <> ''");
	rec_free(r);
	sbuf_free(&why);
}

size_t
ledger_keys_find(ledger *l, const char *kind, const char *value, size_t n,
    const char *system, sbuf *first, sbuf *list)
{
	sqlite3_stmt *st = ledger_stmt(l, "SELECT DISTINCT lead FROM lead_keys "
	    "WHERE kind = ?1 AND value = ?2 AND (?3 IS NULL OR "
	    "system = ?3 COLLATE NOCASE) ORDER BY lead");
	sbuf norm = SBUF_INIT;
	size_t found = 0;

	sbuf_reset(first);
	sbuf_reset(list);
	if ((value = lines_trim(value, &n)) == NULL)
		return 0;
	if (strcmp(kind, LEDGER_KEY_EMAIL) == 0 &&
	    email_norm(&norm, value, n) == 0) {
		value = norm.p;
		n = norm.n;
	}
	ledger_bind_text(l, st, 1, kind);
	ledger_bind_textn(l, st, 2, value, n);
	ledger_bind_text(l, st, 3, system);
	while (ledger_step(l, st) == SQLITE_ROW) {
		const char *id = ledger_column(st, 0);
		if (found == 0)
			sbuf_adds(first, id);
		if (found < 5)
			sbuf_addf(list, "%s%s", found > 0 ? ", " : "", id);
		found++;
	}
	sqlite3_reset(st);
	sbuf_free(&norm);
	return found;
}
