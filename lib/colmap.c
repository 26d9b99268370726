/* colmap.c - column names to canonical field names */
#include "colmap.h"

#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "lines.h"
#include "sbuf.h"
#include "strmap.h"
#include "xmem.h"

struct colmap {
	strmap *map;		/* folded source name -> field name */
	char **owned;		/* the field names, freed with the map */
	size_t nowned;
	sbuf key;		/* scratch for lookups */
};

colmap *
colmap_new(void)
{
	colmap *m = xcalloc(1, sizeof *m);

	m->map = strmap_new();
	return m;
}

void
colmap_free(colmap *m)
{
	if (m == NULL)
		return;
	strmap_free(m->map);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
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

int
colmap_add(colmap *m, const char *entry)
{
	const char *eq = strrchr(entry, '=');

	if (eq == NULL)
		return -1;
	const char *sb = entry, *se = eq, *db = eq + 1;
	const char *de = db + strlen(db);
	trim(&sb, &se);
	trim(&db, &de);
	if (sb == se || db == de)
		return -1;
	sbuf_reset(&m->key);
	fold_alnum(&m->key, sb, (size_t)(se - sb));
	if (m->key.n == 0)
		return -1;
	m->owned = xreallocarray(m->owned, m->nowned + 1, sizeof *m->owned);
	m->owned[m->nowned] = xstrndup(db, (size_t)(de - db));
	strmap_put(m->map, m->key.p, m->key.n, m->owned[m->nowned++]);
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
		sbuf_adds(msg, "expected \"Source Column = field\"");
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

const char *
colmap_lookup(const colmap *m, const char *name, size_t n)
{
	colmap *mm = (colmap *)m;	/* the scratch buffer only */
	void *val;

	sbuf_reset(&mm->key);
	fold_alnum(&mm->key, name, n);
	if (strmap_get(m->map, sbuf_str(&mm->key), mm->key.n, &val))
		return val;
	return NULL;
}
