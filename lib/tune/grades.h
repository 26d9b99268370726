/* grades.h - grade cut-offs chosen from the data
 *
 * A, B, C and D are the leads whose value (a total of points, or a
 * chance) is at or above each cut-off: A about the top TUNE_GRADE_A of
 * the leads, A and B together TUNE_GRADE_B, A to C TUNE_GRADE_C, D the
 * rest.  Leads tied on a value share a grade, so the shares are as close
 * to these as the values allow; a grade that would hold no lead is left
 * out (a model with few totals has fewer grades).
 */
#ifndef LK_TUNE_GRADES_H
#define LK_TUNE_GRADES_H

#include <stddef.h>

#define TUNE_GRADE_A 0.10
#define TUNE_GRADE_B 0.30
#define TUNE_GRADE_C 0.60

typedef struct tune_grade {
	char label;		/* 'A'... */
	double cut;		/* value at or above (the last: none) */
	double share, rate;	/* of the leads; their conversion */
} tune_grade;

/* tune_grades: the grades of v[0..n) with labels y, best first, into
 * g[0..4); returns how many (the last takes the rest). */
size_t tune_grades(const double *v, const unsigned char *y, size_t n,
    tune_grade g[4]);

#endif
