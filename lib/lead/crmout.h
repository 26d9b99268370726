/* crmout.h - leads written in the import layout of a CRM (--to)
 *
 * --to hubspot (salesforce, pipedrive, zoho, mautic) writes each record
 * as that CRM's importer takes it, so that it maps the file without a
 * hand-made mapping: the export profile of the CRM read the other way
 * (lead/profout.h).  A stage put last in the chain (by lib/verbs/) that
 * rewrites each record, in this order:
 *
 *  - the fields of the layout, under the CRM's column names, in the
 *    profile's order; a value through the column's value map backwards
 *    (mql -> marketingqualifiedlead), or, when the word the CRM wrote
 *    still means what the field holds (crm_status "Marketing Qualified
 *    Lead" for status mql, of a lead whose source_system is the CRM's),
 *    that; dates, booleans and countries in the CRM's forms.  A value the
 *    map has no form for is written as it is (the CRM's word, if it has
 *    one), and said once on standard error ("\"sal\" has no form...");
 *  - the record id (source_id) only of a lead from the CRM: another
 *    system's keeps its name, and the CRM's importer makes a new record;
 *  - every other field under its own name, so that nothing is lost: the
 *    CRM's importer offers them as custom properties (or skips them), and
 *    lead-import reads them back by name.  One whose name is a column of
 *    the layout (Mautic's "id") is written as leadkit_NAME.
 *
 * Runs on the main thread, in input order (no clone).  Its label, in
 * --stats and in messages, is the program's and "--to NAME".
 */
#ifndef LK_CRMOUT_H
#define LK_CRMOUT_H

#include "io/stage.h"

typedef struct crmout crmout;

/* crmout_stage: the stage writing the layout of the CRM called name (a
 * profile with lines for --to), for the records of a stage that may add
 * the fields declared (NULL-terminated, or NULL), which its own fields
 * name in the layout (so that a CSV header has them).  A name that is no
 * such profile is a usage error (exit 2, listing those there are); a share
 * file that cannot be read is fatal (exit 1). */
stage *crmout_stage(const char *name, const char *const *declared);

#endif
