/*  dure_http.h - the operations endpoint: /metrics, /healthz and /readyz over HTTP.

    Served by libmicrohttpd from its own thread, so a scrape never waits for the main loop.
    /healthz answers 200 while the process runs; /readyz answers 200 while the service says
    it is ready (its database answers) and 503 otherwise; /metrics renders the registry.
*/
#ifndef DURE_HTTP_H
#define DURE_HTTP_H

#include "dure_metrics.h"

typedef struct dure_http_t dure_http_t;

/* Starts serving on address:port. Returns NULL when the port cannot be bound. The registry
   is borrowed and must outlive the server. */
dure_http_t *dure_http_new(const char *address, int port, dure_metrics_t *metrics);

/* Stops the server thread; nulls the caller's pointer. */
void dure_http_destroy(dure_http_t **self_p);

/* Sets what /readyz answers. */
void dure_http_set_ready(dure_http_t *self, int ready);

#endif
