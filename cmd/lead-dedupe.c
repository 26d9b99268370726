/* lead-dedupe - find duplicate leads; mark, drop or merge them */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&dedupe_verb, argc, argv);
}
