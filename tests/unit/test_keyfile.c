/* test_keyfile.c - unit tests for keyfile.c: records come back as put,
 * in order and after a rewind, across windows, and changes made through
 * a get for writing are kept */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sbuf.h"
#include "dedupe/keyfile.h"

#define NBLOCKS 3
#define NRECS 20000

/* pack: out gets record i's pack, as dedupe.c's pack lays it out: its
 * creation time, name, keys (of keyslen bytes, byte i % 251), and a
 * block key for every block b that divides i + b. */
static void
pack(sbuf *out, size_t i, size_t keyslen)
{
	int64_t created = (int64_t)i * 7;
	char name[32];
	uint32_t len = (uint32_t)keyslen;

	sbuf_reset(out);
	sbuf_add(out, (const char *)&created, sizeof created);
	int n = snprintf(name, sizeof name, "L%zu", i);
	sbuf_addc(out, (char)n);
	sbuf_add(out, name, (size_t)n);
	sbuf_add(out, (const char *)&len, sizeof len);
	for (size_t k = 0; k < keyslen; k++)
		sbuf_addc(out, (char)(i % 251));
	for (size_t b = 0; b < NBLOCKS; b++) {
		bool has = (i + b) % (b + 1) == 0;
		uint64_t h = i * 1000 + b;
		sbuf_addc(out, has);
		if (has)
			sbuf_add(out, (const char *)&h, sizeof h);
	}
}

static size_t
keyslen_of(size_t i)
{
	return i == 777 ? (size_t)5 << 20 : 20 + i % 200;	/* one larger
								 * than a window */
}

static void
check(const keyfile_rec *r, size_t i, unsigned char patched)
{
	char name[32];
	int n = snprintf(name, sizeof name, "L%zu", i);

	assert_int_equal(r->off, i * 100);
	assert_int_equal(r->len, i);
	assert_int_equal(r->kindlen, i % 2 ? 3 : 0);
	assert_int_equal(r->created, (int64_t)i * 7);
	assert_int_equal(r->namelen, (size_t)n);
	assert_memory_equal(r->name, name, (size_t)n);
	assert_int_equal(r->keyslen, keyslen_of(i));
	assert_int_equal(r->keys[0], patched ? patched : i % 251);
	assert_int_equal(r->keys[r->keyslen - 1], i % 251);
	for (size_t b = 0; b < NBLOCKS; b++) {
		uint64_t h;
		bool has = keyfile_block(r, b, &h);
		assert_int_equal(has, (i + b) % (b + 1) == 0);
		if (has)
			assert_int_equal(h, i * 1000 + b);
	}
}

static void
test_keyfile(void **state)
{
	keyfile *kf = keyfile_new(NBLOCKS);
	sbuf p = SBUF_INIT;

	(void)state;
	for (size_t i = 0; i < NRECS; i++) {
		pack(&p, i, keyslen_of(i));
		keyfile_put(kf, i * 100, (uint32_t)i, "ref", i % 2 ? 3 : 0,
		    p.p, p.n);
	}
	assert_int_equal(keyfile_count(kf), NRECS);
	for (size_t i = 0; i < NRECS; i++)
		check(keyfile_get(kf, i, false), i, 0);
	/* back to the start, skipping some; changes through a write */
	for (size_t i = 0; i < NRECS; i += 3)
		keyfile_get(kf, i, true)->keys[0] = 0xee;
	keyfile_sync(kf);
	check(keyfile_get(kf, NRECS - 1, false), NRECS - 1,
	    (NRECS - 1) % 3 ? 0 : 0xee);
	for (size_t i = 0; i < NRECS; i++)
		check(keyfile_get(kf, i, false), i, i % 3 ? 0 : 0xee);
	sbuf_free(&p);
	keyfile_free(kf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyfile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
