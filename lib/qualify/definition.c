/* definition.c - a lead definition: its statements and deciding a lead */
#include "qualify/definition.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "base/xmem.h"

/* The recycle time of a category that recycles, when a statement gives
 * none. */
#define DEFINITION_RECYCLE (90 * 86400.0)

typedef struct criterion {
	const char *name;
	rules_cond *cond;
} criterion;

/* A status or disqualify statement. */
typedef struct decision {
	rules_cond *cond;
	const char *status;
	const lifecycle_category *category;	/* disqualify */
	const char *because;
	double recycle;
	char *rule;		/* "status mql: <condition text>" */
} decision;

struct definition {
	rules *ru;
	const lifecycle *lc;
	criterion *crit;
	const char **names;
	size_t ncrit;
	decision *dec;
	size_t ndec;
	const char *review;	/* the stage of the role review */
	char *review_rule;	/* "review: no status or ... applies" */
};

struct definition_ctx {
	const definition *d;
	rules_eval *ev;
};

static int
parse_criterion(definition *d, rules_parser *p)
{
	criterion c;
	size_t mark = rules_mark(p);

	if (rules_name(p, &c.name) != 0 ||
	    (c.cond = rules_parse_cond(p)) == NULL ||
	    rules_define(p, mark, c.name, c.cond) != 0)
		return -1;
	d->crit = xreallocarray(d->crit, d->ncrit + 1, sizeof *d->crit);
	d->crit[d->ncrit++] = c;
	return 0;
}

/* add: a decision read up to its condition; the rest of the statement. */
static int
add(definition *d, rules_parser *p, decision *dc, const char *kind,
    const char *name)
{
	if (rules_expect(p, "when") != 0)
		return -1;
	size_t mark = rules_mark(p);
	if ((dc->cond = rules_parse_cond(p)) == NULL)
		return -1;
	const char *text = rules_text(p, mark);
	if (dc->category == NULL && rules_because(p, &dc->because) != 0)
		return -1;
	if (dc->category != NULL) {
		size_t rmark = rules_mark(p);
		dc->recycle = DEFINITION_RECYCLE;
		if (rules_word(p, "recycle")) {
			if (dc->category->effect != LIFECYCLE_RECYCLE)
				return rules_error_at(p, rmark, "'recycle "
				    "after' goes with a category that recycles"
				    " (%s does not)", dc->category->name);
			if (rules_expect(p, "after") != 0 ||
			    rules_duration(p, &dc->recycle) != 0)
				return -1;
		}
	}
	size_t n = strlen(kind) + strlen(name) + strlen(text) + 4;
	dc->rule = xmalloc(n);
	snprintf(dc->rule, n, "%s %s: %s", kind, name, text);
	d->dec = xreallocarray(d->dec, d->ndec + 1, sizeof *d->dec);
	d->dec[d->ndec++] = *dc;
	return 0;
}

static int
parse_status(definition *d, rules_parser *p)
{
	decision dc = { 0 };
	size_t mark = rules_mark(p);
	const char *name;
	size_t n;

	if (rules_name(p, &name) != 0)
		return -1;
	if ((dc.status = lifecycle_stage(d->lc, name, strlen(name))) == NULL) {
		const char *const *st = lifecycle_stages(d->lc, &n);
		sbuf all = SBUF_INIT;
		for (size_t i = 0; i < n; i++)
			sbuf_addf(&all, "%s%s", i > 0 ? ", " : "", st[i]);
		rules_error_at(p, mark, "'%s' is not a stage of the lifecycle "
		    "(%s)", name, all.p);
		sbuf_free(&all);
		return -1;
	}
	return add(d, p, &dc, "status", name);
}

static int
parse_disqualify(definition *d, rules_parser *p)
{
	decision dc = { 0 };
	size_t mark = rules_mark(p);
	const char *name;

	if (rules_name(p, &name) != 0)
		return -1;
	if ((dc.category = lifecycle_category_find(d->lc, name)) == NULL)
		return rules_error_at(p, mark, "'%s' is not a category of "
		    "disqualification (%s)", name,
		    lifecycle_category_names(d->lc));
	dc.status = dc.category->status;
	return add(d, p, &dc, "disqualify", name);
}

/* statement: the definition's own statements (lead-rules(5)). */
static int
statement(void *ctx, rules_parser *p)
{
	definition *d = ctx;

	if (rules_word(p, "criterion"))
		return parse_criterion(d, p);
	if (rules_word(p, "status"))
		return parse_status(d, p);
	if (rules_word(p, "disqualify"))
		return parse_disqualify(d, p);
	return rules_expected(p, "a statement (criterion, status, disqualify,"
	    " define, include)");
}

definition *
definition_load(const char *path, const lifecycle *lc, sbuf *err)
{
	definition *d = xcalloc(1, sizeof *d);

	d->lc = lc;
	d->review = lifecycle_role_stage(lc, LIFECYCLE_ROLE_REVIEW);
	if (d->review == NULL) {
		sbuf_addf(err, "%s: the lifecycle has no stage of the role "
		    "review", path);
		definition_free(d);
		return NULL;
	}
	sbuf rule = SBUF_INIT;
	sbuf_addf(&rule, "%s: no status or disqualify statement applies",
	    d->review);
	d->review_rule = xstrdup(sbuf_str(&rule));
	sbuf_free(&rule);
	if ((d->ru = rules_load(path, statement, d, err)) == NULL) {
		definition_free(d);
		return NULL;
	}
	d->names = xreallocarray(NULL, d->ncrit + 1, sizeof *d->names);
	for (size_t i = 0; i < d->ncrit; i++)
		d->names[i] = d->crit[i].name;
	return d;
}

void
definition_free(definition *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->ndec; i++)
		free(d->dec[i].rule);
	free(d->dec);
	free(d->review_rule);
	free(d->crit);
	free(d->names);
	rules_free(d->ru);
	free(d);
}

const char *const *
definition_criteria(const definition *d, size_t *n)
{
	*n = d->ncrit;
	return d->names;
}

definition_ctx *
definition_ctx_new(const definition *d, time_t as_of)
{
	definition_ctx *c = xcalloc(1, sizeof *c);

	c->d = d;
	c->ev = rules_eval_new(d->ru, as_of);
	return c;
}

void
definition_ctx_free(definition_ctx *c)
{
	if (c == NULL)
		return;
	rules_eval_free(c->ev);
	free(c);
}

void
definition_decide(definition_ctx *c, rec *r, definition_result *res,
    bool *met)
{
	const definition *d = c->d;

	rules_eval_start(c->ev, r);
	for (size_t i = 0; i < d->ncrit; i++)
		met[i] = rules_match(c->ev, d->crit[i].cond);
	memset(res, 0, sizeof *res);
	res->status = d->review;
	res->rule = d->review_rule;
	res->fallback = true;
	for (size_t i = 0; i < d->ndec; i++) {
		const decision *dc = &d->dec[i];
		if (!rules_match(c->ev, dc->cond))
			continue;
		res->status = dc->status;
		res->category = dc->category;
		res->because = dc->because;
		res->recycle = dc->recycle;
		res->rule = dc->rule;
		res->fallback = false;
		break;
	}
}
