/* lead-qualify - decide each lead's lifecycle status by a lead definition */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&qualify_verb, argc, argv);
}
