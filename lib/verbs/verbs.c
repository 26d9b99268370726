/* verbs.c - the table of every program of the kit, as verbs */
#include "verbs/verbs.h"

#include <string.h>

const verb *const verbs_all[] = {
	&import_verb, &scrub_verb, &dedupe_verb, &score_verb, &qualify_verb,
	&route_verb, &feedback_verb, &report_verb, &tune_verb, NULL
};

const verb *
verbs_find(const char *name)
{
	for (size_t i = 0; verbs_all[i] != NULL; i++)
		if (strcmp(verbs_all[i]->name, name) == 0)
			return verbs_all[i];
	return NULL;
}
