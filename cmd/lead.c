/* lead - the programs of leadkit as verbs: lead VERB, lead run, lead help */
#include "verbs/lead.h"

int
main(int argc, char *argv[])
{
	lead_main(argc, argv);
}
