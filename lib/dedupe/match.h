/* match.h - a match model: which records lead-dedupe compares, and how
 *
 * A model is a rules file (lead-rules(5)) whose own statements are
 *
 *	compare FIELD as METHOD m P u P [from S] [group G] [frequency]
 *	                         evidence of one field
 *	block KEY {, KEY}        records sharing every KEY are compared
 *	match at W               a pair weighing W or more is one lead
 *	possible at W            a pair weighing W or more (below match) is
 *	                         a possible duplicate, for review
 *	apart at W               two leads weighing W or less (below 0) are
 *	                         not one: a cluster never holds two parts
 *	                         one is, on average, apart from (clusters.h)
 *	account at W             a lead weighing W or more against an
 *	                         account is of it (lead-dedupe --accounts;
 *	                         default: the match threshold)
 *	prefer source NAME {, NAME}        source priority, best first
 *	keep FIELD {, FIELD} by RULE       survivorship in a merge
 *
 * (lead-dedupe(1), MATCH MODEL).  Weights are Fellegi-Sunter's: field f of
 * two records agreeing adds log2(m/u), disagreeing adds log2((1-m)/(1-u)),
 * a value missing on either side adds 0; a similarity s between the
 * method's floor (from) and 1 interpolates linearly between the two:
 *
 *	compare last_name as name m 0.95 u 0.002
 *	  "mueller" / "mueller"  s=1     +8.89
 *	  "mueller" / "muller"   s=0.92  +3.44   (floor 0.8)
 *	  "mueller" / "schmidt"  s=0     -4.32
 *
 * A record's comparison keys are packed once (match_features) and pairs
 * are weighed from the packed form, so no record is decoded twice.
 */
#ifndef LK_MATCH_H
#define LK_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "io/rec.h"
#include "base/sbuf.h"

typedef struct match_model match_model;

/* Survivorship rules of a keep statement (lead-dedupe(1), MERGE). */
typedef enum match_rule {
	MATCH_COMPLETE, MATCH_NEWEST, MATCH_OLDEST, MATCH_SOURCE,
	MATCH_SUM, MATCH_MAX, MATCH_CONCAT
} match_rule;

typedef struct match_keep {
	const char *const *fields;	/* names, or globs ("n_*") */
	size_t nfields;
	match_rule rule;
} match_keep;

/* match_load: compile the model at path; NULL with the error in err
 * ("file:line:col: ..."). */
match_model *match_load(const char *path, sbuf *err);
/* match_load_named: the same for a model named as on the command line (a
 * path, or a name in the share directory's match/: rules_path). */
match_model *match_load_named(const char *name, sbuf *err);
/* match_check: the model named loads (LK_EXIT_OK), else its error is
 * reported on stderr (LK_EXIT_DATA): for --check. */
int match_check(const char *name);
void match_free(match_model *m);

/*
 * match_features: append r's comparison keys to out, packed: for each
 * compare statement a length byte (0: missing) and that many bytes (keys
 * are cut at 255 bytes, on a character boundary); when the model has
 * compare statements with role or shared, two bytes of flags after them
 * (role addresses, shared values: match_tally_shared); then for each
 * compare with frequency or shared, how many records have its value
 * (uint32_t, unaligned; 0 until match_tally_count).  tmp is scratch.
 */
void match_features(const match_model *m, rec *r, sbuf *out, sbuf *tmp);

/* match_nblocks: the number of block statements. */
size_t match_nblocks(const match_model *m);
/* match_block_exact: block b's key is its fields' values as they are (no
 * phonetic, prefix or email part). */
bool match_block_exact(const match_model *m, size_t b);
/* match_block_key: append block b's key of r to out.  Returns false (out
 * unchanged) when a part of the key is missing: r is in no such block.
 * f: r's packed keys (match_features), or NULL: a part that is a compared
 * field's key is taken from them rather than made again (f must not point
 * into out or tmp). */
bool match_block_key(const match_model *m, size_t b, rec *r,
    const unsigned char *f, sbuf *out, sbuf *tmp);

/*
 * How common each value is, for compare statements marked frequency: an
 * agreement on a value a share s of the leads have (s above u) adds
 * log2(m/s) instead of log2(m/u), so "smith" or "test@test.com" weigh less
 * than "wozniak" (term frequency, as in Winkler's and Splink's matchers).
 * s = (others + 10000 u) / (records + 10000), others = the records with
 * the value but the two compared, records = those counted (leads and
 * reference records): small batches keep about u.  A partial agreement
 * interpolates towards the agreement on the more common of its values.
 * match_tally_add counts the values of packed keys f (of the compare
 * statements with frequency or shared).
 *
 * For compare statements with shared N: once every record is counted,
 * match_tally_shared counts how many different people (by the keys of
 * the person fields; a record without one is not counted) have each of
 * the values N or more records have, and sets the flag of each record's
 * value that N or more people have in its packed keys, keys(ctx, i) for
 * records i < n, writable.  Only those values take memory, and only for
 * the call; a pair is weighed by its flags, with no look-up.
 */
typedef struct match_tally match_tally;
match_tally *match_tally_new(const match_model *m);
void match_tally_free(match_tally *t);
void match_tally_add(const match_model *m, match_tally *t,
    const unsigned char *f);
void match_tally_shared(const match_model *m, match_tally *t, size_t n,
    unsigned char *(*keys)(void *ctx, size_t i), void *ctx);
/*
 * match_tally_count: instead of match_tally_add for each, count the values
 * of records 0..n-1 at once (keys(ctx, i): their packed keys, writable),
 * by sorting their hashes, and write each record's counts into its packed
 * keys, where match_weight then reads them with no look-up (but for
 * compares with swap, whose values are also weighed against another
 * field's: their counts stay in t).  Weights are the same as after
 * match_tally_add of each record.  Afterwards t is for these packed keys
 * only, and takes no more.  Runs on up to nthreads threads (keys is
 * called from them); a thread that cannot start ends the program.  The
 * values of a compare are sorted in parts (by hash): each part reads all
 * the records' keys, in order, but holds 16 bytes (twice) only for the
 * values in it; and 4 bytes a record for the counts.
 */
void match_tally_count(const match_model *m, match_tally *t, size_t n,
    unsigned char *(*keys)(void *ctx, size_t i), void *ctx,
    size_t nthreads, size_t parts);

/*
 * match_weight: the weight of the pair with packed keys a and b, with the
 * value counts of t (NULL: none).  With reason not NULL, append what each
 * field added ("email +19.4, first_name 0.93 +3.2, city (+5.4)"), fields
 * adding 0 because a side is missing left out, a group's agreements that
 * did not count in parentheses.
 */
double match_weight(const match_model *m, const match_tally *t,
    const unsigned char *a, const unsigned char *b, sbuf *reason);

/* match_weight_over: with over, the pair weighs low or more without the
 * value counts (frequency only ever lowers a weight): its weight with t,
 * as match_weight; else (over false) its weight without, below low.  Each
 * field's similarity is measured once for both weighings. */
double match_weight_over(const match_model *m, const match_tally *t,
    const unsigned char *a, const unsigned char *b, double low, bool *over);

/* match_tenths: w rounded to 1 decimal, as reasons show it (never -0). */
double match_tenths(double w);
/* match_put_tenths: append match_tenths(w) as printf's "%.1f" (sign:
 * "%+.1f") writes it, without printf's cost ("-3.3", "+19.8"). */
void match_put_tenths(sbuf *out, double w, bool sign);

/* match_at, match_possible, match_apart: the thresholds (apart: by
 * default -match_at / 2, or -1 when match_at is not above 0). */
double match_at(const match_model *m);
double match_possible(const match_model *m);
double match_apart(const match_model *m);
/* match_account_at: the threshold of a lead against an account. */
double match_account_at(const match_model *m);

/* match_keeps: the keep statements in file order; *n gets how many. */
const match_keep *match_keeps(const match_model *m, size_t *n);
/* match_source_rank: the place of source s[0..n) in the prefer list (0
 * best), or the list's length when it is not there. */
size_t match_source_rank(const match_model *m, const char *s, size_t n);

#endif
