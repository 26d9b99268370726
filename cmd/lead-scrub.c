/* lead-scrub - suppress leads on do-not-call, unsubscribe and other lists */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&scrub_verb, argc, argv);
}
