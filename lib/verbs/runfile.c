/* runfile.c - the words of lead run: its command line, or a pipeline file */
#include "verbs/runfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

/* add_stage: a new stage with no word yet. */
static runfile_stage *
add_stage(runfile *rf, const char *file, unsigned long line)
{
	runfile_stage *s;

	rf->stages = xreallocarray(rf->stages, rf->n + 1, sizeof *rf->stages);
	s = &rf->stages[rf->n++];
	*s = (runfile_stage){ .argv = xcalloc(1, sizeof *s->argv),
	    .file = file, .line = line };
	return s;
}

static void
add_word(runfile_stage *s, char *w)
{
	s->argv = xreallocarray(s->argv, (size_t)s->argc + 2,
	    sizeof *s->argv);
	s->argv[s->argc++] = w;
	s->argv[s->argc] = NULL;
}

/* split: words into stages at "then"; where names the words' place in
 * a message ("" on the command line). */
static int
split(runfile *rf, char **words, size_t n, const char *file,
    unsigned long line, sbuf *err)
{
	runfile_stage *s = NULL;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(words[i], "then") == 0) {
			if (s == NULL || s->argc == 0) {
				sbuf_adds(err, "\"then\" with no stage before "
				    "it");
				return -1;
			}
			s = add_stage(rf, file, line);
			continue;
		}
		if (s == NULL)
			s = add_stage(rf, file, line);
		add_word(s, words[i]);
	}
	if (s != NULL && s->argc == 0) {
		sbuf_adds(err, "\"then\" with no stage after it");
		return -1;
	}
	return 0;
}

int
runfile_args(runfile *rf, char **argv, int argc, sbuf *err)
{
	sbuf_reset(err);
	if (split(rf, argv, (size_t)argc, NULL, 0, err) != 0)
		return -1;
	if (rf->n == 0) {
		sbuf_adds(err, "no stage: lead run VERB [options] [then VERB "
		    "[options]]...");
		return -1;
	}
	return 0;
}

/* words: the words of line into *out (n of them, owned by rf); -1 with
 * msg set when the line has what we do not read. */
static int
words(runfile *rf, const char *line, char ***out, size_t *n, sbuf *msg)
{
	const char *p = line;
	sbuf w = SBUF_INIT;

	*n = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (*p == '~') {
			sbuf_addf(msg, "a leading ~ is not expanded: quote it "
			    "or write the path");
			goto fail;
		}
		sbuf_reset(&w);
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p == '\'' || *p == '"') {
				const char *end = strchr(p + 1, *p);
				if (end == NULL) {
					sbuf_addf(msg, "no closing %c", *p);
					goto fail;
				}
				sbuf_add(&w, p + 1, (size_t)(end - p - 1));
				p = end + 1;
				continue;
			}
			if (strchr("\\$`|;&<>()*?[", *p) != NULL) {
				sbuf_addf(msg, "'%c' is not read here (one "
				    "stage a line, words and '...' or "
				    "\"...\" only)", *p);
				goto fail;
			}
			sbuf_addc(&w, *p++);
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		rf->owned = xreallocarray(rf->owned, rf->nowned + 1,
		    sizeof *rf->owned);
		rf->owned[rf->nowned++] = (*out)[(*n)++] =
		    xstrdup(sbuf_str(&w));
	}
	sbuf_free(&w);
	return 0;
fail:
	sbuf_free(&w);
	return -1;
}

int
runfile_read(runfile *rf, const char *path, sbuf *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, **ws = NULL;
	size_t cap = 0, nw;
	ssize_t len;
	unsigned long lineno = 0;
	sbuf msg = SBUF_INIT;
	int rc = 0;

	sbuf_reset(err);
	if (fp == NULL) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		return -2;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if ((size_t)len != strlen(line)) {
			sbuf_addf(err, "%s:%lu: a NUL byte", path, lineno);
			rc = -1;
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		sbuf_reset(&msg);
		if (words(rf, line, &ws, &nw, &msg) != 0 ||
		    split(rf, ws, nw, path, lineno, &msg) != 0) {
			sbuf_addf(err, "%s:%lu: %s", path, lineno,
			    sbuf_str(&msg));
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		sbuf_addf(err, "%s: %s", path, strerror(errno));
		rc = -2;
	}
	if (rc == 0 && rf->n == 0) {
		sbuf_addf(err, "%s: no stage in the file", path);
		rc = -1;
	}
	free(ws);
	free(line);
	sbuf_free(&msg);
	fclose(fp);
	return rc;
}

void
runfile_free(runfile *rf)
{
	for (size_t i = 0; i < rf->n; i++)
		free(rf->stages[i].argv);
	free(rf->stages);
	for (size_t i = 0; i < rf->nowned; i++)
		free(rf->owned[i]);
	free(rf->owned);
	*rf = (runfile){ 0 };
}
