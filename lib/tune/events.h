/* events.h - a lead's events as lead-tune candidates: counts in windows
 *
 * A lead's `events` (an array of {"type": ..., "at": ...}, as
 * lead-rules(5) reads them) become columns of the table (table.h), one per
 * event type and window, named as the rule language writes the count:
 *
 *	count(event = "webinar" within 30d)	webinars in the 30 days
 *						before the lead's moment
 *	count(event = "webinar")		webinars at any time
 *
 * for the windows of tune_event_windows (7, 30 and 90 days, and ever) and
 * the first TUNE_EVENT_TYPES types met (types are compared ignoring case;
 * later new types are not counted).  A number column of counts gets cut
 * points like any number (features.h), so the candidates read
 * `count(event = "webinar" within 30d) >= 2`.
 *
 * The lead's moment is its TUNE_EVENTS_AT (routed_at: when sales got it,
 * so what the lead had done by then, which is what a score then saw), else
 * --as-of.  Events after it are not counted: they came after sales acted,
 * and lead-score counts none after its --as-of either.  An event whose
 * time does not read as a date counts only in "ever", as in lead-score.
 * A lead without events of a type (or without events) counts 0 for it.
 *
 * Memory: 4 columns of 10 bytes a lead for each type counted.
 */
#ifndef LK_TUNE_EVENTS_H
#define LK_TUNE_EVENTS_H

#include <stddef.h>
#include <time.h>

#include "io/rec.h"
#include "tune/table.h"

#define TUNE_EVENTS_FIELD "events"
#define TUNE_EVENTS_AT "routed_at"
#define TUNE_EVENT_TYPES 8
#define TUNE_EVENT_WINDOWS 4

/* tune_events_row: set row's counts in every event column of t from
 * events (NULL: the lead has none), adding the columns of types not met
 * before (every earlier row counts 0 for them).  r is the row's record
 * (its TUNE_EVENTS_AT). */
void tune_events_row(tune_table *t, rec *r, rec_field *events, size_t row);

#endif
