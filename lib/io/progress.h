/* progress.h - one line on a terminal saying how far a run is
 *
 * When standard error is a terminal and a run passes about a second, one
 * line there, rewritten in place ("\r"): the records read, records a
 * second, and, when the size of the input is known (regular files, stdin
 * redirected from one; not a pipe), the percent read and the time left:
 *
 *	lead-score: 412000 records, 205000/s, 41%, 0:03 left
 *
 * Cleared when reading ends and before any message the run prints, so it
 * never mixes with them; never on standard output.  Silent when standard
 * error is no terminal, and when standard output is one (the records
 * would run into the line).  Cheap: the caller ticks it every PROGRESS_EVERY
 * records, and it reads the clock then.
 */
#ifndef LK_PROGRESS_H
#define LK_PROGRESS_H

#include <stddef.h>

/* Records between two ticks (a power of two: the caller masks). */
#define PROGRESS_EVERY 1024

typedef struct progress progress;

/* progress_new: a progress line for name reading files[0..nfiles) (none:
 * stdin), or NULL when standard error is no terminal. */
progress *progress_new(const char *name, char *const *files, int nfiles);

/* progress_tick: records read so far, bytes of the input read so far;
 * redraws the line when it is time.  p may be NULL. */
void progress_tick(progress *p, unsigned long long records,
    unsigned long long bytes);

/* progress_clear: erase the line, if shown (it comes back at the next
 * tick that redraws).  p may be NULL. */
void progress_clear(progress *p);

/* progress_free: erase the line and free p (may be NULL). */
void progress_free(progress *p);

/* progress_format: the line's text into buf[0..cap) (NUL-terminated,
 * cut to fit) for name after secs seconds (> 0); total 0: the size is
 * unknown, no percent nor time left.  Returns its length. */
size_t progress_format(char *buf, size_t cap, const char *name,
    unsigned long long records, double secs, unsigned long long bytes,
    unsigned long long total);

#endif
