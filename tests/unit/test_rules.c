/* test_rules.c - unit tests for the rule language (lib/rules/)
 *
 * The tests drive the public API of rules.h with a statement parser of
 * their own, so that they depend on no program's statements:
 *
 *	test NAME COND		a condition, kept by name with its text
 *	alt NAME COND | COND ...	several, numbered from 0 (like grade)
 *	num NAME NUMBER		a number (and whether it is points)
 *	dur NAME DURATION	a duration, in seconds
 *
 * Rules files and lists are written to a temporary directory.  Records are
 * built from specs in the manner of HTTPie: "name=text" is rec_add_str,
 * "name:=json" rec_set_raw (JSON text, as an NDJSON reader leaves it) and
 * "name::=json" rec_set_json (a jansson value, as a stage builds it).
 *
 * Every record is tested as of AS_OF, 2026-03-15T00:00:00Z.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "value/date.h"
#include "io/rec.h"
#include "rules/rules.h"
#include "base/sbuf.h"
#include "tmpdir.h"

#define N(a) (sizeof (a) / sizeof *(a))

#define AS_OF "2026-03-15T00:00:00Z"
#define NSPEC 8		/* fields of a record spec, at most */

/* ---- the statements ---- */

struct item {
	const char *name;	/* kept by the rules */
	int alt;		/* alt: which one, from 0 */
	rules_cond *c;		/* test, alt */
	const char *text;	/* test, alt: rules_text of the condition */
	const char *here;	/* rules_here */
	double v;		/* num, dur */
	bool points;		/* num: rules_is_points before it */
};

struct book {
	struct item *it;
	size_t n;
};

static void
book_add(struct book *b, const struct item *it)
{
	b->it = realloc(b->it, (b->n + 1) * sizeof *b->it);
	assert_non_null(b->it);
	b->it[b->n++] = *it;
}

static void
book_free(struct book *b)
{
	free(b->it);
	b->it = NULL;
	b->n = 0;
}

/* cond_item: a condition, and its text, into it; then kept. */
static int
cond_item(struct book *b, rules_parser *p, struct item *it)
{
	size_t mark = rules_mark(p);

	if ((it->c = rules_parse_cond(p)) == NULL)
		return -1;
	it->text = rules_text(p, mark);
	book_add(b, it);
	return 0;
}

static int
stmt(void *ctx, rules_parser *p)
{
	struct book *b = ctx;
	struct item it = { 0 };

	it.here = rules_here(p);
	if (rules_word(p, "test"))
		return rules_name(p, &it.name) == 0 ? cond_item(b, p, &it) : -1;
	if (rules_word(p, "alt")) {
		if (rules_name(p, &it.name) != 0)
			return -1;
		do {
			if (cond_item(b, p, &it) != 0)
				return -1;
			it.alt++;
		} while (rules_op(p, "|"));
		return 0;
	}
	if (rules_word(p, "num")) {
		if (rules_name(p, &it.name) != 0)
			return -1;
		it.points = rules_is_points(p);
		if (rules_number(p, &it.v) != 0)
			return -1;
		book_add(b, &it);
		return 0;
	}
	if (rules_word(p, "dur")) {
		if (rules_name(p, &it.name) != 0 ||
		    rules_duration(p, &it.v) != 0)
			return -1;
		book_add(b, &it);
		return 0;
	}
	return rules_expected(p, "a statement");
}

static const struct item *
find(const struct book *b, const char *name, int alt)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->it[i].name, name) == 0 && b->it[i].alt == alt)
			return &b->it[i];
	fail_msg("no statement %s (%d) was read", name, alt);
	return NULL;
}

/* ---- files ---- */

static time_t as_of;

static int
setup(void **state)
{
	if (tmpdir_setup(state) != 0)
		return -1;
	if (date_parse(AS_OF, strlen(AS_OF), false, &as_of) == DATE_BAD)
		return -1;
	/* lists for in @file, with what strset_load skips */
	tmpdir_write("domains.txt", "# customers\n  Acme.COM  \n\nexample.org\n"
	    "Müller.de\n");
	tmpdir_write("my list.txt", "Alpha\nbeta\n");
	return 0;
}

/* load: src as the file t.rules; the rules, or NULL with err set. */
static rules *
load(const char *src, struct book *b, sbuf *err)
{
	sbuf path = SBUF_INIT;
	rules *ru;

	tmpdir_write("t.rules", src);
	ru = rules_load(tmpdir_path(&path, "t.rules"), stmt, b, err);
	sbuf_free(&path);
	return ru;
}

/* load_ok: src must load. */
static rules *
load_ok(const char *src, struct book *b)
{
	sbuf err = SBUF_INIT;
	rules *ru = load(src, b, &err);

	if (ru == NULL)
		fail_msg("%s\n-- does not load: %s", src, err.p);
	sbuf_free(&err);
	return ru;
}

/* ---- records ---- */

/*
 * Text fields are added with rec_add_str, as the CSV reader adds them,
 * pointing into a zeroed block that mkrec keeps for the record until
 * rec_done.  The zeroes after each value matter under valgrind: PCRE2's
 * JIT reads the subject in aligned words, past its end, and valgrind
 * reports the bytes beyond as uninitialised (a false alarm: PCRE2
 * issue #654).  Values the record copies (rec_set_*) sit in its arena.
 */
#define PAD 64

static struct kept {
	rec *r;
	char *mem;
} kept[16];

static rec *
mkrec(const char *const *spec)
{
	rec *r = rec_new();
	size_t size = 0, at = 0;
	char *mem;

	for (size_t i = 0; i < NSPEC && spec[i] != NULL; i++)
		size += strlen(spec[i]) + 2 + PAD;
	mem = calloc(1, size + 1);
	assert_non_null(mem);
	for (size_t i = 0; i < N(kept); i++)
		if (kept[i].r == NULL) {
			kept[i].r = r;
			kept[i].mem = mem;
			break;
		} else if (i + 1 == N(kept)) {
			fail_msg("more than %zu records at once", N(kept));
		}
	for (size_t i = 0; i < NSPEC && spec[i] != NULL; i++) {
		const char *s = spec[i], *eq = strchr(s, '=');
		assert_non_null(eq);
		size_t n = (size_t)(eq - s);
		int kind = n >= 2 && eq[-1] == ':' && eq[-2] == ':' ? 2 :
		    n >= 1 && eq[-1] == ':' ? 1 : 0;
		char *name = mem + at, *v = name + n - (size_t)kind + 1;
		size_t vlen = strlen(eq + 1);
		memcpy(name, s, n - (size_t)kind);
		memcpy(v, eq + 1, vlen);
		at = (size_t)(v - mem) + vlen + 1 + PAD;
		if (kind == 0) {
			rec_add_str(r, name, n, NULL, 0, v, vlen);
		} else if (kind == 1) {
			rec_set_raw(r, name, v, vlen);
		} else {
			json_error_t jerr;
			json_t *j = json_loads(v, JSON_DECODE_ANY, &jerr);
			if (j == NULL)
				fail_msg("%s: %s", s, jerr.text);
			rec_set_json(r, name, j);
		}
	}
	return r;
}

/* rec_done: free a record from mkrec. */
static void
rec_done(rec *r)
{
	for (size_t i = 0; i < N(kept); i++)
		if (kept[i].r == r) {
			free(kept[i].mem);
			kept[i].r = NULL;
			kept[i].mem = NULL;
		}
	rec_free(r);
}

/* show: a spec, for messages. */
static const char *
show(sbuf *b, const char *const *spec)
{
	sbuf_reset(b);
	sbuf_adds(b, "{");
	/* (EVENTS is long) */
	for (size_t i = 0; i < NSPEC && spec[i] != NULL; i++)
		sbuf_addf(b, "%s%.60s%s", i ? ", " : "", spec[i],
		    strlen(spec[i]) > 60 ? "..." : "");
	sbuf_adds(b, "}");
	return b->p;
}

/* holds: c for the record spec, as of AS_OF. */
static bool
holds(const rules *ru, const rules_cond *c, const char *const *spec)
{
	rules_eval *ev = rules_eval_new(ru, as_of);
	rec *r = mkrec(spec);
	bool m;

	rules_eval_start(ev, r);
	m = rules_match(ev, c);
	rules_eval_free(ev);
	rec_done(r);
	return m;
}

/* ---- tokens, statements, continuation lines, rules_text ---- */

/* A rules file, one test (or alt) in it with its text, a record it holds
 * for and one it does not (each unless NULL). */
struct parse_case {
	const char *src;
	const char *name;
	int alt;
	const char *text;
	const char *yes[NSPEC];
	const char *no[NSPEC];
};

#define WEBINAR "{\"type\":\"webinar\",\"at\":\"2026-03-01T00:00:00Z\"}"

static const struct parse_case parse_cases[] = {
	/* continuation: and, or, | at the start of the next line */
	{ "test t a = 1\n  and b = 2\n", "t", 0, "a = 1 and b = 2",
	  { "a=1", "b=2" }, { "a=1", "b=3" } },
	{ "test t a = 1\n  or b = 2\n", "t", 0, "a = 1 or b = 2",
	  { "a=0", "b=2" }, { "a=0", "b=3" } },
	{ "test t a = 1 # first\n# a comment line\n\n   # another\n"
	  "  and b = 2 # last\n", "t", 0, "a = 1 and b = 2",
	  { "a=1", "b=2" }, { "a=1", "b=3" } },
	{ "test t a = 1\n\n\n  or b = 2\n", "t", 0, "a = 1 or b = 2",
	  { "b=2" }, { "b=3" } },
	{ "test t a = 1\r\n  and b = 2\r\n", "t", 0, "a = 1 and b = 2",
	  { "a=1", "b=2" }, { "a=1", "b=3" } },
	{ "alt g a = 1\n  | b = 2 # two\n\n  | c = 3\n", "g", 1, "b = 2",
	  { "b=2" }, { "b=3", "a=1" } },
	{ "alt g a = 1\n  | b = 2 # two\n\n  | c = 3\n", "g", 2, "c = 3",
	  { "c=3" }, { "c=4", "b=2" } },
	{ "alt g a = 1 | b = 2\n", "g", 0, "a = 1", { "a=1" }, { "b=2" } },
	/* a line that starts with a word beginning "and" or "or" is not a
	 * continuation: see the error cases; here it is a new statement */
	{ "test t a = 1\ntest u b = 2\n", "t", 0, "a = 1",
	  { "a=1", "b=3" }, { "a=2", "b=2" } },
	/* an open ( or [ goes on over lines, comments and blank lines */
	{ "test t (a = 1 or\n    b = 2)\n  and c = 3\n", "t", 0,
	  "(a = 1 or b = 2) and c = 3",
	  { "a=0", "b=2", "c=3" }, { "a=1", "c=4" } },
	{ "test t (\n  a = 1\n\n  # why\n)\n", "t", 0, "( a = 1 )",
	  { "a=1" }, { "a=2" } },
	{ "test t a in [\"x\",\n  # inside\n  \"y\"]\n", "t", 0,
	  "a in [\"x\", \"y\"]", { "a=Y" }, { "a=z" } },
	/* ( [ in a string, a name or a comment open nothing */
	{ "test t a = \"(\" # [\ntest u `b(` = \"[\"\n", "t", 0, "a = \"(\"",
	  { "a=(" }, { "a=[" } },
	{ "test t a = \"(\" # [\ntest u `b(` = \"[\"\n", "u", 0,
	  "`b(` = \"[\"", { "b(=[" }, { "b(=(" } },
	/* a byte order mark */
	{ "\xEF\xBB\xBFtest t a = 1\n", "t", 0, "a = 1", { "a=1" },
	  { "a=2" } },
	/* no line break at the end */
	{ "test t a = 1", "t", 0, "a = 1", { "a=1" }, { "a=2" } },
	/* strings: \" \\ \n \t, and any other backslash kept */
	{ "test t a = \"say \\\"hi\\\"\"\n", "t", 0, "a = \"say \\\"hi\\\"\"",
	  { "a=Say \"Hi\"" }, { "a=say hi" } },
	{ "test t a = \"back\\\\slash\"\n", "t", 0, "a = \"back\\\\slash\"",
	  { "a=back\\slash" }, { "a=back\\\\slash" } },
	{ "test t a = \"x\\ty\"\n", "t", 0, "a = \"x\\ty\"",
	  { "a=x\ty" }, { "a=x\\ty" } },
	{ "test t a contains \"\\n\"\n", "t", 0, "a contains \"\\n\"",
	  { "a=one\ntwo" }, { "a=one\\ntwo" } },
	{ "test t title ~ \"\\bvp\\b\"\n", "t", 0, "title ~ \"\\bvp\\b\"",
	  { "title=the vp of sales" }, { "title=svp sales" } },
	{ "test t a ~ \"^\\d+$\"\n", "t", 0, "a ~ \"^\\d+$\"",
	  { "a=123" }, { "a=12a" } },
	{ "test t a = \"c:\\dir\\x\"\n", "t", 0, "a = \"c:\\dir\\x\"",
	  { "a=C:\\Dir\\x" }, { "a=c:dirx" } },
	/* '#' in a string or a backquoted name is not a comment */
	{ "test t a = \"# not a comment\" # one\n", "t", 0,
	  "a = \"# not a comment\"", { "a=# Not a comment" }, { "a=#" } },
	{ "test t `a#b` = 1 # c\n", "t", 0, "`a#b` = 1", { "a#b=1" },
	  { "a=1" } },
	/* rules_text: white space runs made one, but not inside strings */
	{ "test t   a   =\t\"x   y\"    and  b=2   # c\n", "t", 0,
	  "a = \"x   y\" and b=2", { "a=X   Y", "b=2" }, { "a=x y", "b=2" } },
	/* backquoted names */
	{ "test t `Lead Origin` = \"API\"\n", "t", 0, "`Lead Origin` = \"API\"",
	  { "Lead Origin=api" }, { "Lead Origin=web" } },
	{ "test t `event` = 3\n", "t", 0, "`event` = 3",
	  { "event:=3" }, { "event:=4", "events:=[{\"type\":\"3\"}]" } },
	{ "test t `and` exists\n", "t", 0, "`and` exists", { "and=x" },
	  { "a=x" } },
	/* count is a field unless a ( follows */
	{ "test t count > 3\n", "t", 0, "count > 3", { "count:=5" },
	  { "count:=2" } },
	{ "test t count = \"many\"\n", "t", 0, "count = \"many\"",
	  { "count=Many" }, { "count=few" } },
	{ "test t count(event = \"webinar\") < count\n", "t", 0,
	  "count(event = \"webinar\") < count",
	  { "count:=2", "events:=[" WEBINAR "]" },
	  { "count:=1", "events:=[" WEBINAR "]" } },
	/* statement words are fields in conditions */
	{ "test t score >= 80 and grade = \"a\"\n", "t", 0,
	  "score >= 80 and grade = \"a\"", { "score:=85", "grade=A" },
	  { "score:=85", "grade=B" } },
	{ "test t test = 1 and define = 2 and include = 3 and segment = 4\n",
	  "t", 0, NULL, { "test=1", "define=2", "include=3", "segment=4" },
	  { "test=1", "define=2", "include=3" } },
	{ "test t `test` = 1\n", "t", 0, NULL, { "test=1" }, { "test=2" } },
	/* numbers with + and -, and a literal on the left */
	{ "test t delta > -3\n", "t", 0, NULL, { "delta:=-2" },
	  { "delta:=-3" } },
	{ "test t delta = +5\n", "t", 0, NULL, { "delta=5" }, { "delta=-5" } },
	{ "test t delta >= -2.5\n", "t", 0, NULL, { "delta=-2,5" },
	  { "delta=-3" } },
	{ "test t 50 <= employees\n", "t", 0, "50 <= employees",
	  { "employees:=50" }, { "employees:=49" } },
	{ "test t \"b\" > name\n", "t", 0, NULL, { "name=Anna" },
	  { "name=Bob" } },
	/* dates as literals: midnight UTC, or a time */
	{ "test t created_at = 2024-03-01\n", "t", 0,
	  "created_at = 2024-03-01", { "created_at=01.03.2024" },
	  { "created_at=2024-03-01T10:00:00Z" } },
	{ "test t created_at < 2024-03-01T14:30:00Z\n", "t", 0, NULL,
	  { "created_at=2024-03-01T14:29:59Z" },
	  { "created_at=2024-03-01T14:30:00Z" } },
	{ "test t created_at > 2024-03-01T14:30:00Z\n", "t", 0, NULL,
	  { "created_at=2024-03-01T15:30:01+01:00" },
	  { "created_at=2024-03-01T15:30:00+01:00" } },
	{ "test t d in [2024-03-01, 2024-03-05]\n", "t", 0, NULL,
	  { "d=05.03.2024" }, { "d=2024-03-02" } },
	/* definitions stand for conditions, also in later definitions */
	{ "define big = employees >= 100\ndefine ok = big and a = 1\n"
	  "test t ok or b = 1\n", "t", 0, "ok or b = 1",
	  { "employees:=100", "a=1" }, { "employees:=99", "a=1" } },
	/* lists: @name, @"name with spaces", ignoring case */
	{ "test t x in @\"my list.txt\"\n", "t", 0, "x in @\"my list.txt\"",
	  { "x=ALPHA" }, { "x=gamma" } },
	{ "test t (domain in @domains.txt)\n", "t", 0, NULL,
	  { "domain=acme.com" }, { "domain=# customers" } },
};

static void
test_parse(void **state)
{
	sbuf msg = SBUF_INIT;
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct book b = { 0 };
		rules *ru = load_ok(c->src, &b);
		if (c->name == NULL) {	/* loads: nothing more */
			rules_free(ru);
			book_free(&b);
			continue;
		}
		const struct item *it = find(&b, c->name, c->alt);
		if (c->text != NULL && strcmp(it->text, c->text) != 0) {
			print_error("%s-- text \"%s\", want \"%s\"\n", c->src,
			    it->text, c->text);
			bad++;
		}
		if (c->yes[0] != NULL && !holds(ru, it->c, c->yes)) {
			print_error("%s-- false for %s\n", c->src,
			    show(&msg, c->yes));
			bad++;
		}
		if (c->no[0] != NULL && holds(ru, it->c, c->no)) {
			print_error("%s-- true for %s\n", c->src,
			    show(&msg, c->no));
			bad++;
		}
		rules_free(ru);
		book_free(&b);
	}
	sbuf_free(&msg);
	if (bad)
		fail_msg("%d parse checks failed", bad);
}

/* numbers, points and durations as rules_number and rules_duration read
 * them */
static void
test_numbers(void **state)
{
	static const struct {
		const char *name;
		double v;
		bool points;
	} want[] = {
		{ "a", 50, false }, { "b", 20, true }, { "c", -2.5, true },
		{ "d", -3, true }, { "e", 0.5, false },
		{ "h", 12 * 3600, false }, { "dd", 30 * 86400, false },
		{ "w", 14 * 86400, false }, { "mo", 180 * 86400, false },
		{ "y", 365 * 86400, false }, { "f", 1.5 * 86400, false },
	};
	struct book b = { 0 };
	rules *ru = load_ok("num a 50\nnum b +20\nnum c -2.5\nnum d -3\n"
	    "num e 0.5\ndur h 12h\ndur dd 30d\ndur w 2w\ndur mo 6mo\n"
	    "dur y 1y\ndur f 1.5d\n", &b);

	(void)state;
	for (size_t i = 0; i < N(want); i++) {
		const struct item *it = find(&b, want[i].name, 0);
		if (it->v != want[i].v || it->points != want[i].points)
			fail_msg("%s: got %.17g%s, want %.17g%s", want[i].name,
			    it->v, it->points ? " (points)" : "", want[i].v,
			    want[i].points ? " (points)" : "");
	}
	/* rules_here: the line a statement starts on */
	rules_free(ru);
	book_free(&b);
	ru = load_ok("\n# c\ntest t a = 1\n  and b = 2\ntest u c = 3\n", &b);
	sbuf want_here = SBUF_INIT;
	assert_string_equal(find(&b, "t", 0)->here,
	    tmpdir_path(&want_here, "t.rules:3"));
	assert_string_equal(find(&b, "u", 0)->here,
	    tmpdir_path(&want_here, "t.rules:5"));
	sbuf_free(&want_here);
	rules_free(ru);
	book_free(&b);
}

/* rules_cond_events: tests events outside count() */
static void
test_cond_events(void **state)
{
	static const struct {
		const char *cond;
		bool events;
	} cases[] = {
		{ "a = 1", false },
		{ "event = \"x\"", true },
		{ "event.page exists", true },
		{ "a = 1 or event.k = 2", true },
		{ "not event = \"x\"", true },
		{ "event within 3d", true },
		{ "count(event = \"x\") > 1", false },
		{ "`event` = 1", false },
		{ "ev", true },
		{ "big", false },
		{ "big and ev", true },
	};
	sbuf src = SBUF_INIT;
	struct book b = { 0 };

	(void)state;
	sbuf_adds(&src, "define ev = event = \"x\"\ndefine big = a > 1\n");
	for (size_t i = 0; i < N(cases); i++)
		sbuf_addf(&src, "test c%zu %s\n", i, cases[i].cond);
	rules *ru = load_ok(src.p, &b);
	for (size_t i = 0; i < N(cases); i++)
		if (rules_cond_events(b.it[i].c) != cases[i].events)
			fail_msg("%s: events %d, want %d", cases[i].cond,
			    !cases[i].events, cases[i].events);
	rules_free(ru);
	book_free(&b);
	sbuf_free(&src);
}

/* ---- evaluation ---- */

struct eval_case {
	const char *cond;
	const char *rec[NSPEC];
	bool want;
};

/* Events, as of AS_OF: a webinar 14 days before, a download 5 days
 * before, a visit in the future (ignored), a call with no date and a
 * click with a bad one (both count, neither passes within), and two that
 * are not events (no type; not an object). */
#define EVENTS "events:=[" WEBINAR "," \
	"{\"type\":\"Download\",\"at\":\"2026-03-10T00:00:00Z\"," \
	"\"asset\":\"Pricing Guide\",\"pages\":12,\"tags\":[\"ab\",\"cd\"]," \
	"\"gated\":true,\"note\":\"say \\\"hi\\\"\"}," \
	"{\"type\":\"visit\",\"at\":\"2026-03-20T00:00:00Z\"," \
	"\"page\":\"/pricing\"}," \
	"{\"type\":\"call\"}," \
	"{\"type\":\"email_click\",\"at\":\"someday\"}," \
	"{\"at\":\"2026-03-02T00:00:00Z\"}," \
	"\"webinar\"]"

/* CSV: counts of events by type, all at last_activity_at */
#define CSV "n_download=3", "n_webinar=0", "n_visit=", "n_demo:=2", \
	"n_=5", "n_call=abc", "last_activity_at=2026-03-10T00:00:00Z"

static const struct eval_case eval_cases[] = {
	/* numbers: a JSON number, or text as num_parse reads it */
	{ "employees >= 50", { "employees:=50" }, true },
	{ "employees >= 50", { "employees:=49.5" }, false },
	{ "employees >= 50", { "employees=50" }, true },
	{ "employees >= 50", { "employees:=\"50\"" }, true },
	{ "employees = 1200", { "employees=1.200" }, true },
	{ "employees > 1000", { "employees=1.200" }, true },
	{ "employees = 1.2", { "employees=1,2" }, true },
	{ "employees = 50000", { "employees=50k" }, true },
	{ "employees = 1000", { "employees:=1e3" }, true },
	{ "employees < 0", { "employees:=-5" }, true },
	{ "employees = 5", { "employees=5 people" }, false },
	{ "employees > 0", { "employees=abc" }, false },
	{ "employees < 0", { "employees=abc" }, false },
	{ "employees != 5", { "employees=abc" }, false },
	{ "employees != 5", { "employees:=6" }, true },
	{ "employees > 0", { "employees:=true" }, false },
	{ "employees in [10, 50]", { "employees=50.0" }, true },
	{ "employees in [10, 50]", { "employees=51" }, false },
	{ "employees not in [10, 50]", { "employees=51" }, true },
	{ "employees not in [10, 50]", { "employees:=10" }, false },
	/* text: folded, also a number's or a boolean's JSON text */
	{ "country = \"de\"", { "country=DE" }, true },
	{ "country = \"DE\"", { "country:=\"de\"" }, true },
	{ "country != \"de\"", { "country=De" }, false },
	{ "country != \"de\"", { "country=AT" }, true },
	{ "title = \"GESCHÄFTSFÜHRER\"", { "title=Geschäftsführer" }, true },
	{ "title = \"élodie\"", { "title=ÉLODIE" }, true },
	{ "title = \"ceo\"", { "title=ceo " }, false },
	{ "employees = \"50\"", { "employees:=50" }, true },
	{ "employees = \"50\"", { "employees:=50.0" }, false },
	{ "flag = \"TRUE\"", { "flag:=true" }, true },
	{ "name < \"b\"", { "name=Anna" }, true },
	{ "name < \"b\"", { "name=bob" }, false },
	{ "name >= \"B\"", { "name=bob" }, true },
	{ "name > \"z\"", { "name=Ärger" }, true },
	{ "name <= \"anna\"", { "name=ANNA" }, true },
	/* booleans: JSON, or words consent accepts */
	{ "consent = true", { "consent:=true" }, true },
	{ "consent = true", { "consent=ja" }, true },
	{ "consent = true", { "consent=YES" }, true },
	{ "consent = true", { "consent= x " }, true },
	{ "consent = true", { "consent:=\"Tak\"" }, true },
	{ "consent = true", { "consent::=true" }, true },
	{ "consent = true", { "consent=Nein" }, false },
	{ "consent = false", { "consent=nein" }, true },
	{ "consent = false", { "consent:=false" }, true },
	{ "consent != false", { "consent=ja" }, true },
	{ "consent != true", { "consent=ja" }, false },
	{ "consent = true", { "consent=maybe" }, false },
	{ "consent = false", { "consent=maybe" }, false },
	{ "consent != true", { "consent=maybe" }, false },
	{ "consent != false", { "consent=maybe" }, false },
	/* dates: any form date_parse reads */
	{ "created_at > 2024-03-01", { "created_at=05.03.2024" }, true },
	{ "created_at > 2024-03-01", { "created_at=2024-03-01T00:00:01Z" },
	  true },
	{ "created_at > 2024-03-01", { "created_at=2024-03-01" }, false },
	{ "created_at >= 2024-03-01", { "created_at=2024-03-01" }, true },
	{ "created_at = 2024-03-05T14:30:00Z", { "created_at:=1709649000" },
	  true },
	{ "created_at = 2024-03-05T14:30:00Z",
	  { "created_at=5 March 2024 15:30 +01:00" }, true },
	{ "created_at > 2024-03-01", { "created_at=soon" }, false },
	{ "created_at < 2024-03-01", { "created_at=soon" }, false },
	{ "created_at != 2024-03-01", { "created_at=soon" }, false },
	/* another field: numbers if both read as numbers, else text */
	{ "a = b", { "a:=50", "b=50.0" }, true },
	{ "a < b", { "a=9", "b=10" }, true },
	{ "a < b", { "a=9", "b=10x" }, false },
	{ "a = b", { "a=abc", "b=ABC" }, true },
	{ "a != b", { "a=abc", "b=ABD" }, true },
	{ "a = b", { "a:=true", "b=TRUE" }, true },
	{ "a = b", { "a=", "b=" }, false },
	{ "a != b", { "a=x" }, false },
	{ "a != b", { "b=x" }, false },
	/* contains: an element of an array, a substring of text */
	{ "flags contains \"fake_name\"",
	  { "flags:=[\"fake_name\",\"test_email\"]" }, true },
	{ "flags contains \"FAKE_NAME\"", { "flags:=[\"x\", \"Fake_Name\"]" },
	  true },
	{ "flags contains \"fake\"", { "flags:=[\"fake_name\"]" }, false },
	{ "flags contains \"fake_name\"", { "flags::=[\"fake_name\"]" }, true },
	{ "flags contains \"fake\"", { "flags::=[\"fake_name\"]" }, false },
	{ "flags contains \"fake\"", { "flags=fake_name, x" }, true },
	{ "title contains \"of sa\"", { "title=Head of Sales" }, true },
	{ "title contains \"HEAD\"", { "title=Head of Sales" }, true },
	{ "title contains \"vp\"", { "title=Head of Sales" }, false },
	{ "title contains \"ÜHR\"", { "title=Geschäftsführer" }, true },
	{ "employees contains \"00\"", { "employees:=500" }, true },
	/* starts with, ends with */
	{ "title starts with \"head\"", { "title=Head of Sales" }, true },
	{ "title starts with \"of\"", { "title=Head of Sales" }, false },
	{ "title ends with \"SALES\"", { "title=Head of Sales" }, true },
	{ "title ends with \"head of sales!\"", { "title=Head of Sales" },
	  false },
	{ "name starts with \"öz\"", { "name=Özdemir" }, true },
	{ "name ends with \"ÇA\"", { "name=Françoise Garça" }, true },
	/* in [...] and in @file, ignoring case */
	{ "country in [\"DE\", \"AT\"]", { "country=de" }, true },
	{ "country in [\"DE\", \"AT\"]", { "country=CH" }, false },
	{ "country not in [\"DE\", \"AT\"]", { "country=CH" }, true },
	{ "country not in [\"DE\", \"AT\"]", { "country=at" }, false },
	{ "x in [1, \"a\", true]", { "x=A" }, true },
	{ "x in [1, \"a\", true]", { "x=1.0" }, true },
	{ "x in [2, \"a\", true]", { "x=ja" }, true },
	{ "x in [2, \"a\", false]", { "x=ja" }, false },
	{ "domain in @domains.txt", { "domain=ACME.com" }, true },
	{ "domain in @domains.txt", { "domain=example.org" }, true },
	{ "domain in @domains.txt", { "domain=MÜLLER.DE" }, true },
	{ "domain in @domains.txt", { "domain=# customers" }, false },
	{ "domain in @domains.txt", { "domain=  acme.com" }, false },
	{ "domain not in @domains.txt", { "domain=other.com" }, true },
	{ "domain not in @domains.txt", { "domain=acme.com" }, false },
	/* regular expressions: ~ keeps case, ~* ignores it; UTF-8 */
	{ "title ~ \"VP\"", { "title=vp sales" }, false },
	{ "title ~* \"VP\"", { "title=vp sales" }, true },
	{ "title ~ \"^Head\"", { "title=Head of Sales" }, true },
	{ "title ~ \"^Sales\"", { "title=Head of Sales" }, false },
	{ "title ~ \"(?i)^HEAD\"", { "title=Head of Sales" }, true },
	{ "name ~ \"^.{6}$\"", { "name=Müller" }, true },
	{ "title ~* \"ÄRZTIN\"", { "title=Chefärztin" }, true },
	{ "title ~* \"\\bceo\\b\"", { "title=CEO & Founder" }, true },
	{ "title ~* \"\\bceo\\b\"", { "title=CEOs" }, false },
	{ "employees ~ \"^5\\d$\"", { "employees:=50" }, true },
	/* N of (...): at least N hold */
	{ "2 of (a = 1, b = 1, c = 1)", { "a=1", "c=1" }, true },
	{ "2 of (a = 1, b = 1, c = 1)", { "a=1", "b=2" }, false },
	{ "3 of (a = 1, b = 1, c = 1)", { "a=1", "b=1", "c=1" }, true },
	{ "1 of (a = 1)", { "x=1" }, false },
	{ "not 2 of (a = 1, b = 1) or c = 1", { "a=1" }, true },
	{ "2 of (a = 1 or b = 1, event = \"webinar\")",
	  { "a=1", "events:=[" WEBINAR "]" }, true },
	/* precedence: not, then and, then or */
	{ "not a = 1 and b = 2", { "a=2", "b=2" }, true },
	{ "not a = 1 and b = 2", { "a=1", "b=2" }, false },
	{ "not a = 1 and b = 2", { "a=2", "b=3" }, false },
	{ "not (a = 1 and b = 2)", { "a=1", "b=3" }, true },
	{ "a = 1 or b = 2 and c = 3", { "a=1" }, true },
	{ "a = 1 or b = 2 and c = 3", { "b=2" }, false },
	{ "(a = 1 or b = 2) and c = 3", { "a=1" }, false },
	{ "not not a = 1", { "a=1" }, true },
	/* missing industry: not (=) holds, != does not */
	{ "not (industry = \"Retail\")", { "x=1" }, true },
	{ "industry != \"Retail\"", { "x=1" }, false },
	{ "industry != \"Retail\"", { "industry=Software" }, true },
	/* within on a date field: [as-of - D, as-of], ends included */
	{ "created_at within 30d", { "created_at=2026-02-13T00:00:00Z" },
	  true },
	{ "created_at within 30d", { "created_at=2026-02-13" }, true },
	{ "created_at within 30d", { "created_at=2026-02-12T23:59:59Z" },
	  false },
	{ "created_at within 30d", { "created_at=" AS_OF }, true },
	{ "created_at within 30d", { "created_at=2026-03-15T00:00:01Z" },
	  false },
	{ "created_at within 30d", { "created_at=2026-04-01" }, false },
	{ "created_at within 30d", { "created_at:=1773532800" }, true },
	{ "created_at within 30d", { "created_at=01.03.2026" }, true },
	{ "created_at within 30d", { "created_at=not a date" }, false },
	{ "created_at within 12h", { "created_at=2026-03-14T12:00:00Z" },
	  true },
	{ "created_at within 12h", { "created_at=2026-03-14T11:59:59Z" },
	  false },
	{ "created_at within 2w", { "created_at=2026-03-01" }, true },
	{ "created_at within 2w", { "created_at=2026-02-28T23:59:59Z" },
	  false },
	{ "created_at within 6mo", { "created_at=2025-09-16" }, true },
	{ "created_at within 6mo", { "created_at=2025-09-15T23:59:59Z" },
	  false },
	{ "created_at within 1y", { "created_at=2025-03-15" }, true },
	{ "created_at within 1y", { "created_at=2025-03-14T23:59:59Z" },
	  false },
	{ "not created_at within 1y", { "created_at=2025-03-14" }, true },

	/* events: type (folded), members, within, as-of */
	{ "event = \"webinar\"", { EVENTS }, true },
	{ "event = \"DOWNLOAD\"", { EVENTS }, true },
	{ "event = \"visit\"", { EVENTS }, false },
	{ "event = \"call\"", { EVENTS }, true },
	{ "event = \"email_click\"", { EVENTS }, true },
	{ "event = \"call\" within 3650d", { EVENTS }, false },
	{ "event = \"email_click\" within 3650d", { EVENTS }, false },
	{ "event = \"webinar\" within 14d", { EVENTS }, true },
	{ "event = \"webinar\" within 13d", { EVENTS }, false },
	{ "event within 5d", { EVENTS }, true },
	{ "event within 4d", { EVENTS }, false },
	{ "event = \"download\" within 5d", { EVENTS }, true },
	{ "event = \"webinar\" within 5d", { EVENTS }, false },
	{ "event.asset = \"pricing guide\"", { EVENTS }, true },
	{ "event.asset starts with \"pricing\"", { EVENTS }, true },
	{ "event.page contains \"pricing\"", { EVENTS }, false },
	{ "event.pages > 10", { EVENTS }, true },
	{ "event.pages >= 13", { EVENTS }, false },
	{ "event.gated = true", { EVENTS }, true },
	{ "event.note = \"SAY \\\"HI\\\"\"", { EVENTS }, true },
	{ "event.tags contains \"cd\"", { EVENTS }, true },
	{ "event.type = \"download\"", { EVENTS }, true },
	{ "event.at = 2026-03-10", { EVENTS }, true },
	{ "event in [\"demo\", \"WEBINAR\"]", { EVENTS }, true },
	{ "event not in [\"webinar\", \"download\"]", { EVENTS }, true },
	{ "event ~ \"^Down\"", { EVENTS }, true },
	{ "event ~ \"^down\"", { EVENTS }, false },
	{ "event = \"webinar\" within 14d",
	  { "events:=[{\"type\":\"webinar\",\"at\":1772323200}]" }, true },
	{ "event = \"webinar\" within 13d",
	  { "events:=[{\"type\":\"webinar\",\"at\":1772323200}]" }, false },
	{ "event = preferred", { EVENTS, "preferred=WEBINAR" }, true },
	{ "event = preferred", { EVENTS, "preferred=demo" }, false },
	/* one event must satisfy the whole condition */
	{ "event = \"webinar\" and event.asset exists", { EVENTS }, false },
	{ "event = \"download\" and event.asset exists", { EVENTS }, true },
	{ "event = \"webinar\" and event = \"download\"", { EVENTS }, false },
	{ "event = \"webinar\" or event = \"nothing\"", { EVENTS }, true },
	{ "event != \"webinar\"", { EVENTS }, true },
	{ "event != \"webinar\"", { "events:=[" WEBINAR "]" }, false },
	{ "event exists", { EVENTS }, true },
	{ "event exists", { "events:=[]" }, false },
	/* events in other shapes than lead-import's read alike */
	{ "count(event = \"webinar\" within 20d) = 5",
	  { "events:=[" WEBINAR ",{\"type\":\"web\\u0069nar\","
	    "\"at\":\"2026-03-01T00:00:00Z\"},{\"at\":"
	    "\"2026-03-01T00:00:00Z\",\"type\":\"webinar\"},"
	    "{\"type\":\"webinar\",\"at\":1772323200},"
	    "{ \"type\" : \"webinar\", \"at\" : \"2026-03-01T00:00:00Z\" },"
	    "{\"type\":\"webinar\",\"at\":\"2026-03-01T00:00:00Z\","
	    "\"at\":\"2025-01-01T00:00:00Z\"}]" }, true },
	/* an event without a type is missing one: every test is false */
	{ "event != \"x\"", { "events:=[{\"type\":\"\"}]" }, false },
	{ "event not in [\"x\"]", { "events:=[{\"type\":\"\"}]" }, false },
	{ "event in [\"x\", 5, \"webinar\"]", { EVENTS }, true },
	{ "event in [\"x\", 5]", { EVENTS }, false },
	/* count() */
	{ "count(event = \"webinar\") = 1", { EVENTS }, true },
	{ "count(event = \"visit\") = 0", { EVENTS }, true },
	{ "count(event within 30d) = 2", { EVENTS }, true },
	{ "count(event exists) = 4", { EVENTS }, true },
	{ "count(event = \"call\" or event = \"email_click\") = 2", { EVENTS },
	  true },
	{ "count(event = \"webinar\") = 0", { EVENTS }, false },
	{ "count(event = \"webinar\") = 0", { "x=1" }, true },
	{ "count(event = \"webinar\") >= 2",
	  { "events:=[" WEBINAR "," WEBINAR "]" }, true },
	{ "count(event = \"webinar\" and big) = 1",
	  { EVENTS, "employees:=500" }, true },
	{ "count(event = \"webinar\" and big) = 0", { EVENTS, "employees:=5" },
	  true },
	{ "count(event = \"webinar\") = \"1\"", { EVENTS }, true },
	/* some event, or no event at all */
	{ "event = \"x\" or employees > 5", { "employees:=10" }, true },
	{ "event = \"x\" or employees > 5", { EVENTS, "employees:=10" }, true },
	{ "event = \"x\" or employees > 5", { "employees:=1" }, false },
	{ "event = \"x\" and employees > 5", { "employees:=10" }, false },
	{ "not event = \"x\"", { "x=1" }, true },
	{ "not event = \"x\"", { "events:=[{\"type\":\"x\"}]" }, true },
	{ "not (event = \"webinar\")", { EVENTS }, true },
	{ "not event exists", { EVENTS }, true },
	/* events as a jansson value, and events that are no array */
	{ "event = \"webinar\" within 14d",
	  { "events::=[" WEBINAR ",{\"type\":\"x\"}]" }, true },
	{ "count(event exists) = 2",
	  { "events::=[" WEBINAR ",{\"type\":\"x\"}]" }, true },
	{ "event = \"webinar\"", { "events:=null" }, false },
	{ "event = \"webinar\"", { "events:={\"type\":\"webinar\"}" }, false },
	{ "event = \"démo\"", { "events:=[{\"type\":\"DÉMO\"}]" }, true },
	/* CSV: n_<type> columns at last_activity_at, mult = count */
	{ "count(event = \"download\") = 3", { CSV }, true },
	{ "count(event = \"demo\") = 2", { CSV }, true },
	{ "count(event = \"webinar\") = 0", { CSV }, true },
	{ "count(event = \"call\") = 0", { CSV }, true },
	{ "count(event exists) = 5", { CSV }, true },
	{ "count(event within 30d) = 5", { CSV }, true },
	{ "event = \"webinar\"", { CSV }, false },
	{ "event = \"visit\"", { CSV }, false },
	{ "event = \"download\" within 5d", { CSV }, true },
	{ "event = \"download\" within 4d", { CSV }, false },
	{ "n_download > 2", { CSV }, true },
	{ "event = \"download\"", { "n_download=2" }, true },
	{ "event = \"download\" within 3650d", { "n_download=2" }, false },
	{ "count(event = \"download\") = 2", { "n_download=2" }, true },
	{ "count(event = \"download\") = 1200", { "n_download=1.200" }, true },
	{ "event = \"download\"",
	  { "n_download=2", "last_activity_at=2026-04-01" }, false },
	{ "count(event = \"download\") = 0",
	  { "n_download=2", "last_activity_at=2026-04-01" }, true },
	{ "event = \"download\" within 1d",
	  { "n_download=2", "last_activity_at=" AS_OF }, true },
	/* definitions */
	{ "big", { "employees:=100" }, true },
	{ "big", { "employees:=99" }, false },
	{ "big and web", { EVENTS, "employees:=100" }, true },
	{ "web and event.asset exists", { EVENTS }, false },
	{ "dl and event.asset exists", { EVENTS }, true },
	{ "count(dl) = 1", { EVENTS }, true },
	{ "not big", { "x=1" }, true },
};

/* The prelude of the file the evaluation cases are tested in. */
static const char eval_prelude[] =
    "define big = employees >= 100\n"
    "define web = event = \"webinar\"\n"
    "define dl = event = \"download\"\n";

/* run_evals: every case's condition in one file, as "test cI COND". */
static void
run_evals(const struct eval_case *cases, size_t n)
{
	sbuf src = SBUF_INIT, msg = SBUF_INIT;
	struct book b = { 0 };
	int bad = 0;

	sbuf_adds(&src, eval_prelude);
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&src, "test c%zu %s\n", i, cases[i].cond);
	rules *ru = load(src.p, &b, &msg);
	if (ru == NULL) {	/* fail, but leak nothing for valgrind */
		print_error("%s-- does not load: %s\n", src.p, msg.p);
		book_free(&b);
		sbuf_free(&src);
		sbuf_free(&msg);
		fail_msg("the conditions do not load");
	}
	assert_int_equal(b.n, n);
	for (size_t i = 0; i < n; i++) {
		const struct eval_case *c = &cases[i];
		if (holds(ru, b.it[i].c, c->rec) != c->want) {
			print_error("%s for %s: %s, want %s\n", c->cond,
			    show(&msg, c->rec), c->want ? "false" : "true",
			    c->want ? "true" : "false");
			bad++;
		}
	}
	rules_free(ru);
	book_free(&b);
	sbuf_free(&src);
	sbuf_free(&msg);
	if (bad)
		fail_msg("%d of %zu cases failed", bad, n);
}

static void
test_eval(void **state)
{
	(void)state;
	run_evals(eval_cases, N(eval_cases));
}

/* Every test on a missing field is false, != and not in included; only
 * missing holds (and not of a test).  Each condition is tested for each
 * form of missing, and for a present x ("abc", with y = "zzz"), so that
 * it is seen to be able to hold. */
static void
test_missing(void **state)
{
	static const char *const missing[][NSPEC] = {
		{ "y=zzz" },			/* absent */
		{ "x:=null", "y=zzz" },
		{ "x::=null", "y=zzz" },
		{ "x=", "y=zzz" },
		{ "x:=\"\"", "y=zzz" },
		{ "x:=[]", "y=zzz" },
		{ "x:=[ ]", "y=zzz" },
		{ "x::=[]", "y=zzz" },
	};
	static const char *const present[NSPEC] = { "x=abc", "y=zzz" };
	static const struct {
		const char *cond;
		bool missing, present;
	} conds[] = {
		{ "x = \"abc\"", false, true },
		{ "x != \"zzz\"", false, true },
		{ "x != \"\"", false, true },
		{ "x < \"b\"", false, true },
		{ "x <= \"abc\"", false, true },
		{ "x > \"\"", false, true },
		{ "x >= \"\"", false, true },
		{ "x = \"\"", false, false },
		{ "x != 5", false, false },
		{ "x < 5", false, false },
		{ "x != true", false, false },
		{ "x != false", false, false },
		{ "x != 2024-01-01", false, false },
		{ "x in [\"abc\"]", false, true },
		{ "x in [\"\"]", false, false },
		{ "x not in [\"zzz\"]", false, true },
		{ "x not in [\"zzz\", 1, true, 2024-01-01]", false, true },
		{ "x not in @domains.txt", false, true },
		{ "x in @domains.txt", false, false },
		{ "x contains \"b\"", false, true },
		{ "x contains \"\"", false, true },
		{ "x starts with \"a\"", false, true },
		{ "x starts with \"\"", false, true },
		{ "x ends with \"c\"", false, true },
		{ "x ~ \"^$|b\"", false, true },
		{ "x ~* \"B|^\"", false, true },
		{ "x within 3650d", false, false },
		{ "x = y", false, false },
		{ "x != y", false, true },
		{ "x < y", false, true },
		{ "y > x", false, true },
		{ "x exists", false, true },
		{ "x missing", true, false },
		{ "not x = \"abc\"", true, false },
		{ "not x exists", true, false },
		{ "not x != \"zzz\"", true, false },
		{ "x missing or x = \"abc\"", true, true },
	};
	sbuf src = SBUF_INIT, msg = SBUF_INIT;
	struct book b = { 0 };
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(conds); i++)
		sbuf_addf(&src, "test c%zu %s\n", i, conds[i].cond);
	rules *ru = load_ok(src.p, &b);
	for (size_t i = 0; i < N(conds); i++) {
		for (size_t k = 0; k <= N(missing); k++) {
			const char *const *spec = k < N(missing) ? missing[k] :
			    present;
			bool want = k < N(missing) ? conds[i].missing :
			    conds[i].present;
			if (holds(ru, b.it[i].c, spec) != want) {
				print_error("%s for %s: %s\n", conds[i].cond,
				    show(&msg, spec), want ? "false" : "true");
				bad++;
			}
		}
	}
	/* present, though empty or false in some sense */
	static const char *const there[][NSPEC] = {
		{ "x:={}" }, { "x:=0" }, { "x:=false" }, { "x=  " },
		{ "x:=[\"\"]" }, { "x::={}" }, { "x::=[0]" }, { "x=0" },
	};
	const rules_cond *exists = NULL;
	for (size_t i = 0; i < N(conds); i++)
		if (strcmp(conds[i].cond, "x exists") == 0)
			exists = b.it[i].c;
	assert_non_null(exists);
	for (size_t k = 0; k < N(there); k++)
		if (!holds(ru, exists, there[k])) {
			print_error("x exists for %s: false\n",
			    show(&msg, there[k]));
			bad++;
		}
	rules_free(ru);
	book_free(&b);
	sbuf_free(&src);
	sbuf_free(&msg);
	if (bad)
		fail_msg("%d missing checks failed", bad);
}

/* rules_events: the events up to as-of, their types, times and counts */
static void
test_events(void **state)
{
	static const char *const json[NSPEC] = { EVENTS };
	static const char *const csv[NSPEC] = { CSV };
	static const char *const none[NSPEC] = { "n_download=0" };
	static const struct {
		const char *type;
		const char *at;		/* NULL: undated */
		double mult;
	} want_json[] = {
		{ "webinar", "2026-03-01T00:00:00Z", 1 },
		{ "Download", "2026-03-10T00:00:00Z", 1 },
		{ "call", NULL, 1 },
		{ "email_click", NULL, 1 },
	}, want_csv[] = {
		{ "download", "2026-03-10T00:00:00Z", 3 },
		{ "demo", "2026-03-10T00:00:00Z", 2 },
	};
	struct book b = { 0 };
	rules *ru = load_ok("test dl event = \"download\"\n", &b);
	rules_eval *ev = rules_eval_new(ru, as_of);
	const rules_event *e;
	size_t n;
	rec *r;

	(void)state;
	assert_int_equal(rules_as_of(ev), as_of);
	for (int pass = 0; pass < 2; pass++) {
		r = mkrec(pass == 0 ? json : csv);
		size_t nw = pass == 0 ? N(want_json) : N(want_csv);
		rules_eval_start(ev, r);
		e = rules_events(ev, &n);
		assert_int_equal(n, nw);
		for (size_t i = 0; i < n; i++) {
			const char *type = pass == 0 ? want_json[i].type :
			    want_csv[i].type;
			const char *at = pass == 0 ? want_json[i].at :
			    want_csv[i].at;
			double mult = pass == 0 ? want_json[i].mult :
			    want_csv[i].mult;
			assert_string_equal(e[i].type, type);
			assert_true(e[i].mult == mult);
			assert_int_equal(e[i].dated, at != NULL);
			if (at != NULL) {
				time_t t;
				assert_int_not_equal(date_parse(at, strlen(at),
				    false, &t), DATE_BAD);
				assert_int_equal(e[i].at, t);
			}
			assert_int_equal(e[i].obj != NULL, pass == 0);
			/* rules_match_event: the download only */
			assert_int_equal(rules_match_event(ev,
			    find(&b, "dl", 0)->c, i),
			    strcmp(type, pass == 0 ? "Download" : "download")
			    == 0);
		}
		assert_false(rules_match_event(ev, find(&b, "dl", 0)->c, n));
		rec_done(r);
	}
	/* no events; a later as-of sees the future visit */
	r = mkrec(none);
	rules_eval_start(ev, r);
	rules_events(ev, &n);
	assert_int_equal(n, 0);
	rec_done(r);
	rules_eval_free(ev);
	ev = rules_eval_new(ru, as_of + 5 * 86400);
	r = mkrec(json);
	rules_eval_start(ev, r);
	e = rules_events(ev, &n);
	assert_int_equal(n, 5);
	assert_string_equal(e[2].type, "visit");
	rec_done(r);
	/* an earlier one does not see the download */
	rules_eval_free(ev);
	ev = rules_eval_new(ru, as_of - 6 * 86400);
	r = mkrec(json);
	rules_eval_start(ev, r);
	assert_false(rules_match(ev, find(&b, "dl", 0)->c));
	rules_events(ev, &n);
	assert_int_equal(n, 3);
	rec_done(r);
	rules_eval_free(ev);
	rules_free(ru);
	book_free(&b);
}

/* Definitions are tested once a record: a new record, or a refreshed one,
 * gets a new answer; definitions on events are tested per event. */
static void
test_memo(void **state)
{
	static const char *const big[NSPEC] = { "employees:=500", "a=1" };
	static const char *const small[NSPEC] = { "a=1", "employees:=5" };
	struct book b = { 0 };
	rules *ru = load_ok("define big = employees >= 100\n"
	    "define web = event = \"webinar\"\n"
	    "define a1 = a = 1\n"
	    "define big_a = big and a1\n"
	    "test big big\n"
	    "test a1 a1\n"
	    "test big_a big_a\n"
	    "test both big and a = 1\n"
	    "test web_asset web and event.asset exists\n"
	    "test ab a = \"1\" and b = \"2\"\n"
	    "test x x exists\n", &b);
	const rules_cond *cbig = find(&b, "big", 0)->c;
	const rules_cond *both = find(&b, "both", 0)->c;
	const rules_cond *wa = find(&b, "web_asset", 0)->c;
	const rules_cond *ab = find(&b, "ab", 0)->c;
	const rules_cond *x = find(&b, "x", 0)->c;
	const rules_cond *a1 = find(&b, "a1", 0)->c;
	const rules_cond *big_a = find(&b, "big_a", 0)->c;
	rules_eval *ev = rules_eval_new(ru, as_of);
	rec *r1 = mkrec(big), *r2 = mkrec(small);

	(void)state;
	rules_eval_start(ev, r1);
	assert_true(rules_match(ev, cbig));
	assert_true(rules_match(ev, both));
	rules_eval_start(ev, r2);
	assert_false(rules_match(ev, both));
	assert_false(rules_match(ev, cbig));
	/* changed, added, deleted fields, seen after a refresh that names
	 * them */
	const char *emp[] = { "employees" }, *xs[] = { "x" },
	    *both_names[] = { "x", "employees" };
	rec_set_raw(r2, "employees", "200", 3);
	rules_eval_refresh(ev, emp, 1);
	assert_true(rules_match(ev, cbig));
	assert_true(rules_match(ev, both));
	rec_set_str(r2, "employees", "1.200", 5);
	rules_eval_refresh(ev, emp, 1);
	assert_true(rules_match(ev, cbig));
	rec_set_str(r2, "employees", "12", 2);
	rules_eval_refresh(ev, emp, 1);
	assert_false(rules_match(ev, cbig));
	assert_false(rules_match(ev, x));
	rec_set_str(r2, "x", "1", 1);
	rules_eval_refresh(ev, xs, 1);
	assert_true(rules_match(ev, x));
	rec_del(r2, "x");
	rec_set_raw(r2, "employees", "300", 3);
	rules_eval_refresh(ev, both_names, 2);
	assert_false(rules_match(ev, x));
	assert_true(rules_match(ev, cbig));
	/* a definition that reads a refreshed field, or another definition
	 * that does, is tested again; the others keep their result (seen
	 * here by changing a without naming it, which a caller must not) */
	assert_true(rules_match(ev, a1));
	assert_true(rules_match(ev, big_a));
	rec_set_str(r2, "a", "2", 1);
	rec_set_raw(r2, "employees", "30", 2);
	rules_eval_refresh(ev, emp, 1);
	assert_false(rules_match(ev, big_a));
	assert_true(rules_match(ev, a1));
	rec_set_raw(r2, "employees", "3000", 4);
	rules_eval_refresh(ev, emp, 1);
	assert_true(rules_match(ev, big_a));	/* a1 kept: true */
	rules_eval_start(ev, r2);
	assert_false(rules_match(ev, a1));
	assert_false(rules_match(ev, big_a));
	/* the same record again, after it was cleared and filled anew */
	rules_eval_start(ev, r1);
	assert_true(rules_match(ev, cbig));
	rec_clear(r1);
	rec_set_raw(r1, "employees", "7", 1);
	rules_eval_start(ev, r1);
	assert_false(rules_match(ev, cbig));
	assert_false(rules_match(ev, both));
	rec_done(r1);
	rec_done(r2);

	/* field names in other places, and fields gone, record to record */
	static const char *const order[][NSPEC] = {
		{ "a=1", "b=2", "x=1" }, { "b=1", "a=2" }, { "b=2", "a=1" },
		{ "c=0", "b=2", "a=1" }, { "a=1" }, { "b=2", "c=3", "a=1" },
	};
	static const bool want_ab[] = { true, false, true, true, false, true };
	static const bool want_x[] = { true, false, false, false, false,
	    false };
	for (size_t i = 0; i < N(order); i++) {
		rec *r = mkrec(order[i]);
		rules_eval_start(ev, r);
		if (rules_match(ev, ab) != want_ab[i] ||
		    rules_match(ev, x) != want_x[i])
			fail_msg("record %zu: ab %d, x %d", i,
			    rules_match(ev, ab), rules_match(ev, x));
		rec_done(r);
	}

	/* a definition on events is tested per event, not kept */
	static const char *const ev1[NSPEC] = { "events:=[" WEBINAR ","
	    "{\"type\":\"download\",\"asset\":\"x\"}]" };
	static const char *const ev2[NSPEC] = { "events:=["
	    "{\"type\":\"download\",\"asset\":\"x\"},"
	    "{\"type\":\"webinar\",\"asset\":\"y\"}]" };
	rec *r = mkrec(ev1);
	rules_eval_start(ev, r);
	assert_false(rules_match(ev, wa));
	rec_done(r);
	r = mkrec(ev2);
	rules_eval_start(ev, r);
	assert_true(rules_match(ev, wa));
	assert_false(rules_match_event(ev, wa, 0));
	assert_true(rules_match_event(ev, wa, 1));
	rec_done(r);
	/* events are read again for a new record */
	r = mkrec(ev1);
	rules_eval_start(ev, r);
	assert_false(rules_match(ev, wa));
	rec_done(r);
	rules_eval_free(ev);
	rules_free(ru);
	book_free(&b);
}

/* ---- errors: the first one, as file:line:col: message ---- */

struct error_case {
	const char *src;	/* t.rules */
	const char *inc;	/* inc.rules, or NULL */
	const char *err;	/* $F: t.rules' path; $I: inc.rules' */
};

static const struct error_case error_cases[] = {
	{ "test t 3 of (a = 1, b = 1)\n", NULL, "$F:1:8: '3 of' needs a whole "
	  "number from 1 to 2, the number of conditions" },
	{ "test t 0 of (a = 1)\n", NULL, "$F:1:8: '0 of' needs a whole "
	  "number from 1 to 1, the number of conditions" },
	{ "test t 1.5 of (a = 1, b = 1)\n", NULL, "$F:1:8: '1.5 of' needs a "
	  "whole number from 1 to 2, the number of conditions" },
	{ "test t 2 of a = 1\n", NULL, "$F:1:13: expected '(', found 'a'" },
	{ "test t a = \"abc\n", NULL, "$F:1:12: unterminated string" },
	{ "test t a = \"ab\ncd\"\n", NULL, "$F:1:12: unterminated string" },
	{ "test t `a b = 1\n", NULL, "$F:1:8: unterminated `name`" },
	{ "test t employees >\n", NULL,
	  "$F:1:19: expected a field or a value, found end of line" },
	{ "test t employees >", NULL,
	  "$F:1:19: expected a field or a value, found end of file" },
	{ "\n\ntest t (a = 1\n\n", NULL,
	  "$F:3:8: this ( or [ is not closed" },
	{ "test t a in [1,\n  2\n", NULL,
	  "$F:1:13: this ( or [ is not closed" },
	{ "test t (a = 1))\n", NULL,
	  "$F:1:15: expected the end of the line, found ')'" },
	{ "test t ( )\n", NULL,
	  "$F:1:10: expected a field or a value, found ')'" },
	{ "test t consent\n", NULL,
	  "$F:1:8: unknown definition 'consent' (define it above this line; "
	  "a field needs a test: consent = value, consent exists)" },
	{ "test t a = 1 and consent\n", NULL,
	  "$F:1:18: unknown definition 'consent' (define it above this line; "
	  "a field needs a test: consent = value, consent exists)" },
	{ "test t big\ndefine big = x = 1\n", NULL,
	  "$F:1:8: unknown definition 'big' (define it above this line; "
	  "a field needs a test: big = value, big exists)" },
	{ "define a = x = 1\n\ndefine a = x = 2\n", NULL,
	  "$F:3:8: 'a' is already defined at $F:1" },
	{ "define and = x = 1\n", NULL,
	  "$F:1:8: expected a name to define, found 'and'" },
	{ "test t and = 1\n", NULL,
	  "$F:1:8: expected a field or a value, found 'and'" },
	{ "test t a = 1 ; b\n", NULL, "$F:1:14: unexpected ';'" },
	{ "test t a = 1 b\n", NULL,
	  "$F:1:14: expected the end of the line, found 'b'" },
	{ "test t 5 = 5\n", NULL, "$F:1:13: a test needs a field on one side" },
	{ "test t 5 within 3d\n", NULL,
	  "$F:1:10: expected a field before the test, found 'within'" },
	{ "test t flag > true\n", NULL,
	  "$F:1:19: true and false compare only with = and !=" },
	{ "test t a\n  = 1\n", NULL,
	  "$F:1:8: unknown definition 'a' (define it above this line; "
	  "a field needs a test: a = value, a exists)" },
	{ "test t a contains 5\n", NULL,
	  "$F:1:19: expected a string in quotes, found '5'" },
	{ "test t a starts \"x\"\n", NULL,
	  "$F:1:17: expected 'with', found '\"x\"'" },
	{ "test t a ~ b\n", NULL,
	  "$F:1:12: expected a regular expression in quotes, found 'b'" },
	{ "test t a in []\n", NULL, "$F:1:14: expected a value, found ']'" },
	{ "test t a in [b]\n", NULL, "$F:1:14: expected a value, found 'b'" },
	{ "test t a in \"x\"\n", NULL, "$F:1:13: expected '[', found '\"x\"'" },
	{ "test t a not \"x\"\n", NULL,
	  "$F:1:14: expected 'in', found '\"x\"'" },
	{ "test t a\n", NULL,
	  "$F:1:8: unknown definition 'a' (define it above this line; "
	  "a field needs a test: a = value, a exists)" },
	{ "test t a is 5\n", NULL,
	  "$F:1:8: unknown definition 'a' (define it above this line; "
	  "a field needs a test: a = value, a exists)" },
	{ "test t a = \n", NULL,
	  "$F:1:12: expected a field or a value, found end of line" },
	{ "test t a ~ \"(\"\n", NULL,
	  "$F:1:12: bad regular expression: missing closing parenthesis "
	  "(at character 2)" },
	{ "test t a = 1\n# c\n\n  and b ~* \"x[\"\n", NULL,
	  "$F:4:12: bad regular expression: missing terminating ] for "
	  "character class (at character 3)" },
	/* columns count characters, not bytes */
	{ "test t straße = 1\n  and größe >\n", NULL,
	  "$F:2:14: expected a field or a value, found end of line" },
	{ "test t title = \"Geschäftsführer\" or\n", NULL,
	  "$F:1:36: expected a condition, found end of line" },
	/* tokens */
	{ "test t d within 3x\n", NULL,
	  "$F:1:17: bad duration '3x' (write a number and h, d, w, mo or y: "
	  "30d)" },
	{ "test t d within 3m\n", NULL,
	  "$F:1:17: bad duration '3m' (write a number and h, d, w, mo or y: "
	  "30d)" },
	{ "test t d within 30days\n", NULL,
	  "$F:1:17: bad duration '30days' (write a number and h, d, w, mo or "
	  "y: 30d)" },
	{ "test t d within 30\n", NULL,
	  "$F:1:17: expected a duration (30d, 12h, 2w, 6mo, 1y), found '30'" },
	{ "dur x -3d\n", NULL,
	  "$F:1:7: bad duration '-3d' (write a number and h, d, w, mo or y: "
	  "30d)" },
	{ "dur x 3 d\n", NULL,
	  "$F:1:7: expected a duration (30d, 12h, 2w, 6mo, 1y), found '3'" },
	{ "num x 30d\n", NULL, "$F:1:7: expected a number, found '30d'" },
	{ "num x y\n", NULL, "$F:1:7: expected a number, found 'y'" },
	{ "test t a = 0x10\n", NULL, "$F:1:12: bad number" },
	{ "test t d = 2024-02-30\n", NULL,
	  "$F:1:12: bad date '2024-02-30' (write 2024-03-01 or "
	  "2024-03-01T14:30:00Z)" },
	{ "test t d = 2024-03-01T25:00:00Z\n", NULL,
	  "$F:1:12: bad date '2024-03-01T25:00:00Z' (write 2024-03-01 or "
	  "2024-03-01T14:30:00Z)" },
	{ "test t d in @nope.txt\n", NULL,
	  "$F:1:13: list nope.txt: No such file or directory" },
	{ "test t d in @\n", NULL, "$F:1:13: expected a file name after '@'" },
	/* within */
	{ "test t employees > 5 within 30d\n", NULL,
	  "$F:1:29: 'within' after a test needs a test on events; to test a "
	  "date, write: field within 30d" },
	{ "test t count(event = \"x\") within 3d\n", NULL,
	  "$F:1:8: 'within' needs a date field or event" },
	{ "test t count(a = 1) > 0\n", NULL,
	  "$F:1:14: count() needs a test on events (event = \"download\")" },
	/* statements */
	{ "| a = 1\n", NULL,
	  "$F:1:1: a line starting with '|' continues a statement, and there "
	  "is none before it" },
	{ "test t a = 1\norder = 2\n", NULL,
	  "$F:2:1: expected a statement, found 'order'" },
	{ "test t a = 1\n  andrew = 2\n", NULL,
	  "$F:2:3: expected a statement, found 'andrew'" },
	{ "test t a = 1\n  | b = 2\n", NULL,
	  "$F:2:3: expected the end of the line, found '|'" },
	{ "test x\n", NULL, "$F:1:7: expected a condition, found end of line" },
	{ "test event a = 1\n", NULL,
	  "$F:1:6: expected a name, found 'event'" },
	{ "include nope.rules\n", NULL,
	  "$F:1:9: expected a file name in quotes, found 'nope.rules'" },
	{ "include \"nope.rules\"\n", NULL,
	  "$F:1:9: cannot read $D/nope.rules: No such file or directory" },
	/* errors in an included file name it; a cycle names the chain */
	{ "test t a = 1\ninclude \"inc.rules\"\n", "# inc\ntest u a =\n",
	  "$I:2:11: expected a field or a value, found end of line" },
	{ "include \"inc.rules\"\n", "include \"t.rules\"\n",
	  "$I:1:9: include cycle: $F -> $I -> $F" },
	{ "include \"t.rules\"\n", NULL, "$F:1:9: include cycle: $F -> $F" },
	{ "include \"inc.rules\"\ntest t big\n", "define big = x = 1\n"
	  "define big = x = 2\n",
	  "$I:2:8: 'big' is already defined at $I:1" },
	{ "define big = x = 1\ninclude \"inc.rules\"\n", "define big = y = 1\n",
	  "$I:1:8: 'big' is already defined at $F:1" },
};

/* expand: $F, $I, $D in s. */
static const char *
expand(sbuf *out, const char *s)
{
	sbuf_reset(out);
	for (; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] != '\0' && strchr("FID", s[1])) {
			sbuf_adds(out, tmpdir);
			if (s[1] != 'D')
				sbuf_adds(out, s[1] == 'F' ? "/t.rules" :
				    "/inc.rules");
			s++;
		} else {
			sbuf_addc(out, *s);
		}
	}
	return out->p;
}

static void
test_errors(void **state)
{
	sbuf err = SBUF_INIT, want = SBUF_INIT;
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < N(error_cases); i++) {
		const struct error_case *c = &error_cases[i];
		struct book b = { 0 };
		tmpdir_write("inc.rules", c->inc != NULL ? c->inc : "");
		sbuf_reset(&err);
		rules *ru = load(c->src, &b, &err);
		expand(&want, c->err);
		if (ru != NULL) {
			print_error("%s-- loads; want %s\n", c->src, want.p);
			bad++;
			rules_free(ru);
		} else if (strcmp(sbuf_str(&err), want.p) != 0) {
			print_error("%s-- got  %s\n-- want %s\n", c->src,
			    sbuf_str(&err), want.p);
			bad++;
		}
		book_free(&b);
	}
	/* a file that cannot be read */
	struct book b = { 0 };
	sbuf path = SBUF_INIT;
	assert_null(rules_load(tmpdir_path(&path, "nope.rules"), stmt, &b,
	    &err));
	assert_string_equal(err.p, expand(&want, "$D/nope.rules: No such "
	    "file or directory"));
	assert_null(rules_load(tmpdir, stmt, &b, &err));
	assert_string_equal(err.p, expand(&want, "$D: Is a directory"));
	sbuf_free(&path);
	sbuf_free(&err);
	sbuf_free(&want);
	if (bad)
		fail_msg("%d error checks failed", bad);
}

/* ---- finer points of lead-rules(5) ---- */

/* String comparisons ignore case by Unicode case folding, not lower case
 * alone: final sigma and sharp s fold too. */
static const struct eval_case test_casefold_cases[] = {
	{ "name = \"ΣΊΣΥΦΟΣ\"", { "name=σίσυφος" }, true },
	{ "name in [\"ΣΊΣΥΦΟΣ\"]", { "name=σίσυφος" }, true },
	{ "city = \"STRASSE\"", { "city=Straße" }, true },
	{ "city ends with \"SS\"", { "city=Groß" }, true },
};

static void
test_casefold(void **state)
{
	(void)state;
	run_evals(test_casefold_cases, N(test_casefold_cases));
}

/* With no event at all every test on events is false, "missing" too; with
 * events, "event.KEY missing" holds for an event without the member. */
static const struct eval_case test_no_event_cases[] = {
	{ "event missing", { "x=1" }, false },
	{ "event missing", { "events:=[" WEBINAR "]" }, false },
	{ "event.asset missing", { "x=1" }, false },
	{ "event.asset missing",
	  { "events:=[{\"type\":\"download\",\"asset\":\"x\"}]" }, false },
	{ "event.asset missing", { "events:=[" WEBINAR "]" }, true },
};

static void
test_no_event(void **state)
{
	(void)state;
	run_evals(test_no_event_cases, N(test_no_event_cases));
}

/* contains on an array, an event member's too, compares whole elements,
 * never the JSON text. */
static const struct eval_case test_event_array_cases[] = {
	{ "event.tags contains \"ab\"", { EVENTS }, true },
	{ "event.tags contains \"a\"", { EVENTS }, false },
	{ "event.tags contains \"b\\\",\\\"c\"", { EVENTS }, false },
};

static void
test_event_array(void **state)
{
	(void)state;
	run_evals(test_event_array_cases, N(test_event_array_cases));
}

/* "event.KEY within D" reads the member as a date. */
static const struct eval_case test_event_key_within_cases[] = {
	{ "event.at within 5d", { EVENTS }, true },
	{ "event.at within 4d", { EVENTS }, false },
};

static void
test_event_key_within(void **state)
{
	(void)state;
	run_evals(test_event_key_within_cases, N(test_event_key_within_cases));
}

/* count( may have white space before its parenthesis. */
static const struct eval_case test_count_space_cases[] = {
	{ "count (event = \"webinar\") = 1", { EVENTS }, true },
	{ "count (event = \"webinar\") = 0", { EVENTS }, false },
};

static void
test_count_space(void **state)
{
	(void)state;
	run_evals(test_count_space_cases, N(test_count_space_cases));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_cond_events),
		cmocka_unit_test(test_eval),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_casefold),
		cmocka_unit_test(test_no_event),
		cmocka_unit_test(test_event_array),
		cmocka_unit_test(test_event_key_within),
		cmocka_unit_test(test_count_space),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
