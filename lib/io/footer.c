/* footer.c - the lines reports end with, which are not records */
#include "io/footer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "io/cli.h"
#include "base/lines.h"
#include "base/sbuf.h"

static pcre2_code *re;		/* every pattern, as one alternation */
static pcre2_match_data *md;
static bool loaded;

/* add_pattern: lines_read callback: one more alternative in ctx, an
 * sbuf. */
static int
add_pattern(void *ctx, char *line, size_t n, sbuf *msg)
{
	sbuf *all = ctx;

	(void)msg;
	sbuf_adds(all, all->n > 0 ? "|(?:" : "(?:");
	sbuf_add(all, line, n);
	sbuf_addc(all, ')');
	return 0;
}

static void
load(void)
{
	sbuf path = SBUF_INIT, all = SBUF_INIT, pat = SBUF_INIT, err = SBUF_INIT;
	int code;
	PCRE2_SIZE off;

	loaded = true;
	if (lines_read(cli_share_path(&path, "footers.txt"), LINES_TRIM,
	    add_pattern, &all, &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	if (all.n > 0) {
		sbuf_addf(&pat, "^\\s*(?:%s)\\s*$", all.p);
		re = pcre2_compile((PCRE2_SPTR)pat.p, pat.n, PCRE2_UTF |
		    PCRE2_UCP | PCRE2_CASELESS, &code, &off, NULL);
		if (re == NULL) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof msg);
			cli_die(LK_EXIT_DATA, "%s: bad regular expression: %s",
			    path.p, (const char *)msg);
		}
		md = pcre2_match_data_create_from_pattern(re, NULL);
	}
	sbuf_free(&path);
	sbuf_free(&all);
	sbuf_free(&pat);
	sbuf_free(&err);
}

bool
footer_match(const char *s, size_t n)
{
	if (!loaded)
		load();
	return re != NULL && pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md,
	    NULL) >= 0;
}
