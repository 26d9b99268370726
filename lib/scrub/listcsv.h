/* listcsv.h - a suppression list that is a CSV export with a header row:
 * which columns hold its entries, and which rows are entries
 *
 * An e-mail system's unsubscribe export, a CRM's do-not-call export or a
 * spreadsheet saved by Excel has a header row and many columns.  The roles
 * of the columns come from their names, through the import's synonyms
 * (share/leadkit/columns.map) and share/leadkit/scrub/list-columns.map:
 *
 *	role            columns (examples)              used as
 *	email           Email, Email Address, E-Mail     entries of an e-mail list
 *	phone, mobile   Phone, Mobile Phone Number       entries of a phone list
 *	country         Country, Land                    country of national numbers
 *	do_not_call     Do Not Call                      rows of a phone list: when true
 *	email_opt_out   Email Opt Out                    rows of an e-mail list: when true
 *	unsubscribed    UNSUB_TIME, CLEAN_TIME           the list is of e-mails
 *
 * The list's kind is that of its columns: e-mail or phone, or given (the
 * caller's kind, columns named by the caller).  With both, a do_not_call
 * column makes it a phone list and an email_opt_out or unsubscribed one an
 * e-mail list; every column of the kind is used (Phone and Mobile).  A
 * column named by the caller whose name has no role is of the kind of its
 * first value.  Anything else is an error that says what to name.
 *
 *	listcsv *c = listcsv_new("crm.csv", ';', &opts);
 *	each physical line: listcsv_line(c, line, len, lineno, err)
 *	at the end:         listcsv_end(c, err)
 */
#ifndef LK_LISTCSV_H
#define LK_LISTCSV_H

#include <stdbool.h>
#include <stddef.h>

#include "lead/colmap.h"
#include "value/country.h"
#include "base/sbuf.h"

typedef struct listcsv listcsv;

/* A cell of a key column: to be an entry of the list's kind. */
typedef struct listcsv_cell {
	const char *s;
	size_t n;
	const char *column;	/* its header name */
	const country *country;	/* of the row's country column, or NULL */
	unsigned long line;
} listcsv_cell;

/* entry: take one cell; the list's kind is *kind (which the first cell of
 * a column of no known role may set, from -1).  Returns 0 (taken), 1 (not
 * an entry of the kind: *why, counted and warned of) or -1 (the list
 * cannot be read: message in err). */
typedef int (*listcsv_entry_fn)(void *ctx, const listcsv_cell *cell,
    int *kind, const char **why, sbuf *err);

typedef struct listcsv_opts {
	const char *const *columns;	/* named by the caller, NULL-terminated,
					 * or NULL: found by their names */
	int *kind;			/* the list's kind: in, -1 or given;
					 * out, as found */
	const colmap *roles;		/* column name -> role */
	const country_table *countries;
	listcsv_entry_fn entry;
	void *ctx;
} listcsv_opts;

/* listcsv_sniff: the delimiter of the line s[0..n): of ',', ';' and TAB
 * the most frequent outside quotes ("," when none is there). */
char listcsv_sniff(const char *s, size_t n);

/* listcsv_is_header: s[0..n), split on delim, has a field whose name has
 * a role (the first line of a list: a header, not an entry). */
bool listcsv_is_header(const char *s, size_t n, char delim,
    const colmap *roles);

/* listcsv_new: a reader of the CSV list called path (kept), delimiter
 * delim, its first line to come being the header.  o is kept. */
listcsv *listcsv_new(const char *path, char delim, const listcsv_opts *o);
void listcsv_free(listcsv *c);

/* listcsv_line: feed physical line lineno, with its terminator.  Returns 0,
 * or -1 with "path:line: what is wrong" in err. */
int listcsv_line(listcsv *c, const char *line, size_t len,
    unsigned long lineno, sbuf *err);
/* listcsv_end: the end of the file.  Returns 0, or -1 with the message in
 * err: a header and nothing else is fine (an empty list), more cells that
 * are no entries than entries is not.  The counts: */
int listcsv_end(listcsv *c, sbuf *err);
/* listcsv_stats: entries taken, rows skipped (flag false), cells and rows
 * that were no entries. */
void listcsv_stats(const listcsv *c, unsigned long *entries,
    unsigned long *skipped, unsigned long *bad);

#endif
