/* passes.h - lead-dedupe's pairs, found in passes over the keyfile
 *
 * When the leads' keys do not stay in memory (keyfile.h), the pairs that
 * count are found as in memory (dedupe.c: each lead weighed against the
 * newest max earlier records of each of its blocks, references
 * included), but in passes over the file: each pass takes the block keys
 * whose hash falls in its part, copies the comparison keys of the
 * records that have one, groups them by key (pairsort) and weighs each
 * lead against the newest earlier records of its group.  A pair that
 * shares keys in two parts is weighed in each, with the same result;
 * the pairs are then sorted into the order a search in memory finds
 * them (by lead, block statement, newest first) and each is kept once.
 * So the pairs, and their order, are those found in memory.
 *
 * Memory: a pass holds the comparison keys of the records with a key in
 * its part, and 44 bytes a key; the passes are as many as it takes for
 * that to stay within the budget.  The pairs a pass finds are set aside
 * in a temporary file, by lead (a bucket for each 65536 leads), and
 * sorted a bucket at a time.
 */
#ifndef LK_DEDUPE_PASSES_H
#define LK_DEDUPE_PASSES_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "base/spool.h"
#include "dedupe/keyfile.h"
#include "dedupe/match.h"

/* A pair that counts: lead i, an earlier record c, their weight. */
typedef struct passes_pair {
	uint32_t i, c;
	double w;
} passes_pair;

/*
 * passes_find: the pairs of the leads of kf (records first.. on; those
 * before are references, met but not searched) that weigh at least the
 * lower of m's thresholds, with t's value counts (already in kf's keys),
 * each lead weighed against the newest max records before it of each of
 * its blocks, in passes holding about budget bytes, each searched on
 * nthreads threads.  The pairs are appended to out, one passes_pair
 * after another; returns how many.  *npasses gets how many passes it
 * took.  A thread that cannot start ends the program.
 */
size_t passes_find(const match_model *m, const match_tally *t, keyfile *kf,
    size_t first, size_t max, size_t budget, size_t nthreads, spool *out,
    size_t *npasses);
/* passes_get: pair k of those passes_find appended to sp (tmp: scratch;
 * read in order, they are read ahead). */
passes_pair passes_get(spool *sp, size_t k, sbuf *tmp);

#endif
