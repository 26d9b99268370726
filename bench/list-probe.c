/* list-probe - the lookup rate of a phone list index (bench/run's helper)
 *
 * usage: list-probe INDEX PROBES
 *
 * INDEX is a compiled list (lead-scrub --compile) or a text list, loaded
 * with listidx_load; it must be a phone list.  PROBES has one 10-digit
 * number a line (a US number: its key is 10000000000 + the number, as
 * listkey.c's phone_entry makes it).  All probes are read into memory
 * first, untimed; then every probe is looked up one at a time
 * (eliasfano_has), then all at once (eliasfano_has_many), then all at once
 * on one thread per processor, each part of the probes on its own thread
 * (as lead-scrub's threads share an index), each timed with
 * CLOCK_MONOTONIC.  Prints one line:
 *
 *	probes 10000000 found 5000123 distinct 4990000 single 3.4 M/s batched 11.2 M/s threads 2 20.1 M/s
 *
 * found counts the probes found (a number given twice counts twice),
 * distinct the different numbers among them (counted after the timing),
 * the rates are lookups a second in millions.  Exit 0; 1 with a message on
 * stderr when a file cannot be read, a line is not 10 digits, or the two
 * ways of looking up disagree; 2 on a wrong number of arguments.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/cli.h"
#include "base/eliasfano.h"
#include "scrub/listidx.h"
#include "base/sbuf.h"
#include "base/xmem.h"

static const char usage[] =
"usage: list-probe index probes\n"
"\n"
"Look up every 10-digit number of probes in the phone list index, one at a\n"
"time and batched, and print the numbers found and the lookups a second.\n";

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* read_probes: the keys of the numbers in path, in *n (the caller frees
 * them); dies on a line that is not 10 digits. */
static uint64_t *
read_probes(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, max = 1 << 20;
	unsigned long lineno = 0;
	ssize_t len;
	uint64_t *key = xreallocarray(NULL, max, sizeof *key);

	if (f == NULL)
		cli_die(1, "%s:", path);
	*n = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		uint64_t d = 0;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len != 10)
			goto bad;
		for (int i = 0; i < 10; i++) {
			if (line[i] < '0' || line[i] > '9')
				goto bad;
			d = d * 10 + (uint64_t)(line[i] - '0');
		}
		if (*n == max)
			key = xreallocarray(key, max *= 2, sizeof *key);
		key[(*n)++] = 10000000000ULL + d;
	}
	if (ferror(f))
		cli_die(1, "%s:", path);
	fclose(f);
	free(line);
	return key;
bad:
	cli_die(1, "%s:%lu: not a 10-digit number", path, lineno);
}

/* A thread's part of the probes. */
typedef struct part {
	pthread_t t;
	const eliasfano *ef;
	const uint64_t *key;
	size_t n;
	bool *in;
} part;

static void *
lookup_part(void *arg)
{
	part *p = arg;

	eliasfano_has_many(p->ef, p->key, p->n, p->in);
	return NULL;
}

/* threaded: look the keys up on nt threads; returns the seconds taken. */
static double
threaded(const eliasfano *ef, const uint64_t *key, size_t n, bool *in,
    int nt)
{
	part *p = xcalloc((size_t)nt, sizeof *p);
	double t0 = now();

	for (int i = 0; i < nt; i++) {
		size_t from = n * (size_t)i / (size_t)nt;
		size_t to = n * (size_t)(i + 1) / (size_t)nt;
		p[i] = (part){ .ef = ef, .key = key + from, .n = to - from,
		    .in = in + from };
		if (pthread_create(&p[i].t, NULL, lookup_part, &p[i]) != 0)
			cli_die(1, "cannot start a thread");
	}
	for (int i = 0; i < nt; i++)
		pthread_join(p[i].t, NULL);
	double t = now() - t0;
	free(p);
	return t;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	cli_opts o;
	sbuf err = SBUF_INIT;
	listidx *li;
	uint64_t *key;
	size_t n, found1 = 0, found2 = 0, distinct = 0;
	bool *in;
	double t0, t1, t2, tt;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = ncpu > 1 ? (int)ncpu : 1;

	cli_init(&o, argv, "list-probe", usage);
	if (argc != 3)
		cli_usage_error("takes an index and a file of probes");
	if ((li = listidx_load(argv[1], NULL, NULL, &err)) == NULL)
		cli_die(1, "%s", sbuf_str(&err));
	if (li->kind != LISTKEY_PHONE)
		cli_die(1, "%s: a %s list, not a phone list", argv[1],
		    listkey_kind_name(li->kind));
	key = read_probes(argv[2], &n);
	in = xcalloc(n ? n : 1, sizeof *in);

	t0 = now();
	for (size_t i = 0; i < n; i++)
		found1 += eliasfano_has(&li->keys, key[i]);
	t1 = now();
	eliasfano_has_many(&li->keys, key, n, in);
	t2 = now();
	bool *in2 = xcalloc(n ? n : 1, sizeof *in2);
	tt = threaded(&li->keys, key, n, in2, nt);
	if (memcmp(in, in2, n * sizeof *in) != 0)
		cli_die(1, "the threads found other numbers");
	free(in2);

	/* untimed: count, then keep the keys found to count them once */
	for (size_t i = 0; i < n; i++)
		if (in[i])
			key[found2++] = key[i];
	if (found1 != found2)
		cli_die(1, "single lookups found %zu, batched %zu", found1,
		    found2);
	qsort(key, found2, sizeof *key, cmp_u64);
	for (size_t i = 0; i < found2; i++)
		distinct += i == 0 || key[i] != key[i - 1];

	printf("probes %zu found %zu distinct %zu single %.1f M/s "
	    "batched %.1f M/s threads %d %.1f M/s\n", n, found1, distinct,
	    t1 > t0 ? (double)n / (t1 - t0) / 1e6 : 0.0,
	    t2 > t1 ? (double)n / (t2 - t1) / 1e6 : 0.0, nt,
	    tt > 0 ? (double)n / tt / 1e6 : 0.0);
	free(in);
	free(key);
	listidx_free(li);
	sbuf_free(&err);
	cli_exit(0);
}
