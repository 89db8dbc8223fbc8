/*  dure_apply.c - a batch of decoded requests or events applied in one transaction.

    The usual batch costs the statements its handlers need (the first carries BEGIN with it),
    one inbox statement (events), one outbox statement and COMMIT: items run one after the
    other with nothing between them.
    A savepoint around each item would add two round trips per item, often more than the
    item's own work, and its only use is to undo one failed item while keeping its neighbours.

    So a failure is handled by running the batch again. An item that fails before it wrote
    anything (validation, a known idempotency key with another body) is simply answered with
    its failure. An item that fails after writing, or whose statement broke the transaction,
    rolls the whole attempt back; the batch then runs again with a savepoint around each item,
    where a failure undoes only its own item. Handlers are safe to run twice: their writes were
    rolled back, the events they published are dropped with the attempt, and the service's
    after_batch(..., 0) is called between the runs, so that notes kept for after the commit are
    dropped too, and so are the counts handlers made with dure_call_count: they reach their
    counters only after the commit.

    In the run without savepoints, the handlers' large inserts are queued and written at the
    end, one statement per kind for the whole batch (dure_db_write_record). A handler cannot see
    the queued rows of the items before it, so two items that would collide (one idempotency
    key, one shipment) both queue a row; the statement then writes fewer rows than it was
    given, and that counts as an item failing after it wrote: the guarded run, which writes
    each row at once, tells them apart.
*/
#include "dure_inbox.h"
#include "dure_service_internal.h"
#include "dure_log.h"

#include <stdio.h>
#include <stdlib.h>

typedef enum { S_COMMIT, S_REPLAY, S_LOST } s_outcome_t;

void dure_item_unavailable(dure_item_t *item, const char *reason)
{
    item->transient = 1;
    dure_call_fail(&item->call, DURE__V1__CODE__CODE_UNAVAILABLE, "database unavailable: %s",
                   reason);
}

/* Forgets what an earlier attempt answered, before the item runs again. */
static void s_reset(dure_item_t *item)
{
    dure_call_t *call = &item->call;
    call->code = DURE__V1__CODE__CODE_OK;
    call->message = NULL;
    call->field_error_count = 0;
    call->reply_type = NULL;
    call->payload.len = 0;
    item->duplicate = 0;
    item->transient = 0;
}

/* -- Counts made by handlers (dure_call_count) ------------------------------------------- */

void dure_counts_apply(dure_service_t *service)
{
    for (size_t i = 0; i < service->count_len; i++)
        dure_metric_add(service->counts[i].counter, service->counts[i].value);
    service->count_len = 0;
}

void dure_counts_drop(dure_service_t *service, size_t keep)
{
    if (keep < service->count_len)
        service->count_len = keep;
}

/* -- The inbox ---------------------------------------------------------------------------- */

/* Claims the batch's event ids with one statement; an id applied before, or met earlier in
   the same batch, makes its item a duplicate. */
static int s_claim_all(dure_db_t *db, dure_item_t *items, int count)
{
    const char **ids = dure_calloc((size_t) count, sizeof *ids);
    const char **types = dure_calloc((size_t) count, sizeof *types);
    unsigned char *fresh = dure_calloc((size_t) count, 1);
    size_t n = 0;
    for (int i = 0; i < count; i++)
        if (items[i].apply) {
            ids[n] = items[i].env->id;
            types[n++] = items[i].env->type;
        }
    int rc = dure_inbox_claim_all(db, ids, types, n, fresh);
    for (int i = 0, k = 0; rc == 0 && i < count; i++)
        if (items[i].apply)
            items[i].duplicate = !fresh[k++];
    free(ids);
    free(types);
    free(fresh);
    return rc;
}

/* -- The two ways to run a batch ------------------------------------------------------------ */

/* Runs the items one after the other. S_REPLAY when an item failed in a way only a rollback
   of the whole transaction can undo. */
static s_outcome_t s_run_items(dure_service_t *service, dure_item_t *items, int count, int events)
{
    dure_db_t *db = service->db;
    if (events && s_claim_all(db, items, count) != 0)
        return S_LOST;
    for (int i = 0; i < count; i++) {
        dure_item_t *item = &items[i];
        if (!item->apply || item->duplicate)
            continue;
        unsigned long writes = dure_db_writes(db);
        size_t queued = dure_outbox_queued(service->outbox);
        size_t rows = dure_db_queued_rows(db);
        size_t counts = service->count_len;
        int rc = item->route->handler(&item->call, item->payload);
        if (rc == 0 && !dure_call_failed(&item->call))
            continue;
        if (rc < 0 || dure_db_transaction_failed(db) || dure_db_writes(db) != writes)
            return S_REPLAY;
        dure_outbox_unqueue(service->outbox, queued);
        dure_db_drop_rows(db, rows);
        dure_counts_drop(service, counts);
        if (events && dure_inbox_refuse(db, item->env->id, item->call.code) != 0)
            return S_LOST;
    }
    /* A row that met another of the batch (dure_db_flush) is an item failing after it
       wrote: only the guarded run can tell which one. */
    return dure_db_flush(db) == 0 ? S_COMMIT : S_REPLAY;
}

/* Every item in a row, no savepoint, the handlers' large inserts queued for the end of the
   batch (dure_db_write_record). */
static s_outcome_t s_run_plain(dure_service_t *service, dure_item_t *items, int count, int events)
{
    dure_db_defer(service->db, 1);
    s_outcome_t outcome = s_run_items(service, items, count, events);
    dure_db_defer(service->db, 0);
    return outcome;
}

/* One item between SAVEPOINT and RELEASE, rolled back to the savepoint when it fails.
   Returns -1 when the transaction itself is lost. */
static int s_apply_guarded(dure_service_t *service, dure_item_t *item, int events)
{
    dure_db_t *db = service->db;
    if (dure_db_savepoint(db) != 0)
        return -1;
    if (events) {
        int fresh = dure_inbox_claim(db, item->env->id, item->env->type, 0);
        if (fresh < 0)
            return -1;
        if (fresh == 0) {
            item->duplicate = 1;
            return dure_db_release_savepoint(db);
        }
    }
    size_t queued = dure_outbox_queued(service->outbox);
    size_t counts = service->count_len;
    int rc = item->route->handler(&item->call, item->payload);
    if (rc < 0 || dure_call_failed(&item->call)) {
        dure_counts_drop(service, counts);
        if (rc < 0) {
            /* The connection was checked before the batch: this is the statement's own
               failure, which only a log line shows the operator. */
            dure_log_event(DURE_LOG_ERROR, item->env->type, item->env->correlation_id,
                           "%s %s failed: %s", events ? "event" : "request", item->env->id,
                           dure_db_error(db));
            dure_item_unavailable(item, dure_db_error(db));
        }
        dure_outbox_unqueue(service->outbox, queued);
        if (dure_db_rollback_savepoint(db) != 0)
            return -1;
        /* A business refusal of an event is recorded, so it is not redelivered forever. */
        if (events && rc == 0 &&
            dure_inbox_claim(db, item->env->id, item->env->type, item->call.code) < 0)
            return -1;
    }
    return dure_db_release_savepoint(db);
}

static s_outcome_t s_run_guarded(dure_service_t *service, dure_item_t *items, int count, int events)
{
    for (int i = 0; i < count; i++)
        if (items[i].apply && s_apply_guarded(service, &items[i], events) != 0)
            return S_LOST;
    return S_COMMIT;
}

/* -- The batch -------------------------------------------------------------------------------- */

static s_outcome_t s_begin_and_run(dure_service_t *service, dure_item_t *items, int count,
                                   int events, int guarded)
{
    if (dure_db_check(service->db) != 0 || dure_db_begin(service->db) != 0)
        return S_LOST;
    return guarded ? s_run_guarded(service, items, count, events)
                   : s_run_plain(service, items, count, events);
}

/* Drops what an attempt left in the runtime: its transaction, its queued events, its
   counts and its batch reads. */
static void s_drop_attempt(dure_service_t *service)
{
    dure_db_rollback(service->db);
    dure_outbox_unqueue(service->outbox, 0);
    dure_counts_drop(service, 0);
    dure_service_forget_reads(service);
}

/* Undoes an attempt before the batch runs again: what s_drop_attempt drops, the service's
   notes, and the items' answers. */
static void s_undo(dure_service_t *service, dure_item_t *items, int count)
{
    s_drop_attempt(service);
    if (service->def->after_batch)
        service->def->after_batch(service, service->state, 0);
    for (int i = 0; i < count; i++)
        if (items[i].apply)
            s_reset(&items[i]);
}

int dure_apply_batch(dure_service_t *service, dure_item_t *items, int count, int events)
{
    dure_db_t *db = service->db;
    int valid = 0;
    for (int i = 0; i < count; i++)
        valid += items[i].apply;
    if (valid == 0)
        return -1;
    dure_metric_observe(service->batch_size, valid);
    s_outcome_t outcome = s_begin_and_run(service, items, count, events, 0);
    if (outcome == S_REPLAY) {
        s_undo(service, items, count);
        dure_metric_add(service->replays, 1);
        outcome = s_begin_and_run(service, items, count, events, 1);
    }
    size_t queued = dure_outbox_queued(service->outbox);
    int committed = outcome == S_COMMIT && dure_outbox_commit(service->outbox, db) == 0;
    if (!committed) {
        char reason[512];
        snprintf(reason, sizeof reason, "%s", dure_db_error(db));
        dure_log_error("batch of %d rolled back: %s", valid, reason);
        dure_metric_add(service->db_errors, 1);
        s_drop_attempt(service);
        service->ready = dure_db_check(db) == 0;
        for (int i = 0; i < count; i++)
            if (items[i].apply) {
                s_reset(&items[i]);
                dure_item_unavailable(&items[i], reason);
            }
    } else {
        dure_counts_apply(service);
        if (queued > 0)
            dure_outbox_wake(service->outbox);
    }
    return committed;
}
