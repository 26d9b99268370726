/* accounts.c - a CRM's accounts, held in memory, and the one a lead is of */
#include "dedupe/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/u64map.h"
#include "base/xmem.h"
#include "io/input.h"
#include "lead/colmap.h"
#include "lead/field.h"
#include "value/num.h"

/* The fields of an account, as accounts.h lists them: the canonical ones
 * are normalized as a lead's. */
enum {
	A_ID, A_COMPANY, A_WEBSITE, A_DOMAIN, A_ADDRESS, A_CITY, A_POSTCODE,
	A_COUNTRY, A_PHONE, A_OWNER, A_CUSTOMER, A_SINCE, A_COUNT
};

static const char *const afields[A_COUNT] = {
	[A_ID] = "id", [A_COMPANY] = "company", [A_WEBSITE] = "website",
	[A_DOMAIN] = "domain", [A_ADDRESS] = "address", [A_CITY] = "city",
	[A_POSTCODE] = "postcode", [A_COUNTRY] = "country",
	[A_PHONE] = "phone", [A_OWNER] = "owner", [A_CUSTOMER] = "customer",
	[A_SINCE] = "customer_since",
};

/* The first word of a type or stage that makes an account a customer
 * (folded): HubSpot's lifecycle stage "customer", Salesforce's types
 * "Customer - Direct", "Customer - Channel"; German "Kunde", "Bestandskunde". */
static const char *const customer_words[] = {
	"customer", "kunde", "bestandskunde", "klant", "klient",
};

/* The fields a free-mail lead offers: its company and its place. */
static const char *const view_fields[] = {
	"company", "company_key", "address", "city", "postcode", "country",
};

/* One account: where its strings and keys are in the arena. */
typedef struct account {
	uint32_t id, name, owner, feat;	/* offsets: put() */
	bool customer;
} account;

struct accounts {
	const match_model *m;
	match_tally *tally;
	account *a;
	size_t n, cap, nb;
	sbuf arena;
	u64map *heads;		/* (block, key) -> the last account + 1 */
	uint32_t *next;		/* [i * nb + b]: the account before i with
				 * its key of block b, or UINT32_MAX */
};

#define NONE UINT32_MAX

/* put: s[0..n) into the arena, its length first (uint32_t); the offset. */
static uint32_t
put(sbuf *arena, const char *s, size_t n)
{
	uint32_t at = (uint32_t)arena->n, len = (uint32_t)n;

	if (arena->n > UINT32_MAX - n - sizeof len)
		cli_die(LK_EXIT_DATA, "the accounts take more than 4 GB of "
		    "memory: too many");
	sbuf_add(arena, (const char *)&len, sizeof len);
	sbuf_add(arena, s, n);
	return at;
}

static const char *
get(const accounts *a, uint32_t at, size_t *n)
{
	uint32_t len;

	memcpy(&len, a->arena.p + at, sizeof len);
	*n = len;
	return a->arena.p + at + sizeof len;
}

/* ---- reading the export ---- */

/* The columns of the records read, resolved once a header. */
typedef struct reader {
	colmap *map;
	const char **names;	/* the last record's names, as pointers */
	int *dest;		/* their fields (A_*), or -1 */
	size_t n, cap;
	sbuf fold;
	field_tables t;
	sbuf a, b, c;
} reader;

/* resolve: field of column name[0..n): accounts.map (over columns.map),
 * else its own name; -1 when none. */
static int
resolve(reader *rd, const char *name, size_t n)
{
	const char *f = colmap_lookup(rd->map, name, n);

	if (f == NULL) {
		for (int k = 0; k < A_COUNT; k++)
			if (strlen(afields[k]) == n &&
			    memcmp(afields[k], name, n) == 0)
				return k;
		return -1;
	}
	for (int k = 0; k < A_COUNT; k++)
		if (strcmp(afields[k], f) == 0)
			return k;
	return -1;
}

/* columns: dest[] for r's columns, from the last record's when r has the
 * same names, kept by the reader (a CSV file's records share its
 * header's; an NDJSON line's names are its own, wherever they are). */
static void
columns(reader *rd, rec *r)
{
	bool same = r->n == rd->n;

	for (size_t i = 0; same && i < r->n; i++)
		same = r->f[i].kept && r->f[i].name == rd->names[i];
	if (same)
		return;
	if (r->n > rd->cap) {
		rd->cap = r->n;
		rd->names = xreallocarray(rd->names, rd->cap,
		    sizeof *rd->names);
		rd->dest = xreallocarray(rd->dest, rd->cap, sizeof *rd->dest);
	}
	rd->n = r->n;
	for (size_t i = 0; i < r->n; i++) {
		rd->names[i] = r->f[i].name;
		rd->dest[i] = r->f[i].kind == REC_DEL ? -1 :
		    resolve(rd, r->f[i].name, r->f[i].nlen);
	}
}

/* is_customer: a yes, or a type or stage whose first word is one of
 * customer_words. */
static bool
is_customer(reader *rd, const char *s, size_t n)
{
	int b = num_bool(s, n);

	if (b >= 0)
		return b == 1;
	sbuf_reset(&rd->fold);
	fold_key(&rd->fold, s, n);
	const char *sp = memchr(rd->fold.p, ' ', rd->fold.n);
	size_t wn = sp != NULL ? (size_t)(sp - rd->fold.p) : rd->fold.n;
	for (size_t k = 0; k < sizeof customer_words / sizeof *customer_words;
	    k++)
		if (strlen(customer_words[k]) == wn &&
		    memcmp(customer_words[k], rd->fold.p, wn) == 0)
			return true;
	return false;
}

/* account_of: ar (cleared first) gets r's account fields, normalized;
 * *customer whether it is one. */
static void
account_of(reader *rd, rec *r, rec *ar, bool *customer)
{
	const char *s;
	size_t n;

	rec_clear(ar);
	*customer = false;
	columns(rd, r);
	for (size_t i = 0; i < r->n; i++) {
		int k = rd->dest[i];
		if (k < 0 || r->f[i].kind == REC_DEL ||
		    (s = rec_field_str(r, &r->f[i], &n)) == NULL ||
		    field_blank(s, n) || rec_find(ar, afields[k]) != NULL)
			continue;
		if (k == A_CUSTOMER)
			*customer = *customer || is_customer(rd, s, n);
		else if (k == A_SINCE)
			*customer = true;
		else
			rec_set_str(ar, afields[k], s, n);
	}
	field_lead l = { .r = ar, .t = &rd->t, .a = &rd->a, .b = &rd->b,
	    .c = &rd->c, .named_like_derived = true };
	rec_reserve(ar, 16);
	for (int k = 0; k < F_COUNT; k++)
		l.f[k] = rec_find(ar, field_name(k));
	field_normalize(&l);
	sbuf_free(&l.flags);
}

static void
reader_open(reader *rd)
{
	sbuf path = SBUF_INIT;
	char *err = NULL;

	*rd = (reader){ .map = colmap_new() };
	if (colmap_load(rd->map, cli_share_path(&path, "columns.map"),
	    &err) != 0 || colmap_load(rd->map, cli_share_path(&path,
	    "accounts.map"), &err) != 0)
		cli_die(LK_EXIT_DATA, "%s", err);
	rd->t.countries = country_table_load(cli_share_path(&path,
	    "countries.tsv"), &err);
	if (rd->t.countries == NULL) {
		if (err != NULL)
			cli_die(LK_EXIT_DATA, "%s", err);
		cli_die(LK_EXIT_DATA, "%s:", path.p);
	}
	rd->t.suffixes = cli_share_list("legal-suffixes.txt", fold_key);
	rd->t.fakes = cli_share_list("fake-names.txt", fold_key);
	sbuf_free(&path);
}

static void
reader_close(reader *rd)
{
	colmap_free(rd->map);
	country_table_free(rd->t.countries);
	strset_free(rd->t.suffixes);
	strset_free(rd->t.fakes);
	free(rd->names);
	free(rd->dest);
	sbuf_free(&rd->fold);
	sbuf_free(&rd->a);
	sbuf_free(&rd->b);
	sbuf_free(&rd->c);
}

/* ---- the table ---- */

/* add: account ar (read from r) with its keys, indexed. */
static void
add(accounts *a, rec *r, rec *ar, bool customer, sbuf *tmp, sbuf *key)
{
	const char *s;
	size_t n;

	if (a->n == NONE - 1)
		cli_die(LK_EXIT_DATA, "more than %u accounts: too many",
		    NONE - 1);
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 1024;
		a->a = xreallocarray(a->a, a->cap, sizeof *a->a);
		a->next = xreallocarray(a->next, a->cap * (a->nb ? a->nb : 1),
		    sizeof *a->next);
	}
	uint32_t i = (uint32_t)a->n++;
	account *ac = &a->a[i];
	ac->customer = customer;
	if ((s = rec_get(ar, "id", &n)) != NULL && n > 0) {
		ac->id = put(&a->arena, s, n);
	} else {
		sbuf_reset(tmp);
		sbuf_addf(tmp, "%s:%lu", r->file, r->line);
		ac->id = put(&a->arena, tmp->p, tmp->n);
	}
	s = rec_get(ar, "company", &n);
	ac->name = put(&a->arena, s != NULL ? s : "", s != NULL ? n : 0);
	s = rec_get(ar, "owner", &n);
	ac->owner = put(&a->arena, s != NULL ? s : "", s != NULL ? n : 0);
	sbuf_reset(key);
	match_features(a->m, ar, key, tmp);
	ac->feat = put(&a->arena, key->p, key->n);
	match_tally_add(a->m, a->tally, (const unsigned char *)get(a, ac->feat,
	    &n));
	for (size_t b = 0; b < a->nb; b++) {
		a->next[(size_t)i * a->nb + b] = NONE;
		sbuf_reset(key);
		if (!match_block_key(a->m, b, ar, (const unsigned char *)get(a,
		    ac->feat, &n), key, tmp))
			continue;
		uint32_t *head = u64map_put(a->heads, u64map_key(b, key->p,
		    key->n), NULL);
		a->next[(size_t)i * a->nb + b] = *head - 1;	/* 0: NONE */
		*head = i + 1;
	}
}

/* keys_of: account i's packed keys, for match_tally_shared to flag. */
static unsigned char *
keys_of(void *ctx, size_t i)
{
	accounts *a = ctx;
	size_t n;

	return (unsigned char *)get(a, a->a[i].feat, &n);
}

accounts *
accounts_load(const char *path, const cli_opts *co, const match_model *m)
{
	accounts *a = xcalloc(1, sizeof *a);
	cli_opts o = *co;
	char *files[] = { (char *)path };
	reader rd;
	rec *r = rec_new(), *ar = rec_new();
	sbuf tmp = SBUF_INIT, key = SBUF_INIT;
	const char *why;
	int rc;

	a->m = m;
	a->nb = match_nblocks(m);
	a->tally = match_tally_new(m);
	a->heads = u64map_new();
	reader_open(&rd);
	o.in_format = LK_FMT_AUTO;	/* the leads' format is not its */
	o.delim = '\0';
	o.no_header = false;
	input *in = input_open(&o, files, 1);
	while ((rc = input_next(in, r, &why)) != 0) {
		bool customer;
		if (rc < 0) {
			cli_warnat(r->file, r->line, "%s (account skipped)",
			    why);
			continue;
		}
		account_of(&rd, r, ar, &customer);
		add(a, r, ar, customer, &tmp, &key);
	}
	bool failed = input_failed(in);
	input_close(in);
	reader_close(&rd);
	rec_free(r);
	rec_free(ar);
	sbuf_free(&tmp);
	sbuf_free(&key);
	if (failed)
		cli_exit(LK_EXIT_DATA);
	match_tally_shared(m, a->tally, a->n, keys_of, a);
	return a;
}

void
accounts_free(accounts *a)
{
	if (a == NULL)
		return;
	match_tally_free(a->tally);
	u64map_free(a->heads);
	free(a->a);
	free(a->next);
	sbuf_free(&a->arena);
	free(a);
}

size_t
accounts_count(const accounts *a)
{
	return a->n;
}

void
accounts_scratch_free(accounts_scratch *s)
{
	sbuf_free(&s->feat);
	sbuf_free(&s->key);
	sbuf_free(&s->tmp);
	sbuf_free(&s->reason);
	free(s->seen);
	rec_free(s->view);
	*s = (accounts_scratch){ 0 };
}

/* ---- looking a lead up ---- */

/* free_mail: r's address is a free or disposable one (lead-import's
 * email_kind). */
static bool
free_mail(rec *r)
{
	size_t n;
	const char *k = rec_get(r, "email_kind", &n);

	return k != NULL && ((n == 4 && memcmp(k, "free", 4) == 0) ||
	    (n == 10 && memcmp(k, "disposable", 10) == 0));
}

/* view: what of r is weighed: r itself, or for a free-mail lead its
 * company and place only. */
static rec *
view(rec *r, accounts_scratch *s)
{
	if (!free_mail(r))
		return r;
	if (s->view == NULL)
		s->view = rec_new();
	rec_clear(s->view);
	for (size_t k = 0; k < sizeof view_fields / sizeof *view_fields; k++) {
		size_t n;
		const char *v = rec_get(r, view_fields[k], &n);
		if (v != NULL)
			rec_set_str(s->view, view_fields[k], v, n);
	}
	return s->view;
}

/* met: account c was not met yet for this lead (and now is). */
static bool
met(accounts_scratch *s, uint32_t c)
{
	for (size_t k = 0; k < s->nseen; k++)
		if (s->seen[k] == c)
			return false;
	if (s->nseen == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->seen = xreallocarray(s->seen, s->cap, sizeof *s->seen);
	}
	s->seen[s->nseen++] = c;
	return true;
}

/* rank: account c weighing w for the lead, into the best two of h. */
static void
rank(accounts_hit *h, uint32_t c, double w)
{
	if (h->best == NONE || w > h->w) {
		h->second = h->best;
		h->w2 = h->w;
		h->best = c;
		h->w = w;
	} else if (h->second == NONE || w > h->w2) {
		h->second = c;
		h->w2 = w;
	}
}

/* walk: weigh the lead (packed keys lf) against the accounts of block
 * b's chain from head (an account + 1; 0: none), into h. */
static void
walk(const accounts *a, size_t b, uint32_t head, const unsigned char *lf,
    accounts_scratch *s, accounts_hit *h)
{
	const match_model *m = a->m;
	double low = match_account_at(m) - ACCOUNTS_TIE;
	size_t n;
	uint32_t c = head;

	for (int k = 0; c-- > 0 && k < ACCOUNTS_BLOCK_MAX; k++,
	    c = a->next[(size_t)c * a->nb + b] + 1) {
		if (!met(s, c))
			continue;
		const unsigned char *af = (const unsigned char *)get(a,
		    a->a[c].feat, &n);
		/* how common a value is only ever lowers a weight */
		bool over;
		double w = match_weight_over(m, a->tally, lf, af, low, &over);
		if (over)
			rank(h, c, w);
	}
}

/* The blocks a lookup may visit at most (their heads found first, so
 * that the hash map's cache misses overlap). */
#define ACCOUNTS_BLOCKS 32

accounts_hit
accounts_match(const accounts *a, rec *r, accounts_scratch *s)
{
	accounts_hit h = { ACCOUNTS_NONE, NONE, NONE, 0, 0, false };
	const match_model *m = a->m;
	double at = match_account_at(m);
	rec *v = view(r, s);
	uint64_t key[ACCOUNTS_BLOCKS];
	bool has[ACCOUNTS_BLOCKS];
	size_t nb = a->nb < ACCOUNTS_BLOCKS ? a->nb : ACCOUNTS_BLOCKS;

	sbuf_reset(&s->feat);
	match_features(m, v, &s->feat, &s->tmp);
	s->nseen = 0;
	/* the exact keys (name, domain, phone) first; the fuzzy ones (the
	 * sound of the name, a street's prefix) only when those found no
	 * account weighing enough */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1 && h.best != NONE && h.w >= at)
			break;
		for (size_t b = 0; b < nb; b++) {
			sbuf_reset(&s->key);
			has[b] = match_block_exact(m, b) == (pass == 0) &&
			    match_block_key(m, b, v, (const unsigned char *)
			    s->feat.p, &s->key, &s->tmp);
			if (has[b]) {
				key[b] = u64map_key(b, s->key.p, s->key.n);
				u64map_prefetch(a->heads, key[b]);
			}
		}
		for (size_t b = 0; b < nb; b++)
			if (has[b])
				walk(a, b, u64map_get(a->heads, key[b], 0),
				    (const unsigned char *)s->feat.p, s, &h);
	}
	if (h.best == NONE || h.w < at)
		return (accounts_hit){ ACCOUNTS_NONE, NONE, NONE, 0, 0, false };
	if (h.second != NONE && h.w - h.w2 < ACCOUNTS_TIE) {
		h.found = ACCOUNTS_TIE_FOUND;
		h.all_customers = a->a[h.best].customer &&
		    a->a[h.second].customer;
	} else {
		h.found = ACCOUNTS_ONE;
		h.second = NONE;
	}
	return h;
}

void
accounts_reason(const accounts *a, uint32_t i, accounts_scratch *s,
    sbuf *out)
{
	size_t n;
	const unsigned char *af = (const unsigned char *)get(a, a->a[i].feat,
	    &n);
	double w = match_weight(a->m, a->tally,
	    (const unsigned char *)s->feat.p, af, out);

	sbuf_adds(out, " = ");
	match_put_tenths(out, w, false);
}

const char *
accounts_id(const accounts *a, uint32_t i, size_t *n)
{
	return get(a, a->a[i].id, n);
}

const char *
accounts_name(const accounts *a, uint32_t i, size_t *n)
{
	return get(a, a->a[i].name, n);
}

const char *
accounts_owner(const accounts *a, uint32_t i, size_t *n)
{
	return get(a, a->a[i].owner, n);
}

bool
accounts_customer(const accounts *a, uint32_t i)
{
	return a->a[i].customer;
}
