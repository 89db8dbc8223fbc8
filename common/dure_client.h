/*  dure_client.h - request/reply to a dure service over a DEALER, the Lazy Pirate way.

    A call sends one request envelope and waits for the reply whose correlation id matches,
    up to the timeout. With no reply it closes the socket, opens a new one (a lost or
    half-dead connection is not reused) and sends the same envelope again, with the same id
    and idempotency key, up to `retries` more times. Replies to earlier, abandoned requests
    are recognised by their correlation id and dropped.

    Ownership: a dure_response_t owns its decoded envelope and payload until
    dure_response_clear.
*/
#ifndef DURE_CLIENT_H
#define DURE_CLIENT_H

#include "dure_envelope.h"
#include "dure_socket.h"

typedef struct dure_client_t dure_client_t;

/* The outcome of a call. */
typedef struct {
    int code;                      /* Dure__V1__Code; UNAVAILABLE when no reply came */
    char message[512];             /* the reply's message, or why there was none */
    Dure__V1__Envelope *envelope;  /* the reply envelope, or NULL */
    ProtobufCMessage *payload;     /* the decoded reply payload, or NULL */
} dure_response_t;

/* Creates a client for a comma-separated list of endpoints. `source` names the caller in
   envelopes. Returns NULL with the reason in err when an endpoint or key is bad. */
dure_client_t *dure_client_new(const char *endpoints, const char *source, int timeout_ms,
                               int retries, long max_bytes, const dure_security_t *sec,
                               char *err, size_t errlen);

/* Closes the socket; nulls the caller's pointer. */
void dure_client_destroy(dure_client_t **self_p);

/* Sends a request and waits for its reply. idempotency_key and correlation_id may be NULL
   (the correlation id is then the request's own id). Decodes the payload as reply_type
   when the reply has one. Returns 0 when a reply came (whatever its code), -1 when none did
   after every retry (out->code is then UNAVAILABLE). Clear `out` afterwards in both cases. */
int dure_client_call(dure_client_t *self, const ProtobufCMessage *request,
                     const char *idempotency_key, const char *correlation_id,
                     const ProtobufCMessageDescriptor *reply_type, dure_response_t *out);

/* Sends a request without waiting for its reply, so that several requests can be in flight
   at once (a batch of orders priced together). Writes the request's id, which is also its
   correlation id, into id_out. Returns 0, or -1 when the socket refused the message. No retry: a request whose
   reply does not come is answered UNAVAILABLE by dure_client_await. */
int dure_client_send(dure_client_t *self, const ProtobufCMessage *request,
                     const char *idempotency_key, char id_out[DURE_ID_LEN]);

/* Waits up to the client's timeout for the reply to a request sent with dure_client_send.
   Replies to other requests that arrive meanwhile are kept for their own await (and
   forgotten after a few timeouts if nobody asks). Returns like dure_client_call. */
int dure_client_await(dure_client_t *self, const char *id,
                      const ProtobufCMessageDescriptor *reply_type, dure_response_t *out);

/* Frees what a response holds and zeroes it. */
void dure_response_clear(dure_response_t *response);

/* Sends raw frames and waits for one raw reply (the last frame), for tests that send bad
   input. Returns the reply's last frame as a new zframe, or NULL on timeout. */
zframe_t *dure_client_call_raw(dure_client_t *self, zmsg_t **frames_p);

#endif
