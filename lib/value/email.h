/* email.h - e-mail addresses and web domains
 *
 * The normal form of an address is what a mail system would deliver to:
 * trimmed (also of "mailto:" and angle brackets "Name <a@b.c>"), local part
 * lower-cased (no provider that matters treats case as significant), domain
 * converted to its IDNA2008 ASCII form (libidn2; "bücher.de" ->
 * "xn--bcher-kva.de"), lower case, no trailing dot.  Gmail dots and +tags
 * are NOT removed here: that is a matching key (email_match_key), not a
 * different address.
 */
#ifndef LK_EMAIL_H
#define LK_EMAIL_H

#include <stddef.h>

#include "base/sbuf.h"

/*
 * email_norm: append the normal form of s to out.  Returns 0, or -1 when s
 * is not a valid address (syntax: one '@', a dot-atom local part of 1-64
 * bytes of letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing
 * or double dot, non-ASCII UTF-8 letters allowed (RFC 6531); a domain of at
 * least two labels, each 1-63 letters, digits or hyphens not at either end,
 * the last not all digits, 253 bytes at most, or one that libidn2 rejects).
 * "a@b.c0m" is valid: whether a top-level domain exists is not checked
 * here.  Quoted local parts and address literals ("a@[1.2.3.4]") are
 * rejected.  On -1 out holds nothing new.
 */
int email_norm(sbuf *out, const char *s, size_t n);

/* email_domain: the part after the last '@' of a normalized address, or
 * NULL if there is none. */
const char *email_domain(const char *email);

/*
 * email_match_key: append a key under which two addresses of one mailbox
 * compare equal: the normal form, and for gmail.com/googlemail.com the dots
 * of the local part removed and the domain gmail.com; for every domain a
 * "+tag" suffix of the local part removed.  Input must be normalized.
 */
void email_match_key(sbuf *out, const char *email);

/*
 * domain_from_url: append the host of a web address or bare domain:
 * "https://www.Example.co.uk/about?x" -> "example.co.uk", "WWW.acme.de" ->
 * "acme.de", "http://user@shop.example:8080/" -> "shop.example".  A leading
 * "www." (or www2., www3.) is dropped unless only one label would be left
 * ("www.com" stays); IDN labels go to ASCII form.  Returns 0, or -1 when no
 * valid domain (two labels or more, as for email_norm; so not "localhost"
 * or an IP address) is found; on -1 out holds nothing new.
 */
int domain_from_url(sbuf *out, const char *s, size_t n);

/* domain_to_ascii: append the IDNA2008 ASCII form of a domain (lower case,
 * one trailing dot dropped), for list entries written in Unicode.  One label
 * is enough ("de").  Returns 0, or -1 with out unchanged when a label is not
 * valid (as for email_norm) or libidn2 rejects it. */
int domain_to_ascii(sbuf *out, const char *s, size_t n);

#endif
