/* keyfile.h - the leads' packed keys in a temporary file, read in order
 *
 * When lead-dedupe's leads are too many for their keys to stay in memory
 * (--memory), each lead's packed keys (dedupe.c's pack: when it was
 * created, its name, its comparison keys, its block keys) go to a
 * temporary file (a spool of their own), with its kind and where its
 * text is in the leads' spool.  They are read back in order, a window of
 * the file at a time, as often as needed; a record read for writing (its
 * comparison keys get their value counts: match_tally_count) is written
 * back when the window moves on, if it changed.  Memory: the window, a
 * few megabytes.
 */
#ifndef LK_KEYFILE_H
#define LK_KEYFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct keyfile keyfile;

/* A record as read: pointers into the window, valid until the next
 * keyfile_get. */
typedef struct keyfile_rec {
	uint64_t off;		/* its text in the spool */
	uint32_t len;
	const char *kind;	/* empty but for reference records */
	size_t kindlen;
	int64_t created;	/* INT64_MAX: unknown */
	const char *name;
	size_t namelen;
	unsigned char *keys;	/* comparison keys (match_features) */
	size_t keyslen;
	const unsigned char *blocks;	/* block keys, as pack made them */
	const char *pack;	/* the whole pack, as put */
	size_t packlen;
} keyfile_rec;

/* keyfile_new: an empty file for packs with nblocks block keys. */
keyfile *keyfile_new(size_t nblocks);
void keyfile_free(keyfile *kf);

/* keyfile_put: append a record: a lead's (or a reference record's)
 * pack[0..n), of that kind, its text at off, len bytes in the spool.
 * A pack that is not one ends the program (a bug). */
void keyfile_put(keyfile *kf, uint64_t off, uint32_t len, const char *kind,
    size_t kindlen, const char *pack, size_t n);
/* keyfile_pack_len: the length of the pack (with nblocks block keys)
 * that p[0..n) starts with, or 0 when it starts with none. */
size_t keyfile_pack_len(size_t nblocks, const char *p, size_t n);
/* keyfile_count: the records put; keyfile_size: their bytes. */
size_t keyfile_count(const keyfile *kf);
uint64_t keyfile_size(const keyfile *kf);

/* keyfile_get: record i (below keyfile_count), read on from the last one
 * got, or from the first when i is lower.  With write, the record's keys
 * may be changed in place, and are kept.  No put after a get. */
const keyfile_rec *keyfile_get(keyfile *kf, size_t i, bool write);
/* keyfile_block: r's key of block statement b (true, its hash in *h),
 * or false: r has none. */
bool keyfile_block(const keyfile_rec *r, size_t b, uint64_t *h);
/* keyfile_sync: what was changed is written back. */
void keyfile_sync(keyfile *kf);

#endif
