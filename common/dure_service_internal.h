/*  dure_service_internal.h - the service, call and batch item structures, shared by
    dure_service.c (lifecycle and poll loop), dure_dispatch.c (receiving, answering) and
    dure_apply.c (the batch's transaction). Not for services: they use dure_service.h.
*/
#ifndef DURE_SERVICE_INTERNAL_H
#define DURE_SERVICE_INTERNAL_H

#include "dure_http.h"
#include "dure_outbox.h"
#include "dure_service.h"

#define DURE_PEER_MAX 4
/* Inbox pruning: every 10 s, at most 10 statements of 10,000 rows (10,000 events/s). */
#define DURE_PRUNE_EVERY_S 10
#define DURE_PRUNE_CHUNKS 10
#define DURE_PRUNE_ROWS 10000

struct dure_service_t {
    const dure_service_def_t *def; /* what the service is */
    dure_config_t *config;         /* settings */
    dure_db_t *db;                 /* PostgreSQL, the truth: batches, reads */
    dure_db_t *relay_db;           /* the relay's connection, asynchronous commits */
    dure_cache_t *cache;           /* Redis, a cache */
    dure_metrics_t *metrics;       /* Prometheus registry */
    dure_http_t *http;             /* /metrics, /healthz, /readyz; NULL when disabled */
    zsock_t *rpc;                  /* ROUTER for requests */
    zsock_t *events;               /* ROUTER for the event inbox */
    dure_outbox_t *outbox;         /* relay of this service's events */
    dure_arena_t *arena;           /* per-batch memory */
    void *state;                   /* the service's own state */
    dure_security_t sec;           /* CURVE keys, strings owned by config */
    void *zap;                     /* ZAP handler actor when CURVE is on */
    long batch_max;                /* items per transaction */
    long gather_ms;                /* BATCH_GATHER_MS: quiet time that ends a batch */
    int ready;                     /* database answers */
    struct {
        char name[16];             /* peer service */
        dure_client_t *client;     /* its RPC client */
    } peers[DURE_PEER_MAX];
    dure_metric_t *batch_size;     /* histogram of items per transaction */
    dure_metric_t *db_errors;      /* transactions that failed */
    dure_metric_t *replays;        /* batches run again with a savepoint per item */
    dure_metric_t *pruned;         /* inbox rows deleted for age */
    int64_t next_prune_ms;         /* when the inbox is pruned next */
    struct {
        dure_metric_t *counter;
        double value;
    } *counts;                     /* dure_call_count: added when the batch commits */
    size_t count_len, count_cap;   /* used and allocated entries */
    dure_reads_t **reads;          /* dure_service_reads sets */
    size_t reads_count;            /* used entries */
};

struct dure_call_t {
    dure_service_t *service;            /* the running service */
    const Dure__V1__Envelope *request;  /* the request or event */
    int code;                           /* Dure__V1__Code of the reply */
    char *message;                      /* in the arena */
    Dure__V1__FieldError **field_errors; /* in the arena */
    size_t field_error_count;           /* used entries */
    size_t field_error_capacity;        /* allocated entries */
    ProtobufCBinaryData payload;        /* serialized reply, in the arena */
    const char *reply_type;             /* full name of the reply payload type */
    void *data;                         /* from the route's prepare to its handler */
};

/* One received message of a batch, from decoding to its reply. */
typedef struct {
    zmsg_t *routing;            /* frames before the envelope: the way back */
    Dure__V1__Envelope *env;    /* decoded envelope, or NULL */
    const dure_route_t *route;  /* handler, or NULL */
    ProtobufCMessage *payload;  /* decoded payload, or NULL */
    dure_call_t call;           /* handler's view and the reply */
    int apply;                  /* goes through the batch's transaction */
    int duplicate;              /* events: applied before, handler not called */
    int transient;              /* environment failure: retry later */
} dure_item_t;

/* Applies the items marked `apply` in one transaction (dure_apply.c) and leaves each one's
   answer in its call. Returns 1 when the transaction committed, 0 when it was rolled back
   (every applied item is then answered UNAVAILABLE), -1 when no item needed it. */
int dure_apply_batch(dure_service_t *service, dure_item_t *items, int count, int events);

/* Adds the counts of the batch's handlers to their counters (after the commit), or drops
   those after the first `keep` (a failed item, a rolled-back attempt). */
void dure_counts_apply(dure_service_t *service);
void dure_counts_drop(dure_service_t *service, size_t keep);

/* Forgets what the batch noted and read in every dure_service_reads set. */
void dure_service_forget_reads(dure_service_t *service);

/* Sets an item's answer to UNAVAILABLE: its environment failed, a retry may succeed. */
void dure_item_unavailable(dure_item_t *item, const char *reason);

/* Receives and applies up to batch_max requests (events = 0) or events (events = 1) waiting
   on the socket, in one transaction, then sends every reply. Returns the number handled. */
int dure_dispatch_batch(dure_service_t *service, zsock_t *sock, int events);

/* Handles the built-in dure.v1.Ping. */
int dure_dispatch_ping(dure_call_t *call, const ProtobufCMessage *request);

#endif
