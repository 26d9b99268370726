/* lead-import - turn what a channel delivers into clean canonical leads */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&import_verb, argc, argv);
}
