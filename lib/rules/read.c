/* read.c - the readers a program's statement parser calls: keywords,
 * names, numbers, durations, reasons, and the text of a statement */
#include "rules/rules.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "rules/compiled.h"
#include "rules/lex.h"

bool
rules_word(rules_parser *p, const char *kw)
{
	if (p->failed || !rules_is_kw(p, kw))
		return false;
	return rules_next(p) == 0;
}

bool
rules_peek(rules_parser *p, const char *kw)
{
	return !p->failed && rules_is_kw(p, kw);
}

int
rules_expect(rules_parser *p, const char *kw)
{
	char what[32];

	if (rules_word(p, kw))
		return 0;
	snprintf(what, sizeof what, "'%s'", kw);
	return rules_lex_expected(p, what);
}

bool
rules_op(rules_parser *p, const char *op)
{
	if (p->failed || !rules_is_op(p, op))
		return false;
	return rules_next(p) == 0;
}

int
rules_expected(rules_parser *p, const char *what)
{
	return p->failed ? -1 : rules_lex_expected(p, what);
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
	    (p->tok.k == TK_WORD && !rules_is_keyword(p->val.p))))
		return rules_lex_expected(p, "a name");
	*name = rules_keep(p->ru, p->val.p, p->val.n);
	return rules_next(p);
}

int
rules_number(rules_parser *p, double *v)
{
	if (p->failed)
		return -1;
	if (p->tok.k != TK_NUM)
		return rules_lex_expected(p, "a number");
	*v = p->tok.num;
	return rules_next(p);
}

int
rules_duration(rules_parser *p, double *secs)
{
	if (p->failed)
		return -1;
	if (p->tok.k != TK_DUR)
		return rules_lex_expected(p, "a duration (30d, 12h, 2w, 6mo, 1y)");
	*secs = p->tok.num;
	return rules_next(p);
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
	return rules_keep(p->ru, p->tmp.p, p->tmp.n);
}

const char *
rules_here(rules_parser *p)
{
	return p->here;
}
