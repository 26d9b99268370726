/* leak.h - fields that give the outcome away
 *
 * A field sales fills in after they acted (X Education's Tags, "Closed by
 * Horizzon"; Lead Quality) ranks the leads it was filled for almost
 * perfectly, and no new lead has it yet: a model that uses it looks good
 * held out and fails on the next lead.  lead-tune cannot know when a
 * field was filled, so it warns, and the user decides (--exclude):
 *   - a field named in share/leadkit/TUNE_SALES_FIELDS (the fields CRMs
 *     and lead-feedback fill in after sales acted: Lead Status, Rating);
 *   - a field that alone ranks the held-out leads with an AUC of
 *     TUNE_LEAK_AUC or more (its training conversion per value, or per
 *     band between the cut points of a number, as the score);
 *   - a field filled only for leads that have an outcome, while leads
 *     without one (not decided yet) have none, or filled only for
 *     converted leads.
 */
#ifndef LK_TUNE_LEAK_H
#define LK_TUNE_LEAK_H

#include <stdbool.h>
#include <stddef.h>

#include "tune/features.h"
#include "tune/table.h"

#define TUNE_LEAK_AUC 0.90
#define TUNE_SALES_FIELDS "sales-fields.txt"

/* tune_leak_check: warn (stderr) about each such column of t but those
 * with skip[col]; the AUC alone is tried for columns with candidates in
 * fs.  Returns how many warnings. */
size_t tune_leak_check(const tune_table *t, const tune_feats *fs,
    const bool *skip, const size_t *train, size_t ntrain, const size_t *held,
    size_t nheld);

#endif
