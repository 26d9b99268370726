/* dedupe.h - lead-dedupe as a stage: find, mark, drop or merge duplicates
 *
 * Each lead is weighed against the earlier leads that share a block key
 * with it (match.h), and against the reference records of --against
 * files; pairs weighing at least the model's match threshold join one
 * cluster (transitively: union-find), pairs between the two thresholds
 * are flagged for review.  Clusters can change until the last lead, so
 * nothing is written before the end of input: the leads wait in a
 * temporary file (spool.h) and only what matching needs stays in memory,
 * about 100 bytes a lead plus its comparison keys, up to --memory; past
 * that, the keys wait in a file too (keyfile.h), the pairs are found in
 * passes over it (passes.h), the leads with a pair are clustered in
 * batches of whole groups, and what becomes of each waits in a file
 * until the leads are written (lead-dedupe(1), MEMORY).  The output is
 * the same either way.
 *
 * Every lead leaves with cluster_id, the id of its cluster's survivor (the
 * lead created first; then the first in the input).  The others also get
 * dup_of (the lead they matched best), match_weight and match_reason;
 * possible_duplicate and possible_reason name a lead weighing between the
 * thresholds (in another cluster); existing_id, existing_kind and
 * existing_reason the best reference record any lead of the cluster
 * matched.  Then by mode:
 *
 *	mark   every lead goes on, in input order
 *	drop   survivors go on; the others to the dupes file, if any
 *	merge  one record a cluster (survive.h), at the survivor's place,
 *	       with merged_ids, match_reasons and merged_leads: the
 *	       cluster's leads as they were read (an earlier merge's
 *	       merged_leads in place of its record), in input order, as an
 *	       array of their NDJSON objects, byte for byte, so that the
 *	       merge can be undone (undo.h)
 *
 * Leads that do not go on are counted as suppressed.
 */
#ifndef LK_DEDUPE_H
#define LK_DEDUPE_H

#include <stddef.h>

#include "io/cli.h"
#include "io/stage.h"

typedef enum dedupe_mode { DEDUPE_MARK, DEDUPE_DROP, DEDUPE_MERGE }
    dedupe_mode;

typedef struct dedupe_opts {
	const char *model;	/* -m: a path, or a name in share/leadkit/match */
	dedupe_mode mode;
	const char *dupes;	/* --dupes FILE (drop), or NULL */
	char *const *against;	/* --against FILEs */
	size_t nagainst;
	size_t memory;		/* --memory: bytes for the leads' keys */
} dedupe_opts;

/* The default of --memory: 1 GB. */
#define DEDUPE_MEMORY ((size_t)1 << 30)

/* The fields lead-dedupe writes on a lead to say where it belongs
 * (NULL-terminated): what --undo takes off again. */
extern const char *const dedupe_annotations[];
/* The fields a merge record holds as data (emails, phones,
 * consent_reason, merged_leads; NULL-terminated): a lead that was not
 * merged has none, but a CSV file has their columns, empty. */
extern const char *const dedupe_merge_data[];

/* dedupe_check: load o's model only; report the error.  Returns the exit
 * status (0 or 1). */
int dedupe_check(const dedupe_opts *o);

/* dedupe_new: the stage.  The reference files are read now, with co's
 * input options; a model or a file that cannot be read ends the program
 * (exit 1) with the message. */
stage *dedupe_new(const dedupe_opts *o, const cli_opts *co);

#endif
