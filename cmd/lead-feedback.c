/* lead-feedback - record sales outcomes in the ledger; export and recycle */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&feedback_verb, argc, argv);
}
