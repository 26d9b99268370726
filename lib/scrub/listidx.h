/* listidx.h - a suppression list: read from text, compiled to an index
 * file, opened for lookups
 *
 * A text list has one entry a line (listkey.h: phone numbers, e-mails,
 * domains, ids, digests); blank lines and lines starting with '#' are
 * skipped, spaces around an entry trimmed.  Its kind is that of its first
 * entry unless given, and every entry must be of that kind: a line that is
 * not is an error (a list read in part is no scrub).  A list whose kind
 * was found to be id but whose entries are mostly no ids (names, words:
 * listkey_idlike) is an error too, unless the kind id was given.  A
 * change list has ",A" (added) or ",D" (deleted) after each entry, as the
 * US registry's change downloads do.
 *
 * A text list whose first line is a header (a column named as an e-mail,
 * phone or do-not-call column, listcsv.h), or follows Excel's "sep=;", or
 * whose columns are named (listidx_text_opts), is a CSV export: its
 * entries are the cells of its key columns (listcsv.h).  National phone
 * numbers are read with a country: the row's, the list's, or none (only
 * the US registry's shapes are then read, as US numbers).
 *
 * An index file is, in native byte order (the header says which):
 *
 *	header     256 bytes: magic "LKLIST1\n", byte-order mark, format,
 *	           kind, low bits, keys, base, buckets, array sizes, name,
 *	           version date, build time
 *	low bits   \
 *	high bits   > the Elias-Fano set of keys (eliasfano.h), 64-bit words
 *	samples    /
 *	checksum   SHA-256 of everything before it
 *
 * Opening maps the file and checks its size, header, arrays and checksum,
 * so that a truncated or damaged file is an error, never a wrong answer.
 */
#ifndef LK_LISTIDX_H
#define LK_LISTIDX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "base/eliasfano.h"
#include "base/keysort.h"
#include "scrub/listkey.h"
#include "base/sbuf.h"

#define LISTIDX_NAME 64		/* bytes of a name, its NUL included */

typedef struct listidx {
	char name[LISTIDX_NAME];
	char date[11];		/* the list's version: "YYYY-MM-DD" */
	listkey_kind kind;
	bool compiled;		/* read from an index file */
	char sha256[65];	/* of the file as given, hex */
	eliasfano keys;
	void *map;		/* the mapped index file, or NULL */
	size_t maplen;
} listidx;

/* How a text list is read (--column, --country, --kind). */
typedef struct listidx_text_opts {
	const char *const *columns;	/* a CSV list's key columns,
					 * NULL-terminated, or NULL */
	const char *country;	/* alpha-2 code of national numbers, or
				 * NULL */
	int kind;		/* a listkey_kind, or -1: detected */
} listidx_text_opts;

/* What --compile is asked. */
typedef struct listidx_compile_opts {
	const char *list;	/* a text list, "-", or an index to update */
	const char *const *changes;	/* change lists, NULL-terminated */
	const char *out;	/* the index to write (replaced atomically) */
	const char *name;	/* or NULL: the base name of list (an index
				 * keeps its own) */
	const char *date;	/* "YYYY-MM-DD", or NULL: the newest of
				 * an updated index's version and the
				 * other inputs' modification days */
	int kind;		/* a listkey_kind, or -1: detected */
	time_t now;		/* the build time written in the header */
	const char *const *columns;	/* as listidx_text_opts */
	const char *country;
} listidx_compile_opts;

/* listidx_compile: read the list and changes, write the index.  Returns 0,
 * or -1 with "file:line: what is wrong" in err (out is then untouched). */
int listidx_compile(const listidx_compile_opts *o, sbuf *err);

/* listidx_load: an index file or a text list (told apart by the magic) as
 * a list called name (NULL: the index's own name, or the base name of a
 * text list), a text list read as to says (NULL: all detected).  Returns
 * the list, or NULL with the message in err. */
listidx *listidx_load(const char *path, const char *name,
    const listidx_text_opts *to, sbuf *err);
void listidx_free(listidx *li);
/* listidx_from_keys: a list called name of kind, version date
 * ("YYYY-MM-DD"), holding the keys added to keys (then freed by the
 * caller; not ended). */
listidx *listidx_from_keys(const char *name, const char *date,
    listkey_kind kind, keysort *keys);

static inline bool
listidx_has(const listidx *li, uint64_t key)
{
	return eliasfano_has(&li->keys, key);
}

#endif
