/*  store.h - the packaging ledger in PostgreSQL: records, their parcels, materials, verdicts,
    history, reusable boxes, and the sums reports and live counters are built from.

    The only packaging file that speaks SQL. Every function runs inside the caller's open
    transaction (the runtime's batch) and returns -1 on a database error, with the message
    readable through packaging_store_error. Days and months are those of the mall's time zone
    given at creation.

    Ownership: records read are unpacked into the arena the caller gives; report rows are
    malloc'ed arrays the caller frees.
*/
#ifndef PACKAGING_STORE_H
#define PACKAGING_STORE_H

#include "ledger.h"

#include "dure_db.h"

/* "YYYY-MM-DD" plus terminator. */
#define PACKAGING_DAY_MAX 11
/* Longest report key kept (an enterprise id, a carrier code, a material name). */
#define PACKAGING_KEY_MAX 96

typedef struct packaging_store_t packaging_store_t;

/* One group of a report, as sums; the handler derives the averages. */
typedef struct {
    char key[PACKAGING_KEY_MAX]; /* day, month, enterprise, material number, carrier */
    int64_t shipments;           /* live shipments in the group */
    int64_t grams;               /* their packaging grams (of this material when by material) */
    int64_t sales_krw;           /* their sales */
    int64_t parcels;             /* their parcels */
    int64_t parcels_passing;     /* parcels passing the rule set asked for */
    double ratio_sum;            /* sum of the parcels' space ratios, percent */
} packaging_report_sums_t;

/* What one day adds to the live counters. */
typedef struct {
    char day[PACKAGING_DAY_MAX]; /* mall time zone */
    packaging_contribution_t sums; /* shipments, grams, sales, parcels, parcels_compliant */
} packaging_day_sums_t;

/* Creates a store on a borrowed connection. time_zone is copied. Never returns NULL. */
packaging_store_t *packaging_store_new(dure_db_t *db, const char *time_zone);

/* Frees the store (not the connection); nulls the caller's pointer. */
void packaging_store_destroy(packaging_store_t **self_p);

/* The last database error, borrowed until the next call. */
const char *packaging_store_error(packaging_store_t *self);

/* Reads (in arena) and locks (FOR UPDATE) the current records of `count` shipments in one
   statement, locking in the order of the ids (give them sorted: dure_reads does):
   records[i] is the record (a Dure__V1__PackagingRecord) of shipment_ids[i], NULL when it
   has none. A dure_reads_fn over the store: a batch's records are read together. Returns 0,
   or -1 on error (or an undecodable stored record). */
int packaging_store_lock_records(void *store, const char *const *shipment_ids, size_t count,
                                 dure_arena_t *arena, void **records);

/* The current record of a shipment (in arena), without a lock, for readers. Returns 1 with
   *out set, 0 when there is none, -1 on error (or an undecodable stored record). */
int packaging_store_get(packaging_store_t *self, const char *shipment_id, dure_arena_t *arena,
                        Dure__V1__PackagingRecord **out);

/* Writes rec as the shipment's current record with its parcels, materials and verdicts;
   `replacing` (a record exists) drops the earlier one's children first. Writes the
   mall-time-zone day of rec->recorded_at_ms into day (computed in the process, which runs
   in the mall's zone). Inside a batch the record is written at its end (dure_db_write_record).
   Returns 0 or -1. */
int packaging_store_save(packaging_store_t *self, const Dure__V1__PackagingRecord *rec,
                         int replacing, char day[PACKAGING_DAY_MAX]);

/* Appends a replaced record to the shipment's history. Returns 0 or -1. */
int packaging_store_add_history(packaging_store_t *self, const Dure__V1__PackagingRecord *rec);

/* Reads a shipment's history, newest first, as records allocated in the arena. Returns 0 or
   -1. */
int packaging_store_history(packaging_store_t *self, const char *shipment_id,
                            dure_arena_t *arena, Dure__V1__PackagingRecord ***items,
                            size_t *count);

/* Sums live shipments recorded from..to (YYYY-MM-DD, inclusive, mall time zone) grouped as
   asked; compliance counts parcels passing rule_set. *rows is a new array (caller frees, NULL
   when empty); total gets the sums over everything. Returns 0 or -1. */
int packaging_store_report(packaging_store_t *self, const char *from, const char *to,
                           Dure__V1__PackagingGrouping grouping, const char *rule_set,
                           packaging_report_sums_t **rows, size_t *count,
                           packaging_report_sums_t *total);

/* Sums every live record into total (material grams; violations per rule set of the ledger)
   and per day into *days (a new array, caller frees). Returns 0 or -1. */
int packaging_store_live_sums(packaging_store_t *self, const packaging_ledger_t *ledger,
                              packaging_contribution_t *total, packaging_day_sums_t **days,
                              size_t *count);

/* Records that a reusable box went out with a shipment. Returns 0 (issued now), 2 (already
   out with this shipment: nothing changed), 1 when the box is out with another shipment, -1
   on error. */
int packaging_store_issue(packaging_store_t *self, const char *box_id, const char *shipment_id);

/* Records a box's return. Returns 0 (returned now), 2 (already back: nothing changed), 1 when
   the box was never issued, -1 on error. */
int packaging_store_return(packaging_store_t *self, const char *box_id);

/* Trips issued and returned so far. Returns 0 or -1. */
int packaging_store_reusable_counts(packaging_store_t *self, int64_t *issued, int64_t *returned);

#endif
