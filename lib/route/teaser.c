/* teaser.c - an offer as a partner sees it before claiming it */
#include "route/teaser.h"

#include <stdlib.h>
#include <string.h>

#include "value/date.h"

const char *const teaser_fields[] = {
	"id", "pool", "offered_at", "age_hours", "industry", "employees",
	"country", "region", "city", "grade", "score", "need", NULL
};

/* The lead's own fields a teaser shows, and whether each is a number. */
static const struct {
	const char *name;
	int number;
} shown[] = {
	{ "industry", 0 }, { "employees", 1 }, { "country", 0 },
	{ "region", 0 }, { "city", 0 }, { "grade", 0 }, { "score", 1 },
	{ "need", 0 },
};

void
teaser_make(rec *out, rec *full, const char *id, const char *pool,
    time_t at, time_t as_of)
{
	sbuf b = SBUF_INIT;

	rec_set_text(out, "id", id);
	rec_set_text(out, "pool", pool);
	date_format(&b, at);
	rec_set_str(out, "offered_at", b.p, b.n);
	rec_set_num(out, "age_hours", as_of > at ? (double)((as_of - at) /
	    3600) : 0);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		size_t n;
		const char *v = rec_get(full, shown[i].name, &n);
		char *end;
		double d;
		if (v == NULL || n == 0) {
			rec_set_text(out, shown[i].name, NULL);
			continue;
		}
		if (shown[i].number && (d = strtod(v, &end), *end == '\0'))
			rec_set_num(out, shown[i].name, d);
		else
			rec_set_str(out, shown[i].name, v, n);
	}
	sbuf_free(&b);
}

/* part: "; " and fmt's text when v is set. */
static void
part(sbuf *b, const char *fmt, const char *v)
{
	if (v == NULL || v[0] == '\0')
		return;
	sbuf_adds(b, "; ");
	sbuf_addf(b, fmt, v);
}

void
teaser_text(sbuf *b, rec *t)
{
	const char *city = rec_get(t, "city", NULL),
	    *country = rec_get(t, "country", NULL);

	sbuf_addf(b, "- %s: grade %s", rec_get(t, "id", NULL),
	    rec_get(t, "grade", NULL) != NULL ? rec_get(t, "grade", NULL) :
	    "none");
	part(b, "%s", rec_get(t, "industry", NULL));
	part(b, "%s employees", rec_get(t, "employees", NULL));
	if (city != NULL && country != NULL)
		sbuf_addf(b, "; %s, %s", city, country);
	else
		part(b, "%s", city != NULL ? city : country);
	part(b, "asks for: %s", rec_get(t, "need", NULL));
	sbuf_addf(b, "; offered %s h ago (pool %s)\n",
	    rec_get(t, "age_hours", NULL), rec_get(t, "pool", NULL));
}
