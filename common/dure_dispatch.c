/*  dure_dispatch.c - batches of requests and events: decode, validate, apply in one
    transaction with a savepoint per item, then reply.

    Order of work for one batch: receive everything waiting (up to BATCH_MAX); answer at once
    what cannot be applied (undecodable envelope, unknown type, undecodable payload); apply the
    rest inside BEGIN ... COMMIT, each item between SAVEPOINT and RELEASE (or ROLLBACK TO when
    it failed, so one bad item never spoils its neighbours); commit; and only then send the
    replies and acknowledgements. If the commit fails, every item of the batch is answered
    UNAVAILABLE (requests) or left unacknowledged (events): the caller retries, and nothing
    was half-applied.
*/
#include "dure_service_internal.h"
#include "dure_log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    zmsg_t *routing;            /* frames before the envelope: the way back */
    Dure__V1__Envelope *env;    /* decoded envelope, or NULL */
    const dure_route_t *route;  /* handler, or NULL */
    ProtobufCMessage *payload;  /* decoded payload, or NULL */
    dure_call_t call;           /* handler's view and the reply */
    int duplicate;              /* events: applied before, handler not called */
    int transient;              /* environment failure: retry later */
} s_item_t;

static const dure_route_t s_ping = {&dure__v1__ping__descriptor, &dure__v1__pong__descriptor,
                                    dure_dispatch_ping};

/* -- The call API ----------------------------------------------------------------------- */

const Dure__V1__Envelope *dure_call_envelope(dure_call_t *call)
{
    return call->request;
}

dure_arena_t *dure_call_arena(dure_call_t *call)
{
    return call->service->arena;
}

void *dure_call_state(dure_call_t *call)
{
    return call->service->state;
}

dure_service_t *dure_call_service(dure_call_t *call)
{
    return call->service;
}

void dure_call_reply(dure_call_t *call, const ProtobufCMessage *payload)
{
    size_t size = protobuf_c_message_get_packed_size(payload);
    call->payload.data = dure_arena_alloc(call->service->arena, size);
    call->payload.len = protobuf_c_message_pack(payload, call->payload.data);
    call->reply_type = payload->descriptor->name;
}

void dure_call_fail(dure_call_t *call, int code, const char *fmt, ...)
{
    char text[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    call->code = code;
    call->message = dure_arena_strdup(call->service->arena, text);
}

void dure_call_field_error(dure_call_t *call, const char *field, const char *fmt, ...)
{
    char text[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    dure_arena_t *arena = call->service->arena;
    if (call->field_error_count == call->field_error_capacity) {
        size_t cap = call->field_error_capacity ? call->field_error_capacity * 2 : 8;
        Dure__V1__FieldError **grown = DURE_ARENA_NEW(arena, Dure__V1__FieldError *, cap);
        if (call->field_error_count)
            memcpy(grown, call->field_errors,
                   call->field_error_count * sizeof(Dure__V1__FieldError *));
        call->field_errors = grown;
        call->field_error_capacity = cap;
    }
    Dure__V1__FieldError *fe = DURE_ARENA_NEW(arena, Dure__V1__FieldError, 1);
    dure__v1__field_error__init(fe);
    fe->field = dure_arena_strdup(arena, field);
    fe->description = dure_arena_strdup(arena, text);
    call->field_errors[call->field_error_count++] = fe;
    if (call->code != DURE__V1__CODE__CODE_INVALID_ARGUMENT || !call->message) {
        call->code = DURE__V1__CODE__CODE_INVALID_ARGUMENT;
        call->message = dure_arena_printf(arena, "%s: %s", field, text);
    }
}

int dure_call_failed(dure_call_t *call)
{
    return call->code != DURE__V1__CODE__CODE_OK;
}

int dure_call_publish(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__Envelope *req = call->request;
    const char *correlation = req->correlation_id && *req->correlation_id ? req->correlation_id
                                                                         : req->id;
    return dure_service_publish(call->service, event, correlation, req->id);
}

void dure_call_set_data(dure_call_t *call, void *data)
{
    call->data = data;
}

void *dure_call_data(dure_call_t *call)
{
    return call->data;
}

int dure_dispatch_ping(dure_call_t *call, const ProtobufCMessage *request)
{
    (void) request;
    char instance[128], host[64] = "";
    gethostname(host, sizeof host - 1);
    snprintf(instance, sizeof instance, "%s:%d", host, (int) getpid());
    Dure__V1__Pong pong = DURE__V1__PONG__INIT;
    pong.service = (char *) call->service->def->name;
    pong.instance = instance;
    pong.ready = call->service->ready;
    dure_call_reply(call, &pong.base);
    return 0;
}

/* -- Receiving and validating --------------------------------------------------------- */

static const dure_route_t *s_route(dure_service_t *service, const char *type, int events)
{
    const dure_route_t *routes = events ? service->def->events : service->def->requests;
    size_t count = events ? service->def->event_count : service->def->request_count;
    for (size_t i = 0; i < count; i++)
        if (strcmp(routes[i].request->name, type) == 0)
            return &routes[i];
    if (!events && strcmp(type, s_ping.request->name) == 0)
        return &s_ping;
    return NULL;
}

/* Decodes one message into an item; failures become the item's reply. */
static void s_decode(dure_service_t *service, s_item_t *item, zmsg_t *msg, int events)
{
    item->call.service = service;
    /* ROUTER puts the sender's identity first; the envelope is the last frame. */
    zframe_t *last = zmsg_size(msg) >= 2 ? zmsg_last(msg) : NULL;
    if (last)
        zmsg_remove(msg, last);
    item->routing = msg;
    char err[256];
    if (!last) {
        item->call.code = DURE__V1__CODE__CODE_INVALID_ARGUMENT;
        item->call.message = "empty message";
        return;
    }
    item->env = dure_envelope_decode(zframe_data(last), zframe_size(last), err, sizeof err);
    zframe_destroy(&last);
    if (!item->env) {
        dure_call_fail(&item->call, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "%s", err);
        return;
    }
    item->call.request = item->env;
    item->route = s_route(service, item->env->type, events);
    if (!item->route) {
        dure_call_fail(&item->call, DURE__V1__CODE__CODE_INVALID_ARGUMENT,
                       "unknown message type %s on the %s endpoint", item->env->type,
                       events ? "event" : "request");
        return;
    }
    item->payload = dure_envelope_payload(item->env, item->route->request, err, sizeof err);
    if (!item->payload)
        dure_call_fail(&item->call, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "%s", err);
}

static int s_receive(dure_service_t *service, zsock_t *sock, s_item_t *items, int events)
{
    int count = 0;
    zmsg_t *msg;
    while (count < service->batch_max && (msg = dure_socket_recv_now(sock))) {
        memset(&items[count], 0, sizeof items[count]);
        s_decode(service, &items[count], msg, events);
        count++;
    }
    return count;
}

/* -- Applying ------------------------------------------------------------------------- */

/* Records an event id in the inbox. Returns 1 when new, 0 when seen before, -1 on error. */
static int s_inbox_claim(dure_db_t *db, const Dure__V1__Envelope *env, int outcome)
{
    char code[16];
    snprintf(code, sizeof code, "%d", outcome);
    const char *params[] = {env->id, env->type, code};
    PGresult *res = dure_db_query(db, "dure_inbox_claim",
                                  "INSERT INTO inbox (event_id, type, outcome) "
                                  "VALUES ($1, $2, $3::smallint) ON CONFLICT DO NOTHING",
                                  3, params);
    if (!res)
        return -1;
    int fresh = atoi(PQcmdTuples(res)) == 1;
    PQclear(res);
    return fresh;
}

static void s_mark_transient(s_item_t *item, dure_db_t *db)
{
    item->transient = 1;
    dure_call_fail(&item->call, DURE__V1__CODE__CODE_UNAVAILABLE, "database unavailable: %s",
                   dure_db_error(db));
}

/* Applies one decoded item inside the open transaction. Returns -1 when the transaction
   itself is lost (the rest of the batch cannot go on). */
static int s_apply(dure_service_t *service, s_item_t *item, int events)
{
    dure_db_t *db = service->db;
    if (dure_db_savepoint(db) != 0)
        return -1;
    if (events) {
        int fresh = s_inbox_claim(db, item->env, 0);
        if (fresh < 0)
            return -1;
        if (fresh == 0) {
            item->duplicate = 1;
            return dure_db_release_savepoint(db);
        }
    }
    int rc = item->route->handler(&item->call, item->payload);
    if (rc < 0 || dure_call_failed(&item->call)) {
        if (rc < 0)
            s_mark_transient(item, db);
        if (dure_db_rollback_savepoint(db) != 0)
            return -1;
        /* A permanent failure of an event is recorded, so it is not redelivered forever. */
        if (events && rc == 0 && s_inbox_claim(db, item->env, item->call.code) < 0)
            return -1;
    }
    return dure_db_release_savepoint(db);
}

/* Ping must answer even while the database is down (it reports readiness), so it is
   answered outside the transaction. */
static void s_answer_pings(s_item_t *items, int count)
{
    for (int i = 0; i < count; i++)
        if (items[i].route == &s_ping && items[i].payload && !dure_call_failed(&items[i].call)) {
            s_ping.handler(&items[i].call, items[i].payload);
            protobuf_c_message_free_unpacked(items[i].payload, NULL);
            items[i].payload = NULL;
        }
}

/* Read-only requests run before the batch transaction, each on its own (autocommit): they
   write nothing, so they need no savepoint, and a handler answering from a cache touches no
   database at all. Returns how many ran. */
static int s_answer_reads(dure_service_t *service, s_item_t *items, int count)
{
    int answered = 0;
    for (int i = 0; i < count; i++) {
        s_item_t *item = &items[i];
        if (!item->route || !item->route->read_only || !item->payload ||
            dure_call_failed(&item->call))
            continue;
        if (item->route->handler(&item->call, item->payload) < 0) {
            s_mark_transient(item, service->db);
            service->ready = dure_db_check(service->db) == 0;
        }
        protobuf_c_message_free_unpacked(item->payload, NULL);
        item->payload = NULL;
        answered++;
    }
    return answered;
}

/* Lets routes start slow work for the whole batch at once (see dure_route_t.prepare). */
static void s_prepare(s_item_t *items, int count)
{
    for (int i = 0; i < count; i++)
        if (items[i].route && items[i].route->prepare && items[i].payload &&
            !dure_call_failed(&items[i].call))
            items[i].route->prepare(&items[i].call, items[i].payload);
}

static void s_apply_all(dure_service_t *service, s_item_t *items, int count, int events)
{
    dure_db_t *db = service->db;
    int reads = 0;
    if (!events) {
        s_answer_pings(items, count);
        s_prepare(items, count);
        reads = s_answer_reads(service, items, count);
    }
    int valid = 0;
    for (int i = 0; i < count; i++)
        valid += items[i].payload && !dure_call_failed(&items[i].call);
    if (valid == 0) {
        if (reads > 0 && service->def->after_batch)
            service->def->after_batch(service, service->state, 1);
        return;
    }
    dure_metric_observe(service->batch_size, valid);
    service->published = 0;
    int ok = dure_db_check(db) == 0 && dure_db_begin(db) == 0;
    for (int i = 0; ok && i < count; i++)
        if (items[i].payload && !dure_call_failed(&items[i].call))
            ok = s_apply(service, &items[i], events) == 0;
    if (ok)
        ok = dure_db_commit(db) == 0;
    if (!ok) {
        dure_log_error("batch of %d rolled back: %s", valid, dure_db_error(db));
        dure_metric_add(service->db_errors, 1);
        dure_db_rollback(db);
        service->ready = dure_db_check(db) == 0;
        for (int i = 0; i < count; i++)
            if (items[i].payload) {
                items[i].duplicate = 0;
                items[i].call.field_error_count = 0;
                items[i].call.reply_type = NULL;
                items[i].call.payload.len = 0;
                s_mark_transient(&items[i], db);
            }
        service->published = 0;
    }
    if (service->published)
        dure_outbox_wake(service->outbox);
    if (service->def->after_batch)
        service->def->after_batch(service, service->state, ok);
}

/* -- Replying --------------------------------------------------------------------------- */

static void s_count(dure_service_t *service, const char *type, int code)
{
    char labels[160];
    snprintf(labels, sizeof labels, "type=\"%s\",code=\"%s\"", type ? type : "unknown",
             dure_code_name(code));
    dure_metric_add(dure_metrics_counter(service->metrics, "dure_messages_total",
                                         "Requests and events handled, by type and outcome",
                                         labels),
                    1);
}

static void s_reply(dure_service_t *service, zsock_t *sock, s_item_t *item, int events)
{
    dure_arena_t *arena = service->arena;
    dure_call_t *call = &item->call;
    Dure__V1__Reply reply = DURE__V1__REPLY__INIT;
    reply.code = (Dure__V1__Code) call->code;
    reply.message = call->message ? call->message : "";
    reply.n_field_errors = call->field_error_count;
    reply.field_errors = call->field_errors;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    Dure__V1__EventAck ack = DURE__V1__EVENT_ACK__INIT;
    const Dure__V1__Envelope *req = item->env;
    if (events) {
        /* A handler's business refusal of an event is final and recorded: acknowledge it. */
        if (item->payload && !item->transient)
            reply.code = DURE__V1__CODE__CODE_OK;
        ack.event_id = req ? req->id : "";
        ack.duplicate = item->duplicate;
        dure_envelope_wrap(&env, &ack.base, service->def->name, arena);
    } else {
        char id[DURE_ID_LEN];
        dure_id_new(id);
        env.id = dure_arena_strdup(arena, id);
        env.sent_at_ms = dure_now_ms();
        env.source = (char *) service->def->name;
        env.type = (char *) (call->reply_type ? call->reply_type
                             : item->route    ? item->route->reply->name
                                              : "dure.v1.Reply");
        if (!dure_call_failed(call))
            env.payload = call->payload;
    }
    env.reply = &reply;
    if (req) {
        env.correlation_id = req->correlation_id && *req->correlation_id ? req->correlation_id
                                                                        : req->id;
        env.causation_id = req->id;
    }
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zmsg_addmem(item->routing, bytes, len);
    free(bytes);
    zmsg_send(&item->routing, sock);
    s_count(service, req ? req->type : NULL, call->code);
    if (dure_call_failed(call) && dure_log_enabled(DURE_LOG_DEBUG))
        dure_log_event(DURE_LOG_DEBUG, req ? req->type : NULL,
                       req ? env.correlation_id : NULL, "%s: %s", dure_code_name(call->code),
                       reply.message);
}

static void s_free_item(s_item_t *item)
{
    zmsg_destroy(&item->routing);
    if (item->payload)
        protobuf_c_message_free_unpacked(item->payload, NULL);
    dure_envelope_free(&item->env);
}

int dure_dispatch_batch(dure_service_t *service, zsock_t *sock, int events)
{
    s_item_t *items = dure_calloc((size_t) service->batch_max, sizeof *items);
    int count = s_receive(service, sock, items, events);
    s_apply_all(service, items, count, events);
    for (int i = 0; i < count; i++) {
        /* An event left for redelivery gets a negative acknowledgement, so the relay can
           count it; it stays in the producer's outbox either way. */
        s_reply(service, sock, &items[i], events);
        s_free_item(&items[i]);
    }
    free(items);
    dure_arena_reset(service->arena);
    return count;
}
