/* jscan.h - a small JSON scanner over raw bytes
 *
 * Most stages read a few fields of a record and add a few.  Decoding every
 * line into a jansson tree and printing it again costs more than the whole
 * rest of a stage, so NDJSON records are kept as the input line plus the
 * byte spans of their top-level members, found by this scanner.  It checks
 * the full JSON grammar (RFC 8259) and that strings are valid UTF-8, but
 * builds nothing.  Values a stage needs as trees go through jansson.
 *
 *	{"id":"L1","n":3,"tags":["a"]}
 *	 member 1: name "\"id\""  (literal, quotes included)  value "\"L1\""
 *	 member 2: name "\"n\""   value "3"
 *	 member 3: name "\"tags\"" value "[\"a\"]"
 */
#ifndef LK_JSCAN_H
#define LK_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/sbuf.h"

typedef struct jscan_err {
	size_t pos;		/* byte offset of the problem */
	const char *msg;	/* static text: "expected ':'" */
} jscan_err;

/* jscan_member_fn: called for each member; name and value are raw JSON
 * literals.  Return 0 to go on, non-zero to stop (jscan_object returns it). */
typedef int (*jscan_member_fn)(void *ctx, const char *name, size_t nlen,
    const char *val, size_t vlen);

/*
 * jscan_object: check that s[0..n) is exactly one JSON object (white space
 * around it allowed) and call fn for each top-level member in order.
 * Returns 0; -1 with *err filled when the text is not valid JSON or not an
 * object; or what fn returned when it stopped the scan.
 */
int jscan_object(const char *s, size_t n, jscan_member_fn fn, void *ctx,
    jscan_err *err);

/* jscan_array: the same for one JSON array: fn gets each element as val,
 * with name NULL and nlen 0. */
int jscan_array(const char *s, size_t n, jscan_member_fn fn, void *ctx,
    jscan_err *err);

/*
 * jscan_unescape: append the decoded contents of the string literal
 * lit[0..n) (quotes included; already checked by jscan_object) to out.
 */
void jscan_unescape(sbuf *out, const char *lit, size_t n);

/* jscan_escape: append s[0..n) as a JSON string literal, with quotes.
 * s must be valid UTF-8 (it is copied as is apart from escapes). */
void jscan_escape(sbuf *out, const char *s, size_t n);

/* jscan_utf8_valid: the length of the longest valid UTF-8 prefix of s; n
 * when all of it is valid. */
size_t jscan_utf8_valid(const char *s, size_t n);

#endif
