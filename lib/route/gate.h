/* gate.h - feedback gating: partners who leave leads without feedback
 *
 * A lead is overdue when it has been assigned to a partner (kind partner)
 * for more than the overdue days without any feedback since (leads.state
 * assigned, feedback_at missing or older than routed_at).  A partner with
 * at least the gate's number of overdue leads gets no new leads until the
 * feedback comes; every overdue lead is escalated, so that the internal
 * sales team can chase it.  Reps are not gated: their leads are chased
 * inside the team.
 */
#ifndef LK_GATE_H
#define LK_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "ledger/ledger.h"
#include "lead/roster.h"
#include "base/sbuf.h"

/*
 * gate_check: count each partner's overdue leads at as_of; set gated[i]
 * (roster order) when member i has at least gate of them (gate 0: never),
 * and, when counts is not NULL, counts[i] to their number (0 for reps).
 * With esc not NULL, write each overdue lead there as an NDJSON line:
 * partner, name, lead, email, routed_at, days_waiting, days_overdue,
 * overdue_leads (the partner's), gated.  Returns the number of partners
 * gated.
 */
size_t gate_check(ledger *l, const roster *ro, time_t as_of, long overdue,
    long gate, bool *gated, long *counts, FILE *esc);

/*
 * gate_overdue_ids: the ids of m's overdue leads at as_of, oldest first,
 * ", "-separated into out (appended; at most max named, then ", ...").
 * Returns their number.
 */
size_t gate_overdue_ids(ledger *l, const roster_member *m, time_t as_of,
    long overdue, size_t max, sbuf *out);

#endif
