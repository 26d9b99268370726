/* signals.c - SIGINT and SIGTERM end a run cleanly; files left unfinished
 * are removed */
#include "base/signals.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The unfinished files: a slot is set after its copy is made and cleared
 * before it is freed, so the handler sees whole strings or NULL. */
static char *volatile unfinished[SIGNALS_MAX];
static volatile sig_atomic_t depth;	/* critical sections open */
static volatile sig_atomic_t held;	/* the signal held, or 0 */
static void (*volatile hook)(void *);
static void *volatile hook_arg;
static bool installed;

static void
unlink_all(void)
{
	for (size_t i = 0; i < SIGNALS_MAX; i++) {
		char *p = unfinished[i];
		if (p != NULL)
			unlink(p);
	}
}

static void
on_signal(int sig)
{
	if (depth > 0) {
		if (held == 0)
			held = sig;
		void (*h)(void *) = hook;
		if (h != NULL)
			h(hook_arg);
		return;
	}
	unlink_all();
	_exit(128 + sig);
}

/* at_exit: a failing exit leaves no unfinished file. */
static void
at_exit(int status, void *arg)
{
	(void)arg;
	if (status != 0)
		unlink_all();
}

void
signals_install(void)
{
	struct sigaction sa;

	if (installed)
		return;
	installed = true;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	on_exit(at_exit, NULL);
}

void
signals_unfinished(const char *path)
{
	for (size_t i = 0; i < SIGNALS_MAX; i++)
		if (unfinished[i] == NULL) {
			char *p = strdup(path);
			unfinished[i] = p;	/* NULL when out of memory */
			return;
		}
}

void
signals_finished(const char *path)
{
	for (size_t i = 0; i < SIGNALS_MAX; i++) {
		char *p = unfinished[i];
		if (p != NULL && strcmp(p, path) == 0) {
			unfinished[i] = NULL;
			free(p);
			return;
		}
	}
}

void
signals_enter(void (*h)(void *), void *arg)
{
	if (depth == 0) {
		hook = NULL;
		hook_arg = arg;
		hook = h;
	}
	depth++;
}

void
signals_leave(void)
{
	if (depth > 0 && --depth == 0) {
		hook = NULL;
		if (held != 0)
			signals_exit();
	}
}

int
signals_pending(void)
{
	return held;
}

void
signals_exit(void)
{
	int sig = held != 0 ? held : SIGTERM;

	unlink_all();
	_exit(128 + sig);
}
