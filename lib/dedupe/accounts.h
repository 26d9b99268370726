/* accounts.h - a CRM's accounts, held in memory, and the one a lead is of
 *
 * An accounts export (HubSpot companies, Salesforce accounts, any CSV or
 * NDJSON with a header) is read whole: its columns are resolved through
 * share/leadkit/columns.map, then share/leadkit/accounts.map (which wins),
 * then their own names, to these fields, the first column with a value
 * giving each:
 *
 *	id         the account's id (Record ID, Account ID)
 *	company    its name (Company name, Account Name)
 *	website, domain, address, city, postcode, country, phone
 *	owner      who owns it (Company owner, Account Owner)
 *	customer   yes/no, or a type or stage: "Customer - Direct",
 *	           "customer" (Type, Lifecycle Stage)
 *	customer_since   a date (Became a Customer Date)
 *
 * and normalized as lead-import normalizes a lead's (field.h): company_key
 * from the name, the domain from the website, the phone in E.164.  An
 * account is a customer when customer is a yes, or a text whose first
 * word is "customer" or "kunde", or customer_since has a value.
 *
 * Each account is then kept as what the match model (match.h) compares
 * and its block keys, indexed by key: about 100 bytes an account plus its
 * keys.  A lead is weighed against the accounts it shares a key with (at
 * most ACCOUNTS_BLOCK_MAX of each block, the last in the file first).
 * The lookup only reads the table: any number of threads may look up at
 * once, each with its own accounts_scratch.
 */
#ifndef LK_ACCOUNTS_H
#define LK_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "dedupe/match.h"
#include "io/cli.h"
#include "io/rec.h"

/* The accounts of one block a lead is weighed against at most. */
#define ACCOUNTS_BLOCK_MAX 64

/* Two accounts whose weights for a lead are less than this apart (in the
 * model's bits: a likelihood ratio under 2) are a tie. */
#define ACCOUNTS_TIE 1.0

typedef struct accounts accounts;

/* accounts_load: read the export at path with the input options co (its
 * format and delimiter detected, whatever co says of the leads') and
 * index it for model m (borrowed: it must outlive the table).  A record
 * that cannot be read is reported and skipped; a file that cannot be read
 * ends the program (exit 1), as does a share file that cannot.  An
 * account without an id is named file:line. */
accounts *accounts_load(const char *path, const cli_opts *co,
    const match_model *m);
void accounts_free(accounts *a);
size_t accounts_count(const accounts *a);

/* What one thread needs to look up: scratch, and the candidates met. */
typedef struct accounts_scratch {
	sbuf feat, key, tmp, reason;
	uint32_t *seen;		/* candidates of the lead, to weigh once */
	size_t nseen, cap;
	rec *view;		/* a free-mail lead's company and place */
} accounts_scratch;

void accounts_scratch_free(accounts_scratch *s);

/* What a lead's lookup found. */
typedef enum accounts_found {
	ACCOUNTS_NONE,		/* no account weighs enough */
	ACCOUNTS_ONE,		/* one does, clearly above any other */
	ACCOUNTS_TIE_FOUND	/* two or more within ACCOUNTS_TIE */
} accounts_found;

typedef struct accounts_hit {
	accounts_found found;
	uint32_t best, second;	/* accounts; second: in a tie */
	double w, w2;
	bool all_customers;	/* in a tie: every tied account is one */
} accounts_hit;

/*
 * accounts_match: the account lead r is of, as the model weighs them
 * against the lead's company, domain, phone and place; a lead whose
 * email_kind is free or disposable by its company name and place only
 * (its address says nothing of its company).  An account weighing at
 * least the model's account threshold (match_account_at) is the lead's
 * when no other weighs within ACCOUNTS_TIE of it.  r is only read.
 */
accounts_hit accounts_match(const accounts *a, rec *r, accounts_scratch *s);

/* accounts_reason: append why account i weighs what it does for the lead
 * whose keys the last accounts_match with s made ("domain +10.6, city
 * +4.2 = 14.8"). */
void accounts_reason(const accounts *a, uint32_t i, accounts_scratch *s,
    sbuf *out);

/* The account's id, name and owner (empty when it has none), and whether
 * it is a customer. */
const char *accounts_id(const accounts *a, uint32_t i, size_t *n);
const char *accounts_name(const accounts *a, uint32_t i, size_t *n);
const char *accounts_owner(const accounts *a, uint32_t i, size_t *n);
bool accounts_customer(const accounts *a, uint32_t i);

#endif
