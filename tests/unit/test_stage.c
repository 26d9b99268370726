/* test_stage.c - unit tests for stage.c: chains of several stages
 *
 * Tiny test stages over records {"n":N}: one passes every record, one
 * rejects the odd ones, one sets aside every third (n a multiple of 3), one
 * every fifth, one holds them all and emits them at its finish (what it
 * keeps of each made by its prep: on a worker thread when there are
 * threads, else at its take; the even ones emitted as text with a note,
 * parsed and noted on a worker thread when there are threads).  Each
 * chain runs on one thread and on two (LEADKIT_THREADS), over more records
 * than a batch, with standard output and standard error sent to files of
 * the test's temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/cli.h"
#include "io/input.h"
#include "io/stage.h"
#include "base/sbuf.h"
#include "base/xmem.h"
#include "tmpdir.h"

/* More records than a batch (STAGE_BATCH), so that threads start. */
#define NREC 3000

/* ---- the test stages ---- */

typedef struct tstage {
	stage st;
	long reject_mod;	/* reject when n % reject_mod == 1; 0: never */
	long aside_mod;		/* set aside when n % aside_mod == 0; 0: never */
	long make;		/* no input: emit 1..make at finish */
} tstage;

static long
n_of(rec *r)
{
	const char *s = rec_get(r, "n", NULL);

	return s != NULL ? strtol(s, NULL, 10) : -1;
}

static void
t_take(stage *st, rec *r)
{
	tstage *t = (tstage *)st;
	long n = n_of(r);

	if (t->reject_mod > 0 && n % t->reject_mod == 1)
		stage_reject(st, r, "odd: %ld", n);
	else if (t->aside_mod > 0 && n % t->aside_mod == 0)
		stage_set_aside(st, r);
	else
		stage_emit(st, r);
}

static void
t_make(stage *st)
{
	tstage *t = (tstage *)st;
	rec *r = rec_new();

	for (long i = 1; i <= t->make; i++) {
		rec_clear(r);
		rec_set_num(r, "n", (double)i);
		stage_fetched(st);
		stage_emit(st, r);
	}
	rec_free(r);
}

static void
t_free(stage *st)
{
	free(st);
}

/* t_clone: options only; label, rejects, aside and stats are the
 * original's business (the run looks them up there). */
static stage *
t_clone(const stage *st)
{
	const tstage *t = (const tstage *)st;
	tstage *c = xcalloc(1, sizeof *c);

	c->st.vt = t->st.vt;
	c->reject_mod = t->reject_mod;
	c->aside_mod = t->aside_mod;
	return &c->st;
}

static const stage_vt t_vt = {
	.name = "test", .take = t_take, .free = t_free, .clone = t_clone,
};
static const stage_vt t_make_vt = {
	.name = "test-make", .take = t_take, .finish = t_make, .free = t_free,
};

/* A stage that needs every record: it keeps their n and emits them at
 * finish (as dedupe does), so the stages after it are fed from there. */
typedef struct hold {
	stage st;
	long *n;
	size_t count, cap;
} hold;

/* h_prep: what the hold stage keeps of r (2n, as text), made on a worker
 * thread when the stages before it run there (stage.h, prep). */
static void
h_prep(const stage *st, rec *r, sbuf *out, sbuf *tmp)
{
	(void)st;
	(void)tmp;
	sbuf_addf(out, "%ld", 2 * n_of(r));
}

static void
h_take(stage *st, rec *r)
{
	hold *h = (hold *)st;
	size_t len;
	const char *p = stage_prepped(st, r, &len);

	if (h->count == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->n = xreallocarray(h->n, h->cap, sizeof *h->n);
	}
	assert_true(len > 0);
	h->n[h->count++] = strtol(p, NULL, 10) / 2;
}

/* h_finish: the records again, the even ones as their text with a note
 * (stage_emit_text: h_post parses them and adds its note, on a worker thread when the
 * stages after it run there, or the workers write the output). */
static void
h_finish(stage *st)
{
	hold *h = (hold *)st;
	rec *r = rec_new();
	char line[64];

	for (size_t i = 0; i < h->count; i++) {
		rec_clear(r);
		if (h->n[i] % 2 == 0) {
			int len = snprintf(line, sizeof line, "{\"n\":%ld}",
			    h->n[i]);
			r->raw = rec_strdup(r, line, (size_t)len);
			r->rawlen = (size_t)len;
			stage_emit_text(st, r, "text", 4);
			continue;
		}
		rec_set_num(r, "n", (double)h->n[i]);
		stage_emit(st, r);
	}
	rec_free(r);
}

/* h_post: a record emitted as text is parsed and gets "held" from its
 * note. */
static void
h_post(const stage *st, rec *r, const char *note, size_t n)
{
	sbuf why = SBUF_INIT;

	(void)st;
	assert_int_equal(input_parse_json(r, &why), 0);
	sbuf_free(&why);
	rec_set_str(r, "held", note, n);
}

static void
h_free(stage *st)
{
	free(((hold *)st)->n);
	free(st);
}

static const stage_vt h_vt = {
	.name = "test-hold", .take = h_take, .finish = h_finish,
	.free = h_free, .prep = h_prep, .post = h_post,
};

static stage *
hold_new(const char *label)
{
	hold *h = xcalloc(1, sizeof *h);

	h->st.vt = &h_vt;
	h->st.label = label;
	h->st.stats = true;
	return &h->st;
}

static stage *
tstage_new(const char *label, long reject_mod, long aside_mod)
{
	tstage *t = xcalloc(1, sizeof *t);

	t->st.vt = &t_vt;
	t->st.label = label;
	t->st.stats = true;
	t->reject_mod = reject_mod;
	t->aside_mod = aside_mod;
	return &t->st;
}

/* ---- running a chain ---- */

static char *
slurp(const char *name)
{
	sbuf path = SBUF_INIT, b = SBUF_INIT;
	FILE *fp = fopen(tmpdir_path(&path, name), "r");
	char buf[4096];
	size_t n;

	if (fp == NULL)
		fail_msg("%s: cannot open", name);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sbuf_add(&b, buf, n);
	fclose(fp);
	sbuf_free(&path);
	char *s = xstrdup(sbuf_str(&b));
	sbuf_free(&b);
	return s;
}

static void
redirect(int fd, const char *name, int flags)
{
	sbuf path = SBUF_INIT;
	int f = open(tmpdir_path(&path, name), flags, 0644);

	assert_true(f >= 0);
	assert_int_equal(dup2(f, fd), fd);
	close(f);
	sbuf_free(&path);
}

/* run: the chain at first over the file "in" (none when files is false),
 * on threads threads, stdout to "out", stderr to "err".  Returns the exit
 * status. */
static int
run(stage *first, const char *rejects, bool files, const char *threads)
{
	static cli_opts o;
	sbuf in = SBUF_INIT;
	char *argv[] = { (char *)"lead-test", NULL };
	char *list[1];
	int save1 = dup(1), save2 = dup(2), rc;

	cli_init(&o, argv, "lead-test", "usage");
	o.rejects = rejects;
	setenv("LEADKIT_THREADS", threads, 1);
	list[0] = (char *)tmpdir_path(&in, "in");
	fflush(stdout);
	fflush(stderr);
	redirect(1, "out", O_WRONLY | O_CREAT | O_TRUNC);
	redirect(2, "err", O_WRONLY | O_CREAT | O_TRUNC);
	rc = stage_run(first, &o, list, files ? 1 : 0);
	fflush(stdout);
	fflush(stderr);
	dup2(save1, 1);
	dup2(save2, 2);
	close(save1);
	close(save2);
	sbuf_free(&in);
	return rc;
}

static void
write_input(void)
{
	sbuf b = SBUF_INIT;

	for (int i = 1; i <= NREC; i++)
		sbuf_addf(&b, "{\"n\":%d}\n", i);
	tmpdir_write("in", sbuf_str(&b));
	sbuf_free(&b);
}

/* check_ns: text is NDJSON records whose n are those in 1..NREC for which
 * want(n) holds, in order. */
static void
check_ns(const char *what, const char *text, bool (*want)(long))
{
	const char *p = text;

	for (long n = 1; n <= NREC; n++) {
		if (!want(n))
			continue;
		const char *at = strstr(p, "\"n\":");
		if (at == NULL)
			fail_msg("%s: %ld missing", what, n);
		long got = strtol(at + 4, NULL, 10);
		if (got != n)
			fail_msg("%s: %ld where %ld was due", what, got, n);
		p = strchr(at, '\n');
		assert_non_null(p);
	}
	if (strstr(p, "\"n\":") != NULL)
		fail_msg("%s: more records than due", what);
}

static bool is_out(long n) { return n % 2 == 0 && n % 3 != 0; }
static bool is_odd(long n) { return n % 2 == 1; }
static bool is_sixth(long n) { return n % 6 == 0; }
static bool is_out5(long n) { return n % 2 == 0 && n % 3 != 0 && n % 5 != 0; }
static bool is_fifth(long n) { return n % 2 == 0 && n % 3 != 0 && n % 5 == 0; }

/* ---- tests ---- */

/* pass -> odd (its own rejects) -> third (its own aside file); with hold,
 * pass -> hold -> odd -> third: with threads, pass runs on them, hold on
 * the main thread, and what hold emits at its finish goes to odd and third
 * on them: the same output, rejects, aside and counts. */
static void
chain3(const char *threads, bool with_hold)
{
	sbuf rej = SBUF_INIT, aside = SBUF_INIT, want = SBUF_INIT;
	stage *a = tstage_new("t-pass", 0, 0);
	stage *h = with_hold ? hold_new("t-hold") : NULL;
	stage *b = tstage_new("t-odd", 2, 0);
	stage *c = tstage_new("t-third", 0, 3);
	char *s;

	write_input();
	b->rejects = tmpdir_path(&rej, "odd.rejects");
	c->aside = tmpdir_path(&aside, "third.aside");
	a->next = h != NULL ? h : b;
	if (h != NULL)
		h->next = b;
	b->next = c;
	assert_int_equal(run(a, NULL, true, threads), 0);
	check_ns("out", s = slurp("out"), is_out);
	free(s);
	s = slurp("odd.rejects");
	check_ns("rejects", s, is_odd);
	assert_non_null(strstr(s, "\"reject_reason\":\"odd: 1\""));
	free(s);
	s = slurp("third.aside");
	check_ns("aside", s, is_sixth);
	if (h != NULL)	/* 6, 12...: even, emitted as text by hold */
		assert_non_null(strstr(s, "{\"n\":6,\"held\":\"text\"}"));
	free(s);
	/* in = out + rejected + suppressed, stage by stage */
	sbuf_adds(&want,
	    "t-pass: stats: in=3000 out=3000 rejected=0 suppressed=0\n");
	if (h != NULL)
		sbuf_adds(&want, "t-hold: stats: in=3000 out=3000 rejected=0 "
		    "suppressed=0\n");
	sbuf_adds(&want,
	    "t-odd: stats: in=3000 out=1500 rejected=1500 suppressed=0\n"
	    "t-third: stats: in=1500 out=1000 rejected=0 suppressed=500\n");
	assert_string_equal(s = slurp("err"), sbuf_str(&want));
	free(s);
	sbuf_free(&rej);
	sbuf_free(&aside);
	sbuf_free(&want);
}

static void test_chain3(void **state) { (void)state; chain3("1", false); }
static void test_chain3_threads(void **state) { (void)state; chain3("2", false); }
static void test_held(void **state) { (void)state; chain3("1", true); }
static void test_held_threads(void **state) { (void)state; chain3("2", true); }

static bool
is_any(long n)
{
	(void)n;
	return true;
}

/* pass -> hold, or hold alone, hold last: with threads, the workers write
 * what hold's finish emits (and parse and note what it emits as text), in
 * order; alone, they also parse the input for it and run its prep. */
static void
hold_last(const char *threads, bool alone)
{
	stage *a = tstage_new("t-pass", 0, 0);
	stage *h = hold_new("t-hold");
	char *s;

	write_input();
	a->next = h;
	assert_int_equal(run(alone ? h : a, NULL, true, threads), 0);
	s = slurp("out");
	check_ns("out", s, is_any);
	assert_non_null(strstr(s, "{\"n\":1}\n{\"n\":2,\"held\":\"text\"}\n"));
	free(s);
	assert_string_equal(s = slurp("err"), alone ?
	    "t-hold: stats: in=3000 out=3000 rejected=0 suppressed=0\n" :
	    "t-pass: stats: in=3000 out=3000 rejected=0 suppressed=0\n"
	    "t-hold: stats: in=3000 out=3000 rejected=0 suppressed=0\n");
	free(s);
	if (alone)
		a->vt->free(a);
}

static void test_hold_last(void **state) { (void)state; hold_last("1", false); }
static void test_hold_last_threads(void **state) { (void)state; hold_last("2", false); }
static void test_hold_alone(void **state) { (void)state; hold_last("1", true); }
static void test_hold_alone_threads(void **state) { (void)state; hold_last("2", true); }

/* Two stages with aside files: each has its own; rejects without a file of
 * their own go to the run's; a stage without stats prints none. */
static void
two_asides(const char *threads)
{
	sbuf p3 = SBUF_INIT, p5 = SBUF_INIT, rej = SBUF_INIT;
	stage *a = tstage_new("t-odd", 2, 3);
	stage *b = tstage_new("t-fifth", 0, 5);
	char *s;

	write_input();
	a->aside = tmpdir_path(&p3, "third.aside");
	b->aside = tmpdir_path(&p5, "fifth.aside");
	b->stats = false;
	a->next = b;
	assert_int_equal(run(a, tmpdir_path(&rej, "run.rejects"), true,
	    threads), 0);
	check_ns("out", s = slurp("out"), is_out5);
	free(s);
	check_ns("rejects", s = slurp("run.rejects"), is_odd);
	free(s);
	check_ns("third", s = slurp("third.aside"), is_sixth);
	free(s);
	check_ns("fifth", s = slurp("fifth.aside"), is_fifth);
	free(s);
	assert_string_equal(s = slurp("err"),
	    "t-odd: stats: in=3000 out=1000 rejected=1500 suppressed=500\n");
	free(s);
	sbuf_free(&p3);
	sbuf_free(&p5);
	sbuf_free(&rej);
}

static void test_two_asides(void **state) { (void)state; two_asides("1"); }
static void test_two_asides_threads(void **state) { (void)state; two_asides("2"); }

/* Rejects without any file: messages under the stage's label, the first
 * 100, then a count under the program's name; exit 1. */
static void
messages(const char *threads)
{
	stage *a = tstage_new(NULL, 0, 0);
	stage *b = tstage_new("t-odd", 2, 0);
	char *s;

	write_input();
	a->stats = false;
	b->stats = false;
	a->next = b;
	assert_int_equal(run(a, NULL, true, threads), 1);
	s = slurp("err");
	assert_non_null(strstr(s, "t-odd: "));
	assert_non_null(strstr(s, "/in:1: odd: 1\n"));
	assert_non_null(strstr(s, "/in:199: odd: 199\n"));
	assert_null(strstr(s, "odd: 201\n"));
	assert_non_null(strstr(s, "lead-test: 1400 more rejected records not "
	    "shown (use --rejects FILE)\n"));
	free(s);
}

static void test_messages(void **state) { (void)state; messages("1"); }
static void test_messages_threads(void **state) { (void)state; messages("2"); }

/* A first stage with no_input: no file is opened, not even stdin; what it
 * fetched is its in. */
static void
test_no_input(void **state)
{
	tstage *t = xcalloc(1, sizeof *t);
	stage *b = tstage_new("t-odd", 2, 0);
	sbuf rej = SBUF_INIT;
	int save0 = dup(0);
	char *s;

	(void)state;
	tmpdir_write("stdin", "{\"n\":1000}\n");
	redirect(0, "stdin", O_RDONLY);
	t->st.vt = &t_make_vt;
	t->st.label = "t-make";
	t->st.stats = true;
	t->st.no_input = true;
	t->make = 5;
	t->st.next = b;
	assert_int_equal(run(&t->st, tmpdir_path(&rej, "rej"), false, "2"),
	    0);
	dup2(save0, 0);
	close(save0);
	assert_string_equal(s = slurp("out"), "{\"n\":2}\n{\"n\":4}\n");
	free(s);
	assert_string_equal(s = slurp("err"),
	    "t-make: stats: in=5 out=5 rejected=0 suppressed=0\n"
	    "t-odd: stats: in=5 out=2 rejected=3 suppressed=0\n");
	free(s);
	sbuf_free(&rej);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain3),
		cmocka_unit_test(test_chain3_threads),
		cmocka_unit_test(test_two_asides),
		cmocka_unit_test(test_two_asides_threads),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_messages_threads),
		cmocka_unit_test(test_no_input),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_held_threads),
		cmocka_unit_test(test_hold_last),
		cmocka_unit_test(test_hold_last_threads),
		cmocka_unit_test(test_hold_alone),
		cmocka_unit_test(test_hold_alone_threads),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
