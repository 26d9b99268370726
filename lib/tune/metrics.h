/* metrics.h - how well a score ranks leads whose outcome is known
 *
 * AUC: the chance that a converted lead scores above one that did not, a
 * tie counting one half (Mann-Whitney), so that a model giving every lead
 * the same score has 0.5:
 *
 *	scores 3 1 2 2, labels 1 0 1 0:  pairs (3,1) (3,2) (2,1) (2,2)
 *	-> (1 + 1 + 1 + 0.5) / 4 = 0.875
 *
 * The bootstrap interval resamples the leads with replacement (seeded) and
 * takes the 2.5th and 97.5th percentiles of the AUCs.  The top decile is
 * the tenth of the leads with the highest scores; leads tied at its edge
 * count for their share, so the figure does not depend on their order.
 */
#ifndef LK_TUNE_METRICS_H
#define LK_TUNE_METRICS_H

#include <stddef.h>
#include <stdint.h>

/* A sorted view of scores, made once for the AUC and its bootstrap. */
typedef struct tune_ranking {
	size_t n;
	size_t *order;		/* rows by score, lowest first */
	const double *score;
	const unsigned char *y;
} tune_ranking;

void tune_ranking_init(tune_ranking *r, const double *score,
    const unsigned char *y, size_t n);
void tune_ranking_free(tune_ranking *r);

/* tune_auc_weighted: the AUC with each row counted weight[row] times
 * (NULL: once).  NAN when there is no converted or no other lead. */
double tune_auc_weighted(const tune_ranking *r, const double *weight);
/* tune_auc: the same, each row once. */
double tune_auc(const double *score, const unsigned char *y, size_t n);

/* tune_auc_interval: the bootstrap 95 % interval of the AUC, from reps
 * resamples with seed. */
void tune_auc_interval(const tune_ranking *r, int reps, uint64_t seed,
    double *lo, double *hi);

/* tune_logloss: the mean of -log p for converted leads and -log(1 - p)
 * for the others, p kept within [1e-6, 1 - 1e-6]. */
double tune_logloss(const double *p, const unsigned char *y, size_t n);

/* tune_top_decile: the conversion rate of the tenth of the rows that
 * score highest. */
double tune_top_decile(const tune_ranking *r);

/* tune_rand: the next number of a splitmix64 stream at *state (the one
 * random source of lead-tune: the same seed, the same run). */
uint64_t tune_rand(uint64_t *state);

#endif
