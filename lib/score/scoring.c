/* scoring.c - a scoring model: its statements and scoring a lead */
#include "score/scoring.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/jscan.h"
#include "rules/rules.h"
#include "base/xmem.h"

typedef struct rule {
	rules_cond *cond;
	size_t score;
	double points, cap;
	bool each, capped;
	const char *text;	/* what follows the points */
	char *json;		/* the same escaped for a JSON string */
	size_t jsonlen;
} rule;

/* Bounds a segment sets on a score (or the model on the total). */
typedef struct bound {
	double cap, floor;
	bool has_cap, has_floor;
} bound;

/* A point of a probability table: a total and its chance of converting. */
typedef struct prob_point {
	double score, p;
} prob_point;

typedef struct segment {
	const char *name;	/* NULL: the common part */
	const char *where;	/* "file:line" */
	rules_cond *when;	/* NULL: every lead */
	rule *rules;
	size_t nrules;
	bound *bounds;		/* one a score */
	prob_point *probs;	/* sorted by score; NULL: none */
	size_t nprobs;
} segment;

typedef struct score_def {
	const char *name;
	char *json;		/* escaped for a JSON string */
	size_t jsonlen;
	char *field;		/* "score_<name>" */
	rec_name kfield;	/* the same, hashed */
	double half_life;	/* seconds; 0: no decay */
} score_def;

typedef struct grade_item {
	const char *label;
	rules_cond *when;	/* NULL: the rest */
} grade_item;

struct scoring {
	rules *ru;
	score_def *scores;
	size_t nscores;
	segment *segs;		/* segs[0]: the common part */
	size_t nsegs;
	bound total;
	grade_item *grades;
	size_t ngrades;
	const char *grade_at;	/* where the grade statement is, or NULL */
	const char **fields;
	/* the other fields it writes, their names hashed once */
	rec_name k_score, k_prob, k_segment, k_grade, k_reasons;
	const char **labels;	/* the grades' */
	bool has_probs;		/* some segment has a probability table */
	/* while loading */
	size_t cur;		/* the score block being read, + 1; 0: none */
};

typedef struct reason {
	long score;		/* -1: the total */
	double points;
	const rule *rule;	/* what added the points, or NULL: a bound */
	const char *bound;	/* "cap", "floor" */
	double limit;		/* the bound's value */
	double events;		/* each: events that counted; else -1 */
} reason;

struct scoring_ctx {
	const scoring *m;
	rules_eval *ev;
	rec *r;
	const segment *seg;	/* NULL: in no segment */
	double *values, total, prob;
	const char *grade;
	reason *reasons;
	size_t nreasons, rcap;
	sbuf tmp;
};

/* ---- loading ---- */

/* escaped: s as the inside of a JSON string (allocated). */
static char *
escaped(const char *s)
{
	sbuf b = SBUF_INIT;

	jscan_escape(&b, s, strlen(s));
	char *e = xstrdup(b.p + 1);
	e[b.n - 2] = '\0';
	sbuf_free(&b);
	return e;
}

static size_t
find_score(scoring *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nscores; i++)
		if (strcmp(m->scores[i].name, name) == 0)
			return i;
	m->scores = xreallocarray(m->scores, m->nscores + 1,
	    sizeof *m->scores);
	m->scores[i] = (score_def){ .name = name, .json = escaped(name) };
	m->scores[i].jsonlen = strlen(m->scores[i].json);
	size_t n = strlen(name) + 7;
	m->scores[i].field = xmalloc(n);
	snprintf(m->scores[i].field, n, "score_%s", name);
	for (size_t s = 0; s < m->nsegs; s++) {
		m->segs[s].bounds = xreallocarray(m->segs[s].bounds,
		    m->nscores + 1, sizeof(bound));
		m->segs[s].bounds[i] = (bound){ 0 };
	}
	return m->nscores++;
}

static int
parse_score(scoring *m, rules_parser *p)
{
	const char *name;
	double hl = 0;

	if (rules_name(p, &name) != 0)
		return -1;
	if (strcmp(name, "segment") == 0 || strcmp(name, "reasons") == 0)
		return rules_error(p, "'%s' cannot name a score (its field "
		    "would be score_%s, which lead-score sets itself)", name,
		    name);
	size_t i = find_score(m, name);
	if (rules_word(p, "decay")) {
		if (rules_expect(p, "half-life") != 0 ||
		    rules_duration(p, &hl) != 0)
			return -1;
		if (hl <= 0)
			return rules_error(p, "a half-life must be more than 0");
		if (m->scores[i].half_life != 0 && m->scores[i].half_life != hl)
			return rules_error(p, "score %s already has another "
			    "half-life", name);
		m->scores[i].half_life = hl;
	}
	m->cur = i + 1;
	return 0;
}

static int
parse_rule(scoring *m, rules_parser *p)
{
	segment *seg = &m->segs[m->nsegs - 1];
	rule ru = { 0 };

	if (m->cur == 0)
		return rules_error(p, "a rule needs a score block before it "
		    "(score NAME)");
	if (rules_number(p, &ru.points) != 0)
		return -1;
	size_t mark = rules_mark(p);
	ru.score = m->cur - 1;
	ru.each = rules_word(p, "each");
	size_t cmark = rules_mark(p);
	if ((ru.cond = rules_parse_cond(p)) == NULL)
		return -1;
	if (ru.each && !rules_cond_events(ru.cond))
		return rules_error_at(p, cmark, "'each' needs a test on events "
		    "(each event = \"download\")");
	size_t capmark = rules_mark(p);
	if (rules_word(p, "cap")) {
		if (!ru.each)
			return rules_error_at(p, capmark, "'cap' on a rule "
			    "needs 'each' (without it the rule adds its points "
			    "once)");
		if (rules_number(p, &ru.cap) != 0)
			return -1;
		if (ru.cap < 0)
			return rules_error(p, "a cap on a rule must be 0 or "
			    "more");
		ru.capped = true;
	}
	ru.text = rules_text(p, mark);
	ru.json = escaped(ru.text);
	ru.jsonlen = strlen(ru.json);
	seg->rules = xreallocarray(seg->rules, seg->nrules + 1,
	    sizeof *seg->rules);
	seg->rules[seg->nrules++] = ru;
	return 0;
}

/* parse_bounds: "cap N", "floor N", at least one, into b. */
static int
parse_bounds(rules_parser *p, bound *b)
{
	bool any = false;

	for (;;) {
		if (rules_word(p, "cap")) {
			if (rules_number(p, &b->cap) != 0)
				return -1;
			b->has_cap = true;
		} else if (rules_word(p, "floor")) {
			if (rules_number(p, &b->floor) != 0)
				return -1;
			b->has_floor = true;
		} else {
			break;
		}
		any = true;
	}
	if (!any)
		return rules_expected(p, "'cap' or 'floor'");
	if (b->has_cap && b->has_floor && b->floor > b->cap)
		return rules_error(p, "the floor is above the cap");
	return 0;
}

static int
parse_segment(scoring *m, rules_parser *p)
{
	segment seg = { 0 };

	if (m->nsegs > 1 && m->segs[m->nsegs - 1].when == NULL)
		return rules_error(p, "no lead can reach this segment: "
		    "segment %s before it has no 'when' and takes them all",
		    m->segs[m->nsegs - 1].name);
	size_t mark = rules_mark(p);
	if (rules_name(p, &seg.name) != 0)
		return -1;
	for (size_t i = 1; i < m->nsegs; i++)
		if (strcmp(m->segs[i].name, seg.name) == 0)
			return rules_error_at(p, mark, "segment %s is already "
			    "defined at %s", seg.name, m->segs[i].where);
	seg.where = rules_here(p);
	if (rules_word(p, "when") &&
	    (seg.when = rules_parse_cond(p)) == NULL)
		return -1;
	seg.bounds = xcalloc(m->nscores + 1, sizeof(bound));
	m->segs = xreallocarray(m->segs, m->nsegs + 1, sizeof *m->segs);
	m->segs[m->nsegs++] = seg;
	m->cur = 0;
	return 0;
}

static void
add_grade(scoring *m, grade_item g)
{
	m->grades = xreallocarray(m->grades, m->ngrades + 1,
	    sizeof *m->grades);
	m->grades[m->ngrades++] = g;
}

static int
parse_grade(scoring *m, rules_parser *p)
{
	if (m->grade_at != NULL)
		return rules_error(p, "a second grade statement (the first is "
		    "at %s)", m->grade_at);
	m->grade_at = rules_here(p);
	for (;;) {
		grade_item g = { 0 };
		if (m->ngrades > 0 && m->grades[m->ngrades - 1].when == NULL)
			return rules_error(p, "no lead can get this grade: "
			    "%s before it takes the rest",
			    m->grades[m->ngrades - 1].label);
		if (rules_name(p, &g.label) != 0)
			return -1;
		if (rules_op(p, "|")) {
			add_grade(m, g);
			continue;
		}
		if (!rules_at_end(p) &&
		    (g.when = rules_parse_cond(p)) == NULL)
			return -1;
		add_grade(m, g);
		if (!rules_op(p, "|"))
			return 0;
	}
}

/* parse_probability: "probability SCORE P", one point of the table of
 * the current segment (or the common part), kept sorted by score. */
static int
parse_probability(scoring *m, rules_parser *p)
{
	segment *seg = &m->segs[m->nsegs - 1];
	prob_point pt;

	if (rules_number(p, &pt.score) != 0)
		return -1;
	size_t mark = rules_mark(p);
	if (rules_number(p, &pt.p) != 0)
		return -1;
	if (!(pt.p >= 0 && pt.p <= 1))
		return rules_error_at(p, mark, "a probability is from 0 to 1");
	size_t i = seg->nprobs;
	while (i > 0 && seg->probs[i - 1].score > pt.score)
		i--;
	if (i > 0 && seg->probs[i - 1].score == pt.score)
		return rules_error(p, "score %g already has a probability",
		    pt.score);
	seg->probs = xreallocarray(seg->probs, seg->nprobs + 1,
	    sizeof *seg->probs);
	memmove(seg->probs + i + 1, seg->probs + i, (seg->nprobs - i) *
	    sizeof *seg->probs);
	seg->probs[i] = pt;
	seg->nprobs++;
	m->has_probs = true;
	return 0;
}

/* statement: the model's own statements (lead-rules(5)). */
static int
statement(void *ctx, rules_parser *p)
{
	scoring *m = ctx;

	if (rules_word(p, "score"))
		return parse_score(m, p);
	if (rules_is_points(p))
		return parse_rule(m, p);
	if (rules_word(p, "segment"))
		return parse_segment(m, p);
	if (rules_word(p, "grade"))
		return parse_grade(m, p);
	if (rules_word(p, "probability"))
		return parse_probability(m, p);
	if (rules_word(p, "total"))
		return parse_bounds(p, &m->total);
	if (rules_peek(p, "cap") || rules_peek(p, "floor")) {
		if (m->cur == 0)
			return rules_error(p, "a cap or floor needs a score "
			    "block before it (or write: total cap N)");
		return parse_bounds(p, &m->segs[m->nsegs - 1].bounds[m->cur -
		    1]);
	}
	return rules_expected(p, "a statement (score, +N or -N rule, cap, "
	    "floor, total, segment, grade, probability, define, include)");
}

/* finish: the list of output fields, once the statements are read. */
static void
finish(scoring *m)
{
	size_t n = 0;

	m->fields = xreallocarray(NULL, m->nscores + 6, sizeof *m->fields);
	m->fields[n++] = "score";
	for (size_t i = 0; i < m->nscores; i++)
		m->fields[n++] = m->scores[i].field;
	if (m->has_probs)
		m->fields[n++] = "score_probability";
	if (m->nsegs > 1)
		m->fields[n++] = "score_segment";
	if (m->grade_at != NULL)
		m->fields[n++] = "grade";
	m->fields[n++] = "score_reasons";
	m->fields[n] = NULL;
	rec_name_init(&m->k_score, "score", 5);
	rec_name_init(&m->k_prob, "score_probability", 17);
	rec_name_init(&m->k_segment, "score_segment", 13);
	rec_name_init(&m->k_grade, "grade", 5);
	rec_name_init(&m->k_reasons, "score_reasons", 13);
	for (size_t i = 0; i < m->nscores; i++)
		rec_name_init(&m->scores[i].kfield, m->scores[i].field,
		    strlen(m->scores[i].field));
	m->labels = xreallocarray(NULL, m->ngrades + 1, sizeof *m->labels);
	for (size_t i = 0; i < m->ngrades; i++)
		m->labels[i] = m->grades[i].label;
}

scoring *
scoring_load(const char *path, sbuf *err)
{
	scoring *m = xcalloc(1, sizeof *m);

	m->segs = xcalloc(1, sizeof *m->segs);
	m->nsegs = 1;
	m->segs[0].bounds = xcalloc(1, sizeof(bound));
	if ((m->ru = rules_load(path, statement, m, err)) == NULL) {
		scoring_free(m);
		return NULL;
	}
	if (m->nscores == 0) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: no score statement: nothing to score",
		    path);
		scoring_free(m);
		return NULL;
	}
	finish(m);
	return m;
}

void
scoring_free(scoring *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nsegs; i++) {
		for (size_t j = 0; j < m->segs[i].nrules; j++)
			free(m->segs[i].rules[j].json);
		free(m->segs[i].rules);
		free(m->segs[i].bounds);
		free(m->segs[i].probs);
	}
	for (size_t i = 0; i < m->nscores; i++) {
		free(m->scores[i].field);
		free(m->scores[i].json);
	}
	free(m->segs);
	free(m->scores);
	free(m->grades);
	free(m->fields);
	free(m->labels);
	rules_free(m->ru);
	free(m);
}

const char *const *
scoring_fields(const scoring *m)
{
	return m->fields;
}

const char *const *
scoring_grades(const scoring *m, size_t *n)
{
	*n = m->ngrades;
	return m->labels;
}

/* ---- scoring a lead ---- */

scoring_ctx *
scoring_ctx_new(const scoring *m, time_t as_of)
{
	scoring_ctx *c = xcalloc(1, sizeof *c);

	c->m = m;
	c->ev = rules_eval_new(m->ru, as_of);
	c->values = xcalloc(m->nscores, sizeof *c->values);
	return c;
}

void
scoring_ctx_free(scoring_ctx *c)
{
	if (c == NULL)
		return;
	rules_eval_free(c->ev);
	free(c->values);
	free(c->reasons);
	sbuf_free(&c->tmp);
	free(c);
}

static void
add_reason(scoring_ctx *c, reason r)
{
	if (c->nreasons == c->rcap) {
		c->rcap = c->rcap ? 2 * c->rcap : 16;
		c->reasons = xreallocarray(c->reasons, c->rcap,
		    sizeof *c->reasons);
	}
	c->reasons[c->nreasons++] = r;
}

/* decay: the factor for an event at age seconds under half-life hl. */
static double
decay(double hl, double age)
{
	return hl > 0 && age > 0 ? exp2(-age / hl) : 1;
}

/*
 * points: what rule ru adds to the lead, or false when it does not fire.
 * *events gets how many events counted (each), else -1.
 */
static bool
points(scoring_ctx *c, const rule *ru, double hl, double *pts,
    double *events)
{
	time_t now = rules_as_of(c->ev);
	size_t n;

	*events = -1;
	if (!ru->each && (hl == 0 || !rules_cond_events(ru->cond))) {
		*pts = ru->points;
		return rules_match(c->ev, ru->cond);
	}
	const rules_event *ev = rules_events(c->ev, &n);
	double sum = 0, count = 0, newest = -1;
	for (size_t i = 0; i < n; i++) {
		if (!rules_match_event(c->ev, ru->cond, i))
			continue;
		double age = ev[i].dated ? (double)(now - ev[i].at) : 0;
		count += ev[i].mult;
		sum += ru->points * ev[i].mult * decay(hl, age);
		if (newest < 0 || age < newest)
			newest = age;
	}
	if (ru->each) {
		*events = count;
		if (count == 0)
			return false;
		*pts = sum;
	} else if (newest >= 0) {
		*pts = ru->points * decay(hl, newest);
	} else if (rules_match(c->ev, ru->cond)) {	/* with no event */
		*pts = ru->points;
	} else {
		return false;
	}
	if (ru->capped && fabs(*pts) > ru->cap)
		*pts = *pts > 0 ? ru->cap : -ru->cap;
	return true;
}

static void
score_rules(scoring_ctx *c, const segment *seg)
{
	const scoring *m = c->m;

	for (size_t i = 0; i < seg->nrules; i++) {
		const rule *ru = &seg->rules[i];
		double pts, events;
		if (!points(c, ru, m->scores[ru->score].half_life, &pts,
		    &events))
			continue;
		c->values[ru->score] += pts;
		add_reason(c, (reason){ (long)ru->score, pts, ru, NULL, 0,
		    events });
	}
}

/* bounded: v within b; a reason for each bound that changed it. */
static double
bounded(scoring_ctx *c, long score, double v, const bound *b)
{
	if (b->has_cap && v > b->cap) {
		add_reason(c, (reason){ score, b->cap - v, NULL, "cap",
		    b->cap, -1 });
		v = b->cap;
	}
	if (b->has_floor && v < b->floor) {
		add_reason(c, (reason){ score, b->floor - v, NULL, "floor",
		    b->floor, -1 });
		v = b->floor;
	}
	return v;
}

static double
rounded(double v)
{
	v = round(v * 100) / 100;
	return v == 0 ? 0 : v;	/* no -0 */
}

void
scoring_number(sbuf *out, double v)
{
	char buf[32], *e = buf + sizeof buf, *p = e;

	if (!(fabs(v) < 1e15)) {	/* not a score anyone writes */
		sbuf_addf(out, "%.15g", v);
		return;
	}
	long long c = llround(v * 100);
	unsigned long long u = c < 0 ? (unsigned long long)-c :
	    (unsigned long long)c;
	if (u % 100 != 0) {	/* decimals, no trailing 0 */
		if (u % 10 != 0)
			*--p = (char)('0' + u % 10);
		*--p = (char)('0' + u / 10 % 10);
		*--p = '.';
	}
	u /= 100;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (c < 0)
		*--p = '-';
	sbuf_add(out, p, (size_t)(e - p));
}

/* set_number: field name of r is v. */
static void
set_number(scoring_ctx *c, const rec_name *name, double v)
{
	sbuf_reset(&c->tmp);
	scoring_number(&c->tmp, v);
	rec_set_raw_name(c->r, name, c->tmp.p, c->tmp.n);
}

/* signed_number: v with its sign: "+20", "-10". */
static void
signed_number(sbuf *out, double v)
{
	if (v >= 0)
		sbuf_addc(out, '+');
	scoring_number(out, v);
}

/* events_note: " (3 events)" after an each rule's text. */
static void
events_note(sbuf *out, double events)
{
	if (events < 0)
		return;
	sbuf_add(out, " (", 2);
	scoring_number(out, events);
	if (events == 1)
		sbuf_add(out, " event)", 7);
	else
		sbuf_add(out, " events)", 8);
}

/* reason_text: append reason r as score_reasons shows it; json: escaped
 * for the inside of a JSON string.
 *	"fit +20: senior"   "fit cap 60: -15"   "total floor 0: +5" */
static void
reason_text(const scoring_ctx *c, const reason *r, sbuf *out, bool json)
{
	const score_def *sd = r->score >= 0 ? &c->m->scores[r->score] : NULL;

	if (sd == NULL)
		sbuf_add(out, "total", 5);
	else if (json)
		sbuf_add(out, sd->json, sd->jsonlen);
	else
		sbuf_adds(out, sd->name);
	sbuf_addc(out, ' ');
	if (r->rule == NULL) {
		sbuf_adds(out, r->bound);
		sbuf_addc(out, ' ');
		scoring_number(out, r->limit);
		sbuf_add(out, ": ", 2);
		signed_number(out, r->points);
		return;
	}
	signed_number(out, r->points);
	sbuf_add(out, ": ", 2);
	if (json)
		sbuf_add(out, r->rule->json, r->rule->jsonlen);
	else
		sbuf_adds(out, r->rule->text);
	events_note(out, r->events);
}

static void
write_fields(scoring_ctx *c)
{
	const scoring *m = c->m;
	sbuf *list = &c->tmp;

	if (m->nsegs > 1) {
		if (c->seg != NULL)
			rec_set_str_name(c->r, &m->k_segment, c->seg->name,
			    strlen(c->seg->name));
		else
			rec_set_raw_name(c->r, &m->k_segment, "null", 4);
	}
	if (m->grade_at != NULL) {
		if (c->grade != NULL)
			rec_set_str_name(c->r, &m->k_grade, c->grade,
			    strlen(c->grade));
		else
			rec_set_raw_name(c->r, &m->k_grade, "null", 4);
	}
	sbuf_reset(list);
	sbuf_addc(list, '[');
	for (size_t i = 0; i < c->nreasons; i++) {
		if (i > 0)
			sbuf_addc(list, ',');
		sbuf_addc(list, '"');
		reason_text(c, &c->reasons[i], list, true);
		sbuf_addc(list, '"');
	}
	sbuf_addc(list, ']');
	rec_set_raw_name(c->r, &m->k_reasons, list->p, list->n);
}

/* probability: the chance table of seg (or the common one) gives total:
 * the point's, linear between the two points around it, the end's
 * outside them.  -1: no table. */
static double
probability(const scoring *m, const segment *seg, double total)
{
	if (seg == NULL || seg->nprobs == 0)
		seg = &m->segs[0];
	const prob_point *t = seg->probs;
	size_t n = seg->nprobs;
	if (n == 0)
		return -1;
	if (total <= t[0].score)
		return t[0].p;
	if (total >= t[n - 1].score)
		return t[n - 1].p;
	size_t i = 1;
	while (t[i].score < total)
		i++;
	double f = (total - t[i - 1].score) / (t[i].score - t[i - 1].score);
	return t[i - 1].p + f * (t[i].p - t[i - 1].p);
}

/* refresh: the fields scoring_run writes (those written so far among
 * them), read again for the grades. */
static void
refresh(scoring_ctx *c)
{
	size_t n = 0;

	while (c->m->fields[n] != NULL)
		n++;
	rules_eval_refresh(c->ev, c->m->fields, n);
}

void
scoring_run(scoring_ctx *c, rec *r)
{
	const scoring *m = c->m;

	c->r = r;
	c->nreasons = 0;
	c->grade = NULL;
	c->seg = NULL;
	rules_eval_start(c->ev, r);
	for (size_t i = 1; i < m->nsegs && c->seg == NULL; i++)
		if (m->segs[i].when == NULL ||
		    rules_match(c->ev, m->segs[i].when))
			c->seg = &m->segs[i];
	memset(c->values, 0, m->nscores * sizeof *c->values);
	score_rules(c, &m->segs[0]);
	if (c->seg != NULL)
		score_rules(c, c->seg);
	c->total = 0;
	for (size_t i = 0; i < m->nscores; i++) {
		const bound *b = &m->segs[0].bounds[i];
		if (c->seg != NULL) {	/* the segment's own bounds win */
			bound sb = *b;
			const bound *o = &c->seg->bounds[i];
			if (o->has_cap) {
				sb.cap = o->cap;
				sb.has_cap = true;
			}
			if (o->has_floor) {
				sb.floor = o->floor;
				sb.has_floor = true;
			}
			c->values[i] = bounded(c, (long)i, c->values[i], &sb);
		} else {
			c->values[i] = bounded(c, (long)i, c->values[i], b);
		}
		c->values[i] = rounded(c->values[i]);
		c->total += c->values[i];
	}
	c->total = rounded(bounded(c, -1, c->total, &m->total));
	set_number(c, &m->k_score, c->total);
	for (size_t i = 0; i < m->nscores; i++)
		set_number(c, &m->scores[i].kfield, c->values[i]);
	c->prob = probability(m, c->seg, c->total);
	if (m->has_probs) {	/* 4 decimals: a rate, not points */
		if (c->prob < 0) {
			rec_set_raw_name(r, &m->k_prob, "null", 4);
		} else {
			sbuf_reset(&c->tmp);
			sbuf_addf(&c->tmp, "%.4f", c->prob);
			rec_set_raw_name(r, &m->k_prob, c->tmp.p,
			    c->tmp.n);
		}
	}
	if (m->grade_at != NULL) {
		if (m->nsegs > 1)	/* grades may test the segment */
			rec_set_str_name(r, &m->k_segment, c->seg != NULL ?
			    c->seg->name : "", c->seg != NULL ?
			    strlen(c->seg->name) : 0);
		refresh(c);
		for (size_t i = 0; i < m->ngrades && c->grade == NULL; i++)
			if (m->grades[i].when == NULL ||
			    rules_match(c->ev, m->grades[i].when))
				c->grade = m->grades[i].label;
	}
	write_fields(c);
}

double
scoring_total(const scoring_ctx *c)
{
	return c->total;
}

const char *
scoring_grade(const scoring_ctx *c)
{
	return c->grade;
}

/* explain_line: one reason as --explain shows it, points first:
 *	"    +20      senior"   "    -15      cap 60" */
static void
explain_line(const reason *r, sbuf *out)
{
	sbuf_adds(out, "    ");
	size_t at = out->n;
	signed_number(out, r->points);
	while (out->n - at < 8)
		sbuf_addc(out, ' ');
	sbuf_addc(out, ' ');
	if (r->rule == NULL) {
		sbuf_adds(out, r->bound);
		sbuf_addc(out, ' ');
		scoring_number(out, r->limit);
	} else {
		sbuf_adds(out, r->rule->text);
		events_note(out, r->events);
	}
	sbuf_addc(out, '\n');
}

void
scoring_explain(const scoring_ctx *c, sbuf *out)
{
	const scoring *m = c->m;

	if (c->seg != NULL)
		sbuf_addf(out, "  segment %s\n", c->seg->name);
	for (size_t s = 0; s < m->nscores; s++) {
		sbuf_addf(out, "  %-14s ", m->scores[s].name);
		scoring_number(out, c->values[s]);
		sbuf_addc(out, '\n');
		for (size_t i = 0; i < c->nreasons; i++)
			if (c->reasons[i].score == (long)s)
				explain_line(&c->reasons[i], out);
	}
	sbuf_addf(out, "  %-14s ", "total");
	scoring_number(out, c->total);
	sbuf_addc(out, '\n');
	for (size_t i = 0; i < c->nreasons; i++)
		if (c->reasons[i].score < 0)
			explain_line(&c->reasons[i], out);
	if (c->prob >= 0)
		sbuf_addf(out, "  %-14s %.4f\n", "probability", c->prob);
	if (c->grade != NULL)
		sbuf_addf(out, "  %-14s %s\n", "grade", c->grade);
}
