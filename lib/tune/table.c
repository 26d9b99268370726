/* table.c - the labelled leads lead-tune learns from, column by column */
#include "tune/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/xmem.h"
#include "value/date.h"
#include "value/num.h"

/* scratch for folding, one per process: lead-tune runs on one thread */
static sbuf fold_buf;

tune_table *
tune_table_new(const char *label_field, const char *when_field, bool have_old,
    time_t as_of)
{
	tune_table *t = xcalloc(1, sizeof *t);

	t->byname = strmap_new();
	t->label_field = label_field;
	t->when_field = when_field;
	t->have_old = have_old;
	t->as_of = as_of;
	t->evtypes = strmap_new();
	return t;
}

void
tune_table_free(tune_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ncols; i++) {
		tune_col *c = &t->cols[i];
		free(c->name);
		free(c->id);
		free(c->num);
		for (size_t j = 0; j < c->nvals; j++)
			free(c->vals[j]);
		free(c->vals);
		strmap_free(c->index);
	}
	free(t->cols);
	strmap_free(t->byname);
	strmap_free(t->evtypes);
	free(t->evfirst);
	free(t->label);
	free(t->when);
	free(t->old);
	free(t->seen);
	free(t->seen_col);
	free(t);
	sbuf_free(&fold_buf);
}

long
tune_table_col(const tune_table *t, const char *name)
{
	void *v;

	if (!strmap_get(t->byname, name, strlen(name), &v))
		return -1;
	return (long)(uintptr_t)v - 1;
}

const char *
tune_table_value(const tune_col *c, uint16_t id)
{
	if (id == TUNE_MISSING)
		return "";
	if (id == TUNE_OTHER)
		return NULL;
	return c->vals[id - TUNE_FIRST];
}

/* grow: room for one more row in every column. */
static void
grow(tune_table *t)
{
	if (t->nrows < t->cap)
		return;
	t->cap = t->cap ? 2 * t->cap : 1024;
	t->label = xreallocarray(t->label, t->cap, sizeof *t->label);
	if (t->when_field != NULL)
		t->when = xreallocarray(t->when, t->cap, sizeof *t->when);
	if (t->have_old)
		t->old = xreallocarray(t->old, t->cap, sizeof *t->old);
	for (size_t i = 0; i < t->ncols; i++) {
		tune_col *c = &t->cols[i];
		c->id = xreallocarray(c->id, t->cap, sizeof *c->id);
		if (c->num != NULL)
			c->num = xreallocarray(c->num, t->cap,
			    sizeof *c->num);
	}
}

tune_col *
tune_table_column(tune_table *t, const char *name, size_t n)
{
	void *v;

	if (strmap_get(t->byname, name, n, &v))
		return &t->cols[(uintptr_t)v - 1];
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof *t->cols);
	tune_col *c = &t->cols[t->ncols++];
	*c = (tune_col){ 0 };
	c->name = xstrndup(name, n);
	c->index = strmap_new();
	c->id = xcalloc(t->cap ? t->cap : 1, sizeof *c->id);
	strmap_put(t->byname, name, n, (void *)(uintptr_t)t->ncols);
	return c;
}

uint16_t
tune_table_intern(tune_col *c, const char *s, size_t n)
{
	const char *k = s;
	size_t kn = n, i = 0;
	void *v;

	while (i < n && (unsigned char)s[i] < 0x80 &&
	    !(s[i] >= 'A' && s[i] <= 'Z'))
		i++;
	if (i < n) {
		sbuf_reset(&fold_buf);
		fold_case(&fold_buf, s, n);
		k = fold_buf.p;
		kn = fold_buf.n;
	}
	if (strmap_get(c->index, k, kn, &v))
		return (uint16_t)(TUNE_FIRST + (uintptr_t)v - 1);
	if (c->nvals >= TUNE_MAX_VALUES)
		return TUNE_OTHER;
	c->vals = xreallocarray(c->vals, c->nvals + 1, sizeof *c->vals);
	c->vals[c->nvals++] = xstrndup(s, n);
	strmap_put(c->index, k, kn, (void *)(uintptr_t)c->nvals);
	return (uint16_t)(TUNE_FIRST + c->nvals - 1);
}

/* number: s[0..n) as the rule language reads a number from field f: a
 * JSON number as it is, text as people write numbers (num_parse). */
static bool
number(const rec_field *f, const char *s, size_t n, double *v)
{
	if (f->kind == REC_RAW && (f->v[0] == '-' || (f->v[0] >= '0' &&
	    f->v[0] <= '9'))) {
		char *end;
		*v = strtod(s, &end);
		return end == s + n;
	}
	return n > 0 && num_parse(s, n, v) == 0;
}

/* nested: f is a non-empty array or an object (no value a rule of the
 * kind lead-tune writes can test). */
static bool
nested(const rec_field *f)
{
	if (f->kind == REC_JSON)
		return json_is_object(f->j) || (json_is_array(f->j) &&
		    json_array_size(f->j) > 0);
	if (f->kind != REC_RAW || (f->v[0] != '[' && f->v[0] != '{'))
		return false;
	for (size_t i = 1; i < f->vlen; i++)
		if (f->v[i] != ' ' && f->v[i] != '\t')
			return !(f->v[0] == '[' && f->v[i] == ']');
	return true;
}

/* label: 1, 0, -1 for none, -2 for a value that is no label. */
static int
label(rec *r, const char *name)
{
	size_t n;
	const char *s = rec_get(r, name, &n);

	if (s == NULL || n == 0)
		return -1;
	if ((n == 1 && s[0] == '1') || (n == 4 && memcmp(s, "true", 4) == 0))
		return 1;
	if ((n == 1 && s[0] == '0') || (n == 5 && memcmp(s, "false", 5) == 0))
		return 0;
	if (n == 3 && memcmp(s, "1.0", 3) == 0)
		return 1;
	if (n == 3 && memcmp(s, "0.0", 3) == 0)
		return 0;
	return -2;
}

/* when: the --holdout-by value of r: a date in seconds, else a number,
 * else NAN. */
static double
when(rec *r, const char *name)
{
	size_t n;
	const char *s = rec_get(r, name, &n);
	time_t tm;
	double v;

	if (s == NULL || n == 0)
		return NAN;
	if (date_parse(s, n, false, &tm) != DATE_BAD)
		return (double)tm;
	if (num_parse(s, n, &v) == 0)
		return v;
	return NAN;
}

int
tune_table_add(tune_table *t, rec *r, double old, const char **why)
{
	int lab = label(r, t->label_field);

	if (lab != -1 || rec_find(r, t->label_field) != NULL)
		t->saw_label = true;
	if (lab == -2) {
		*why = "the label is neither 0/1 nor true/false";
		return -1;
	}
	grow(t);
	size_t row = t->nrows;
	t->label[row] = (signed char)lab;
	if (t->when != NULL)
		t->when[row] = when(r, t->when_field);
	if (t->old != NULL)
		t->old[row] = old;
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].id[row] = TUNE_MISSING;
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		size_t n;
		if (f->kind == REC_DEL)
			continue;
		tune_col *c;
		if (f->kept && i < t->nseen && t->seen[i] == f->name) {
			c = &t->cols[t->seen_col[i]];
		} else {
			c = tune_table_column(t, f->name, f->nlen);
			if (f->kept) {
				if (i >= t->nseen) {
					t->seen = xreallocarray(t->seen, i + 1,
					    sizeof *t->seen);
					t->seen_col = xreallocarray(t->seen_col,
					    i + 1, sizeof *t->seen_col);
					for (size_t k = t->nseen; k <= i; k++)
						t->seen[k] = NULL;
					t->nseen = i + 1;
				}
				t->seen[i] = f->name;
				t->seen_col[i] = (size_t)(c - t->cols);
			}
		}
		if (c->nested)
			continue;
		const char *s = rec_field_str(r, f, &n);
		if (s == NULL) {	/* null, or an array or object */
			if (nested(f))
				c->nested = true;
			c->id[row] = TUNE_MISSING;
			continue;
		}
		if (n == 0) {
			c->id[row] = TUNE_MISSING;
			continue;
		}
		c->filled++;
		c->id[row] = tune_table_intern(c, s, n);
		double v;
		if (number(f, s, n, &v)) {
			if (c->num == NULL) {
				c->num = xreallocarray(NULL, t->cap,
				    sizeof *c->num);
				for (size_t j = 0; j < row; j++)
					c->num[j] = NAN;
			}
			c->num[row] = v;
			c->numbers++;
		} else if (c->num != NULL) {
			c->num[row] = NAN;
		}
	}
	/* columns this record does not have */
	for (size_t i = 0; i < t->ncols; i++) {
		tune_col *c = &t->cols[i];
		if (c->num != NULL && c->id[row] == TUNE_MISSING)
			c->num[row] = NAN;
	}
	t->nrows++;
	return 0;
}
