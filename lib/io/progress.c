/* progress.c - one line on a terminal saying how far a run is */
#include "io/progress.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/xmem.h"

/* The first line after this long; redrawn at most this often. */
#define PROGRESS_AFTER 1.0
#define PROGRESS_REDRAW 0.25

struct progress {
	const char *name;
	unsigned long long total;	/* bytes of the input; 0: unknown */
	double start, last;		/* seconds: the run's start, last line */
	size_t shown;			/* the length on the terminal, or 0 */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* input_size: the bytes of files[0..nfiles) (none or "-": stdin) when
 * every one is a regular file; else 0. */
static unsigned long long
input_size(char *const *files, int nfiles)
{
	unsigned long long total = 0;
	struct stat st;

	for (int i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
		int rc = nfiles == 0 || strcmp(files[i], "-") == 0 ?
		    fstat(STDIN_FILENO, &st) : stat(files[i], &st);
		if (rc != 0 || !S_ISREG(st.st_mode))
			return 0;
		total += (unsigned long long)st.st_size;
	}
	return total;
}

progress *
progress_new(const char *name, char *const *files, int nfiles)
{
	progress *p;

	/* records written to the same terminal would run into the line (and
	 * show how far the run is themselves) */
	if (!isatty(STDERR_FILENO) || isatty(STDOUT_FILENO))
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->name = name;
	p->total = input_size(files, nfiles);
	p->start = now();
	return p;
}

/* clock_text: seconds as m:ss, or h:mm:ss. */
static void
clock_text(char *buf, size_t cap, double secs)
{
	unsigned long s = secs > 0 ? (unsigned long)(secs + 0.5) : 0;

	if (s >= 3600)
		snprintf(buf, cap, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60,
		    s % 60);
	else
		snprintf(buf, cap, "%lu:%02lu", s / 60, s % 60);
}

size_t
progress_format(char *buf, size_t cap, const char *name,
    unsigned long long records, double secs, unsigned long long bytes,
    unsigned long long total)
{
	double rate = secs > 0 ? (double)records / secs : 0;
	int n = snprintf(buf, cap, "%s: %llu records, %.0f/s", name, records,
	    rate);

	if (total > 0 && bytes <= total && n >= 0 && (size_t)n < cap) {
		double done = (double)bytes / (double)total;
		char left[32];
		if (bytes > 0)
			clock_text(left, sizeof left, secs * (1 - done) / done);
		else
			snprintf(left, sizeof left, "?");
		n += snprintf(buf + n, cap - (size_t)n, ", %d%%, %s left",
		    (int)(done * 100), left);
	}
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

void
progress_tick(progress *p, unsigned long long records,
    unsigned long long bytes)
{
	char line[256];
	double t;
	size_t n;

	if (p == NULL)
		return;
	t = now();
	if (t - p->start < PROGRESS_AFTER || t - p->last < PROGRESS_REDRAW)
		return;
	p->last = t;
	n = progress_format(line, sizeof line, p->name, records, t - p->start,
	    bytes, p->total);
	fflush(stdout);	/* on the same terminal, maybe */
	/* a shorter line than the last leaves none of it behind */
	fprintf(stderr, "\r%s%*s", line,
	    p->shown > n ? (int)(p->shown - n) : 0, "");
	fflush(stderr);
	p->shown = n > p->shown ? n : p->shown;
}

void
progress_clear(progress *p)
{
	if (p == NULL || p->shown == 0)
		return;
	fprintf(stderr, "\r%*s\r", (int)p->shown, "");
	fflush(stderr);
	p->shown = 0;
}

void
progress_free(progress *p)
{
	progress_clear(p);
	free(p);
}
