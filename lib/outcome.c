/* outcome.c - what sales did with a lead, from share/leadkit/outcomes.tsv */
#include "outcome.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmem.h"

#define REASON_PREFIX "reason:"

struct outcome_table {
	outcome *v;
	size_t n;
	sbuf names;
};

/* The label column: what --export writes as outcome_label. */
static const struct {
	const char *word;
	int label;
} labels[] = {
	{ "1", 1 }, { "0", 0 }, { "-", -1 },
};

static const struct {
	const char *word;
	outcome_move move;
} moves[] = {
	{ "advance", OUTCOME_ADVANCE }, { "set", OUTCOME_SET },
};

/* fold: the canonical form of an outcome's name in out: trimmed, ASCII
 * lower case, ' ' and '_' as '-'.  "No_Response " -> "no-response". */
static void
fold(sbuf *out, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	sbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (c == ' ' || c == '_')
			c = '-';
		sbuf_addc(out, c);
	}
}

/* bad: the message "path:line: what" in err; returns -1. */
static int
bad(sbuf *err, const char *path, unsigned long line, const char *fmt,
    const char *arg)
{
	sbuf_reset(err);
	sbuf_addf(err, "%s:%lu: ", path, line);
	sbuf_addf(err, fmt, arg);
	return -1;
}

/* parse_line: one line of the table, its fields cut at tabs into f[]. */
static int
parse_line(outcome_table *t, const lifecycle *lc, char **f, size_t nf,
    const char *path, unsigned long line, sbuf *err)
{
	outcome o = { 0 };
	sbuf name = SBUF_INIT;
	const char *st = f[1];
	size_t i;

	if (nf != 5 || *f[0] == '\0')
		return bad(err, path, line, "expected \"outcome<TAB>stage<TAB>"
		    "advance|set<TAB>1|0|-<TAB>meaning\"%s", "");
	fold(&name, f[0], strlen(f[0]));
	if (strcmp(name.p, f[0]) != 0) {
		sbuf_free(&name);
		return bad(err, path, line, "outcome '%s' is not in lower case "
		    "with '-' between words", f[0]);
	}
	sbuf_free(&name);
	if (outcome_find(t, f[0], strlen(f[0])) != NULL)
		return bad(err, path, line, "outcome %s is there twice", f[0]);
	if (strncmp(st, REASON_PREFIX, strlen(REASON_PREFIX)) == 0) {
		o.by_reason = true;
		st += strlen(REASON_PREFIX);
	}
	if ((o.stage = lifecycle_stage(lc, st, strlen(st))) == NULL)
		return bad(err, path, line, "'%s' is not a stage of the "
		    "lifecycle", st);
	for (i = 0; i < sizeof moves / sizeof *moves; i++)
		if (strcmp(f[2], moves[i].word) == 0)
			break;
	if (i == sizeof moves / sizeof *moves)
		return bad(err, path, line, "'%s' is not advance or set", f[2]);
	o.move = moves[i].move;
	for (i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(f[3], labels[i].word) == 0)
			break;
	if (i == sizeof labels / sizeof *labels)
		return bad(err, path, line, "label '%s' is not 1, 0 or -",
		    f[3]);
	o.label = labels[i].label;
	o.name = xstrdup(f[0]);
	o.meaning = xstrdup(f[4]);
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	t->v[t->n++] = o;
	if (t->names.n > 0)
		sbuf_adds(&t->names, ", ");
	sbuf_adds(&t->names, o.name);
	return 0;
}

outcome_table *
outcome_load(const char *path, const lifecycle *lc, sbuf *err)
{
	outcome_table *t = xcalloc(1, sizeof *t);
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = 0;

	if (fp == NULL) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		outcome_free(t);
		return NULL;
	}
	while (rc == 0 && (len = getline(&line, &cap, fp)) != -1) {
		char *f[6], *p = line;
		size_t nf = 0;
		lineno++;
		while (len > 0 &&
		    (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		while (nf < sizeof f / sizeof *f) {
			f[nf++] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		rc = parse_line(t, lc, f, nf, path, lineno, err);
	}
	free(line);
	fclose(fp);
	if (rc == 0 && t->n == 0) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: no outcomes", path);
		rc = -1;
	}
	if (rc != 0) {
		outcome_free(t);
		return NULL;
	}
	return t;
}

void
outcome_free(outcome_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free((char *)t->v[i].name);
		free((char *)t->v[i].meaning);
	}
	free(t->v);
	sbuf_free(&t->names);
	free(t);
}

const outcome *
outcome_find(const outcome_table *t, const char *s, size_t n)
{
	sbuf key = SBUF_INIT;
	const outcome *found = NULL;

	fold(&key, s, n);
	for (size_t i = 0; i < t->n && found == NULL; i++)
		if (strcmp(t->v[i].name, sbuf_str(&key)) == 0)
			found = &t->v[i];
	sbuf_free(&key);
	return found;
}

const char *
outcome_names(const outcome_table *t)
{
	return sbuf_str(&t->names);
}

const char *
outcome_stage(const outcome *o, const lifecycle_category *reason)
{
	return o->by_reason && reason != NULL ? reason->status : o->stage;
}
