/* fuzz_lists.c - suppression lists: text lists, CSV exports (listcsv.c),
 * change lists, and compiled index files, which must fail cleanly when
 * damaged or hostile, never read out of bounds.
 *
 * Input: one byte of options, then the file(s).
 *	bits 0-1  0: load the file (an index, or a text list);
 *		  1: the same, with the file's checksum made right first
 *		     (an index is its header and arrays, then the SHA-256 of
 *		     them: without this, a mutated index never passes it);
 *		  2: compile the text before a line "%%" with the change
 *		     list after it, then load the index written;
 *		  3: load the file as a text list with --column email,phone
 *	bits 2-4  the kind: phone, email, domain, id, sha256, md5, detected
 *	bit 5     --country US (national numbers)
 * Every list loaded is asked for a few keys, and for every key it holds.
 */
#include <nettle/sha2.h>

#include "scrub/listidx.h"
#include "fuzz.h"

/* probe: look keys up in li; with strict (a list read from text, or an
 * index compiled here), every key it holds must be found.  An index file
 * given whole may be forged with a checksum made right (mode 1): its keys
 * out of order within a bucket are no error opening it, only answers as
 * wrong as the file (reading stays in bounds, which is what is checked). */
static void
probe(listidx *li, const uint8_t *d, size_t n, bool strict)
{
	uint64_t k = 0;

	uint64_t keys[64];
	bool found[64];
	size_t nk = 0;

	(void)listidx_has(li, 0);
	(void)listidx_has(li, UINT64_MAX);
	for (size_t i = 0; i + 8 <= n && i < 256; i += 8) {
		memcpy(&k, d + i, 8);
		(void)listidx_has(li, k);
		(void)listidx_has(li, k >> 7);
	}
	/* every key it holds (up to a few thousand) is found, and its
	 * neighbours looked up, one by one and in batches */
	eliasfano_iter it = eliasfano_iter_start(&li->keys);
	for (size_t i = 0; i < 4096 && eliasfano_next(&li->keys, &it, &k);
	    i++) {
		if (!listidx_has(li, k) && strict)
			abort();
		(void)listidx_has(li, k + 1);
		(void)listidx_has(li, k - 1);
		if (nk + 2 <= sizeof keys / sizeof *keys) {
			keys[nk++] = k;
			keys[nk++] = k ^ 1;
		}
	}
	eliasfano_has_many(&li->keys, keys, nk, found);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
	static const char *const columns[] = { "email", "phone", NULL };
	listidx_text_opts to = { .kind = -1 };
	unsigned opt;
	int kind;
	sbuf err = SBUF_INIT;
	const char *path;
	listidx *li = NULL;
	bool strict = true;

	if (size < 1)
		return;
	opt = data[0];
	data++, size--;
	kind = (opt >> 2) & 7;
	to.kind = kind < LISTKEY_NKINDS ? kind : -1;
	if (opt & 32)
		to.country = "US";
	switch (opt & 3) {
	case 1:
		if (size > SHA256_DIGEST_SIZE + 8 &&
		    memcmp(data, "LKLIST1\n", 8) == 0) {
			uint8_t *c = xmalloc(size);
			struct sha256_ctx ctx;
			memcpy(c, data, size);
			sha256_init(&ctx);
			sha256_update(&ctx, size - SHA256_DIGEST_SIZE, c);
			sha256_digest(&ctx, SHA256_DIGEST_SIZE,
			    c + size - SHA256_DIGEST_SIZE);
			path = fuzz_write(0, "list.idx", c, size);
			free(c);
		} else {
			path = fuzz_write(0, "list.idx", data, size);
		}
		li = listidx_load(path, NULL, &to, &err);
		strict = false;
		break;
	case 2: {
		const uint8_t *ch;
		size_t chn, n;
		fuzz_split(data, size, &ch, &chn, &n);
		const char *changes[2] = { NULL, NULL };
		listidx_compile_opts co = {
			.list = fuzz_write(0, "list.txt", data, n),
			.changes = changes,
			.out = fuzz_path(2, "out.idx"),
			.date = "2026-03-01",
			.kind = to.kind,
			.now = 1775000000,
			.country = to.country,
		};
		if (ch != NULL)
			changes[0] = fuzz_write(1, "changes.txt", ch, chn);
		unlink(co.out);
		if (listidx_compile(&co, &err) == 0)
			li = listidx_load(co.out, NULL, NULL, &err);
		break;
	}
	case 3:
		to.columns = columns;
		/* fall through */
	default:
		path = fuzz_write(0, "list.txt", data, size);
		li = listidx_load(path, NULL, &to, &err);
		break;
	}
	if (li != NULL) {
		probe(li, data, size, strict && (!li->compiled ||
		    (opt & 3) == 2));
		listidx_free(li);
	}
	sbuf_free(&err);
}
