/* fuzz_roster.c - rosters and region tables: a roster (CSV or NDJSON)
 * loaded, and its members' territories tested on a few leads; with a
 * region table of its own when the input has one.
 *
 * Input: one byte of options (bits 0-1 -i: auto, csv, ndjson, auto; bit
 * 2 --trim), then the roster; after a line "%%", if any, regions.tsv (in
 * a share folder of the scratch folder, the other tables linked from the
 * tree's; not the share folder of fuzz.h, whose files are links into the
 * tree).
 */
#include <sys/stat.h>

#include "io/cli.h"
#include "lead/roster.h"
#include "fuzz.h"

static char *tree_share;

/* share: a share folder whose regions.tsv is d[0..n) */
static void
share(const uint8_t *d, size_t n)
{
	static const char *const tables[] = { "countries.tsv", NULL };
	const char *dir = fuzz_path(2, "roster-share");
	char path[256];

	if (tree_share == NULL) {
		tree_share = xstrdup(getenv("LEADKIT_SHARE"));
		mkdir(dir, 0700);
		for (size_t i = 0; tables[i] != NULL; i++) {
			char target[256];
			snprintf(path, sizeof path, "%s/%s", dir, tables[i]);
			snprintf(target, sizeof target, "%s/%s", tree_share,
			    tables[i]);
			(void)symlink(target, path);
		}
	}
	fuzz_write(3, "roster-share/regions.tsv", d, n);
	setenv("LEADKIT_SHARE", fuzz_path(2, "roster-share"), 1);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	static const lk_format fmts[] = { LK_FMT_AUTO, LK_FMT_CSV,
	    LK_FMT_NDJSON, LK_FMT_AUTO };
	static const char *const where[][2] = {
		{ "DE", "80331" }, { "at", NULL }, { NULL, NULL },
		{ "US", "10001-2" }, { "XX", "" },
	};
	cli_opts o = { 0 };
	const uint8_t *regions;
	size_t rn, n;
	sbuf err = SBUF_INIT;
	roster *ro;

	if (size < 1)
		return;
	o.in_format = fmts[data[0] & 3];
	o.trim = (data[0] & 4) != 0;
	fuzz_split(data + 1, size - 1, &regions, &rn, &n);
	if (tree_share != NULL)
		setenv("LEADKIT_SHARE", tree_share, 1);
	if (regions != NULL)
		share(regions, rn);
	ro = roster_load(fuzz_write(0, "roster", data + 1, n), &o, &err);
	if (ro != NULL) {
		const roster_member *m = roster_members(ro, &n);
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < sizeof where / sizeof *where;
			    k++)
				(void)roster_covers(ro, &m[i], where[k][0],
				    where[k][1]);
			(void)roster_speaks(&m[i], "de");
			(void)roster_in_pool(&m[i], "inside");
			(void)roster_absent(&m[i], 1775000000);
			(void)roster_find(ro, m[i].id);
		}
		roster_free(ro);
	}
	sbuf_free(&err);
}
