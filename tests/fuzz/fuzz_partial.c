/* fuzz_partial.c - lead-report's partials: a file read by lead-report
 * --merge (partial.c: every line a count of a known kind, or refused),
 * then reported again.
 *
 * Input: one byte of options (bit 0: --partial, the counts written
 * again; bit 1: --report dq --report score; bit 2: -o ndjson), then the
 * file.
 */
#include "io/verb.h"
#include "verbs/verbs.h"
#include "fuzz.h"

static void
fuzz_one(const uint8_t *data, size_t size)
{
	char *argv[16];
	int argc = 0;

	if (size < 1)
		return;
	argv[argc++] = "lead-report";
	argv[argc++] = "--merge";
	if (data[0] & 1)
		argv[argc++] = "--partial";
	else if (data[0] & 2) {
		argv[argc++] = "--report";
		argv[argc++] = "dq";
		argv[argc++] = "--report";
		argv[argc++] = "score";
	}
	if ((data[0] & 4) && !(data[0] & 1)) {
		argv[argc++] = "-o";
		argv[argc++] = "ndjson";
	}
	argv[argc++] = "--rejects";
	argv[argc++] = (char *)fuzz_path(1, "rejects");
	argv[argc++] = (char *)fuzz_write(0, "partial", data + 1, size - 1);
	argv[argc] = NULL;
	fuzz_verb(&report_verb, argc, argv);
}
