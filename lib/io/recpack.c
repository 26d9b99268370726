/* recpack.c - a record as bytes and back (recpack.h) */
#include "io/recpack.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/varint.h"
#include "io/input.h"
#include "io/output.h"

/* get_len: the length at *p (before end) in *v; false when cut short or
 * over 32 bits. */
static bool
get_len(const char **p, const char *end, size_t *v)
{
	const unsigned char *q = (const unsigned char *)*p;
	uint64_t x;

	if (!varint_get(&q, (const unsigned char *)end, 32, &x))
		return false;
	*p = (const char *)q;
	*v = (size_t)x;
	return true;
}

/* quoted: f's literal is its name in quotes, as output.c writes a name
 * without one.  A JSON literal of the name (rec.h) is that exactly when
 * it is two bytes longer: an escape is always longer than what it
 * stands for. */
static bool
quoted(const rec_field *f)
{
	return f->lit == NULL || f->litlen == f->nlen + 2;
}

/* put: one field of kind k ('s' or 'r'; upper case when its literal
 * follows its name). */
static void
put(sbuf *out, char k, const rec_field *f, const char *v, size_t vlen)
{
	size_t litlen = quoted(f) ? 0 : f->litlen;
	size_t need = 1 + 3 * 10 + f->nlen + litlen + vlen + 2;

	if (out->n + need + 1 > out->cap)
		sbuf_grow(out, need);
	char *p = out->p + out->n;
	*p++ = litlen > 0 ? (char)(k - 'a' + 'A') : k;
	p = (char *)varint_put((unsigned char *)p, f->nlen);
	if (litlen > 0)
		p = (char *)varint_put((unsigned char *)p, litlen);
	p = (char *)varint_put((unsigned char *)p, vlen);
	memcpy(p, f->name, f->nlen);
	p += f->nlen;
	*p++ = '\0';
	if (litlen > 0) {
		memcpy(p, f->lit, litlen);
		p += litlen;
	}
	if (vlen > 0)
		memcpy(p, v, vlen);
	p += vlen;
	*p++ = '\0';
	out->n = (size_t)(p - out->p);
	out->p[out->n] = '\0';
}

/* put_json: a field whose value is the JSON text v[0..n): a string
 * without escapes goes as the plain string. */
static void
put_json(sbuf *out, const rec_field *f, const char *v, size_t n)
{
	/* decoded already (input.c): as long as its text, less the quotes,
	 * when it has no escape (an escape is longer than what it stands
	 * for) */
	if (n >= 2 && v[0] == '"' && (f->kind == REC_RAW && f->str != NULL ?
	    f->slen + 2 == n : memchr(v + 1, '\\', n - 2) == NULL))
		put(out, 's', f, v + 1, n - 2);
	else
		put(out, 'r', f, v, n);
}

void
recpack_put(sbuf *out, rec *r)
{
	/* a record as read is kept as its line: copied whole on the way out,
	 * and again when it is written (packed, each string would be escaped
	 * then); one whose NDJSON keeps its line's spaces, too */
	if (!output_compact(r)) {
		sbuf_addc(out, 'L');
		output_ndjson(out, r);
		out->n--;	/* the newline */
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		rec_field *f = &r->f[i];
		char *t;
		switch (f->kind) {
		case REC_DEL:
			break;
		case REC_STR:
			put(out, 's', f, f->v, f->vlen);
			break;
		case REC_RAW:
			put_json(out, f, f->v, f->vlen);
			break;
		case REC_JSON:
			/* as output.c writes it */
			t = json_dumps(f->j, JSON_COMPACT | JSON_ENCODE_ANY);
			put_json(out, f, t != NULL ? t : "null",
			    t != NULL ? strlen(t) : 4);
			free(t);
			break;
		}
	}
}

int
recpack_read(rec *r)
{
	const char *p = r->raw, *end = p + r->rawlen;

	if (r->rawlen > 0 && *p == 'L') {
		sbuf why = SBUF_INIT;
		r->raw++;
		r->rawlen--;
		int rc = input_parse_json(r, &why);
		sbuf_free(&why);
		return rc;
	}
	r->block = r->raw;
	r->blocklen = r->rawlen;
	r->raw = NULL;
	r->rawlen = 0;
	while (p < end) {
		char k = *p++;
		size_t nlen, litlen = 0, vlen;
		bool lit = k == 'S' || k == 'R';
		if ((k != 's' && k != 'r' && !lit) ||
		    !get_len(&p, end, &nlen) ||
		    (lit && !get_len(&p, end, &litlen)) ||
		    !get_len(&p, end, &vlen) ||
		    (size_t)(end - p) < nlen + litlen + vlen + 2 ||
		    p[nlen] != '\0' || p[nlen + 1 + litlen + vlen] != '\0' ||
		    ((k == 'r' || k == 'R') && vlen == 0))
			goto bad;
		const char *name = p, *v = p + nlen + 1 + litlen;
		rec_add_raw(r, name, nlen, lit ? p + nlen + 1 : NULL, litlen,
		    v, vlen);
		if (k == 's' || k == 'S')	/* NUL-terminated, as REC_STR
						 * needs */
			r->f[r->n - 1].kind = REC_STR;
		p = v + vlen + 1;
	}
	return 0;
bad:
	rec_drop_fields(r);
	return -1;
}
