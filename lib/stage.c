/* stage.c - a program's work as a stage, and the loop that runs stages */
#include "stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jscan.h"
#include "output.h"
#include "sbuf.h"
#include "xmem.h"

/* Reject messages printed to stderr before only a count is kept. */
#define STAGE_MAX_MESSAGES 100

struct stage_run_ctx {
	const cli_opts *o;
	input *in;
	stage *first;
	output *out;
	FILE *rejfp;
	output *rej;
	unsigned long long nin, nout, nrej, nsup;
	const char **declared;
	sbuf why;
	sbuf tmp;
};

static void
open_output(stage_run_ctx *run)
{
	lk_format fmt = run->o->out_format;

	if (fmt == LK_FMT_AUTO)
		fmt = input_format(run->in);
	if (fmt == LK_FMT_AUTO)
		fmt = LK_FMT_NDJSON;
	run->out = output_new(stdout, "standard output", fmt, run->o->delim,
	    !run->o->no_header, run->declared);
}

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
		if (run->nrej <= STAGE_MAX_MESSAGES)
			cli_warnat(r->file, r->line, "%s", reason);
		return;
	}
	if (r->n == 0 && r->raw != NULL) {
		size_t n = r->rawlen;
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
stage_emit(stage *st, rec *r)
{
	stage_run_ctx *run = st->run;
	const char *why;

	if (st->next != NULL) {
		st->next->vt->take(st->next, r);
		return;
	}
	if (run->out == NULL)
		open_output(run);
	if (output_write(run->out, r, &why) != 0) {
		sbuf_reset(&run->why);
		sbuf_adds(&run->why, why);
		reject(run, r, run->why.p);
		return;
	}
	run->nout++;
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

/* declared_fields: the union of every stage's fields, in chain order. */
static const char **
declared_fields(stage *first)
{
	const char **all = NULL;
	size_t n = 0;

	for (stage *st = first; st != NULL; st = st->next)
		for (const char *const *f = st->vt->fields; f != NULL && *f;
		    f++) {
			all = xreallocarray(all, n + 2, sizeof *all);
			all[n++] = *f;
			all[n] = NULL;
		}
	return all;
}

int
stage_run(stage *first, const cli_opts *o, char *const *files, int nfiles)
{
	stage_run_ctx run = { 0 };
	rec *r = rec_new();
	const char *why;
	int rc, status = LK_EXIT_OK;

	run.o = o;
	run.first = first;
	run.declared = declared_fields(first);
	for (stage *st = first; st != NULL; st = st->next)
		st->run = &run;
	if (o->rejects != NULL) {
		if ((run.rejfp = fopen(o->rejects, "w")) == NULL)
			cli_die(LK_EXIT_DATA, "%s:", o->rejects);
		run.rej = output_new(run.rejfp, o->rejects, LK_FMT_NDJSON, ',',
		    false, NULL);
	}
	run.in = input_open(o, files, nfiles);
	while ((rc = input_next(run.in, r, &why)) != 0) {
		run.nin++;
		if (rc < 0) {
			sbuf_reset(&run.why);
			sbuf_adds(&run.why, why);
			reject(&run, r, run.why.p);
			continue;
		}
		first->vt->take(first, r);
	}
	for (stage *st = first; st != NULL; st = st->next)
		if (st->vt->finish != NULL)
			st->vt->finish(st);
	output_free(run.out);	/* no record: nothing written, no header */
	if (run.rej != NULL) {
		output_free(run.rej);
		if (fclose(run.rejfp) != 0)
			cli_die(LK_EXIT_DATA, "%s: write error:", o->rejects);
	}
	if (run.rej == NULL && run.nrej > STAGE_MAX_MESSAGES)
		cli_warn("%llu more rejected records not shown (use --rejects "
		    "FILE)", run.nrej - STAGE_MAX_MESSAGES);
	if (o->stats)
		fprintf(stderr, "%s: stats: in=%llu out=%llu rejected=%llu "
		    "suppressed=%llu\n", cli_progname(), run.nin, run.nout,
		    run.nrej, run.nsup);
	if (input_failed(run.in) || (run.rej == NULL && run.nrej > 0))
		status = LK_EXIT_DATA;
	input_close(run.in);
	for (stage *st = first, *next; st != NULL; st = next) {
		next = st->next;
		if (st->vt->free != NULL)
			st->vt->free(st);
	}
	rec_free(r);
	free(run.declared);
	sbuf_free(&run.why);
	sbuf_free(&run.tmp);
	return status;
}
