/*  dure_outbox.h - the producer side of reliable events: the outbox table and its relay.

    dure_outbox_add queues an event, one row per consumer subscribed to its type (the
    subscription table below is the wiring of the order's journey), and dure_outbox_commit
    inserts everything queued with one statement inside the caller's transaction, sent with
    its COMMIT: a batch that publishes a hundred events pays no round trip for them. The relay leases
    pending rows (SELECT ... FOR UPDATE SKIP LOCKED in a materialized CTE, then an UPDATE of
    those rows, so several instances share the work without sending a row twice at once), sends
    them to each consumer's event endpoint over a DEALER, and deletes them once the consumer
    acknowledges. Rows whose acknowledgement never comes are leased again when their lease
    expires, with exponential backoff and jitter while a consumer stays unreachable: at least
    once, never lost. The consumer's inbox makes the repeats harmless. A row the consumer
    answers with INVALID_ARGUMENT (it cannot read the event) is parked: kept, skipped, logged
    and counted, until an operator requeues it.

    The relay runs inside the service's poll loop: its sockets join the loop's poll set, and
    it talks to PostgreSQL between batches, on a connection of its own.
*/
#ifndef DURE_OUTBOX_H
#define DURE_OUTBOX_H

#include "dure_config.h"
#include "dure_db.h"
#include "dure_envelope.h"
#include "dure_metrics.h"
#include "dure_socket.h"

/* One edge of the event graph: `consumer` receives every `type` that `producer` emits. */
typedef struct {
    const char *type;     /* "dure.v1.OrderPlaced" */
    const char *producer; /* "order" */
    const char *consumer; /* "catalog" */
} dure_subscription_t;

/* The event graph of DESIGN.md, ending with a {NULL} entry. */
extern const dure_subscription_t dure_subscriptions[];

typedef struct dure_outbox_t dure_outbox_t;

/* Creates the relay of `service`, with a DEALER to each consumer of its events. Returns NULL
   with the reason in err when an endpoint setting is bad. Borrows config and metrics. */
dure_outbox_t *dure_outbox_new(const char *service, dure_config_t *config,
                               const dure_security_t *sec, dure_metrics_t *metrics, char *err,
                               size_t errlen);

/* Closes the sockets; nulls the caller's pointer. Unacknowledged rows stay in the table. */
void dure_outbox_destroy(dure_outbox_t **self_p);

/* Queues an envelope (already wrapped) for the outbox, once per consumer of its type.
   Returns the number of rows queued (0 when nobody consumes the type). */
int dure_outbox_add(dure_outbox_t *self, const Dure__V1__Envelope *event);

/* Rows queued and not yet written. */
size_t dure_outbox_queued(dure_outbox_t *self);

/* Drops the rows queued after the first `keep` (0: all), when what queued them is rolled
   back. */
void dure_outbox_unqueue(dure_outbox_t *self, size_t keep);

/* Commits the caller's open transaction with every queued row inserted just before the
   COMMIT, one statement and the COMMIT in one round trip (dure_db_commit_with), or commits
   alone when nothing is queued; empties the queue whatever happens. Returns 0, or -1 on a
   database error (the transaction is then lost, and its events with it: roll it back). */
int dure_outbox_commit(dure_outbox_t *self, dure_db_t *db);

/* Adds the relay's sockets to a poll set; returns how many were added (at most max). */
int dure_outbox_poll_items(dure_outbox_t *self, zmq_pollitem_t *items, int max);

/* Reads the acknowledgements waiting on the sockets of a poll set filled by
   dure_outbox_poll_items. */
void dure_outbox_read_acks(dure_outbox_t *self, const zmq_pollitem_t *items, int count);

/* Sends what is due: new rows after a wake-up, expired leases, retries after backoff.
   Deletes acknowledged rows. Never blocks on a consumer. */
void dure_outbox_pump(dure_outbox_t *self, dure_db_t *db);

/* Marks that rows were just committed, so the next pump sends them at once. */
void dure_outbox_wake(dure_outbox_t *self);

/* Milliseconds until the relay next needs a pump (0 = now). */
int dure_outbox_next_ms(dure_outbox_t *self);

/* At shutdown: waits up to timeout_ms for the acknowledgements of events in flight and
   deletes the acknowledged rows, so that a clean stop resends nothing. Rows still
   unacknowledged stay for the next run. */
void dure_outbox_drain(dure_outbox_t *self, dure_db_t *db, int timeout_ms);

/* Refreshes the backlog gauges (rows pending and age of the oldest, per consumer). */
void dure_outbox_measure(dure_outbox_t *self, dure_db_t *db);

#endif
