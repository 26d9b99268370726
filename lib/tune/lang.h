/* lang.h - how lead-tune writes names, strings and numbers in the rule
 * language (lead-rules(5)), so that lead-score reads back what was meant
 *
 *	Lead Origin  -> `Lead Origin`       employees -> employees
 *	Say "hi"     -> "Say \"hi\""        600       -> 600     2.5 -> 2.5
 */
#ifndef LK_TUNE_LANG_H
#define LK_TUNE_LANG_H

#include <stdbool.h>

#include "base/sbuf.h"

/* tune_lang_name_ok: name can be written at all (no backquote, no
 * control character). */
bool tune_lang_name_ok(const char *name);
/* tune_lang_name: append name as a field name: bare when it is a plain
 * word that is no keyword, else in backquotes. */
void tune_lang_name(sbuf *out, const char *name);
/* tune_lang_string: append s as a string literal. */
void tune_lang_string(sbuf *out, const char *s);
/* tune_lang_number: append v as a number literal that reads back as v
 * exactly (no exponent: the language has none); v must be finite. */
void tune_lang_number(sbuf *out, double v);

#endif
