/* keyfile.c - packed keys in an unlinked temporary file, read in order */
#include "dedupe/keyfile.h"

#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/sbuf.h"
#include "base/spool.h"
#include "base/xmem.h"

/* Bytes read at once. */
#define KEYFILE_BUF (4u << 20)

/*
 * On disk, each record is its length (uint32_t, the bytes after it),
 * where its text is (uint64_t offset, uint32_t length), its kind (a
 * length byte and the bytes), then the pack as dedupe.c made it.
 */
struct keyfile {
	spool *sp;		/* the records */
	size_t nblocks;
	size_t count;
	uint64_t size;		/* bytes put */
	sbuf put;		/* scratch: a record being put */
	sbuf win;		/* read: the bytes from winoff on */
	uint64_t winoff;
	bool dirty;		/* win may have been changed */
	sbuf orig;		/* then: win as it was read */
	size_t at;		/* the record at pos is number at */
	uint64_t pos;
	bool started;
	keyfile_rec rec;
};

keyfile *
keyfile_new(size_t nblocks)
{
	keyfile *kf = xcalloc(1, sizeof *kf);

	kf->sp = spool_new();
	kf->nblocks = nblocks;
	return kf;
}

void
keyfile_free(keyfile *kf)
{
	if (kf == NULL)
		return;
	spool_free(kf->sp);
	sbuf_free(&kf->put);
	sbuf_free(&kf->win);
	sbuf_free(&kf->orig);
	free(kf);
}

/* walk: r gets the fields of the pack p[0..n) starts with (r->packlen:
 * its length); false when it starts with none. */
static bool
walk(size_t nblocks, unsigned char *p, size_t n, keyfile_rec *r)
{
	const unsigned char *start = p, *end = p + n;
	uint32_t len;

	r->pack = (const char *)p;
	if (n < sizeof r->created + 1)
		return false;
	memcpy(&r->created, p, sizeof r->created);
	p += sizeof r->created;
	r->namelen = *p++;
	r->name = (const char *)p;
	p += r->namelen;
	if ((size_t)(end - p) < sizeof len)
		return false;
	memcpy(&len, p, sizeof len);
	p += sizeof len;
	if ((size_t)(end - p) < len)
		return false;
	r->keys = p;
	r->keyslen = len;
	p += len;
	r->blocks = p;
	for (size_t b = 0; b < nblocks; b++) {
		if (p >= end || (size_t)(end - p) < (*p ? 1 + sizeof(uint64_t) :
		    1))
			return false;
		p += *p ? 1 + sizeof(uint64_t) : 1;
	}
	r->packlen = (size_t)(p - start);
	return true;
}

/* parse: r gets the pack p[0..n) (the fields a pack has); false when it
 * is not one, whole. */
static bool
parse(const keyfile *kf, unsigned char *p, size_t n, keyfile_rec *r)
{
	return walk(kf->nblocks, p, n, r) && r->packlen == n;
}

size_t
keyfile_pack_len(size_t nblocks, const char *p, size_t n)
{
	keyfile_rec r;

	return walk(nblocks, (unsigned char *)p, n, &r) ? r.packlen : 0;
}

void
keyfile_put(keyfile *kf, uint64_t off, uint32_t len, const char *kind,
    size_t kindlen, const char *pack, size_t n)
{
	keyfile_rec r;
	uint32_t reclen;

	if (kindlen > 255)
		kindlen = 255;
	if (!parse(kf, (unsigned char *)pack, n, &r))	/* (read only) */
		msg_die(EXIT_FAILURE, "a lead was packed wrong (a bug)");
	reclen = (uint32_t)(sizeof off + sizeof len + 1 + kindlen + n);
	sbuf_reset(&kf->put);
	sbuf_add(&kf->put, (const char *)&reclen, sizeof reclen);
	sbuf_add(&kf->put, (const char *)&off, sizeof off);
	sbuf_add(&kf->put, (const char *)&len, sizeof len);
	sbuf_addc(&kf->put, (char)kindlen);
	sbuf_add(&kf->put, kind, kindlen);
	sbuf_add(&kf->put, pack, n);
	spool_put(kf->sp, kf->put.p, kf->put.n);
	kf->size += kf->put.n;
	kf->count++;
}

size_t
keyfile_count(const keyfile *kf)
{
	return kf->count;
}

uint64_t
keyfile_size(const keyfile *kf)
{
	return kf->size;
}

/* keyfile_sync: only a window that was changed is written back (a
 * counting pass gets every record for writing, and writes few). */
void
keyfile_sync(keyfile *kf)
{
	if (kf->dirty && memcmp(kf->win.p, kf->orig.p, kf->win.n) != 0)
		spool_rewrite(kf->sp, kf->winoff, kf->win.p, kf->win.n);
	kf->dirty = false;
}

/* window: the n bytes at off are in the window (read on from there). */
static unsigned char *
window(keyfile *kf, uint64_t off, size_t n)
{
	if (off < kf->winoff || off + n > kf->winoff + kf->win.n) {
		size_t want = n > KEYFILE_BUF ? n : KEYFILE_BUF;
		keyfile_sync(kf);
		if (want > kf->size - off)
			want = (size_t)(kf->size - off);
		if (want < n)
			msg_die(EXIT_FAILURE, "temporary file: cut short");
		spool_read(kf->sp, off, want, &kf->win);
		kf->winoff = off;
	}
	return (unsigned char *)kf->win.p + (off - kf->winoff);
}

/* reclen: the length of the record at pos. */
static uint32_t
reclen(keyfile *kf, uint64_t pos)
{
	uint32_t len;

	memcpy(&len, window(kf, pos, sizeof len), sizeof len);
	return len;
}

const keyfile_rec *
keyfile_get(keyfile *kf, size_t i, bool write)
{
	keyfile_rec *r = &kf->rec;

	if (!kf->started || i < kf->at) {
		kf->at = 0;
		kf->pos = 0;
		kf->started = true;
	}
	for (; kf->at < i; kf->at++)
		kf->pos += sizeof(uint32_t) + reclen(kf, kf->pos);
	uint32_t n = reclen(kf, kf->pos);
	unsigned char *p = window(kf, kf->pos, sizeof n + n) + sizeof n;
	memcpy(&r->off, p, sizeof r->off);
	p += sizeof r->off;
	memcpy(&r->len, p, sizeof r->len);
	p += sizeof r->len;
	r->kindlen = *p++;
	r->kind = (const char *)p;
	p += r->kindlen;
	size_t head = sizeof r->off + sizeof r->len + 1 + r->kindlen;
	if (!parse(kf, p, n - head, r))
		msg_die(EXIT_FAILURE, "temporary file: damaged");
	if (write && !kf->dirty) {
		sbuf_reset(&kf->orig);
		sbuf_add(&kf->orig, kf->win.p, kf->win.n);
		kf->dirty = true;
	}
	return r;
}

bool
keyfile_block(const keyfile_rec *r, size_t b, uint64_t *h)
{
	const unsigned char *p = r->blocks;

	for (size_t k = 0; k < b; k++)
		p += *p ? 1 + sizeof *h : 1;
	if (!*p)
		return false;
	memcpy(h, p + 1, sizeof *h);
	return true;
}
