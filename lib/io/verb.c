/* verb.c - a program of the kit as a verb: parsing its command line, and
 * running it as lead-<verb> does (lib/verbs/: verb_main) */
#include "io/verb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

verb_call *
verb_parse(const verb *v, int argc, char **argv)
{
	verb_call *c = xcalloc(1, sizeof *c);
	size_t n = strlen(v->name) + sizeof "lead-";
	int ch;

	c->verb = v;
	c->label = xmalloc(n);
	snprintf(c->label, n, "lead-%s", v->name);
	cli_init(&c->o, argv, c->label, v->usage);
	c->opts = xcalloc(1, v->opts_size);
	if (v->init != NULL)
		v->init(c, argc);
	optind = 0;	/* GNU: start afresh (lead run parses several) */
	while ((ch = getopt_long(argc, argv, v->shortopts, v->longopts,
	    NULL)) != -1) {
		if (!v->option(c, ch, optarg) && !cli_option(&c->o, ch, optarg))
			cli_usage_error("unknown option");
	}
	c->files = argv + optind;
	c->nfiles = argc - optind;
	v->done(c);
	return c;
}

void
verb_call_free(verb_call *c)
{
	if (c == NULL)
		return;
	if (c->verb->free_opts != NULL)
		c->verb->free_opts(c->opts);
	else
		free(c->opts);
	free(c->label);
	free(c);
}
