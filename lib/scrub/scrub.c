/* scrub.c - lead-scrub as a stage */
#include "scrub/scrub.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "value/country.h"
#include "value/date.h"
#include "value/email.h"
#include "io/jscan.h"
#include "scrub/ledgerlist.h"
#include "scrub/listidx.h"
#include "scrub/listkey.h"
#include "value/phone.h"
#include "rules/rules.h"
#include "base/xmem.h"

static const char *const scrub_fields[] = {
	"suppressed", "suppressed_by", NULL
};

/* Channel names by mask. */
static const char *const channel_names[] = {
	"none", "phone", "email", "all"
};

/* The channel a list of each kind stops by default; 0: the channel of the
 * lead's field that matched (a digest may be of an e-mail or a phone). */
static const int kind_channel[LISTKEY_NKINDS] = {
	[LISTKEY_PHONE] = SCRUB_PHONE, [LISTKEY_EMAIL] = SCRUB_EMAIL,
	[LISTKEY_DOMAIN] = SCRUB_ALL, [LISTKEY_ID] = SCRUB_ALL,
	[LISTKEY_SHA256] = 0, [LISTKEY_MD5] = 0,
};

typedef struct list {
	listidx *li;
	const char *path;
	int channel;		/* a mask, or 0 (see kind_channel) */
	long age;		/* days */
	atomic_ullong matched;	/* leads */
} list;

typedef struct rule {
	const char *text;	/* "suppress email when consent = false" */
	const char *because;	/* or NULL */
	const char *where;	/* "file:line" */
	rules_cond *cond;
	int channel;
	atomic_ullong matched;
} rule;

/* What the original stage owns and its clones borrow. */
/* The fields lead_keys reads and take writes, by their names hashed
 * once (rec_name): K_PHONE + i is phone_fields[i]; K_EMAILS and K_PHONES
 * start the two fields of more_emails and more_phones. */
enum {
	K_PHONE, K_MOBILE, K_COUNTRY, K_EMAIL, K_DOMAIN, K_EMAILS,
	K_OTHER_EMAILS, K_PHONES, K_OTHER_PHONES, K_ID, K_SUPPRESSED,
	K_SUPPRESSED_BY, K_COUNT
};
static const char *const key_names[K_COUNT] = {
	[K_PHONE] = "phone", [K_MOBILE] = "mobile", [K_COUNTRY] = "country",
	[K_EMAIL] = "email", [K_DOMAIN] = "domain", [K_EMAILS] = "emails",
	[K_OTHER_EMAILS] = "other_emails", [K_PHONES] = "phones",
	[K_OTHER_PHONES] = "other_phones", [K_ID] = "id",
	[K_SUPPRESSED] = "suppressed", [K_SUPPRESSED_BY] = "suppressed_by",
};

typedef struct shared {
	rec_name key[K_COUNT];
	list *lists;
	size_t nlists;
	rules *ru;
	rule *rule;
	size_t nrules;
	country_table *countries;
	bool domain_lists;	/* a list is looked up by domain */
	bool email_lists;	/* ... by e-mail address */
	bool phone_lists;	/* a list is looked up by phone */
	const scrub_opts *o;
	FILE *certificate;	/* opened at the start: a bad path fails
				 * before any lead is read */
	atomic_ullong leads, by_channel[4];
} shared;

/* The fields of a lead that hold a telephone number, looked up in phone
 * lists alike. */
static const char *const phone_fields[] = { "phone", "mobile" };
#define NPHONES (sizeof phone_fields / sizeof phone_fields[0])

/* A lead's keys, worked out once a record (as far as the lists need). */
typedef struct keys {
	sbuf phone[NPHONES];	/* E.164, or empty */
	uint64_t phone_key[NPHONES];
	const char *phone_bad[NPHONES];	/* why a phone could not be read,
					 * or NULL */
	sbuf email, match;	/* normal form, match key, or empty */
	sbuf domains;		/* the lead's domains and their parents,
				 * NUL-separated: the e-mail's, then the
				 * domain field's */
	size_t email_domain;	/* bytes of domains from the e-mail */
	sbuf emails, phones;	/* a merged lead's other addresses (emails,
				 * phones: lead-dedupe --merge), in normal
				 * form, NUL-separated */
	sbuf tmp;
	const char *id;
	size_t idlen;
} keys;

/* One thread's stage.  Its counts go to the shared ones when it is freed
 * (so threads do not share a cache line for every lead). */
typedef struct scrub_stage {
	stage st;
	shared *sh;
	bool owner;
	rules_eval *ev;
	keys k;
	sbuf by;		/* suppressed_by, being built */
	unsigned long long leads, by_channel[4], *list_matched, *rule_matched;
} scrub_stage;

int
scrub_channel(const char *s)
{
	for (int c = 1; c <= SCRUB_ALL; c++)
		if (strcmp(s, channel_names[c]) == 0)
			return c;
	return 0;
}

/* ---- loading ---- */

static int
statement(void *ctx, rules_parser *p)
{
	shared *sh = ctx;
	rule r = { .where = rules_here(p) };
	size_t mark = rules_mark(p);
	const char *ch;

	if (!rules_word(p, "suppress"))
		return rules_expected(p, "a statement (suppress, define, "
		    "include)");
	size_t chmark = rules_mark(p);
	if (rules_name(p, &ch) != 0)
		return -1;
	if ((r.channel = scrub_channel(ch)) == 0)
		return rules_error_at(p, chmark, "expected a channel (phone, "
		    "email, all), found '%s'", ch);
	if (rules_expect(p, "when") != 0 ||
	    (r.cond = rules_parse_cond(p)) == NULL)
		return -1;
	r.text = rules_text(p, mark);
	if (rules_because(p, &r.because) != 0)
		return -1;
	sh->rule = xreallocarray(sh->rule, sh->nrules + 1, sizeof *sh->rule);
	sh->rule[sh->nrules++] = r;
	return 0;
}

/* add_list: li, read from path, as the next list; stale lists are warned
 * of, and empty ones unless from a ledger (where empty is normal). */
static void
add_list(shared *sh, listidx *li, const char *path, bool ledger)
{
	list *l;

	sh->lists = xreallocarray(sh->lists, sh->nlists + 1,
	    sizeof *sh->lists);
	l = memset(&sh->lists[sh->nlists++], 0, sizeof *l);
	l->li = li;
	l->path = path;
	l->channel = kind_channel[li->kind];
	if (li->keys.n == 0 && !ledger)
		cli_warn("%s: list %s is empty", path, li->name);
	if (li->kind == LISTKEY_DOMAIN)
		sh->domain_lists = true;
	if (li->kind == LISTKEY_EMAIL || li->kind == LISTKEY_DOMAIN ||
	    li->kind == LISTKEY_SHA256 || li->kind == LISTKEY_MD5)
		sh->email_lists = true;
	if (li->kind == LISTKEY_PHONE || li->kind == LISTKEY_SHA256 ||
	    li->kind == LISTKEY_MD5)
		sh->phone_lists = true;
	/* the list's version, as every date is read (value/date.h); one
	 * that is none counts from the epoch: warned of as very old */
	time_t day = 0;
	if (date_parse(li->date, strlen(li->date), false, &day) == DATE_BAD)
		day = 0;
	l->age = (long)((sh->o->as_of - day) / 86400);
	if (l->age > sh->o->max_age)
		cli_warn("%s: list %s of %s is %ld days old (--max-age %ld)",
		    path, li->name, li->date, l->age, sh->o->max_age);
}

/* for_list: the values of specs ("[NAME=]VALUE") that are for the list
 * called name: those of its name, else those without one; into out
 * (NULL-terminated; the values point into specs).  A value is of a name
 * when what is before its first '=' is the name of a list: names, the
 * lists' names (NULL-terminated). */
static void
for_list(char *const *specs, size_t n, const char *name,
    const char *const *names, const char **out)
{
	size_t k = 0;

	for (int pass = 0; pass < 2 && k == 0; pass++)
		for (size_t i = 0; i < n; i++) {
			const char *eq = strchr(specs[i], '=');
			bool named = false;
			for (size_t j = 0; eq != NULL && names[j] != NULL; j++)
				named |= strlen(names[j]) ==
				    (size_t)(eq - specs[i]) && memcmp(names[j],
				    specs[i], (size_t)(eq - specs[i])) == 0;
			if (pass == 0 && named && strlen(name) ==
			    (size_t)(eq - specs[i]) && memcmp(name, specs[i],
			    (size_t)(eq - specs[i])) == 0)
				out[k++] = eq + 1;
			else if (pass == 1 && !named)
				out[k++] = specs[i];
		}
	out[k] = NULL;
}

/* list_name: the name the list spec "[NAME=]FILE" is called by. */
static void
list_name(sbuf *out, const char *spec)
{
	const char *eq = strchr(spec, '=');

	sbuf_reset(out);
	if (eq != NULL)
		sbuf_add(out, spec, (size_t)(eq - spec));
	else
		cli_file_stem(out, spec);
}

/* load_list: "[NAME=]FILE": a list, or a ledger's three; names are those
 * of every list given, for --column and --country. */
static void
load_list(shared *sh, const char *spec, const char *const *names)
{
	const char *eq = strchr(spec, '=');
	const char *path = eq != NULL ? eq + 1 : spec;
	char *name = eq != NULL ? xstrndup(spec, (size_t)(eq - spec)) : NULL;
	sbuf err = SBUF_INIT, stem = SBUF_INIT;
	listidx *li;

	bool ledger = ledgerlist_is(path);
	/* a ledger's lists are called NAME-id, NAME-email, NAME-phone */
	size_t max = LISTIDX_NAME - 1 - (ledger ? strlen("-email") : 0);

	if (name != NULL && (name[0] == '\0' || strlen(name) > max))
		cli_usage_error("--list %s: a name of 1 to %zu bytes before "
		    "'='", spec, max);
	if (ledger) {
		listidx *lists[LEDGERLIST_N];
		if (name == NULL)
			cli_file_stem(&stem, path);
		if (ledgerlist_load(path, name != NULL ? name : stem.p,
		    sh->o->as_of, lists, &err) != 0)
			cli_die(LK_EXIT_DATA, "%s", err.p);
		for (int i = 0; i < LEDGERLIST_N; i++)
			add_list(sh, lists[i], path, true);
	} else {
		const scrub_opts *o = sh->o;
		const char **columns = xcalloc(o->ncolumns + 1,
		    sizeof *columns);
		const char **country = xcalloc(o->ncountries + 1,
		    sizeof *country);
		list_name(&stem, spec);
		for_list(o->columns, o->ncolumns, stem.p, names, columns);
		for_list(o->countries, o->ncountries, stem.p, names, country);
		if (country[0] != NULL && country[1] != NULL)
			cli_usage_error("--country: more than one for list %s",
			    stem.p);
		listidx_text_opts to = { .columns = columns,
		    .country = country[0], .kind = -1 };
		if ((li = listidx_load(path, name, &to, &err)) == NULL)
			cli_die(LK_EXIT_DATA, "%s", err.p);
		add_list(sh, li, path, false);
		free(columns);
		free(country);
	}
	free(name);
	sbuf_free(&err);
	sbuf_free(&stem);
}

/* set_channels: --channel NAME=CHANNEL. */
static void
set_channels(shared *sh)
{
	for (size_t i = 0; i < sh->o->nchannels; i++) {
		const char *spec = sh->o->channels[i], *eq = strchr(spec, '=');
		int ch = eq != NULL ? scrub_channel(eq + 1) : 0;
		bool found = false;
		if (ch == 0)
			cli_usage_error("--channel %s: expected "
			    "NAME=phone|email|all", spec);
		for (size_t j = 0; j < sh->nlists; j++) {
			const char *name = sh->lists[j].li->name;
			if (strlen(name) == (size_t)(eq - spec) &&
			    memcmp(name, spec, (size_t)(eq - spec)) == 0) {
				sh->lists[j].channel = ch;
				found = true;
			}
		}
		if (!found)
			cli_usage_error("--channel %s: no list is called "
			    "%.*s", spec, (int)(eq - spec), spec);
	}
}

/* check_countries: --country NAME=CC names a list. */
static void
check_countries(char *const *specs, size_t n, char *const *names)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(specs[i], '=');
		bool found = eq == NULL;
		for (size_t j = 0; !found && names[j] != NULL; j++)
			found = strlen(names[j]) == (size_t)(eq - specs[i]) &&
			    memcmp(names[j], specs[i], (size_t)(eq - specs[i]))
			    == 0;
		if (!found)
			cli_usage_error("--country %s: no list is called %.*s",
			    specs[i], (int)(eq - specs[i]), specs[i]);
	}
}

static shared *
shared_new(const scrub_opts *o)
{
	shared *sh = xcalloc(1, sizeof *sh);
	sbuf path = SBUF_INIT, err = SBUF_INIT;
	char *msg = NULL;

	sh->o = o;
	for (int i = 0; i < K_COUNT; i++)
		rec_name_init(&sh->key[i], key_names[i], strlen(key_names[i]));
	if (o->certificate != NULL &&
	    (sh->certificate = fopen(o->certificate, "w")) == NULL)
		cli_die(LK_EXIT_DATA, "%s:", o->certificate);
	if ((sh->ru = rules_load(rules_path(&path, o->rules, "scrub"),
	    statement, sh, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err.p);
	sh->countries = country_table_load(cli_share_path(&path,
	    "countries.tsv"), &msg);
	if (sh->countries == NULL)
		cli_die(LK_EXIT_DATA, "%s", msg != NULL ? msg : path.p);
	char **names = xcalloc(o->nlists + 1, sizeof *names);
	for (size_t i = 0; i < o->nlists; i++) {
		list_name(&path, o->lists[i]);
		names[i] = xstrndup(path.p, path.n);
	}
	check_countries(o->countries, o->ncountries, names);
	for (size_t i = 0; i < o->nlists; i++)
		load_list(sh, o->lists[i], (const char *const *)names);
	for (size_t i = 0; i < o->nlists; i++)
		free(names[i]);
	free(names);
	set_channels(sh);
	sbuf_free(&path);
	sbuf_free(&err);
	return sh;
}

/* ---- the certificate ---- */

static void
certify(const shared *sh)
{
	const scrub_opts *o = sh->o;
	sbuf when = SBUF_INIT;
	json_t *c = json_object(), *in = json_array(), *ls = json_array(),
	    *rs = json_array(), *by = json_object();

	date_format(&when, o->as_of);
	json_object_set_new(c, "program", json_string("lead-scrub "
	    LEADKIT_VERSION));
	json_object_set_new(c, "scrubbed_at", json_string(when.p));
	for (int i = 0; i < o->ninputs; i++)
		json_array_append_new(in, json_string(o->inputs[i]));
	if (o->ninputs == 0)
		json_array_append_new(in, json_string("-"));
	json_object_set_new(c, "inputs", in);
	json_object_set_new(c, "leads", json_integer((json_int_t)sh->leads));
	for (int ch = 0; ch <= SCRUB_ALL; ch++)
		json_object_set_new(by, channel_names[ch],
		    json_integer((json_int_t)sh->by_channel[ch]));
	json_object_set_new(c, "suppressed", by);
	json_object_set_new(c, "max_age_days", json_integer(o->max_age));
	for (size_t i = 0; i < sh->nlists; i++) {
		const list *l = &sh->lists[i];
		json_array_append_new(ls, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:I, s:b, s:I, s:s, s:s, s:I}",
		    "name", l->li->name, "file", l->path,
		    "kind", listkey_kind_name(l->li->kind),
		    "channel", l->channel != 0 ? channel_names[l->channel] :
		    "as matched",
		    "version", l->li->date, "age_days", (json_int_t)l->age,
		    "stale", l->age > o->max_age,
		    "keys", (json_int_t)l->li->keys.n,
		    "form", l->li->compiled ? "index" : "text",
		    "sha256", l->li->sha256,
		    "matched", (json_int_t)l->matched));
	}
	json_object_set_new(c, "lists", ls);
	for (size_t i = 0; i < sh->nrules; i++)
		json_array_append_new(rs, json_pack("{s:s, s:s, s:I}",
		    "rule", sh->rule[i].text, "at", sh->rule[i].where,
		    "matched", (json_int_t)sh->rule[i].matched));
	json_object_set_new(c, "rules", rs);
	if (json_dumpf(c, sh->certificate, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) != 0 || fputc('\n', sh->certificate) == EOF ||
	    fclose(sh->certificate) != 0)
		cli_die(LK_EXIT_DATA, "%s: write error:", o->certificate);
	json_decref(c);
	sbuf_free(&when);
}

static void
shared_free(shared *sh)
{
	if (sh->o->certificate != NULL)
		certify(sh);
	for (size_t i = 0; i < sh->nlists; i++)
		listidx_free(sh->lists[i].li);
	free(sh->lists);
	free(sh->rule);
	rules_free(sh->ru);
	country_table_free(sh->countries);
	free(sh);
}

/* ---- a lead's keys ---- */

/* The fields of a merged lead that hold its other addresses (the second
 * name: before issue 19), each a JSON array of strings. */
/* more: out gets each string of the arrays in fields[0..2) of r (the
 * emails or the phones a merge kept) that norm reads (into tmp),
 * NUL-separated. */
static void
more(rec *r, const rec_name fields[2], sbuf *out, sbuf *tmp,
    int (*norm)(sbuf *, const char *, size_t, const void *), const void *ctx)
{
	sbuf_reset(out);
	for (size_t f = 0; f < 2; f++) {
		rec_field *fl = rec_find_name(r, &fields[f]);
		json_t *a = fl != NULL ? rec_field_json(r, fl) : NULL, *v;
		size_t i;
		if (!json_is_array(a))
			continue;
		json_array_foreach(a, i, v) {
			if (!json_is_string(v))
				continue;
			sbuf_reset(tmp);
			if (norm(tmp, json_string_value(v),
			    json_string_length(v), ctx) == 0 && tmp->n > 0)
				sbuf_add(out, tmp->p, tmp->n + 1);
		}
	}
}

static int
norm_email(sbuf *out, const char *s, size_t n, const void *ctx)
{
	(void)ctx;
	return email_norm(out, s, n);
}

/* norm_phone: E.164, a national number read as of the lead's country
 * (ctx, a country or NULL). */
static int
norm_phone(sbuf *out, const char *s, size_t n, const void *ctx)
{
	const shared *sh = ((const void *const *)ctx)[0];
	const country *dc = ((const void *const *)ctx)[1];

	return phone_e164(out, NULL, s, n, sh->countries, dc) == PHONE_OK ?
	    0 : -1;
}

static void
lead_keys(scrub_stage *s, rec *r)
{
	keys *k = &s->k;
	const shared *sh = s->sh;
	size_t n;
	const char *v;

	sbuf_reset(&k->email);
	sbuf_reset(&k->match);
	sbuf_reset(&k->domains);
	/* only what a list, or --mode drop (which channels a lead has),
	 * needs */
	bool drop = sh->o->drop;
	const country *dc = NULL;
	bool dc_known = false;
	for (size_t i = 0; i < NPHONES; i++) {
		sbuf_reset(&k->phone[i]);
		k->phone_key[i] = 0;
		k->phone_bad[i] = NULL;
		if (!(sh->phone_lists || drop) || (v = rec_get_name(r,
		    &sh->key[K_PHONE + i], &n)) == NULL || n == 0)
			continue;
		/* as lead-import reads it (a lead not imported may have a
		 * national number: of its country) */
		if (!dc_known) {
			size_t cn;
			const char *c = rec_get_name(r, &sh->key[K_COUNTRY],
			    &cn);
			dc = c != NULL ? country_lookup(sh->countries, c, cn) :
			    NULL;
			dc_known = true;
		}
		phone_status ps = phone_e164(&k->phone[i], NULL, v, n,
		    sh->countries, dc);
		if (ps == PHONE_OK)
			k->phone_key[i] = listkey_phone(k->phone[i].p,
			    k->phone[i].n);
		else
			k->phone_bad[i] = phone_status_str(ps);
	}
	if ((sh->email_lists || drop) &&
	    (v = rec_get_name(r, &sh->key[K_EMAIL], &n)) != NULL && n > 0 &&
	    email_norm(&k->email, v, n) == 0)
		email_match_key(&k->match, k->email.p);
	if (sh->domain_lists) {
		const char *d = k->email.n > 0 ? email_domain(k->email.p) :
		    NULL;
		if (d != NULL)
			sbuf_add(&k->domains, d, strlen(d) + 1);
		k->email_domain = k->domains.n;
		if ((v = rec_get_name(r, &sh->key[K_DOMAIN], &n)) != NULL &&
		    n > 0) {
			size_t at = k->domains.n;
			if (domain_to_ascii(&k->domains, v, n) == 0)
				sbuf_addc(&k->domains, '\0');
			else
				k->domains.n = at;
		}
	}
	sbuf_reset(&k->emails);
	sbuf_reset(&k->phones);
	if (sh->nlists > 0) {
		if (!dc_known) {
			size_t cn;
			const char *c = rec_get_name(r, &sh->key[K_COUNTRY],
			    &cn);
			dc = c != NULL ? country_lookup(sh->countries, c, cn) :
			    NULL;
		}
		const void *ctx[2] = { sh, dc };
		more(r, &sh->key[K_EMAILS], &k->emails, &k->tmp, norm_email,
		    NULL);
		more(r, &sh->key[K_PHONES], &k->phones, &k->tmp, norm_phone,
		    ctx);
	}
	k->id = rec_get_name(r, &sh->key[K_ID], &k->idlen);
}

/* ---- matching ---- */

/* hit: record what matched in s->by (a JSON array being built). */
static void
hit_list(scrub_stage *s, list *l, const char *key, size_t keylen,
    const char *field, int ch)
{
	sbuf *b = &s->by;

	sbuf_adds(b, b->n > 1 ? ",{\"list\":" : "{\"list\":");
	jscan_escape(b, l->li->name, strlen(l->li->name));
	sbuf_adds(b, ",\"version\":");
	jscan_escape(b, l->li->date, strlen(l->li->date));
	sbuf_adds(b, ",\"key\":");
	jscan_escape(b, key, keylen);
	sbuf_addf(b, ",\"field\":\"%s\",\"channel\":\"%s\"}", field,
	    channel_names[ch]);
	s->list_matched[l - s->sh->lists]++;
}

/* digest_hits: a digest list against the lead's e-mail and phone. */
static int
digest_hits(scrub_stage *s, list *l)
{
	uint64_t (*h)(const char *, size_t) = l->li->kind == LISTKEY_SHA256 ?
	    listkey_sha256 : listkey_md5;
	const keys *k = &s->k;
	int mask = 0;
	size_t phone = 0;

	if (k->email.n > 0 && listidx_has(l->li, h(k->email.p, k->email.n)))
		mask |= SCRUB_EMAIL;
	for (size_t i = NPHONES; i-- > 0; )
		if (k->phone[i].n > 0 && listidx_has(l->li, h(k->phone[i].p,
		    k->phone[i].n))) {
			mask |= SCRUB_PHONE;
			phone = i;
		}
	if (mask != 0) {
		int ch = l->channel != 0 ? l->channel : mask;
		const sbuf *v = mask & SCRUB_EMAIL ? &k->email :
		    &k->phone[phone];
		hit_list(s, l, v->p, v->n, mask & SCRUB_EMAIL ? "email" :
		    phone_fields[phone], ch);
		return ch;
	}
	/* else a merged lead's other addresses: the first on the list */
	const sbuf *more[2] = { &k->emails, &k->phones };
	for (int m = 0; m < 2; m++)
		for (const char *p = more[m]->p, *end = p + more[m]->n;
		    p < end; p += strlen(p) + 1)
			if (listidx_has(l->li, h(p, strlen(p)))) {
				int ch = l->channel != 0 ? l->channel :
				    m == 0 ? SCRUB_EMAIL : SCRUB_PHONE;
				hit_list(s, l, p, strlen(p),
				    m == 0 ? "emails" : "phones", ch);
				return ch;
			}
	return 0;
}

/* list_hits: the channels list l stops for the lead (0: none). */
static int
list_hits(scrub_stage *s, list *l)
{
	const keys *k = &s->k;

	switch (l->li->kind) {
	case LISTKEY_PHONE: {
		/* each number of the lead that is on it (a number in both
		 * fields once) */
		int ch = 0;
		for (size_t i = 0; i < NPHONES; i++)
			if (k->phone_key[i] != 0 && (i == 0 ||
			    k->phone_key[i] != k->phone_key[0]) &&
			    listidx_has(l->li, k->phone_key[i])) {
				hit_list(s, l, k->phone[i].p, k->phone[i].n,
				    phone_fields[i], l->channel);
				ch = l->channel;
			}
		/* and a merged lead's other numbers */
		for (const char *p = k->phones.p, *end = p + k->phones.n;
		    p < end; p += strlen(p) + 1)
			if (listidx_has(l->li, listkey_phone(p, strlen(p)))) {
				hit_list(s, l, p, strlen(p), "phones",
				    l->channel);
				ch = l->channel;
			}
		return ch;
	}
	case LISTKEY_EMAIL:
		if (k->email.n > 0 && (listidx_has(l->li,
		    listkey_sha256(k->match.p, k->match.n)) ||
		    listidx_has(l->li, listkey_sha256(k->email.p,
		    k->email.n)))) {
			hit_list(s, l, k->email.p, k->email.n, "email",
			    l->channel);
			return l->channel;
		}
		/* else a merged lead's other addresses: the first listed */
		for (const char *p = k->emails.p, *end = p + k->emails.n;
		    p < end; p += strlen(p) + 1) {
			sbuf *m = &s->k.tmp;
			sbuf_reset(m);
			email_match_key(m, p);
			if (listidx_has(l->li, listkey_sha256(m->p, m->n)) ||
			    listidx_has(l->li, listkey_sha256(p, strlen(p)))) {
				hit_list(s, l, p, strlen(p), "emails",
				    l->channel);
				return l->channel;
			}
		}
		return 0;
	case LISTKEY_DOMAIN:
		/* each domain of the lead, and each parent of it, down to the
		 * top-level domain (a list may block "ru") */
		for (const char *d = k->domains.p, *end = d + k->domains.n;
		    d < end; d += strlen(d) + 1)
			for (const char *p = d; p != NULL;
			    p = strchr(p, '.') != NULL ? strchr(p, '.') + 1 :
			    NULL)
				if (listidx_has(l->li, listkey_sha256(p,
				    strlen(p)))) {
					hit_list(s, l, p, strlen(p),
					    d - k->domains.p < (ptrdiff_t)
					    k->email_domain ? "email" :
					    "domain", l->channel);
					return l->channel;
				}
		return 0;
	case LISTKEY_ID:
		if (k->id == NULL || k->idlen == 0 || !listidx_has(l->li,
		    listkey_sha256(k->id, k->idlen)))
			return 0;
		hit_list(s, l, k->id, k->idlen, "id", l->channel);
		return l->channel;
	default:
		return digest_hits(s, l);
	}
}

static int
rule_hits(scrub_stage *s, rec *r)
{
	sbuf *b = &s->by;
	int mask = 0;

	rules_eval_start(s->ev, r);
	for (size_t i = 0; i < s->sh->nrules; i++) {
		rule *ru = &s->sh->rule[i];
		if (!rules_match(s->ev, ru->cond))
			continue;
		sbuf_adds(b, b->n > 1 ? ",{\"rule\":" : "{\"rule\":");
		jscan_escape(b, ru->text, strlen(ru->text));
		if (ru->because != NULL) {
			sbuf_adds(b, ",\"reason\":");
			jscan_escape(b, ru->because, strlen(ru->because));
		}
		sbuf_addf(b, ",\"channel\":\"%s\"}",
		    channel_names[ru->channel]);
		s->rule_matched[i]++;
		mask |= ru->channel;
	}
	return mask;
}

static void
take(stage *st, rec *r)
{
	scrub_stage *s = (scrub_stage *)st;
	shared *sh = s->sh;
	int mask = 0;

	s->leads++;
	lead_keys(s, r);
	sbuf_reset(&s->by);
	sbuf_addc(&s->by, '[');
	for (size_t i = 0; i < sh->nlists; i++)
		mask |= list_hits(s, &sh->lists[i]);
	for (size_t i = 0; i < NPHONES && sh->phone_lists; i++) {
		const char *bad = s->k.phone_bad[i];
		if (bad == NULL)
			continue;
		/* a number no list could be asked about is not called */
		sbuf_addf(&s->by, "%s{\"unchecked\":\"%s\"", s->by.n > 1 ?
		    "," : "", phone_fields[i]);
		sbuf_adds(&s->by, ",\"reason\":");
		jscan_escape(&s->by, bad, strlen(bad));
		sbuf_adds(&s->by, ",\"channel\":\"phone\"}");
		mask |= SCRUB_PHONE;
	}
	mask |= rule_hits(s, r);
	sbuf_addc(&s->by, ']');
	s->by_channel[mask]++;
	rec_set_str_name(r, &sh->key[K_SUPPRESSED], channel_names[mask],
	    strlen(channel_names[mask]));
	rec_set_raw_name(r, &sh->key[K_SUPPRESSED_BY], s->by.p, s->by.n);
	if (sh->o->drop && mask != 0) {
		/* --for any: dropped when no channel the lead has is left */
		int has = (s->k.phone[0].n > 0 || s->k.phone[1].n > 0 ?
		    SCRUB_PHONE : 0) |
		    (s->k.email.n > 0 ? SCRUB_EMAIL : 0);
		int want = sh->o->for_channel == SCRUB_ALL ? has :
		    sh->o->for_channel;
		if ((want & ~mask) == 0) {
			stage_set_aside(st, r);
			return;
		}
	}
	stage_emit(st, r);
}

static void scrub_free(stage *st);
static stage *scrub_clone(const stage *st);

static const stage_vt scrub_vt = {
	.name = "scrub", .take = take, .free = scrub_free,
	.clone = scrub_clone,
};

static stage *
stage_alloc(shared *sh, bool owner)
{
	scrub_stage *s = xcalloc(1, sizeof *s);

	s->st.vt = &scrub_vt;
	s->sh = sh;
	s->owner = owner;
	s->ev = rules_eval_new(sh->ru, sh->o->as_of);
	s->list_matched = xcalloc(sh->nlists + 1, sizeof *s->list_matched);
	s->rule_matched = xcalloc(sh->nrules + 1, sizeof *s->rule_matched);
	return &s->st;
}

static void
scrub_free(stage *st)
{
	scrub_stage *s = (scrub_stage *)st;
	shared *sh = s->sh;

	sh->leads += s->leads;
	for (int c = 0; c <= SCRUB_ALL; c++)
		sh->by_channel[c] += s->by_channel[c];
	for (size_t i = 0; i < sh->nlists; i++)
		sh->lists[i].matched += s->list_matched[i];
	for (size_t i = 0; i < sh->nrules; i++)
		sh->rule[i].matched += s->rule_matched[i];
	rules_eval_free(s->ev);
	for (size_t i = 0; i < NPHONES; i++)
		sbuf_free(&s->k.phone[i]);
	sbuf_free(&s->k.email);
	sbuf_free(&s->k.match);
	sbuf_free(&s->k.domains);
	sbuf_free(&s->k.emails);
	sbuf_free(&s->k.phones);
	sbuf_free(&s->k.tmp);
	sbuf_free(&s->by);
	free(s->list_matched);
	free(s->rule_matched);
	if (s->owner)
		shared_free(sh);
	free(s);
}

static stage *
scrub_clone(const stage *st)
{
	return stage_alloc(((const scrub_stage *)st)->sh, false);
}

stage *
scrub_new(const scrub_opts *o)
{
	stage *st = stage_alloc(shared_new(o), true);

	st->fields = scrub_fields;
	st->aside = o->drop ? o->suppressed : NULL;
	return st;
}
