/* lead-score - score leads with a rules file, and explain every point */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&score_verb, argc, argv);
}
