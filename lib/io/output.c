/* output.c - writing records as NDJSON or CSV */
#include "io/output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/formula.h"
#include "io/jscan.h"
#include "base/sbuf.h"
#include "base/strmap.h"
#include "base/xmem.h"

#define OUTPUT_FLUSH (1 << 20)	/* buffer size */
#define OUTPUT_DIRECT (1 << 16)	/* output_append writes this much as is */
#define OUTPUT_LOOKAHEAD 1000	/* CSV records held to choose the header */

struct output {
	FILE *fp;
	const char *name;
	lk_format fmt;
	char delim;
	bool header;
	bool raw_cells;		/* output_set_raw_cells */
	const char *const *declared;
	char **cols;		/* CSV header, once fixed */
	size_t *collen;		/* strlen of each */
	size_t ncols;
	strmap *colidx;		/* column name -> its index + 1 */
	rec_field **at;		/* per row: the field of each column */
	rec **pending;		/* CSV records before the header is fixed */
	size_t npending;
	sbuf buf;
	sbuf why;
};

output *
output_new(FILE *fp, const char *name, lk_format fmt, char delim,
    bool header, const char *const *declared)
{
	output *o = xcalloc(1, sizeof *o);

	o->fp = fp;
	o->name = name;
	o->fmt = fmt;
	o->delim = delim ? delim : ',';
	o->header = header;
	o->declared = declared;
	return o;
}

static void
write_error(output *o)
{
	if (errno == EPIPE)
		exit(LK_EXIT_DATA);
	cli_die(LK_EXIT_DATA, "%s: write error:", o->name);
}

static void
flush(output *o)
{
	if (o->buf.n == 0 || o->fp == NULL)
		return;
	if (fwrite(o->buf.p, 1, o->buf.n, o->fp) != o->buf.n ||
	    fflush(o->fp) != 0)
		write_error(o);
	sbuf_reset(&o->buf);
}

/* json_value: append the JSON text of field f. */
static void
json_value(sbuf *buf, rec_field *f)
{
	char *t;

	switch (f->kind) {
	case REC_RAW:
		sbuf_add(buf, f->v, f->vlen);
		break;
	case REC_STR:
		jscan_escape(buf, f->v, f->vlen);
		break;
	case REC_JSON:
		t = json_dumps(f->j, JSON_COMPACT | JSON_ENCODE_ANY);
		sbuf_adds(buf, t != NULL ? t : "null");
		free(t);
		break;
	case REC_DEL:
		break;
	}
}

/* verbatim: f is still the member it was in the record's input line. */
static bool
verbatim(const rec *r, const rec_field *f)
{
	return f->kind == REC_RAW && f->lit != NULL && r->raw != NULL &&
	    f->lit >= r->raw && f->v > f->lit &&
	    f->v + f->vlen <= r->raw + r->rawlen;
}

bool
output_compact(const rec *r)
{
	if (r->raw_is_json)	/* written as its line, spaces and all */
		return false;
	for (size_t i = 0; i < r->n; i++) {	/* as output_ndjson goes */
		const rec_field *f = &r->f[i];
		if (!verbatim(r, f))
			continue;
		if (f->lit + f->litlen + 1 != f->v || f->v[-1] != ':')
			return false;
		if (i + 1 < r->n && verbatim(r, &r->f[i + 1]) &&
		    r->f[i + 1].lit > f->v &&
		    (f->v + f->vlen + 1 != r->f[i + 1].lit ||
		    f->v[f->vlen] != ','))
			return false;	/* a run with more between */
	}
	return true;
}

void
output_ndjson(sbuf *buf, rec *r)
{
	if (r->raw_is_json) {
		sbuf_add(buf, r->raw, r->rawlen);
		sbuf_addc(buf, '\n');
		return;
	}
	bool first = true;
	sbuf_addc(buf, '{');
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		if (f->kind == REC_DEL)
			continue;
		if (!first)
			sbuf_addc(buf, ',');
		first = false;
		if (verbatim(r, f)) {
			/* a run of untouched members is one span of the line,
			 * separators included */
			size_t j = i;
			while (j + 1 < r->n && verbatim(r, &r->f[j + 1]) &&
			    r->f[j + 1].lit > r->f[j].v)
				j++;
			const rec_field *last = &r->f[j];
			sbuf_add(buf, f->lit,
			    (size_t)(last->v + last->vlen - f->lit));
			i = j;
			continue;
		}
		if (f->lit != NULL)
			sbuf_add(buf, f->lit, f->litlen);
		else
			jscan_escape(buf, f->name, f->nlen);
		sbuf_addc(buf, ':');
		json_value(buf, f);
	}
	sbuf_adds(buf, "}\n");
}

static void
csv_cell(output *o, const char *s, size_t n)
{
	bool quote = false, guard = !o->raw_cells && formula_risky(s, n);

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == o->delim || c == '"' || c == '\n' || c == '\r') {
			quote = true;
			break;
		}
	}
	if (!quote) {
		if (guard)
			sbuf_addc(&o->buf, '\'');
		sbuf_add(&o->buf, s, n);
		return;
	}
	sbuf_addc(&o->buf, '"');
	if (guard)
		sbuf_addc(&o->buf, '\'');
	for (const char *q; (q = memchr(s, '"', n)) != NULL;) {
		sbuf_add(&o->buf, s, (size_t)(q - s) + 1);
		sbuf_addc(&o->buf, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	sbuf_add(&o->buf, s, n);
	sbuf_addc(&o->buf, '"');
}

static void
csv_field(output *o, rec *r, rec_field *f)
{
	size_t len;
	const char *s;
	char *t;

	if (f->kind == REC_STR) {
		csv_cell(o, f->v, f->vlen);
		return;
	}
	if ((s = rec_field_str(r, f, &len)) != NULL) {
		csv_cell(o, s, len);
		return;
	}
	if (f->kind == REC_RAW) {
		if (f->v[0] != 'n')	/* object or array: as JSON text */
			csv_cell(o, f->v, f->vlen);
		return;
	}
	t = json_dumps(f->j, JSON_COMPACT | JSON_ENCODE_ANY);
	if (t != NULL && !json_is_null(f->j))
		csv_cell(o, t, strlen(t));
	free(t);
}

static bool
has_col(output *o, const char *name, size_t nlen)
{
	void *v;

	return o->colidx != NULL && strmap_get(o->colidx, name, nlen, &v);
}

static void
add_col(output *o, const char *name, size_t nlen)
{
	if (o->colidx == NULL)
		o->colidx = strmap_new();
	o->cols = xreallocarray(o->cols, o->ncols + 1, sizeof *o->cols);
	o->collen = xreallocarray(o->collen, o->ncols + 1,
	    sizeof *o->collen);
	o->at = xreallocarray(o->at, o->ncols + 1, sizeof *o->at);
	o->cols[o->ncols] = xstrndup(name, nlen);
	o->collen[o->ncols] = nlen;
	strmap_put(o->colidx, name, nlen, (void *)(uintptr_t)(o->ncols + 1));
	o->ncols++;
}

/* add_fields: a column for each field of r the header lacks; a field the
 * record had and a stage emptied is still a column. */
static void
add_fields(output *o, const rec *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (!has_col(o, r->f[i].name, r->f[i].nlen))
			add_col(o, r->f[i].name, r->f[i].nlen);
}

/*
 * row_fields: o->at[c] = the field of r in column c (its first, as
 * rec_find would give), or NULL; one pass over r's fields, each found by
 * its position when the record is laid out like the header, else by a
 * hash lookup.  False, *why naming it, when r has a field the header
 * lacks.
 */
static bool
row_fields(output *o, rec *r, const char **why)
{
	void *v;

	memset(o->at, 0, o->ncols * sizeof *o->at);
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		size_t c = i;
		if (f->kind == REC_DEL)
			continue;
		if (i >= o->ncols || o->collen[i] != f->nlen ||
		    memcmp(o->cols[i], f->name, f->nlen) != 0) {
			if (!strmap_get(o->colidx, f->name, f->nlen, &v)) {
				sbuf_reset(&o->why);
				sbuf_addf(&o->why, "field \"%s\" is not in the "
				    "CSV header written before it (use -o "
				    "ndjson)", f->name);
				*why = o->why.p;
				return false;
			}
			c = (size_t)(uintptr_t)v - 1;
		}
		if (o->at[c] == NULL)
			o->at[c] = f;
	}
	return true;
}

/* csv_row: r as a row of the header's columns (row_fields filled). */
static void
csv_row(output *o, rec *r)
{
	for (size_t c = 0; c < o->ncols; c++) {
		if (c > 0)
			sbuf_addc(&o->buf, o->delim);
		if (o->at[c] != NULL)
			csv_field(o, r, o->at[c]);
	}
	sbuf_addc(&o->buf, '\n');
}

/* fix_header: the header is the fields of the records held back, in the
 * order they first appear, then the declared ones; write it and them. */
static void
fix_header(output *o)
{
	for (size_t i = 0; i < o->npending; i++)
		add_fields(o, o->pending[i]);
	for (const char *const *d = o->declared; d != NULL && *d != NULL; d++)
		if (!has_col(o, *d, strlen(*d)))
			add_col(o, *d, strlen(*d));
	if (o->header) {
		for (size_t i = 0; i < o->ncols; i++) {
			if (i > 0)
				sbuf_addc(&o->buf, o->delim);
			csv_cell(o, o->cols[i], o->collen[i]);
		}
		sbuf_addc(&o->buf, '\n');
	}
	for (size_t i = 0; i < o->npending; i++) {
		const char *why;
		(void)row_fields(o, o->pending[i], &why);	/* all fit */
		csv_row(o, o->pending[i]);
		rec_free(o->pending[i]);
		if (o->buf.n >= OUTPUT_FLUSH)
			flush(o);
	}
	free(o->pending);
	o->pending = NULL;
	o->npending = 0;
}

/* write_csv: until the header is fixed, records are held back (copied) to
 * choose it, OUTPUT_LOOKAHEAD of them at most. */
static int
write_csv(output *o, rec *r, const char **why)
{
	if (o->cols == NULL) {
		if (o->pending == NULL)
			o->pending = xcalloc(OUTPUT_LOOKAHEAD,
			    sizeof *o->pending);
		o->pending[o->npending] = rec_new();
		rec_assign(o->pending[o->npending], r);
		if (++o->npending == OUTPUT_LOOKAHEAD)
			fix_header(o);
		return 0;
	}
	if (!row_fields(o, r, why))
		return -1;
	csv_row(o, r);
	return 0;
}

int
output_write(output *o, rec *r, const char **why)
{
	int rc = 0;

	if (o->fmt == LK_FMT_CSV)
		rc = write_csv(o, r, why);
	else
		output_ndjson(&o->buf, r);
	if (o->buf.n >= OUTPUT_FLUSH)
		flush(o);
	return rc;
}

void
output_append(output *o, const char *s, size_t n)
{
	if (n >= OUTPUT_DIRECT && o->fp != NULL) {	/* big: no copy */
		flush(o);
		if (fwrite(s, 1, n, o->fp) != n)
			write_error(o);
		return;
	}
	sbuf_add(&o->buf, s, n);
	if (o->buf.n >= OUTPUT_FLUSH)
		flush(o);
}

void
output_set_raw_cells(output *o, bool raw)
{
	o->raw_cells = raw;
}

bool
output_has_header(const output *o)
{
	return o->cols != NULL;
}

void
output_take(output *o, sbuf *dst)
{
	sbuf t = *dst;	/* swap: dst gets the text, o dst's old storage */

	sbuf_reset(&t);
	*dst = o->buf;
	o->buf = t;
}

bool
output_same_header(output *o, const output *src)
{
	if (src->cols == NULL)
		return false;
	for (size_t i = 0; i < src->ncols; i++)
		add_col(o, src->cols[i], src->collen[i]);
	return true;
}

void
output_free(output *o)
{
	if (o == NULL)
		return;
	if (o->npending > 0)
		fix_header(o);
	flush(o);
	for (size_t i = 0; i < o->ncols; i++)
		free(o->cols[i]);
	free(o->cols);
	free(o->collen);
	free(o->at);
	strmap_free(o->colidx);
	sbuf_free(&o->buf);
	sbuf_free(&o->why);
	free(o);
}
