/* compiled.c - what a compiled rules file keeps: memory, condition
 * nodes, field slots, all freed with the rules */
#include "rules/compiled.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

/* keep_mem: n zeroed bytes that live as long as the rules. */
void *
rules_keep_mem(rules *ru, size_t n)
{
	char *c = xcalloc(1, n);

	ru->strs = xreallocarray(ru->strs, ru->nstrs + 1, sizeof *ru->strs);
	ru->strs[ru->nstrs++] = c;
	return c;
}

/* keep: a NUL-terminated copy of s[0..n) that lives as long as the rules. */
const char *
rules_keep(rules *ru, const char *s, size_t n)
{
	char *c = rules_keep_mem(ru, n + 1);

	if (n > 0)	/* s may be NULL then (an empty buffer) */
		memcpy(c, s, n);
	return c;
}

rules_cond *
rules_node(rules *ru, rules_cop op)
{
	rules_cond *c = xcalloc(1, sizeof *c);

	c->op = op;
	c->all_next = ru->all;
	ru->all = c;
	return c;
}

unsigned
rules_slot(rules *ru, const char *name, size_t n)
{
	void *v;

	if (strmap_get(ru->slots, name, n, &v))
		return (unsigned)(size_t)v - 1;
	ru->slot_names = xreallocarray(ru->slot_names, ru->nslots + 1,
	    sizeof *ru->slot_names);
	ru->slot_names[ru->nslots] = (char *)rules_keep(ru, name, n);
	ru->slot_keys = xreallocarray(ru->slot_keys, ru->nslots + 1,
	    sizeof *ru->slot_keys);
	rec_name_init(&ru->slot_keys[ru->nslots], ru->slot_names[ru->nslots],
	    n);
	strmap_put(ru->slots, name, n, (void *)(size_t)(ru->nslots + 1));
	return ru->nslots++;
}
