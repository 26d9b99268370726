/* ledgerkeys.h - the keys a lead of the ledger is found by
 *
 * A lead is named by its id, by the id the system it came from gave it
 * (source_id, with source_system), and by every e-mail address and
 * telephone number it has had.  The table lead_keys keeps them all, one
 * row a key, and never forgets one: an address a merge folded into the
 * survivor (emails, lead(7)), or one a later run replaced, still
 * finds the lead.  Kinds, and the value each keeps:
 *
 *	id         an id merged into the lead (merged_ids but its own)
 *	source_id  the source system's id, as written; system is its
 *	           source_system ("" when the record names none)
 *	email      an address in the normal form of email_norm (email.h),
 *	           from email and emails (other_emails: before issue 19)
 *	phone      a number as the record has it (E.164 from lead-import),
 *	           from phone, mobile and phones (other_phones)
 *
 * A key may belong to more than one lead (two leads sharing info@): the
 * finder says how many have it, and the caller decides.
 */
#ifndef LK_LEDGERKEYS_H
#define LK_LEDGERKEYS_H

#include "ledger/db.h"
#include "io/rec.h"
#include "base/sbuf.h"

/* The table, for ledger.c's schema and its migration to version 2. */
#define LEDGER_KEYS_SCHEMA \
"CREATE TABLE lead_keys ("					\
"  kind TEXT NOT NULL,"						\
"  value TEXT NOT NULL,"					\
"  system TEXT NOT NULL DEFAULT '',"				\
"  lead TEXT NOT NULL,"						\
"  since INTEGER NOT NULL,"					\
"  PRIMARY KEY (kind, value, system, lead)) WITHOUT ROWID;"	\
"CREATE INDEX lead_keys_lead ON lead_keys(lead);"

/* The kinds of key (lead_keys.kind). */
#define LEDGER_KEY_ID		"id"
#define LEDGER_KEY_SOURCE_ID	"source_id"
#define LEDGER_KEY_EMAIL	"email"
#define LEDGER_KEY_PHONE	"phone"

/*
 * ledger_keys_record: add the keys of lead id found in its record r, each
 * with since = at unless the lead has it already.  Arrays (emails,
 * phones, merged_ids) may be JSON arrays of strings, or their JSON
 * text as CSV carries it.  Inside a transaction; cannot fail (SQLite
 * failing ends the program, see ledger.h).
 */
void ledger_keys_record(ledger *l, const char *id, rec *r, time_t at);

/* ledger_keys_fill: the keys of every lead of the ledger from its stored
 * record (the migration to version 2; since = the lead's updated_at). */
void ledger_keys_fill(ledger *l);

/*
 * ledger_keys_find: the leads that have the key (kind, value[0..n)), and
 * for source_id, when system is not NULL, that system (any case).
 * Returns how many leads have it; the first of them by id is put in
 * first (reset first), and up to five, comma-separated, in list (reset
 * first), for a message.  An email value is compared in its normal form.
 */
size_t ledger_keys_find(ledger *l, const char *kind, const char *value,
    size_t n, const char *system, sbuf *first, sbuf *list);

#endif
