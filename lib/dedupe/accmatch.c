/* accmatch.c - lead-dedupe --accounts as a stage: each lead's account */
#include "dedupe/accmatch.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "dedupe/accounts.h"
#include "dedupe/match.h"
#include "rules/rules.h"

typedef struct accmatch {
	stage st;
	match_model *m;		/* the original's; clones borrow them */
	accounts *acc;
	bool owner;
	accounts_scratch s;
	sbuf reason;
} accmatch;

static const char *const added[] = {
	"account_id", "account_name", "account_owner", "customer",
	"account_reason", NULL
};

/* one: account i, and why, into a->reason. */
static void
one(accmatch *a, uint32_t i)
{
	size_t n;
	const char *id = accounts_id(a->acc, i, &n);

	sbuf_addf(&a->reason, "%.*s (", (int)n, id);
	accounts_reason(a->acc, i, &a->s, &a->reason);
	sbuf_addc(&a->reason, ')');
}

static void
take(stage *st, rec *r)
{
	accmatch *a = (accmatch *)st;
	accounts_hit h = accounts_match(a->acc, r, &a->s);
	const char *s;
	size_t n;

	for (size_t k = 0; added[k] != NULL; k++)
		if (rec_find(r, added[k]) != NULL)
			rec_del(r, added[k]);
	sbuf_reset(&a->reason);
	switch (h.found) {
	case ACCOUNTS_ONE:
		s = accounts_id(a->acc, h.best, &n);
		rec_set_str(r, "account_id", s, n);
		if ((s = accounts_name(a->acc, h.best, &n)) != NULL && n > 0)
			rec_set_str(r, "account_name", s, n);
		if ((s = accounts_owner(a->acc, h.best, &n)) != NULL && n > 0)
			rec_set_str(r, "account_owner", s, n);
		if (accounts_customer(a->acc, h.best))
			rec_set_raw(r, "customer", "true", 4);
		else
			rec_set_raw(r, "customer", "false", 5);
		accounts_reason(a->acc, h.best, &a->s, &a->reason);
		rec_set_str(r, "account_reason", a->reason.p, a->reason.n);
		break;
	case ACCOUNTS_TIE_FOUND:
		if (h.all_customers)
			rec_set_raw(r, "customer", "true", 4);
		else
			rec_set_raw(r, "customer", "false", 5);
		sbuf_adds(&a->reason, "tie: ");	/* in file order */
		one(a, h.best < h.second ? h.best : h.second);
		sbuf_adds(&a->reason, " and ");
		one(a, h.best < h.second ? h.second : h.best);
		rec_set_str(r, "account_reason", a->reason.p, a->reason.n);
		break;
	case ACCOUNTS_NONE:
		rec_set_raw(r, "customer", "false", 5);
		break;
	}
	stage_emit(st, r);
}

static void
accmatch_free(stage *st)
{
	accmatch *a = (accmatch *)st;

	if (a->owner) {
		accounts_free(a->acc);
		match_free(a->m);
	}
	accounts_scratch_free(&a->s);
	sbuf_free(&a->reason);
	free(a);
}

static stage *accmatch_clone(const stage *st);

static const stage_vt accmatch_vt = {
	.name = "dedupe --accounts", .take = take, .free = accmatch_free,
	.clone = accmatch_clone,
};

static stage *
accmatch_clone(const stage *st)
{
	const accmatch *o = (const accmatch *)st;
	accmatch *a = xcalloc(1, sizeof *a);

	a->st.vt = &accmatch_vt;
	a->m = o->m;
	a->acc = o->acc;
	return &a->st;
}

stage *
accmatch_new(const char *model, const char *path, const cli_opts *co)
{
	accmatch *a = xcalloc(1, sizeof *a);
	sbuf err = SBUF_INIT;

	a->st.vt = &accmatch_vt;
	a->st.fields = added;
	a->owner = true;
	if ((a->m = match_load_named(model, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sbuf_free(&err);
	a->acc = accounts_load(path, co, a->m);
	return &a->st;
}
