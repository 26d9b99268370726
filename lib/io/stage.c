/* stage.c - a program's work as a stage, and the loop that runs stages */
#include "io/stage.h"

#include <sys/stat.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/input.h"
#include "io/jscan.h"
#include "io/output.h"
#include "io/progress.h"
#include "base/sbuf.h"
#include "base/signals.h"
#include "base/xmem.h"

/* Reject messages printed to stderr before only a count is kept. */
#define STAGE_MAX_MESSAGES 100
/* Records a batch hands to a worker thread, and batches in flight per
 * worker: the memory bound of a threaded run. */
#define STAGE_BATCH 256
#define STAGE_INFLIGHT 2

/* A file records go to besides the output: the run's --rejects, a
 * stage's own rejects or aside file; one per path. */
typedef struct sink {
	const char *path;
	FILE *fp;
	output *w;
} sink;

/* What the run knows of a stage, by its place in the chain (clones need
 * not carry it). */
typedef struct slot {
	const char *label;	/* in reject messages and its stats line */
	int rej;		/* its rejects' sink, or -1: stderr */
	int aside;		/* its aside file's sink, or -1: none */
	bool stats;		/* print its stats line */
} slot;

/* A stage's counts: in = out + rej + sup for a stage that emits each
 * record once. */
typedef struct counts {
	unsigned long long in, out, rej, sup;
} counts;

/* A chain and where what it emits goes: one per thread. */
struct stage_run_ctx {
	const cli_opts *o;
	stage *first;
	const slot *slot;	/* the run's, per stage */
	size_t nstage;
	output *out;		/* standard output, or memory in a worker */
	output **sink;		/* per sink: its file, or memory in a worker */
	size_t nsink;
	counts *n;		/* per stage */
	unsigned long long nmsg;	/* rejects reported on stderr */
	sbuf msgs;		/* reject messages for stderr, one a line */
	sbuf why, tmp;
	struct batch *fwd;	/* a worker's batch, when the chain goes on
				 * on the main thread (stage_run: the tail) */
	const stage *poster;	/* a worker's: the finish's stage, whose
				 * text records it parses (stage_emit_text) */
	const stage *prep;	/* a worker's: the tail, when it has a prep */
	const stage *prepped_for;	/* the main thread's, during that
					 * stage's take: what its prep made
					 * is in prepped */
	const sbuf *prepped;
	sbuf prepbuf, preptmp;	/* stage_prepped's when it runs prep */
	stage *queue_from;	/* on the main thread, while its finish
				 * emits: what this stage emits goes to the
				 * workers */
	size_t pos0;		/* the place of the first stage it runs (with
				 * none, of the stage whose records it passes
				 * on or writes) */
	struct runner *rn;
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

/* reject: r, at the stage at pos, goes to the rejects with the reason. */
static void
reject(stage_run_ctx *run, size_t pos, rec *r, const char *reason)
{
	const slot *sl = &run->slot[pos];

	run->n[pos].rej++;
	if (sl->rej < 0) {
		run->nmsg++;
		sbuf_addf(&run->msgs, "%s: ", sl->label);
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
	output_write(run->sink[sl->rej], r, NULL);
}

void
stage_fetched(stage *st)
{
	st->run->n[st->pos].in++;
}

static void forward(stage_run_ctx *run, rec *r);
static void queue_emitted(stage_run_ctx *run, rec *r);
static void drain(struct runner *rn);

/* write_out: r, emitted by the last stage (at pos), goes to the output. */
static void
write_out(stage_run_ctx *run, size_t pos, rec *r)
{
	const char *why;

	if (output_write(run->out, r, &why) != 0) {
		sbuf_reset(&run->why);
		sbuf_adds(&run->why, why);
		reject(run, pos, r, run->why.p);
		return;
	}
	run->n[pos].out++;
}

void
stage_emit(stage *st, rec *r)
{
	stage_run_ctx *run = st->run;

	if (st->next == NULL && run->fwd != NULL) {	/* on to the tail */
		run->n[st->pos].out++;
		forward(run, r);
		return;
	}
	if (st == run->queue_from) {	/* threads; a write is counted there */
		if (st->next != NULL)
			run->n[st->pos].out++;
		queue_emitted(run, r);
		return;
	}
	if (st->next != NULL) {
		run->n[st->pos].out++;
		run->n[st->next->pos].in++;
		st->next->vt->take(st->next, r);
		return;
	}
	write_out(run, st->pos, r);
}

/* parse_text: r, a record as its NDJSON text from st, parsed and noted
 * (by st's post, when it has one). */
static void
parse_text(stage_run_ctx *run, const stage *st, rec *r, const char *note,
    size_t n)
{
	if (st->vt->post != NULL)
		st->vt->post(st, r, note, n);
	else if (input_parse_json(r, &run->tmp) != 0)
		cli_die(LK_EXIT_DATA, "%s: a record came back damaged: %s",
		    run->slot[st->pos].label, run->tmp.p);
}

static void queue_text(stage_run_ctx *run, rec *r, const char *note,
    size_t n);

void
stage_emit_text(stage *st, rec *r, const char *note, size_t n)
{
	stage_run_ctx *run = st->run;

	if (st == run->queue_from) {	/* the workers parse it */
		if (st->next != NULL)
			run->n[st->pos].out++;
		queue_text(run, r, note, n);
		return;
	}
	parse_text(run, st, r, note, n);
	stage_emit(st, r);
}

void
stage_print(stage *st, bool counted, const char *s, size_t n)
{
	stage_run_ctx *run = st->run;

	if (counted)
		run->n[st->pos].out++;
	if (n == 0)
		return;
	if (run->queue_from != NULL)	/* what the workers hold goes first */
		drain(run->rn);
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
	reject(st->run, st->pos, r, st->run->why.p);
}

const char *
stage_prepped(stage *st, rec *r, size_t *n)
{
	stage_run_ctx *run = st->run;

	if (run->prepped_for == st) {
		*n = run->prepped->n;
		return sbuf_str(run->prepped);
	}
	sbuf_reset(&run->prepbuf);
	st->vt->prep(st, r, &run->prepbuf, &run->preptmp);
	*n = run->prepbuf.n;
	return sbuf_str(&run->prepbuf);
}

void
stage_suppress(stage *st)
{
	st->run->n[st->pos].sup++;
}

void
stage_set_aside(stage *st, rec *r)
{
	stage_run_ctx *run = st->run;
	int k = run->slot[st->pos].aside;
	const char *why;

	if (k >= 0 && output_write(run->sink[k], r, &why) != 0) {
		sbuf_reset(&run->why);
		sbuf_adds(&run->why, why);
		reject(run, st->pos, r, run->why.p);
		return;
	}
	run->n[st->pos].sup++;
}

/* run_one: r through ctx's chain; bad (a reader's reason) rejects it; an
 * unparsed NDJSON line (input_defer_json) is parsed first, and with a
 * note (a finish's text record, stage_emit_text) its stage's post runs.
 * A worker with no stage of its own passes r on to the tail (it only
 * parses, and runs the tail's prep) or writes it (a finish's record:
 * counted as that stage's output). */
static void
run_one(stage_run_ctx *ctx, rec *r, const char *bad, bool unparsed,
    const sbuf *note)
{
	if (note != NULL)
		parse_text(ctx, ctx->poster, r, note->p, note->n);
	else if (unparsed && input_parse_json(r, &ctx->tmp) != 0)
		bad = ctx->tmp.p;
	if (ctx->first == NULL && bad == NULL) {
		if (ctx->fwd != NULL)
			forward(ctx, r);
		else
			write_out(ctx, ctx->pos0, r);
		return;
	}
	ctx->n[ctx->pos0].in++;
	if (bad != NULL) {
		sbuf_reset(&ctx->why);
		sbuf_adds(&ctx->why, bad);
		reject(ctx, ctx->pos0, r, ctx->why.p);
		return;
	}
	ctx->first->vt->take(ctx->first, r);
}

/* ctx_init: ctx runs the chain at first, whose stages slots describe,
 * the part from place base of a chain of nstage (a worker's clones; none:
 * base is the place of the stage whose records it passes on or writes);
 * its sinks are nsink writers (set by the caller). */
static void
ctx_init(stage_run_ctx *ctx, const cli_opts *o, stage *first,
    const slot *slots, size_t nsink, size_t base, size_t nstage)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->o = o;
	ctx->first = first;
	ctx->pos0 = base;
	ctx->slot = slots;
	for (stage *st = first; st != NULL; st = st->next) {
		st->run = ctx;
		st->pos = base++;
	}
	ctx->nstage = nstage;
	ctx->n = xcalloc(ctx->nstage, sizeof *ctx->n);
	ctx->nsink = nsink;
	ctx->sink = xcalloc(nsink + 1, sizeof *ctx->sink);
}

/* ctx_free: what ctx_init allocated, and the messages' buffers. */
static void
ctx_free(stage_run_ctx *ctx)
{
	free(ctx->n);
	free(ctx->sink);
	sbuf_free(&ctx->prepbuf);
	sbuf_free(&ctx->preptmp);
	sbuf_free(&ctx->msgs);
	sbuf_free(&ctx->why);
	sbuf_free(&ctx->tmp);
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
	bool noted[STAGE_BATCH];	/* a finish's text record: its note */
	sbuf note[STAGE_BATCH];
	size_t n;
	batch_state state;
	sbuf out, msgs;
	sbuf *sink;		/* per sink */
	counts *cnt;		/* per stage */
	unsigned long long nmsg;
	rec **fwd;		/* what the threaded stages emit, for the tail */
	sbuf *fwdprep;		/* and what the tail's prep made of each */
	size_t nfwd, capfwd;
} batch;

/* forward: r, emitted by the last threaded stage, for the tail to take on
 * the main thread in input order: its contents are moved, not copied
 * (stage_emit), r getting a record taken earlier, to be cleared. */
static void
forward(stage_run_ctx *run, rec *r)
{
	batch *b = run->fwd;

	if (b->nfwd == b->capfwd) {
		size_t cap = b->capfwd ? b->capfwd * 2 : STAGE_BATCH;
		b->fwd = xreallocarray(b->fwd, cap, sizeof *b->fwd);
		b->fwdprep = xreallocarray(b->fwdprep, cap,
		    sizeof *b->fwdprep);
		for (; b->capfwd < cap; b->capfwd++) {
			b->fwd[b->capfwd] = rec_new();
			b->fwdprep[b->capfwd] = (sbuf)SBUF_INIT;
		}
	}
	rec_swap(b->fwd[b->nfwd], r);
	if (run->prep != NULL) {
		sbuf *out = &b->fwdprep[b->nfwd];
		sbuf_reset(out);
		run->prep->vt->prep(run->prep, b->fwd[b->nfwd], out,
		    &run->preptmp);
	}
	b->nfwd++;
}

typedef struct runner {
	const cli_opts *o;
	stage *first;
	const char **declared;
	lk_format out_fmt;
	slot *slot;		/* per stage */
	sink *sink;		/* the files besides the output */
	size_t nsink;
	stage_run_ctx main;	/* the main thread's chain and output */
	stage *seg;		/* with threads: the first stage they run */
	stage *tail;		/* and the first stage after it the main
				 * thread runs, the ones from seg to it being
				 * cloned to the workers; NULL: none.  With
				 * seg == tail, they only parse the input for
				 * the tail (and run its prep), or (seg NULL)
				 * write what a finish emits */
	size_t segpos;		/* the workers' pos0 (stage_run_ctx) */
	const stage *poster;	/* the stage whose finish feeds the workers */
	unsigned long long nin;	/* records read (threads start after a batch) */
	unsigned long long shown;	/* reject messages printed */
	progress *prog;		/* the line on a terminal, or NULL */
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
			progress_clear(rn->prog);
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
	output *w = output_new(NULL, "memory", fmt, rn->o->delim, false,
	    rn->declared);

	output_set_raw_cells(w, rn->o->raw_cells);
	return w;
}

/* worker: clone the chain, then run batches until the input is done. */
static void *
worker(void *arg)
{
	runner *rn = arg;
	stage *first = NULL, **link = &first;
	stage_run_ctx ctx;

	for (stage *st = rn->seg; st != rn->tail; st = st->next) {
		*link = st->vt->clone(st);
		link = &(*link)->next;
	}
	*link = NULL;		/* the tail runs on the main thread */
	ctx_init(&ctx, rn->o, first, rn->slot, rn->nsink, rn->segpos,
	    rn->main.nstage);
	if (rn->tail != NULL && rn->tail->vt->prep != NULL)
		ctx.prep = rn->tail;
	ctx.poster = rn->poster;
	ctx.out = memory_writer(rn, rn->out_fmt);
	output_same_header(ctx.out, rn->main.out);
	for (size_t k = 0; k < rn->nsink; k++)
		ctx.sink[k] = memory_writer(rn, LK_FMT_NDJSON);
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

		memset(ctx.n, 0, ctx.nstage * sizeof *ctx.n);
		ctx.nmsg = 0;
		ctx.fwd = rn->tail != NULL ? b : NULL;
		for (size_t i = 0; i < b->n; i++)
			run_one(&ctx, b->r[i], b->bad[i], b->unparsed[i],
			    b->noted[i] ? &b->note[i] : NULL);
		output_take(ctx.out, &b->out);
		for (size_t k = 0; k < rn->nsink; k++)
			output_take(ctx.sink[k], &b->sink[k]);
		sbuf_add(&b->msgs, sbuf_str(&ctx.msgs), ctx.msgs.n);
		sbuf_reset(&ctx.msgs);
		memcpy(b->cnt, ctx.n, ctx.nstage * sizeof *ctx.n);
		b->nmsg = ctx.nmsg;

		pthread_mutex_lock(&rn->mu);
		b->state = B_DONE;
		pthread_cond_broadcast(&rn->done);
		pthread_mutex_unlock(&rn->mu);
	}
	output_free(ctx.out);
	for (size_t k = 0; k < rn->nsink; k++)
		output_free(ctx.sink[k]);
	ctx_free(&ctx);
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
	for (size_t k = 0; k < rn->nsink; k++) {
		output_append(rn->main.sink[k], sbuf_str(&b->sink[k]),
		    b->sink[k].n);
		sbuf_reset(&b->sink[k]);
	}
	show(rn, &b->msgs);
	for (size_t i = 0; i < rn->main.nstage; i++) {
		rn->main.n[i].in += b->cnt[i].in;
		rn->main.n[i].out += b->cnt[i].out;
		rn->main.n[i].rej += b->cnt[i].rej;
		rn->main.n[i].sup += b->cnt[i].sup;
	}
	rn->main.nmsg += b->nmsg;
	for (size_t i = 0; i < b->nfwd; i++) {
		rn->main.n[rn->tail->pos].in++;
		if (rn->tail->vt->prep != NULL) {
			rn->main.prepped_for = rn->tail;
			rn->main.prepped = &b->fwdprep[i];
		}
		rn->tail->vt->take(rn->tail, b->fwd[i]);
		rn->main.prepped_for = NULL;
	}
	b->nfwd = 0;
	show(rn, &rn->main.msgs);
	sbuf_reset(&b->out);
	b->n = 0;
	pthread_mutex_lock(&rn->mu);
	b->state = B_FREE;
	rn->write++;
	pthread_mutex_unlock(&rn->mu);
}

/* threaded_tail: the first stage of the chain that cannot run on worker
 * threads (no clone, or a finish: it needs all records), or NULL. */
static stage *
threaded_tail(stage *first)
{
	for (stage *st = first; st != NULL; st = st->next)
		if (st->vt->clone == NULL || st->vt->finish != NULL)
			return st;
	return NULL;
}

/* thread_count: the workers a segment of the chain runs on (the
 * stages from rn->seg to rn->tail); 0 keeps a run on the main thread. */
static int
thread_count(void)
{
	const char *env = getenv("LEADKIT_THREADS");
	long n = env != NULL ? strtol(env, NULL, 10) :
	    sysconf(_SC_NPROCESSORS_ONLN);

	if (n <= 1)
		return 0;
	return n > STAGE_MAX_THREADS ? STAGE_MAX_THREADS : (int)n;
}

size_t
stage_threads(void)
{
	int n = thread_count();

	return n > 0 ? (size_t)n : 1;
}

static void
start_threads(runner *rn)
{
	rn->fill = rn->write = 0;
	rn->claimed = rn->eof = false;
	rn->nring = (size_t)rn->nthreads * STAGE_INFLIGHT;
	rn->ring = xcalloc(rn->nring, sizeof *rn->ring);
	for (size_t i = 0; i < rn->nring; i++) {
		batch *b = &rn->ring[i];
		for (size_t j = 0; j < STAGE_BATCH; j++)
			b->r[j] = rec_new();
		b->sink = xcalloc(rn->nsink + 1, sizeof *b->sink);
		b->cnt = xcalloc(rn->main.nstage, sizeof *b->cnt);
	}
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
			sbuf_free(&b->note[j]);
		}
		sbuf_free(&b->out);
		for (size_t j = 0; j < b->capfwd; j++) {
			rec_free(b->fwd[j]);
			sbuf_free(&b->fwdprep[j]);
		}
		free(b->fwd);
		free(b->fwdprep);
		for (size_t k = 0; k < rn->nsink; k++)
			sbuf_free(&b->sink[k]);
		free(b->sink);
		free(b->cnt);
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

/* queue: r into the batch being filled, copied (a reader's record may
 * point into its buffers), or with move, moved (stage_emit), with a copy
 * of note if not NULL (stage_emit_text); hand it over when full. */
static void
queue(runner *rn, rec *r, const char *bad, bool unparsed, bool move,
    const char *note, size_t nnote)
{
	batch *b = &rn->ring[rn->fill % rn->nring];

	if (!rn->claimed) {	/* a new batch: its slot may still be in flight */
		while (state_of(rn, b) != B_FREE)
			write_oldest(rn);
		rn->claimed = true;	/* only this thread makes it busy again */
	}
	if (move)
		rec_swap(b->r[b->n], r);
	else
		rec_assign(b->r[b->n], r);
	free(b->bad[b->n]);
	b->bad[b->n] = bad != NULL ? xstrdup(bad) : NULL;
	b->unparsed[b->n] = unparsed;
	b->noted[b->n] = note != NULL;
	if (note != NULL) {
		sbuf_reset(&b->note[b->n]);
		sbuf_add(&b->note[b->n], note, nnote);
	}
	if (++b->n == STAGE_BATCH)
		hand_over(rn);
}

/* queue_emitted: r, emitted on the main thread by a stage's finish, goes
 * to the workers that run the stages after it (stage_run). */
static void
queue_emitted(stage_run_ctx *run, rec *r)
{
	queue(run->rn, r, NULL, false, true, NULL, 0);
}

/* queue_text: the same for a record as its text (stage_emit_text). */
static void
queue_text(stage_run_ctx *run, rec *r, const char *note, size_t n)
{
	queue(run->rn, r, NULL, true, true, note, n);
}

/* flush_partial: hand over the batch being filled, if it holds records. */
static void
flush_partial(runner *rn)
{
	if (rn->claimed && rn->ring[rn->fill % rn->nring].n > 0)
		hand_over(rn);
}

/* drain: every record handed to the workers is written (or taken by the
 * tail) before the main thread writes anything more itself. */
static void
drain(runner *rn)
{
	flush_partial(rn);
	while (rn->write < rn->fill)
		write_oldest(rn);
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
	lk_format in_fmt = in != NULL ? input_format(in) : LK_FMT_AUTO;

	rn->out_fmt = o->out_format != LK_FMT_AUTO ? o->out_format :
	    in_fmt != LK_FMT_AUTO ? in_fmt : LK_FMT_NDJSON;
	rn->main.out = output_new(stdout, "standard output", rn->out_fmt,
	    o->delim, !o->no_header, rn->declared);
	output_set_raw_cells(rn->main.out, o->raw_cells);
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

/* sink_for: the sink writing path (opened now, truncated), shared with
 * those that name the same path.  Returns its index. */
static int
sink_for(runner *rn, const char *path)
{
	sink *k;

	for (size_t i = 0; i < rn->nsink; i++)
		if (strcmp(rn->sink[i].path, path) == 0)
			return (int)i;
	rn->sink = xreallocarray(rn->sink, rn->nsink + 1, sizeof *rn->sink);
	k = &rn->sink[rn->nsink];
	k->path = path;
	if ((k->fp = fopen(path, "w")) == NULL)
		cli_die(LK_EXIT_DATA, "%s:", path);
	/* a run that fails leaves no half file: removed at a failing exit
	 * or a signal until it is closed whole (a regular file only) */
	struct stat sb;
	if (fstat(fileno(k->fp), &sb) == 0 && S_ISREG(sb.st_mode))
		signals_unfinished(path);
	k->w = output_new(k->fp, path, LK_FMT_NDJSON, ',', false, NULL);
	return (int)rn->nsink++;
}

/* open_sinks: the run's rejects file, then each stage's rejects and aside
 * files, in chain order; each stage's slot. */
static void
open_sinks(runner *rn, stage *first)
{
	const cli_opts *o = rn->o;
	int runrej = o->rejects != NULL ? sink_for(rn, o->rejects) : -1;
	size_t n = 0, i = 0;

	for (stage *st = first; st != NULL; st = st->next)
		n++;
	rn->slot = xcalloc(n, sizeof *rn->slot);
	for (stage *st = first; st != NULL; st = st->next, i++) {
		slot *sl = &rn->slot[i];
		sl->label = st->label != NULL ? st->label : cli_progname();
		sl->rej = st->rejects != NULL ? sink_for(rn, st->rejects) :
		    runrej;
		sl->aside = st->aside != NULL ? sink_for(rn, st->aside) : -1;
		sl->stats = st->stats || o->stats;
	}
}

/* close_sinks: flush and close the files besides the output. */
static void
close_sinks(runner *rn)
{
	for (size_t i = 0; i < rn->nsink; i++) {
		output_free(rn->sink[i].w);
		if (fclose(rn->sink[i].fp) != 0)
			cli_die(LK_EXIT_DATA, "%s: write error:",
			    rn->sink[i].path);
		signals_finished(rn->sink[i].path);
	}
	free(rn->sink);
}

/* print_stats: each stage's line that was asked for; the reader's skipped
 * rows on the first stage's. */
static void
print_stats(runner *rn, const input *in)
{
	unsigned long long skipped = in != NULL ? input_skipped(in) : 0;

	for (size_t i = 0; i < rn->main.nstage; i++) {
		const counts *c = &rn->main.n[i];
		if (!rn->slot[i].stats)
			continue;
		fprintf(stderr, "%s: stats: in=%llu out=%llu rejected=%llu "
		    "suppressed=%llu", rn->slot[i].label, c->in, c->out,
		    c->rej, c->sup);
		if (i == 0 && skipped > 0)	/* rows that were no records */
			fprintf(stderr, " skipped=%llu", skipped);
		fputc('\n', stderr);
	}
}

/* chain_length: the stages of the chain at first. */
static size_t
chain_length(const stage *first)
{
	size_t n = 0;

	for (; first != NULL; first = first->next)
		n++;
	return n;
}

/* finish: st's finish; what it emits goes to the stages after it on the
 * worker threads, as far as they can run there (as the input does to the
 * stages before the first that has a finish), or, st being the last, is
 * written by them, when there are threads and their output can be
 * written (a CSV header is fixed, or the main thread writes it). */
static void
finish(runner *rn, stage *st)
{
	stage *seg = st->next;

	rn->nthreads = thread_count();
	if (rn->nthreads == 0 || (seg != NULL && (seg->vt->clone == NULL ||
	    seg->vt->finish != NULL))) {
		st->vt->finish(st);
		return;
	}
	rn->seg = seg;
	rn->tail = seg != NULL ? threaded_tail(seg) : NULL;
	rn->segpos = seg != NULL ? seg->pos : st->pos;
	if (rn->tail == NULL && rn->out_fmt == LK_FMT_CSV &&
	    !output_has_header(rn->main.out)) {
		st->vt->finish(st);
		return;
	}
	rn->poster = st;
	start_threads(rn);
	rn->main.queue_from = st;
	st->vt->finish(st);
	rn->main.queue_from = NULL;
	flush_partial(rn);
	stop_threads(rn);
}

int
stage_run(stage *first, const cli_opts *o, char *const *files, int nfiles)
{
	runner rn = { 0 };
	rec *tmp = rec_new(), *r;
	input *in = NULL;
	const char *why;
	int rc, status = LK_EXIT_OK;
	bool threaded = false;

	rn.o = o;
	rn.first = first;
	rn.declared = declared_fields(first);
	open_sinks(&rn, first);
	ctx_init(&rn.main, o, first, rn.slot, rn.nsink, 0, chain_length(first));
	rn.main.rn = &rn;
	for (size_t k = 0; k < rn.nsink; k++)
		rn.main.sink[k] = rn.sink[k].w;
	if (!first->no_input) {
		in = input_open(o, files, nfiles);
		if (first->next == NULL)
			input_project(in, first->reads);
		rn.seg = first;
		rn.tail = threaded_tail(first);
		rn.segpos = first->pos;
		rn.nthreads = thread_count();
		rn.prog = progress_new(cli_progname(), files, nfiles);
		read_ahead(&rn, in, tmp);
	}
	while (in != NULL && (rc = next_record(&rn, in, tmp, &r, &why)) != 0) {
		rn.nin++;
		if (rn.main.out == NULL)	/* the first record: a format */
			open_output(&rn, o, in);
		/* threads once the input is bigger than a batch and a CSV
		 * header, if any, is fixed (the workers write the output
		 * unless a tail on the main thread does); when the first
		 * stage is the tail, only when it has a prep for them to run
		 * (lead-dedupe): a stage that takes records one by one on
		 * the main thread (lead-route, lead-feedback) must get each
		 * as soon as it is read, not when a batch is full */
		if (!threaded && rn.nthreads > 0 && rn.nin > STAGE_BATCH &&
		    (rn.tail != NULL || rn.out_fmt != LK_FMT_CSV ||
		    output_has_header(rn.main.out)) &&
		    (rn.tail != first || first->vt->prep != NULL)) {
			start_threads(&rn);
			threaded = true;
			input_defer_json(in, true);	/* workers parse */
		}
		if (threaded) {
			queue(&rn, r, rc < 0 ? why : NULL, rc == 2, false,
			    NULL, 0);
		} else {
			run_one(&rn.main, r, rc < 0 ? why : NULL, false, NULL);
			show(&rn, &rn.main.msgs);
		}
		done_ahead(&rn, r);
		if (rn.prog != NULL && rn.nin % PROGRESS_EVERY == 0)
			progress_tick(rn.prog, rn.nin, input_bytes(in));
	}
	free(rn.pre);		/* left only when nothing was read ahead */
	free(rn.prerc);
	free(rn.prewhy);
	if (threaded) {
		flush_partial(&rn);
		stop_threads(&rn);
	}
	progress_free(rn.prog);	/* what the stages finish has no line */
	rn.prog = NULL;
	if (rn.main.out == NULL)	/* a stage may emit from finish */
		open_output(&rn, o, in);
	for (stage *st = first; st != NULL; st = st->next)
		if (st->vt->finish != NULL)
			finish(&rn, st);
	show(&rn, &rn.main.msgs);
	output_free(rn.main.out);	/* no record: nothing, not even a header */
	close_sinks(&rn);
	if (rn.main.nmsg > STAGE_MAX_MESSAGES)
		cli_warn("%llu more rejected records not shown (use --rejects "
		    "FILE)", rn.main.nmsg - STAGE_MAX_MESSAGES);
	print_stats(&rn, in);
	if ((in != NULL && input_failed(in)) || rn.main.nmsg > 0)
		status = LK_EXIT_DATA;
	input_close(in);
	chain_free(first);
	rec_free(tmp);
	free(rn.declared);
	free(rn.slot);
	ctx_free(&rn.main);
	return status;
}
