/*  dure_service.h - the runtime every dure service is built on.

    A service describes itself in a dure_service_def_t: its name, settings, migrations, the
    requests it answers and the events it consumes, each with a handler. dure_service_run
    does the rest: reads the settings (and --help), connects to PostgreSQL and applies the
    migrations, connects to Redis, binds the request and event ROUTERs, serves /metrics,
    /healthz and /readyz, relays the outbox, and runs one poll loop until SIGTERM or SIGINT,
    then drains and exits 0.

    Requests and events are applied in batches: everything that arrived during one poll
    cycle (up to BATCH_MAX) runs in one transaction, and the replies or acknowledgements go
    out only after the commit. So a reply always means "committed", and a busy service
    commits many items at the cost of one. A failed item changes nothing: when it had written
    already, the batch is rolled back and run again with a savepoint around each item
    (dure_apply.c), so a handler may run twice; everything it does besides writing to the
    database, publishing and counting (dure_call_count) belongs in after_batch.

    Handlers: int handler(dure_call_t *call, const ProtobufCMessage *request). The request is
    borrowed. A handler answers with dure_call_reply or dure_call_fail and returns 0, or
    returns -1 when its environment failed (a database error): the item is then rolled back
    and answered UNAVAILABLE (requests) or left for redelivery (events). A reply with any code
    but OK also rolls back whatever the handler wrote, so bad input changes nothing. Event
    handlers run at most once per event id: the runtime records the id in the inbox table in
    the same transaction and acknowledges duplicates without calling the handler.
*/
#ifndef DURE_SERVICE_H
#define DURE_SERVICE_H

#include "dure_cache.h"
#include "dure_client.h"
#include "dure_config.h"
#include "dure_db.h"
#include "dure_envelope.h"
#include "dure_metrics.h"
#include "dure_reads.h"

typedef struct dure_service_t dure_service_t;
typedef struct dure_call_t dure_call_t;

typedef int (*dure_handler_fn)(dure_call_t *call, const ProtobufCMessage *request);

/* One message type a service handles. */
typedef struct {
    const ProtobufCMessageDescriptor *request; /* request or event type */
    const ProtobufCMessageDescriptor *reply;   /* reply type; NULL for events */
    dure_handler_fn handler;                   /* applies it */
    int read_only; /* 1: only reads, runs outside the batch transaction (no BEGIN), so a
                      cached read need not touch PostgreSQL at all */
    /* Optional: called for every request or event of the batch before any handler runs,
       outside the batch's transaction, to start slow work for all of them at once (sending
       requests to another service with dure_client_send) or to note what the handlers will
       read, so that the first of them reads it for the whole batch; the handler then
       collects the results. A request's prepare may fail the call; an event's must not (its
       item could be a duplicate, and a failure would skip the inbox). */
    dure_handler_fn prepare;
} dure_route_t;

/* What a service is. */
typedef struct {
    const char *name;                     /* "catalog": settings, schema, logs, metrics */
    const char *summary;                  /* one line for --help */
    const dure_option_t *options;         /* the service's own settings, or NULL */
    const dure_migration_t *migrations;   /* schema changes in order */
    size_t migration_count;
    const dure_route_t *requests;         /* served on the RPC endpoint */
    size_t request_count;
    const dure_route_t *events;           /* consumed on the EVENTS endpoint */
    size_t event_count;
    /* Called once the database is migrated and before serving: builds the service's state.
       Returns 0, or -1 to abort start-up. May be NULL. */
    int (*start)(dure_service_t *service, void **state);
    /* Frees the state; called after the loop ends. May be NULL. */
    void (*stop)(dure_service_t *service, void **state);
    /* Called about once a second between batches, for periodic work. May be NULL. */
    void (*tick)(dure_service_t *service, void *state);
    /* Called after each batch, with 1 when its transaction committed and 0 when it rolled
       back (also before a batch is run again), before any reply is sent: the place to update
       caches with what was committed (never before the commit, or a reader could cache a
       value that then rolls back), and to drop what a rolled-back run noted. May be NULL. */
    void (*after_batch)(dure_service_t *service, void *state, int committed);
} dure_service_def_t;

/* Runs a service until SIGTERM or SIGINT. Returns the process exit code: 0 after a clean
   drain, 1 when start-up failed (the reason is logged), 2 for bad arguments. */
int dure_service_run(const dure_service_def_t *def, int argc, char **argv);

/* Parts of a running service, borrowed for its lifetime. */
dure_config_t *dure_service_config(dure_service_t *self);
dure_db_t *dure_service_db(dure_service_t *self);
dure_cache_t *dure_service_cache(dure_service_t *self);
dure_metrics_t *dure_service_metrics(dure_service_t *self);
const char *dure_service_name(dure_service_t *self);

/* A set of rows the batches' handlers read together (dure_reads.h), read by read(ctx, ...).
   The runtime owns it: it forgets what a batch noted and read after the batch and before the
   batch runs again, and frees it at exit. Call from start. Never returns NULL. */
dure_reads_t *dure_service_reads(dure_service_t *self, dure_reads_fn read, void *ctx);

/* A request/reply client to another service ("catalog"), created on first use. Returns NULL
   when its endpoint setting is bad. */
dure_client_t *dure_service_peer(dure_service_t *self, const char *peer);

/* Queues an event for the outbox of the batch being applied, once per consumer that
   subscribes to its type; the batch writes its events with one statement just before its
   COMMIT, and drops them if it rolls back. Only valid inside a handler. Returns 0. */
int dure_service_publish(dure_service_t *self, const ProtobufCMessage *event,
                         const char *correlation_id, const char *causation_id);

/* -- Inside a handler ----------------------------------------------------------------- */

/* The request's envelope (id, correlation id, idempotency key, source). */
const Dure__V1__Envelope *dure_call_envelope(dure_call_t *call);
/* Memory that lives until the reply is sent: build reply messages in it. */
dure_arena_t *dure_call_arena(dure_call_t *call);
/* The service's state (from start) and the service itself. */
void *dure_call_state(dure_call_t *call);
dure_service_t *dure_call_service(dure_call_t *call);

/* Sets the reply payload (serialized at once: the message may live on the stack). */
void dure_call_reply(dure_call_t *call, const ProtobufCMessage *payload);
/* Sets a failure code and message; the handler's writes are rolled back. */
void dure_call_fail(dure_call_t *call, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds a field error and makes the code INVALID_ARGUMENT. */
void dure_call_field_error(dure_call_t *call, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Returns 1 when the call has a failure code. */
int dure_call_failed(dure_call_t *call);
/* Publishes an event in the call's transaction, caused by this request or event. */
int dure_call_publish(dure_call_t *call, const ProtobufCMessage *event);
/* Adds value to a counter when the call's batch commits, and not when the item or its
   batch is rolled back: a handler may run twice (a batch run again item by item), and a
   count made directly with dure_metric_add would count both runs. For handlers that write;
   read-only routes count directly. */
void dure_call_count(dure_call_t *call, dure_metric_t *counter, double value);
/* A pointer the route's prepare hands to its handler (allocate it in the call's arena). */
void dure_call_set_data(dure_call_t *call, void *data);
void *dure_call_data(dure_call_t *call);

#endif
