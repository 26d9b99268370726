/* undo.h - lead-dedupe --undo as a stage: the leads before lead-dedupe
 *
 * Reads what lead-dedupe wrote, in any mode, and gives back the leads it
 * read: a merge record (one with merged_leads, dedupe.h) becomes the
 * leads of merged_leads, in input order, each as it was read, byte for
 * byte (NDJSON); any other record loses the fields lead-dedupe wrote on
 * it (dedupe_annotations), and the columns a merge adds when they are
 * empty (a CSV file has them for every lead).  So that
 *
 *	lead-dedupe --merge leads.ndjson | lead-dedupe --undo
 *
 * gives leads.ndjson's leads again (those of a merge at its survivor's
 * place).  A merge record whose merged_leads is no array of objects is
 * rejected, with the reason.  One record may so give several: --stats
 * counts those it gives as out.
 */
#ifndef LK_UNDO_H
#define LK_UNDO_H

#include "io/stage.h"

/* undo_new: the stage.  Cannot fail. */
stage *undo_new(void);

#endif
