/* phone.h - telephone numbers to E.164
 *
 * E.164 is "+" then the country calling code then the national significant
 * number, 15 digits at most: "+4930123456".  The rules, in order:
 *  - an extension ("x12", "ext. 12", "Durchwahl 12", "wew. 12", "#12" at the
 *    end) is split off;
 *  - "(0)" after a calling code is dropped ("+44 (0)20 ..."), as is every
 *    character other than digits and a leading "+"; so is a trunk prefix
 *    of 0 typed right after the code ("+49 0711 ...": national numbers
 *    there never start with it);
 *  - "+CC...", "00CC..." and, for NANP default countries, "011CC..." are
 *    international: the calling code is looked up in the country table;
 *  - otherwise the number is national to the default country: its trunk
 *    prefix, if present, is dropped, and its calling code put in front;
 *    an 11-digit NANP number starting with 1 is treated as international;
 *  - the national significant number must have between nsn_min and nsn_max
 *    digits of that calling code's country.
 * A number in scientific notation, as Excel shows a long number in a
 * General cell and saves it so ("4,93512E+11", "4.93512E+11", "4.9E11"),
 * has lost its digits: it is refused, never read as +49351211.
 */
#ifndef LK_PHONE_H
#define LK_PHONE_H

#include <stddef.h>

#include "value/country.h"
#include "base/sbuf.h"

typedef enum phone_status {
	PHONE_OK,
	PHONE_EMPTY,		/* no digits at all */
	PHONE_NO_COUNTRY,	/* national number and no default country
				 * (or one without a calling code) */
	PHONE_BAD_CODE,		/* unknown calling code */
	PHONE_BAD_LENGTH,	/* too short or too long for the country */
	PHONE_SCIENTIFIC,	/* scientific notation: digits lost */
} phone_status;

/*
 * phone_e164: append the E.164 form of s to out, and the extension's digits,
 * if any, to ext (ext may be NULL).  defc is the default country for
 * national numbers (may be NULL).  On anything but PHONE_OK, out and ext
 * hold nothing new.
 */
phone_status phone_e164(sbuf *out, sbuf *ext, const char *s, size_t n,
    const country_table *t, const country *defc);

/* phone_status_str: a short reason for a status ("unknown calling code"). */
const char *phone_status_str(phone_status st);

#endif
