/* profout.c - an export profile read the other way: the import layout
 * that --to writes */
#include "lead/profout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/lines.h"
#include "base/xmem.h"

typedef struct vline {
	char *map, *from, *to;
} vline;

struct profout {
	profout_col *cols;
	size_t ncols;
	vline *vals;
	size_t nvals;
	char *day, *time, *yes, *no;
	bool names;
	bool layout;		/* a line of its own */
};

profout *
profout_new(void)
{
	return xcalloc(1, sizeof(profout));
}

void
profout_free(profout *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->ncols; i++) {
		free(o->cols[i].field);
		free(o->cols[i].column);
		free(o->cols[i].map);
	}
	free(o->cols);
	for (size_t i = 0; i < o->nvals; i++) {
		free(o->vals[i].map);
		free(o->vals[i].from);
		free(o->vals[i].to);
	}
	free(o->vals);
	free(o->day);
	free(o->time);
	free(o->yes);
	free(o->no);
	free(o);
}

static profout_col *
col_of(profout *o, const char *field, size_t n)
{
	for (size_t i = 0; i < o->ncols; i++)
		if (strncmp(o->cols[i].field, field, n) == 0 &&
		    o->cols[i].field[n] == '\0')
			return &o->cols[i];
	o->cols = xreallocarray(o->cols, o->ncols + 1, sizeof *o->cols);
	profout_col *c = &o->cols[o->ncols++];
	memset(c, 0, sizeof *c);
	c->field = xstrndup(field, n);
	return c;
}

void
profout_column(profout *o, const char *src, size_t n, const char *field,
    const char *map)
{
	while (n > 0 && (src[n - 1] == ' ' || src[n - 1] == '\t'))
		n--;
	profout_col *c = col_of(o, field, strlen(field));
	if (c->column != NULL || c->told)
		return;		/* the first column line wins */
	c->column = xstrndup(src, n);
	c->map = map != NULL ? xstrdup(map) : NULL;
}

void
profout_value(profout *o, const char *map, size_t mn, const char *from,
    size_t fn, const char *to)
{
	o->vals = xreallocarray(o->vals, o->nvals + 1, sizeof *o->vals);
	o->vals[o->nvals++] = (vline){ xstrndup(map, mn), xstrndup(from, fn),
	    xstrdup(to) };
}

static bool
is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && memcmp(w, kw, n) == 0;
}

static void
set(char **dst, const char *s, size_t n)
{
	free(*dst);
	*dst = xstrndup(s, n);
}

/* to_line: "FIELD = Column [map:MAP]" or "FIELD = -". */
static int
to_line(profout *o, char *line, sbuf *msg)
{
	char *eq = strchr(line, '='), *fe, *cb, *ce, *m;

	if (eq == NULL)
		return lines_fail(msg, "to: expected \"FIELD = Column "
		    "[map:MAP]\" or \"FIELD = -\"");
	for (fe = eq; fe > line && (fe[-1] == ' ' || fe[-1] == '\t'); fe--)
		;
	for (cb = eq + 1; *cb == ' ' || *cb == '\t'; cb++)
		;
	ce = cb + strlen(cb);
	m = strstr(cb, " map:");
	if (m != NULL)
		ce = m;
	while (ce > cb && (ce[-1] == ' ' || ce[-1] == '\t'))
		ce--;
	if (fe == line || ce == cb || memchr(line, ' ', (size_t)(fe - line)) ||
	    memchr(line, '\t', (size_t)(fe - line)) ||
	    (m != NULL && (m[5] == '\0' || strpbrk(m + 5, " \t") != NULL)))
		return lines_fail(msg, "to: expected \"FIELD = Column "
		    "[map:MAP]\" or \"FIELD = -\"");
	profout_col *c = col_of(o, line, (size_t)(fe - line));
	c->told = true;
	free(c->column);
	free(c->map);
	c->column = ce - cb == 1 && *cb == '-' ? NULL :
	    xstrndup(cb, (size_t)(ce - cb));
	c->map = m != NULL ? xstrdup(m + 5) : NULL;
	return 0;
}

int
profout_line(profout *o, const char *kw, size_t kn, char *line, sbuf *msg)
{
	o->layout = true;
	if (is(kw, kn, "to"))
		return to_line(o, line, msg);
	if (is(kw, kn, "to-day") && *line != '\0')
		set(&o->day, line, strlen(line));
	else if (is(kw, kn, "to-time") && *line != '\0')
		set(&o->time, line, strlen(line));
	else if (is(kw, kn, "to-bool")) {
		size_t n = strcspn(line, " \t");
		const char *f = line + n + strspn(line + n, " \t");
		if (n == 0 || *f == '\0' || f[strcspn(f, " \t")] != '\0')
			return lines_fail(msg, "to-bool: expected \"TRUE "
			    "FALSE\"");
		set(&o->yes, line, n);
		set(&o->no, f, strlen(f));
	} else if (is(kw, kn, "to-country") && (strcmp(line, "name") == 0 ||
	    strcmp(line, "code") == 0))
		o->names = strcmp(line, "name") == 0;
	else
		return lines_fail(msg, "%.*s: expected to FIELD = Column, "
		    "to-day FORMAT, to-time FORMAT, to-bool TRUE FALSE or "
		    "to-country name|code", (int)kn, kw);
	return 0;
}

bool
profout_layout(const profout *o)
{
	return o->layout;
}

size_t
profout_count(const profout *o)
{
	return o->ncols;
}

profout_col *
profout_at(profout *o, size_t i)
{
	return &o->cols[i];
}

const profout_col *
profout_get(const profout *o, size_t i)
{
	return &o->cols[i];
}

const char *
profout_form(const profout *own, const profout *shared, const char *map,
    const char *v, size_t n)
{
	const profout *in[2] = { own, shared };

	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; in[j] != NULL && i < in[j]->nvals; i++) {
			const vline *l = &in[j]->vals[i];
			if (strcmp(l->map, map) == 0 && strlen(l->to) == n &&
			    memcmp(l->to, v, n) == 0)
				return l->from;
		}
	return NULL;
}

bool
profout_is_form(const profout *own, const profout *shared, const char *map,
    const char *s, size_t n)
{
	const profout *in[2] = { own, shared };

	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; in[j] != NULL && i < in[j]->nvals; i++) {
			const vline *l = &in[j]->vals[i];
			if (strcmp(l->map, map) == 0 && strlen(l->from) == n &&
			    strncasecmp(l->from, s, n) == 0)
				return true;
		}
	return false;
}

const char *
profout_day(const profout *o)
{
	return o->day;
}

const char *
profout_time(const profout *o)
{
	return o->time;
}

const char *
profout_true(const profout *o)
{
	return o->yes;
}

const char *
profout_false(const profout *o)
{
	return o->no;
}

bool
profout_country_names(const profout *o)
{
	return o->names;
}
