/* lead.c - the program lead: lead VERB, lead run, lead help */
#include "verbs/lead.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "verbs/run.h"
#include "verbs/verbs.h"

static const char usage[] =
"usage: lead VERB [options] [file ...]\n"
"       lead run VERB [options] [file ...] [then VERB [options]]...\n"
"       lead run -f pipeline [file ...]\n"
"       lead help [verb] | -h | -V\n"
"\n"
"The programs of leadkit as verbs: lead VERB is lead-VERB (lead VERB -h\n"
"for its options); lead run chains them in one process.\n"
"\n";

static void
help(void)
{
	fputs(usage, stdout);
	puts("Verbs:");
	for (size_t i = 0; verbs_all[i] != NULL; i++)
		printf("  %-10s %s\n", verbs_all[i]->name,
		    verbs_all[i]->summary);
	printf("  %-10s %s\n", "run", "the stages of several verbs in one "
	    "process: VERB ... then VERB ...");
	printf("  %-10s %s\n", "help", "print this help");
	puts("\nSee lead(1), and lead-VERB(1) for each verb.");
}

/* list_options: every option of v, one a line: "-r", then "--rules". */
static void
list_options(const verb *v)
{
	for (const char *p = v->shortopts; *p != '\0'; p++)
		if (*p != ':')
			printf("-%c\n", *p);
	for (const struct option *o = v->longopts; o->name != NULL; o++)
		printf("--%s\n", o->name);
}

void
lead_main(int argc, char **argv)
{
	const verb *v;
	cli_opts o;

	cli_init(&o, argv, "lead", usage);
	if (argc < 2)
		cli_usage_error("a verb is needed (lead help lists them)");
	const char *a = argv[1];
	if (strcmp(a, "help") == 0 && argc == 3) {
		if (strcmp(argv[2], "run") == 0)
			fputs(run_usage, stdout);
		else if ((v = verbs_find(argv[2])) != NULL)
			fputs(v->usage, stdout);
		else
			cli_usage_error("\"%s\" is no verb (lead help lists "
			    "them)", argv[2]);
		cli_exit(LK_EXIT_OK);
	}
	if (strcmp(a, "help") == 0 || strcmp(a, "-h") == 0 ||
	    strcmp(a, "--help") == 0) {
		if (argc > 2)
			cli_usage_error("help: at most one verb");
		help();
		cli_exit(LK_EXIT_OK);
	}
	if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
		printf("lead (leadkit) %s\n", LEADKIT_VERSION);
		cli_exit(LK_EXIT_OK);
	}
	if (strcmp(a, "--list-verbs") == 0) {
		for (size_t i = 0; verbs_all[i] != NULL; i++)
			puts(verbs_all[i]->name);
		cli_exit(LK_EXIT_OK);
	}
	if (strcmp(a, "--list-options") == 0) {
		if (argc != 3)
			cli_usage_error("--list-options: one verb");
		if (strcmp(argv[2], "run") == 0) {
			puts("-f\n-h\n--file\n--help");
			cli_exit(LK_EXIT_OK);
		}
		if ((v = verbs_find(argv[2])) == NULL)
			cli_usage_error("\"%s\" is no verb (lead help lists "
			    "them)", argv[2]);
		list_options(v);
		cli_exit(LK_EXIT_OK);
	}
	if (strcmp(a, "run") == 0)
		run_main(argc - 1, argv + 1);
	if (a[0] == '-')
		cli_usage_error("%s: a verb first (lead help lists them)", a);
	if ((v = verbs_find(a)) == NULL)
		cli_usage_error("\"%s\" is no verb (lead help lists them)", a);
	verb_main(v, argc - 1, argv + 1);
}
