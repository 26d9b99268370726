/* fuzz_rules.c - the rule language: a file read as a scoring model, a lead
 * definition, routing rules, a match model, scrub rules or a --where
 * condition, then tested on a few leads.
 *
 * Input: one byte choosing the reader (its value modulo 6, in that
 * order), then the text.  A file may include others: they are looked up
 * beside it, in the scratch folder, where there are none.
 */
#include "dedupe/match.h"
#include "io/input.h"
#include "lead/lifecycle.h"
#include "qualify/definition.h"
#include "route/routing.h"
#include "rules/rules.h"
#include "score/scoring.h"
#include "scrub/scrub.h"
#include "fuzz.h"

static const char *const leads[] = {
	("{\"id\":\"L-1\",\"first_name\":\"Anna\",\"last_name\":\"Schmidt\","
	"\"company\":\"Acme GmbH\",\"title\":\"Head of Procurement\","
	"\"employees\":800,\"revenue\":\"60 Mio\",\"country\":\"DE\","
	"\"email\":\"anna@acme.de\",\"email_kind\":\"corporate\","
	"\"postcode\":\"80331\",\"status\":\"mql\",\"score\":55,"
	"\"created_at\":\"2026-02-01T10:00:00Z\",\"tags\":[\"a\",\"b\"],"
	"\"events\":[{\"type\":\"demo_request\",\"at\":\"2026-03-31T00:00:00Z\"},"
	"{\"type\":\"webinar\",\"at\":\"2026-03-01\"},{\"type\":\"webinar\"}]}"),
	("{\"id\":\"L-2\",\"first_name\":\"Piet\",\"last_name\":\"de Vries\","
	"\"company\":\"Voorbeeld B.V.\",\"title\":\"Inkoper\",\"employees\":20,"
	"\"country\":\"NL\",\"email_kind\":\"free\",\"phone\":\"+31201234567\","
	"\"events\":[],\"n_webinar\":\"3\"}"),
	("{\"title\":\"CTO\",\"employees\":\"120\",\"country\":\"at\","
	"\"budget\":null,\"need\":{\"x\":1},\"events\":\"x\"}"),
};
#define NLEADS (sizeof leads / sizeof *leads)

static lifecycle *lc;

static rec *
lead(size_t i)
{
	rec *r = rec_new();
	sbuf why = SBUF_INIT;
	char *s = rec_strdup(r, leads[i], strlen(leads[i]));

	r->raw = s;
	r->rawlen = strlen(s);
	r->file = "lead";
	r->line = i + 1;
	if (input_parse_json(r, &why) != 0)
		abort();
	sbuf_free(&why);
	return r;
}

static void
score(const char *path)
{
	sbuf err = SBUF_INIT, out = SBUF_INIT;
	scoring *m = scoring_load(path, &err);

	if (m != NULL) {
		scoring_ctx *c = scoring_ctx_new(m, 1775000000);
		for (size_t i = 0; i < NLEADS; i++) {
			rec *r = lead(i);
			scoring_run(c, r);
			(void)scoring_total(c);
			(void)scoring_grade(c);
			scoring_explain(c, &out);
			rec_free(r);
		}
		scoring_ctx_free(c);
		scoring_free(m);
	}
	sbuf_free(&err);
	sbuf_free(&out);
}

static void
qualify(const char *path)
{
	sbuf err = SBUF_INIT;
	definition *d;

	if (lc == NULL) {
		sbuf a = SBUF_INIT, b = SBUF_INIT;
		lc = lifecycle_load(cli_share_path(&a, "lifecycle.tsv"),
		    cli_share_path(&b, "dq-categories.tsv"), &err);
		if (lc == NULL)
			abort();
		sbuf_free(&a);
		sbuf_free(&b);
	}
	if ((d = definition_load(path, lc, &err)) != NULL) {
		size_t n;
		definition_criteria(d, &n);
		bool *met = xcalloc(n + 1, sizeof *met);
		definition_ctx *c = definition_ctx_new(d, 1775000000);
		for (size_t i = 0; i < NLEADS; i++) {
			definition_result res;
			rec *r = lead(i);
			definition_decide(c, r, &res, met);
			rec_free(r);
		}
		definition_ctx_free(c);
		free(met);
		definition_free(d);
	}
	sbuf_free(&err);
}

static void
route(const char *path)
{
	sbuf err = SBUF_INIT;
	routing *rt = routing_load(path, &err);

	if (rt != NULL) {
		rules_eval *ev = rules_eval_new(rt->ru, 1775000000);
		for (size_t i = 0; i < NLEADS; i++) {
			rec *r = lead(i);
			rules_eval_start(ev, r);
			for (size_t k = 0; k < rt->nrules; k++)
				if (rt->rule[k].cond != NULL)
					(void)rules_match(ev, rt->rule[k].cond);
			rec_free(r);
		}
		rules_eval_free(ev);
		routing_free(rt);
	}
	sbuf_free(&err);
}

static void
match(const char *path)
{
	sbuf err = SBUF_INIT, a = SBUF_INIT, b = SBUF_INIT, tmp = SBUF_INIT;
	sbuf why = SBUF_INIT;
	match_model *m = match_load(path, &err);

	if (m != NULL) {
		for (size_t i = 0; i < NLEADS; i++) {
			rec *r = lead(i), *s = lead((i + 1) % NLEADS);
			sbuf_reset(&a);
			sbuf_reset(&b);
			match_features(m, r, &a, &tmp);
			match_features(m, s, &b, &tmp);
			(void)match_weight(m, NULL, (unsigned char *)a.p,
			    (unsigned char *)b.p, &why);
			/* block keys made anew, and from the packed keys */
			for (size_t k = 0; k < match_nblocks(m); k++) {
				(void)match_block_key(m, k, r, NULL, &why,
				    &tmp);
				(void)match_block_key(m, k, r,
				    (unsigned char *)a.p, &why, &tmp);
			}
			rec_free(r);
			rec_free(s);
		}
		(void)match_at(m);
		(void)match_possible(m);
		(void)match_apart(m);
		match_free(m);
	}
	sbuf_free(&err);
	sbuf_free(&a);
	sbuf_free(&b);
	sbuf_free(&tmp);
	sbuf_free(&why);
}

static void
scrub(const char *path)
{
	scrub_opts o = { .rules = path, .for_channel = SCRUB_ALL,
	    .max_age = 31, .as_of = 1775000000 };
	stage *st = scrub_new(&o);

	st->vt->free(st);
}

static int
where_stmt(void *ctx, rules_parser *p)
{
	rules_cond **c = ctx;

	if (*c != NULL)
		return rules_error(p, "--where takes one condition");
	return (*c = rules_parse_cond(p)) != NULL ? 0 : -1;
}

static void
where(const uint8_t *data, size_t size)
{
	sbuf err = SBUF_INIT;
	rules_cond *c = NULL;
	rules *ru = rules_load_text("--where", (const char *)data, size,
	    where_stmt, &c, &err);

	if (ru != NULL && c != NULL) {
		rules_eval *ev = rules_eval_new(ru, 1775000000);
		for (size_t i = 0; i < NLEADS; i++) {
			rec *r = lead(i);
			rules_eval_start(ev, r);
			(void)rules_match(ev, c);
			rec_free(r);
		}
		rules_eval_free(ev);
	}
	rules_free(ru);
	sbuf_free(&err);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	const char *path;

	if (size < 1)
		return;
	path = fuzz_write(0, "in.rules", data + 1, size - 1);
	switch (data[0] % 6) {
	case 0: score(path); break;
	case 1: qualify(path); break;
	case 2: route(path); break;
	case 3: match(path); break;
	case 4: scrub(path); break;
	default: where(data + 1, size - 1); break;
	}
}
