/* roster.c - the sales reps and channel partners leads are routed to */
#include "lead/roster.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "value/date.h"
#include "io/input.h"
#include "io/rec.h"
#include "base/strmap.h"
#include "lead/territory.h"
#include "base/xmem.h"

#define DAY 86400

/* The separators of a list written as text. */
#define LIST_SEP ",;| \t"

/* What a member has beyond roster_member: same index. */
typedef struct extra {
	territory *t;		/* nterritories of them */
	unsigned long line;
} extra;

struct roster {
	roster_member *m;
	extra *x;
	size_t n, cap;
	strmap *ids;		/* id -> index + 1 */
	territory_tables *tt;	/* what the members' territories point into */
};

/* The roster being read. */
typedef struct loader {
	roster *ro;
	const char *file;	/* for messages */
	unsigned long line;
	sbuf *err;
	rec *r;
	sbuf a, b;		/* two values at once (lat and lon...) */
} loader;

/* The words a level may be given as. */
static const struct {
	const char *word;
	double level;
} level_words[] = {
	{ "bronze", 1 }, { "silver", 2 }, { "gold", 3 }, { "platinum", 4 },
};

static const struct {
	const char *word;
	roster_kind kind;
} kind_words[] = {
	{ "rep", ROSTER_REP }, { "partner", ROSTER_PARTNER },
};

/* fail: "file:line: what" into err; returns -1. */
__attribute__((format(printf, 2, 3)))
static int
fail(loader *ld, const char *fmt, ...)
{
	va_list ap;

	sbuf_reset(ld->err);
	sbuf_addf(ld->err, "%s:%lu: ", ld->file, ld->line);
	va_start(ap, fmt);
	sbuf_vaddf(ld->err, fmt, ap);
	va_end(ap);
	return -1;
}

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)toupper((unsigned char)*s);
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* trim: s[0..*n) without surrounding blanks. */
static const char *
trim(const char *s, size_t *n)
{
	while (*n > 0 && blank(*s))
		s++, (*n)--;
	while (*n > 0 && blank(s[*n - 1]))
		(*n)--;
	return s;
}

/* ---- values ---- */

/*
 * scalar: the value of column name, trimmed, into out.  Returns 1; 0 when
 * it is missing, JSON null or empty (out then ""); -1 with err set for a
 * JSON object or array.
 */
static int
scalar(loader *ld, const char *name, sbuf *out)
{
	rec_field *f = rec_find(ld->r, name);
	const char *s;
	size_t n;

	sbuf_reset(out);
	if (f == NULL)
		return 0;
	if ((s = rec_field_str(ld->r, f, &n)) == NULL) {
		json_t *j = rec_field_json(ld->r, f);
		if (j == NULL || json_is_null(j))
			return 0;
		return fail(ld, "%s is a JSON %s, not a single value", name,
		    json_is_array(j) ? "array" : "object");
	}
	s = trim(s, &n);
	sbuf_add(out, s, n);
	return n > 0;
}

/* decimal: s is a plain decimal number ("12", "-0.5", "1e3"; not hex, inf,
 * nan, or with blanks or separators); its value in *v. */
static bool
decimal(const char *s, double *v)
{
	static const char digits[] = "0123456789";
	const char *p = s;
	size_t d;

	if (*p == '+' || *p == '-')
		p++;
	d = strspn(p, digits);
	p += d;
	if (*p == '.') {
		size_t f = strspn(++p, digits);
		p += f;
		d += f;
	}
	if (d == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		if (*++p == '+' || *p == '-')
			p++;
		if ((d = strspn(p, digits)) == 0)
			return false;
		p += d;
	}
	if (*p != '\0')
		return false;
	*v = strtod(s, NULL);
	return isfinite(*v);
}

/* number: column name as a number >= min (> min when open), or dflt when
 * not given.  Returns 0, or -1 with err set. */
static int
number(loader *ld, const char *name, double min, bool open, double dflt,
    double *v)
{
	int rc = scalar(ld, name, &ld->a);

	if (rc <= 0) {
		*v = dflt;
		return rc;
	}
	if (!decimal(ld->a.p, v) || *v < min || (open && *v == min))
		return fail(ld, "%s \"%s\" is not a number %s %g", name,
		    ld->a.p, open ? "greater than" : ">=", min);
	return 0;
}

/* capacity: column name as a whole number >= 0, or -1 when not given. */
static int
capacity(loader *ld, const char *name, long *cap)
{
	int rc = scalar(ld, name, &ld->a);
	double v;

	*cap = -1;
	if (rc <= 0)
		return rc;
	if (!decimal(ld->a.p, &v) || v < 0 || v != floor(v) || v > 1e15)
		return fail(ld, "%s \"%s\" is not a whole number >= 0", name,
		    ld->a.p);
	*cap = (long)v;
	return 0;
}

static int
level(loader *ld, double *v)
{
	int rc = scalar(ld, "level", &ld->a);

	*v = 0;
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < sizeof level_words / sizeof *level_words; i++)
		if (strcasecmp(ld->a.p, level_words[i].word) == 0) {
			*v = level_words[i].level;
			return 0;
		}
	if (!decimal(ld->a.p, v) || *v < 0)
		return fail(ld, "level \"%s\" is not a number >= 0 or bronze, "
		    "silver, gold, platinum", ld->a.p);
	return 0;
}

static int
kind(loader *ld, roster_kind *k)
{
	int rc = scalar(ld, "kind", &ld->a);

	*k = ROSTER_REP;
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < sizeof kind_words / sizeof *kind_words; i++)
		if (strcasecmp(ld->a.p, kind_words[i].word) == 0) {
			*k = kind_words[i].kind;
			return 0;
		}
	return fail(ld, "kind \"%s\" is not rep or partner", ld->a.p);
}

/* coord: column name in [-lim, lim] into *v; 1 when given, 0 when not. */
static int
coord(loader *ld, const char *name, double lim, sbuf *text, double *v)
{
	int rc = scalar(ld, name, text);

	if (rc <= 0)
		return rc;
	if (!decimal(text->p, v) || *v < -lim || *v > lim)
		return fail(ld, "%s \"%s\" is not a number from %g to %g",
		    name, text->p, -lim, lim);
	return 1;
}

static int
location(loader *ld, roster_member *m)
{
	int la = coord(ld, "lat", 90, &ld->a, &m->lat);
	if (la < 0)
		return -1;
	int lo = coord(ld, "lon", 180, &ld->b, &m->lon);
	if (lo < 0)
		return -1;
	if (la != lo)
		return fail(ld, "%s", la ? "lat without lon" :
		    "lon without lat");
	m->located = la == 1;
	if (!m->located)
		m->lat = m->lon = 0;
	return 0;
}

/* day: column name, "YYYY-MM-DD", as the start of that day (UTC) into *t;
 * the text stays in text.  1 when given, 0 when not. */
static int
day(loader *ld, const char *name, sbuf *text, time_t *t)
{
	static const char shape[] = "dddd-dd-dd";
	int rc = scalar(ld, name, text);

	*t = 0;
	if (rc <= 0)
		return rc;
	bool ok = text->n == sizeof shape - 1;
	for (size_t i = 0; ok && i < text->n; i++)
		ok = shape[i] == 'd' ? isdigit((unsigned char)text->p[i]) :
		    text->p[i] == shape[i];
	if (!ok || date_parse(text->p, text->n, false, t) != DATE_DAY)
		return fail(ld, "%s \"%s\" is not a date (YYYY-MM-DD)", name,
		    text->p);
	return 1;
}

static int
absence(loader *ld, roster_member *m)
{
	time_t from, until;
	int f = day(ld, "absent_from", &ld->a, &from);
	if (f < 0)
		return -1;
	int u = day(ld, "absent_until", &ld->b, &until);
	if (u < 0)
		return -1;
	if (f && u && until < from)
		return fail(ld, "absent_until %s is before absent_from %s",
		    ld->b.p, ld->a.p);
	m->absent_from = f ? from : 0;
	m->absent_until = u ? until + DAY : 0;
	return 0;
}

/* ---- lists ---- */

static void
free_list(const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)items[i]);
	free((char **)items);
}

typedef enum list_case { LIST_AS_IS, LIST_UPPER, LIST_LOWER } list_case;

static void
list_add(char ***items, size_t *n, const char *s, size_t len, list_case lc)
{
	s = trim(s, &len);
	if (len == 0)
		return;
	char *item = xstrndup(s, len);
	if (lc == LIST_UPPER)
		upper(item);
	else if (lc == LIST_LOWER)
		lower(item);
	*items = xreallocarray(*items, *n + 1, sizeof **items);
	(*items)[(*n)++] = item;
}

/* list: column name as a list into *items (each owned; NULL when none). */
static int
list(loader *ld, const char *name, list_case lc, char ***items, size_t *n)
{
	rec_field *f = rec_find(ld->r, name);
	const char *s;
	size_t len;

	*items = NULL;
	*n = 0;
	if (f == NULL)
		return 0;
	if ((s = rec_field_str(ld->r, f, &len)) != NULL) {
		while (len > 0) {
			size_t k = 0;
			while (k < len && strchr(LIST_SEP, s[k]) == NULL)
				k++;
			list_add(items, n, s, k, lc);
			s += k < len ? k + 1 : k;
			len -= k < len ? k + 1 : k;
		}
		return 0;
	}
	json_t *j = rec_field_json(ld->r, f), *v;
	size_t i;
	if (j == NULL || json_is_null(j))
		return 0;
	if (!json_is_array(j))
		return fail(ld, "%s is a JSON object, not a list", name);
	json_array_foreach(j, i, v) {
		if (!json_is_string(v)) {
			free_list((const char *const *)*items, *n);
			*items = NULL;
			*n = 0;
			return fail(ld, "%s is not a list of strings", name);
		}
		list_add(items, n, json_string_value(v), json_string_length(v),
		    lc);
	}
	return 0;
}

/* ---- territories ---- */

static int
territories(loader *ld, roster_member *m, extra *x)
{
	char **items;

	if (list(ld, "territories", LIST_UPPER, &items, &m->nterritories) != 0)
		return -1;
	m->territories = (const char *const *)items;
	x->t = xcalloc(m->nterritories ? m->nterritories : 1, sizeof *x->t);
	for (size_t i = 0; i < m->nterritories; i++)
		if (territory_parse(ld->ro->tt, items[i], m->where, &x->t[i],
		    ld->err) != 0)
			return -1;
	return 0;
}

/* ---- members ---- */

static void
member_free(roster_member *m, extra *x)
{
	free((char *)m->id);
	free((char *)m->name);
	free_list(m->pools, m->npools);
	free_list(m->territories, m->nterritories);
	free_list(m->languages, m->nlanguages);
	free((char *)m->where);
	free(x->t);
}

/* member: the record in ld->r as the roster's next member.  The member
 * counts (and is freed with the roster) even when its row is bad. */
static int
member(loader *ld)
{
	roster *ro = ld->ro;
	char **items;
	void *first;

	if (ro->n == ro->cap) {
		ro->cap = ro->cap ? 2 * ro->cap : 16;
		ro->m = xreallocarray(ro->m, ro->cap, sizeof *ro->m);
		ro->x = xreallocarray(ro->x, ro->cap, sizeof *ro->x);
	}
	roster_member *m = memset(&ro->m[ro->n], 0, sizeof *m);
	extra *x = memset(&ro->x[ro->n], 0, sizeof *x);
	m->index = ro->n++;
	x->line = ld->line;
	sbuf_reset(&ld->a);
	sbuf_addf(&ld->a, "%s:%lu", ld->file, ld->line);
	m->where = xstrdup(ld->a.p);

	int rc = scalar(ld, "id", &ld->a);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fail(ld, "no id");
	if (strmap_get(ro->ids, ld->a.p, ld->a.n, &first))
		return fail(ld, "duplicate id \"%s\" (first on line %lu)",
		    ld->a.p, ro->x[(uintptr_t)first - 1].line);
	m->id = xstrdup(ld->a.p);
	strmap_put(ro->ids, ld->a.p, ld->a.n, (void *)(uintptr_t)ro->n);

	if ((rc = scalar(ld, "name", &ld->a)) < 0)
		return -1;
	m->name = xstrdup(rc ? ld->a.p : m->id);
	if (kind(ld, &m->kind) != 0)
		return -1;
	if (list(ld, "pool", LIST_AS_IS, &items, &m->npools) != 0)
		return -1;
	m->pools = (const char *const *)items;
	if (territories(ld, m, x) != 0)
		return -1;
	if (list(ld, "languages", LIST_LOWER, &items, &m->nlanguages) != 0)
		return -1;
	m->languages = (const char *const *)items;
	if (level(ld, &m->level) != 0 ||
	    number(ld, "turnover", 0, false, 0, &m->turnover) != 0 ||
	    number(ld, "weight", 0, true, 1, &m->weight) != 0 ||
	    capacity(ld, "capacity_day", &m->capacity_day) != 0 ||
	    capacity(ld, "capacity_week", &m->capacity_week) != 0 ||
	    location(ld, m) != 0 || absence(ld, m) != 0)
		return -1;
	return 0;
}

/* readable: path can be opened as a file; else "path: strerror" in err. */
static bool
readable(const char *path, sbuf *err)
{
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		return true;
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) != 0 ||
	    S_ISDIR(st.st_mode)) {
		int e = fd < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : errno;
		if (fd >= 0)
			close(fd);
		sbuf_reset(err);
		sbuf_addf(err, "%s: %s", path, strerror(e));
		return false;
	}
	close(fd);
	return true;
}

roster *
roster_load(const char *path, const cli_opts *o, sbuf *err)
{
	/* only the options that say how to read a file */
	cli_opts io = {
		.in_format = o->in_format, .delim = o->delim,
		.no_header = o->no_header, .trim = o->trim,
		.encoding = o->encoding,
	};
	char *files[] = { (char *)path };
	loader ld = { .err = err };
	const char *why;
	int rc;

	if (!readable(path, err))
		return NULL;
	ld.ro = xcalloc(1, sizeof *ld.ro);
	ld.ro->ids = strmap_new();
	ld.ro->tt = territory_tables_new();
	ld.r = rec_new();
	input *in = input_open(&io, files, 1);
	while ((rc = input_next(in, ld.r, &why)) != 0) {
		ld.file = ld.r->file;
		ld.line = ld.r->line;
		if (rc < 0) {
			fail(&ld, "%s", why);
			break;
		}
		if (member(&ld) != 0) {
			rc = -1;
			break;
		}
	}
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	if (rc == 0 && input_failed(in)) {
		/* the reader said why on standard error */
		sbuf_reset(err);
		sbuf_addf(err, "%s: cannot be read", name);
		rc = -1;
	} else if (rc == 0 && ld.ro->n == 0) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: no members", name);
		rc = -1;
	}
	input_close(in);
	rec_free(ld.r);
	sbuf_free(&ld.a);
	sbuf_free(&ld.b);
	if (rc != 0) {
		roster_free(ld.ro);
		return NULL;
	}
	return ld.ro;
}

void
roster_free(roster *ro)
{
	if (ro == NULL)
		return;
	for (size_t i = 0; i < ro->n; i++)
		member_free(&ro->m[i], &ro->x[i]);
	free(ro->m);
	free(ro->x);
	strmap_free(ro->ids);
	territory_tables_free(ro->tt);
	free(ro);
}

/* ---- queries ---- */

const roster_member *
roster_members(const roster *ro, size_t *n)
{
	*n = ro->n;
	return ro->m;
}

const roster_member *
roster_find(const roster *ro, const char *id)
{
	void *i;

	if (!strmap_get(ro->ids, id, strlen(id), &i))
		return NULL;
	return &ro->m[(uintptr_t)i - 1];
}

bool
roster_absent(const roster_member *m, time_t t)
{
	if (m->absent_from == 0 && m->absent_until == 0)
		return false;
	return (m->absent_from == 0 || m->absent_from <= t) &&
	    (m->absent_until == 0 || t < m->absent_until);
}

bool
roster_in_pool(const roster_member *m, const char *pool)
{
	if (pool == NULL || *pool == '\0')
		return true;
	for (size_t i = 0; i < m->npools; i++)
		if (strcasecmp(m->pools[i], pool) == 0)
			return true;
	return false;
}

const char *
roster_covers(const roster *ro, const roster_member *m, const char *country,
    const char *postcode)
{
	const extra *x = &ro->x[m->index];

	for (size_t i = 0; i < m->nterritories; i++)
		if (territory_covers(&x->t[i], country, postcode))
			return m->territories[i];
	return NULL;
}

bool
roster_speaks(const roster_member *m, const char *lang)
{
	if (m->nlanguages == 0 || lang == NULL || *lang == '\0')
		return true;
	for (size_t i = 0; i < m->nlanguages; i++)
		if (strcasecmp(m->languages[i], lang) == 0)
			return true;
	return false;
}
