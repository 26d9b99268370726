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

int
spool_tmpfd(void)
{
	const char *dir = getenv("TMPDIR");
	sbuf path = SBUF_INIT;
	int fd;

	sbuf_addf(&path, "%s/leadkit.XXXXXX", dir != NULL && *dir != '\0' ?
	    dir : "/tmp");
	if ((fd = mkstemp(path.p)) < 0)
		msg_die(EXIT_FAILURE, "%s:", path.p);
	unlink(path.p);
	sbuf_free(&path);
	return fd;
}

spool *
spool_new(void)
{
	spool *sp = xcalloc(1, sizeof *sp);

	sp->fd = spool_tmpfd();
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

static void
flush(spool *sp)
{
	size_t done = 0;

	while (done < sp->buf.n) {
		ssize_t w = write(sp->fd, sp->buf.p + done, sp->buf.n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			msg_die(EXIT_FAILURE, "temporary file: write error:");
		done += (size_t)w;
	}
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
