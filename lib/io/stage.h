/* stage.h - a program's work as a stage, and the loop that runs stages
 *
 * Every program is one stage: created with its options, handed records one
 * at a time, emitting zero or more records to the next stage (the last one's
 * go to the output), and finished at the end of input.  Stages chain inside
 * one process without re-serializing: stage_run(first, ...) feeds first,
 * whose stage_emit() calls the next stage's take().
 *
 * Nothing is lost: each input record leaves as output, as a reject (with a
 * reason), or as suppressed (a later issue's scrub), and --stats prints
 * "prog: stats: in=N out=N rejected=N suppressed=N" with in = out +
 * rejected + suppressed for stages that emit each record once; then
 * " skipped=N" when the reader skipped rows that were no records (empty
 * CSV rows, report footers: input.h), which are not counted in "in".  In
 * a chain, each stage is counted apart: in is what it took (the first
 * stage: what was read, bad records included, which it rejects; any
 * stage: what it fetched), out what it passed on (the last: what was
 * written; a record the output refuses is the last stage's reject).
 *
 * Threads: when the input is larger than one batch, records are handed in
 * batches to one worker thread per CPU (LEADKIT_THREADS overrides the
 * number; 1 keeps one thread), each running its own clone of the stages
 * up to the first that cannot be cloned or has a finish; that one and the
 * rest run on the main thread, fed in input order (when it has a prep,
 * the workers parse NDJSON for it and run its prep even when it is the
 * first stage; else a first stage gets each record as it is read).  What a finish emits goes to the
 * workers the same way, for the stages after it or the output (parsed
 * there when emitted as text).  Output, rejects and messages are written
 * in input order all the same, and memory stays bounded by the batches in
 * flight.
 *
 * Progress: when standard error is a terminal, a run that passes about a
 * second shows how far it is there (progress.h), erased before any message
 * and at the end of the input.
 *
 * Rejects go to --rejects FILE as NDJSON: the record's fields (or, if it
 * could not be parsed or was read in part, its text as "raw"), then reject_reason, reject_file
 * and reject_line.  Without --rejects each is reported on stderr as
 * "prog: file:line: reason" (the first 100, then a count) and the exit
 * status is 1.
 */
#ifndef LK_STAGE_H
#define LK_STAGE_H

#include "base/sbuf.h"
#include "io/cli.h"
#include "io/rec.h"

typedef struct stage stage;
typedef struct stage_run_ctx stage_run_ctx;

typedef struct stage_vt {
	const char *name;
	/* take: process r (the stage may modify it) and emit it, reject it,
	 * or keep a copy.  r is valid only during the call. */
	void (*take)(stage *st, rec *r);
	/* finish: end of input; emit what was kept.  May be NULL. */
	void (*finish)(stage *st);
	/* free: release the stage (st itself included).  May be NULL. */
	void (*free)(stage *st);
	/* clone: a copy of st with the same options and no mutable state
	 * shared with st, to run on another thread.  Only for stages whose
	 * take() depends on nothing but the record (and that have no finish);
	 * NULL otherwise, which keeps the whole run on one thread.  Clones
	 * are freed before st, so they may borrow st's read-only data. */
	stage *(*clone)(const stage *st);
	/* prep: for a stage that runs on the main thread (it has a finish
	 * or no clone), the part of its take that depends on nothing but
	 * the record and the stage's options, so that it can run on a
	 * worker thread, ahead of take, on the record take then gets (r
	 * may be read, not changed; st only read).  What it appends to out
	 * (empty at first) take gets from stage_prepped; tmp is scratch.
	 * May be NULL. */
	void (*prep)(const stage *st, rec *r, sbuf *out, sbuf *tmp);
	/* post: for a stage whose finish emits records as their text
	 * (stage_emit_text), the record's fields from its text and what it
	 * adds to them, from the note it gave (a text that does not read
	 * back ends the program); runs on a worker thread when the stages
	 * after it do (r may be changed; st only read).  NULL: the text is
	 * an NDJSON line, parsed, and that is all. */
	void (*post)(const stage *st, rec *r, const char *note, size_t n);
} stage_vt;

/* The records a stage's prime() sees at most: they are read ahead and
 * held (a short delay at the start of a stream). */
#define STAGE_PRIME 4096

/* Embed as the first member of a stage's own struct. */
struct stage {
	const stage_vt *vt;
	stage *next;		/* NULL: the output */
	stage_run_ctx *run;	/* set by stage_run */
	size_t pos;		/* set by stage_run: its place, from 0 */
	/* fields: NULL-terminated names this stage may add, so that a CSV
	 * header written from the first records has them (set by the
	 * constructor; may be NULL).  Clones need not set it. */
	const char *const *fields;
	/* aside: the path of the file stage_set_aside() writes (NDJSON), or
	 * NULL (set by the constructor; each stage's own).  Clones need not
	 * set it: the run looks at the original's. */
	const char *aside;
	/* reads: for a stage that passes no record on (a report), the
	 * NULL-terminated names of the only fields it reads, or NULL (set
	 * by the constructor).  When the chain is this stage alone, the
	 * reader leaves the other columns of a CSV out (input_project), and
	 * a reject of such a record has its text as raw. */
	const char *const *reads;
	/* prime: set by the constructor, or NULL (clones need not set it):
	 * look at r, one of the first records of the run, before any record
	 * is taken: on the main thread, before any clone is made, so that
	 * what the stage learns from them (lead-import: the order of day and
	 * month) holds for the whole run and every clone.  r is a copy,
	 * taken afterwards as read; prime may decode its values
	 * (rec_field_str) but not change them.  Called for the first
	 * STAGE_PRIME records of the run (fewer at the end of the input)
	 * until it returns true: it has seen enough.  Only the first
	 * stage's is called. */
	bool (*prime)(stage *st, rec *r);
	/* In a chain of several stages (lead run), each keeps its own
	 * program's options; set by whoever builds the chain, after the
	 * constructor (NULL/false: as for a program run alone, where the
	 * run's cli_opts say it all):
	 * label: the program ("lead-score") in its reject messages and stats
	 * line; rejects: its --rejects file (else rejects of this stage go
	 * where the run's go); stats: print its own --stats line (so does
	 * every stage when the run's cli_opts ask for it).  Its aside file
	 * (above) is its own too.  Stages naming the same file share one
	 * writer (records in input order, then chain order).  no_input: the
	 * stage reads nothing (it makes its records at finish: feedback
	 * --export, route --claim): only the first stage of a chain may be
	 * so (elsewhere it is ignored), and the run opens no input.  Clones
	 * need not set these: the run looks at the original chain's. */
	const char *label;
	const char *rejects;
	bool stats;
	bool no_input;
};

/* stage_emit: pass r on to the next stage, or write it (thread-safe: each
 * thread has its own chain and context).  Its contents may be moved on to
 * another thread: afterwards the caller may only clear r or fill it
 * anew from empty (rec_clear, rec_assign), or free it. */
void stage_emit(stage *st, rec *r);
/* stage_emit_text: stage_emit of a record that is only its text, r->raw
 * (owned by r; no fields): its NDJSON line, or what st's post reads.  St's
 * post gives it its fields and adds what note[0..n) says (stage_vt), on a
 * worker thread when the stages after st run there (or write the output),
 * else now.  A text that does not read back ends the program: it was
 * written by the stage itself. */
void stage_emit_text(stage *st, rec *r, const char *note, size_t n);
/* stage_print: the text s[0..n) goes to the output instead of a record (a
 * report: --explain, lead-report's tables).  With counted, it stands for
 * a record or a report's row, counted as output; n may be 0 when its part
 * of a report is printed at the end.  Without, it is just text (a title,
 * a header).  Only for stages that run on one thread (no clone). */
void stage_print(stage *st, bool counted, const char *s, size_t n);
/* stage_reject: r goes to the rejects with the reason. */
void stage_reject(stage *st, rec *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The most worker threads a run uses. */
#define STAGE_MAX_THREADS 16

/* stage_threads: the threads a run uses (LEADKIT_THREADS, else one per
 * CPU; at least 1, at most STAGE_MAX_THREADS), for a stage that splits
 * work of its own among as many. */
size_t stage_threads(void);

/* stage_prepped: in st's take of r, what st's prep made of r: on a
 * worker thread already, else now.  *n gets its length; valid until take
 * returns. */
const char *stage_prepped(stage *st, rec *r, size_t *n);

/* stage_suppress: a record leaves the run on purpose (a duplicate folded
 * into another record, a scrubbed lead): counted as suppressed.  The stage
 * says where it went (a file of its own, or a field of the record that
 * stayed). */
void stage_suppress(stage *st);
/* stage_fetched: the stage took a record from elsewhere than the input
 * (the ledger): --stats counts it as read, so that its counts reconcile.
 * Only for stages that run on one thread (no clone). */
void stage_fetched(stage *st);
/* stage_set_aside: r leaves the run into the stage's aside file (if it has
 * one), written in input order like the output; counted as suppressed. */
void stage_set_aside(stage *st, rec *r);

/*
 * stage_run: read files[0..nfiles) with options o, push every record
 * through the chain starting at first, finish and free every stage, print
 * --stats.  Returns the exit status: 0, or 1 when a file could not be read
 * or records were rejected without --rejects.
 */
int stage_run(stage *first, const cli_opts *o, char *const *files,
    int nfiles);

#endif
