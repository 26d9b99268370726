/* teaser.h - an offer as a partner sees it before claiming it: what the
 * lead is about, and nothing that names or reaches a person
 *
 * A teaser has the fields of teaser_fields, in that order, each null when
 * the lead has none: id, pool, offered_at, age_hours (whole hours on the
 * pick list), then the lead's industry, employees, country, region, city,
 * grade, score and need (what it asked for).  Name, e-mail, phone,
 * company, address, postcode and every other field stay out: they come
 * out with the full record only when the partner claims the lead.
 */
#ifndef LK_TEASER_H
#define LK_TEASER_H

#include <time.h>

#include "io/rec.h"
#include "base/sbuf.h"

extern const char *const teaser_fields[];

/* teaser_make: the teaser of lead full (id, on the pick list of pool since
 * at) at time as_of, into out (empty: the caller clears it).  Cannot
 * fail. */
void teaser_make(rec *out, rec *full, const char *id, const char *pool,
    time_t at, time_t as_of);

/* teaser_text: teaser t as one line of a plain-text list to mail, with
 * its newline, appended to b:
 * "- L7: grade A; Software; 50 employees; Munich, DE; asks for: demo;
 *   offered 5 h ago (pool partners)". */
void teaser_text(sbuf *b, rec *t);

#endif
