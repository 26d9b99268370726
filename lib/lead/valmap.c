/* valmap.c - value maps: what a system writes to what leadkit means */
#include "lead/valmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/strmap.h"
#include "base/xmem.h"

/* Keys this long or longer skip the quick test (seen[][KEYLEN_MAX]). */
#define KEYLEN_MAX 63

struct valmap {
	char *name;
	strmap *map;		/* folded value -> replacement */
	char **owned;
	size_t nowned, size;
	size_t maxlen;		/* the longest folded key */
	bool strict;
	char *keep;
	/* seen[c][len]: some key starts with character class c
	 * (fold_key_class) and is len bytes long (KEYLEN_MAX: or longer) */
	bool seen[FOLD_KEY_CLASSES][KEYLEN_MAX + 1];
};

valmap *
valmap_new(const char *name)
{
	valmap *m = xcalloc(1, sizeof *m);

	m->name = xstrdup(name);
	m->map = strmap_new();
	return m;
}

void
valmap_free(valmap *m)
{
	if (m == NULL)
		return;
	strmap_free(m->map);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	free(m->name);
	free(m->keep);
	free(m);
}

const char *
valmap_name(const valmap *m)
{
	return m->name;
}

size_t
valmap_size(const valmap *m)
{
	return m->size;
}

void
valmap_set_strict(valmap *m, bool strict)
{
	m->strict = strict;
}

bool
valmap_strict(const valmap *m)
{
	return m->strict;
}

void
valmap_set_keep(valmap *m, const char *field)
{
	free(m->keep);
	m->keep = field != NULL ? xstrdup(field) : NULL;
}

const char *
valmap_keep(const valmap *m)
{
	return m->keep;
}

/* fold: s as fold_key folds it, into out (reset); ASCII inline. */
static void
fold(sbuf *out, const char *s, size_t n)
{
	bool gap = false;

	sbuf_reset(out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			sbuf_reset(out);
			fold_key(out, s, n);
			return;
		}
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			c |= 0x20;
		} else if (c < '0' || c > '9') {
			gap = out->n > 0;
			continue;
		}
		if (gap)
			sbuf_addc(out, ' ');
		gap = false;
		sbuf_addc(out, (char)c);
	}
}

int
valmap_add(valmap *m, const char *from, size_t n, const char *to)
{
	sbuf key = SBUF_INIT;
	void *old;

	fold(&key, from, n);
	if (key.n == 0) {
		sbuf_free(&key);
		return -1;
	}
	if (!strmap_get(m->map, key.p, key.n, &old))
		m->size++;
	m->owned = xreallocarray(m->owned, m->nowned + 1, sizeof *m->owned);
	m->owned[m->nowned] = xstrdup(to);
	strmap_put(m->map, key.p, key.n, m->owned[m->nowned++]);
	m->seen[fold_key_class(key.p[0])]
	    [key.n < KEYLEN_MAX ? key.n : KEYLEN_MAX] = true;
	if (key.n > m->maxlen)
		m->maxlen = key.n;
	sbuf_free(&key);
	return 0;
}

/* fold_short: fold() for ASCII into key[0..KEYLEN_MAX); the length, or
 * (size_t)-1 when s is not ASCII, or KEYLEN_MAX when the key would be
 * longer than max (and so cannot be in the map). */
static size_t
fold_short(char *key, size_t max, const char *s, size_t n)
{
	size_t k = 0;
	bool gap = false;

	if (max >= KEYLEN_MAX)
		max = KEYLEN_MAX - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return (size_t)-1;
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			c |= 0x20;
		} else if (c < '0' || c > '9') {
			gap = k > 0;
			continue;
		}
		if (k + gap >= max + 1)
			return KEYLEN_MAX;
		if (gap)
			key[k++] = ' ';
		gap = false;
		key[k++] = (char)c;
	}
	return k;
}

const char *
valmap_lookup(const valmap *m, const char *s, size_t n, sbuf *scratch)
{
	char buf[KEYLEN_MAX];
	const char *key = buf;
	size_t k;
	void *val;

	if (m->size == 0)
		return NULL;
	k = fold_short(buf, m->maxlen, s, n);
	if (k == (size_t)-1) {
		fold(scratch, s, n);
		key = scratch->p;
		k = scratch->n;
	}
	if (k == 0 || k > m->maxlen || !m->seen[fold_key_class(key[0])]
	    [k < KEYLEN_MAX ? k : KEYLEN_MAX])
		return NULL;
	if (strmap_get(m->map, key, k, &val))
		return val;
	return NULL;
}
