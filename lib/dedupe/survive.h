/* survive.h - survivorship: the one record that stands for duplicates
 *
 * survive_merge builds it from the members of a cluster, field by field,
 * as the model's keep statements say (match.h; lead-dedupe(1), MERGE):
 *
 *	complete   from the member with the most fields filled
 *	newest     from the member created last (created_at)
 *	oldest     from the member created first
 *	source     from the member whose source comes first in the model's
 *	           prefer source list
 *	sum        the sum of the members' numbers
 *	max        the greatest value (numbers as numbers, other values as
 *	           text, so ISO dates compare right)
 *	concat     the members' arrays joined, repeated elements once, sorted
 *	           by "at" when every element is an object with one
 *
 * Two rules hold whatever the keep statements say (tables in survive.c):
 *
 *	strictest  a merge never loses an opt-out or a do-not-call: when any
 *	           member has consent false (do_not_call true) the merged
 *	           record has it, and consent_reason says from whom:
 *	           "consent false from lk-3, do_not_call true from lk-2: the
 *	           strictest of the cluster" (set only when the members
 *	           disagree; an earlier merge's stays otherwise)
 *	role       the e-mail address of a member whose email_kind is role
 *	           (info@, sales@) is chosen only when no other member has
 *	           an address: a personal one stands for the person
 *
 * Fields no keep statement names go by complete.  The fields of one keep
 * statement travel together: each comes from the member chosen for the
 * statement's first field (keep email, email_kind by newest: the newest
 * e-mail address and its own kind), so derived fields never disagree with
 * what they were derived from.  Ties go to the more complete member, then
 * the older, then the one earlier in the input.
 *
 * The id is always the survivor's.  Fields keep the survivor's order;
 * fields only other members have follow in the order they are met.
 *
 * No address is lost: the members' e-mail addresses that the merged
 * record's email is not go to the array emails, and their phone and
 * mobile numbers that its phone and mobile are not to phones (survivor
 * first, each once, with those of earlier merges, and of the arrays
 * other_emails and other_phones such merges wrote before issue 19: those
 * are not written again), so that lead-route records them as keys of the
 * lead (ledgerkeys.h).  Neither array is set when it would be empty.
 *
 * merged_leads, the originals a merge record keeps to be undone
 * (dedupe.h), is left to the caller: no rule chooses it.
 */
#ifndef LK_SURVIVE_H
#define LK_SURVIVE_H

#include <stddef.h>

#include "dedupe/match.h"
#include "io/rec.h"

/* The fields survive_merge adds: the arrays, and the consent note. */
#define SURVIVE_OTHER_FIELDS "emails", "phones", "consent_reason"

/* The field of the merged originals (dedupe.h), which survive_merge
 * leaves out. */
#define SURVIVE_MERGED "merged_leads"

/* survive_merge: out (cleared first) gets the record for members[0..n),
 * members[0] the survivor, the others in input order.  Cannot fail. */
void survive_merge(const match_model *m, rec *const *members, size_t n,
    rec *out);

#endif
