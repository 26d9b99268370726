/* strmap.h - a hash map from strings to pointers
 *
 * Keys are copied; values are the caller's (the map never frees them).
 * Lookups take (pointer, length) and never allocate.
 */
#ifndef LK_STRMAP_H
#define LK_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strmap strmap;

strmap *strmap_new(void);
void strmap_free(strmap *m);
/* strmap_put: set key to val, replacing any earlier value. */
void strmap_put(strmap *m, const char *key, size_t n, void *val);
/* strmap_get: true if key is present; its value in *val (may be NULL). */
bool strmap_get(const strmap *m, const char *key, size_t n, void **val);

#endif
