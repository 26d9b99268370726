/* load.c - reading a rules file: statements, includes, definitions; the
 * rules as a whole, loaded and freed (tokens: lex.c; conditions: cond.c;
 * the readers a program's statements use: read.c) */
#include "rules/rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/cli.h"
#include "rules/compiled.h"
#include "rules/lex.h"
#include "base/xmem.h"

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
	named_cond *d = rules_keep_mem(p->ru, sizeof *d);
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

	if (p->tok.k != TK_WORD || rules_is_keyword(p->val.p))
		return rules_lex_expected(p, "a name to define");
	if (strmap_get(p->ru->defines, p->val.p, p->val.n, &v))
		return rules_error(p, "'%s' is already defined at %s",
		    p->val.p, ((named_cond *)v)->where);
	size_t mark = rules_mark(p);
	if (rules_name(p, &name) != 0 || rules_take_op(p, "=") != 0)
		return -1;
	rules_cond *c = rules_parse_cond(p);
	return c != NULL ? rules_define(p, mark, name, c) : -1;
}

/* below: real (a real path) is dir or below it. */
static bool
below(const char *real, const char *dir)
{
	size_t n = dir != NULL ? strlen(dir) : 0;

	if (n == 0 || strncmp(real, dir, n) != 0)
		return false;
	return real[n] == '\0' || real[n] == '/' || dir[n - 1] == '/';
}

/* real_dir: the real path of the folder of the file at path ("." when it
 * names none); NULL when there is none.  Freed by the caller. */
static char *
real_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ?
	    xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	char *real = realpath(dir, NULL);

	free(dir);
	return real;
}

int
rules_confine(rules_parser *p, const char *what, const char *path)
{
	char *real = realpath(path, NULL);
	const lexfile *top = p->f;
	sbuf share = SBUF_INIT;
	int rc = 0;

	if (real == NULL)	/* the loader says why it cannot be read */
		return 0;
	while (top->up != NULL)
		top = top->up;
	char *dir = real_dir(top->path);
	char *sdir = realpath(cli_share_path(&share, ""), NULL);
	if (!below(real, dir) && !below(real, sdir))
		rc = rules_error(p, "%s \"%s\": refused: %s is outside the "
		    "folder of %s (%s) and the share directory (%s)", what,
		    p->val.p, real, top->path, dir != NULL ? dir : "?",
		    sdir != NULL ? sdir : share.p);
	free(dir);
	free(sdir);
	free(real);
	sbuf_free(&share);
	return rc;
}

static int
include(rules_parser *p)
{
	if (p->tok.k != TK_STR)
		return rules_lex_expected(p, "a file name in quotes");
	const char *res = rules_resolve(p, p->val.p);
	const char *path = rules_keep(p->ru, res, strlen(res));
	if (rules_confine(p, "include", path) != 0)
		return -1;
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
	return rules_next(p);
}

static int
statement(rules_parser *p)
{
	sbuf_reset(&p->tmp);
	sbuf_addf(&p->tmp, "%s:%u", p->f->path, p->tok.line);
	p->here = rules_keep(p->ru, p->tmp.p, p->tmp.n);
	if (rules_word(p, "define"))
		return define(p);
	if (rules_word(p, "include"))
		return include(p);
	if (p->tok.k == TK_OP && rules_is_op(p, "|"))
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
	rc = rules_lex(p);
	while (rc == 0 && p->tok.k != TK_EOF) {
		if (p->tok.k == TK_END) {
			rc = rules_lex(p);
			continue;
		}
		if ((rc = statement(p)) != 0)
			break;
		if (!rules_at_end(p)) {
			rc = rules_lex_expected(p, "the end of the line");
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
	ru->events_slot = rules_slot(ru, "events", 6);
	ru->last_slot = rules_slot(ru, "last_activity_at", 16);
	path = rules_keep(ru, path, strlen(path));
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
	free(ru->slot_keys);
	strmap_free(ru->slots);
	strmap_free(ru->defines);
	strmap_free(ru->lists);
	free(ru);
}
