/* outcome.c - what sales did with a lead, from share/leadkit/outcomes.tsv */
#include "lead/outcome.h"

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/lines.h"
#include "base/xmem.h"

#define REASON_PREFIX "reason:"

/* A CRM's value: what it means (a value line, or a reason line). */
typedef struct crm_value {
	char *key;		/* the value, fold_alnum'ed */
	size_t outcome;		/* value: the index of its outcome */
	const char *reason;	/* its category (the lifecycle's), or NULL */
} crm_value;

struct outcome_table {
	outcome *v;
	size_t n;
	sbuf names;
	crm_value *values, *reasons;
	size_t nvalues, nreasons;
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

/* The table being read, and the lifecycle its stages must be of. */
struct load {
	outcome_table *t;
	const lifecycle *lc;
};

/* crm_line: a line "value<TAB>CRM VALUE<TAB>outcome[ reason]" or
 * "reason<TAB>CRM VALUE<TAB>category|-" (the outcomes it names must come
 * before it). */
static int
crm_line(struct load *ld, char **f, sbuf *msg)
{
	outcome_table *t = ld->t;
	bool value = strcmp(f[0], "value") == 0;
	crm_value cv = { NULL, 0, NULL };
	char *cat = NULL, *sp;
	sbuf key = SBUF_INIT;

	fold_alnum(&key, f[1], strlen(f[1]));
	if (key.n == 0) {
		sbuf_free(&key);
		return lines_fail(msg, "%s '%s' has no letter or digit", f[0],
		    f[1]);
	}
	if (value) {
		const outcome *o;
		if ((sp = strchr(f[2], ' ')) != NULL) {
			*sp = '\0';
			cat = sp + 1;
		}
		if ((o = outcome_find(t, f[2], strlen(f[2]))) == NULL) {
			sbuf_free(&key);
			return lines_fail(msg, "'%s' is not an outcome of a line "
			    "above", f[2]);
		}
		cv.outcome = (size_t)(o - t->v);
	} else if (strcmp(f[2], "-") != 0) {
		cat = f[2];
	}
	if (cat != NULL) {
		const lifecycle_category *c = lifecycle_category_find(ld->lc,
		    cat);
		if (c == NULL) {
			sbuf_free(&key);
			return lines_fail(msg, "'%s' is not a category of the "
			    "disqualification table", cat);
		}
		cv.reason = c->name;
	}
	crm_value **v = value ? &t->values : &t->reasons;
	size_t *n = value ? &t->nvalues : &t->nreasons;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key.p) == 0) {
			sbuf_free(&key);
			return lines_fail(msg, "%s '%s' is there twice", f[0],
			    f[1]);
		}
	cv.key = key.p;		/* taken */
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = cv;
	return 0;
}

/* parse_line: lines_read callback for one line of the table. */
static int
parse_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	struct load *ld = ctx;
	outcome_table *t = ld->t;
	outcome o = { 0 };
	sbuf name = SBUF_INIT;
	char *f[6], *p = line;
	size_t nf = 0, i;

	(void)n;
	while (nf < sizeof f / sizeof *f) {
		f[nf++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	const char *st = f[1];
	if (nf == 3 && (strcmp(f[0], "value") == 0 ||
	    strcmp(f[0], "reason") == 0))
		return crm_line(ld, f, msg);
	if (nf != 5 || *f[0] == '\0')
		return lines_fail(msg, "expected \"outcome<TAB>stage<TAB>advance|set"
		    "<TAB>1|0|-<TAB>meaning\"%s", "");
	fold(&name, f[0], strlen(f[0]));
	if (strcmp(name.p, f[0]) != 0) {
		sbuf_free(&name);
		return lines_fail(msg, "outcome '%s' is not in lower case with '-' "
		    "between words", f[0]);
	}
	sbuf_free(&name);
	if (outcome_find(t, f[0], strlen(f[0])) != NULL)
		return lines_fail(msg, "outcome %s is there twice", f[0]);
	if (strncmp(st, REASON_PREFIX, strlen(REASON_PREFIX)) == 0) {
		o.by_reason = true;
		st += strlen(REASON_PREFIX);
	}
	/* "-": an outcome that records nothing (o.stage stays NULL) */
	if ((o.by_reason || strcmp(st, "-") != 0) &&
	    (o.stage = lifecycle_stage(ld->lc, st, strlen(st))) == NULL)
		return lines_fail(msg, "'%s' is not a stage of the lifecycle", st);
	for (i = 0; i < sizeof moves / sizeof *moves; i++)
		if (strcmp(f[2], moves[i].word) == 0)
			break;
	if (i == sizeof moves / sizeof *moves)
		return lines_fail(msg, "'%s' is not advance or set", f[2]);
	o.move = moves[i].move;
	for (i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(f[3], labels[i].word) == 0)
			break;
	if (i == sizeof labels / sizeof *labels)
		return lines_fail(msg, "label '%s' is not 1, 0 or -", f[3]);
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
	struct load ld = { t, lc };
	int rc = lines_read(path, 0, parse_line, &ld, err);

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
	for (size_t i = 0; i < t->nvalues; i++)
		free(t->values[i].key);
	for (size_t i = 0; i < t->nreasons; i++)
		free(t->reasons[i].key);
	free(t->values);
	free(t->reasons);
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

/* crm_find: the entry of v[0..n) for the value s[0..n), or NULL. */
static const crm_value *
crm_find(const crm_value *v, size_t nv, const char *s, size_t n)
{
	sbuf key = SBUF_INIT;
	const crm_value *found = NULL;

	fold_alnum(&key, s, n);
	for (size_t i = 0; i < nv && found == NULL && key.n > 0; i++)
		if (strcmp(v[i].key, key.p) == 0)
			found = &v[i];
	sbuf_free(&key);
	return found;
}

const outcome *
outcome_value(const outcome_table *t, const char *s, size_t n,
    const char **reason)
{
	const outcome *o = outcome_find(t, s, n);
	const crm_value *cv;

	*reason = NULL;
	if (o != NULL)
		return o;
	if ((cv = crm_find(t->values, t->nvalues, s, n)) == NULL)
		return NULL;
	*reason = cv->reason;
	return &t->v[cv->outcome];
}

int
outcome_reason(const outcome_table *t, const char *s, size_t n,
    const char **category)
{
	const crm_value *cv = crm_find(t->reasons, t->nreasons, s, n);

	*category = cv != NULL ? cv->reason : NULL;
	return cv != NULL;
}

const char *
outcome_names(const outcome_table *t)
{
	return sbuf_str(&t->names);
}

const char *
outcome_stage(const outcome *o, const lifecycle_category *reason)
{
	if (o->stage == NULL)
		return NULL;
	return o->by_reason && reason != NULL ? reason->status : o->stage;
}
