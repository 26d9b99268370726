/* lex.c - the tokens of a rules file, and errors at them
 *
 * The file is read whole, then tokenized on demand with one token of
 * lookahead.  A statement ends at a line break, unless a ( or [ is open or
 * the next line (past blank and comment lines) starts with "and", "or" or
 * "|".  Errors stop the load at the first one, with file:line:col.
 */
#include "rules/lex.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/cli.h"
#include "rules/compiled.h"
#include "value/date.h"

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

int
rules_lex_expected(rules_parser *p, const char *what)
{
	return rules_error(p, "expected %s, found %s", what, describe(p));
}

/* ---- tokens ---- */

static bool
word_byte(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c >= 0x80;
}

bool
rules_is_word_at(const lexfile *f, size_t i, const char *w)
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
			    rules_is_word_at(f, i, "and") || rules_is_word_at(f, i, "or"))))
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
int
rules_lex(rules_parser *p)
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
		if (rc == 0 && p->val.n == 0)
			return lex_error(p, t->pos, "an empty field name ``");
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

bool
rules_is_op(const rules_parser *p, const char *op)
{
	const token *t = &p->tok;

	return t->k == TK_OP && t->end - t->pos == strlen(op) &&
	    memcmp(p->f->text + t->pos, op, t->end - t->pos) == 0;
}

bool
rules_is_kw(const rules_parser *p, const char *kw)
{
	return p->tok.k == TK_WORD && strcmp(p->val.p, kw) == 0;
}

bool
rules_is_keyword(const char *w)
{
	for (size_t i = 0; keywords[i] != NULL; i++)
		if (strcmp(keywords[i], w) == 0)
			return true;
	return false;
}

/* next: take the current token. */
int
rules_next(rules_parser *p)
{
	return p->failed ? -1 : rules_lex(p);
}

int
rules_take_op(rules_parser *p, const char *op)
{
	if (!rules_is_op(p, op)) {
		char what[8];
		snprintf(what, sizeof what, "'%s'", op);
		return rules_lex_expected(p, what);
	}
	return rules_next(p);
}

const char *
rules_resolve(rules_parser *p, const char *name)
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
