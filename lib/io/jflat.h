/* jflat.h - webhook JSON made flat: lists unwrapped, nested values by path
 *
 * Form tools and ad platforms post leads in shapes no column name can
 * reach.  jflat_record rewrites an NDJSON record so that each value a lead
 * field could take is a top-level member of its own:
 *
 *	Unbounce (data.json): every value is a one-element list
 *	  {"email":["ann@acme.de"]}                -> "email": "ann@acme.de"
 *	Facebook Lead Ads: the answers are a list of name and values
 *	  {"field_data":[{"name":"email","values":["ann@acme.de"]}]}
 *	                                           -> "email": "ann@acme.de"
 *	webhook tools: nested objects
 *	  {"contact":{"email":"e","address":{"city":"Köln"}}}
 *	                        -> "contact.email": "e", "contact.address.city": "Köln"
 *
 * The rules, applied again to what each one yields:
 *   - a list of one value is that value ([["x"]] is "x");
 *   - an empty list or an empty object is null (no value);
 *   - a list of several values stays a list under its name (a normalizer
 *     that wants one value keeps it raw and flags it);
 *   - an object's members become members called <name>.<member>;
 *   - a list called field_data whose every entry is an object with a
 *     "name" string and a "values" member gives one member per entry,
 *     called by its "name" (no prefix), valued by its "values";
 *   - nothing deeper than JFLAT_DEPTH levels is taken apart, nor an object
 *     or list that would take a record past JFLAT_COLUMNS new members (each
 *     new name is looked up): it stays as it is under the path reached.
 * A new member whose name is taken already gets _2, _3... as repeated CSV
 * column names do.  New members go at the end of the record, the member
 * they came from is deleted; values are copied byte for byte (a string
 * keeps its escapes, a number its digits).  Nothing is dropped but empty
 * lists and objects.
 */
#ifndef LK_JFLAT_H
#define LK_JFLAT_H

#include <stdbool.h>
#include <stddef.h>

#include "io/rec.h"

#define JFLAT_DEPTH 32
#define JFLAT_COLUMNS 1024

/*
 * jflat_record: flatten r's members (those the reader filled: REC_RAW
 * values) as above, except those named in keep (NULL-terminated: fields
 * whose value is a list by nature, such as events).  A record with no list
 * or object value is left alone at the cost of one look at each value.
 * Returns the number of members rewritten.  Cannot fail.
 */
size_t jflat_record(rec *r, const char *const *keep);

/*
 * jflat_leaf: the offset in the path name[0..n) of what follows its leading
 * parts that fold (fold_alnum) to a container of the lead's own fields
 * (jflat.c lists them: contact, lead, person, address, properties,
 * fields...); 0 when it starts with none.  "contact.address.city" gives
 * the offset of "city", "contact.company.name" that of "company.name"
 * (which folds like "Company Name"), so that the synonyms apply to it;
 * "owner.email" and "form.name" give 0: they are not the lead's.
 */
size_t jflat_leaf(const char *name, size_t n);

#endif
