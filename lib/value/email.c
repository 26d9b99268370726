/* email.c - e-mail addresses and web domains */
#include "value/email.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>
#include <utf8proc.h>

#include "base/fold.h"
#include "base/xmem.h"

#define EMAIL_MAXLOCAL 64
#define DOMAIN_MAX 253
#define LABEL_MAX 63

/* Characters of an RFC 5322 dot-atom besides letters, digits and '.'. */
static const char email_atext[] = "!#$%&'*+/=?^_`{|}~-";

/* Domains whose mailboxes ignore dots in the local part. */
static const char *const email_gmail[] = { "gmail.com", "googlemail.com" };

/* Host prefixes that name the same site as the domain without them. */
static const char *const url_www[] = { "www.", "www2.", "www3." };

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || (**s >= '\t' && **s <= '\r'))) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' ||
	    ((*s)[*n - 1] >= '\t' && (*s)[*n - 1] <= '\r')))
		(*n)--;
}

static const char *
find(const char *s, size_t n, char c)
{
	return n > 0 ? memchr(s, c, n) : NULL;
}

static const char *
find_last(const char *s, size_t n, char c)
{
	return n > 0 ? memrchr(s, c, n) : NULL;
}

static bool
is_ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* valid_host: h[0..n) is lower-case ASCII: labels of 1-63 letters, digits
 * and inner hyphens, at least minlabels of them, the last not all digits,
 * 253 bytes at most. */
static bool
valid_host(const char *h, size_t n, int minlabels)
{
	size_t start = 0;
	int labels = 0;
	bool digits = true;

	if (n == 0 || n > DOMAIN_MAX)
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && h[i] != '.') {
			if (!is_ldh((unsigned char)h[i]))
				return false;
			digits &= h[i] >= '0' && h[i] <= '9';
			continue;
		}
		if (i == start || i - start > LABEL_MAX || h[start] == '-' ||
		    h[i - 1] == '-')
			return false;
		labels++;
		if (i < n)
			digits = true;
		start = i + 1;
	}
	return labels >= minlabels && !digits;
}

/* is_xn: s[0..n) starts with an A-label prefix "xn--", any case. */
static bool
is_xn(const char *s, size_t n)
{
	return n >= 4 && (s[0] | 0x20) == 'x' && (s[1] | 0x20) == 'n' &&
	    s[2] == '-' && s[3] == '-';
}

/* put_ascii_host: the ASCII case of domain_put, in one pass: append s[0..n)
 * lower-cased and check it as valid_host does.  Returns 0, -1 (not valid;
 * out unchanged), or 1 when the domain is not plain ASCII or has an
 * A-label, which libidn2 must then check (out unchanged). */
static int
put_ascii_host(sbuf *out, const char *s, size_t n, int minlabels)
{
	size_t start = 0;
	int labels = 0;
	bool ok = n > 0 && n <= DOMAIN_MAX, digits = true;
	char *o;

	sbuf_grow(out, n);
	o = out->p + out->n;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			unsigned char c = (unsigned char)s[i];

			if (c >= 0x80 || (i == start && is_xn(s + i, n - i))) {
				out->p[out->n] = '\0';
				return 1;
			}
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			o[i] = (char)c;
			ok &= is_ldh(c);
			digits &= c >= '0' && c <= '9';
			continue;
		}
		if (i < n)
			o[i] = '.';
		if (i == start || i - start > LABEL_MAX || s[start] == '-' ||
		    s[i - 1] == '-')
			ok = false;
		labels++;
		if (i < n)
			digits = true;
		start = i + 1;
	}
	if (!ok || labels < minlabels || digits) {
		out->p[out->n] = '\0';
		return -1;
	}
	out->n += n;
	out->p[out->n] = '\0';
	return 0;
}

/* domain_put: append the ASCII form of domain s[0..n) (one trailing dot
 * dropped) if it is valid with at least minlabels labels.  Returns 0, or -1
 * with out unchanged. */
static int
domain_put(sbuf *out, const char *s, size_t n, int minlabels)
{
	size_t start = out->n;
	int rc;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if ((rc = put_ascii_host(out, s, n, minlabels)) <= 0)
		return rc;

	char *in = xstrndup(s, n), *ascii = NULL;

	rc = idn2_lookup_u8((const uint8_t *)in, (uint8_t **)&ascii,
	    IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	free(in);
	if (rc != IDN2_OK)
		return -1;
	fold_lower(out, ascii, strlen(ascii));
	idn2_free(ascii);
	if (!valid_host(out->p + start, out->n - start, minlabels)) {
		out->n = start;
		out->p[start] = '\0';
		return -1;
	}
	return 0;
}

static bool
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr(email_atext, c));
}

/* valid_local: a dot-atom of 1-64 bytes; non-ASCII must be letters, marks
 * or digits. */
static bool
valid_local(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || n > EMAIL_MAXLOCAL || s[0] == '.' || s[n - 1] == '.')
		return false;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t len;

		if (c < 0x80) {
			/* a '.' here is never the last byte */
			if (c == '.' ? s[i + 1] == '.' : !is_atext(c))
				return false;
			i++;
			continue;
		}
		len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);
		if (len < 0)
			return false;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
			break;
		default:
			return false;
		}
		i += (size_t)len;
	}
	return true;
}

int
email_norm(sbuf *out, const char *s, size_t n)
{
	const char *lt, *gt, *at;
	size_t start = out->n;

	trim(&s, &n);
	/* "Name <a@b.c>" */
	if ((lt = find_last(s, n, '<')) != NULL) {
		if ((gt = find(lt, n - (size_t)(lt - s), '>')) == NULL)
			return -1;
		n = (size_t)(gt - lt - 1);
		s = lt + 1;
		trim(&s, &n);
	}
	if (n >= 7 && (s[0] | 0x20) == 'm' && strncasecmp(s, "mailto:", 7) == 0) {
		const char *q;

		s += 7;
		n -= 7;
		if ((q = find(s, n, '?')) != NULL)
			n = (size_t)(q - s);
		trim(&s, &n);
	}
	if ((at = find(s, n, '@')) == NULL ||
	    find(at + 1, n - (size_t)(at + 1 - s), '@') != NULL ||
	    !valid_local(s, (size_t)(at - s)))
		return -1;
	fold_lower(out, s, (size_t)(at - s));
	sbuf_addc(out, '@');
	if (domain_put(out, at + 1, n - (size_t)(at + 1 - s), 2) < 0) {
		out->n = start;
		out->p[start] = '\0';
		return -1;
	}
	return 0;
}

const char *
email_domain(const char *email)
{
	const char *at = strrchr(email, '@');

	return at != NULL ? at + 1 : NULL;
}

void
email_match_key(sbuf *out, const char *email)
{
	const char *at = strrchr(email, '@'), *plus;
	size_t local;

	if (at == NULL) {
		sbuf_adds(out, email);
		return;
	}
	local = (size_t)(at - email);
	if ((plus = find(email, local, '+')) != NULL && plus > email)
		local = (size_t)(plus - email);
	for (size_t i = 0; i < NELEMS(email_gmail); i++) {
		if (strcmp(at + 1, email_gmail[i]) != 0)
			continue;
		for (size_t j = 0; j < local; j++)
			if (email[j] != '.')
				sbuf_addc(out, email[j]);
		sbuf_adds(out, "@gmail.com");
		return;
	}
	sbuf_add(out, email, local);
	sbuf_adds(out, at);
}

/* skip_scheme: the offset after "scheme://" or "//", or 0. */
static size_t
skip_scheme(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && s[0] == '/' && s[1] == '/')
		return 2;
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') ||
	    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	    s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	return n - i >= 3 && memcmp(s + i, "://", 3) == 0 ? i + 3 : 0;
}

int
domain_from_url(sbuf *out, const char *s, size_t n)
{
	const char *at, *colon;
	size_t start = out->n, i, host;

	trim(&s, &n);
	i = skip_scheme(s, n);
	s += i;
	n -= i;
	/* authority: up to the path, query or fragment */
	for (i = 0; i < n && s[i] != '/' && s[i] != '?' && s[i] != '#'; i++)
		;
	n = i;
	if ((at = find_last(s, n, '@')) != NULL) {
		n -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	if ((colon = find(s, n, ':')) != NULL) {
		for (const char *p = colon + 1; p < s + n; p++)
			if (*p < '0' || *p > '9')
				return -1;
		n = (size_t)(colon - s);
	}
	if (domain_put(out, s, n, 2) < 0)
		return -1;
	host = out->n - start;
	for (i = 0; i < NELEMS(url_www); i++) {
		size_t len = strlen(url_www[i]);
		char *h = out->p + start;

		if (host > len && memcmp(h, url_www[i], len) == 0 &&
		    memchr(h + len, '.', host - len) != NULL) {
			memmove(h, h + len, host - len);
			out->n -= len;
			out->p[out->n] = '\0';
			break;
		}
	}
	return 0;
}

int
domain_to_ascii(sbuf *out, const char *s, size_t n)
{
	trim(&s, &n);
	return domain_put(out, s, n, 1);
}
