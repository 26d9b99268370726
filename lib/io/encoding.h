/* encoding.h - text encodings: their names, and telling them apart
 *
 * The readers (input.c) take text in UTF-8 and convert the rest with
 * iconv.  This module knows the encodings by the names users give
 * (--encoding, any case, '-', '_' and spaces ignored: "Latin-1",
 * "ISO_8859-1" and "latin1" are one), and guesses a file's encoding from
 * its first bytes:
 *
 *	a byte order mark	decides (UTF-8, UTF-16LE/BE, UTF-32LE/BE)
 *	file magic		a gzip, ZIP (.xlsx), PNG, PDF... file is no text
 *	UTF-16 without BOM	ASCII text with every other byte NUL
 *	binary			NUL and other control bytes
 *	valid UTF-8		UTF-8
 *	otherwise		a Windows code page: windows-1252 (Western),
 *				or windows-1250 (Central European) when the
 *				bytes read as letters in it and not in 1252
 *				(Polish "Wroc\xb3aw": "Wrocław", not
 *				"Wroc³aw")
 */
#ifndef LK_ENCODING_H
#define LK_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum encoding_kind {
	ENCODING_AUTO,		/* guessed per file (the default) */
	ENCODING_UTF8,		/* strictly UTF-8: other bytes are errors */
	ENCODING_BYTE,		/* one byte a character: lines that are not
				 * valid UTF-8 are converted */
	ENCODING_WIDE		/* UTF-16/32: the whole stream is converted */
} encoding_kind;

typedef struct encoding {
	const char *name;	/* canonical, lower case: "windows-1252" */
	const char *iconv;	/* its iconv name, or NULL (auto) */
	encoding_kind kind;
} encoding;

/* encoding_find: the encoding called name (any alias, any case), or NULL.
 * The result is static. */
const encoding *encoding_find(const char *name);

/* encoding_names: the canonical names, ", "-separated, for messages. */
const char *encoding_names(void);

/* encoding_bom: the encoding whose byte order mark p[0..n) starts with,
 * and its length in *len; NULL (and 0) when there is none. */
const encoding *encoding_bom(const char *p, size_t n, size_t *len);

/* encoding_binary: what p[0..n), a file's first bytes, is when it is no
 * text: a static description ("a gzip file"), with what to do in *hint
 * ("gunzip it first", or NULL); NULL for text.  Check UTF-16 without a
 * BOM first (encoding_wide_guess): this calls it binary. */
const char *encoding_binary(const char *p, size_t n, const char **hint);

/* encoding_wide_guess: UTF-16LE or UTF-16BE when p[0..n) looks like
 * UTF-16 text without a byte order mark (ASCII with NULs between), else
 * NULL. */
const encoding *encoding_wide_guess(const char *p, size_t n);

/*
 * encoding_guess: the encoding of a file whose first bytes are p[0..n)
 * (more follow unless at_eof: a UTF-8 sequence cut at n is fine).
 * Returns the UTF-8 encoding when they are valid UTF-8, or when valid
 * UTF-8 sequences are at least as many as the bytes that are not part of
 * one (a damaged UTF-8 file, or one that mixes UTF-8 and another
 * encoding: its bad lines are errors); else the Windows code page that
 * reads those bytes as the most letters (windows-1252 on a tie); NULL
 * when no code page has every byte.  *bad is the offset of the first byte
 * that is not UTF-8 (n if none).
 */
const encoding *encoding_guess(const char *p, size_t n, bool at_eof,
    size_t *bad);

#endif
