/* main.c - what lead-<verb> does: its verb, run (verbs.h: verb_main) */
#include "verbs/verbs.h"

#include "verbs/tail.h"

void
verb_main(const verb *v, int argc, char **argv)
{
	verb_call *c = verb_parse(v, argc, argv);
	int status;

	tail_check(c);
	if (c->act != NULL) {
		status = c->act(c);
	} else {
		stage *st = c->make(c);
		st->no_input = c->no_input;
		(void)tail_append(st, &c->o);
		status = stage_run(st, &c->o, c->files, c->nfiles);
	}
	verb_call_free(c);
	cli_exit(status);
}
