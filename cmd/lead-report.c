/* lead-report - count leads and the ledger: funnel, conversion, SLA, fairness */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&report_verb, argc, argv);
}
