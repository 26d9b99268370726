/* encoding.c - text encodings: their names, and telling them apart */
#include "io/encoding.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>

#include "io/jscan.h"
#include "base/utf8.h"

/* The encodings read, by canonical name.  The aliases below point here. */
static const encoding encodings[] = {
	{ "auto",		NULL,		ENCODING_AUTO },
	{ "utf-8",		"UTF-8",	ENCODING_UTF8 },
	{ "utf-16",		"UTF-16LE",	ENCODING_WIDE },  /* LE without BOM */
	{ "utf-16le",		"UTF-16LE",	ENCODING_WIDE },
	{ "utf-16be",		"UTF-16BE",	ENCODING_WIDE },
	{ "utf-32le",		"UTF-32LE",	ENCODING_WIDE },
	{ "utf-32be",		"UTF-32BE",	ENCODING_WIDE },
	{ "windows-1252",	"WINDOWS-1252",	ENCODING_BYTE },
	{ "windows-1250",	"WINDOWS-1250",	ENCODING_BYTE },
	{ "iso-8859-1",		"ISO-8859-1",	ENCODING_BYTE },
	{ "iso-8859-2",		"ISO-8859-2",	ENCODING_BYTE },
	{ "iso-8859-15",	"ISO-8859-15",	ENCODING_BYTE },
	{ "macintosh",		"MACINTOSH",	ENCODING_BYTE },
	{ "cp850",		"IBM850",	ENCODING_BYTE },
	{ "cp437",		"IBM437",	ENCODING_BYTE },
};

enum { E_AUTO, E_UTF8, E_UTF16, E_UTF16LE, E_UTF16BE, E_UTF32LE, E_UTF32BE,
	E_CP1252, E_CP1250, E_LATIN1, E_LATIN2, E_LATIN9, E_MAC, E_CP850,
	E_CP437 };

/* Other names, as compared: lower case without '-', '_', ' ' and '.'
 * (the names iconv and the IANA registry give them). */
static const struct alias {
	const char *name;
	int enc;
} aliases[] = {
	{ "utf8", E_UTF8 },		{ "ascii", E_UTF8 },
	{ "usascii", E_UTF8 },
	{ "utf16", E_UTF16 },		{ "ucs2", E_UTF16 },
	{ "unicode", E_UTF16 },	/* Excel's "Unicode Text" */
	{ "utf16le", E_UTF16LE },	{ "utf16be", E_UTF16BE },
	{ "utf32le", E_UTF32LE },	{ "utf32be", E_UTF32BE },
	{ "windows1252", E_CP1252 },	{ "cp1252", E_CP1252 },
	{ "win1252", E_CP1252 },	{ "ansi", E_CP1252 },
	{ "windows1250", E_CP1250 },	{ "cp1250", E_CP1250 },
	{ "win1250", E_CP1250 },
	{ "iso88591", E_LATIN1 },	{ "latin1", E_LATIN1 },
	{ "l1", E_LATIN1 },		{ "iso885912", E_LATIN2 },
	{ "iso88592", E_LATIN2 },	{ "latin2", E_LATIN2 },
	{ "l2", E_LATIN2 },
	{ "iso885915", E_LATIN9 },	{ "latin9", E_LATIN9 },
	{ "l9", E_LATIN9 },
	{ "macintosh", E_MAC },		{ "mac", E_MAC },
	{ "macroman", E_MAC },		{ "xmacroman", E_MAC },
	{ "cp850", E_CP850 },		{ "ibm850", E_CP850 },
	{ "850", E_CP850 },
	{ "cp437", E_CP437 },		{ "ibm437", E_CP437 },
	{ "437", E_CP437 },
	{ "auto", E_AUTO },
};

const encoding *
encoding_find(const char *name)
{
	char key[32];
	size_t n = 0;

	for (const char *s = name; *s != '\0'; s++) {
		if (*s == '-' || *s == '_' || *s == ' ' || *s == '.')
			continue;
		if (n + 1 == sizeof key)
			return NULL;
		key[n++] = (char)tolower((unsigned char)*s);
	}
	key[n] = '\0';
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (strcmp(aliases[i].name, key) == 0)
			return &encodings[aliases[i].enc];
	return NULL;
}

const char *
encoding_names(void)
{
	return "utf-8, windows-1252 (cp1252), windows-1250 (cp1250), "
	    "iso-8859-1 (latin1), iso-8859-2 (latin2), iso-8859-15 (latin9), "
	    "macintosh, cp850, cp437, utf-16, utf-16le, utf-16be, auto";
}

/* ---- byte order marks and file magic ---- */

static const struct bom {
	const char *bytes;
	size_t len;
	int enc;
} boms[] = {	/* UTF-32LE before UTF-16LE: its mark starts the same */
	{ "\xEF\xBB\xBF", 3, E_UTF8 },
	{ "\xFF\xFE\0\0", 4, E_UTF32LE },
	{ "\0\0\xFE\xFF", 4, E_UTF32BE },
	{ "\xFF\xFE", 2, E_UTF16LE },
	{ "\xFE\xFF", 2, E_UTF16BE },
};

const encoding *
encoding_bom(const char *p, size_t n, size_t *len)
{
	for (size_t i = 0; i < sizeof boms / sizeof *boms; i++)
		if (n >= boms[i].len && memcmp(p, boms[i].bytes,
		    boms[i].len) == 0) {
			*len = boms[i].len;
			return &encodings[boms[i].enc];
		}
	*len = 0;
	return NULL;
}

/* Files given by mistake, by their first bytes. */
static const struct magic {
	const char *bytes;
	size_t len;
	const char *what, *hint;
} magics[] = {
	{ "\x1F\x8B", 2, "a gzip file", "gunzip it first" },
	{ "PK\x03\x04", 4, "a ZIP archive (an Excel .xlsx workbook?)",
	    "save the sheet as \"CSV UTF-8\"" },
	{ "PK\x05\x06", 4, "an empty ZIP archive", NULL },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an Excel 97-2003 workbook "
	    "(.xls) or another Office file", "save the sheet as \"CSV UTF-8\"" },
	{ "\x89PNG\r\n\x1A\n", 8, "a PNG image", NULL },
	{ "\xFF\xD8\xFF", 3, "a JPEG image", NULL },
	{ "GIF87a", 6, "a GIF image", NULL },
	{ "GIF89a", 6, "a GIF image", NULL },
	{ "%PDF-", 5, "a PDF document", NULL },
	{ "BZh", 3, NULL, NULL },	/* "BZh" + level + block magic: below */
	{ "\xFD" "7zXZ\0", 6, "an xz file", "unxz it first" },
	{ "\x28\xB5\x2F\xFD", 4, "a zstd file", "unzstd it first" },
	{ "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive", NULL },
	{ "Rar!\x1A\x07", 6, "a RAR archive", NULL },
	{ "SQLite format 3", 16, "an SQLite database", NULL },
	{ "\x7F" "ELF", 4, "a program (ELF)", NULL },
};

/* The bytes looked at for control characters. */
#define BINARY_SAMPLE 65536

const char *
encoding_binary(const char *p, size_t n, const char **hint)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t ctl = 0;

	for (size_t i = 0; i < sizeof magics / sizeof *magics; i++) {
		const struct magic *m = &magics[i];
		if (n < m->len || memcmp(p, m->bytes, m->len) != 0)
			continue;
		*hint = m->hint;
		if (m->what != NULL)
			return m->what;
		if (n >= 10 && s[3] >= '1' && s[3] <= '9' &&
		    memcmp(p + 4, "1AY&SY", 6) == 0) {
			*hint = "bunzip2 it first";
			return "a bzip2 file";
		}
	}
	*hint = NULL;
	if (n > BINARY_SAMPLE)
		n = BINARY_SAMPLE;
	/* control bytes other than white space, DOS's end of file (0x1A)
	 * and ESC: a text file has next to none, a binary one plenty */
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 && (s[i] < '\t' || s[i] > '\r') &&
		    s[i] != 0x1A && s[i] != 0x1B)
			ctl++;
	if (ctl >= 2 && ctl * 100 > n)
		return "a binary file";
	return NULL;
}

const encoding *
encoding_wide_guess(const char *p, size_t n)
{
	size_t even = 0, odd = 0, pairs;

	if (n > 4096)
		n = 4096;
	pairs = n / 2;
	if (pairs < 2)
		return NULL;
	for (size_t i = 0; i + 1 < n; i += 2) {
		even += p[i] == '\0';
		odd += p[i + 1] == '\0';
	}
	/* ASCII in UTF-16LE: "a\0b\0"; a few other characters allowed */
	if (odd * 10 >= pairs * 8 && even * 20 <= pairs)
		return &encodings[E_UTF16LE];
	if (even * 10 >= pairs * 8 && odd * 20 <= pairs)
		return &encodings[E_UTF16BE];
	return NULL;
}

/* ---- guessing a code page ---- */

/* The code pages guessed, the first preferred on a tie. */
static const int pages[] = { E_CP1252, E_CP1250 };
#define NPAGES (sizeof pages / sizeof *pages)

/* What each byte 0x80..0xFF is in each page: -1 not a character, 0 some
 * other character, 1 a letter. */
static signed char page_class[NPAGES][128];
static pthread_once_t page_once = PTHREAD_ONCE_INIT;

static void
page_init(void)
{
	for (size_t k = 0; k < NPAGES; k++) {
		iconv_t cd = iconv_open("UTF-32LE", encodings[pages[k]].iconv);
		for (int b = 0x80; b <= 0xFF; b++) {
			char in = (char)b, *src = &in;
			unsigned char out[8];
			char *dst = (char *)out;
			size_t sl = 1, dl = sizeof out;
			signed char cls = -1;	/* none, or a C1 control */
			if (cd != (iconv_t)-1 &&
			    iconv(cd, &src, &sl, &dst, &dl) != (size_t)-1 &&
			    dl == sizeof out - 4) {
				int32_t cp = out[0] | out[1] << 8 |
				    out[2] << 16 | (int32_t)out[3] << 24;
				if (cp >= 0xA0)
					cls = utf8_is_letter(cp) ||
					    utf8_is_mark(cp);
			}
			page_class[k][b - 0x80] = cls;
		}
		if (cd != (iconv_t)-1)
			iconv_close(cd);
	}
}

static bool
wordish(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* incomplete: s[0..n) is the start of a UTF-8 sequence cut short. */
static bool
incomplete(const unsigned char *s, size_t n)
{
	size_t need = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 :
	    s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xC2 && s[0] <= 0xDF ?
	    2 : 0;

	if (need == 0 || n >= need)
		return false;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return false;
	return true;
}

const encoding *
encoding_guess(const char *p, size_t n, bool at_eof, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t ok = jscan_utf8_valid(p, n);
	long score[NPAGES] = { 0 };
	bool fits[NPAGES];
	size_t nvalid = 0, ninvalid = 0;

	*bad = ok;
	if (ok == n || (!at_eof && incomplete(s + ok, n - ok))) {
		*bad = n;
		return &encodings[E_UTF8];
	}
	for (size_t i = 0; i < ok; i++)	/* the sequences before the first
					 * bad byte, by their lead bytes */
		nvalid += s[i] >= 0xC0;
	pthread_once(&page_once, page_init);
	for (size_t k = 0; k < NPAGES; k++)
		fits[k] = true;
	/* every byte that is not part of a valid UTF-8 sequence: a
	 * character of the page, and in a word a letter, or a point off */
	for (size_t i = ok; i < n;) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t j = i;
		if (utf8_next_multi(p, n, &j) >= 0) {
			nvalid++;
			i = j;
			continue;
		}
		if (!at_eof && incomplete(s + i, n - i))
			break;
		ninvalid++;
		bool word = (i > 0 && wordish(s[i - 1])) ||
		    (i + 1 < n && wordish(s[i + 1]));
		for (size_t k = 0; k < NPAGES; k++) {
			signed char cls = page_class[k][s[i] - 0x80];
			if (cls < 0)
				fits[k] = false;
			else if (word)
				score[k] += cls ? 1 : -1;
		}
		i++;
	}
	if (nvalid >= ninvalid)		/* UTF-8, damaged or mixed */
		return &encodings[E_UTF8];
	const encoding *best = NULL;
	long top = 0;
	for (size_t k = 0; k < NPAGES; k++)
		if (fits[k] && (best == NULL || score[k] > top)) {
			best = &encodings[pages[k]];
			top = score[k];
		}
	return best;
}
