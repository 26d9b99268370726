/* listkey.c - suppression list entries and their keys */
#include "scrub/listkey.h"

#include <nettle/md5.h>
#include <nettle/nettle-meta.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <string.h>

#include "value/email.h"
#include "value/phone.h"

static const char *const kind_names[LISTKEY_NKINDS] = {
	[LISTKEY_PHONE] = "phone", [LISTKEY_EMAIL] = "email",
	[LISTKEY_DOMAIN] = "domain", [LISTKEY_ID] = "id",
	[LISTKEY_SHA256] = "sha256", [LISTKEY_MD5] = "md5",
};

const char *
listkey_kind_name(listkey_kind k)
{
	return kind_names[k];
}

int
listkey_kind_parse(const char *s)
{
	for (int k = 0; k < LISTKEY_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static bool
hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/* strpbrk_n: the first byte of s[0..n) in set, or NULL. */
static const char *
strpbrk_n(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\0' && strchr(set, s[i]) != NULL)
			return s + i;
	return NULL;
}

static uint64_t
number(const char *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* The shapes of a US registry line: area code and number. */
static bool
us_split(const char *s, size_t n)
{
	return n == 11 && s[3] == ',' && digits(s, 3) && digits(s + 4, 7) &&
	    s[0] >= '2';
}

/* us_digits: s[0..n) is a US number without "+": ten digits whose area
 * code starts with 2 to 9 (no NANP area code starts with 0 or 1), or 1
 * and such ten digits. */
static bool
us_digits(const char *s, size_t n)
{
	if (n == 11 && s[0] == '1') {
		s++;
		n--;
	}
	return n == 10 && digits(s, n) && s[0] >= '2';
}

/* national: s[0..n) is digits and the separators people type (at least
 * 6 digits, at most 15, starting with a digit or '('), with a separator
 * or a leading 0: a telephone number without its country. */
static bool
national(const char *s, size_t n)
{
	size_t nd = 0;
	bool sep = false;

	if (n == 0 || !((s[0] >= '0' && s[0] <= '9') || s[0] == '('))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			nd++;
		else if (strchr(" -.()/", s[i]) != NULL)
			sep = true;
		else
			return false;
	}
	return nd >= 6 && nd <= 15 && (sep || s[0] == '0');
}

/* strip: the digits of s[0..n) into tmp. */
static void
strip(sbuf *tmp, const char *s, size_t n)
{
	sbuf_reset(tmp);
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			sbuf_addc(tmp, s[i]);
}

listkey_kind
listkey_detect(const char *s, size_t n)
{
	if ((n == 10 && digits(s, n)) || us_split(s, n) ||
	    (n == 11 && s[0] == '1' && digits(s, n)) ||
	    (n > 1 && s[0] == '+' && listkey_phone(s, n) != 0) ||
	    national(s, n))
		return LISTKEY_PHONE;
	if ((n == 64 || n == 32) && hex(s, n))
		return n == 64 ? LISTKEY_SHA256 : LISTKEY_MD5;
	if (memchr(s, '@', n) != NULL)
		return LISTKEY_EMAIL;
	if (memchr(s, '.', n) != NULL && memchr(s, ' ', n) == NULL)
		return LISTKEY_DOMAIN;
	return LISTKEY_ID;
}

uint64_t
listkey_phone(const char *s, size_t n)
{
	uint64_t v = 0;
	size_t nd = 0;

	if (n == 0 || s[0] != '+')
		return 0;
	/* separators people type between the digits are allowed */
	for (size_t i = 1; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (nd == 0 && s[i] == '0')
				return 0;	/* no calling code starts so */
			v = v * 10 + (uint64_t)(s[i] - '0');
			nd++;
		} else if (strchr(" -.()/", s[i]) == NULL)
			return 0;
	}
	return nd >= 7 && nd <= 15 ? v : 0;
}

/* digest_key: the first 8 bytes, big-endian, of the digest by h of
 * s[0..n). */
static uint64_t
digest_key(const struct nettle_hash *h, const char *s, size_t n)
{
	union {
		struct sha256_ctx sha256;
		struct md5_ctx md5;
	} ctx;
	uint8_t d[SHA256_DIGEST_SIZE];	/* the larger of the two */
	uint64_t v = 0;

	h->init(&ctx);
	h->update(&ctx, n, (const uint8_t *)s);
	h->digest(&ctx, h->digest_size, d);
	for (int i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return v;
}

uint64_t
listkey_sha256(const char *s, size_t n)
{
	return digest_key(&nettle_sha256, s, n);
}

uint64_t
listkey_md5(const char *s, size_t n)
{
	return digest_key(&nettle_md5, s, n);
}

static int
hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

bool
listkey_idlike(const char *s, size_t n)
{
	return n <= 128 && strpbrk_n(s, n, ",;\t") == NULL &&
	    strpbrk_n(s, n, "0123456789") != NULL;
}

const char listkey_why_national[] = "a national number, and the list's "
    "country is not known (--country)";

int
listkey_phone_in(const char *s, size_t n, const country_table *t,
    const country *defc, uint64_t *key, const char **why, sbuf *tmp)
{
	*key = 0;
	if (us_split(s, n)) {
		/* only the US registry writes numbers so */
		*key = 10000000000ULL + number(s, 3) * 10000000 +
		    number(s + 4, 7);
		return 0;
	}
	if (n > 0 && s[0] == '+') {
		if ((*key = listkey_phone(s, n)) == 0) {
			*why = "not a phone number (10 digits, AAA,NNNNNNN or "
			    "+E.164)";
			return -1;
		}
		return 0;
	}
	if (defc != NULL && t != NULL) {
		sbuf_reset(tmp);
		phone_status ps = phone_e164(tmp, NULL, s, n, t, defc);
		if (ps != PHONE_OK) {
			*why = phone_status_str(ps);
			return -1;
		}
		*key = listkey_phone(tmp->p, tmp->n);
		if (*key == 0) {
			*why = "not a phone number";
			return -1;
		}
		return 0;
	}
	if (national(s, n) || digits(s, n)) {
		strip(tmp, s, n);
		if (us_digits(tmp->p, tmp->n)) {
			*key = tmp->n == 10 ? 10000000000ULL +
			    number(tmp->p, 10) : number(tmp->p, 11);
			return 0;
		}
		if (tmp->n >= 6 && tmp->n <= 15) {
			*why = listkey_why_national;
			return -1;
		}
	}
	*why = "not a phone number (10 digits, AAA,NNNNNNN or +E.164)";
	return -1;
}

int
listkey_entry(listkey_kind k, const char *s, size_t n, uint64_t keys[2],
    const char **why, sbuf *tmp)
{
	int nkeys = 1;
	size_t at;

	switch (k) {
	case LISTKEY_PHONE:
		if (listkey_phone_in(s, n, NULL, NULL, &keys[0], why, tmp) < 0)
			return 0;
		break;
	case LISTKEY_EMAIL:
		/* tmp: the normal form, a NUL, the match key */
		sbuf_reset(tmp);
		if (email_norm(tmp, s, n) < 0) {
			*why = "not an e-mail address";
			return 0;
		}
		keys[0] = listkey_sha256(tmp->p, tmp->n);
		at = tmp->n + 1;
		/* the match key is no longer than the normal form: with this
		 * room, reading tmp->p while appending to tmp is safe */
		sbuf_grow(tmp, at + 1);
		sbuf_addc(tmp, '\0');
		email_match_key(tmp, tmp->p);
		if (tmp->n - at != at - 1 || memcmp(tmp->p + at, tmp->p,
		    at - 1) != 0)
			keys[nkeys++] = listkey_sha256(tmp->p + at, tmp->n - at);
		break;
	case LISTKEY_DOMAIN:
		sbuf_reset(tmp);
		if (domain_to_ascii(tmp, s, n) < 0) {
			*why = "not a domain";
			return 0;
		}
		keys[0] = listkey_sha256(tmp->p, tmp->n);
		break;
	case LISTKEY_ID:
		keys[0] = listkey_sha256(s, n);
		break;
	case LISTKEY_SHA256:
	case LISTKEY_MD5:
		if (n != (k == LISTKEY_SHA256 ? 64u : 32u) || !hex(s, n)) {
			*why = k == LISTKEY_SHA256 ? "not a SHA-256 digest (64 "
			    "hex digits)" : "not an MD5 digest (32 hex digits)";
			return 0;
		}
		keys[0] = 0;
		for (int i = 0; i < 16; i++)
			keys[0] = keys[0] << 4 | (uint64_t)hexval(s[i]);
		break;
	default:
		return 0;
	}
	return nkeys;
}
