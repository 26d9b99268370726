/* fuzz.h - what every fuzz target shares: a scratch folder for the files
 * the code under test reads, and a way back from exit()
 *
 * Each tests/fuzz/fuzz_<surface>.c includes this header once and defines
 * fuzz_one(data, size), which LLVMFuzzerTestOneInput (below) calls.  It is built two ways (Makefile):
 *
 *	make fuzz	clang -fsanitize=fuzzer,address,undefined: libFuzzer
 *	make check	cc, with driver.c as main: every file of the target's
 *			corpus is run through the same function once
 *
 * Loaders end the program on input they refuse (cli_die: a message, exit
 * 1 or 2), which is a clean failure, not a finding.  Targets are linked
 * with -Wl,--wrap=exit, and a jump back is armed around fuzz_one: an
 * exit() inside it returns from the target instead (what was allocated
 * then is leaked: the fuzz runs go without leak detection).  Anything else that
 * ends the program (abort, a signal, a sanitizer's report) is a finding.
 *
 * Standard output goes to /dev/null (stages write records there) and
 * standard input comes from it (nothing may wait on a terminal).
 */
#ifndef LK_FUZZ_H
#define LK_FUZZ_H
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/xmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jmp_buf fuzz_jump;
static volatile int fuzz_armed;
static char fuzz_dir[64];

void __real_exit(int status) __attribute__((__noreturn__));
void __wrap_exit(int status) __attribute__((__noreturn__));

void
__wrap_exit(int status)
{
	if (fuzz_armed) {
		fuzz_armed = 0;
		longjmp(fuzz_jump, 1);
	}
	__real_exit(status);
}

static int
fuzz_rm(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb, (void)flag, (void)f;
	return remove(path);
}

/* fuzz_cleanup: at exit, the scratch folder goes */
static void
fuzz_cleanup(void)
{
	if (fuzz_dir[0] != '\0')
		nftw(fuzz_dir, fuzz_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* fuzz_share: a share folder in the scratch folder, its files linked to
 * those of the tree's share, but for the few large lists (free and
 * disposable e-mail domains: 100,000 lines) whose first lines are copied:
 * lead-import loads them for every input, and the fuzzer does not need
 * them whole.  Its path in LEADKIT_SHARE. */
#define FUZZ_SHARE_BIG 65536
#define FUZZ_SHARE_LINES 2000
static void
fuzz_share(const char *tree)
{
	char dir[128], from[512], to[512];
	DIR *d = opendir(tree);
	struct dirent *e;
	struct stat sb;

	snprintf(dir, sizeof dir, "%s/share", fuzz_dir);
	if (d == NULL || mkdir(dir, 0700) != 0) {
		perror(tree);
		abort();
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(from, sizeof from, "%s/%s", tree, e->d_name);
		snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
		if (stat(from, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    sb.st_size <= FUZZ_SHARE_BIG) {
			if (symlink(from, to) != 0)
				abort();
			continue;
		}
		FILE *in = fopen(from, "r"), *out = fopen(to, "w");
		char line[1024];
		if (in == NULL || out == NULL)
			abort();
		for (int i = 0; i < FUZZ_SHARE_LINES &&
		    fgets(line, sizeof line, in) != NULL; i++)
			fputs(line, out);
		fclose(in);
		fclose(out);
	}
	closedir(d);
	setenv("LEADKIT_SHARE", dir, 1);
}

/* fuzz_setup: once: the scratch folder, /dev/null for stdin and stdout,
 * one thread, a share directory (fuzz_share) made from the tree's. */
static __attribute__((unused)) void
fuzz_setup(void)
{
	int fd;

	if (fuzz_dir[0] != '\0')
		return;
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/lkfuzz.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(fuzz_cleanup);
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
	setenv("LEADKIT_THREADS", "1", 1);
	char *share = realpath(getenv("LEADKIT_SHARE") != NULL ?
	    getenv("LEADKIT_SHARE") : "share/leadkit", NULL);
	if (share == NULL) {
		perror("share/leadkit");
		abort();
	}
	fuzz_share(share);
	free(share);
	setenv("TZ", "UTC", 1);
}

/* fuzz_path: the path of name in the scratch folder (a static buffer of
 * FUZZ_NPATH, indexed by slot, so that several can be held at once). */
#define FUZZ_NPATH 4
static __attribute__((unused)) const char *
fuzz_path(int slot, const char *name)
{
	static char buf[FUZZ_NPATH][128];

	snprintf(buf[slot], sizeof buf[slot], "%s/%s", fuzz_dir, name);
	return buf[slot];
}

/* fuzz_write: write d[0..n) to name in the scratch folder; its path.
 * Never through a link (the share folder's lead into the tree). */
static __attribute__((unused)) const char *
fuzz_write(int slot, const char *name, const void *d, size_t n)
{
	const char *path = fuzz_path(slot, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);

	if (fd < 0 || (n > 0 && write(fd, d, n) != (ssize_t)n)) {
		perror(path);
		abort();
	}
	close(fd);
	return path;
}

/* fuzz_split: the part of d[0..n) before the first "\n%%\n" in *a (all
 * of it when there is none) and the rest in *b (or NULL, 0). */
static __attribute__((unused)) void
fuzz_split(const uint8_t *d, size_t n, const uint8_t **b, size_t *bn,
    size_t *an)
{
	const uint8_t *p = memmem(d, n, "\n%%\n", 4);

	if (p == NULL) {
		*an = n;
		*b = NULL;
		*bn = 0;
		return;
	}
	*an = (size_t)(p - d) + 1;
	*b = p + 4;
	*bn = n - *an - 3;
}

/* fuzz_verb: run the program v on argv[0..argc) as its main would
 * (verb_main), but return; a NULL-terminated argv, argv[0] the name.
 * Only for targets that include io/verb.h. */
#ifdef LK_VERB_H
static __attribute__((unused)) int
fuzz_verb(const verb *v, int argc, char **argv)
{
	verb_call *c = verb_parse(v, argc, argv);
	int status;

	if (c->act != NULL) {
		status = c->act(c);
	} else {
		stage *st = c->make(c);
		st->no_input = c->no_input;
		status = stage_run(st, &c->o, c->files, c->nfiles);
	}
	verb_call_free(c);
	fflush(stdout);
	return status;
}

/*
 * fuzz_stage_run: run the stage of v made from the options argv[0..argc)
 * (argv[0] the name; no file) on file, writing in format out with the
 * rejects to rejects.  The stage is made once for each key (0..255: the
 * target's option bits that argv depends on) and kept for the inputs
 * after: lead-import's tables take far longer to load than an input to
 * import.  (What a stage learns in a run, such as lead-import's order of
 * day and month, it keeps for the next: a finding is checked again by
 * the driver, which starts afresh.)
 */
static __attribute__((unused)) int
fuzz_stage_run(const verb *v, unsigned key, int argc, char **argv,
    lk_format out, const char *rejects, const char *file)
{
	static verb_call *calls[256];
	static stage *stages[256];
	static stage_vt vts[256];
	char *files[1] = { (char *)file };
	cli_opts o;

	key &= 255;
	if (calls[key] == NULL) {
		verb_call *c = verb_parse(v, argc, argv);
		stage *st;
		if (c->make == NULL)
			abort();
		st = c->make(c);
		st->no_input = false;
		vts[key] = *st->vt;
		vts[key].free = NULL;	/* kept: stage_run frees the rest */
		st->vt = &vts[key];
		stages[key] = st;
		calls[key] = c;
	}
	o = calls[key]->o;
	o.out_format = out;
	o.rejects = rejects;
	int status = stage_run(stages[key], &o, files, 1);
	fflush(stdout);
	return status;
}
#endif

/* the target's own: run the code under test on data[0..size) */
static void fuzz_one(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fflush(stdout);
	if (setjmp(fuzz_jump) == 0) {
		fuzz_armed = 1;
		fuzz_one(data, size);
	}
	fuzz_armed = 0;
	return 0;
}
#endif
