/* lang.c - how lead-tune writes names, strings and numbers in the rule
 * language */
#include "tune/lang.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words a bare field name may not be (lead-rules(5): reserved in
 * conditions, and those that change how a rule is read). */
static const char *const keywords[] = {
	"absent", "and", "cap", "contains", "count", "each", "ends", "event",
	"exists", "false", "in", "missing", "not", "of", "or", "starts",
	"true", "within", NULL
};

bool
tune_lang_name_ok(const char *name)
{
	if (*name == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p == '`' || *p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* plain: name reads as a field name without backquotes. */
static bool
plain(const char *name)
{
	const char *p = name;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p == '_'))
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
		    *p == '-'))
			return false;
	if (p[-1] == '.' || p[-1] == '-' || strncmp(name, "event.", 6) == 0)
		return false;
	for (size_t i = 0; keywords[i] != NULL; i++)
		if (strcmp(name, keywords[i]) == 0)
			return false;
	return true;
}

void
tune_lang_name(sbuf *out, const char *name)
{
	if (plain(name)) {
		sbuf_adds(out, name);
		return;
	}
	sbuf_addc(out, '`');
	sbuf_adds(out, name);
	sbuf_addc(out, '`');
}

void
tune_lang_string(sbuf *out, const char *s)
{
	sbuf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addc(out, '\\');
		if (*s == '\n')
			sbuf_adds(out, "\\n");
		else if (*s == '\t')
			sbuf_adds(out, "\\t");
		else
			sbuf_addc(out, *s);
	}
	sbuf_addc(out, '"');
}

void
tune_lang_number(sbuf *out, double v)
{
	char buf[64];

	for (int prec = 0; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*f", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	sbuf_adds(out, buf);
}
