/* places.c - the table of places with coordinates */
#include "lead/places.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/strmap.h"
#include "base/xmem.h"

/* A place.  Places of one key are chained through next (index + 1; 0 ends
 * the chain), the map holding the first. */
typedef struct place {
	char *name, *region;
	double lat, lon;
	size_t next;
} place;

struct places {
	place *p;
	size_t n, cap;
	strmap *keys;	/* "CC\tkind\tfolded name" -> index + 1 */
	sbuf key;
};

/* The most places an ambiguity names before "...". */
#define PLACES_NAMED 5

/* make_key: country, kind and the folded name into pl->key. */
static void
make_key(sbuf *key, const char *country, const char *kind, const char *name,
    size_t n)
{
	sbuf_reset(key);
	for (size_t i = 0; country[i] != '\0'; i++)
		sbuf_addc(key, (char)(country[i] >= 'a' && country[i] <= 'z' ?
		    country[i] - 'a' + 'A' : country[i]));
	sbuf_addf(key, "\t%s\t", kind);
	fold_key(key, name, n);
}

/* number: a coordinate within bound, or false. */
static bool
number(const char *s, double bound, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && fabs(*v) <= bound;
}

static int
line(void *ctx, char *s, size_t n, sbuf *msg)
{
	places *pl = ctx;
	char *col[6];
	size_t k = 0;

	(void)n;
	col[k++] = s;
	for (char *t = s; *t != '\0' && k < 6; t++)
		if (*t == '\t') {
			*t = '\0';
			col[k++] = t + 1;
		}
	if (k != 6 || strchr(col[5], '\t') != NULL)
		return lines_fail(msg, "expected 6 TAB-separated columns "
		    "(country, kind, name, region, lat, lon)");
	if (strcmp(col[1], "city") != 0 && strcmp(col[1], "postcode") != 0)
		return lines_fail(msg, "kind '%s': expected city or postcode",
		    col[1]);
	if (strlen(col[0]) != 2 || col[2][0] == '\0')
		return lines_fail(msg, "a place needs a two-letter country "
		    "and a name");
	place p = { .next = 0 };
	if (!number(col[4], 90, &p.lat) || !number(col[5], 180, &p.lon))
		return lines_fail(msg, "lat '%s', lon '%s': not coordinates",
		    col[4], col[5]);
	p.name = xstrdup(col[2]);
	p.region = xstrdup(col[3]);
	make_key(&pl->key, col[0], col[1], col[2], strlen(col[2]));
	void *v;
	if (strmap_get(pl->keys, pl->key.p, pl->key.n, &v))
		p.next = (size_t)(uintptr_t)v;
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 1024;
		pl->p = xreallocarray(pl->p, pl->cap, sizeof *pl->p);
	}
	pl->p[pl->n++] = p;
	strmap_put(pl->keys, pl->key.p, pl->key.n, (void *)(uintptr_t)pl->n);
	return 0;
}

places *
places_load(const char *path, sbuf *err)
{
	places *pl = xcalloc(1, sizeof *pl);

	pl->keys = strmap_new();
	if (lines_read(path, LINES_TRIM_END, line, pl, err) != 0) {
		places_free(pl);
		return NULL;
	}
	return pl;
}

void
places_free(places *pl)
{
	if (pl == NULL)
		return;
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->p[i].name);
		free(pl->p[i].region);
	}
	free(pl->p);
	strmap_free(pl->keys);
	sbuf_free(&pl->key);
	free(pl);
}

/* same_region: a is b, folded. */
static bool
same_region(const char *a, const char *b)
{
	sbuf fa = SBUF_INIT, fb = SBUF_INIT;
	bool same;

	fold_key(&fa, a, strlen(a));
	fold_key(&fb, b, strlen(b));
	same = fa.n > 0 && fa.n == fb.n && memcmp(fa.p, fb.p, fa.n) == 0;
	sbuf_free(&fa);
	sbuf_free(&fb);
	return same;
}

/* find: the place of kind called name in country, into lat, lon, why. */
static places_result
find(const places *pl, const char *country, const char *kind,
    const char *name, size_t n, const char *region, double *lat,
    double *lon, sbuf *why)
{
	sbuf key = SBUF_INIT;
	void *v;
	size_t first = 0, count = 0, in_region = 0, pick = 0;

	make_key(&key, country, kind, name, n);
	if (strmap_get(pl->keys, key.p, key.n, &v))
		first = (size_t)(uintptr_t)v;
	sbuf_free(&key);
	for (size_t i = first; i != 0; i = pl->p[i - 1].next) {
		count++;
		if (region != NULL && same_region(pl->p[i - 1].region, region)) {
			in_region++;
			pick = i;
		}
	}
	if (count == 1)
		pick = first;
	else if (in_region != 1)
		pick = 0;
	if (pick != 0) {
		const place *p = &pl->p[pick - 1];
		*lat = p->lat;
		*lon = p->lon;
		sbuf_addf(why, "%s %s, %s", kind, p->name, country);
		if (p->region[0] != '\0')
			sbuf_addf(why, " (%s)", p->region);
		return PLACES_FOUND;
	}
	if (count == 0) {
		sbuf_addf(why, "no %s %.*s in %s", kind, (int)n, name,
		    country);
		return PLACES_NONE;
	}
	sbuf_addf(why, "%s %.*s is ambiguous in %s: %zu places (", kind,
	    (int)n, name, country, count);
	size_t shown = 0;
	for (size_t i = first; i != 0 && shown < PLACES_NAMED;
	    i = pl->p[i - 1].next, shown++)
		sbuf_addf(why, "%s%s", shown > 0 ? ", " : "",
		    pl->p[i - 1].region[0] != '\0' ? pl->p[i - 1].region :
		    "no region");
	sbuf_addf(why, "%s)", count > shown ? ", ..." : "");
	return PLACES_AMBIGUOUS;
}

places_result
places_city(const places *pl, const char *country, const char *city,
    const char *region, double *lat, double *lon, sbuf *why)
{
	return find(pl, country, "city", city, strlen(city), region, lat, lon,
	    why);
}

places_result
places_postcode(const places *pl, const char *country, const char *postcode,
    double *lat, double *lon, sbuf *why)
{
	size_t n = strlen(postcode), cut = strcspn(postcode, "- ");
	sbuf tmp = SBUF_INIT;
	places_result r = find(pl, country, "postcode", postcode, n, NULL,
	    lat, lon, &tmp);

	if (r == PLACES_NONE && cut > 0 && cut < n) {
		sbuf_reset(&tmp);
		r = find(pl, country, "postcode", postcode, cut, NULL, lat,
		    lon, &tmp);
		if (r == PLACES_NONE) {
			sbuf_reset(&tmp);
			find(pl, country, "postcode", postcode, n, NULL, lat,
			    lon, &tmp);
		}
	}
	sbuf_adds(why, tmp.p);
	sbuf_free(&tmp);
	return r;
}
