/* tail.c - what the output options add at the end of a chain: --to */
#include "verbs/tail.h"

#include "lead/crmout.h"

void
tail_check(const verb_call *c)
{
	if (c->o.to != NULL && (c->act != NULL || c->report))
		cli_usage_error("--to: %s writes no records here (a report "
		    "or an action)", c->label);
}

stage *
tail_append(stage *last, cli_opts *o)
{
	if (o->to == NULL)
		return last;
	stage *st = crmout_stage(o->to, last->fields);
	last->fields = NULL;	/* declared by st, in the layout's names (as
				 * lead run does for all but the last stage) */
	last->next = st;
	if (o->out_format == LK_FMT_AUTO)
		o->out_format = LK_FMT_CSV;
	return st;
}
