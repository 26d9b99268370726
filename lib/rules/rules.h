/* rules.h - the rule language: conditions on a lead, compiled once a run
 *
 * A rules file is read by rules_load() into a compiled form that any number
 * of threads then test records against, each with its own rules_eval.  The
 * language (lead-rules(5)) has statements every program shares (include,
 * define) and the program's own (lead-score's score, segment, grade...):
 * the loader handles the first and hands each other statement to the
 * program's parser, which reads it with the rules_parser calls below and
 * keeps what it compiles.  Conditions are compiled by rules_parse_cond():
 *
 *	+20 title ~* "\b(ceo|cto)\b" and employees >= 50
 *	    `------------ one rules_cond -------------'
 *
 * Memory: everything compiled (conditions, names, texts, lists) belongs
 * to the rules and is freed by rules_free().
 */
#ifndef LK_RULES_H
#define LK_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "io/rec.h"
#include "base/sbuf.h"

typedef struct rules rules;
typedef struct rules_cond rules_cond;
typedef struct rules_parser rules_parser;
typedef struct rules_eval rules_eval;

/* rules_stmt_fn: parse one statement (the parser is at its first word);
 * returns 0, or -1 after rules_error().  The loader checks that the whole
 * statement was read. */
typedef int (*rules_stmt_fn)(void *ctx, rules_parser *p);

/*
 * rules_load: read and compile the rules file at path, with its includes
 * and lists.  Returns the rules, or NULL with the first error in err as
 * "file:line:col: what was expected" (or "file: strerror").
 */
rules *rules_load(const char *path, rules_stmt_fn fn, void *ctx, sbuf *err);
/* rules_load_text: the same for the text s[0..n) (a condition given on
 * the command line), named name in messages ("--where:1:7: ...").  An
 * include in it is read relative to the working directory. */
rules *rules_load_text(const char *name, const char *s, size_t n,
    rules_stmt_fn fn, void *ctx, sbuf *err);
void rules_free(rules *ru);
/* rules_path: the file a -r name names: name itself if it exists or has a
 * '/', else share/leadkit/<dir>/name or <dir>/name.rules if one exists
 * ("-r bant"), else name (the load then reports it).  Written into buf; returns its text. */
const char *rules_path(sbuf *buf, const char *name, const char *dir);

/* ---- for statement parsers ---- */

/* rules_word: if the next token is the keyword kw, take it: true. */
bool rules_word(rules_parser *p, const char *kw);
/* rules_peek: the next token is the keyword kw (it is not taken). */
bool rules_peek(rules_parser *p, const char *kw);
/* rules_expect: take the keyword kw, or fail with "expected 'kw'". */
int rules_expect(rules_parser *p, const char *kw);
/* rules_op: if the next token is the operator op ("|"), take it: true. */
bool rules_op(rules_parser *p, const char *op);
/* rules_expected: fail with "expected what, found <the next token>". */
int rules_expected(rules_parser *p, const char *what);
/* rules_at_end: the statement has no more tokens. */
bool rules_at_end(rules_parser *p);
/* rules_is_points: the next token is a signed number: "+20", "-10". */
bool rules_is_points(rules_parser *p);
/* Readers of one token each: 0, or -1 after an error naming what was
 * expected.  Strings stay valid as long as the rules. */
int rules_name(rules_parser *p, const char **name);	/* a word or "text" */
int rules_number(rules_parser *p, double *v);		/* 50, +20, -2.5 */
int rules_duration(rules_parser *p, double *secs);	/* 30d */
/* rules_because: an optional "because \"reason\"" clause: when the next
 * token is because, take it and the non-empty reason after it into
 * *because; otherwise leave *because as it was.  0, or -1 after an
 * error. */
int rules_because(rules_parser *p, const char **because);
/* rules_parse_cond: a condition, or NULL after an error. */
rules_cond *rules_parse_cond(rules_parser *p);

/* rules_mark, rules_text: the source text from a mark to the current
 * token, white space runs (line breaks too) made one space, comments
 * dropped: what a reason shows. */
size_t rules_mark(rules_parser *p);
const char *rules_text(rules_parser *p, size_t mark);
/* rules_here: "file:line" of the current statement (kept). */
const char *rules_here(rules_parser *p);
/* rules_error: "file:line:col: " at the current token, then the message;
 * returns -1.  rules_error_at: at a mark. */
int rules_error(rules_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int rules_error_at(rules_parser *p, size_t mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* rules_define: name stands for c from here on, as after "define name =
 * c" (a program's named conditions: lead-qualify's criteria).  Returns 0,
 * or -1 after an error at mark (where the name was) when name is taken. */
int rules_define(rules_parser *p, size_t mark, const char *name,
    rules_cond *c);

/* rules_cond_events: c tests events (outside count()). */
bool rules_cond_events(const rules_cond *c);

/* ---- testing records ---- */

/* An event of the lead being tested (see lead-rules(5), Events). */
typedef struct rules_event {
	const char *type;	/* NUL-terminated */
	const char *obj;	/* the JSON object, or NULL (a CSV count) */
	size_t objlen;
	time_t at;
	bool dated;		/* at is known */
	double mult;		/* events it stands for: 1, or a CSV count */
} rules_event;

/* rules_eval_new: state for testing records against ru, at as_of (events
 * after it are ignored).  One per thread. */
rules_eval *rules_eval_new(const rules *ru, time_t as_of);
void rules_eval_free(rules_eval *ev);
/* rules_eval_start: the next record to test; r must stay valid and keep
 * its fields until the next start or refresh. */
void rules_eval_start(rules_eval *ev, rec *r);
/* rules_eval_refresh: r gained or changed the fields names[0..n), and
 * no other (nor its events): they are read again, and conditions are
 * tested again; a definition that reads none of them (nor another
 * definition that does) keeps its result. */
void rules_eval_refresh(rules_eval *ev, const char *const *names, size_t n);
/* rules_match: c holds for the record.  A condition on events holds when
 * it holds for some event, or with no event at all. */
bool rules_match(rules_eval *ev, const rules_cond *c);
/* rules_events: the record's events up to as-of; *n gets their number. */
const rules_event *rules_events(rules_eval *ev, size_t *n);
/* rules_match_event: c holds for event i. */
bool rules_match_event(rules_eval *ev, const rules_cond *c, size_t i);
/* rules_as_of: the time ev tests at. */
time_t rules_as_of(const rules_eval *ev);

#endif
