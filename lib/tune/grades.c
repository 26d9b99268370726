/* grades.c - grade cut-offs chosen from the data */
#include "tune/grades.h"

#include <math.h>
#include <stdlib.h>

#include "base/xmem.h"

static int
cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

size_t
tune_grades(const double *v, const unsigned char *y, size_t n,
    tune_grade g[4])
{
	static const double want[] = { TUNE_GRADE_A, TUNE_GRADE_B,
	    TUNE_GRADE_C };
	double *s = xreallocarray(NULL, n ? n : 1, sizeof *s);
	double cuts[3];
	size_t ncuts = 0;

	for (size_t i = 0; i < n; i++)
		s[i] = v[i];
	qsort(s, n, sizeof *s, cmp_desc);
	/* each cut: the value whose leads at or above it come closest to
	 * the share wanted, below the cut before it, above the lowest */
	for (size_t k = 0; k < 3 && n > 0; k++) {
		double best = NAN, bestd = INFINITY;
		size_t i = 0;
		while (i < n) {
			size_t j = i;
			while (j < n && s[j] == s[i])
				j++;
			/* s[i] leaves j leads at or above it */
			if (j < n && (ncuts == 0 || s[i] < cuts[ncuts - 1])) {
				double d = fabs((double)j / (double)n -
				    want[k]);
				if (d < bestd) {
					bestd = d;
					best = s[i];
				}
			}
			i = j;
		}
		if (!isnan(best))
			cuts[ncuts++] = best;
	}
	free(s);
	size_t ng = ncuts + 1;
	for (size_t k = 0; k < ng; k++)
		g[k] = (tune_grade){ (char)('A' + k), k < ncuts ? cuts[k] :
		    -INFINITY, 0, 0 };
	double *cnt = xcalloc(ng, sizeof *cnt), *pos = xcalloc(ng,
	    sizeof *pos);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < ncuts && v[i] < cuts[k])
			k++;
		cnt[k]++;
		pos[k] += y[i];
	}
	for (size_t k = 0; k < ng; k++) {
		g[k].share = n > 0 ? cnt[k] / (double)n : 0;
		g[k].rate = cnt[k] > 0 ? pos[k] / cnt[k] : 0;
	}
	free(cnt);
	free(pos);
	return ng;
}
