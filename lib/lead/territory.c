/* territory.c - territory entries: where a roster member takes leads from */
#include "lead/territory.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/cli.h"
#include "value/country.h"
#include "base/lines.h"
#include "base/xmem.h"

/* name upper-cased; codes upper-case alpha-2 */
struct territory_region {
	char *name;
	char (*cc)[3];
	size_t ncc;
};

/* ct is NULL until the tables are read; rg holds the regions read so far
 * while they are. */
struct territory_tables {
	country_table *ct;
	territory_region *rg;
	size_t nrg;
};

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

/* alnum_name: letters and digits, starting with a letter, 2 or more. */
static bool
alnum_name(const char *s)
{
	if (!isalpha((unsigned char)s[0]) || s[1] == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s))
			return false;
	return true;
}

/* ---- the tables ---- */

static const territory_region *
region_find(const territory_tables *tt, const char *name)
{
	for (size_t i = 0; i < tt->nrg; i++)
		if (strcasecmp(tt->rg[i].name, name) == 0)
			return &tt->rg[i];
	return NULL;
}

/* The region table being read, and the countries it may name. */
struct regions {
	territory_tables *tt;
	const country_table *ct;
};

/* region_line: lines_read callback: add "NAME<TAB>CC CC ..." (modified in
 * place). */
static int
region_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	struct regions *rs = ctx;
	territory_tables *tt = rs->tt;
	char *tab = strchr(line, '\t');

	(void)n;
	if (tab == NULL)
		return lines_fail(msg, "expected \"REGION<TAB>CC CC ...\"");
	*tab = '\0';
	upper(line);
	if (!alnum_name(line))
		return lines_fail(msg, "\"%s\" is not a region name (letters "
		    "and digits)", line);
	if (region_find(tt, line) != NULL)
		return lines_fail(msg, "region %s is there twice", line);
	tt->rg = xreallocarray(tt->rg, tt->nrg + 1, sizeof *tt->rg);
	territory_region *rg = &tt->rg[tt->nrg++];
	*rg = (territory_region){ xstrdup(line), NULL, 0 };
	for (char *save, *cc = strtok_r(tab + 1, " \t", &save); cc != NULL;
	    cc = strtok_r(NULL, " \t", &save)) {
		upper(cc);
		if (country_by_alpha2(rs->ct, cc) == NULL)
			return lines_fail(msg, "unknown country %s", cc);
		rg->cc = xreallocarray(rg->cc, rg->ncc + 1, sizeof *rg->cc);
		memcpy(rg->cc[rg->ncc++], cc, 3);
	}
	if (rg->ncc == 0)
		return lines_fail(msg, "region %s lists no countries",
		    rg->name);
	return 0;
}

static void
regions_free(territory_tables *tt)
{
	for (size_t i = 0; i < tt->nrg; i++) {
		free(tt->rg[i].name);
		free(tt->rg[i].cc);
	}
	free(tt->rg);
	tt->rg = NULL;
	tt->nrg = 0;
}

/* tables: read the country and region tables, once.  Returns 0, or -1
 * with err reset to the fault, and tt as new. */
static int
tables(territory_tables *tt, sbuf *err)
{
	sbuf path = SBUF_INIT;
	char *msg = NULL;
	country_table *ct;
	int rc = 0;

	if (tt->ct != NULL)
		return 0;
	ct = country_table_load(cli_share_path(&path, "countries.tsv"), &msg);
	if (ct == NULL) {
		sbuf_reset(err);
		if (msg != NULL)
			sbuf_adds(err, msg);
		else
			sbuf_addf(err, "%s: %s", path.p, strerror(errno));
		rc = -1;
	} else {
		struct regions rs = { tt, ct };
		rc = lines_read(cli_share_path(&path, "regions.tsv"),
		    LINES_TRIM_END, region_line, &rs, err);
		if (rc == 0) {
			tt->ct = ct;
		} else {
			regions_free(tt);
			country_table_free(ct);
		}
	}
	free(msg);
	sbuf_free(&path);
	return rc;
}

territory_tables *
territory_tables_new(void)
{
	return xcalloc(1, sizeof(territory_tables));
}

void
territory_tables_free(territory_tables *tt)
{
	if (tt == NULL)
		return;
	regions_free(tt);
	country_table_free(tt->ct);
	free(tt);
}

/* ---- entries ---- */

/* entry_fail: "where: what" into err; returns -1. */
__attribute__((format(printf, 3, 4)))
static int
entry_fail(sbuf *err, const char *where, const char *fmt, ...)
{
	va_list ap;

	sbuf_reset(err);
	sbuf_addf(err, "%s: ", where);
	va_start(ap, fmt);
	sbuf_vaddf(err, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
postcode_prefix(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

int
territory_parse(territory_tables *tt, const char *e, const char *where,
    territory *t, sbuf *err)
{
	const char *colon = strchr(e, ':');

	memset(t, 0, sizeof *t);
	if (strcmp(e, "*") == 0) {
		t->kind = TERRITORY_ANY;
		return 0;
	}
	if (tables(tt, err) != 0)
		return -1;
	if (colon != NULL) {
		if (colon - e != 2 || !isalpha((unsigned char)e[0]) ||
		    !isalpha((unsigned char)e[1]) || !postcode_prefix(colon + 1))
			goto malformed;
		memcpy(t->cc, e, 2);
		if (country_by_alpha2(tt->ct, t->cc) == NULL)
			return entry_fail(err, where, "unknown country %s",
			    t->cc);
		t->kind = TERRITORY_POSTCODE;
		t->prefix = colon + 1;
		return 0;
	}
	if (!alnum_name(e))
		goto malformed;
	if ((t->rg = region_find(tt, e)) != NULL) {
		t->kind = TERRITORY_REGION;
		return 0;
	}
	if (strlen(e) == 2 && isalpha((unsigned char)e[1])) {
		if (country_by_alpha2(tt->ct, e) == NULL)
			return entry_fail(err, where, "unknown country %s", e);
		memcpy(t->cc, e, 3);
		t->kind = TERRITORY_COUNTRY;
		return 0;
	}
	return entry_fail(err, where, "unknown territory %s", e);
malformed:
	return entry_fail(err, where, "territory \"%s\" is not a country (DE), "
	    "a country and postcode prefix (DE:80), a region or *", e);
}

/* ---- covering ---- */

/* same_country: the lead's country (any case) is cc. */
static bool
same_country(const char *country, const char *cc)
{
	return country != NULL && strlen(country) == 2 &&
	    strncasecmp(country, cc, 2) == 0;
}

/* starts_with: postcode, blanks skipped and any case, starts with prefix
 * (upper-case, no blanks): "80 331" starts with "803". */
static bool
starts_with(const char *postcode, const char *prefix)
{
	if (postcode == NULL)
		return false;
	for (; *prefix != '\0'; postcode++) {
		if (*postcode == ' ' || *postcode == '\t')
			continue;
		if (toupper((unsigned char)*postcode) != *prefix)
			return false;	/* also at the end of postcode */
		prefix++;
	}
	return true;
}

bool
territory_covers(const territory *t, const char *country,
    const char *postcode)
{
	switch (t->kind) {
	case TERRITORY_ANY:
		return true;
	case TERRITORY_COUNTRY:
		return same_country(country, t->cc);
	case TERRITORY_POSTCODE:
		return same_country(country, t->cc) &&
		    starts_with(postcode, t->prefix);
	case TERRITORY_REGION:
		for (size_t i = 0; i < t->rg->ncc; i++)
			if (same_country(country, t->rg->cc[i]))
				return true;
		return false;
	}
	return false;
}
