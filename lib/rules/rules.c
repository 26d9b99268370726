/* rules.c - reading a rules file: tokens, includes, definitions, conditions
 *
 * The file is read whole, then tokenized on demand with one token of
 * lookahead.  A statement ends at a line break, unless a ( or [ is open or
 * the next line (past blank and comment lines) starts with "and", "or" or
 * "|".  Errors stop the load at the first one, with file:line:col.
 */
#include "rules/rules_int.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/cli.h"
#include "value/date.h"
#include "base/fold.h"
#include "base/xmem.h"

typedef enum tkind {
	TK_END,		/* end of statement */
	TK_EOF,
	TK_NUM,		/* num; sign: written with + or - */
	TK_DUR,		/* num: seconds */
	TK_DATE,	/* t */
	TK_STR,		/* "text": val */
	TK_WORD,	/* a name or keyword: val */
	TK_QNAME,	/* `a name`: val */
	TK_LIST,	/* @file: val */
	TK_OP		/* = != < <= > >= ~ ~* ( ) [ ] , | */
} tkind;

typedef struct token {
	tkind k;
	size_t pos, end;	/* its text in the file */
	unsigned line, col;
	double num;
	time_t t;
	bool sign;
} token;

/* A file being read; up: the file that included it. */
typedef struct lexfile {
	const char *path;	/* kept in the rules */
	char *text;
	size_t n, pos;
	unsigned line;
	size_t bol;		/* where the current line begins */
	int depth;		/* ( and [ open */
	unsigned open_line, open_col;	/* where the outermost one is */
	struct lexfile *up;
} lexfile;

struct rules_parser {
	rules *ru;
	lexfile *f;
	token tok;
	size_t prev_end;	/* end of the token before tok */
	sbuf val;		/* tok's decoded text */
	sbuf err;
	bool failed;
	rules_stmt_fn fn;
	void *ctx;
	sbuf tmp;
	const char *here;	/* "file:line" of the statement */
};

typedef struct named_cond {
	rules_cond *c;
	const char *where;
} named_cond;

/* Words a condition reserves: a field of such a name is written in
 * backquotes.  (Statement words such as score are free as field names.) */
static const char *const keywords[] = {
	"absent", "and", "contains", "ends", "event", "exists", "false", "in",
	"missing", "not", "or", "starts", "true", "within", NULL
};

/* Units of durations, in seconds. */
static const struct {
	const char *unit;
	double secs;
} units[] = {
	{ "h", 3600 }, { "d", 86400 }, { "w", 7 * 86400 },
	{ "mo", 30 * 86400 }, { "y", 365 * 86400 }, { NULL, 0 }
};

/* ---- keeping things ---- */

/* keep_mem: n zeroed bytes that live as long as the rules. */
static void *
keep_mem(rules *ru, size_t n)
{
	char *c = xcalloc(1, n);

	ru->strs = xreallocarray(ru->strs, ru->nstrs + 1, sizeof *ru->strs);
	ru->strs[ru->nstrs++] = c;
	return c;
}

/* keep: a NUL-terminated copy of s[0..n) that lives as long as the rules. */
static const char *
keep(rules *ru, const char *s, size_t n)
{
	char *c = keep_mem(ru, n + 1);

	memcpy(c, s, n);
	return c;
}

static rules_cond *
node(rules *ru, rules_cop op)
{
	rules_cond *c = xcalloc(1, sizeof *c);

	c->op = op;
	c->all_next = ru->all;
	ru->all = c;
	return c;
}

static unsigned
slot(rules *ru, const char *name, size_t n)
{
	void *v;

	if (strmap_get(ru->slots, name, n, &v))
		return (unsigned)(size_t)v - 1;
	ru->slot_names = xreallocarray(ru->slot_names, ru->nslots + 1,
	    sizeof *ru->slot_names);
	ru->slot_names[ru->nslots] = (char *)keep(ru, name, n);
	strmap_put(ru->slots, name, n, (void *)(size_t)(ru->nslots + 1));
	return ru->nslots++;
}

/* ---- errors ---- */

static unsigned
column(const lexfile *f, size_t pos)
{
	unsigned col = 1;

	for (size_t i = f->bol; i < pos && i < f->n; i++)
		if (((unsigned char)f->text[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static int
verror(rules_parser *p, unsigned line, unsigned col, const char *fmt,
    va_list ap)
{
	if (p->failed)
		return -1;
	p->failed = true;
	sbuf_reset(&p->err);
	sbuf_addf(&p->err, "%s:%u:%u: ", p->f->path, line, col);
	sbuf_vaddf(&p->err, fmt, ap);
	return -1;
}

int
rules_error(rules_parser *p, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror(p, p->tok.line, p->tok.col, fmt, ap);
	va_end(ap);
	return rc;
}

static int
verror_at(rules_parser *p, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int
verror_at(rules_parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror(p, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/* lex_error: at pos of the current line (tokens not yet made). */
static int
lex_error(rules_parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
lex_error(rules_parser *p, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror(p, p->f->line, column(p->f, pos), fmt, ap);
	va_end(ap);
	return rc;
}

int
rules_error_at(rules_parser *p, size_t mark, const char *fmt, ...)
{
	lexfile *f = p->f;
	unsigned line = f->line;
	size_t bol = f->bol;
	va_list ap;
	int rc;

	/* walk back from the current line to the mark's */
	while (bol > mark) {
		bol--;
		while (bol > 0 && f->text[bol - 1] != '\n')
			bol--;
		line--;
	}
	size_t save = f->bol;
	f->bol = bol;
	unsigned col = column(f, mark);
	f->bol = save;
	va_start(ap, fmt);
	rc = verror(p, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/* describe: the current token, for "expected X, found Y". */
static const char *
describe(rules_parser *p)
{
	const token *t = &p->tok;

	sbuf_reset(&p->tmp);
	switch (t->k) {
	case TK_END:
		return "end of line";
	case TK_EOF:
		return "end of file";
	default:
		sbuf_addf(&p->tmp, "'%.*s'", (int)(t->end - t->pos > 40 ? 40 :
		    t->end - t->pos), p->f->text + t->pos);
		return p->tmp.p;
	}
}

static int
expected(rules_parser *p, const char *what)
{
	return rules_error(p, "expected %s, found %s", what, describe(p));
}

/* ---- tokens ---- */

static bool
word_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c >= 0x80;
}

static bool
is_word_at(const lexfile *f, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i + n <= f->n && memcmp(f->text + i, w, n) == 0 &&
	    (i + n == f->n || !word_byte((unsigned char)f->text[i + n]));
}

/* newline: f->text[f->pos] is '\n': take it. */
static void
newline(lexfile *f)
{
	f->pos++;
	f->line++;
	f->bol = f->pos;
}

/*
 * skip_space: past blanks and comments; a line break too when the
 * statement goes on (a bracket is open, or the next line that is not blank
 * or a comment starts with "and", "or" or "|").  Returns true at a line
 * break that ends the statement (not taken).
 */
static bool
skip_space(lexfile *f)
{
	for (;;) {
		while (f->pos < f->n && (f->text[f->pos] == ' ' ||
		    f->text[f->pos] == '\t' || f->text[f->pos] == '\r'))
			f->pos++;
		if (f->pos < f->n && f->text[f->pos] == '#')
			while (f->pos < f->n && f->text[f->pos] != '\n')
				f->pos++;
		if (f->pos >= f->n || f->text[f->pos] != '\n')
			return false;
		if (f->depth == 0) {
			/* look ahead for a continuation */
			size_t i = f->pos;
			for (;;) {
				while (i < f->n && isspace((unsigned char)
				    f->text[i]))
					i++;
				if (i < f->n && f->text[i] == '#') {
					while (i < f->n && f->text[i] != '\n')
						i++;
					continue;
				}
				break;
			}
			if (!(i < f->n && (f->text[i] == '|' ||
			    is_word_at(f, i, "and") || is_word_at(f, i, "or"))))
				return true;
		}
		newline(f);
	}
}

static int
lex_string(rules_parser *p, char close)
{
	lexfile *f = p->f;
	size_t start = f->pos++;

	sbuf_reset(&p->val);
	for (;;) {
		if (f->pos >= f->n || f->text[f->pos] == '\n')
			return lex_error(p, start, close == '"' ?
			    "unterminated string" : "unterminated `name`");
		char c = f->text[f->pos++];
		if (c == close)
			return 0;
		/* \" \\ \n \t are escapes; any other backslash stays, so
		 * that regular expressions read as usual: "\bvp\b" */
		if (c == '\\' && close == '"' && f->pos < f->n &&
		    strchr("\"\\nt", f->text[f->pos]) != NULL) {
			c = f->text[f->pos++];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		sbuf_addc(&p->val, c);
	}
}

static int
lex_number(rules_parser *p, token *t)
{
	lexfile *f = p->f;
	const char *s = f->text;
	size_t i = f->pos;

	/* a date: 2024-03-01, 2024-03-01T10:00:00Z */
	if (i + 10 <= f->n && isdigit((unsigned char)s[i]) && s[i + 4] == '-' &&
	    isdigit((unsigned char)s[i + 5]) && s[i + 7] == '-') {
		size_t e = i;
		while (e < f->n && (isalnum((unsigned char)s[e]) ||
		    strchr(":.+-", s[e]) != NULL))
			e++;
		if (date_parse(s + i, e - i, false, &t->t) == DATE_BAD)
			return lex_error(p, i, "bad date '%.*s' (write "
			    "2024-03-01 or 2024-03-01T14:30:00Z)", (int)(e - i),
			    s + i);
		t->k = TK_DATE;
		f->pos = e;
		return 0;
	}
	char *end;
	errno = 0;
	t->sign = s[i] == '+' || s[i] == '-';
	t->num = strtod(s + i, &end);
	size_t e = (size_t)(end - s);
	if (e == i || e > f->n || errno != 0 || !isfinite(t->num) ||
	    memchr(s + i, 'x', e - i) != NULL ||
	    memchr(s + i, 'X', e - i) != NULL)
		return lex_error(p, i, "bad number");
	t->k = TK_NUM;
	if (e < f->n && isalpha((unsigned char)s[e])) {	/* a duration */
		size_t u = e;
		while (u < f->n && isalpha((unsigned char)s[u]))
			u++;
		for (size_t k = 0; units[k].unit != NULL; k++)
			if (strlen(units[k].unit) == u - e &&
			    memcmp(units[k].unit, s + e, u - e) == 0) {
				t->k = TK_DUR;
				t->num *= units[k].secs;
			}
		if (t->k != TK_DUR || t->sign || t->num < 0)
			return lex_error(p, i, "bad duration '%.*s' (write a "
			    "number and h, d, w, mo or y: 30d)", (int)(u - i),
			    s + i);
		e = u;
	}
	f->pos = e;
	return 0;
}

/* lex: the next token into p->tok. */
static int
lex(rules_parser *p)
{
	lexfile *f = p->f;
	token *t = &p->tok;

	p->prev_end = t->end;
	if (skip_space(f)) {
		t->k = TK_END;
		t->pos = t->end = f->pos;
		t->line = f->line;
		t->col = column(f, f->pos);
		newline(f);
		return 0;
	}
	t->pos = f->pos;
	t->line = f->line;
	t->col = column(f, f->pos);
	t->sign = false;
	if (f->pos >= f->n) {
		t->k = f->depth > 0 ? TK_END : TK_EOF;
		t->end = f->pos;
		if (f->depth > 0)
			return verror_at(p, f->open_line, f->open_col,
			    "this ( or [ is not closed");
		return 0;
	}
	const char *s = f->text + f->pos;
	unsigned char c = (unsigned char)*s;
	size_t left = f->n - f->pos;
	int rc = 0;

	if (c == '"') {
		t->k = TK_STR;
		rc = lex_string(p, '"');
	} else if (c == '`') {
		t->k = TK_QNAME;
		rc = lex_string(p, '`');
	} else if (c == '@') {
		t->k = TK_LIST;
		f->pos++;
		if (f->pos < f->n && f->text[f->pos] == '"') {
			rc = lex_string(p, '"');
		} else {
			size_t e = f->pos;
			while (e < f->n && !isspace((unsigned char)f->text[e]) &&
			    strchr("()[],#", f->text[e]) == NULL)
				e++;
			if (e == f->pos)
				return lex_error(p, t->pos, "expected a file "
				    "name after '@'");
			sbuf_reset(&p->val);
			sbuf_add(&p->val, f->text + f->pos, e - f->pos);
			f->pos = e;
		}
	} else if (isdigit(c) || ((c == '+' || c == '-') && left > 1 &&
	    (isdigit((unsigned char)s[1]) || s[1] == '.'))) {
		rc = lex_number(p, t);
	} else if (isalpha(c) || c == '_' || c >= 0x80) {
		size_t e = f->pos;
		while (e < f->n && word_byte((unsigned char)f->text[e]))
			e++;
		t->k = TK_WORD;
		sbuf_reset(&p->val);
		sbuf_add(&p->val, f->text + f->pos, e - f->pos);
		f->pos = e;
	} else {
		static const char *const ops[] = {
			"!=", "<=", ">=", "~*", "=", "<", ">", "~", "(", ")",
			"[", "]", ",", "|", NULL
		};
		size_t k;
		for (k = 0; ops[k] != NULL; k++)
			if (strncmp(s, ops[k], strlen(ops[k])) == 0)
				break;
		if (ops[k] == NULL)
			return lex_error(p, f->pos, "unexpected '%.*s'",
			    c < 0x80 ? 1 : 4, s);
		t->k = TK_OP;
		f->pos += strlen(ops[k]);
		if ((c == '(' || c == '[') && f->depth++ == 0) {
			f->open_line = t->line;
			f->open_col = t->col;
		}
		else if ((c == ')' || c == ']') && f->depth > 0)
			f->depth--;
	}
	t->end = f->pos;
	return rc;
}

static bool
is_op(const rules_parser *p, const char *op)
{
	const token *t = &p->tok;

	return t->k == TK_OP && t->end - t->pos == strlen(op) &&
	    memcmp(p->f->text + t->pos, op, t->end - t->pos) == 0;
}

static bool
is_kw(const rules_parser *p, const char *kw)
{
	return p->tok.k == TK_WORD && strcmp(p->val.p, kw) == 0;
}

static bool
is_keyword(const char *w)
{
	for (size_t i = 0; keywords[i] != NULL; i++)
		if (strcmp(keywords[i], w) == 0)
			return true;
	return false;
}

/* next: take the current token. */
static int
next(rules_parser *p)
{
	return p->failed ? -1 : lex(p);
}

static int
take_op(rules_parser *p, const char *op)
{
	if (!is_op(p, op)) {
		char what[8];
		snprintf(what, sizeof what, "'%s'", op);
		return expected(p, what);
	}
	return next(p);
}

/* ---- the statement parser's readers ---- */

bool
rules_word(rules_parser *p, const char *kw)
{
	if (p->failed || !is_kw(p, kw))
		return false;
	return next(p) == 0;
}

bool
rules_peek(rules_parser *p, const char *kw)
{
	return !p->failed && is_kw(p, kw);
}

int
rules_expect(rules_parser *p, const char *kw)
{
	char what[32];

	if (rules_word(p, kw))
		return 0;
	snprintf(what, sizeof what, "'%s'", kw);
	return expected(p, what);
}

bool
rules_op(rules_parser *p, const char *op)
{
	if (p->failed || !is_op(p, op))
		return false;
	return next(p) == 0;
}

int
rules_expected(rules_parser *p, const char *what)
{
	return p->failed ? -1 : expected(p, what);
}

bool
rules_at_end(rules_parser *p)
{
	return p->tok.k == TK_END || p->tok.k == TK_EOF;
}

bool
rules_is_points(rules_parser *p)
{
	return p->tok.k == TK_NUM && p->tok.sign;
}

int
rules_name(rules_parser *p, const char **name)
{
	if (p->failed)
		return -1;
	if (!(p->tok.k == TK_STR || p->tok.k == TK_QNAME ||
	    (p->tok.k == TK_WORD && !is_keyword(p->val.p))))
		return expected(p, "a name");
	*name = keep(p->ru, p->val.p, p->val.n);
	return next(p);
}

int
rules_number(rules_parser *p, double *v)
{
	if (p->failed)
		return -1;
	if (p->tok.k != TK_NUM)
		return expected(p, "a number");
	*v = p->tok.num;
	return next(p);
}

int
rules_duration(rules_parser *p, double *secs)
{
	if (p->failed)
		return -1;
	if (p->tok.k != TK_DUR)
		return expected(p, "a duration (30d, 12h, 2w, 6mo, 1y)");
	*secs = p->tok.num;
	return next(p);
}

int
rules_because(rules_parser *p, const char **because)
{
	if (!rules_word(p, "because"))
		return 0;
	if (rules_name(p, because) != 0)
		return -1;
	if ((*because)[0] == '\0')
		return rules_error(p, "an empty reason after 'because'");
	return 0;
}

size_t
rules_mark(rules_parser *p)
{
	return p->tok.pos;
}

const char *
rules_text(rules_parser *p, size_t mark)
{
	const char *s = p->f->text;
	size_t end = p->prev_end > mark ? p->prev_end : mark;
	bool space = false;

	sbuf_reset(&p->tmp);
	for (size_t i = mark; i < end; i++) {
		char c = s[i];
		if (c == '#') {
			while (i + 1 < end && s[i + 1] != '\n')
				i++;
			continue;
		}
		if (isspace((unsigned char)c)) {
			space = true;
			continue;
		}
		if (space && p->tmp.n > 0)
			sbuf_addc(&p->tmp, ' ');
		space = false;
		if (c == '"' || c == '`') {	/* copy a string as it is */
			size_t j = i + 1;
			while (j < end && s[j] != c)
				j += s[j] == '\\' && c == '"' ? 2 : 1;
			if (j >= end)
				j = end - 1;
			sbuf_add(&p->tmp, s + i, j - i + 1);
			i = j;
			continue;
		}
		sbuf_addc(&p->tmp, c);
	}
	return keep(p->ru, p->tmp.p, p->tmp.n);
}

const char *
rules_here(rules_parser *p)
{
	return p->here;
}

/* ---- conditions ---- */

static rules_cond *parse_or(rules_parser *p);

static const char *
fold(rules_parser *p, const char *s, size_t n, size_t *len)
{
	sbuf_reset(&p->tmp);
	fold_case(&p->tmp, s, n);
	*len = p->tmp.n;
	return keep(p->ru, p->tmp.p, p->tmp.n);
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
		if (!is_kw(p, "true") && !is_kw(p, "false"))
			return false;
		o->kind = RO_BOOL;
		o->num = is_kw(p, "true");
		break;
	default:
		return false;
	}
	return next(p) == 0;
}

/* is_count: the token is count( -- a field may still be called count. */
static bool
is_count(const rules_parser *p)
{
	size_t i = p->f->pos;

	if (!is_kw(p, "count"))
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
		o->slot = slot(p->ru, p->val.p, p->val.n);
		return next(p);
	}
	if (p->tok.k == TK_WORD && strncmp(p->val.p, "event.", 6) == 0 &&
	    p->val.n > 6) {
		o->kind = RO_EVENT_KEY;
		o->key = keep(p->ru, p->val.p + 6, p->val.n - 6);
		return next(p);
	}
	if (is_kw(p, "event")) {
		o->kind = RO_EVENT;
		return next(p);
	}
	if (is_count(p)) {
		if (next(p) != 0 || take_op(p, "(") != 0)
			return -1;
		size_t mark = rules_mark(p);
		o->kind = RO_COUNT;
		if ((o->count = parse_or(p)) == NULL)
			return -1;
		if (!o->count->events)
			return rules_error_at(p, mark, "count() needs a test "
			    "on events (event = \"download\")");
		return take_op(p, ")");
	}
	if (p->tok.k == TK_WORD && !is_keyword(p->val.p)) {
		o->kind = RO_FIELD;
		o->slot = slot(p->ru, p->val.p, p->val.n);
		return next(p);
	}
	if (value(p, o))
		return 0;
	return p->failed ? -1 : expected(p, "a field or a value");
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
	if (take_op(p, "[") != 0)
		return -1;
	for (;;) {
		rules_operand o = { 0 };
		if (!value(p, &o))
			return p->failed ? -1 : expected(p, "a value");
		c->list = xreallocarray(c->list, c->nlist + 1, sizeof *c->list);
		c->list[c->nlist++] = o;
		if (is_op(p, "]"))
			return next(p);
		if (take_op(p, ",") != 0)
			return -1;
	}
}

/* resolve: path relative to the current file's directory, else in the
 * share directory, into p->tmp. */
static const char *
resolve(rules_parser *p, const char *name)
{
	const char *slash = strrchr(p->f->path, '/');

	sbuf_reset(&p->tmp);
	if (name[0] != '/' && slash != NULL)
		sbuf_add(&p->tmp, p->f->path, (size_t)(slash - p->f->path + 1));
	sbuf_adds(&p->tmp, name);
	if (name[0] != '/' && access(p->tmp.p, F_OK) != 0) {
		sbuf share = SBUF_INIT;
		if (access(cli_share_path(&share, name), F_OK) == 0) {
			sbuf_reset(&p->tmp);
			sbuf_adds(&p->tmp, share.p);
		}
		sbuf_free(&share);
	}
	return p->tmp.p;
}

static int
list_file(rules_parser *p, rules_cond *c)
{
	const char *path = resolve(p, p->val.p);
	void *v;

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
	return next(p);
}

static int
regex(rules_parser *p, rules_cond *c, bool caseless)
{
	int code;
	PCRE2_SIZE off;

	if (p->tok.k != TK_STR)
		return expected(p, "a regular expression in quotes");
	c->re = pcre2_compile((PCRE2_SPTR)p->val.p, p->val.n, PCRE2_UTF |
	    PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0), &code, &off, NULL);
	if (c->re == NULL) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		return rules_error(p, "bad regular expression: %s (at "
		    "character %zu)", (const char *)msg, (size_t)off + 1);
	}
	pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE);
	return next(p);
}

static int
string_arg(rules_parser *p, rules_operand *o)
{
	if (p->tok.k != TK_STR)
		return expected(p, "a string in quotes");
	return value(p, o) ? 0 : -1;
}

/* test: what follows the left operand c->l. */
static int
test(rules_parser *p, rules_cond *c)
{
	const rules_operand *l = &c->l;

	for (size_t i = 0; cmps[i].op != NULL; i++) {
		if (!is_op(p, cmps[i].op))
			continue;
		c->test = cmps[i].test;
		if (next(p) != 0 || operand(p, &c->r) != 0)
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
		return expected(p, "a field before the test");
	if (rules_word(p, "not")) {
		if (rules_expect(p, "in") != 0)
			return -1;
		c->test = RT_NOT_IN;
	} else if (rules_word(p, "in")) {
		c->test = RT_IN;
	} else if (rules_word(p, "contains")) {
		c->test = RT_CONTAINS;
		return string_arg(p, &c->r);
	} else if (is_kw(p, "starts") || is_kw(p, "ends")) {
		c->test = is_kw(p, "starts") ? RT_STARTS : RT_ENDS;
		if (next(p) != 0 || rules_expect(p, "with") != 0)
			return -1;
		return string_arg(p, &c->r);
	} else if (is_op(p, "~") || is_op(p, "~*")) {
		bool ci = is_op(p, "~*");
		c->test = RT_MATCH;
		return next(p) == 0 ? regex(p, c, ci) : -1;
	} else if (rules_word(p, "exists")) {
		c->test = RT_EXISTS;
		return 0;
	} else if (rules_word(p, "missing")) {
		c->test = RT_MISSING;
		return 0;
	} else if (is_kw(p, "absent")) {
		/* only a record knows which fields it has */
		if (l->kind != RO_FIELD)
			return rules_error(p, "absent tests a field of the "
			    "lead");
		c->test = RT_ABSENT;
		return next(p);
	} else if (rules_word(p, "within")) {
		c->test = RT_WITHIN;
		return rules_duration(p, &c->within);
	} else {
		return p->failed ? -1 : expected(p, "a test (= != < <= > >= "
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
		return is_op(p, "=") || is_op(p, "!=") || is_op(p, "<") ||
		    is_op(p, "<=") || is_op(p, ">") || is_op(p, ">=") ||
		    is_op(p, "~") || is_op(p, "~*");
	for (size_t i = 0; words[i] != NULL; i++)
		if (is_kw(p, words[i]))
			return true;
	return false;
}

/* test_or_define: a test on a field, or a definition's name. */
static rules_cond *
test_or_define(rules_parser *p)
{
	rules *ru = p->ru;
	size_t mark = rules_mark(p);
	rules_cond *c = node(ru, RC_TEST);

	if (p->tok.k == TK_WORD && !is_keyword(p->val.p) && !is_count(p) &&
	    strncmp(p->val.p, "event.", 6) != 0) {
		void *v;
		bool def = strmap_get(ru->defines, p->val.p, p->val.n, &v);
		const char *name = keep(ru, p->val.p, p->val.n);
		if (next(p) != 0)
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
		c->l.slot = slot(ru, name, strlen(name));
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
	return is_word_at(p->f, i, "of");
}

/* parse_of: N of (COND, COND...): at least N of them hold. */
static rules_cond *
parse_of(rules_parser *p)
{
	size_t mark = rules_mark(p);
	double n = p->tok.num;
	rules_cond *c = node(p->ru, RC_OF);

	if (next(p) != 0 || rules_expect(p, "of") != 0 || take_op(p, "(") != 0)
		return NULL;
	do {
		rules_cond *k = parse_or(p);
		if (k == NULL)
			return NULL;
		c->kids = xreallocarray(c->kids, c->nkids + 1,
		    sizeof *c->kids);
		c->kids[c->nkids++] = k;
		c->events |= k->events;
	} while (is_op(p, ",") && next(p) == 0);
	if (take_op(p, ")") != 0)
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
		rules_cond *c = node(p->ru, RC_NOT);
		c->a = a;
		c->events = a->events;
		return c;
	}
	if (is_op(p, "(")) {
		if (next(p) != 0)
			return NULL;
		rules_cond *c = parse_or(p);
		if (c == NULL || take_op(p, ")") != 0)
			return NULL;
		return c;
	}
	if (rules_at_end(p)) {
		expected(p, "a condition");
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
		rules_cond *c = node(p->ru, op);
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

/* ---- files and statements ---- */

static int load_file(rules_parser *p, const char *path);
static int load_text(rules_parser *p, lexfile *f);

int
rules_define(rules_parser *p, size_t mark, const char *name, rules_cond *c)
{
	void *v;

	if (strmap_get(p->ru->defines, name, strlen(name), &v))
		return rules_error_at(p, mark, "'%s' is already defined at %s",
		    name, ((named_cond *)v)->where);
	if (!c->events && c->memo == 0)	/* a record tests it once */
		c->memo = ++p->ru->nmemo;
	named_cond *d = keep_mem(p->ru, sizeof *d);
	d->c = c;
	d->where = p->here;
	strmap_put(p->ru->defines, name, strlen(name), d);
	return 0;
}

static int
define(rules_parser *p)
{
	const char *name;
	void *v;

	if (p->tok.k != TK_WORD || is_keyword(p->val.p))
		return expected(p, "a name to define");
	if (strmap_get(p->ru->defines, p->val.p, p->val.n, &v))
		return rules_error(p, "'%s' is already defined at %s",
		    p->val.p, ((named_cond *)v)->where);
	size_t mark = rules_mark(p);
	if (rules_name(p, &name) != 0 || take_op(p, "=") != 0)
		return -1;
	rules_cond *c = rules_parse_cond(p);
	return c != NULL ? rules_define(p, mark, name, c) : -1;
}

static int
include(rules_parser *p)
{
	if (p->tok.k != TK_STR)
		return expected(p, "a file name in quotes");
	const char *res = resolve(p, p->val.p);
	const char *path = keep(p->ru, res, strlen(res));
	char *real = realpath(path, NULL);

	for (lexfile *f = p->f; f != NULL && real != NULL; f = f->up) {
		char *r2 = realpath(f->path, NULL);
		bool same = r2 != NULL && strcmp(real, r2) == 0;
		free(r2);
		if (!same)
			continue;
		/* the chain from the first file in it: a -> b -> a */
		sbuf chain = SBUF_INIT;
		size_t n = 0;
		for (lexfile *g = p->f; g != f; g = g->up)
			n++;
		for (size_t k = n + 1; k-- > 0; ) {
			lexfile *g = p->f;
			for (size_t j = 0; j < k; j++)
				g = g->up;
			sbuf_adds(&chain, g->path);
			sbuf_adds(&chain, " -> ");
		}
		sbuf_adds(&chain, path);
		free(real);
		rules_error(p, "include cycle: %s", chain.p);
		sbuf_free(&chain);
		return -1;
	}
	free(real);
	token save = p->tok;
	if (load_file(p, path) != 0)
		return -1;
	p->tok = save;
	return next(p);
}

static int
statement(rules_parser *p)
{
	sbuf_reset(&p->tmp);
	sbuf_addf(&p->tmp, "%s:%u", p->f->path, p->tok.line);
	p->here = keep(p->ru, p->tmp.p, p->tmp.n);
	if (rules_word(p, "define"))
		return define(p);
	if (rules_word(p, "include"))
		return include(p);
	if (p->tok.k == TK_OP && is_op(p, "|"))
		return rules_error(p, "a line starting with '|' continues a "
		    "statement, and there is none before it");
	return p->fn(p->ctx, p);
}

static int
load_file(rules_parser *p, const char *path)
{
	lexfile f = { .path = path, .line = 1, .up = p->f };
	FILE *fp = fopen(path, "r");
	struct stat st;

	if (fp != NULL && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		fp = NULL;
		errno = EISDIR;
	}
	if (fp == NULL) {
		if (p->f == NULL) {
			sbuf_addf(&p->err, "%s: %s", path, strerror(errno));
			p->failed = true;
			return -1;
		}
		return rules_error(p, "cannot read %s: %s", path,
		    strerror(errno));
	}
	sbuf text = { 0 };
	char buf[8192];
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
		sbuf_add(&text, buf, got);
	fclose(fp);
	f.text = text.p != NULL ? text.p : xstrdup("");
	f.n = text.n;
	return load_text(p, &f);
}

/* load_text: the statements of f, whose text (allocated) it frees. */
static int
load_text(rules_parser *p, lexfile *f_)
{
	lexfile f = *f_;
	int rc;

	if (f.n >= 3 && memcmp(f.text, "\xEF\xBB\xBF", 3) == 0)
		f.pos = f.bol = 3;
	lexfile *outer = p->f;
	p->f = &f;
	p->tok.end = f.pos;
	rc = lex(p);
	while (rc == 0 && p->tok.k != TK_EOF) {
		if (p->tok.k == TK_END) {
			rc = lex(p);
			continue;
		}
		if ((rc = statement(p)) != 0)
			break;
		if (!rules_at_end(p)) {
			rc = expected(p, "the end of the line");
			break;
		}
	}
	p->f = outer;
	free(f.text);
	return rc != 0 || p->failed ? -1 : 0;
}

/* load: the rules of the file at path, or (text not NULL) of text[0..n)
 * named path in messages. */
static rules *
load(const char *path, const char *text, size_t n, rules_stmt_fn fn,
    void *ctx, sbuf *err)
{
	rules *ru = xcalloc(1, sizeof *ru);
	rules_parser p = { .ru = ru, .fn = fn, .ctx = ctx };
	int rc;

	ru->slots = strmap_new();
	ru->defines = strmap_new();
	ru->lists = strmap_new();
	ru->events_slot = slot(ru, "events", 6);
	ru->last_slot = slot(ru, "last_activity_at", 16);
	path = keep(ru, path, strlen(path));
	if (text != NULL) {
		lexfile f = { .path = path, .line = 1,
		    .text = xstrndup(text, n), .n = n };
		rc = load_text(&p, &f);
	} else {
		rc = load_file(&p, path);
	}
	if (rc != 0) {
		sbuf_reset(err);
		sbuf_adds(err, p.err.p);
		rules_free(ru);
		ru = NULL;
	}
	sbuf_free(&p.val);
	sbuf_free(&p.err);
	sbuf_free(&p.tmp);
	return ru;
}

rules *
rules_load(const char *path, rules_stmt_fn fn, void *ctx, sbuf *err)
{
	return load(path, NULL, 0, fn, ctx, err);
}

rules *
rules_load_text(const char *name, const char *text, size_t n,
    rules_stmt_fn fn, void *ctx, sbuf *err)
{
	return load(name, text, n, fn, ctx, err);
}

const char *
rules_path(sbuf *buf, const char *name, const char *dir)
{
	sbuf_reset(buf);
	/* the name as given, then with the extension the shipped files
	 * have */
	static const char *const ext[] = { "", ".rules" };

	for (size_t i = 0; strchr(name, '/') == NULL &&
	    access(name, F_OK) != 0 && i < sizeof ext / sizeof *ext; i++) {
		sbuf rel = SBUF_INIT;
		sbuf_addf(&rel, "%s/%s%s", dir, name, ext[i]);
		cli_share_path(buf, rel.p);
		sbuf_free(&rel);
		if (access(buf->p, F_OK) == 0)
			return buf->p;
		sbuf_reset(buf);
	}
	sbuf_adds(buf, name);
	return buf->p;
}

void
rules_free(rules *ru)
{
	if (ru == NULL)
		return;
	for (rules_cond *c = ru->all, *n; c != NULL; c = n) {
		n = c->all_next;
		free(c->list);
		free(c->kids);
		if (c->re != NULL)
			pcre2_code_free(c->re);
		free(c);
	}
	for (size_t i = 0; i < ru->nsets; i++)
		strset_free(ru->sets[i]);
	free(ru->sets);
	for (size_t i = 0; i < ru->nstrs; i++)
		free(ru->strs[i]);
	free(ru->strs);
	free(ru->slot_names);
	strmap_free(ru->slots);
	strmap_free(ru->defines);
	strmap_free(ru->lists);
	free(ru);
}
