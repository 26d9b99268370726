/* profile.c - export profiles: how one system's export maps to leads */
#include "lead/profile.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/xmem.h"
#include "lead/profout.h"

typedef struct applied {
	char *field;
	const valmap *vm;
	char *vmname;		/* until resolved */
} applied;

struct profile {
	char *name, *title, *system, *date_order;
	size_t threshold;	/* 0: the default */
	size_t nheader;
	colmap *cols;
	valmap **maps;
	size_t nmaps;
	applied *apply;
	size_t napply;
	char **colmaps;		/* value map names the columns use, checked */
	size_t ncolmaps;
	profout *out;		/* the profile read the other way (--to) */
};

struct profile_set {
	profile **p;		/* sorted by name */
	size_t n;
	profile *shared;	/* values.map */
	strmap *headers;	/* folded header name -> uint64_t * bits */
	uint64_t **bits;
	size_t nbits;
};

/* At most this many profiles can be recognised (one bit each). */
#define PROFILES_MAX 64

static profile *
profile_new(const char *name)
{
	profile *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name);
	p->title = xstrdup("");
	p->cols = colmap_new();
	p->out = profout_new();
	return p;
}

static void
profile_free(profile *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->title);
	free(p->system);
	free(p->date_order);
	colmap_free(p->cols);
	for (size_t i = 0; i < p->nmaps; i++)
		valmap_free(p->maps[i]);
	free(p->maps);
	for (size_t i = 0; i < p->napply; i++) {
		free(p->apply[i].field);
		free(p->apply[i].vmname);
	}
	free(p->apply);
	for (size_t i = 0; i < p->ncolmaps; i++)
		free(p->colmaps[i]);
	free(p->colmaps);
	profout_free(p->out);
	free(p);
}

void
profile_set_free(profile_set *ps)
{
	if (ps == NULL)
		return;
	for (size_t i = 0; i < ps->n; i++)
		profile_free(ps->p[i]);
	free(ps->p);
	profile_free(ps->shared);
	strmap_free(ps->headers);
	for (size_t i = 0; i < ps->nbits; i++)
		free(ps->bits[i]);
	free(ps->bits);
	free(ps);
}

static valmap *
own_valmap(profile *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->nmaps; i++)
		if (strncmp(valmap_name(p->maps[i]), name, n) == 0 &&
		    valmap_name(p->maps[i])[n] == '\0')
			return p->maps[i];
	char *copy = xstrndup(name, n);
	p->maps = xreallocarray(p->maps, p->nmaps + 1, sizeof *p->maps);
	p->maps[p->nmaps] = valmap_new(copy);
	free(copy);
	return p->maps[p->nmaps++];
}

/* The state of one file being read. */
typedef struct loading {
	profile_set *ps;
	profile *p;
	sbuf key;
} loading;

/* word: the first blank-separated word of *s, which moves past it and the
 * blanks after; its length in *n. */
static const char *
word(char **s, size_t *n)
{
	char *b = *s, *e;

	while (*b == ' ' || *b == '\t')
		b++;
	for (e = b; *e != '\0' && *e != ' ' && *e != '\t'; e++)
		;
	*n = (size_t)(e - b);
	while (*e == ' ' || *e == '\t')
		e++;
	*s = e;
	return b;
}

static bool
is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && memcmp(w, kw, n) == 0;
}

static int
add_header(loading *ld, const char *name, sbuf *msg)
{
	profile_set *ps = ld->ps;
	void *val;
	size_t idx = ps->n;	/* the profile being read is the next one */

	if (ld->p == ps->shared)
		return lines_fail(msg, "\"header\" belongs in a profile");
	if (idx >= PROFILES_MAX)
		return lines_fail(msg, "more than %d profiles", PROFILES_MAX);
	sbuf_reset(&ld->key);
	fold_alnum(&ld->key, name, strlen(name));
	if (ld->key.n == 0)
		return lines_fail(msg, "an empty header column");
	if (!strmap_get(ps->headers, ld->key.p, ld->key.n, &val)) {
		uint64_t *b = xcalloc(1, sizeof *b);
		ps->bits = xreallocarray(ps->bits, ps->nbits + 1,
		    sizeof *ps->bits);
		ps->bits[ps->nbits++] = b;
		strmap_put(ps->headers, ld->key.p, ld->key.n, b);
		val = b;
	}
	uint64_t *b = val;
	if (!(*b & (UINT64_C(1) << idx))) {
		*b |= UINT64_C(1) << idx;
		ld->p->nheader++;
	}
	return 0;
}

static int
profile_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	loading *ld = ctx;
	profile *p = ld->p;
	size_t kn, wn;
	const char *kw = word(&line, &kn), *w;
	char *eq;

	(void)n;
	if (is(kw, kn, "title")) {
		free(p->title);
		p->title = xstrdup(line);
	} else if (is(kw, kn, "system") && *line != '\0') {
		free(p->system);
		p->system = xstrdup(line);
	} else if (is(kw, kn, "date-order")) {
		if (strcmp(line, "mdy") != 0 && strcmp(line, "dmy") != 0 &&
		    strcmp(line, "ymd") != 0)
			return lines_fail(msg, "date-order: expected mdy, dmy "
			    "or ymd");
		free(p->date_order);
		p->date_order = xstrdup(line);
	} else if (is(kw, kn, "threshold")) {
		char *end;
		long t = strtol(line, &end, 10);
		if (*end != '\0' || t < 1 || t > 1000)
			return lines_fail(msg, "threshold: expected a count");
		p->threshold = (size_t)t;
	} else if (is(kw, kn, "header") && *line != '\0') {
		return add_header(ld, line, msg);
	} else if (is(kw, kn, "column")) {
		if (colmap_add(p->cols, line) != 0)
			return lines_fail(msg, "column: expected \"Source "
			    "Column = field\" (then map:NAME, strip:TEXT or "
			    "join)");
		const colmap_dest *d = colmap_lookup_dest(p->cols, line,
		    (size_t)(strrchr(line, '=') - line));
		if (d != NULL)
			profout_column(p->out, line,
			    (size_t)(strrchr(line, '=') - line), d->field,
			    d->valmap);
		if (d != NULL && d->valmap != NULL) {
			p->colmaps = xreallocarray(p->colmaps, p->ncolmaps + 1,
			    sizeof *p->colmaps);
			p->colmaps[p->ncolmaps++] = xstrdup(d->valmap);
		}
	} else if (is(kw, kn, "value")) {
		w = word(&line, &wn);
		if (wn == 0 || (eq = strrchr(line, '=')) == NULL)
			return lines_fail(msg, "value: expected \"MAP From = "
			    "To\"");
		char *fe = eq, *tb = eq + 1;
		while (fe > line && (fe[-1] == ' ' || fe[-1] == '\t'))
			fe--;
		while (*tb == ' ' || *tb == '\t')
			tb++;
		if (*tb == '\0' || valmap_add(own_valmap(p, w, wn), line,
		    (size_t)(fe - line), tb) != 0)
			return lines_fail(msg, "value: expected \"MAP From = "
			    "To\"");
		profout_value(p->out, w, wn, line, (size_t)(fe - line), tb);
	} else if (is(kw, kn, "valmap")) {
		w = word(&line, &wn);
		if (wn == 0)
			return lines_fail(msg, "valmap: expected a name");
		valmap *vm = own_valmap(p, w, wn);
		while (*line != '\0') {
			const char *o = word(&line, &wn);
			if (is(o, wn, "strict")) {
				valmap_set_strict(vm, true);
			} else if (wn > 5 && memcmp(o, "keep:", 5) == 0) {
				char *f = xstrndup(o + 5, wn - 5);
				valmap_set_keep(vm, f);
				free(f);
			} else {
				return lines_fail(msg, "valmap: \"%.*s\" is "
				    "not strict or keep:FIELD", (int)wn, o);
			}
		}
	} else if (is(kw, kn, "apply")) {
		w = word(&line, &wn);
		size_t mn;
		const char *m = word(&line, &mn);
		if (wn == 0 || mn == 0 || *line != '\0')
			return lines_fail(msg, "apply: expected \"FIELD MAP\"");
		p->apply = xreallocarray(p->apply, p->napply + 1,
		    sizeof *p->apply);
		p->apply[p->napply++] = (applied){ xstrndup(w, wn), NULL,
		    xstrndup(m, mn) };
	} else if (kn >= 2 && memcmp(kw, "to", 2) == 0 &&
	    ld->p != ld->ps->shared) {
		return profout_line(p->out, kw, kn, line, msg);
	} else {
		return lines_fail(msg, "unknown line \"%.*s\" (title, system, "
		    "date-order, threshold, header, column, value, valmap, "
		    "apply, or to... for --to)", (int)kn, kw);
	}
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(profile *const *)a)->name,
	    (*(profile *const *)b)->name);
}

static int
load_file(profile_set *ps, profile *p, const char *path, char **err)
{
	loading ld = { ps, p, SBUF_INIT };
	sbuf e = SBUF_INIT;
	int rc = lines_read(path, LINES_TRIM, profile_line, &ld, &e);

	sbuf_free(&ld.key);
	if (rc != 0)
		*err = e.p;
	return rc;
}

/* resolve_out: the maps of p's layout (profout.h): the map each column
 * is read with on import, and the map its values go through backwards,
 * which must exist. */
static int
resolve_out(profile_set *ps, profile *p, const char *path, char **err)
{
	for (size_t i = 0; i < profout_count(p->out); i++) {
		profout_col *c = profout_at(p->out, i);
		const colmap_dest *d = c->column == NULL ? NULL :
		    colmap_lookup_dest(p->cols, c->column, strlen(c->column));
		c->in = d != NULL && d->valmap != NULL ?
		    profile_set_valmap(ps, p, d->valmap) :
		    profile_set_applied(ps, p, c->field);
		/* backwards by default only through a closed set of values
		 * (lifecycle stages): an open map (countries, bands) holds
		 * spellings, whose first is no form to write */
		if (c->map == NULL && c->in != NULL && c->column != NULL &&
		    valmap_strict(c->in))
			c->map = xstrdup(valmap_name(c->in));
		if (c->map != NULL && (c->vm = profile_set_valmap(ps, p,
		    c->map)) == NULL) {
			sbuf e = SBUF_INIT;
			sbuf_addf(&e, "%s: no value map \"%s\"", path, c->map);
			*err = e.p;
			return -1;
		}
	}
	return 0;
}

/* resolve: every map a profile's columns and apply lines name exists. */
static int
resolve(profile_set *ps, profile *p, const char *path, char **err)
{
	for (size_t i = 0; i < p->napply; i++) {
		p->apply[i].vm = profile_set_valmap(ps, p, p->apply[i].vmname);
		if (p->apply[i].vm == NULL)
			goto missing;
	}
	for (size_t i = 0; i < p->ncolmaps; i++)
		if (profile_set_valmap(ps, p, p->colmaps[i]) == NULL) {
			sbuf e = SBUF_INIT;
			sbuf_addf(&e, "%s: no value map \"%s\"", path,
			    p->colmaps[i]);
			*err = e.p;
			return -1;
		}
	return resolve_out(ps, p, path, err);
missing:;
	sbuf e = SBUF_INIT;
	for (size_t i = 0; i < p->napply; i++)
		if (p->apply[i].vm == NULL) {
			sbuf_addf(&e, "%s: no value map \"%s\"", path,
			    p->apply[i].vmname);
			break;
		}
	*err = e.p;
	return -1;
}

profile_set *
profile_set_load(const char *dir, char **err)
{
	profile_set *ps = xcalloc(1, sizeof *ps);
	sbuf path = SBUF_INIT;
	DIR *d;
	struct dirent *de;
	char **paths = NULL;

	ps->headers = strmap_new();
	ps->shared = profile_new("values");
	sbuf_addf(&path, "%s/values.map", dir);
	if (load_file(ps, ps->shared, path.p, err) != 0)
		goto fail;
	sbuf_reset(&path);
	sbuf_addf(&path, "%s/profiles", dir);
	if ((d = opendir(path.p)) == NULL) {
		sbuf e = SBUF_INIT;
		sbuf_addf(&e, "%s: %s", path.p, strerror(errno));
		*err = e.p;
		goto fail;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n <= 8 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + n - 8, ".profile") != 0)
			continue;
		ps->p = xreallocarray(ps->p, ps->n + 1, sizeof *ps->p);
		char *stem = xstrndup(de->d_name, n - 8);
		ps->p[ps->n++] = profile_new(stem);
		free(stem);
	}
	closedir(d);
	qsort(ps->p, ps->n, sizeof *ps->p, by_name);
	/* read in name order: a profile's bit is its index */
	size_t n = ps->n;
	ps->n = 0;
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/profiles/%s.profile", dir, ps->p[i]->name);
		if (load_file(ps, ps->p[i], path.p, err) != 0) {
			for (size_t j = i; j < n; j++)
				profile_free(ps->p[j]);
			goto fail;
		}
		ps->n++;
	}
	sbuf_reset(&path);
	sbuf_addf(&path, "%s/values.map", dir);
	if (resolve(ps, ps->shared, path.p, err) != 0)
		goto fail;
	for (size_t i = 0; i < ps->n; i++) {
		sbuf_reset(&path);
		sbuf_addf(&path, "%s/profiles/%s.profile", dir, ps->p[i]->name);
		if (resolve(ps, ps->p[i], path.p, err) != 0)
			goto fail;
	}
	sbuf_free(&path);
	free(paths);
	return ps;
fail:
	sbuf_free(&path);
	profile_set_free(ps);
	return NULL;
}

size_t
profile_set_count(const profile_set *ps)
{
	return ps->n;
}

const profile *
profile_set_at(const profile_set *ps, size_t i)
{
	return ps->p[i];
}

const profile *
profile_set_find(const profile_set *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i]->name, name) == 0)
			return ps->p[i];
	return NULL;
}

static size_t
threshold(const profile *p)
{
	if (p->threshold > 0)
		return p->threshold;
	return p->nheader < 3 ? p->nheader : 3;
}

const profile *
profile_set_recognise(const profile_set *ps, const char *const *names,
    const size_t *lens, size_t n, size_t *score)
{
	size_t count[PROFILES_MAX] = { 0 };
	sbuf key = SBUF_INIT;
	const profile *best = NULL;
	size_t bi = 0;
	void *val;

	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&key);
		fold_alnum(&key, names[i], lens[i]);
		if (key.n == 0 || !strmap_get(ps->headers, key.p, key.n, &val))
			continue;
		uint64_t b = *(uint64_t *)val;
		for (size_t k = 0; k < ps->n; k++)
			if (b & (UINT64_C(1) << k))
				count[k]++;
	}
	sbuf_free(&key);
	for (size_t k = 0; k < ps->n; k++) {
		const profile *p = ps->p[k];
		if (p->nheader == 0 || count[k] < threshold(p))
			continue;
		/* more columns, else a larger share (a*d > c*b: a/b > c/d) */
		if (best == NULL || count[k] > count[bi] ||
		    (count[k] == count[bi] &&
		    count[k] * best->nheader > count[bi] * p->nheader)) {
			best = p;
			bi = k;
		}
	}
	if (score != NULL)
		*score = best != NULL ? count[bi] : 0;
	return best;
}

const valmap *
profile_set_valmap(const profile_set *ps, const profile *p, const char *name)
{
	const profile *in[2] = { p, ps->shared };

	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; in[j] != NULL && i < in[j]->nmaps; i++)
			if (strcmp(valmap_name(in[j]->maps[i]), name) == 0)
				return in[j]->maps[i];
	return NULL;
}

const valmap *
profile_set_applied(const profile_set *ps, const profile *p,
    const char *field)
{
	const profile *in[2] = { p, ps->shared };

	for (size_t j = 0; j < 2; j++)
		for (size_t i = 0; in[j] != NULL && i < in[j]->napply; i++)
			if (strcmp(in[j]->apply[i].field, field) == 0)
				return in[j]->apply[i].vm;
	return NULL;
}

const char *
profile_name(const profile *p)
{
	return p->name;
}

const char *
profile_title(const profile *p)
{
	return p->title;
}

const char *
profile_system(const profile *p)
{
	return p->system;
}

const char *
profile_date_order(const profile *p)
{
	return p->date_order;
}

size_t
profile_header_count(const profile *p)
{
	return p->nheader;
}

const colmap *
profile_columns(const profile *p)
{
	return p->cols;
}

const profout *
profile_out(const profile *p)
{
	return p->out;
}

const profout *
profile_set_shared_out(const profile_set *ps)
{
	return ps->shared->out;
}
