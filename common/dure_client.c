/*  dure_client.c - Lazy Pirate request/reply client. */
#include "dure_client.h"

#include <string.h>

struct dure_client_t {
    zsock_t *sock;          /* DEALER, replaced after a timeout */
    char *endpoints;        /* for reconnecting */
    char *source;           /* caller name in envelopes */
    int timeout_ms;         /* per attempt */
    int retries;            /* attempts after the first */
    long max_bytes;         /* socket size limit */
    dure_security_t sec;    /* keys, borrowed strings copied below */
    char *keys[6];          /* owned copies of the key strings */
    zhashx_t *stash;        /* replies received for requests not awaited yet, by id */
};

/* A reply kept for a later dure_client_await. */
typedef struct {
    Dure__V1__Envelope *env; /* the decoded reply */
    int64_t expires_ms;      /* dropped after this */
} s_stashed_t;

static void s_stashed_free(void **item_p)
{
    s_stashed_t *item = *item_p;
    if (item) {
        dure_envelope_free(&item->env);
        free(item);
        *item_p = NULL;
    }
}

static const char *s_keep(dure_client_t *self, int slot, const char *text)
{
    self->keys[slot] = text ? strdup(text) : NULL;
    return self->keys[slot];
}

static int s_open(dure_client_t *self, char *err, size_t errlen)
{
    zsock_destroy(&self->sock);
    self->sock = dure_socket_client(self->endpoints, self->max_bytes, &self->sec, 0, err, errlen);
    return self->sock ? 0 : -1;
}

dure_client_t *dure_client_new(const char *endpoints, const char *source, int timeout_ms,
                               int retries, long max_bytes, const dure_security_t *sec,
                               char *err, size_t errlen)
{
    dure_client_t *self = dure_calloc(1, sizeof *self);
    self->endpoints = dure_strdup(endpoints);
    self->source = dure_strdup(source);
    self->timeout_ms = timeout_ms;
    self->retries = retries;
    self->max_bytes = max_bytes;
    self->stash = zhashx_new();
    zhashx_set_destructor(self->stash, s_stashed_free);
    if (sec) {
        self->sec.secret_key = s_keep(self, 0, sec->secret_key);
        self->sec.public_key = s_keep(self, 1, sec->public_key);
        self->sec.allowed_keys = s_keep(self, 2, sec->allowed_keys);
        self->sec.server_key = s_keep(self, 3, sec->server_key);
        self->sec.client_secret_key = s_keep(self, 4, sec->client_secret_key);
        self->sec.client_public_key = s_keep(self, 5, sec->client_public_key);
    }
    if (s_open(self, err, errlen) != 0)
        dure_client_destroy(&self);
    return self;
}

void dure_client_destroy(dure_client_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_client_t *self = *self_p;
    zsock_destroy(&self->sock);
    zhashx_destroy(&self->stash);
    for (int i = 0; i < 6; i++)
        free(self->keys[i]);
    free(self->endpoints);
    free(self->source);
    free(self);
    *self_p = NULL;
}

/* Keeps a reply for a later await; drops expired ones first. */
static void s_stash(dure_client_t *self, Dure__V1__Envelope *env)
{
    int64_t now = dure_now_ms();
    zlistx_t *keys = zhashx_keys(self->stash);
    for (const char *key = zlistx_first(keys); key; key = zlistx_next(keys)) {
        s_stashed_t *old = zhashx_lookup(self->stash, key);
        if (old && old->expires_ms < now)
            zhashx_delete(self->stash, key);
    }
    zlistx_destroy(&keys);
    s_stashed_t *item = dure_calloc(1, sizeof *item);
    item->env = env;
    item->expires_ms = now + 4 * (int64_t) self->timeout_ms;
    if (zhashx_insert(self->stash, env->correlation_id, item) != 0)
        s_stashed_free((void **) &item); /* a duplicate reply */
}

/* Waits for the reply to `id`; returns the decoded envelope or NULL on timeout. */
static Dure__V1__Envelope *s_await(dure_client_t *self, const char *correlation, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - dure_now_ms();
        if (left <= 0)
            return NULL;
        zmq_pollitem_t item = {zsock_resolve(self->sock), 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, (long) left) <= 0)
            continue;
        zmsg_t *msg = zmsg_recv(self->sock);
        zframe_t *last = msg ? zmsg_last(msg) : NULL;
        char err[128];
        Dure__V1__Envelope *env =
            last ? dure_envelope_decode(zframe_data(last), zframe_size(last), err, sizeof err)
                 : NULL;
        zmsg_destroy(&msg);
        if (env && env->correlation_id && strcmp(env->correlation_id, correlation) == 0)
            return env;
        if (env && env->correlation_id && *env->correlation_id)
            s_stash(self, env); /* another request's reply, or a late one (expires) */
        else
            dure_envelope_free(&env);
    }
}

static void s_fill(dure_response_t *out, Dure__V1__Envelope *env,
                   const ProtobufCMessageDescriptor *reply_type)
{
    out->envelope = env;
    out->code = env->reply ? (int) env->reply->code : DURE__V1__CODE__CODE_OK;
    snprintf(out->message, sizeof out->message, "%s",
             env->reply && env->reply->message ? env->reply->message : "");
    if (reply_type && env->payload.len > 0 && strcmp(env->type, reply_type->name) == 0)
        out->payload = protobuf_c_message_unpack(reply_type, NULL, env->payload.len,
                                                 env->payload.data);
}

int dure_client_call(dure_client_t *self, const ProtobufCMessage *request,
                     const char *idempotency_key, const char *correlation_id,
                     const ProtobufCMessageDescriptor *reply_type, dure_response_t *out)
{
    memset(out, 0, sizeof *out);
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, request, self->source, arena);
    env.idempotency_key = (char *) (idempotency_key ? idempotency_key : "");
    env.correlation_id = (char *) (correlation_id && *correlation_id ? correlation_id : env.id);
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    Dure__V1__Envelope *reply = NULL;
    for (int attempt = 0; attempt <= self->retries && !reply; attempt++) {
        char err[256];
        if (attempt > 0 && s_open(self, err, sizeof err) != 0)
            break;
        zframe_t *frame = zframe_new(bytes, len);
        if (zframe_send(&frame, self->sock, ZFRAME_DONTWAIT) != 0) {
            zframe_destroy(&frame);
            zclock_sleep(self->timeout_ms / 4 + 1);
            continue;
        }
        reply = s_await(self, env.correlation_id, dure_now_ms() + self->timeout_ms);
    }
    free(bytes);
    if (reply)
        s_fill(out, reply, reply_type);
    else {
        out->code = DURE__V1__CODE__CODE_UNAVAILABLE;
        snprintf(out->message, sizeof out->message, "no reply from %s after %d attempts",
                 self->endpoints, self->retries + 1);
    }
    dure_arena_destroy(&arena);
    return reply ? 0 : -1;
}

void dure_response_clear(dure_response_t *response)
{
    dure_envelope_free(&response->envelope);
    if (response->payload)
        protobuf_c_message_free_unpacked(response->payload, NULL);
    memset(response, 0, sizeof *response);
}

int dure_client_send(dure_client_t *self, const ProtobufCMessage *request,
                     const char *idempotency_key, char id_out[DURE_ID_LEN])
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, request, self->source, arena);
    env.idempotency_key = (char *) (idempotency_key ? idempotency_key : "");
    /* The correlation id must single out this request: its reply is found by it. */
    env.correlation_id = env.id;
    snprintf(id_out, DURE_ID_LEN, "%s", env.id);
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zframe_t *frame = zframe_new(bytes, len);
    free(bytes);
    dure_arena_destroy(&arena);
    int rc = zframe_send(&frame, self->sock, ZFRAME_DONTWAIT);
    zframe_destroy(&frame);
    return rc == 0 ? 0 : -1;
}

int dure_client_await(dure_client_t *self, const char *id,
                      const ProtobufCMessageDescriptor *reply_type, dure_response_t *out)
{
    memset(out, 0, sizeof *out);
    Dure__V1__Envelope *reply = NULL;
    s_stashed_t *kept = zhashx_lookup(self->stash, id);
    if (kept) {
        reply = kept->env;
        kept->env = NULL;
        zhashx_delete(self->stash, id);
    } else
        reply = s_await(self, id, dure_now_ms() + self->timeout_ms);
    if (reply) {
        s_fill(out, reply, reply_type);
        return 0;
    }
    out->code = DURE__V1__CODE__CODE_UNAVAILABLE;
    snprintf(out->message, sizeof out->message, "no reply from %s in %d ms", self->endpoints,
             self->timeout_ms);
    return -1;
}

zframe_t *dure_client_call_raw(dure_client_t *self, zmsg_t **frames_p)
{
    if (zmsg_send(frames_p, self->sock) != 0) {
        zmsg_destroy(frames_p);
        return NULL;
    }
    zmq_pollitem_t item = {zsock_resolve(self->sock), 0, ZMQ_POLLIN, 0};
    if (zmq_poll(&item, 1, self->timeout_ms) <= 0)
        return NULL;
    zmsg_t *msg = zmsg_recv(self->sock);
    zframe_t *last = msg ? zframe_dup(zmsg_last(msg)) : NULL;
    zmsg_destroy(&msg);
    return last;
}
