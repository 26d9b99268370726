/* listidx.c - suppression lists: text, compiled index files, lookups */
#include "scrub/listidx.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/cli.h"
#include "lead/colmap.h"
#include "value/country.h"
#include "value/date.h"
#include "base/keysort.h"
#include "base/signals.h"
#include "scrub/listcsv.h"
#include "base/xmem.h"

#define MAGIC "LKLIST1\n"
#define BYTE_ORDER_MARK 0x01020304u
#define FORMAT 1u

/* The header of an index file: 256 bytes. */
typedef struct header {
	char magic[8];
	uint32_t bom, format, kind, lowbits;
	uint64_t n, base, nbuckets;
	uint64_t nlow, nhigh, nsample;	/* words of each array, in order */
	char name[LISTIDX_NAME];
	char date[16];
	char built[24];		/* "YYYY-MM-DDTHH:MM:SSZ" */
	char pad[256 - 8 - 16 - 48 - LISTIDX_NAME - 16 - 24];
} header;

_Static_assert(sizeof(header) == 256, "the header is 256 bytes");

/* ---- text lists ---- */

/* name_of: the default name of the list at path: its file's stem. */
static void
name_of(char name[LISTIDX_NAME], const char *path)
{
	sbuf stem = SBUF_INIT;

	cli_file_stem(&stem, path);
	snprintf(name, LISTIDX_NAME, "%s", stem.p);
	sbuf_free(&stem);
}

/* day_of: the day (UTC) of t. */
static void
day_of(char date[11], time_t t)
{
	sbuf iso = SBUF_INIT;

	date_format(&iso, t);
	snprintf(date, 11, "%s", iso.p);
	sbuf_free(&iso);
}

static void
hexdigest(char out[65], const uint8_t d[SHA256_DIGEST_SIZE])
{
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* A text list being read. */
typedef struct reader {
	const char *path;
	int kind;		/* -1 until the first entry */
	bool kind_given;
	bool changes;		/* entries end in ",A" or ",D" */
	keysort *list;		/* the list's own entries */
	keysort *add, *del;	/* a change list's */
	struct sha256_ctx *sha;	/* or NULL */
	sbuf tmp;
	const listidx_text_opts *to;	/* or NULL */
	country_table *countries;	/* loaded when a text list is read */
	const country *country;		/* --country, or NULL */
	colmap *roles;			/* of a CSV list's columns */
	listcsv *csv;			/* the file is a CSV list */
	listcsv_opts copts;
	unsigned long nid, idlike;	/* entries of a detected id list, and
					 * those that look like ids */
	const char *first;		/* the first entry, for messages */
	char firstbuf[48];
	bool begun;			/* the first line that is no comment
					 * was read */
	char sep;			/* Excel's "sep=X" line: X */
} reader;

/* national: the message for a national number without a country. */
static void
national(sbuf *err, const char *path, unsigned long line, const char *col,
    const char *s, size_t n)
{
	sbuf_addf(err, "%s:%lu: %s%s%s\"%.*s\" is a national number, and the "
	    "list's country is not known: give it with --country CC (only "
	    "the US registry's forms, ten digits or AAA,NNNNNNN, need none)",
	    path, line, col != NULL ? "column " : "", col != NULL ? col : "",
	    col != NULL ? ": " : "", n > 40 ? 40 : (int)n, s);
}

/* keys_of: the keys of s[0..n) in a list of rd's kind, with c the country
 * of national numbers.  Returns how many, or 0 with *why. */
static int
keys_of(reader *rd, const char *s, size_t n, const country *c,
    uint64_t keys[2], const char **why)
{
	if (rd->kind == LISTKEY_PHONE)
		return listkey_phone_in(s, n, rd->countries, c, &keys[0], why,
		    &rd->tmp) == 0 ? 1 : 0;
	return listkey_entry((listkey_kind)rd->kind, s, n, keys, why,
	    &rd->tmp);
}

/* entry: one trimmed line. */
static int
entry(reader *rd, char *s, size_t n, unsigned long line, sbuf *err)
{
	keysort *to = rd->list;
	uint64_t keys[2];
	const char *why = NULL;

	if (rd->changes) {
		char *comma = memrchr(s, ',', n);
		size_t fl = comma != NULL ? n - (size_t)(comma - s) - 1 : 0;
		if (comma == NULL || fl != 1 || strchr("AaDd", comma[1]) ==
		    NULL) {
			sbuf_addf(err, "%s:%lu: a change must end in ,A "
			    "(added) or ,D (deleted)", rd->path, line);
			return -1;
		}
		to = comma[1] == 'D' || comma[1] == 'd' ? rd->del : rd->add;
		n = (size_t)(comma - s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
	}
	if (rd->kind < 0) {
		rd->kind = (int)listkey_detect(s, n);
		snprintf(rd->firstbuf, sizeof rd->firstbuf, "%.*s",
		    n > 40 ? 40 : (int)n, s);
		rd->first = rd->firstbuf;
	}
	if (rd->kind == LISTKEY_ID && !rd->kind_given) {
		rd->nid++;
		if (listkey_idlike(s, n) && listkey_detect(s, n) == LISTKEY_ID)
			rd->idlike++;
	}
	int nk = keys_of(rd, s, n, rd->country, keys, &why);
	if (nk == 0 && why == listkey_why_national) {
		national(err, rd->path, line, NULL, s, n);
		return -1;
	}
	if (nk == 0) {
		sbuf_addf(err, "%s:%lu: %s list: %s", rd->path, line,
		    listkey_kind_name((listkey_kind)rd->kind), why);
		return -1;
	}
	for (int i = 0; i < nk; i++)
		keysort_add(to, keys[i]);
	return 0;
}

/* cell: one cell of a CSV list's key column (listcsv_entry_fn). */
static int
cell(void *ctx, const listcsv_cell *c, int *kind, const char **why,
    sbuf *err)
{
	reader *rd = ctx;
	uint64_t keys[2];

	if (*kind < 0) {
		*kind = (int)listkey_detect(c->s, c->n);
		snprintf(rd->firstbuf, sizeof rd->firstbuf, "%.*s",
		    c->n > 40 ? 40 : (int)c->n, c->s);
		rd->first = rd->firstbuf;
	}
	if (*kind == LISTKEY_ID && !rd->kind_given) {
		rd->nid++;
		if (listkey_idlike(c->s, c->n) && listkey_detect(c->s, c->n) ==
		    LISTKEY_ID)
			rd->idlike++;
	}
	int nk = keys_of(rd, c->s, c->n, c->country != NULL ? c->country :
	    rd->country, keys, why);
	if (nk == 0 && *why == listkey_why_national) {
		national(err, rd->path, c->line, c->column, c->s, c->n);
		return -1;
	}
	if (nk == 0)
		return 1;
	for (int i = 0; i < nk; i++)
		keysort_add(rd->list, keys[i]);
	return 0;
}

/* setup: what reading a text list needs: the countries, the column
 * roles, --country. */
static int
setup(reader *rd, sbuf *err)
{
	sbuf path = SBUF_INIT;
	char *msg = NULL;
	int rc = 0;

	if (rd->countries != NULL)
		return 0;
	rd->countries = country_table_load(cli_share_path(&path,
	    "countries.tsv"), &msg);
	if (rd->countries == NULL) {
		sbuf_addf(err, "%s", msg != NULL ? msg : path.p);
		free(msg);
		sbuf_free(&path);
		return -1;
	}
	rd->roles = colmap_new();
	if (colmap_load(rd->roles, cli_share_path(&path, "columns.map"),
	    &msg) != 0 || colmap_load(rd->roles, cli_share_path(&path,
	    "scrub/list-columns.map"), &msg) != 0) {
		sbuf_addf(err, "%s", msg);
		free(msg);
		rc = -1;
	}
	const char *cc = rd->to != NULL ? rd->to->country : NULL;
	if (rc == 0 && cc != NULL &&
	    (rd->country = country_by_alpha2(rd->countries, cc)) == NULL) {
		sbuf_addf(err, "--country %s: no such country (an ISO 3166 "
		    "alpha-2 code, such as US or DE)", cc);
		rc = -1;
	}
	rd->copts = (listcsv_opts){ .columns = rd->to != NULL ?
	    rd->to->columns : NULL, .kind = &rd->kind, .roles = rd->roles,
	    .countries = rd->countries, .entry = cell, .ctx = rd };
	sbuf_free(&path);
	return rc;
}

static void
reader_free(reader *rd)
{
	keysort_free(rd->list);
	keysort_free(rd->add);
	keysort_free(rd->del);
	sbuf_free(&rd->tmp);
	listcsv_free(rd->csv);
	colmap_free(rd->roles);
	country_table_free(rd->countries);
}

/* check_ids: a list found to be of ids must mostly hold ids. */
static int
check_ids(const reader *rd, sbuf *err)
{
	if (rd->kind != LISTKEY_ID || rd->kind_given || rd->nid == 0 ||
	    (rd->nid - rd->idlike) * 2 <= rd->nid)
		return 0;
	sbuf_addf(err, "%s: %lu of %lu entries are no e-mail, phone number, "
	    "domain, digest or id (the first: \"%s\"): not a list lead-scrub "
	    "can read; a CSV file's e-mail or phone column is named with "
	    "--column, a list of ids given --kind id", rd->path,
	    rd->nid - rd->idlike, rd->nid, rd->first != NULL ? rd->first : "");
	return -1;
}

/* first_line: the first line of the list that is no comment decides how it
 * is read: a header makes it a CSV list.  Returns 1 when the line was
 * taken (a header, or "sep="), 0 when it is an entry, -1 on an error. */
static int
first_line(reader *rd, char *s, size_t n, unsigned long lineno, sbuf *err)
{
	bool named = rd->to != NULL && rd->to->columns != NULL &&
	    rd->to->columns[0] != NULL;

	if (rd->changes)
		return 0;
	if (n == 5 && strncasecmp(s, "sep=", 4) == 0 && rd->sep == '\0') {
		rd->sep = s[4];
		return 1;
	}
	char delim = rd->sep != '\0' ? rd->sep : listcsv_sniff(s, n);
	bool forced = rd->sep != '\0' || named;
	rd->begun = true;
	if (!forced && !listcsv_is_header(s, n, delim, rd->roles))
		return 0;
	rd->csv = listcsv_new(rd->path, delim, &rd->copts);
	if (listcsv_line(rd->csv, s, n, lineno, err) != 0 ||
	    listcsv_line(rd->csv, "\n", 1, lineno, err) != 0)
		return -1;
	return 1;
}

/* read_text: every entry of the text list at rd->path ("-": stdin). */
static int
read_text(reader *rd, sbuf *err)
{
	bool std = strcmp(rd->path, "-") == 0;
	FILE *f = std ? stdin : fopen(rd->path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int status = 0;

	if (f == NULL) {
		sbuf_addf(err, "%s: %s", rd->path, strerror(errno));
		return -1;
	}
	if (setup(rd, err) != 0) {
		if (!std)
			fclose(f);
		return -1;
	}
	while (status == 0 && (len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (rd->sha != NULL)
			sha256_update(rd->sha, (size_t)len, (uint8_t *)line);
		char *s = line;
		size_t n = (size_t)len;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		    s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (lineno == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;		/* a byte-order mark */
			n -= 3;
		}
		if (memchr(line, '\0', (size_t)len) != NULL) {
			sbuf_addf(err, "%s:%lu: a NUL byte: not a text list",
			    rd->path, lineno);
			status = -1;
		} else if (rd->csv != NULL)
			status = listcsv_line(rd->csv, line, (size_t)len,
			    lineno, err);
		else if (n == 0 || *s == '#')
			continue;
		else if (!rd->begun && (status = first_line(rd, s, n, lineno,
		    err)) != 0)
			status = status > 0 ? 0 : -1;
		else
			status = entry(rd, s, n, lineno, err);
	}
	if (status == 0 && rd->csv != NULL) {
		status = listcsv_end(rd->csv, err);
		listcsv_free(rd->csv);
		rd->csv = NULL;
	}
	if (status == 0 && !rd->changes)
		status = check_ids(rd, err);
	if (status == 0 && ferror(f)) {
		sbuf_addf(err, "%s: %s", rd->path, strerror(errno));
		status = -1;
	}
	free(line);
	if (!std)
		fclose(f);
	return status;
}

/* ---- index files ---- */

/* open_index: map and check the index at path; fills li.  Returns 0, 1 when
 * the file is not an index (no magic: maybe a text list), or -1 with the
 * message in err. */
static int
open_index(listidx *li, const char *path, sbuf *err)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	header h;

	if (fd < 0 || fstat(fd, &sb) < 0) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ssize_t got = S_ISREG(sb.st_mode) ? pread(fd, h.magic, 8, 0) : 0;
	if (got > 0 && got < 8 && memcmp(h.magic, MAGIC, (size_t)got) == 0) {
		sbuf_addf(err, "%s: truncated list index (%zd bytes)", path,
		    got);
		close(fd);
		return -1;
	}
	if (got < 8 || memcmp(h.magic, MAGIC, 8) != 0) {
		close(fd);
		return 1;
	}
	size_t len = (size_t)sb.st_size;
	void *map = len >= sizeof h + SHA256_DIGEST_SIZE ? mmap(NULL, len,
	    PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (map == MAP_FAILED) {
		sbuf_addf(err, "%s: truncated list index (%zu bytes)", path,
		    len);
		return -1;
	}
	memcpy(&h, map, sizeof h);
	const char *bad = NULL;
	uint64_t words = h.nlow + h.nhigh + h.nsample;
	if (h.bom != BYTE_ORDER_MARK)
		bad = "list index written on a machine of another byte order";
	else if (h.format != FORMAT)
		bad = "list index of another format (compile it again)";
	else if (h.kind >= LISTKEY_NKINDS || h.nlow > len || h.nhigh > len ||
	    h.nsample > len || memchr(h.name, '\0', sizeof h.name) == NULL)
		bad = "damaged list index (its header makes no sense)";
	else if (words * 8 + sizeof h + SHA256_DIGEST_SIZE != len)
		bad = "truncated list index (its size is not what its header "
		    "says)";
	if (bad == NULL) {
		/* one pass: the checksum, then the file as a whole (for the
		 * certificate) by going on over the checksum itself */
		struct sha256_ctx ctx, whole;
		uint8_t d[SHA256_DIGEST_SIZE];
		const uint8_t *sum = (const uint8_t *)map + len -
		    SHA256_DIGEST_SIZE;
		sha256_init(&ctx);
		sha256_update(&ctx, len - SHA256_DIGEST_SIZE, map);
		whole = ctx;
		sha256_digest(&ctx, sizeof d, d);
		if (memcmp(d, sum, sizeof d) != 0)
			bad = "damaged list index (checksum mismatch)";
		sha256_update(&whole, SHA256_DIGEST_SIZE, sum);
		sha256_digest(&whole, sizeof d, d);
		hexdigest(li->sha256, d);
	}
	const uint64_t *w = (const uint64_t *)((char *)map + sizeof h);
	if (bad == NULL && eliasfano_view(&li->keys, h.n, h.base, h.nbuckets,
	    h.lowbits, w, h.nlow, w + h.nlow, h.nhigh, w + h.nlow + h.nhigh,
	    h.nsample) < 0)
		bad = "damaged list index (its keys make no sense)";
	if (bad != NULL) {
		sbuf_addf(err, "%s: %s", path, bad);
		munmap(map, len);
		return -1;
	}
	/* lookups go anywhere: no read-ahead */
	madvise(map, len, MADV_RANDOM);
	li->map = map;
	li->maplen = len;
	li->kind = (listkey_kind)h.kind;
	li->compiled = true;
	memcpy(li->name, h.name, sizeof li->name);
	memcpy(li->date, h.date, sizeof li->date - 1);
	li->date[sizeof li->date - 1] = '\0';
	return 0;
}

/* write_all: n bytes to fd, hashed. */
static int
write_all(int fd, const void *p, size_t n, struct sha256_ctx *ctx)
{
	const char *s = p;

	sha256_update(ctx, n, p);
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* tmp_open: a file to write the index of path into, beside it: an
 * anonymous one (O_TMPFILE: a run killed while writing leaves nothing),
 * *named false; else a named one, path.XXXXXX in tmp, *named true (removed
 * at a signal or a failure: base/signals.h).  -1 with errno. */
static int
tmp_open(const char *path, sbuf *tmp, bool *named)
{
	const char *slash = strrchr(path, '/');
	int fd;

	sbuf_reset(tmp);
	if (slash == NULL)
		sbuf_adds(tmp, ".");
	else
		sbuf_add(tmp, path, slash == path ? 1 :
		    (size_t)(slash - path));
	*named = false;
	if ((fd = open(tmp->p, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644)) >= 0)
		return fd;
	sbuf_reset(tmp);
	sbuf_addf(tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp->p)) >= 0) {
		*named = true;
		signals_unfinished(tmp->p);
	}
	return fd;
}

/* tmp_name: give the anonymous file fd the name path.PID.tmp, in tmp, to
 * be renamed over path; 0, or -1 with errno. */
static int
tmp_name(int fd, const char *path, sbuf *tmp)
{
	char proc[64];

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	sbuf_reset(tmp);
	sbuf_addf(tmp, "%s.%ld.tmp", path, (long)getpid());
	unlink(tmp->p);		/* a killed run's of the same pid */
	signals_unfinished(tmp->p);
	return linkat(AT_FDCWD, proc, AT_FDCWD, tmp->p, AT_SYMLINK_FOLLOW);
}

/* write_index: the index of li at path, by way of a temporary file beside
 * it renamed over it, so that a reader sees the old index or the new, and
 * a run that fails, is interrupted or killed leaves the old one. */
static int
write_index(const listidx *li, const char *path, time_t now, sbuf *err)
{
	const eliasfano *ef = &li->keys;
	header h = { .bom = BYTE_ORDER_MARK, .format = FORMAT,
	    .kind = li->kind, .lowbits = ef->l, .n = ef->n, .base = ef->base,
	    .nbuckets = ef->nbuckets, .nlow = ef->nlow, .nhigh = ef->nhigh,
	    .nsample = ef->nsample };
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sbuf tmp = SBUF_INIT;
	bool named;

	memcpy(h.magic, MAGIC, 8);
	memcpy(h.name, li->name, sizeof h.name);
	memcpy(h.date, li->date, sizeof li->date);
	date_format(&tmp, now);
	snprintf(h.built, sizeof h.built, "%s", tmp.p);
	int fd = tmp_open(path, &tmp, &named);
	if (fd < 0) {
		sbuf_addf(err, "%s: %s", tmp.p, strerror(errno));
		sbuf_free(&tmp);
		return -1;
	}
	sha256_init(&ctx);
	int rc = write_all(fd, &h, sizeof h, &ctx);
	if (rc == 0)
		rc = write_all(fd, ef->low, ef->nlow * 8, &ctx);
	if (rc == 0)
		rc = write_all(fd, ef->high, ef->nhigh * 8, &ctx);
	if (rc == 0)
		rc = write_all(fd, ef->sample, ef->nsample * 8, &ctx);
	sha256_digest(&ctx, sizeof d, d);
	if (rc == 0)
		rc = write_all(fd, d, sizeof d, &ctx);
	if (rc == 0)
		rc = fchmod(fd, 0644);
	if (rc == 0)
		rc = fsync(fd);
	if (rc == 0 && !named) {
		rc = tmp_name(fd, path, &tmp);
		named = true;	/* the name is registered, linked or not */
	}
	if (close(fd) < 0)
		rc = -1;
	if (rc == 0)
		rc = rename(tmp.p, path);
	if (rc < 0) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		if (named)
			unlink(tmp.p);
	}
	if (named)
		signals_finished(tmp.p);
	sbuf_free(&tmp);
	return rc;
}

/* ---- building ---- */

/* A sorted, distinct stream of keys: an index's, a keysort's, or none. */
typedef struct stream {
	const eliasfano *ef;
	eliasfano_iter it;
	keysort *ks;
	bool has;
	uint64_t key;		/* the current one, when has */
} stream;

static void
advance(stream *s)
{
	s->has = s->ef != NULL ? eliasfano_next(s->ef, &s->it, &s->key) :
	    s->ks != NULL && keysort_next(s->ks, &s->key);
}

/* bounds: the stream's keys are over; widen [*lo, *hi] and *nmax to hold
 * them.  An index's largest key is bounded by its last bucket. */
static void
bounds(stream *s, uint64_t *nmax, uint64_t *lo, uint64_t *hi)
{
	uint64_t n = 0, l = 0, h = 0;

	if (s->ef != NULL && s->ef->n > 0) {
		const eliasfano *ef = s->ef;
		uint64_t top = (ef->nbuckets - 1) << ef->l |
		    ((1ULL << ef->l) - 1);
		n = ef->n;
		l = ef->base;
		h = top > UINT64_MAX - l ? UINT64_MAX : l + top;
	} else if (s->ks != NULL)
		keysort_end(s->ks, &n, &l, &h);
	if (n == 0)
		return;
	if (*nmax == 0 || l < *lo)
		*lo = l;
	if (*nmax == 0 || h > *hi)
		*hi = h;
	*nmax += n;
}

/* build: (base | add) - del into li->keys, base being an index (ef) or a
 * text list (list).  A key both added and deleted stays: a list errs on
 * the side of not calling. */
static void
build(listidx *li, const eliasfano *ef, keysort *list, keysort *add,
    keysort *del)
{
	uint64_t nmax = 0, lo = 0, hi = 0, n, l, h;
	stream a = { .ef = ef, .ks = ef == NULL ? list : NULL },
	    b = { .ks = add }, c = { .ks = del };

	bounds(&a, &nmax, &lo, &hi);
	bounds(&b, &nmax, &lo, &hi);
	if (del != NULL)
		keysort_end(del, &n, &l, &h);
	eliasfano_builder *bld = eliasfano_build(nmax, lo, hi - lo);
	advance(&a);
	advance(&b);
	advance(&c);
	while (a.has || b.has) {
		uint64_t k = !a.has ? b.key : !b.has ? a.key :
		    a.key < b.key ? a.key : b.key;
		bool added = b.has && b.key == k;
		if (a.has && a.key == k)
			advance(&a);
		if (added)
			advance(&b);
		while (c.has && c.key < k)
			advance(&c);
		if (added || !c.has || c.key != k)
			eliasfano_add(bld, k);
	}
	eliasfano_build_end(bld, &li->keys);
}

/* version: the default version of a compiled list: the newest of the
 * version of the index updated (if any; not its file's day, which moves
 * with every update) and the modification days of the other inputs. */
static void
version(char date[11], const listidx *base, const char *list,
    const char *const *changes, time_t now)
{
	struct stat sb;
	char day[11];

	date[0] = '\0';
	if (base->map != NULL)
		memcpy(date, base->date, sizeof base->date);
	else if (strcmp(list, "-") == 0)
		day_of(date, now);
	else if (stat(list, &sb) == 0)
		day_of(date, sb.st_mtime);
	for (size_t i = 0; changes != NULL && changes[i] != NULL; i++)
		if (stat(changes[i], &sb) == 0) {
			day_of(day, sb.st_mtime);
			if (strcmp(day, date) > 0)
				memcpy(date, day, sizeof day);
		}
}

int
listidx_compile(const listidx_compile_opts *o, sbuf *err)
{
	listidx base = { 0 }, out = { 0 };
	listidx_text_opts to = { .columns = o->columns, .country = o->country,
	    .kind = o->kind };
	reader rd = { .path = o->list, .kind = o->kind, .list = keysort_new(),
	    .add = keysort_new(), .del = keysort_new(), .tmp = SBUF_INIT,
	    .kind_given = o->kind >= 0, .to = &to };
	int rc = strcmp(o->list, "-") == 0 ? 1 : open_index(&base, o->list,
	    err);

	if (rc == 0) {
		if (o->kind >= 0 && o->kind != (int)base.kind) {
			sbuf_addf(err, "%s: a %s list, not %s", o->list,
			    listkey_kind_name(base.kind),
			    listkey_kind_name((listkey_kind)o->kind));
			rc = -1;
		}
		rd.kind = (int)base.kind;
		memcpy(out.name, base.name, sizeof out.name);
	} else if (rc == 1) {
		rc = read_text(&rd, err);
		name_of(out.name, strcmp(o->list, "-") == 0 ? "stdin" :
		    o->list);
	}
	rd.changes = true;
	for (size_t i = 0; rc == 0 && o->changes != NULL &&
	    o->changes[i] != NULL; i++) {
		rd.path = o->changes[i];
		rc = read_text(&rd, err);
	}
	if (rc == 0) {
		if (rd.kind < 0) {
			sbuf_addf(err, "%s: no entries, and no --kind to say "
			    "what the list is of", o->list);
			rc = -1;
		}
	}
	if (rc == 0) {
		out.kind = (listkey_kind)rd.kind;
		if (o->name != NULL)
			snprintf(out.name, sizeof out.name, "%s", o->name);
		if (o->date != NULL)
			snprintf(out.date, sizeof out.date, "%s", o->date);
		else
			version(out.date, &base, o->list, o->changes, o->now);
		build(&out, base.map != NULL ? &base.keys : NULL, rd.list,
		    rd.add, rd.del);
		rc = write_index(&out, o->out, o->now, err);
	}
	reader_free(&rd);
	eliasfano_free(&out.keys);
	if (base.map != NULL)
		munmap(base.map, base.maplen);
	return rc < 0 ? -1 : 0;
}

listidx *
listidx_load(const char *path, const char *name,
    const listidx_text_opts *to, sbuf *err)
{
	listidx *li = xcalloc(1, sizeof *li);
	int rc = open_index(li, path, err);

	if (rc == 1) {
		struct sha256_ctx ctx;
		uint8_t d[SHA256_DIGEST_SIZE];
		struct stat sb;
		int kind = to != NULL ? to->kind : -1;
		reader rd = { .path = path, .kind = kind,
		    .kind_given = kind >= 0, .list = keysort_new(),
		    .sha = &ctx, .tmp = SBUF_INIT, .to = to };
		sha256_init(&ctx);
		rc = read_text(&rd, err);
		sha256_digest(&ctx, sizeof d, d);
		hexdigest(li->sha256, d);
		li->kind = rd.kind < 0 ? LISTKEY_ID : (listkey_kind)rd.kind;
		name_of(li->name, path);
		day_of(li->date, stat(path, &sb) == 0 ? sb.st_mtime : 0);
		if (rc == 0)
			build(li, NULL, rd.list, NULL, NULL);
		reader_free(&rd);
	}
	if (rc < 0) {
		free(li);
		return NULL;
	}
	if (name != NULL)
		snprintf(li->name, sizeof li->name, "%s", name);
	return li;
}

listidx *
listidx_from_keys(const char *name, const char *date, listkey_kind kind,
    keysort *keys)
{
	listidx *li = xcalloc(1, sizeof *li);

	snprintf(li->name, sizeof li->name, "%s", name);
	snprintf(li->date, sizeof li->date, "%s", date);
	li->kind = kind;
	build(li, NULL, keys, NULL, NULL);
	return li;
}

void
listidx_free(listidx *li)
{
	if (li == NULL)
		return;
	if (li->map != NULL)
		munmap(li->map, li->maplen);
	else
		eliasfano_free(&li->keys);
	free(li);
}
