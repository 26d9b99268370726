/* driver.c - run a fuzz target's corpus without libFuzzer
 *
 * `make check` builds each tests/fuzz/fuzz_<surface>.c with the normal
 * compiler and this main, and runs every file under the folders (or the
 * files) named on the command line through LLVMFuzzerTestOneInput once,
 * in name order: the regression cases and seeds replay in seconds, and
 * CI needs no clang.  A crash ends the run (with the file named on stderr
 * first); otherwise one TAP line on standard output:
 *
 *	ok - fuzz_jscan: 57 inputs
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long ninputs;
static int failed;

static void
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (fp == NULL) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		failed = 1;
		return;
	}
	do {
		if (n == cap && (buf = realloc(buf, cap = cap * 2 + 4096)) ==
		    NULL)
			abort();
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	fprintf(stderr, "driver: %s\n", path);
	/* a copy of exactly n bytes, so that a read past the input is seen
	 * by a sanitizer, as under libFuzzer */
	uint8_t *d = malloc(n > 0 ? n : 1);
	if (d == NULL)
		abort();
	memcpy(d, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(d, n);
	free(d);
	ninputs++;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL) {
		fprintf(stderr, "driver: %s: %s\n", dir, strerror(errno));
		failed = 1;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof *names)) == NULL)
			abort();
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if ((names[n] = malloc(len)) == NULL)
			abort();
		snprintf(names[n++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	/* the target sends standard output to /dev/null: keep ours */
	FILE *tap = fdopen(dup(1), "w");
	const char *name = strrchr(argv[0], '/');
	struct stat st;

	if (tap == NULL)
		abort();
	name = name != NULL ? name + 1 : argv[0];
	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			run_dir(argv[i]);
		else
			run_file(argv[i]);
	}
	if (ninputs == 0)
		failed = 1;
	fprintf(tap, "%sok - %s: %lu inputs\n", failed ? "not " : "", name,
	    ninputs);
	fclose(tap);
	return failed;
}
