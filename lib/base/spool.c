/* spool.c - text set aside in an unlinked temporary file */
#include "base/spool.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/xmem.h"

/* Bytes gathered before a write(2), and read at once by spool_get. */
#define SPOOL_BUF (1 << 20)

struct spool {
	int fd;
	uint64_t size;		/* bytes put, written or not */
	sbuf buf;		/* not written yet: they start at size - buf.n */
	sbuf win;		/* read ahead: the bytes from winoff on */
	uint64_t winoff;
};

spool *
spool_new(void)
{
	spool *sp = xcalloc(1, sizeof *sp);
	const char *dir = getenv("TMPDIR");
	sbuf path = SBUF_INIT;

	sbuf_addf(&path, "%s/leadkit.XXXXXX", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if ((sp->fd = mkstemp(path.p)) < 0)
		msg_die(EXIT_FAILURE, "%s:", path.p);
	unlink(path.p);
	sbuf_free(&path);
	return sp;
}

void
spool_free(spool *sp)
{
	if (sp == NULL)
		return;
	close(sp->fd);
	sbuf_free(&sp->buf);
	sbuf_free(&sp->win);
	free(sp);
}

/* write_at: the file's n bytes at off become p[0..n). */
static void
write_at(spool *sp, const char *p, size_t n, uint64_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = pwrite(sp->fd, p + done, n - done,
		    (off_t)(off + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			msg_die(EXIT_FAILURE, "temporary file: write error:");
		done += (size_t)w;
	}
}

static void
flush(spool *sp)
{
	write_at(sp, sp->buf.p, sp->buf.n, sp->size - sp->buf.n);
	sbuf_reset(&sp->buf);
}

uint64_t
spool_put(spool *sp, const char *s, size_t n)
{
	uint64_t off = sp->size;

	if (sp->buf.n + n > SPOOL_BUF)
		flush(sp);
	sbuf_add(&sp->buf, s, n);
	sp->size += n;
	return off;
}

/* read_at: p gets the n bytes of the file at off. */
static void
read_at(spool *sp, uint64_t off, size_t n, char *p)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(sp->fd, p + done, n - done,
		    (off_t)(off + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			msg_die(EXIT_FAILURE, "temporary file: read error:");
		if (r == 0)
			msg_die(EXIT_FAILURE, "temporary file: cut short");
		done += (size_t)r;
	}
}

/* fill: win gets the bytes from off on: n, and when n is small (a
 * record) up to SPOOL_BUF, so that the next ones are read with it (fewer
 * at the end of the file).  Large reads (keysort's runs, merged in turn)
 * are read as asked, not more. */
static void
fill(spool *sp, uint64_t off, size_t n)
{
	size_t want = n >= SPOOL_BUF / 16 ? n : SPOOL_BUF;

	if (want > sp->size - off)
		want = (size_t)(sp->size - off);
	sbuf_reset(&sp->win);
	sbuf_grow(&sp->win, want);
	read_at(sp, off, want, sp->win.p);
	sp->win.n = want;
	sp->winoff = off;
}

void
spool_get(spool *sp, uint64_t off, size_t n, sbuf *out)
{
	if (sp->buf.n > 0)
		flush(sp);
	if (off < sp->winoff || off + n > sp->winoff + sp->win.n)
		fill(sp, off, n);
	sbuf_reset(out);
	sbuf_add(out, sp->win.p + (off - sp->winoff), n);
}

void
spool_read(spool *sp, uint64_t off, size_t n, sbuf *out)
{
	if (sp->buf.n > 0)
		flush(sp);
	sbuf_reset(out);
	if (off >= sp->winoff && off + n <= sp->winoff + sp->win.n) {
		sbuf_add(out, sp->win.p + (off - sp->winoff), n);
		return;
	}
	sbuf_grow(out, n);
	read_at(sp, off, n, out->p);
	out->n = n;
	out->p[n] = '\0';
}

void
spool_rewrite(spool *sp, uint64_t off, const char *s, size_t n)
{
	if (sp->buf.n > 0)
		flush(sp);
	write_at(sp, s, n, off);
	if (off < sp->winoff + sp->win.n && off + n > sp->winoff)
		sp->win.n = 0;	/* read ahead before: read again */
}
