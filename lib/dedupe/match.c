/* match.c - a match model: blocks, field comparisons, weights, survivorship */
#include "dedupe/match.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "value/email.h"
#include "base/fold.h"
#include "base/pairsort.h"
#include "io/cli.h"
#include "base/strset.h"
#include "rules/rules.h"
#include "value/similar.h"
#include "base/u64map.h"
#include "base/utf8.h"
#include "base/xmem.h"

/* Comparison methods: how two keys of a field give a similarity in [0,1];
 * a similarity at or below the floor counts as disagreement. */
typedef double (*similar_fn)(const char *, size_t, const char *, size_t);

enum { KEY_FOLD, KEY_EMAIL };

/* first_number: the first run of digits of s[0..n), *len its length;
 * NULL when there is none. */
static const char *
first_number(const char *s, size_t n, size_t *len)
{
	size_t i = 0, j;

	while (i < n && !(s[i] >= '0' && s[i] <= '9'))
		i++;
	for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		;
	*len = j - i;
	return i < n ? s + i : NULL;
}

/* abbrev: word x[0..xn) abbreviates word y[0..yn): shorter, not a
 * number, the same first letter, its letters in y in order ("st" of
 * "street", "blvd" of "boulevard", "n" of "north"). */
static bool
abbrev(const char *x, size_t xn, const char *y, size_t yn)
{
	if (xn == 0 || xn >= yn || x[0] != y[0] || (x[0] >= '0' && x[0] <= '9'))
		return false;
	size_t j = 1;
	for (size_t i = 1; i < xn; i++, j++) {
		while (j < yn && y[j] != x[i])
			j++;
		if (j == yn)
			return false;
	}
	return true;
}

/* Room for a street line with its abbreviations written out. */
#define ADDRESS_MAX 1024

/* spell_out: a[0..an) into out (ADDRESS_MAX bytes) with each word that
 * abbreviates a word of b[0..bn) written as that word; its length. */
static size_t
spell_out(const char *a, size_t an, const char *b, size_t bn, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < an;) {
		size_t k = i;
		while (k < an && a[k] != ' ')
			k++;
		const char *w = a + i;
		size_t wn = k - i;
		for (size_t j = 0; j < bn;) {
			size_t l = j;
			while (l < bn && b[l] != ' ')
				l++;
			if (abbrev(a + i, k - i, b + j, l - j)) {
				w = b + j;
				wn = l - j;
				break;
			}
			j = l + 1;
		}
		if (o + wn + 1 > ADDRESS_MAX)
			return 0;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, w, wn);
		o += wn;
		i = k + 1;
	}
	return o;
}

/* similar_address: as similar_tokens, with abbreviations written out as
 * the other line has them ("2974 n clybourn ave", "2974 north clybourn
 * avenue"); but two street lines whose first numbers (the house numbers)
 * differ are two addresses: 0. */
static double
similar_address(const char *a, size_t an, const char *b, size_t bn)
{
	size_t al, bl;
	const char *x = first_number(a, an, &al), *y = first_number(b, bn, &bl);
	char sa[ADDRESS_MAX], sb[ADDRESS_MAX];

	if (x != NULL && y != NULL && (al != bl || memcmp(x, y, al) != 0))
		return 0;
	size_t n = spell_out(a, an, b, bn, sa), m = spell_out(b, bn, a, an, sb);
	if (n == 0 || m == 0)
		return similar_tokens(a, an, b, bn);
	return similar_tokens(sa, n, sb, m);
}

static const struct method {
	const char *name;
	int key;		/* how values become keys */
	similar_fn sim;		/* NULL: keys agree or not */
	double from;		/* default floor */
} methods[] = {
	{ "exact",	KEY_FOLD,	NULL,			1 },
	{ "email",	KEY_EMAIL,	NULL,			1 },
	{ "name",	KEY_FOLD,	similar_jaro_winkler,	0.8 },
	{ "tokens",	KEY_FOLD,	similar_tokens,		0.5 },
	{ "address",	KEY_FOLD,	similar_address,	0.5 },
	{ "code",	KEY_FOLD,	similar_edit,		0.5 },
	{ NULL, 0, NULL, 0 }
};

typedef struct compare {
	const char *field;
	const struct method *how;
	double from, agree, disagree;	/* floor; log2 weights */
	size_t group;		/* 0, or the number of its group + 1 */
	bool frequency;		/* u of an agreement from how common the
				 * value is (match_tally) */
	bool role;		/* role */
	unsigned shared;	/* shared N: N, else 0 */
	int co;			/* with role or shared: the bit of its
				 * flags (match_features), else -1 */
	bool person;		/* person: name evidence */
	const char *swap_name;	/* swap FIELD: FIELD, else NULL */
	size_t swap;		/* its compare, else SIZE_MAX */
	size_t slot;		/* with frequency or shared: the place of its
				 * count in the packed keys (match_features),
				 * else SIZE_MAX */
	double m, u;
} compare;

/* Compare statements with role or shared a model may have: a lead's
 * flags of them are two bytes after its keys, a bit each in the first
 * when its value is a role address, in the second when it is shared. */
#define MATCH_CO_MAX 8

/* Compare statements a model may have: weighing keeps one weight each on
 * the stack. */
#define MATCH_COMPARE_MAX 32

/* Parts of a block key: a field's folded key, its e-mail key, the
 * phonetic key of its first word, or its first n characters. */
typedef enum part_kind { PART_FOLD, PART_EMAIL, PART_PHONETIC, PART_PREFIX }
    part_kind;

static const char *const part_names[] = {
	[PART_EMAIL] = "email", [PART_PHONETIC] = "phonetic",
	[PART_PREFIX] = "prefix"
};

typedef struct part {
	const char *field;
	part_kind kind;
	size_t n;		/* PART_PREFIX */
	size_t cmp;		/* the compare whose packed key is this part's
				 * field's key, or SIZE_MAX (check) */
} part;

typedef struct block {
	part *parts;
	size_t nparts;
} block;

static const char *const rule_names[] = {
	[MATCH_COMPLETE] = "complete", [MATCH_NEWEST] = "newest",
	[MATCH_OLDEST] = "oldest", [MATCH_SOURCE] = "source",
	[MATCH_SUM] = "sum", [MATCH_MAX] = "max", [MATCH_CONCAT] = "concat"
};

struct match_model {
	rules *ru;		/* owns the names */
	compare *cmps;
	size_t ncmps;
	block *blocks;
	size_t nblocks;
	double at, possible, apart, account;
	bool has_at, has_possible, has_apart, has_account;
	const char **groups;	/* names of groups, in order met */
	size_t ngroups;
	const char **sources;
	size_t nsources;
	match_keep *keeps;
	size_t nkeeps;
	size_t nroles;		/* compares with role */
	size_t ncos;		/* with role or shared */
	size_t nslots;		/* with frequency or shared: counted */
	bool shared, person;	/* some compare has shared, person */
	bool swaps;		/* some compare has swap */
	uint8_t cos[MATCH_CO_MAX];	/* the compares with role or shared */
	uint8_t persons[MATCH_COMPARE_MAX], npersons;	/* with person */
	strset *roles;		/* role-account local parts, with nroles */
};

/* ---- reading a model ---- */

static int
parse_prob(rules_parser *p, const char *what, double *v)
{
	if (rules_expect(p, what) != 0)
		return -1;
	size_t mark = rules_mark(p);
	if (rules_number(p, v) != 0)
		return -1;
	if (!(*v > 0 && *v < 1))
		return rules_error_at(p, mark, "%s must be more than 0 and "
		    "less than 1", what);
	return 0;
}

/* compare FIELD as METHOD m P u P [from S] */
static int
parse_compare(match_model *m, rules_parser *p)
{
	compare c = { 0 };
	const char *how;
	double pm, pu;

	if (rules_name(p, &c.field) != 0)
		return -1;
	for (size_t i = 0; i < m->ncmps; i++)
		if (strcmp(m->cmps[i].field, c.field) == 0)
			return rules_error(p, "%s is compared already",
			    c.field);
	if (rules_expect(p, "as") != 0)
		return -1;
	size_t mark = rules_mark(p);
	if (rules_name(p, &how) != 0)
		return -1;
	for (c.how = methods; c.how->name != NULL; c.how++)
		if (strcmp(c.how->name, how) == 0)
			break;
	if (c.how->name == NULL)
		return rules_error_at(p, mark, "unknown method '%s' (exact, "
		    "email, name, tokens, address, code)", how);
	if (parse_prob(p, "m", &pm) != 0 || parse_prob(p, "u", &pu) != 0)
		return -1;
	if (pm <= pu)
		return rules_error(p, "m (how often a duplicate agrees) must "
		    "be more than u (how often two others do)");
	c.from = c.how->from;
	size_t fmark = rules_mark(p);
	if (rules_word(p, "from")) {
		if (c.how->sim == NULL)
			return rules_error_at(p, fmark, "'from' needs a method "
			    "that measures similarity (name, tokens, address, "
			    "code)");
		fmark = rules_mark(p);
		if (rules_number(p, &c.from) != 0)
			return -1;
		if (!(c.from >= 0 && c.from < 1))
			return rules_error_at(p, fmark, "'from' must be at "
			    "least 0 and less than 1");
	}
	if (rules_word(p, "group")) {
		const char *g;
		if (rules_name(p, &g) != 0)
			return -1;
		for (c.group = 0; c.group < m->ngroups; c.group++)
			if (strcmp(m->groups[c.group], g) == 0)
				break;
		if (c.group == m->ngroups) {
			m->groups = xreallocarray(m->groups, m->ngroups + 1,
			    sizeof *m->groups);
			m->groups[m->ngroups++] = g;
		}
		c.group++;
	}
	c.frequency = rules_word(p, "frequency");
	c.co = -1;
	size_t rmark = rules_mark(p);
	if (rules_word(p, "role")) {
		if (c.how->key != KEY_EMAIL)
			return rules_error_at(p, rmark, "'role' needs the "
			    "method email");
		c.role = true;
		m->nroles++;
	}
	if (rules_word(p, "shared")) {
		double n;
		rmark = rules_mark(p);
		if (rules_number(p, &n) != 0)
			return -1;
		if (!(n >= 2 && n <= 1e6) || n != floor(n))
			return rules_error_at(p, rmark, "'shared' takes a whole "
			    "number of people from 2 to 1000000");
		c.shared = (unsigned)n;
		m->shared = true;
	}
	if (c.role || c.shared > 0) {
		if (m->ncos == MATCH_CO_MAX)
			return rules_error_at(p, rmark, "more than %d compare "
			    "statements with role or shared", MATCH_CO_MAX);
		m->cos[m->ncos] = (uint8_t)m->ncmps;
		c.co = (int)m->ncos++;
	}
	if (rules_word(p, "person")) {
		c.person = true;
		m->person = true;
	}
	c.swap = SIZE_MAX;
	if (rules_word(p, "swap") && rules_name(p, &c.swap_name) != 0)
		return -1;
	c.u = pu;
	if (m->ncmps == MATCH_COMPARE_MAX)
		return rules_error(p, "more than %d compare statements",
		    MATCH_COMPARE_MAX);
	c.slot = c.frequency || c.shared > 0 ? m->nslots++ : SIZE_MAX;
	c.m = pm;
	c.agree = log2(pm / pu);
	c.disagree = log2((1 - pm) / (1 - pu));
	m->cmps = xreallocarray(m->cmps, m->ncmps + 1, sizeof *m->cmps);
	m->cmps[m->ncmps++] = c;
	return 0;
}

/* A block key part: FIELD, email(FIELD), phonetic(FIELD), prefix(FIELD, N) */
static int
parse_part(rules_parser *p, part *pt)
{
	const char *name;
	size_t mark = rules_mark(p);

	if (rules_name(p, &name) != 0)
		return -1;
	*pt = (part){ name, PART_FOLD, 0, SIZE_MAX };
	if (!rules_op(p, "("))
		return 0;
	for (size_t k = PART_EMAIL; k <= PART_PREFIX; k++)
		if (strcmp(part_names[k], name) == 0)
			pt->kind = k;
	if (pt->kind == PART_FOLD)
		return rules_error_at(p, mark, "unknown key '%s' (email, "
		    "phonetic, prefix)", name);
	if (rules_name(p, &pt->field) != 0)
		return -1;
	if (pt->kind == PART_PREFIX) {
		double n;
		if (!rules_op(p, ",") && rules_expected(p, "','") != 0)
			return -1;
		mark = rules_mark(p);
		if (rules_number(p, &n) != 0)
			return -1;
		if (!(n >= 1 && n <= 64) || n != floor(n))
			return rules_error_at(p, mark, "a prefix is 1 to 64 "
			    "characters");
		pt->n = (size_t)n;
	}
	if (!rules_op(p, ")"))
		return rules_expected(p, "')'");
	return 0;
}

/* block KEY {, KEY} */
static int
parse_block(match_model *m, rules_parser *p)
{
	block b = { NULL, 0 };

	do {
		b.parts = xreallocarray(b.parts, b.nparts + 1,
		    sizeof *b.parts);
		if (parse_part(p, &b.parts[b.nparts++]) != 0) {
			free(b.parts);
			return -1;
		}
	} while (rules_op(p, ","));
	m->blocks = xreallocarray(m->blocks, m->nblocks + 1,
	    sizeof *m->blocks);
	m->blocks[m->nblocks++] = b;
	return 0;
}

/* match at W, possible at W */
static int
parse_threshold(rules_parser *p, double *w, bool *has)
{
	if (*has)
		return rules_error(p, "this threshold is set already");
	if (rules_expect(p, "at") != 0 || rules_number(p, w) != 0)
		return -1;
	*has = true;
	return 0;
}

/* prefer source NAME {, NAME} */
static int
parse_prefer(match_model *m, rules_parser *p)
{
	if (rules_expect(p, "source") != 0)
		return -1;
	if (m->nsources > 0)
		return rules_error(p, "the source priority is set already");
	do {
		m->sources = xreallocarray(m->sources, m->nsources + 1,
		    sizeof *m->sources);
		if (rules_name(p, &m->sources[m->nsources++]) != 0)
			return -1;
	} while (rules_op(p, ","));
	return 0;
}

/* keep FIELD {, FIELD} by RULE */
static int
parse_keep(match_model *m, rules_parser *p)
{
	const char **fields = NULL;
	size_t n = 0;
	const char *rule;

	do {
		fields = xreallocarray(fields, n + 1, sizeof *fields);
		if (rules_name(p, &fields[n++]) != 0)
			goto fail;
	} while (rules_op(p, ","));
	if (rules_expect(p, "by") != 0)
		goto fail;
	size_t mark = rules_mark(p);
	if (rules_name(p, &rule) != 0)
		goto fail;
	size_t k;
	for (k = 0; k < sizeof rule_names / sizeof *rule_names; k++)
		if (strcmp(rule_names[k], rule) == 0)
			break;
	if (k == sizeof rule_names / sizeof *rule_names) {
		rules_error_at(p, mark, "unknown rule '%s' (complete, newest, "
		    "oldest, source, sum, max, concat)", rule);
		goto fail;
	}
	m->keeps = xreallocarray(m->keeps, m->nkeeps + 1, sizeof *m->keeps);
	m->keeps[m->nkeeps++] = (match_keep){ fields, n, (match_rule)k };
	return 0;
fail:
	free(fields);
	return -1;
}

static int
statement(void *ctx, rules_parser *p)
{
	match_model *m = ctx;

	if (rules_word(p, "compare"))
		return parse_compare(m, p);
	if (rules_word(p, "block"))
		return parse_block(m, p);
	if (rules_word(p, "match"))
		return parse_threshold(p, &m->at, &m->has_at);
	if (rules_word(p, "possible"))
		return parse_threshold(p, &m->possible, &m->has_possible);
	if (rules_word(p, "apart"))
		return parse_threshold(p, &m->apart, &m->has_apart);
	if (rules_word(p, "account"))
		return parse_threshold(p, &m->account, &m->has_account);
	if (rules_word(p, "prefer"))
		return parse_prefer(m, p);
	if (rules_word(p, "keep"))
		return parse_keep(m, p);
	return rules_expected(p, "a statement (compare, block, match, "
	    "possible, apart, account, prefer, keep, define, include)");
}

/* pair_swaps: each compare with swap FIELD gets FIELD's compare, and it
 * the first's; false when FIELD is not compared, is the field itself or
 * is swapped with another. */
static bool
pair_swaps(match_model *m)
{
	for (size_t i = 0; i < m->ncmps; i++) {
		compare *c = &m->cmps[i];
		if (c->swap_name == NULL)
			continue;
		size_t j;
		for (j = 0; j < m->ncmps; j++)
			if (strcmp(m->cmps[j].field, c->swap_name) == 0)
				break;
		if (j == m->ncmps || j == i || (m->cmps[j].swap != SIZE_MAX &&
		    m->cmps[j].swap != i) || (c->swap != SIZE_MAX && c->swap !=
		    j))
			return false;
		c->swap = j;
		m->cmps[j].swap = i;
		m->swaps = true;
	}
	return true;
}

/* part_compare: pt->cmp gets the compare of pt's field that keys it as
 * pt does (match_block_key takes the key from the packed keys). */
static void
part_compare(const match_model *m, part *pt)
{
	int key = pt->kind == PART_EMAIL ? KEY_EMAIL : KEY_FOLD;

	for (size_t i = 0; i < m->ncmps; i++)
		if (m->cmps[i].how->key == key && strcmp(m->cmps[i].field,
		    pt->field) == 0) {
			pt->cmp = i;
			return;
		}
}

/* check: what the statements must add up to; NULL or the complaint. */
static const char *
check(match_model *m)
{
	if (m->ncmps == 0)
		return "no compare statement: nothing to weigh";
	if (m->nblocks == 0)
		return "no block statement: no pair would be compared";
	if (!m->has_at)
		return "no 'match at' threshold";
	if (m->has_possible && m->possible > m->at)
		return "'possible at' is above 'match at'";
	if (m->has_apart && m->apart >= 0)
		return "'apart at' must be below 0";
	if (!pair_swaps(m))
		return "'swap' must name another compared field, and no "
		    "field is swapped with two";
	for (size_t i = 0; i < m->ncmps; i++)
		if (m->cmps[i].person)
			m->persons[m->npersons++] = (uint8_t)i;
	for (size_t b = 0; b < m->nblocks; b++)
		for (size_t k = 0; k < m->blocks[b].nparts; k++)
			part_compare(m, &m->blocks[b].parts[k]);
	if ((m->nroles > 0 || m->shared) && !m->person)
		return "'role' and 'shared' need a compare statement marked "
		    "'person': the names that must agree";
	return NULL;
}

match_model *
match_load(const char *path, sbuf *err)
{
	match_model *m = xcalloc(1, sizeof *m);
	const char *why;

	if ((m->ru = rules_load(path, statement, m, err)) == NULL) {
		match_free(m);
		return NULL;
	}
	if ((why = check(m)) != NULL) {
		sbuf_reset(err);
		sbuf_addf(err, "%s: %s", path, why);
		match_free(m);
		return NULL;
	}
	if (!m->has_possible)
		m->possible = m->at;
	if (!m->has_apart)
		m->apart = m->at > 0 ? -m->at / 2 : -1;
	if (!m->has_account)
		m->account = m->at;
	if (m->nroles > 0) {
		sbuf p = SBUF_INIT;
		m->roles = strset_new();
		if (strset_load(m->roles, cli_share_path(&p,
		    "role-accounts.txt"), fold_lower) != 0) {
			sbuf_reset(err);
			sbuf_addf(err, "%s: cannot read the role addresses "
			    "(role): %s", p.p, strerror(errno));
			sbuf_free(&p);
			match_free(m);
			return NULL;
		}
		sbuf_free(&p);
	}
	return m;
}

match_model *
match_load_named(const char *name, sbuf *err)
{
	sbuf path = SBUF_INIT;
	match_model *m = match_load(rules_path(&path, name, "match"), err);

	sbuf_free(&path);
	return m;
}

int
match_check(const char *name)
{
	sbuf err = SBUF_INIT;
	match_model *m = match_load_named(name, &err);
	int status = LK_EXIT_OK;

	if (m == NULL) {
		cli_warn("%s", err.p);
		status = LK_EXIT_DATA;
	}
	match_free(m);
	sbuf_free(&err);
	return status;
}

void
match_free(match_model *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i].parts);
	for (size_t i = 0; i < m->nkeeps; i++)
		free((void *)m->keeps[i].fields);
	free(m->blocks);
	free(m->cmps);
	free(m->sources);
	free(m->groups);
	free(m->keeps);
	strset_free(m->roles);
	rules_free(m->ru);
	free(m);
}

/* ---- keys ---- */

/* key_at: compare i's key in packed keys f; *n gets its length. */
static const char *
key_at(const unsigned char *f, size_t i, size_t *n)
{
	while (i-- > 0)
		f += 1 + *f;
	*n = *f;
	return (const char *)f + 1;
}

/* value_key: append the key of field name of r (kind: KEY_FOLD or
 * KEY_EMAIL) to out; false when the field is missing or has no key. */
static bool
value_key(rec *r, const char *name, int kind, sbuf *out, sbuf *tmp)
{
	size_t n, at = out->n;
	const char *s = rec_get(r, name, &n);

	if (s == NULL)
		return false;
	if (kind == KEY_EMAIL) {
		sbuf_reset(tmp);
		if (email_norm(tmp, s, n) == 0)
			email_match_key(out, tmp->p);
		else
			fold_key(out, s, n);
	} else {
		fold_key(out, s, n);
	}
	return out->n > at;
}

/* is_role: e-mail key s[0..n) has a role local part (info@, sales@). */
static bool
is_role(const match_model *m, const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	return at != NULL && strset_has(m->roles, s, (size_t)(at - s));
}

void
match_features(const match_model *m, rec *r, sbuf *out, sbuf *tmp)
{
	size_t start = out->n;

	for (size_t i = 0; i < m->ncmps; i++) {
		const compare *c = &m->cmps[i];
		size_t at = out->n;
		sbuf_addc(out, 0);
		if (!value_key(r, c->field, c->how->key, out, tmp))
			continue;
		size_t n = out->n - at - 1;
		if (n > 255) {	/* cut on a character boundary */
			n = 255;
			while (n > 0 && ((unsigned char)out->p[at + 1 + n] &
			    0xc0) == 0x80)
				n--;
			out->n = at + 1 + n;
			out->p[out->n] = '\0';
		}
		out->p[at] = (char)n;
	}
	if (m->ncos > 0) {
		/* the flags: role addresses now, shared values at the end
		 * (match_tally_shared) */
		unsigned flags = 0;
		const unsigned char *f = (const unsigned char *)out->p + start;
		for (size_t i = 0; i < m->ncmps; i++) {
			size_t n = *f++;
			if (m->cmps[i].role && n > 0 && is_role(m,
			    (const char *)f, n))
				flags |= 1u << m->cmps[i].co;
			f += n;
		}
		sbuf_addc(out, (char)flags);
		sbuf_addc(out, 0);
	}
	/* the counts, 0 until match_tally_count */
	for (size_t k = 0; k < m->nslots * sizeof(uint32_t); k++)
		sbuf_addc(out, 0);
}

/* counts_at: where the counts of packed keys f start. */
static const unsigned char *
counts_at(const match_model *m, const unsigned char *f)
{
	for (size_t i = 0; i < m->ncmps; i++)
		f += 1 + *f;
	return f + (m->ncos > 0 ? 2 : 0);
}

size_t
match_nblocks(const match_model *m)
{
	return m->nblocks;
}

bool
match_block_exact(const match_model *m, size_t b)
{
	for (size_t i = 0; i < m->blocks[b].nparts; i++)
		if (m->blocks[b].parts[i].kind != PART_FOLD)
			return false;
	return true;
}

/* Packed keys of this many bytes or more may have been cut (at 255, on a
 * character boundary): match_block_key makes them again. */
#define MATCH_KEY_WHOLE 252

/* part_key: append pt's field's key of r to out, from the packed keys f
 * when they hold it whole; false when it is missing. */
static bool
part_key(const part *pt, rec *r, const unsigned char *f, sbuf *out,
    sbuf *tmp)
{
	if (f != NULL && pt->cmp != SIZE_MAX) {
		size_t n;
		const char *s = key_at(f, pt->cmp, &n);
		if (n < MATCH_KEY_WHOLE) {
			sbuf_add(out, s, n);
			return n > 0;
		}
	}
	return value_key(r, pt->field, pt->kind == PART_EMAIL ? KEY_EMAIL :
	    KEY_FOLD, out, tmp);
}

bool
match_block_key(const match_model *m, size_t b, rec *r,
    const unsigned char *f, sbuf *out, sbuf *tmp)
{
	const block *bl = &m->blocks[b];
	size_t start = out->n;

	for (size_t i = 0; i < bl->nparts; i++) {
		const part *pt = &bl->parts[i];
		if (i > 0)
			sbuf_addc(out, '\x1f');
		size_t key = out->n;
		if (!part_key(pt, r, f, out, tmp))
			goto missing;
		if (pt->kind == PART_PHONETIC) {
			sbuf_reset(tmp);
			similar_phonetic(tmp, out->p + key, out->n - key);
			out->n = key;
			sbuf_add(out, tmp->p, tmp->n);
			if (out->n == key)
				goto missing;
		} else if (pt->kind == PART_PREFIX) {
			size_t j = key, k = 0;
			while (j < out->n && k++ < pt->n)
				utf8_next(out->p, out->n, &j);
			out->n = j;
			out->p[j] = '\0';
		}
	}
	return true;
missing:
	out->n = start;
	if (out->p != NULL)
		out->p[start] = '\0';
	return false;
}

/* ---- weights ---- */

/* ---- how common values are ---- */

struct match_tally {
	u64map *count;		/* (compare, key): leads with the value; after
				 * match_tally_count, only for compares with
				 * swap (the others' are in the packed keys) */
	uint64_t *total;	/* [compare]: values counted */
	bool inkeys;		/* counted by match_tally_count */
};

match_tally *
match_tally_new(const match_model *m)
{
	match_tally *t = xcalloc(1, sizeof *t);

	t->count = u64map_new();
	t->total = xcalloc(m->ncmps, sizeof *t->total);
	return t;
}

void
match_tally_free(match_tally *t)
{
	if (t == NULL)
		return;
	u64map_free(t->count);
	free(t->total);
	free(t);
}

/* Kinds of u64map keys of the people of a value, apart from the counts'
 * (compare numbers). */
#define KIND_PEOPLE MATCH_COMPARE_MAX
#define KIND_SEEN (2 * MATCH_COMPARE_MAX)

/* count_of: how many records have compare i's key s[0..n): read from the
 * counts cnt of a record whose key it is, when t was counted into the
 * packed keys (NULL: not such a record's), else looked up. */
static uint32_t
count_of(const match_model *m, const match_tally *t, size_t i,
    const char *s, size_t n, const unsigned char *cnt)
{
	const compare *c = &m->cmps[i];

	if (t->inkeys && cnt != NULL && c->swap == SIZE_MAX) {
		uint32_t v;
		memcpy(&v, cnt + c->slot * sizeof v, sizeof v);
		return v;
	}
	return u64map_get(t->count, u64map_key(i, s, n), 0);
}

/* person_key: a hash of the person fields' keys of packed keys f, 0 when
 * it has none (no name: no one to count). */
static uint64_t
person_key(const match_model *m, const unsigned char *f)
{
	uint64_t h = 0;

	for (size_t i = 0; i < m->ncmps; i++) {
		size_t n = *f++;
		if (m->cmps[i].person && n > 0)
			h = h * 0x100000001b3ULL ^ u64map_key(i, (const char *)f,
			    n);
		f += n;
	}
	return h;
}

/* count_people: the values of compares with shared of packed keys f that
 * enough records have are had by f's person too; false when f has none
 * such. */
static bool
count_people(const match_model *m, match_tally *t, const unsigned char *f,
    u64map *people, u64map *seen)
{
	const unsigned char *f0 = f, *cnt = counts_at(m, f);
	uint64_t who = 0;

	for (size_t i = 0; i < m->ncmps; i++) {
		size_t n = *f++;
		const char *s = (const char *)f;
		f += n;
		if (m->cmps[i].shared == 0 || n == 0 || count_of(m, t, i, s, n,
		    cnt) < m->cmps[i].shared)
			continue;
		if (who == 0 && (who = person_key(m, f0)) == 0)
			return true;
		bool fresh;
		uint64_t k = u64map_key(KIND_SEEN + i, s, n) ^ who;
		u64map_put(seen, k != 0 ? k : 1, &fresh);
		if (!fresh)
			continue;
		uint32_t *c = u64map_put(people, u64map_key(KIND_PEOPLE + i, s,
		    n), NULL);
		if (*c < UINT32_MAX)
			(*c)++;
	}
	return who != 0;
}

/* mark_shared: packed keys f get the flags of their shared values. */
static void
mark_shared(const match_model *m, const match_tally *t, unsigned char *f,
    const u64map *people)
{
	unsigned flags = 0;
	const unsigned char *cnt = counts_at(m, f);

	for (size_t i = 0; i < m->ncmps; i++) {
		size_t n = *f++;
		const char *s = (const char *)f;
		f += n;
		if (m->cmps[i].shared == 0 || n == 0 || count_of(m, t, i, s, n,
		    cnt) < m->cmps[i].shared)
			continue;
		if (u64map_get(people, u64map_key(KIND_PEOPLE + i, s, n), 0) >=
		    m->cmps[i].shared)
			flags |= 1u << m->cmps[i].co;
	}
	f[1] = (unsigned char)flags;	/* after the role flags */
}

void
match_tally_shared(const match_model *m, match_tally *t, size_t n,
    unsigned char *(*keys)(void *ctx, size_t i), void *ctx)
{
	if (!m->shared)
		return;
	u64map *people = u64map_new(), *seen = u64map_new();
	size_t *some = NULL, nsome = 0, cap = 0;	/* records with such
							 * a value */
	for (size_t i = 0; i < n; i++) {
		if (!count_people(m, t, keys(ctx, i), people, seen))
			continue;
		if (nsome == cap) {
			cap = cap ? 2 * cap : 1024;
			some = xreallocarray(some, cap, sizeof *some);
		}
		some[nsome++] = i;
	}
	u64map_free(seen);
	for (size_t k = 0; k < nsome; k++)
		mark_shared(m, t, keys(ctx, some[k]), people);
	u64map_free(people);
	free(some);
}

/* The keys are hashed and their slots prefetched first, then counted:
 * the map is large, and its cache misses then overlap. */
void
match_tally_add(const match_model *m, match_tally *t,
    const unsigned char *f)
{
	uint64_t key[MATCH_COMPARE_MAX];
	size_t nkey = 0;

	for (size_t i = 0; i < m->ncmps; i++) {
		size_t n = *f++;
		const char *s = (const char *)f;
		f += n;
		if ((!m->cmps[i].frequency && m->cmps[i].shared == 0) || n == 0)
			continue;
		key[nkey] = u64map_key(i, s, n);
		u64map_prefetch(t->count, key[nkey++]);
		t->total[i]++;
	}
	/* (a put that grows the map only wastes the prefetches) */
	for (size_t k = 0; k < nkey; k++) {
		uint32_t *c = u64map_put(t->count, key[k], NULL);
		if (*c < UINT32_MAX)
			(*c)++;
	}
}

/* What one thread of match_tally_count counts: the compares with a slot
 * from first on, every step-th. */
typedef struct counter {
	const match_model *m;
	match_tally *t;
	size_t n, first, step, parts;
	unsigned char *(*keys)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t *mu;	/* t->count's */
} counter;

/* count_part: the keys of compare i of the records whose hash is in part
 * p (of c->parts), sorted to count each value into cnt; *a grows as
 * needed (*cap pairs, as *tmp), *np counts the keys. */
static void
count_part(const counter *c, size_t i, size_t p, pairsort_item **a,
    pairsort_item **tmp, size_t *cap, uint32_t *cnt, uint64_t *np)
{
	const match_model *m = c->m;
	size_t k = 0;

	for (size_t r = 0; r < c->n; r++) {
		size_t len;
		const char *s = key_at(c->keys(c->ctx, r), i, &len);
		if (len == 0)
			continue;
		uint64_t h = u64map_key(i, s, len);
		if (c->parts > 1 && h % c->parts != p)
			continue;
		if (k == *cap) {
			*cap = *cap ? 2 * *cap : 1024;
			*a = xreallocarray(*a, *cap, sizeof **a);
			*tmp = xreallocarray(*tmp, *cap, sizeof **tmp);
		}
		(*a)[k++] = (pairsort_item){ h, (uint32_t)r };
	}
	*np += k;
	pairsort(*a, *tmp, k);
	if (m->cmps[i].swap != SIZE_MAX)
		pthread_mutex_lock(c->mu);
	for (size_t j = 0, e; j < k; j = e) {
		for (e = j + 1; e < k && (*a)[e].key == (*a)[j].key; e++)
			;
		uint32_t v = e - j < UINT32_MAX ? (uint32_t)(e - j) : UINT32_MAX;
		/* weighed crosswise against another field's keys: looked up */
		if (m->cmps[i].swap != SIZE_MAX)
			*u64map_put(c->t->count, (*a)[j].key, NULL) = v;
		for (size_t q = j; q < e; q++)
			cnt[(*a)[q].val] = v;
	}
	if (m->cmps[i].swap != SIZE_MAX)
		pthread_mutex_unlock(c->mu);
}

/* count_compare: the records' keys of compare i, counted part by part,
 * their counts written into the records' slots; cnt holds n counts. */
static void
count_compare(const counter *c, size_t i, pairsort_item **a,
    pairsort_item **tmp, size_t *cap, uint32_t *cnt)
{
	const match_model *m = c->m;
	size_t slot = m->cmps[i].slot * sizeof(uint32_t);
	uint64_t np = 0;

	for (size_t p = 0; p < c->parts; p++)
		count_part(c, i, p, a, tmp, cap, cnt, &np);
	c->t->total[i] = np;
	for (size_t r = 0; r < c->n; r++) {
		unsigned char *f = c->keys(c->ctx, r);
		size_t len;
		key_at(f, i, &len);
		if (len > 0)
			memcpy((unsigned char *)counts_at(m, f) + slot, &cnt[r],
			    sizeof cnt[r]);
	}
}

static void *
count_some(void *arg)
{
	const counter *c = arg;
	size_t cap = c->parts > 1 ? 0 : c->n;
	pairsort_item *a = cap ? xreallocarray(NULL, cap, sizeof *a) : NULL;
	pairsort_item *tmp = cap ? xreallocarray(NULL, cap, sizeof *tmp) :
	    NULL;
	uint32_t *cnt = xreallocarray(NULL, c->n ? c->n : 1, sizeof *cnt);

	for (size_t k = c->first, i = 0; i < c->m->ncmps; i++)
		if (c->m->cmps[i].slot == k) {
			count_compare(c, i, &a, &tmp, &cap, cnt);
			k += c->step;
		}
	free(a);
	free(tmp);
	free(cnt);
	return NULL;
}

void
match_tally_count(const match_model *m, match_tally *t, size_t n,
    unsigned char *(*keys)(void *ctx, size_t i), void *ctx,
    size_t nthreads, size_t parts)
{
	pthread_t tid[MATCH_COMPARE_MAX];
	counter c[MATCH_COMPARE_MAX];
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

	t->inkeys = true;
	if (nthreads > m->nslots)
		nthreads = m->nslots;
	if (nthreads == 0)
		return;
	for (size_t k = 0; k < nthreads; k++) {
		c[k] = (counter){ m, t, n, k, nthreads, parts ? parts : 1,
		    keys, ctx, &mu };
		if (k > 0 && pthread_create(&tid[k], NULL, count_some,
		    &c[k]) != 0)
			cli_die(LK_EXIT_DATA, "cannot start a thread");
	}
	count_some(&c[0]);
	for (size_t k = 1; k < nthreads; k++)
		pthread_join(tid[k], NULL);
}

/* Counted shares are smoothed towards u as if this many more leads had
 * been counted, so that a small batch (two leads called Smith out of two)
 * does not make a value look common. */
#define MATCH_PRIOR 10000.0

/* agree_weight: what an exact agreement on key s[0..n) of compare i adds:
 * log2(m/u), u raised to the share of leads that have the value when the
 * compare counts frequency and the value is that common. */
static double
agree_weight(const match_model *m, const match_tally *t, size_t i,
    const char *s, size_t n, const unsigned char *cnt)
{
	const compare *c = &m->cmps[i];

	if (!c->frequency || t == NULL || t->total[i] == 0)
		return c->agree;
	uint32_t count = count_of(m, t, i, s, n, cnt);
	/* the two leads compared do not make their own value common */
	double others = count > 2 ? count - 2 : 0;
	double share = (others + MATCH_PRIOR * c->u) /
	    ((double)t->total[i] + MATCH_PRIOR);
	if (share <= c->u)
		return c->agree;
	double w = log2(c->m / share);
	return w > 0 ? w : 0;
}

/* similarity: of keys a[0..an) and b[0..bn) by compare i's method. */
static inline double
similarity(const match_model *m, size_t i, const char *a, size_t an,
    const char *b, size_t bn)
{
	const compare *c = &m->cmps[i];

	if (an == bn && memcmp(a, b, an) == 0)
		return 1;
	if (c->how->sim == NULL)
		return 0;
	return c->how->sim(a, an, b, bn);
}

/* weight_of: what keys a[0..an) and b[0..bn) of compare i, of similarity
 * s, add, with ca and cb the counts of the records whose keys they are
 * (or NULL: count_of). */
static inline double
weight_of(const match_model *m, const match_tally *t, size_t i,
    const char *a, size_t an, const unsigned char *ca, const char *b,
    size_t bn, const unsigned char *cb, double s)
{
	const compare *c = &m->cmps[i];

	if (s >= 1)
		return agree_weight(m, t, i, a, an, ca);
	if (s <= c->from)
		return c->disagree;
	/* towards the agreement on the more common of the two values: a
	 * typo of "smith" is worth no more than "smith" itself */
	double aw = agree_weight(m, t, i, a, an, ca), bw = agree_weight(m, t,
	    i, b, bn, cb);
	if (bw < aw)
		aw = bw;
	return c->disagree + (aw - c->disagree) * (s - c->from) /
	    (1 - c->from);
}

/* field_weight: weight_of, *s getting the similarity. */
static inline double
field_weight(const match_model *m, const match_tally *t, size_t i,
    const char *a, size_t an, const unsigned char *ca, const char *b,
    size_t bn, const unsigned char *cb, double *s)
{
	*s = similarity(m, i, a, an, b, bn);
	return weight_of(m, t, i, a, an, ca, b, bn, cb, *s);
}

/* company: whether compare i, agreeing (f > 0) or not, is evidence about
 * the company rather than the person, by the flags fa and fb of the two
 * leads (match_features): a role address on either side, or an agreement
 * on a value that enough people have. */
static bool
company(const match_model *m, size_t i, double f, unsigned fa, unsigned fb)
{
	unsigned bit = 1u << m->cmps[i].co;

	return ((fa | fb) & bit) != 0 || (f > 0 && ((fa | fb) >> 8 & bit));
}

/* names_agree: a person field compared adds more than 0 and none adds 0
 * or less (weights f, has: compared). */
static bool
names_agree(const match_model *m, const bool *has, const double *f)
{
	bool agree = false;

	for (size_t k = 0; k < m->npersons; k++) {
		size_t i = m->persons[k];
		if (!has[i])
			continue;
		if (f[i] <= 0)
			return false;
		agree = true;
	}
	return agree;
}

/* weigh: match_weight; sim (NULL: none) holds the similarity of each
 * compare both sides have: given (known), else set. */
static double
weigh(const match_model *m, const match_tally *t, const unsigned char *a,
    const unsigned char *b, sbuf *reason, double *sim, bool known)
{
	double f[MATCH_COMPARE_MAX], s[MATCH_COMPARE_MAX];
	bool has[MATCH_COMPARE_MAX];
	const unsigned char *a0 = a, *b0 = b, *ca = NULL, *cb = NULL;
	size_t start = reason != NULL ? reason->n : 0;
	double w = 0;

	if (t != NULL && t->inkeys) {
		ca = counts_at(m, a);
		cb = counts_at(m, b);
	}
	for (size_t i = 0; i < m->ncmps; i++) {
		size_t an = *a++, bn = *b++;
		has[i] = an > 0 && bn > 0;
		if (has[i]) {
			if (known) {
				s[i] = sim[i];
			} else {
				s[i] = similarity(m, i, (const char *)a, an,
				    (const char *)b, bn);
				if (sim != NULL)
					sim[i] = s[i];
			}
			f[i] = weight_of(m, t, i, (const char *)a, an, ca,
			    (const char *)b, bn, cb, s[i]);
		}
		a += an;
		b += bn;
	}
	/* two fields swapped (first and last name): weighed crosswise when
	 * that weighs more than as they are */
	uint32_t sw = 0;	/* bit i: compare i weighed crosswise */
	for (size_t i = 0; m->swaps && i < m->ncmps; i++) {
		size_t j = m->cmps[i].swap;
		if (j == SIZE_MAX || j < i || !has[i] || !has[j] || (f[i] > 0 &&
		    f[j] > 0))
			continue;
		/* a's i against b's j and a's j against b's i, each weighed
		 * as i and as j: the lower of the two ways, so that a and b
		 * weigh the same both ways round */
		size_t ain, ajn, bin, bjn;
		const char *ai = key_at(a0, i, &ain), *aj = key_at(a0, j, &ajn);
		const char *bi = key_at(b0, i, &bin), *bj = key_at(b0, j, &bjn);
		double si, sj, si2, sj2;
		double fi = field_weight(m, t, i, ai, ain, NULL, bj, bjn, NULL,
		    &si);
		double fj = field_weight(m, t, j, aj, ajn, NULL, bi, bin, NULL,
		    &sj);
		double fi2 = field_weight(m, t, i, aj, ajn, NULL, bi, bin, NULL,
		    &si2);
		double fj2 = field_weight(m, t, j, ai, ain, NULL, bj, bjn, NULL,
		    &sj2);
		if (fi2 + fj2 < fi + fj) {
			fi = fi2;
			fj = fj2;
			si = si2;
			sj = sj2;
		}
		if (fi + fj <= f[i] + f[j])
			continue;
		f[i] = fi;
		f[j] = fj;
		s[i] = si;
		s[j] = sj;
		sw |= 1u << i | 1u << j;
	}
	/* role addresses and shared values: evidence about the company, so
	 * they count for the person only when the names agree, and a role
	 * address disagreeing says nothing */
	uint32_t co = 0;	/* bit i: compare i is company evidence */
	unsigned fa = m->ncos > 0 ? a[0] | a[1] << 8 : 0;
	unsigned fb = m->ncos > 0 ? b[0] | b[1] << 8 : 0;
	int names = -1;		/* the names agree (1) or not (0); -1: not
				 * looked at yet */
	for (size_t k = 0; (fa | fb) != 0 && k < m->ncos; k++) {
		size_t i = m->cos[k];
		if (!has[i] || !company(m, i, f[i], fa, fb))
			continue;
		co |= 1u << i;
		if (names < 0)
			names = names_agree(m, has, f);
		if (f[i] > 0 ? !names : ((fa | fb) >> m->cmps[i].co & 1))
			f[i] = 0;
	}
	/* a group adds its disagreements and only its strongest agreement:
	 * fields that all follow from one fact (one account: company,
	 * domain, place) are one piece of evidence when they agree */
	for (size_t i = 0; i < m->ncmps; i++) {
		const compare *c = &m->cmps[i];
		bool counted = true;
		if (!has[i])
			continue;
		if (c->group > 0 && f[i] > 0)
			for (size_t j = 0; j < m->ncmps && counted; j++)
				if (j != i && has[j] && m->cmps[j].group ==
				    c->group && (f[j] > f[i] || (f[j] == f[i] &&
				    j < i)))
					counted = false;
		if (counted)
			w += f[i];
		if (reason == NULL)
			continue;
		if (reason->n > start)
			sbuf_adds(reason, ", ");
		sbuf_adds(reason, c->field);
		if (co >> i & 1)
			sbuf_adds(reason, (fa | fb) >> c->co & 1 ? " role" :
			    " shared");
		if (sw >> i & 1)
			sbuf_adds(reason, " swapped");
		if (s[i] < 1 && s[i] > c->from)
			sbuf_addf(reason, " %.2f", s[i]);
		sbuf_adds(reason, counted ? " " : " (");
		match_put_tenths(reason, f[i], true);
		if (!counted)
			sbuf_addc(reason, ')');
	}
	return w;
}

double
match_weight(const match_model *m, const match_tally *t,
    const unsigned char *a, const unsigned char *b, sbuf *reason)
{
	return weigh(m, t, a, b, reason, NULL, false);
}

double
match_weight_over(const match_model *m, const match_tally *t,
    const unsigned char *a, const unsigned char *b, double low, bool *over)
{
	double sim[MATCH_COMPARE_MAX];
	double w = weigh(m, NULL, a, b, NULL, sim, false);

	*over = w >= low;
	return *over ? weigh(m, t, a, b, NULL, sim, true) : w;
}

double
match_tenths(double w)
{
	w = round(w * 10) / 10;
	return w == 0 ? 0 : w;	/* no "-0.0" */
}

void
match_put_tenths(sbuf *out, double w, bool sign)
{
	double t = round(w * 10);	/* as match_tenths */
	char buf[32];
	size_t n = sizeof buf;

	if (!(fabs(t) < 1e15)) {
		sbuf_addf(out, sign ? "%+.1f" : "%.1f", match_tenths(w));
		return;
	}
	long long k = (long long)t;
	unsigned long long u = k < 0 ? (unsigned long long)-k :
	    (unsigned long long)k;
	buf[--n] = (char)('0' + u % 10);
	buf[--n] = '.';
	u /= 10;
	do {
		buf[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (k < 0)
		buf[--n] = '-';
	else if (sign)
		buf[--n] = '+';
	sbuf_add(out, buf + n, sizeof buf - n);
}

double
match_at(const match_model *m)
{
	return m->at;
}

double
match_possible(const match_model *m)
{
	return m->possible;
}

double
match_apart(const match_model *m)
{
	return m->apart;
}

double
match_account_at(const match_model *m)
{
	return m->account;
}

const match_keep *
match_keeps(const match_model *m, size_t *n)
{
	*n = m->nkeeps;
	return m->keeps;
}

size_t
match_source_rank(const match_model *m, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < m->nsources; i++)
		if (strlen(m->sources[i]) == n && memcmp(m->sources[i], s,
		    n) == 0)
			break;
	return i;
}
