/* tail.h - what the output options add at the end of a chain: --to
 *
 * --to CRM writes the output in the import layout of a CRM
 * (lead/crmout.h): a stage after the last program's, here because only
 * the top layer knows both the stage runtime's callers and lead/.
 */
#ifndef LK_TAIL_H
#define LK_TAIL_H

#include "io/verb.h"

/* tail_check: c's output options fit what it does: --to is refused
 * (exit 2) for an action or a report, which write no records. */
void tail_check(const verb_call *c);

/* tail_append: with o->to, the layout stage after last (which must be
 * the last stage; its fields are declared in the layout's names), and
 * o's output format CSV unless -o says otherwise; returns the new last
 * stage.  Without, last.  A layout that cannot be loaded ends the program
 * (crmout_stage). */
stage *tail_append(stage *last, cli_opts *o);

#endif
