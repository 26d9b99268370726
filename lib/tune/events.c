/* events.c - a lead's events as lead-tune candidates: counts in windows */
#include "tune/events.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/sbuf.h"
#include "base/xmem.h"
#include "io/jscan.h"
#include "tune/lang.h"
#include "value/date.h"

/* The windows, in the rule language and in seconds (NULL: ever). */
static const struct {
	const char *text;
	double secs;
} windows[TUNE_EVENT_WINDOWS] = {
	{ "7d", 7 * 86400.0 }, { "30d", 30 * 86400.0 },
	{ "90d", 90 * 86400.0 }, { NULL, 0 },
};

/* One lead's events, as they are counted. */
typedef struct counting {
	tune_table *t;
	time_t moment;
	unsigned counts[TUNE_EVENT_TYPES][TUNE_EVENT_WINDOWS];
	sbuf type, at, folded, name;
} counting;

/* add_type: the columns of a new type (written as type, NUL-terminated),
 * every earlier row counting 0; returns its index. */
static size_t
add_type(counting *cn, const char *type)
{
	tune_table *t = cn->t;
	size_t k = t->nevtypes++;

	t->evfirst = xreallocarray(t->evfirst, t->nevtypes,
	    sizeof *t->evfirst);
	t->evfirst[k] = t->ncols;
	for (size_t w = 0; w < TUNE_EVENT_WINDOWS; w++) {
		sbuf_reset(&cn->name);
		sbuf_adds(&cn->name, "count(event = ");
		tune_lang_string(&cn->name, type);
		if (windows[w].text != NULL) {
			sbuf_adds(&cn->name, " within ");
			sbuf_adds(&cn->name, windows[w].text);
		}
		sbuf_addc(&cn->name, ')');
		tune_col *c = tune_table_column(t, cn->name.p, cn->name.n);
		c->events = true;
		uint16_t zero = tune_table_intern(c, "0", 1);
		c->num = xreallocarray(NULL, t->cap ? t->cap : 1,
		    sizeof *c->num);
		for (size_t i = 0; i < t->nrows; i++) {
			c->id[i] = zero;
			c->num[i] = 0;
		}
	}
	return k;
}

/* type_index: the index of the type held by the string literal lit[0..n),
 * added if new and there is room; -1 when it is not counted. */
static long
type_index(counting *cn, const char *lit, size_t n)
{
	void *v;

	sbuf_reset(&cn->type);
	jscan_unescape(&cn->type, lit, n);
	sbuf_reset(&cn->folded);
	fold_case(&cn->folded, cn->type.p, cn->type.n);
	if (strmap_get(cn->t->evtypes, cn->folded.p, cn->folded.n, &v))
		return (long)(uintptr_t)v - 1;
	if (cn->t->nevtypes >= TUNE_EVENT_TYPES ||
	    memchr(cn->type.p, '\0', cn->type.n) != NULL)
		return -1;
	sbuf_addc(&cn->type, '\0');
	size_t k = add_type(cn, cn->type.p);
	strmap_put(cn->t->evtypes, cn->folded.p, cn->folded.n,
	    (void *)(uintptr_t)(k + 1));
	return (long)k;
}

/* Where an event's "type" and "at" literals are: [0,1) and [2,3). */
static int
member(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	const char **tv = ctx;

	if (nlen == 6 && memcmp(name, "\"type\"", 6) == 0 && val[0] == '"') {
		tv[0] = val;
		tv[1] = val + vlen;
	} else if (nlen == 4 && memcmp(name, "\"at\"", 4) == 0) {
		tv[2] = val;
		tv[3] = val + vlen;
	}
	return 0;
}

/* element: count one event, as lead-score reads one: an object with a
 * string "type"; dated after the moment, not counted. */
static int
element(void *ctx, const char *name, size_t nlen, const char *val,
    size_t vlen)
{
	counting *cn = ctx;
	const char *tv[4] = { NULL, NULL, NULL, NULL };
	time_t at = 0;
	bool dated = false;

	(void)name;
	(void)nlen;
	if (val[0] != '{' || jscan_object(val, vlen, member, tv, NULL) != 0 ||
	    tv[0] == NULL)
		return 0;
	if (tv[2] != NULL) {
		const char *s = tv[2];
		size_t n = (size_t)(tv[3] - tv[2]);
		if (s[0] == '"') {
			sbuf_reset(&cn->at);
			jscan_unescape(&cn->at, s, n);
			s = cn->at.p;
			n = cn->at.n;
		}
		dated = n > 0 && date_parse(s, n, false, &at) != DATE_BAD;
		if (dated && at > cn->moment)
			return 0;
	}
	long k = type_index(cn, tv[0], (size_t)(tv[1] - tv[0]));
	if (k < 0)
		return 0;
	for (size_t w = 0; w < TUNE_EVENT_WINDOWS; w++)
		if (windows[w].text == NULL || (dated &&
		    (double)(cn->moment - at) <= windows[w].secs))
			cn->counts[k][w]++;
	return 0;
}

/* moment: r's routed_at, else as_of. */
static time_t
moment(const tune_table *t, rec *r)
{
	size_t n;
	const char *s = rec_get(r, TUNE_EVENTS_AT, &n);
	time_t m;

	if (s != NULL && n > 0 && date_parse(s, n, false, &m) != DATE_BAD)
		return m;
	return t->as_of;
}

void
tune_events_row(tune_table *t, rec *r, rec_field *events, size_t row)
{
	static counting cn;	/* scratch: lead-tune runs on one thread */
	char buf[16];

	cn.t = t;
	memset(cn.counts, 0, sizeof cn.counts);
	if (events != NULL && events->kind != REC_DEL) {
		size_t n = 0;
		const char *s = NULL;
		char *text = NULL;
		if (events->kind == REC_JSON) {
			if (json_is_array(events->j)) {
				text = json_dumps(events->j, JSON_COMPACT);
				s = text;
				n = text != NULL ? strlen(text) : 0;
			}
		} else if (events->kind == REC_RAW) {
			s = events->v;
			n = events->vlen;
		} else {
			s = rec_field_str(r, events, &n);
		}
		if (s != NULL && n > 0 && s[0] == '[') {
			cn.moment = moment(t, r);
			jscan_array(s, n, element, &cn, NULL);
		}
		free(text);
	}
	for (size_t k = 0; k < t->nevtypes; k++)
		for (size_t w = 0; w < TUNE_EVENT_WINDOWS; w++) {
			tune_col *c = &t->cols[t->evfirst[k] + w];
			unsigned v = cn.counts[k][w];
			int len = snprintf(buf, sizeof buf, "%u", v);
			c->id[row] = tune_table_intern(c, buf, (size_t)len);
			c->num[row] = v;
			c->filled = c->numbers = row + 1;	/* every row */
		}
}
