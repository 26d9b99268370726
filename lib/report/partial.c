/* partial.c - lead-report's partials: its counts as NDJSON, and back
 *
 * A partial is what lead-report --partial prints instead of the reports:
 * every count it keeps, exactly, one line each, after a meta line that
 * says how they were kept:
 *
 *	{"report_partial":"meta","version":1,"group":["source"],
 *	 "stages":["suspect",...,"won"]}
 *	{"report_partial":"total","count":9,"won":2,"reached":[9,9,8,...]}
 *	{"report_partial":"group","key":["web"],"count":5,"won":1,...}
 *	{"report_partial":"day","key":"2024-03-05","count":3}
 *	{"report_partial":"score","key":"4","count":2}	(scores 40 to 49)
 *	{"report_partial":"dq","key":"no_budget","count":1}
 *
 * Counts add, so partials of the parts of an input sum to the partial of
 * the whole (lead-report --merge).
 */
#include "report/partial.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "value/date.h"
#include "io/jscan.h"
#include "base/xmem.h"

static void
str(sbuf *b, const char *s)
{
	jscan_escape(b, s, strlen(s));
}

static void
strs(sbuf *b, const char *const *v, size_t n)
{
	sbuf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(b, ',');
		str(b, v[i]);
	}
	sbuf_addc(b, ']');
}

static void
counts(sbuf *b, const report_agg *a, const report_group *g)
{
	sbuf_addf(b, "\"count\":%" PRIu64 ",\"won\":%" PRIu64 ",\"reached\":[",
	    g->count, g->won);
	for (size_t i = 0; i < a->nstages; i++)
		sbuf_addf(b, "%s%" PRIu64, i > 0 ? "," : "", g->reached[i]);
	sbuf_adds(b, "]}\n");
}

static void
tally(sbuf *b, const char *kind, const report_tally *t)
{
	for (size_t i = 0; i < t->n; i++) {
		sbuf_addf(b, "{\"report_partial\":\"%s\",\"key\":", kind);
		str(b, t->v[i].name);
		sbuf_addf(b, ",\"count\":%" PRIu64 "}\n", t->v[i].n);
	}
}

void
report_partial_write(const report_agg *a, sbuf *out)
{
	sbuf_adds(out, "{\"report_partial\":\"meta\",\"version\":1,"
	    "\"group\":");
	strs(out, a->group, a->ngroup);
	sbuf_adds(out, ",\"stages\":");
	strs(out, a->stages, a->nstages);
	sbuf_adds(out, "}\n{\"report_partial\":\"total\",");
	counts(out, a, &a->total);
	for (size_t i = 0; i < a->ngroups; i++) {
		sbuf_adds(out, "{\"report_partial\":\"group\",\"key\":");
		strs(out, (const char *const *)a->groups[i]->key, a->ngroup);
		sbuf_addc(out, ',');
		counts(out, a, a->groups[i]);
	}
	tally(out, "day", &a->days);
	tally(out, "score", &a->scores);
	tally(out, "dq", &a->dq);
}

/* u64: the count j, or -1 when it is no non-negative integer. */
static int
u64(json_t *j, uint64_t *v)
{
	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

/* same: the array j of strings holds exactly v[0..n). */
static bool
same(json_t *j, const char *const *v, size_t n)
{
	if (!json_is_array(j) || json_array_size(j) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_array_get(j, i));
		if (s == NULL || strcmp(s, v[i]) != 0)
			return false;
	}
	return true;
}

static int
meta(report_agg *a, rec *r, sbuf *why)
{
	json_t *g = rec_get_json(r, "group"), *st = rec_get_json(r, "stages");
	json_t *ver = rec_get_json(r, "version");

	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		sbuf_adds(why, "partial: not version 1");
		return -1;
	}
	if (!same(st, a->stages, a->nstages)) {
		sbuf_adds(why, "partial: made with other funnel stages");
		return -1;
	}
	if (!json_is_array(g)) {
		sbuf_adds(why, "partial: no group list");
		return -1;
	}
	for (size_t i = 0; i < json_array_size(g); i++)
		if (!json_is_string(json_array_get(g, i))) {
			sbuf_adds(why, "partial: a group is no string");
			return -1;
		}
	if (a->group == NULL) {
		a->ngroup = json_array_size(g);
		a->group = xcalloc(a->ngroup + 1, sizeof *a->group);
		for (size_t i = 0; i < a->ngroup; i++)
			a->group[i] = xstrdup(json_string_value(
			    json_array_get(g, i)));
		return 0;
	}
	if (!same(g, a->group, a->ngroup)) {
		sbuf_adds(why, "partial: grouped by other fields than -g "
		    "asks");
		return -1;
	}
	return 0;
}

/* group: the counts of r into a scratch group h. */
static int
group(const report_agg *a, rec *r, report_group *h, sbuf *why)
{
	json_t *re = rec_get_json(r, "reached");

	if (u64(rec_get_json(r, "count"), &h->count) != 0 ||
	    u64(rec_get_json(r, "won"), &h->won) != 0 || !json_is_array(re) ||
	    json_array_size(re) != a->nstages) {
		sbuf_adds(why, "partial: bad counts");
		return -1;
	}
	for (size_t i = 0; i < a->nstages; i++)
		if (u64(json_array_get(re, i), &h->reached[i]) != 0) {
			sbuf_adds(why, "partial: bad counts");
			return -1;
		}
	return 0;
}

/* keyed: h into the group r's key names. */
static int
keyed(report_agg *a, rec *r, const report_group *h, sbuf *why)
{
	json_t *k = rec_get_json(r, "key");
	const char **key;
	size_t *len;
	int rc = 0;

	if (!json_is_array(k) || json_array_size(k) != a->ngroup) {
		sbuf_adds(why, "partial: a group key that does not fit the "
		    "groups");
		return -1;
	}
	key = xcalloc(a->ngroup + 1, sizeof *key);
	len = xcalloc(a->ngroup + 1, sizeof *len);
	for (size_t i = 0; i < a->ngroup && rc == 0; i++) {
		json_t *v = json_array_get(k, i);
		if (!json_is_string(v)) {
			sbuf_adds(why, "partial: a group key is no string");
			rc = -1;
			break;
		}
		key[i] = json_string_value(v);
		len[i] = json_string_length(v);
	}
	if (rc == 0)
		report_group_add(a, report_agg_group(a, key, len), h);
	free(key);
	free(len);
	return rc;
}

/* day_key: a day as report.c counts it, "YYYY-MM-DD". */
static bool
day_key(const char *key, size_t n)
{
	time_t t;

	return n == 10 && date_parse(key, n, false, &t) == DATE_DAY;
}

/* score_key: a bucket as report.c counts it: floor(score / 10) of a score
 * of at most 1e15 either way. */
static bool
score_key(const char *key, size_t n)
{
	char *end;
	long long k;

	errno = 0;
	k = strtoll(key, &end, 10);
	return n > 0 && end == key + n && errno == 0 && k >= -100000000000000LL
	    && k <= 100000000000000LL;
}

static bool
any_key(const char *key, size_t n)
{
	(void)key;
	return n > 0;
}

/* The tallies a partial line adds to, and the keys each takes (besides
 * REPORT_NONE): a key the counting could not have made is an error, not a
 * row of nonsense. */
static const struct {
	const char *kind;
	size_t at;		/* offsetof(report_agg, the tally) */
	bool (*valid)(const char *key, size_t n);
} tallies[] = {
	{ "day", offsetof(report_agg, days), day_key },
	{ "score", offsetof(report_agg, scores), score_key },
	{ "dq", offsetof(report_agg, dq), any_key },
};

int
report_partial_take(report_agg *a, rec *r, sbuf *why)
{
	const char *kind = rec_get(r, "report_partial", NULL);
	report_tally *t = NULL;
	uint64_t n;

	if (kind == NULL) {
		sbuf_adds(why, "not a partial of lead-report --partial");
		return -1;
	}
	if (strcmp(kind, "meta") == 0)
		return meta(a, r, why);
	if (strcmp(kind, "total") == 0 || strcmp(kind, "group") == 0) {
		report_group h;
		int rc = -1;
		h.reached = xcalloc(a->nstages + 1, sizeof *h.reached);
		if (group(a, r, &h, why) == 0) {
			rc = 0;
			if (strcmp(kind, "total") == 0)
				report_group_add(a, &a->total, &h);
			else
				rc = keyed(a, r, &h, why);
		}
		free(h.reached);
		return rc;
	}
	size_t k = 0;
	while (k < sizeof tallies / sizeof tallies[0] &&
	    strcmp(kind, tallies[k].kind) != 0)
		k++;
	json_t *kj = rec_get_json(r, "key");
	const char *key = json_string_value(kj);
	if (k == sizeof tallies / sizeof tallies[0] || key == NULL ||
	    u64(rec_get_json(r, "count"), &n) != 0) {
		sbuf_adds(why, "partial: a line of no known kind");
		return -1;
	}
	size_t len = json_string_length(kj);
	if (strcmp(key, REPORT_NONE) != 0 && !tallies[k].valid(key, len)) {
		sbuf_addf(why, "partial: \"%s\" is no %s", key,
		    tallies[k].kind);
		return -1;
	}
	t = (report_tally *)((char *)a + tallies[k].at);
	report_tally_add(t, key, len, n);
	return 0;
}
