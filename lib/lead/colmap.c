/* colmap.c - column names to canonical field names */
#include "lead/colmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/xmem.h"

/* One entry: its destination and, for a prefix, the folded prefix. */
typedef struct entry {
	colmap_dest d;
	char *prefix;		/* NULL: an exact name */
	size_t plen;
} entry;

struct colmap {
	strmap *map;		/* folded source name -> entry * */
	entry **owned;		/* every entry, freed with the map */
	size_t nowned;
	entry **prefixes;	/* the prefix entries, in order added */
	size_t nprefixes;
	sbuf key;		/* scratch for lookups */
};

colmap *
colmap_new(void)
{
	colmap *m = xcalloc(1, sizeof *m);

	m->map = strmap_new();
	return m;
}

static void
entry_free(entry *e)
{
	free((char *)e->d.field);
	free((char *)e->d.valmap);
	free((char *)e->d.strip);
	free(e->prefix);
	free(e);
}

void
colmap_free(colmap *m)
{
	if (m == NULL)
		return;
	strmap_free(m->map);
	for (size_t i = 0; i < m->nowned; i++)
		entry_free(m->owned[i]);
	free(m->owned);
	free(m->prefixes);
	sbuf_free(&m->key);
	free(m);
}

static void
trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\r' || (*e)[-1] == '\n'))
		(*e)--;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* parse_dest: "field [word...]" in b[0..e) into d; -1 on a bad word. */
static int
parse_dest(entry *en, const char *b, const char *e)
{
	const char *w = b;

	while (w < e && !blank(*w))
		w++;
	en->d.field = xstrndup(b, (size_t)(w - b));
	while (w < e) {
		while (w < e && blank(*w))
			w++;
		const char *we = w;
		while (we < e && !blank(*we))
			we++;
		size_t n = (size_t)(we - w);
		if (n == 0)
			break;
		if (n == 4 && memcmp(w, "join", 4) == 0) {
			en->d.join = true;
		} else if (n > 4 && memcmp(w, "map:", 4) == 0 &&
		    en->d.valmap == NULL) {
			en->d.valmap = xstrndup(w + 4, n - 4);
		} else if (n > 6 && memcmp(w, "strip:", 6) == 0 &&
		    en->d.strip == NULL) {
			en->d.strip = xstrndup(w + 6, n - 6);
		} else {
			return -1;
		}
		w = we;
	}
	return 0;
}

int
colmap_add(colmap *m, const char *entry_text)
{
	const char *eq = strrchr(entry_text, '=');

	if (eq == NULL)
		return -1;
	/* "map:x=y" cannot be: '=' in a word after the field is not ours */
	const char *sb = entry_text, *se = eq, *db = eq + 1;
	const char *de = db + strlen(db);
	trim(&sb, &se);
	trim(&db, &de);
	if (sb == se || db == de)
		return -1;
	bool prefix = se[-1] == '*';
	sbuf_reset(&m->key);
	fold_alnum(&m->key, sb, (size_t)(se - sb - prefix));
	if (m->key.n == 0)
		return -1;
	entry *en = xcalloc(1, sizeof *en);
	if (parse_dest(en, db, de) != 0) {
		entry_free(en);
		return -1;
	}
	m->owned = xreallocarray(m->owned, m->nowned + 1, sizeof *m->owned);
	m->owned[m->nowned++] = en;
	if (prefix) {
		en->prefix = xstrndup(m->key.p, m->key.n);
		en->plen = m->key.n;
		m->prefixes = xreallocarray(m->prefixes, m->nprefixes + 1,
		    sizeof *m->prefixes);
		m->prefixes[m->nprefixes++] = en;
	} else {
		strmap_put(m->map, m->key.p, m->key.n, en);
	}
	return 0;
}

/* add_line: lines_read callback for colmap_load; ctx is the colmap. */
static int
add_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	(void)n;
	if (*line == '\0')	/* blank up to a NUL byte: colmap_add sees "" */
		return 0;
	if (colmap_add(ctx, line) != 0) {
		sbuf_adds(msg, "expected \"Source Column = field\" (then "
		    "map:NAME, strip:TEXT or join)");
		return -1;
	}
	return 0;
}

int
colmap_load(colmap *m, const char *path, char **errmsg)
{
	sbuf err = SBUF_INIT;

	if (lines_read(path, LINES_TRIM, add_line, m, &err) != 0) {
		*errmsg = err.p;
		return -1;
	}
	return 0;
}

const colmap_dest *
colmap_lookup_dest(const colmap *m, const char *name, size_t n)
{
	colmap *mm = (colmap *)m;	/* the scratch buffer only */
	void *val;

	sbuf_reset(&mm->key);
	fold_alnum(&mm->key, name, n);
	if (strmap_get(m->map, sbuf_str(&mm->key), mm->key.n, &val))
		return &((entry *)val)->d;
	for (size_t i = 0; i < m->nprefixes; i++) {
		const entry *e = m->prefixes[i];
		if (mm->key.n >= e->plen &&
		    memcmp(mm->key.p, e->prefix, e->plen) == 0)
			return &e->d;
	}
	return NULL;
}

const char *
colmap_lookup(const colmap *m, const char *name, size_t n)
{
	const colmap_dest *d = colmap_lookup_dest(m, name, n);

	return d != NULL ? d->field : NULL;
}
