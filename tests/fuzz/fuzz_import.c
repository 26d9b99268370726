/* fuzz_import.c - lead-import over every field: a file (CSV or NDJSON, as
 * the reader detects it) through the whole stage, under option sets (the
 * stage of each set made once: fuzz_stage_run).
 *
 * Input: one byte of options, then the file.
 *	bits 0-1  --date-order: none, dmy, mdy, ymd
 *	bit 2     --country DE		bit 3  --keep-ids
 *	bit 4     --profile none	bit 5  --require email|phone
 *	bit 6     -o csv		bit 7  --rejects to a file
 */
#include "io/verb.h"
#include "verbs/verbs.h"
#include "fuzz.h"

static void
fuzz_one(const uint8_t *data, size_t size)
{
	static const char *const orders[] = { NULL, "dmy", "mdy", "ymd" };
	char *argv[24];
	int argc = 0;
	unsigned opt;

	if (size < 1)
		return;
	opt = data[0];
	argv[argc++] = "lead-import";
	argv[argc++] = "--as-of";
	argv[argc++] = "2026-03-01";
	if (orders[opt & 3] != NULL) {
		argv[argc++] = "--date-order";
		argv[argc++] = (char *)orders[opt & 3];
	}
	if (opt & 4) {
		argv[argc++] = "--country";
		argv[argc++] = "DE";
	}
	if (opt & 8)
		argv[argc++] = "--keep-ids";
	if (opt & 16) {
		argv[argc++] = "--profile";
		argv[argc++] = "none";
	}
	if (opt & 32) {
		argv[argc++] = "--require";
		argv[argc++] = "email|phone";
	}
	argv[argc] = NULL;
	fuzz_stage_run(&import_verb, opt & 63, argc, argv,
	    opt & 64 ? LK_FMT_CSV : LK_FMT_AUTO,
	    opt & 128 ? fuzz_path(1, "rejects") : NULL,
	    fuzz_write(0, "leads", data + 1, size - 1));
}
