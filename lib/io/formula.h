/* formula.h - cells a spreadsheet would run as a formula (CSV injection)
 *
 * Web-form data is typed by strangers, and marketing opens CSV files in
 * Excel, LibreOffice or Google Sheets, which run a cell that starts with
 * '=', '+', '-' or '@' as a formula (=HYPERLINK(...), =cmd|'/c calc'!A1),
 * and one that starts with a tab or a carriage return after stripping it.
 * OWASP's guidance on CSV injection (owasp.org/www-community/attacks/
 * CSV_Injection; ASVS 5.0 requirement 1.2.10, which adds NUL) is to prefix
 * such a cell with a single quote, which the spreadsheet shows as text and
 * does not display.
 *
 * A plain number is left alone: a cell that starts with '+' or '-' and is
 * otherwise only digits, blanks and the characters . , ( ) / - (-5, -3.25,
 * +49 30 1234567, +1 (555) 010-9999) can name no function, cell or
 * program, so it can do no harm as a formula, and leadkit's phone numbers
 * (+4930...) and negative numbers stay as they are.
 *
 * The CSV reader undoes it: a cell that is a quote followed by a cell this
 * writer would have prefixed loses the quote, so that leadkit reads its own
 * output back as it was (pipes, lead run and lead-import give the same
 * records).  A cell with a quote before anything else is read as written.
 */
#ifndef LK_FORMULA_H
#define LK_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

/* formula_risky: a spreadsheet would run s[0..n) as a formula (see
 * above): it is prefixed with a quote on output. */
bool formula_risky(const char *s, size_t n);

/* formula_guarded: s[0..n) is a quote and then a risky cell: what
 * formula_risky's prefix made of it.  The reader drops the quote. */
bool formula_guarded(const char *s, size_t n);

#endif
