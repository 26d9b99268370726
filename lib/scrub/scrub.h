/* scrub.h - lead-scrub as a stage: suppression lists and rules decide which
 * channels of each lead may not be used, and why
 *
 * Fields set on every lead (lead-scrub(1)): suppressed ("none", "phone",
 * "email" or "all") and suppressed_by (what matched: each list with its
 * version, the lead's key that matched, the field it is of and the
 * channel; each rule with its reason).  Phone lists are asked about every
 * number of the lead: phone and mobile.  Lists are loaded (text lists compiled in memory) when the stage
 * is made; the stage runs on every thread, sharing them.
 */
#ifndef LK_SCRUB_H
#define LK_SCRUB_H

#include <stdbool.h>
#include <time.h>

#include "io/stage.h"

/* Channels, as a mask. */
enum { SCRUB_PHONE = 1, SCRUB_EMAIL = 2, SCRUB_ALL = 3 };

typedef struct scrub_opts {
	char *const *lists;	/* "[NAME=]FILE" */
	size_t nlists;
	char *const *channels;	/* "NAME=CHANNEL" */
	size_t nchannels;
	char *const *columns;	/* "[NAME=]COLUMN": of CSV lists */
	size_t ncolumns;
	char *const *countries;	/* "[NAME=]CC": of national numbers */
	size_t ncountries;
	const char *rules;	/* -r */
	bool drop;		/* --mode drop */
	const char *suppressed;	/* --suppressed FILE, or NULL */
	int for_channel;	/* --for: a mask; SCRUB_ALL = any channel */
	const char *certificate;	/* or NULL */
	long max_age;		/* days */
	time_t as_of;
	char *const *inputs;	/* the files read, for the certificate */
	int ninputs;
} scrub_opts;

/* scrub_channel: the mask of a channel name ("phone", "email", "all"), or
 * 0 if s names none. */
int scrub_channel(const char *s);

/* scrub_new: the stage; a list or rules file that does not load, or a
 * --channel naming no list, ends the program (exit 1) with the message. */
stage *scrub_new(const scrub_opts *o);

#endif
