/*  dure_service_internal.h - the service and call structures, shared by dure_service.c
    (lifecycle and poll loop) and dure_dispatch.c (batches of requests and events). Not for
    services: they use the functions of dure_service.h.
*/
#ifndef DURE_SERVICE_INTERNAL_H
#define DURE_SERVICE_INTERNAL_H

#include "dure_http.h"
#include "dure_outbox.h"
#include "dure_service.h"

#define DURE_PEER_MAX 4

struct dure_service_t {
    const dure_service_def_t *def; /* what the service is */
    dure_config_t *config;         /* settings */
    dure_db_t *db;                 /* PostgreSQL, the truth */
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
    int published;                 /* events written in the current batch */
    int ready;                     /* database answers */
    struct {
        char name[16];             /* peer service */
        dure_client_t *client;     /* its RPC client */
    } peers[DURE_PEER_MAX];
    dure_metric_t *batch_size;     /* histogram of items per transaction */
    dure_metric_t *db_errors;      /* transactions that failed */
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

/* Receives and applies up to batch_max requests (events = 0) or events (events = 1) waiting
   on the socket, in one transaction, then sends every reply. Returns the number handled. */
int dure_dispatch_batch(dure_service_t *service, zsock_t *sock, int events);

/* Handles the built-in dure.v1.Ping. */
int dure_dispatch_ping(dure_call_t *call, const ProtobufCMessage *request);

#endif
