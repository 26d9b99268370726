/* opts.c - the names of lead-report's reports */
#include "report/opts.h"

#include <string.h>

/* The reports by name, in bit order. */
static const char *const names[] = {
	"funnel", "groups", "rate", "score", "dq",
	"speed", "sla", "aging", "coverage", "fairness", "review", NULL
};

const char *
report_name(unsigned bit)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

unsigned
report_parse(const char *name)
{
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(name, names[i]) == 0)
			return 1u << i;
	return 0;
}
