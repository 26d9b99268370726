/* lead-route - give each lead an owner from the roster, fairly, on a ledger */
#include "verbs/verbs.h"

int
main(int argc, char *argv[])
{
	verb_main(&route_verb, argc, argv);
}
