/* groupkey.c - the value a lead is grouped by (groupkey.h) */
#include "report/groupkey.h"

#include <string.h>

/* field: r's field name, NULL when missing or empty. */
static const char *
field(rec *r, const char *name, size_t *n)
{
	const char *v = rec_get(r, name, n);

	return v != NULL && *n > 0 ? v : NULL;
}

/* account: "name (id)", or either alone. */
static const char *
account(rec *r, sbuf *b, size_t *n)
{
	size_t in, nn;
	const char *id = field(r, "account_id", &in);
	const char *name = field(r, "account_name", &nn);

	sbuf_reset(b);
	if (name != NULL)
		sbuf_add(b, name, nn);
	if (name != NULL && id != NULL)
		sbuf_adds(b, " (");
	if (id != NULL)
		sbuf_add(b, id, in);
	if (name != NULL && id != NULL)
		sbuf_addc(b, ')');
	*n = b->n;
	return b->n > 0 ? b->p : NULL;
}

/* customer: a lead of an account that buys already, or a new one. */
static const char *
customer(rec *r, sbuf *b, size_t *n)
{
	static const struct {
		const char *value, *label;
	} labels[] = {
		{ "true", "existing customer" }, { "false", "new" },
	};
	const char *v = field(r, "customer", n);

	(void)b;
	for (size_t i = 0; v != NULL && i < sizeof labels / sizeof *labels;
	    i++)
		if (*n == strlen(labels[i].value) &&
		    memcmp(v, labels[i].value, *n) == 0) {
			*n = strlen(labels[i].label);
			return labels[i].label;
		}
	return v;
}

/* The groups made of fields, and the fields each reads. */
static const struct {
	const char *name;
	const char *(*key)(rec *, sbuf *, size_t *);
	const char *reads[2];
} made[] = {
	{ "account", account, { "account_id", "account_name" } },
	{ "customer", customer, { "customer", NULL } },
};
#define NMADE (sizeof made / sizeof *made)

const char *
report_group_key(rec *r, const char *name, sbuf *b, size_t *n)
{
	for (size_t i = 0; i < NMADE; i++)
		if (strcmp(made[i].name, name) == 0)
			return made[i].key(r, b, n);
	return field(r, name, n);
}

size_t
report_group_reads(const char *name, const char *fields[2])
{
	for (size_t i = 0; i < NMADE; i++)
		if (strcmp(made[i].name, name) == 0) {
			fields[0] = made[i].reads[0];
			fields[1] = made[i].reads[1];
			return fields[1] != NULL ? 2 : 1;
		}
	fields[0] = name;
	return 1;
}
