/* stage.c - a program's work as a stage, and the loop that runs stages */
#include "io/stage.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/input.h"
#include "io/jscan.h"
#include "io/output.h"
#include "base/sbuf.h"
#include "base/xmem.h"

/* Reject messages printed to stderr before only a count is kept. */
#define STAGE_MAX_MESSAGES 100
/* Records a batch hands to a worker thread, and batches in flight per
 * worker: the memory bound of a threaded run. */
#define STAGE_BATCH 256
#define STAGE_INFLIGHT 2
#define STAGE_MAX_THREADS 16

/* A chain and where what it emits goes: one per thread. */
struct stage_run_ctx {
	const cli_opts *o;
	stage *first;
	output *out;		/* standard output, or memory in a worker */
	output *rej;		/* --rejects, or memory in a worker; or NULL */
	output *aside;		/* the stage's set-aside file, or memory in a
				 * worker; or NULL */
	sbuf msgs;		/* reject messages for stderr, one a line */
	unsigned long long nout, nrej, nsup;
	unsigned long long nfetched;	/* records read from elsewhere */
	sbuf why, tmp;
};

/* ---- one chain ---- */

/* valid_utf8: s itself, or a copy with invalid bytes as U+FFFD in tmp. */
static const char *
valid_utf8(sbuf *tmp, const char *s, size_t *n)
{
	size_t ok = jscan_utf8_valid(s, *n);

	if (ok == *n)
		return s;
	sbuf_reset(tmp);
	while (*n > 0) {
		ok = jscan_utf8_valid(s, *n);
		sbuf_add(tmp, s, ok);
		if (ok == *n)
			break;
		sbuf_adds(tmp, "\xEF\xBF\xBD");
		s += ok + 1;
		*n -= ok + 1;
	}
	*n = tmp->n;
	return tmp->p;
}

static void
reject(stage_run_ctx *run, rec *r, const char *reason)
{
	run->nrej++;
	if (run->rej == NULL) {
		sbuf_addf(&run->msgs, "%s: ", cli_progname());
		if (r->file != NULL && r->line > 0)
			sbuf_addf(&run->msgs, "%s:%lu: ", r->file, r->line);
		else if (r->file != NULL)
			sbuf_addf(&run->msgs, "%s: ", r->file);
		sbuf_addf(&run->msgs, "%s\n", reason);
		return;
	}
	if ((r->n == 0 || r->partial) && r->raw != NULL) {
		size_t n = r->rawlen;
		rec_drop_fields(r);
		const char *raw = valid_utf8(&run->tmp, r->raw, &n);
		rec_set_str(r, "raw", raw, n);
	}
	rec_set_str(r, "reject_reason", reason, strlen(reason));
	if (r->file != NULL)
		rec_set_str(r, "reject_file", r->file, strlen(r->file));
	if (r->line > 0)
		rec_set_num(r, "reject_line", (double)r->line);
	output_write(run->rej, r, NULL);
}

void
stage_fetched(stage *st)
{
	st->run->nfetched++;
}

void
stage_emit(stage *st, rec *r)
{
	stage_run_ctx *run = st->run;
	const char *why;

	if (st->next != NULL) {
		st->next->vt->take(st->next, r);
		return;
	}
	if (output_write(run->out, r, &why) != 0) {
		sbuf_reset(&run->why);
		sbuf_adds(&run->why, why);
		reject(run, r, run->why.p);
		return;
	}
	run->nout++;
}

void
stage_print(stage *st, bool counted, const char *s, size_t n)
{
	stage_run_ctx *run = st->run;

	if (counted)
		run->nout++;
	if (n == 0)
		return;
	if (run->out != NULL)
		output_append(run->out, s, n);
	else if (fwrite(s, 1, n, stdout) != n)
		cli_die(LK_EXIT_DATA, "standard output: write error:");
}

void
stage_reject(stage *st, rec *r, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sbuf_reset(&st->run->why);
	sbuf_grow(&st->run->why, (size_t)len);
	va_start(ap, fmt);
	vsnprintf(st->run->why.p, (size_t)len + 1, fmt, ap);
	va_end(ap);
	st->run->why.n = (size_t)len;
	reject(st->run, r, st->run->why.p);
}

void
stage_suppress(stage *st)
{
	st->run->nsup++;
}

void
stage_set_aside(stage *st, rec *r)
{
	stage_run_ctx *run = st->run;
	const char *why;

	if (run->aside != NULL && output_write(run->aside, r, &why) != 0) {
		sbuf_reset(&run->why);
		sbuf_adds(&run->why, why);
		reject(run, r, run->why.p);
		return;
	}
	run->nsup++;
}

/* run_one: r through ctx's chain; bad (a reader's reason) rejects it; an
 * unparsed NDJSON line (input_defer_json) is parsed first. */
static void
run_one(stage_run_ctx *ctx, rec *r, const char *bad, bool unparsed)
{
	if (unparsed && input_parse_json(r, &ctx->tmp) != 0)
		bad = ctx->tmp.p;
	if (bad != NULL) {
		sbuf_reset(&ctx->why);
		sbuf_adds(&ctx->why, bad);
		reject(ctx, r, ctx->why.p);
		return;
	}
	ctx->first->vt->take(ctx->first, r);
}

static void
ctx_init(stage_run_ctx *ctx, const cli_opts *o, stage *first)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->o = o;
	ctx->first = first;
	for (stage *st = first; st != NULL; st = st->next)
		st->run = ctx;
}

static void
chain_free(stage *first)
{
	for (stage *st = first, *next; st != NULL; st = next) {
		next = st->next;
		if (st->vt->free != NULL)
			st->vt->free(st);
	}
}

/* ---- the run ---- */

typedef enum { B_FREE, B_READY, B_RUNNING, B_DONE } batch_state;

typedef struct batch {
	rec *r[STAGE_BATCH];
	char *bad[STAGE_BATCH];	/* a reader's reason, or NULL */
	bool unparsed[STAGE_BATCH];	/* an NDJSON line still to parse */
	size_t n;
	batch_state state;
	sbuf out, rej, aside, msgs;
	unsigned long long nout, nrej, nsup;
} batch;

typedef struct runner {
	const cli_opts *o;
	stage *first;
	const char **declared;
	lk_format out_fmt;
	FILE *rejfp;
	const char *aside;	/* the set-aside file's path, or NULL */
	FILE *asidefp;
	stage_run_ctx main;	/* the main thread's chain and output */
	unsigned long long nin;
	unsigned long long shown;	/* reject messages printed */
	/* threads */
	int nthreads;
	pthread_t thread[STAGE_MAX_THREADS];
	batch *ring;
	size_t nring, fill, write;	/* batch numbers: next to fill, write */
	bool claimed;		/* the batch at fill is free and being filled */
	bool eof;
	pthread_mutex_t mu;
	pthread_cond_t ready, done;
	/* the records read ahead for the first stage's prime(), with what
	 * input_next said of each; run from ipre on before the rest */
	rec **pre;
	int *prerc;
	char **prewhy;
	size_t npre, ipre;
} runner;

/* show: print reject messages, the first STAGE_MAX_MESSAGES of the run. */
static void
show(runner *rn, sbuf *msgs)
{
	const char *p = sbuf_str(msgs), *end = p + msgs->n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		if (rn->shown++ < STAGE_MAX_MESSAGES) {
			fflush(stdout);
			fwrite(p, 1, len, stderr);
		}
		p += len;
	}
	sbuf_reset(msgs);
}

static output *
memory_writer(runner *rn, lk_format fmt)
{
	return output_new(NULL, "memory", fmt, rn->o->delim, false,
	    rn->declared);
}

/* worker: clone the chain, then run batches until the input is done. */
static void *
worker(void *arg)
{
	runner *rn = arg;
	stage *first = NULL, **link = &first;
	stage_run_ctx ctx;

	for (stage *st = rn->first; st != NULL; st = st->next) {
		*link = st->vt->clone(st);
		link = &(*link)->next;
	}
	ctx_init(&ctx, rn->o, first);
	ctx.out = memory_writer(rn, rn->out_fmt);
	output_same_header(ctx.out, rn->main.out);
	if (rn->o->rejects != NULL)
		ctx.rej = memory_writer(rn, LK_FMT_NDJSON);
	if (rn->aside != NULL)
		ctx.aside = memory_writer(rn, LK_FMT_NDJSON);
	for (;;) {
		batch *b = NULL;
		pthread_mutex_lock(&rn->mu);
		for (;;) {
			for (size_t s = rn->write; s < rn->fill && b == NULL; s++)
				if (rn->ring[s % rn->nring].state == B_READY)
					b = &rn->ring[s % rn->nring];
			if (b != NULL || rn->eof)
				break;
			pthread_cond_wait(&rn->ready, &rn->mu);
		}
		if (b == NULL) {
			pthread_mutex_unlock(&rn->mu);
			break;
		}
		b->state = B_RUNNING;
		pthread_mutex_unlock(&rn->mu);

		ctx.nout = ctx.nrej = ctx.nsup = 0;
		for (size_t i = 0; i < b->n; i++)
			run_one(&ctx, b->r[i], b->bad[i], b->unparsed[i]);
		output_take(ctx.out, &b->out);
		if (ctx.rej != NULL)
			output_take(ctx.rej, &b->rej);
		if (ctx.aside != NULL)
			output_take(ctx.aside, &b->aside);
		sbuf_add(&b->msgs, sbuf_str(&ctx.msgs), ctx.msgs.n);
		sbuf_reset(&ctx.msgs);
		b->nout = ctx.nout;
		b->nrej = ctx.nrej;
		b->nsup = ctx.nsup;

		pthread_mutex_lock(&rn->mu);
		b->state = B_DONE;
		pthread_cond_broadcast(&rn->done);
		pthread_mutex_unlock(&rn->mu);
	}
	output_free(ctx.out);
	output_free(ctx.rej);
	output_free(ctx.aside);
	sbuf_free(&ctx.msgs);
	sbuf_free(&ctx.why);
	sbuf_free(&ctx.tmp);
	chain_free(first);
	return NULL;
}

/* write_oldest: wait for the oldest batch in flight, write it, free it. */
static void
write_oldest(runner *rn)
{
	batch *b = &rn->ring[rn->write % rn->nring];

	pthread_mutex_lock(&rn->mu);
	while (b->state != B_DONE)
		pthread_cond_wait(&rn->done, &rn->mu);
	pthread_mutex_unlock(&rn->mu);
	output_append(rn->main.out, sbuf_str(&b->out), b->out.n);
	if (rn->main.rej != NULL)
		output_append(rn->main.rej, sbuf_str(&b->rej), b->rej.n);
	if (rn->main.aside != NULL)
		output_append(rn->main.aside, sbuf_str(&b->aside),
		    b->aside.n);
	show(rn, &b->msgs);
	rn->main.nout += b->nout;
	rn->main.nrej += b->nrej;
	rn->main.nsup += b->nsup;
	sbuf_reset(&b->out);
	sbuf_reset(&b->rej);
	sbuf_reset(&b->aside);
	b->n = 0;
	pthread_mutex_lock(&rn->mu);
	b->state = B_FREE;
	rn->write++;
	pthread_mutex_unlock(&rn->mu);
}

/* thread_count: workers for this run; 0 keeps it on the main thread. */
static int
thread_count(const runner *rn)
{
	const char *env = getenv("LEADKIT_THREADS");
	long n = env != NULL ? strtol(env, NULL, 10) :
	    sysconf(_SC_NPROCESSORS_ONLN);

	for (stage *st = rn->first; st != NULL; st = st->next)
		if (st->vt->clone == NULL || st->vt->finish != NULL)
			return 0;
	if (n <= 1)
		return 0;
	return n > STAGE_MAX_THREADS ? STAGE_MAX_THREADS : (int)n;
}

static void
start_threads(runner *rn)
{
	rn->nring = (size_t)rn->nthreads * STAGE_INFLIGHT;
	rn->ring = xcalloc(rn->nring, sizeof *rn->ring);
	for (size_t i = 0; i < rn->nring; i++)
		for (size_t j = 0; j < STAGE_BATCH; j++)
			rn->ring[i].r[j] = rec_new();
	pthread_mutex_init(&rn->mu, NULL);
	pthread_cond_init(&rn->ready, NULL);
	pthread_cond_init(&rn->done, NULL);
	for (int i = 0; i < rn->nthreads; i++)
		if (pthread_create(&rn->thread[i], NULL, worker, rn) != 0)
			cli_die(LK_EXIT_DATA, "cannot start a thread");
}

static void
stop_threads(runner *rn)
{
	pthread_mutex_lock(&rn->mu);
	rn->eof = true;
	pthread_cond_broadcast(&rn->ready);
	pthread_mutex_unlock(&rn->mu);
	while (rn->write < rn->fill)
		write_oldest(rn);
	for (int i = 0; i < rn->nthreads; i++)
		pthread_join(rn->thread[i], NULL);
	for (size_t i = 0; i < rn->nring; i++) {
		batch *b = &rn->ring[i];
		for (size_t j = 0; j < STAGE_BATCH; j++) {
			rec_free(b->r[j]);
			free(b->bad[j]);
		}
		sbuf_free(&b->out);
		sbuf_free(&b->rej);
		sbuf_free(&b->aside);
		sbuf_free(&b->msgs);
	}
	free(rn->ring);
	pthread_mutex_destroy(&rn->mu);
	pthread_cond_destroy(&rn->ready);
	pthread_cond_destroy(&rn->done);
}

/* state_of: b's state, read under the lock (workers change it). */
static batch_state
state_of(runner *rn, batch *b)
{
	batch_state st;

	pthread_mutex_lock(&rn->mu);
	st = b->state;
	pthread_mutex_unlock(&rn->mu);
	return st;
}

/* hand_over: the batch being filled goes to the workers. */
static void
hand_over(runner *rn)
{
	rn->claimed = false;
	pthread_mutex_lock(&rn->mu);
	rn->ring[rn->fill % rn->nring].state = B_READY;
	rn->fill++;
	pthread_cond_signal(&rn->ready);
	pthread_mutex_unlock(&rn->mu);
}

/* queue: copy r into the batch being filled; hand it over when full. */
static void
queue(runner *rn, rec *r, const char *bad, bool unparsed)
{
	batch *b = &rn->ring[rn->fill % rn->nring];

	if (!rn->claimed) {	/* a new batch: its slot may still be in flight */
		while (state_of(rn, b) != B_FREE)
			write_oldest(rn);
		rn->claimed = true;	/* only this thread makes it busy again */
	}
	rec_assign(b->r[b->n], r);
	free(b->bad[b->n]);
	b->bad[b->n] = bad != NULL ? xstrdup(bad) : NULL;
	b->unparsed[b->n] = unparsed;
	if (++b->n == STAGE_BATCH)
		hand_over(rn);
}

/* flush_partial: hand over the batch being filled, if it holds records. */
static void
flush_partial(runner *rn)
{
	if (rn->claimed && rn->ring[rn->fill % rn->nring].n > 0)
		hand_over(rn);
}

/* declared_fields: the union of every stage's fields, in chain order. */
static const char **
declared_fields(stage *first)
{
	const char **all = NULL;
	size_t n = 0;

	for (stage *st = first; st != NULL; st = st->next)
		for (const char *const *f = st->fields; f != NULL && *f;
		    f++) {
			all = xreallocarray(all, n + 2, sizeof *all);
			all[n++] = *f;
			all[n] = NULL;
		}
	return all;
}

/* open_output: the writer of the output, in the format asked for, else
 * that of the input, else NDJSON. */
static void
open_output(runner *rn, const cli_opts *o, const input *in)
{
	rn->out_fmt = o->out_format != LK_FMT_AUTO ? o->out_format :
	    input_format(in) != LK_FMT_AUTO ? input_format(in) :
	    LK_FMT_NDJSON;
	rn->main.out = output_new(stdout, "standard output", rn->out_fmt,
	    o->delim, !o->no_header, rn->declared);
}

/* read_ahead: the first records of the input, up to STAGE_PRIME, shown
 * to the first stage's prime() (stage.h) and kept to be run in order. */
static void
read_ahead(runner *rn, input *in, rec *tmp)
{
	stage *st = rn->first;
	const char *why;
	int rc;
	bool enough = false;

	if (st->prime == NULL)
		return;
	rn->pre = xcalloc(STAGE_PRIME, sizeof *rn->pre);
	rn->prerc = xcalloc(STAGE_PRIME, sizeof *rn->prerc);
	rn->prewhy = xcalloc(STAGE_PRIME, sizeof *rn->prewhy);
	while (!enough && rn->npre < STAGE_PRIME &&
	    (rc = input_next(in, tmp, &why)) != 0) {
		rec *r = rec_new();
		rec_assign(r, tmp);
		rn->pre[rn->npre] = r;
		rn->prerc[rn->npre] = rc;
		rn->prewhy[rn->npre++] = rc < 0 ? xstrdup(why) : NULL;
		if (rc > 0)
			enough = st->prime(st, r);
	}
}

/* next_record: the next record read ahead, else from the input, in *r
 * (the caller's tmp, or one read ahead).  Returns what input_next does. */
static int
next_record(runner *rn, input *in, rec *tmp, rec **r, const char **why)
{
	if (rn->ipre < rn->npre) {
		size_t i = rn->ipre++;
		*r = rn->pre[i];
		*why = rn->prewhy[i];
		return rn->prerc[i];
	}
	*r = tmp;
	return input_next(in, tmp, why);
}

/* done_ahead: free the record read ahead just run, and at the end all. */
static void
done_ahead(runner *rn, rec *r)
{
	if (rn->ipre == 0 || r != rn->pre[rn->ipre - 1])
		return;
	rec_free(r);
	rn->pre[rn->ipre - 1] = NULL;
	free(rn->prewhy[rn->ipre - 1]);
	rn->prewhy[rn->ipre - 1] = NULL;
	if (rn->ipre == rn->npre) {
		free(rn->pre);
		free(rn->prerc);
		free(rn->prewhy);
		rn->pre = NULL;
		rn->prerc = NULL;
		rn->prewhy = NULL;
		rn->npre = rn->ipre = 0;
	}
}

int
stage_run(stage *first, const cli_opts *o, char *const *files, int nfiles)
{
	runner rn = { 0 };
	rec *tmp = rec_new(), *r;
	input *in;
	const char *why;
	int rc, status = LK_EXIT_OK;
	bool threaded = false;

	rn.o = o;
	rn.first = first;
	rn.declared = declared_fields(first);
	ctx_init(&rn.main, o, first);
	if (o->rejects != NULL) {
		if ((rn.rejfp = fopen(o->rejects, "w")) == NULL)
			cli_die(LK_EXIT_DATA, "%s:", o->rejects);
		rn.main.rej = output_new(rn.rejfp, o->rejects, LK_FMT_NDJSON,
		    ',', false, NULL);
	}
	for (stage *st = first; st != NULL && rn.aside == NULL; st = st->next)
		rn.aside = st->aside;
	if (rn.aside != NULL) {
		if ((rn.asidefp = fopen(rn.aside, "w")) == NULL)
			cli_die(LK_EXIT_DATA, "%s:", rn.aside);
		rn.main.aside = output_new(rn.asidefp, rn.aside,
		    LK_FMT_NDJSON, ',', false, NULL);
	}
	in = input_open(o, files, nfiles);
	if (first->next == NULL)
		input_project(in, first->reads);
	rn.nthreads = thread_count(&rn);
	read_ahead(&rn, in, tmp);
	while ((rc = next_record(&rn, in, tmp, &r, &why)) != 0) {
		rn.nin++;
		if (rn.main.out == NULL)	/* the first record: a format */
			open_output(&rn, o, in);
		/* threads once the input is bigger than a batch and a CSV
		 * header, if any, is fixed */
		if (!threaded && rn.nthreads > 0 && rn.nin > STAGE_BATCH &&
		    (rn.out_fmt != LK_FMT_CSV ||
		    output_has_header(rn.main.out))) {
			start_threads(&rn);
			threaded = true;
			input_defer_json(in, true);	/* workers parse */
		}
		if (threaded) {
			queue(&rn, r, rc < 0 ? why : NULL, rc == 2);
		} else {
			run_one(&rn.main, r, rc < 0 ? why : NULL, false);
			show(&rn, &rn.main.msgs);
		}
		done_ahead(&rn, r);
	}
	free(rn.pre);		/* left only when nothing was read ahead */
	free(rn.prerc);
	free(rn.prewhy);
	if (threaded) {
		flush_partial(&rn);
		stop_threads(&rn);
	}
	if (rn.main.out == NULL)	/* a stage may emit from finish */
		open_output(&rn, o, in);
	for (stage *st = first; st != NULL; st = st->next)
		if (st->vt->finish != NULL)
			st->vt->finish(st);
	show(&rn, &rn.main.msgs);
	output_free(rn.main.out);	/* no record: nothing, not even a header */
	if (rn.main.rej != NULL) {
		output_free(rn.main.rej);
		if (fclose(rn.rejfp) != 0)
			cli_die(LK_EXIT_DATA, "%s: write error:", o->rejects);
	}
	if (rn.main.aside != NULL) {
		output_free(rn.main.aside);
		if (fclose(rn.asidefp) != 0)
			cli_die(LK_EXIT_DATA, "%s: write error:", rn.aside);
	}
	if (o->rejects == NULL && rn.main.nrej > STAGE_MAX_MESSAGES)
		cli_warn("%llu more rejected records not shown (use --rejects "
		    "FILE)", rn.main.nrej - STAGE_MAX_MESSAGES);
	if (o->stats) {
		fprintf(stderr, "%s: stats: in=%llu out=%llu rejected=%llu "
		    "suppressed=%llu", cli_progname(),
		    rn.nin + rn.main.nfetched, rn.main.nout, rn.main.nrej,
		    rn.main.nsup);
		if (input_skipped(in) > 0)	/* rows that were no records */
			fprintf(stderr, " skipped=%llu", input_skipped(in));
		fputc('\n', stderr);
	}
	if (input_failed(in) || (o->rejects == NULL && rn.main.nrej > 0))
		status = LK_EXIT_DATA;
	input_close(in);
	chain_free(first);
	rec_free(tmp);
	free(rn.declared);
	sbuf_free(&rn.main.msgs);
	sbuf_free(&rn.main.why);
	sbuf_free(&rn.main.tmp);
	return status;
}
