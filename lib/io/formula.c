/* formula.c - cells a spreadsheet would run as a formula (CSV injection) */
#include "io/formula.h"

#include <string.h>

/* plain_number: s[1..n) after a sign holds a digit and nothing but digits,
 * blanks and . , ( ) / - : a number or a phone number, no formula. */
static bool
plain_number(const char *s, size_t n)
{
	bool digit = false;

	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c == '\0' || strchr(" .,()/-", c) == NULL)
			return false;
	}
	return digit;
}

bool
formula_risky(const char *s, size_t n)
{
	if (n == 0)
		return false;
	switch (s[0]) {
	case '=':
	case '@':
	case '\t':
	case '\r':
	case '\0':
		return true;
	case '+':
	case '-':
		return !plain_number(s, n);
	}
	return false;
}

bool
formula_guarded(const char *s, size_t n)
{
	return n >= 2 && s[0] == '\'' && formula_risky(s + 1, n - 1);
}
