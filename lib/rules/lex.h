/* lex.h - the tokens of a rules file, for the modules that read one
 * (load.c, read.c, cond.c): the parser's state and its one token of
 * lookahead; errors at a token stop the load (the first one is kept)
 */
#ifndef LK_RULES_LEX_H
#define LK_RULES_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "rules/rules.h"
#include "base/sbuf.h"

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

/* rules_lex: read the next token of the file into p->tok (its text into
 * p->val).  0, or -1 after an error.  rules_next: the same, unless an
 * error came first (-1). */
int rules_lex(rules_parser *p);
int rules_next(rules_parser *p);
/* rules_is_op, rules_is_kw: the current token is the operator op, the
 * keyword kw.  rules_is_keyword: w is a word conditions reserve. */
bool rules_is_op(const rules_parser *p, const char *op);
bool rules_is_kw(const rules_parser *p, const char *kw);
bool rules_is_keyword(const char *w);
/* rules_is_word_at: the word w starts at f->text[i] (and ends there). */
bool rules_is_word_at(const lexfile *f, size_t i, const char *w);
/* rules_take_op: take the operator op, or fail: "expected 'op'". */
int rules_take_op(rules_parser *p, const char *op);
/* rules_lex_expected: fail with "expected what, found <the token>";
 * returns -1. */
int rules_lex_expected(rules_parser *p, const char *what);
/* rules_resolve: the file name names, relative to the file being read
 * (else in the share directory when only there), in p->tmp: valid until
 * p->tmp is used again. */
const char *rules_resolve(rules_parser *p, const char *name);
/* rules_confine: a file a rules file names (what: "include", "list") is
 * read only if it is, symbolic links followed, below the folder of the
 * first file read (the one the command line named; the current directory
 * for rules given as text) or the share directory: "../../etc/passwd" and
 * an absolute path elsewhere are refused.  0, or -1 after rules_error().
 * A file that does not exist passes: reading it says so. */
int rules_confine(rules_parser *p, const char *what, const char *path);

#endif
