/* compiled.h - the compiled form of conditions, shared by cond.c and
 * load.c (which build it) and eval.c (which tests records against it) */
#ifndef LK_RULES_COMPILED_H
#define LK_RULES_COMPILED_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules/rules.h"
#include "base/strmap.h"
#include "base/strset.h"

/* What an operand is.  Literal strings are kept case-folded. */
typedef enum rules_okind {
	RO_FIELD,	/* a record field: slot */
	RO_EVENT,	/* the type of the event being tested */
	RO_EVENT_KEY,	/* a member of it: key */
	RO_NUM,
	RO_STR,
	RO_DATE,
	RO_BOOL,
	RO_COUNT	/* count(cond): a number */
} rules_okind;

typedef struct rules_operand {
	rules_okind kind;
	unsigned slot;
	const char *key;	/* RO_EVENT_KEY: NUL-terminated */
	double num;		/* RO_NUM, RO_BOOL (1 or 0) */
	const char *str;	/* RO_STR: folded, NUL-terminated */
	size_t len;
	time_t t;		/* RO_DATE */
	rules_cond *count;	/* RO_COUNT */
} rules_operand;

typedef enum rules_test {
	RT_EQ, RT_NE, RT_LT, RT_LE, RT_GT, RT_GE,
	RT_IN, RT_NOT_IN, RT_IN_SET, RT_NOT_IN_SET,
	RT_CONTAINS, RT_STARTS, RT_ENDS, RT_MATCH,
	RT_EXISTS, RT_MISSING, RT_ABSENT, RT_WITHIN
} rules_test;

typedef enum rules_cop { RC_AND, RC_OR, RC_NOT, RC_OF, RC_TEST } rules_cop;

struct rules_cond {
	rules_cop op;
	bool events;		/* tests events (outside count()) */
	rules_cond *a, *b;	/* AND, OR: both; NOT: a */
	rules_cond **kids;	/* OF: at least "least" of nkids */
	size_t nkids, least;
	/* RC_TEST: */
	rules_test test;
	rules_operand l, r;	/* r: comparisons, contains, starts/ends */
	rules_operand *list;	/* RT_IN, RT_NOT_IN */
	size_t nlist;
	const strset *set;	/* RT_IN_SET, RT_NOT_IN_SET: folded values */
	pcre2_code *re;		/* RT_MATCH */
	bool jit;		/* re is JIT-compiled: pcre2_jit_match */
	double within;		/* RT_WITHIN, or an event test's window */
	bool windowed;		/* an event test with "within" */
	unsigned memo;		/* a definition without events: its result
				 * is kept per record in memo - 1; or 0 */
	rules_cond *all_next;	/* every node, for rules_free */
};

struct rules {
	strmap *slots;		/* field name -> slot number + 1 */
	char **slot_names;
	rec_name *slot_keys;	/* the same, hashed for rec_find_name */
	unsigned nslots;
	strmap *defines;	/* name -> struct rules_define */
	strmap *lists;		/* resolved path -> strset */
	strset **sets;		/* the same, to free */
	size_t nsets;
	unsigned nmemo;		/* definitions whose results are kept */
	unsigned events_slot;	/* the slots of "events" and */
	unsigned last_slot;	/* "last_activity_at" */
	rules_cond *all;	/* every node */
	char **strs;		/* every string kept */
	size_t nstrs;
};

/* A name "define" gave a condition (rules.defines' values). */
typedef struct named_cond {
	rules_cond *c;
	const char *where;
} named_cond;


/* rules_keep_mem: n zeroed bytes, rules_keep: a NUL-terminated copy of
 * s[0..n), that live as long as ru.  Cannot fail. */
void *rules_keep_mem(rules *ru, size_t n);
const char *rules_keep(rules *ru, const char *s, size_t n);
/* rules_node: a new condition node of ru (freed with it). */
rules_cond *rules_node(rules *ru, rules_cop op);
/* rules_slot: the slot number of the field name[0..n), made when new. */
unsigned rules_slot(rules *ru, const char *name, size_t n);

#endif
