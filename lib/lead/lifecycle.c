/* lifecycle.c - lead stages, moves and disqualification categories */
#include "lead/lifecycle.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/lines.h"
#include "base/xmem.h"

typedef struct move {
	const char *from, *to;	/* NULL: any stage */
	lifecycle_move kind;
} move;

/* A reached line: a lead in stage has reached to (NULL: no stage). */
typedef struct reach {
	const char *stage, *to;
} reach;

/* The roles: their words, and whether more than one stage may have one. */
static const struct {
	const char *word;
	bool many;
} roles[LIFECYCLE_NROLES] = {
	[LIFECYCLE_ROLE_LEAD] = { "lead", false },
	[LIFECYCLE_ROLE_MQL] = { "mql", false },
	[LIFECYCLE_ROLE_WON] = { "won", false },
	[LIFECYCLE_ROLE_WORKING] = { "working", true },
	[LIFECYCLE_ROLE_NURTURE] = { "nurture", false },
	[LIFECYCLE_ROLE_REVIEW] = { "review", false },
};

struct lifecycle {
	char **stages;
	size_t nstages;
	const char **role[LIFECYCLE_NROLES];	/* the stages of each role */
	size_t nrole[LIFECYCLE_NROLES];
	reach *reached;
	size_t nreached;
	move *moves;
	size_t nmoves;
	lifecycle_category *cats;
	size_t ncats;
	sbuf catnames;
};

/* A table being read: what takes its lines, and where a line's message
 * goes. */
typedef struct table {
	lifecycle *lc;
	int (*fn)(lifecycle *, struct table *, char **, size_t);
	sbuf *msg;
} table;

/* split: cut line at tabs into at most max fields; returns how many. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

/* each_line: lines_read callback: the line's tab-separated fields (up to
 * 4) to t->fn. */
static int
each_line(void *ctx, char *line, size_t n, sbuf *msg)
{
	table *t = ctx;
	char *f[4];

	(void)n;
	t->msg = msg;
	return t->fn(t->lc, t, f, split(line, f, 4));
}

const char *
lifecycle_stage(const lifecycle *lc, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < lc->nstages; i++)
		if (strlen(lc->stages[i]) == n &&
		    strncasecmp(lc->stages[i], s, n) == 0)
			return lc->stages[i];
	return NULL;
}

const char *const *
lifecycle_stages(const lifecycle *lc, size_t *n)
{
	*n = lc->nstages;
	return (const char *const *)lc->stages;
}

/* stage_or_any: "*" is NULL; else a known stage. */
static int
stage_or_any(lifecycle *lc, table *t, const char *name, const char **out)
{
	if (strcmp(name, "*") == 0) {
		*out = NULL;
		return 0;
	}
	if ((*out = lifecycle_stage(lc, name, strlen(name))) == NULL)
		return lines_fail(t->msg, "'%s' is not a stage (stage lines come first)",
		    name);
	return 0;
}

/* reached_line: "reached STAGE TO|-". */
static int
reached_line(lifecycle *lc, table *t, char **f)
{
	reach r;

	if ((r.stage = lifecycle_stage(lc, f[1], strlen(f[1]))) == NULL)
		return lines_fail(t->msg, "'%s' is not a stage (stage lines "
		    "come first)", f[1]);
	if (strcmp(f[2], "-") == 0)
		r.to = NULL;
	else if ((r.to = lifecycle_stage(lc, f[2], strlen(f[2]))) == NULL)
		return lines_fail(t->msg, "'%s' is not a stage or -", f[2]);
	for (size_t i = 0; i < lc->nreached; i++)
		if (lc->reached[i].stage == r.stage)
			return lines_fail(t->msg, "reached %s is there twice",
			    f[1]);
	lc->reached = xreallocarray(lc->reached, lc->nreached + 1,
	    sizeof *lc->reached);
	lc->reached[lc->nreached++] = r;
	return 0;
}

/* role_line: "role ROLE STAGE". */
static int
role_line(lifecycle *lc, table *t, char **f)
{
	const char *stage;
	size_t k;

	for (k = 0; k < LIFECYCLE_NROLES; k++)
		if (strcmp(f[1], roles[k].word) == 0)
			break;
	if (k == LIFECYCLE_NROLES)
		return lines_fail(t->msg, "'%s' is not a role (lead, mql, won, "
		    "working, nurture, review)", f[1]);
	if ((stage = lifecycle_stage(lc, f[2], strlen(f[2]))) == NULL)
		return lines_fail(t->msg, "'%s' is not a stage (stage lines "
		    "come first)", f[2]);
	if (!roles[k].many && lc->nrole[k] > 0)
		return lines_fail(t->msg, "role %s is there twice", f[1]);
	for (size_t i = 0; i < lc->nrole[k]; i++)
		if (lc->role[k][i] == stage)
			return lines_fail(t->msg, "role %s %s is there twice",
			    f[1], f[2]);
	lc->role[k] = xreallocarray(lc->role[k], lc->nrole[k] + 1,
	    sizeof *lc->role[k]);
	lc->role[k][lc->nrole[k]++] = stage;
	return 0;
}

static int
stage_line(lifecycle *lc, table *t, char **f, size_t n)
{
	static const struct {
		const char *word;
		lifecycle_move kind;
	} kinds[] = {
		{ "forward", LIFECYCLE_FORWARD }, { "back", LIFECYCLE_BACK },
	};

	if (strcmp(f[0], "stage") == 0 && n >= 2 && *f[1] != '\0') {
		if (lifecycle_stage(lc, f[1], strlen(f[1])) != NULL)
			return lines_fail(t->msg, "stage %s is there twice", f[1]);
		lc->stages = xreallocarray(lc->stages, lc->nstages + 1,
		    sizeof *lc->stages);
		lc->stages[lc->nstages++] = xstrdup(f[1]);
		return 0;
	}
	if (strcmp(f[0], "reached") == 0 && n == 3)
		return reached_line(lc, t, f);
	if (strcmp(f[0], "role") == 0 && n == 3)
		return role_line(lc, t, f);
	if (strcmp(f[0], "move") != 0 || n != 4)
		return lines_fail(t->msg, "expected \"stage<TAB>name<TAB>meaning\", "
		    "\"move<TAB>from<TAB>to<TAB>forward|back\", "
		    "\"reached<TAB>stage<TAB>stage|-\" or "
		    "\"role<TAB>role<TAB>stage\"%s", "");
	move m;
	if (stage_or_any(lc, t, f[1], &m.from) != 0 ||
	    stage_or_any(lc, t, f[2], &m.to) != 0)
		return -1;
	size_t k;
	for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
		if (strcmp(f[3], kinds[k].word) == 0)
			break;
	if (k == sizeof kinds / sizeof *kinds)
		return lines_fail(t->msg, "'%s' is not forward or back", f[3]);
	m.kind = kinds[k].kind;
	lc->moves = xreallocarray(lc->moves, lc->nmoves + 1,
	    sizeof *lc->moves);
	lc->moves[lc->nmoves++] = m;
	return 0;
}

static int
category_line(lifecycle *lc, table *t, char **f, size_t n)
{
	lifecycle_category c = { 0 };

	if (n != 4 || *f[0] == '\0')
		return lines_fail(t->msg, "expected \"category<TAB>status<TAB>consequence"
		    "<TAB>meaning\"%s", "");
	if (lifecycle_category_find(lc, f[0]) != NULL)
		return lines_fail(t->msg, "category %s is there twice", f[0]);
	if ((c.status = lifecycle_stage(lc, f[1], strlen(f[1]))) == NULL)
		return lines_fail(t->msg, "'%s' is not a stage of the lifecycle", f[1]);
	if (strcmp(f[2], "-") == 0) {
		c.effect = LIFECYCLE_NOTHING;
	} else if (strcmp(f[2], "recycle_after") == 0) {
		c.effect = LIFECYCLE_RECYCLE;
	} else if (strcmp(f[2], "suppress") == 0) {
		c.effect = LIFECYCLE_SUPPRESS;
	} else if (strncmp(f[2], "handoff=", 8) == 0 && f[2][8] != '\0') {
		c.effect = LIFECYCLE_HANDOFF;
		c.handoff = xstrdup(f[2] + 8);
	} else {
		return lines_fail(t->msg, "'%s' is not a consequence (-, recycle_after, "
		    "handoff=WHO, suppress)", f[2]);
	}
	c.name = xstrdup(f[0]);
	c.meaning = xstrdup(f[3]);
	lc->cats = xreallocarray(lc->cats, lc->ncats + 1, sizeof *lc->cats);
	lc->cats[lc->ncats++] = c;
	if (lc->catnames.n > 0)
		sbuf_adds(&lc->catnames, ", ");
	sbuf_adds(&lc->catnames, c.name);
	return 0;
}

lifecycle *
lifecycle_load(const char *stages, const char *categories, sbuf *err)
{
	lifecycle *lc = xcalloc(1, sizeof *lc);
	table st = { lc, stage_line, NULL }, cat = { lc, category_line, NULL };

	if (lines_read(stages, 0, each_line, &st, err) != 0 ||
	    lines_read(categories, 0, each_line, &cat, err) != 0) {
		lifecycle_free(lc);
		return NULL;
	}
	return lc;
}

void
lifecycle_free(lifecycle *lc)
{
	if (lc == NULL)
		return;
	for (size_t i = 0; i < lc->nstages; i++)
		free(lc->stages[i]);
	for (size_t i = 0; i < lc->ncats; i++) {
		free((char *)lc->cats[i].name);
		free((char *)lc->cats[i].handoff);
		free((char *)lc->cats[i].meaning);
	}
	for (size_t k = 0; k < LIFECYCLE_NROLES; k++)
		free(lc->role[k]);
	free(lc->stages);
	free(lc->moves);
	free(lc->reached);
	free(lc->cats);
	sbuf_free(&lc->catnames);
	free(lc);
}

lifecycle_move
lifecycle_move_kind(const lifecycle *lc, const char *from, const char *to)
{
	for (size_t i = 0; i < lc->nmoves; i++) {
		const move *m = &lc->moves[i];
		if ((m->from == NULL || strcmp(m->from, from) == 0) &&
		    (m->to == NULL || strcmp(m->to, to) == 0))
			return m->kind;
	}
	return LIFECYCLE_REFUSED;
}

bool
lifecycle_reached(const lifecycle *lc, const char *stage, const char **to)
{
	for (size_t i = 0; i < lc->nreached; i++)
		if (strcmp(lc->reached[i].stage, stage) == 0) {
			*to = lc->reached[i].to;
			return true;
		}
	return false;
}

const char *
lifecycle_role_stage(const lifecycle *lc, lifecycle_role role)
{
	return lc->nrole[role] > 0 ? lc->role[role][0] : NULL;
}

bool
lifecycle_has_role(const lifecycle *lc, const char *stage,
    lifecycle_role role)
{
	for (size_t i = 0; i < lc->nrole[role]; i++)
		if (strcmp(lc->role[role][i], stage) == 0)
			return true;
	return false;
}

const char *
lifecycle_role_name(lifecycle_role role)
{
	return roles[role].word;
}

const lifecycle_category *
lifecycle_category_find(const lifecycle *lc, const char *name)
{
	for (size_t i = 0; i < lc->ncats; i++)
		if (strcmp(lc->cats[i].name, name) == 0)
			return &lc->cats[i];
	return NULL;
}

const char *
lifecycle_category_names(const lifecycle *lc)
{
	return sbuf_str(&lc->catnames);
}
