/* cond.c - conditions: operands, tests, and, or, not, "N of", compiled
 * into rules_cond nodes (compiled.h) */
#include "rules/rules.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/compiled.h"
#include "rules/lex.h"
#include "base/fold.h"
#include "base/xmem.h"

static rules_cond *parse_or(rules_parser *p);

static const char *
fold(rules_parser *p, const char *s, size_t n, size_t *len)
{
	sbuf_reset(&p->tmp);
	fold_case(&p->tmp, s, n);
	*len = p->tmp.n;
	return rules_keep(p->ru, p->tmp.p, p->tmp.n);
}

/* value: a literal into o; false if the token is not one. */
static bool
value(rules_parser *p, rules_operand *o)
{
	switch (p->tok.k) {
	case TK_NUM:
		o->kind = RO_NUM;
		o->num = p->tok.num;
		break;
	case TK_STR:
		o->kind = RO_STR;
		o->str = fold(p, p->val.p, p->val.n, &o->len);
		break;
	case TK_DATE:
		o->kind = RO_DATE;
		o->t = p->tok.t;
		break;
	case TK_WORD:
		if (!rules_is_kw(p, "true") && !rules_is_kw(p, "false"))
			return false;
		o->kind = RO_BOOL;
		o->num = rules_is_kw(p, "true");
		break;
	default:
		return false;
	}
	return rules_next(p) == 0;
}

/* is_count: the token is count( -- a field may still be called count. */
static bool
is_count(const rules_parser *p)
{
	size_t i = p->f->pos;

	if (!rules_is_kw(p, "count"))
		return false;
	while (i < p->f->n && (p->f->text[i] == ' ' || p->f->text[i] == '\t'))
		i++;
	return i < p->f->n && p->f->text[i] == '(';
}

static int
operand(rules_parser *p, rules_operand *o)
{
	memset(o, 0, sizeof *o);
	if (p->failed)
		return -1;
	if (p->tok.k == TK_QNAME) {
		o->kind = RO_FIELD;
		o->slot = rules_slot(p->ru, p->val.p, p->val.n);
		return rules_next(p);
	}
	if (p->tok.k == TK_WORD && strncmp(p->val.p, "event.", 6) == 0 &&
	    p->val.n > 6) {
		o->kind = RO_EVENT_KEY;
		o->key = rules_keep(p->ru, p->val.p + 6, p->val.n - 6);
		return rules_next(p);
	}
	if (rules_is_kw(p, "event")) {
		o->kind = RO_EVENT;
		return rules_next(p);
	}
	if (is_count(p)) {
		if (rules_next(p) != 0 || rules_take_op(p, "(") != 0)
			return -1;
		size_t mark = rules_mark(p);
		o->kind = RO_COUNT;
		if ((o->count = parse_or(p)) == NULL)
			return -1;
		if (!o->count->events)
			return rules_error_at(p, mark, "count() needs a test "
			    "on events (event = \"download\")");
		return rules_take_op(p, ")");
	}
	if (p->tok.k == TK_WORD && !rules_is_keyword(p->val.p)) {
		o->kind = RO_FIELD;
		o->slot = rules_slot(p->ru, p->val.p, p->val.n);
		return rules_next(p);
	}
	if (value(p, o))
		return 0;
	return p->failed ? -1 : rules_lex_expected(p, "a field or a value");
}

static bool
is_literal(const rules_operand *o)
{
	return o->kind == RO_NUM || o->kind == RO_STR || o->kind == RO_DATE ||
	    o->kind == RO_BOOL;
}

static bool
is_eventish(const rules_operand *o)
{
	return o->kind == RO_EVENT || o->kind == RO_EVENT_KEY;
}

/* The comparison operators, and each one's mirror (a < b is b > a). */
static const struct {
	const char *op;
	rules_test test, mirror;
} cmps[] = {
	{ "=", RT_EQ, RT_EQ }, { "!=", RT_NE, RT_NE }, { "<", RT_LT, RT_GT },
	{ "<=", RT_LE, RT_GE }, { ">", RT_GT, RT_LT }, { ">=", RT_GE, RT_LE },
	{ NULL, 0, 0 }
};

static int
list_literal(rules_parser *p, rules_cond *c)
{
	if (rules_take_op(p, "[") != 0)
		return -1;
	for (;;) {
		rules_operand o = { 0 };
		if (!value(p, &o))
			return p->failed ? -1 : rules_lex_expected(p, "a value");
		c->list = xreallocarray(c->list, c->nlist + 1, sizeof *c->list);
		c->list[c->nlist++] = o;
		if (rules_is_op(p, "]"))
			return rules_next(p);
		if (rules_take_op(p, ",") != 0)
			return -1;
	}
}

/* resolve: path relative to the current file's directory, else in the
 * share directory, into p->tmp. */
static int
list_file(rules_parser *p, rules_cond *c)
{
	const char *path = rules_resolve(p, p->val.p);
	void *v;

	if (rules_confine(p, "list", path) != 0)
		return -1;

	if (!strmap_get(p->ru->lists, path, strlen(path), &v)) {
		strset *set = strset_new();
		if (strset_load(set, path, fold_case) != 0) {
			int e = errno;
			strset_free(set);
			return rules_error(p, "list %s: %s", p->val.p,
			    strerror(e));
		}
		strmap_put(p->ru->lists, path, strlen(path), set);
		p->ru->sets = xreallocarray(p->ru->sets, p->ru->nsets + 1,
		    sizeof *p->ru->sets);
		p->ru->sets[p->ru->nsets++] = set;
		v = set;
	}
	c->set = v;
	return rules_next(p);
}

static int
regex(rules_parser *p, rules_cond *c, bool caseless)
{
	int code;
	PCRE2_SIZE off;

	if (p->tok.k != TK_STR)
		return rules_lex_expected(p, "a regular expression in quotes");
	c->re = pcre2_compile((PCRE2_SPTR)p->val.p, p->val.n, PCRE2_UTF |
	    PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0), &code, &off, NULL);
	if (c->re == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		return rules_error(p, "bad regular expression: %s (at "
		    "character %zu)", (const char *)msg, (size_t)off + 1);
	}
	c->jit = pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE) == 0;
	return rules_next(p);
}

static int
string_arg(rules_parser *p, rules_operand *o)
{
	if (p->tok.k != TK_STR)
		return rules_lex_expected(p, "a string in quotes");
	return value(p, o) ? 0 : -1;
}

/* test: what follows the left operand c->l. */
static int
test(rules_parser *p, rules_cond *c)
{
	const rules_operand *l = &c->l;

	for (size_t i = 0; cmps[i].op != NULL; i++) {
		if (!rules_is_op(p, cmps[i].op))
			continue;
		c->test = cmps[i].test;
		if (rules_next(p) != 0 || operand(p, &c->r) != 0)
			return -1;
		if (is_literal(&c->l) && is_literal(&c->r))
			return rules_error(p, "a test needs a field on one "
			    "side");
		if (is_literal(&c->l)) {	/* 50 <= employees */
			rules_operand t = c->l;
			c->l = c->r;
			c->r = t;
			c->test = cmps[i].mirror;
		}
		if (c->r.kind == RO_BOOL && c->test != RT_EQ &&
		    c->test != RT_NE)
			return rules_error(p, "true and false compare only "
			    "with = and !=");
		return 0;
	}
	if (is_literal(l))
		return rules_lex_expected(p, "a field before the test");
	if (rules_word(p, "not")) {
		if (rules_expect(p, "in") != 0)
			return -1;
		c->test = RT_NOT_IN;
	} else if (rules_word(p, "in")) {
		c->test = RT_IN;
	} else if (rules_word(p, "contains")) {
		c->test = RT_CONTAINS;
		return string_arg(p, &c->r);
	} else if (rules_is_kw(p, "starts") || rules_is_kw(p, "ends")) {
		c->test = rules_is_kw(p, "starts") ? RT_STARTS : RT_ENDS;
		if (rules_next(p) != 0 || rules_expect(p, "with") != 0)
			return -1;
		return string_arg(p, &c->r);
	} else if (rules_is_op(p, "~") || rules_is_op(p, "~*")) {
		bool ci = rules_is_op(p, "~*");
		c->test = RT_MATCH;
		return rules_next(p) == 0 ? regex(p, c, ci) : -1;
	} else if (rules_word(p, "exists")) {
		c->test = RT_EXISTS;
		return 0;
	} else if (rules_word(p, "missing")) {
		c->test = RT_MISSING;
		return 0;
	} else if (rules_is_kw(p, "absent")) {
		/* only a record knows which fields it has */
		if (l->kind != RO_FIELD)
			return rules_error(p, "absent tests a field of the "
			    "lead");
		c->test = RT_ABSENT;
		return rules_next(p);
	} else if (rules_word(p, "within")) {
		c->test = RT_WITHIN;
		return rules_duration(p, &c->within);
	} else {
		return p->failed ? -1 : rules_lex_expected(p, "a test (= != < <= > >= "
		    "in contains starts ends ~ ~* exists missing absent "
		    "within)");
	}
	if (p->failed)
		return -1;
	if (p->tok.k == TK_LIST) {
		c->test = c->test == RT_IN ? RT_IN_SET : RT_NOT_IN_SET;
		return list_file(p, c);
	}
	return list_literal(p, c);
}

/* starts_test: the token can follow a field in a test. */
static bool
starts_test(const rules_parser *p)
{
	static const char *const words[] = {
		"absent", "contains", "ends", "exists", "in", "missing", "not",
		"starts", "within", NULL
	};

	if (p->tok.k == TK_OP)
		return rules_is_op(p, "=") || rules_is_op(p, "!=") || rules_is_op(p, "<") ||
		    rules_is_op(p, "<=") || rules_is_op(p, ">") || rules_is_op(p, ">=") ||
		    rules_is_op(p, "~") || rules_is_op(p, "~*");
	for (size_t i = 0; words[i] != NULL; i++)
		if (rules_is_kw(p, words[i]))
			return true;
	return false;
}

/* test_or_define: a test on a field, or a definition's name. */
static rules_cond *
test_or_define(rules_parser *p)
{
	rules *ru = p->ru;
	size_t mark = rules_mark(p);
	rules_cond *c = rules_node(ru, RC_TEST);

	if (p->tok.k == TK_WORD && !rules_is_keyword(p->val.p) && !is_count(p) &&
	    strncmp(p->val.p, "event.", 6) != 0) {
		void *v;
		bool def = strmap_get(ru->defines, p->val.p, p->val.n, &v);
		const char *name = rules_keep(ru, p->val.p, p->val.n);
		if (rules_next(p) != 0)
			return NULL;
		/* a name alone stands for a definition */
		if (!starts_test(p)) {
			if (!def) {
				rules_error_at(p, mark, "unknown definition "
				    "'%s' (define it above this line; a field "
				    "needs a test: %s = value, %s exists)",
				    name, name, name);
				return NULL;
			}
			return ((named_cond *)v)->c;
		}
		c->l.kind = RO_FIELD;
		c->l.slot = rules_slot(ru, name, strlen(name));
	} else if (operand(p, &c->l) != 0) {
		return NULL;
	}
	if (test(p, c) != 0)
		return NULL;
	c->events = is_eventish(&c->l) || is_eventish(&c->r);
	if (c->test == RT_WITHIN) {
		if (is_literal(&c->l) || c->l.kind == RO_COUNT) {
			rules_error_at(p, mark, "'within' needs a date field "
			    "or event");
			return NULL;
		}
		c->windowed = c->l.kind == RO_EVENT;
	}
	if (rules_word(p, "within")) {
		if (!c->events) {
			rules_error(p, "'within' after a test needs a test on "
			    "events; to test a date, write: field within 30d");
			return NULL;
		}
		if (rules_duration(p, &c->within) != 0)
			return NULL;
		c->windowed = true;
	}
	return c;
}

/* is_of: the token is a number and "of" follows it. */
static bool
is_of(const rules_parser *p)
{
	size_t i = p->f->pos;

	if (p->tok.k != TK_NUM)
		return false;
	while (i < p->f->n && (p->f->text[i] == ' ' || p->f->text[i] == '\t'))
		i++;
	return rules_is_word_at(p->f, i, "of");
}

/* parse_of: N of (COND, COND...): at least N of them hold. */
static rules_cond *
parse_of(rules_parser *p)
{
	size_t mark = rules_mark(p);
	double n = p->tok.num;
	rules_cond *c = rules_node(p->ru, RC_OF);

	if (rules_next(p) != 0 || rules_expect(p, "of") != 0 ||
	    rules_take_op(p, "(") != 0)
		return NULL;
	do {
		rules_cond *k = parse_or(p);
		if (k == NULL)
			return NULL;
		c->kids = xreallocarray(c->kids, c->nkids + 1,
		    sizeof *c->kids);
		c->kids[c->nkids++] = k;
		c->events |= k->events;
	} while (rules_is_op(p, ",") && rules_next(p) == 0);
	if (rules_take_op(p, ")") != 0)
		return NULL;
	if (n != floor(n) || n < 1 || n > (double)c->nkids) {
		rules_error_at(p, mark, "'%g of' needs a whole number from 1 to "
		    "%zu, the number of conditions", n, c->nkids);
		return NULL;
	}
	c->least = (size_t)n;
	return c;
}

static rules_cond *
parse_unary(rules_parser *p)
{
	if (p->failed)
		return NULL;
	if (is_of(p))
		return parse_of(p);
	if (rules_word(p, "not")) {
		rules_cond *a = parse_unary(p);
		if (a == NULL)
			return NULL;
		rules_cond *c = rules_node(p->ru, RC_NOT);
		c->a = a;
		c->events = a->events;
		return c;
	}
	if (rules_is_op(p, "(")) {
		if (rules_next(p) != 0)
			return NULL;
		rules_cond *c = parse_or(p);
		if (c == NULL || rules_take_op(p, ")") != 0)
			return NULL;
		return c;
	}
	if (rules_at_end(p)) {
		rules_lex_expected(p, "a condition");
		return NULL;
	}
	return test_or_define(p);
}

static rules_cond *
binary(rules_parser *p, rules_cop op, const char *kw,
    rules_cond *(*sub)(rules_parser *))
{
	rules_cond *a = sub(p);

	while (a != NULL && rules_word(p, kw)) {
		rules_cond *b = sub(p);
		if (b == NULL)
			return NULL;
		rules_cond *c = rules_node(p->ru, op);
		c->a = a;
		c->b = b;
		c->events = a->events || b->events;
		a = c;
	}
	return p->failed ? NULL : a;
}

static rules_cond *
parse_and(rules_parser *p)
{
	return binary(p, RC_AND, "and", parse_unary);
}

static rules_cond *
parse_or(rules_parser *p)
{
	return binary(p, RC_OR, "or", parse_and);
}

rules_cond *
rules_parse_cond(rules_parser *p)
{
	return parse_or(p);
}

bool
rules_cond_events(const rules_cond *c)
{
	return c->events;
}
