/*  counters.h - live packaging counters in Redis for dashboards, and the Prometheus metrics,
    both moved only by what committed.

    Handlers note what an item changed (a delta of the live totals, a record applied) while
    the batch runs; packaging_counters_flush applies the notes after the batch commits and
    drops them when it rolls back, so a rolled-back item is never counted.

    Redis holds two hashes under one cluster hash tag: PACKAGING_LIVE_KEY (totals: shipments,
    grams, sales_krw, parcels, parcels_compliant, grams:<MATERIAL>, violations:<rule set>,
    reusable_issued, reusable_returned, built_at_ms) and PACKAGING_DAYS_KEY (the first five
    per day, as "<YYYY-MM-DD>:<field>"). Increments are applied by a script only while the live
    hash exists; when it is missing (Redis flushed or restarted empty), or an increment could
    not be applied (Redis down), both hashes are rebuilt from PostgreSQL at once or on the next
    tick. PostgreSQL is the truth; these counters only save dashboards a query.
*/
#ifndef PACKAGING_COUNTERS_H
#define PACKAGING_COUNTERS_H

#include "ledger.h"
#include "store.h"

#include "dure_cache.h"
#include "dure_metrics.h"

/* The totals hash; its existence is the marker that the counters are complete. */
#define PACKAGING_LIVE_KEY "{dure:packaging}:live"
/* The per-day hash. */
#define PACKAGING_DAYS_KEY "{dure:packaging}:days"

typedef struct packaging_counters_t packaging_counters_t;

/* Creates the counters of a ledger (borrowed); metrics are registered in `metrics`
   (borrowed). Never returns NULL. */
packaging_counters_t *packaging_counters_new(const packaging_ledger_t *ledger,
                                             dure_metrics_t *metrics);

/* Frees the counters; nulls the caller's pointer. */
void packaging_counters_destroy(packaging_counters_t **self_p);

/* Notes that the current item changed the live totals of `day` by delta. */
void packaging_counters_note(packaging_counters_t *self, const char *day,
                             const packaging_contribution_t *delta);

/* Notes that a record was applied (for the Prometheus metrics by stage). */
void packaging_counters_observe(packaging_counters_t *self,
                                const Dure__V1__PackagingRecord *rec);

/* Notes reusable box trips issued or returned by the current item. */
void packaging_counters_note_reusable(packaging_counters_t *self, int issued, int returned);

/* After a batch: applies the notes to Redis and the metrics when committed, drops them
   otherwise. Rebuilds the Redis counters from the store when they were missing. */
void packaging_counters_flush(packaging_counters_t *self, dure_cache_t *cache,
                              packaging_store_t *store, dure_db_t *db, int committed);

/* Periodic check: rebuilds the Redis counters when the live hash is missing or an earlier
   update failed. Returns 1 when it rebuilt, 0 when nothing was needed, -1 on failure. */
int packaging_counters_check(packaging_counters_t *self, dure_cache_t *cache,
                             packaging_store_t *store, dure_db_t *db);

/* Rewrites both hashes from PostgreSQL in one read-only snapshot. Returns 0 or -1. */
int packaging_counters_rebuild(packaging_counters_t *self, dure_cache_t *cache,
                               packaging_store_t *store, dure_db_t *db);

#endif
