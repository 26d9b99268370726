/* lead-tune - learn a scoring model from leads whose outcome is known */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&tune_verb, argc, argv);
}
