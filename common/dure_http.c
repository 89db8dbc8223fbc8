/*  dure_http.c - /metrics, /healthz and /readyz with libmicrohttpd. */
#include "dure_http.h"
#include "dure_alloc.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct dure_http_t {
    struct MHD_Daemon *daemon; /* serving thread */
    dure_metrics_t *metrics;   /* borrowed registry */
    atomic_int ready;          /* what /readyz answers */
};

static enum MHD_Result s_send(struct MHD_Connection *conn, unsigned status, const char *type,
                              char *body, enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(strlen(body), body, mode);
    MHD_add_response_header(response, "Content-Type", type);
    enum MHD_Result rc = MHD_queue_response(conn, status, response);
    MHD_destroy_response(response);
    return rc;
}

static enum MHD_Result s_answer(void *cls, struct MHD_Connection *conn, const char *url,
                                const char *method, const char *version,
                                const char *upload_data, size_t *upload_data_size,
                                void **con_cls)
{
    (void) version;
    (void) upload_data;
    (void) upload_data_size;
    (void) con_cls;
    dure_http_t *self = cls;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return s_send(conn, 405, "text/plain", "method not allowed\n", MHD_RESPMEM_PERSISTENT);
    if (strcmp(url, "/metrics") == 0)
        return s_send(conn, 200, "text/plain; version=0.0.4",
                      dure_metrics_render(self->metrics), MHD_RESPMEM_MUST_FREE);
    if (strcmp(url, "/healthz") == 0)
        return s_send(conn, 200, "text/plain", "ok\n", MHD_RESPMEM_PERSISTENT);
    if (strcmp(url, "/readyz") == 0)
        return atomic_load(&self->ready)
                   ? s_send(conn, 200, "text/plain", "ready\n", MHD_RESPMEM_PERSISTENT)
                   : s_send(conn, 503, "text/plain", "not ready\n", MHD_RESPMEM_PERSISTENT);
    return s_send(conn, 404, "text/plain", "not found\n", MHD_RESPMEM_PERSISTENT);
}

dure_http_t *dure_http_new(const char *address, int port, dure_metrics_t *metrics)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, address, &addr.sin_addr) != 1)
        return NULL;
    dure_http_t *self = dure_calloc(1, sizeof *self);
    self->metrics = metrics;
    self->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
                                    (uint16_t) port, NULL, NULL, s_answer, self,
                                    MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &addr,
                                    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) 10,
                                    MHD_OPTION_END);
    if (!self->daemon) {
        free(self);
        return NULL;
    }
    return self;
}

void dure_http_destroy(dure_http_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    MHD_stop_daemon((*self_p)->daemon);
    free(*self_p);
    *self_p = NULL;
}

void dure_http_set_ready(dure_http_t *self, int ready)
{
    atomic_store(&self->ready, ready);
}
