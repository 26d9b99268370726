/* verbs.h - the table of every program of the kit, as verbs (io/verb.h)
 *
 * The top layer: it knows every program folder.  lead-<verb>, `lead
 * <verb>` and `lead run` find their verb here; `lead help` lists it.
 * Adding a program: see the checklist in io/cli.h.
 */
#ifndef LK_VERBS_H
#define LK_VERBS_H

#include <stdnoreturn.h>

#include "io/verb.h"

/* Each defined in its folder (lib/score/score_verb.c...), in chain order. */
extern const verb import_verb, scrub_verb, dedupe_verb, score_verb,
    qualify_verb, route_verb, feedback_verb, report_verb, tune_verb;

/* verbs_all: every verb, NULL-terminated, in the order of a chain. */
extern const verb *const verbs_all[];

/* verbs_find: the verb called name ("score"), or NULL. */
const verb *verbs_find(const char *name);

/* verb_main: what lead-<verb> does: parse argv, run the action or the
 * stage on the files (and the output's stages: tail.h), flush, and exit
 * with its status. */
noreturn void verb_main(const verb *v, int argc, char **argv);

#endif
