/* run.c - lead run: several programs' stages in one process */
#include "verbs/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "verbs/runfile.h"
#include "verbs/tail.h"
#include "verbs/verbs.h"

const char run_usage[] =
"usage: lead run VERB [options] [file ...] [then VERB [options]]...\n"
"       lead run -f pipeline [file ...]\n"
"\n"
"Run the stages of several programs in one process, records handed from\n"
"one to the next without being written and read again: the same output\n"
"as the pipe lead-VERB ... | lead-VERB ....  Each stage takes the options\n"
"of its program (lead VERB -h), its own --rejects, --stats, --as-of and\n"
"side files; the input (files, -i, -d, -t, -H, --trim, --encoding) is the\n"
"first stage's, the output format the last -o given.\n"
"\n"
"  -f, --file FILE   read the stages from FILE, one a line ('#' comments;\n"
"                    words, '...' and \"...\"); files after it are the\n"
"                    first stage's\n"
"  -h, --help        print this help and exit\n";

/* refuse: a usage error about stage s of the chain (its file:line if it
 * was read from one). */
static noreturn void
refuse(const runfile_stage *s, const char *fmt, const char *label)
{
	char msg[256];

	snprintf(msg, sizeof msg, fmt, label);
	cli_set_progname("lead run");
	if (s->file != NULL) {
		cli_warnat(s->file, s->line, "%s", msg);
		fprintf(stderr, "Try 'lead run --help' for more information.\n");
		exit(LK_EXIT_USAGE);
	}
	cli_usage_error("%s", msg);
}

/* input_options: whether c was given an option of the input. */
static bool
input_options(const verb_call *c)
{
	return c->o.in_format != LK_FMT_AUTO || c->o.delim != '\0' ||
	    c->o.no_header || c->o.trim || c->o.encoding != NULL;
}

/* words: the stages of argv: "-f FILE [file ...]" or the chain. */
static void
words(runfile *rf, int argc, char **argv)
{
	sbuf err = SBUF_INIT;
	int rc;

	if (argc > 0 && (strcmp(argv[0], "-f") == 0 ||
	    strcmp(argv[0], "--file") == 0)) {
		if (argc < 2)
			cli_usage_error("-f: a pipeline file is needed");
		rc = runfile_read(rf, argv[1], &err);
		if (rc == -2)
			cli_die(LK_EXIT_DATA, "%s", err.p);
		if (rc != 0)
			cli_usage_error("%s", err.p);
		argc -= 2;
		argv += 2;
		if (argc > 0 && strcmp(argv[0], "--") == 0) {
			argc--;
			argv++;
		}
		runfile_stage *first = &rf->stages[0];
		first->argv = xreallocarray(first->argv,
		    (size_t)(first->argc + argc + 2), sizeof *first->argv);
		if (argc > 0)
			first->argv[first->argc++] = "--";
		for (int i = 0; i < argc; i++)
			first->argv[first->argc++] = argv[i];
		first->argv[first->argc] = NULL;
	} else if (runfile_args(rf, argv, argc, &err) != 0) {
		cli_usage_error("%s", err.p);
	}
	sbuf_free(&err);
}

void
run_main(int argc, char **argv)
{
	runfile rf = { 0 };
	verb_call **calls;
	stage *first = NULL, **link = &first, *last = NULL;
	cli_opts o;
	int status;
	size_t i, n;

	cli_set_progname("lead run");
	argc--;
	argv++;
	if (argc > 0 && (strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "--help") == 0)) {
		fputs(run_usage, stdout);
		cli_exit(LK_EXIT_OK);
	}
	words(&rf, argc, argv);
	n = rf.n;
	calls = xcalloc(n, sizeof *calls);
	for (i = 0; i < n; i++) {
		runfile_stage *s = &rf.stages[i];
		const verb *v = verbs_find(s->argv[0]);
		if (v == NULL) {
			char what[160];
			snprintf(what, sizeof what, "\"%.100s\" is no verb "
			    "(lead help lists them)", s->argv[0]);
			refuse(s, "%s", what);
		}
		cli_set_context(s->file, s->line);
		calls[i] = verb_parse(v, s->argc, s->argv);
		cli_set_context(NULL, 0);
	}
	for (i = 0; i < n; i++) {
		verb_call *c = calls[i];
		runfile_stage *s = &rf.stages[i];
		if (c->act != NULL && n > 1)
			refuse(s, "%s: this is no stage (--check, --compile, "
			    "--show-mapping run alone)", c->label);
		if (c->no_input && i > 0)
			refuse(s, "%s reads no input here: it can only be the "
			    "first stage", c->label);
		if (c->report && i + 1 < n)
			refuse(s, "%s prints a report: it can only be the "
			    "last stage", c->label);
		if (i > 0 && c->nfiles > 0)
			refuse(s, "%s: files are read by the first stage",
			    c->label);
		tail_check(c);
		if (c->o.to != NULL && i + 1 < n)
			refuse(s, "%s: --to is the last stage's (the output's "
			    "layout)", c->label);
		if (i > 0 && input_options(c))
			refuse(s, "%s: -i, -d, -t, -H, --trim and --encoding "
			    "are the first stage's", c->label);
	}
	if (calls[0]->act != NULL) {
		cli_set_progname(calls[0]->label);
		status = calls[0]->act(calls[0]);
	} else {
		o = calls[0]->o;
		for (i = 0; i < n; i++) {
			verb_call *c = calls[i];
			cli_set_progname(c->label);
			stage *st = c->make(c);
			st->label = c->label;
			st->rejects = c->o.rejects;
			st->stats = c->o.stats;
			st->no_input = i == 0 && c->no_input;
			if (c->o.out_format != LK_FMT_AUTO)
				o.out_format = c->o.out_format;
			*link = st;
			link = &st->next;
			last = st;
		}
		/* --to: the layout after the last stage (tail.h), which
		 * declares the last program's fields in its own names;
		 * --to and --raw-cells are the last stage's, as -o */
		cli_set_progname(calls[n - 1]->label);
		o.to = calls[n - 1]->o.to;
		o.raw_cells = calls[n - 1]->o.raw_cells;
		(void)tail_append(last, &o);
		/* A CSV header as the last program of the pipe writes it:
		 * the fields of the records it gets, then those it may add
		 * (the fields an earlier stage may add are in its records
		 * or not, as in the pipe).  Report, which frees its own, is
		 * only ever last. */
		for (stage *st = first; st->next != NULL; st = st->next)
			st->fields = NULL;
		/* each stage has its own rejects and stats */
		o.rejects = NULL;
		o.stats = false;
		cli_set_progname(calls[0]->label);
		status = stage_run(first, &o, calls[0]->files,
		    calls[0]->nfiles);
	}
	for (i = 0; i < n; i++)
		verb_call_free(calls[i]);
	free(calls);
	runfile_free(&rf);
	cli_exit(status);
}
