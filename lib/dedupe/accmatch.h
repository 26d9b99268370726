/* accmatch.h - lead-dedupe --accounts as a stage: each lead's account
 *
 * The accounts (accounts.h) are read when the stage is made and held in
 * memory; the leads stream through, each looked up on its own, so the
 * stage runs on every worker thread (stage.h) and writes each lead as it
 * comes, in input order.  Each lead leaves with
 *
 *	customer        true when its account is a customer (in a tie:
 *	                when every tied account is one), else false
 *
 * and, when one account is its (accounts_match):
 *
 *	account_id      the account's id
 *	account_name    its name, account_owner its owner (when it has one)
 *	account_reason  the weighed evidence: "domain +10.6, city +4.2,
 *	                country +1.7 = 16.5"
 *
 * or, in a tie, account_reason alone: "tie: A-1 (...= 12.5) and A-2
 * (... = 12.1)", and no account.  What an earlier run wrote of these is
 * replaced.
 */
#ifndef LK_ACCMATCH_H
#define LK_ACCMATCH_H

#include "io/cli.h"
#include "io/stage.h"

/* accmatch_new: the stage, with the match model model (a path, or a name
 * in share/leadkit/match) and the accounts export at path, read with co's
 * options.  A model or a file that cannot be read ends the program (exit
 * 1) with the message. */
stage *accmatch_new(const char *model, const char *path, const cli_opts *co);

#endif
