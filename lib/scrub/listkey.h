/* listkey.h - the kinds of suppression list, and the 64-bit keys of their
 * entries and of a lead's contact data
 *
 * A list holds one kind of entry; each entry becomes a 64-bit key, and a
 * lead is looked up by the keys of its own data, normalized the same way:
 *
 *	kind    entry                          key
 *	phone   4155550134, 415,5550134,       the E.164 digits as a number:
 *	        14155550134, +44 20 7946 0958  14155550134
 *	        030 1234567 with a country     (listkey_phone_in)
 *	email   Ann.Lee+x@Example.com          SHA-256 of the normal form
 *	                                       (email_norm), and of the match
 *	                                       key when it differs (gmail
 *	                                       dots, +tags: email_match_key)
 *	domain  Example.COM, bücher.de         SHA-256 of the ASCII form
 *	id      L-00017                        SHA-256 of the text
 *	sha256  64 hex digits                  the digest, of a normalized
 *	md5     32 hex digits                  e-mail or "+E.164" phone
 *
 * A key from a digest is its first 8 bytes, big-endian; a plain e-mail
 * entry and the SHA-256 of its normal form give the same key, so a
 * partner's hashed list and one's own plain list are interchangeable.
 * Two different entries share a key with probability n / 2^64 per lookup.
 */
#ifndef LK_LISTKEY_H
#define LK_LISTKEY_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#include "value/country.h"
#include "base/sbuf.h"

typedef enum listkey_kind {
	LISTKEY_PHONE, LISTKEY_EMAIL, LISTKEY_DOMAIN, LISTKEY_ID,
	LISTKEY_SHA256, LISTKEY_MD5, LISTKEY_NKINDS
} listkey_kind;

/* listkey_kind_name: "phone", "email", ... */
const char *listkey_kind_name(listkey_kind k);
/* listkey_kind_parse: the kind named s; -1 if none is. */
int listkey_kind_parse(const char *s);

/* listkey_detect: the kind an entry looks like: 10 or 11 digits,
 * "AAA,NNNNNNN", "+digits", or a national number (6 to 15 digits with
 * separators, or a leading 0: "030 1234567") a phone, 64 or 32 hex
 * digits a digest, an '@' an e-mail, a dot and no space a domain,
 * anything else an id. */
listkey_kind listkey_detect(const char *s, size_t n);

/* listkey_idlike: s[0..n) looks like an id a system gave (L-1001,
 * 00Q5g000004XyZ, crm 2002): it has a digit, no ',', ';' or TAB, and at
 * most 128 bytes.  A list of names or words is not one of ids. */
bool listkey_idlike(const char *s, size_t n);

/* listkey_phone_in: the key of the phone entry s[0..n) into *key:
 * "AAA,NNNNNNN" (the US registry's form) is a US number, "+..." is
 * international; any other number is national to defc (read as
 * lead-import reads a lead's phone, with the table t), or, without defc,
 * a US number when it has the US shape (ten digits whose first is 2-9,
 * or 1 and those), an error otherwise.  Returns 0, or -1 with a static
 * reason in *why: listkey_why_national when only a country is missing.
 * tmp is the caller's scratch. */
int listkey_phone_in(const char *s, size_t n, const country_table *t,
    const country *defc, uint64_t *key, const char **why, sbuf *tmp);
extern const char listkey_why_national[];

/* listkey_entry: the keys of the entry s[0..n) of a list of kind k (white
 * space around it already trimmed) into keys[0..2): returns how many (1
 * or 2), or 0 with a reason in *why when s is not an entry of that kind.
 * tmp is the caller's scratch. */
int listkey_entry(listkey_kind k, const char *s, size_t n, uint64_t keys[2],
    const char **why, sbuf *tmp);

/* listkey_phone: the key of an E.164 number ("+14155550134"), or 0 when s
 * is not one. */
uint64_t listkey_phone(const char *s, size_t n);
/* listkey_sha256, listkey_md5: the key of the digest of s[0..n). */
uint64_t listkey_sha256(const char *s, size_t n);
uint64_t listkey_md5(const char *s, size_t n);

#endif
