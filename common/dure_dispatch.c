/*  dure_dispatch.c - batches of requests and events: receive, decode, answer what needs no
    transaction, apply the rest (dure_apply.c), then reply.

    Order of work for one batch: receive everything waiting (up to BATCH_MAX); answer at once
    what cannot be applied (undecodable envelope, unknown type, undecodable payload); let
    routes start their slow work and note their reads (prepare); answer pings and read-only
    requests; apply the rest in one transaction; and only after its commit send the replies
    and acknowledgements. If the commit fails, every applied item is answered UNAVAILABLE
    (requests) or left unacknowledged (events): the caller retries, and nothing was
    half-applied.
*/
#include "dure_service_internal.h"
#include "dure_log.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void dure_call_count(dure_call_t *call, dure_metric_t *counter, double value)
{
    dure_service_t *service = call->service;
    if (service->count_len == service->count_cap) {
        service->count_cap = service->count_cap ? 2 * service->count_cap : 64;
        service->counts = dure_realloc(service->counts,
                                       service->count_cap * sizeof *service->counts);
    }
    service->counts[service->count_len].counter = counter;
    service->counts[service->count_len++].value = value;
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
static void s_decode(dure_service_t *service, dure_item_t *item, zmsg_t *msg, int events)
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

/* Adds what is waiting on the socket to items[count..], up to batch_max; the new count. */
static int s_take_waiting(dure_service_t *service, zsock_t *sock, dure_item_t *items, int count,
                          int events)
{
    zmsg_t *msg;
    while (count < service->batch_max && (msg = dure_socket_recv_now(sock))) {
        memset(&items[count], 0, sizeof items[count]);
        s_decode(service, &items[count], msg, events);
        count++;
    }
    return count;
}

/* Takes what is waiting; with BATCH_GATHER_MS, also what keeps coming, until the socket has
   been quiet that long or the batch is full. */
static int s_receive(dure_service_t *service, zsock_t *sock, dure_item_t *items, int events)
{
    int count = s_take_waiting(service, sock, items, 0, events);
    while (count > 0 && count < service->batch_max && service->gather_ms > 0) {
        dure_socket_wait_us(sock, service->gather_ms * 1000);
        int more = s_take_waiting(service, sock, items, count, events);
        if (more == count)
            break;
        count = more;
    }
    return count;
}

/* -- Applying ------------------------------------------------------------------------- */

/* Ping must answer even while the database is down (it reports readiness), so it is
   answered outside the transaction. */
static void s_answer_pings(dure_item_t *items, int count)
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
static int s_answer_reads(dure_service_t *service, dure_item_t *items, int count)
{
    int answered = 0;
    for (int i = 0; i < count; i++) {
        dure_item_t *item = &items[i];
        if (!item->route || !item->route->read_only || !item->payload ||
            dure_call_failed(&item->call))
            continue;
        if (item->route->handler(&item->call, item->payload) < 0) {
            dure_item_unavailable(item, dure_db_error(service->db));
            service->ready = dure_db_check(service->db) == 0;
        }
        protobuf_c_message_free_unpacked(item->payload, NULL);
        item->payload = NULL;
        answered++;
    }
    return answered;
}

/* Lets routes start slow work for the whole batch at once (see dure_route_t.prepare). */
static void s_prepare(dure_item_t *items, int count)
{
    for (int i = 0; i < count; i++)
        if (items[i].route && items[i].route->prepare && items[i].payload &&
            !dure_call_failed(&items[i].call))
            items[i].route->prepare(&items[i].call, items[i].payload);
}

static void s_apply_all(dure_service_t *service, dure_item_t *items, int count, int events)
{
    int reads = 0;
    s_prepare(items, count);
    if (!events) {
        s_answer_pings(items, count);
        reads = s_answer_reads(service, items, count);
    }
    for (int i = 0; i < count; i++)
        items[i].apply = items[i].payload && !dure_call_failed(&items[i].call);
    int committed = dure_apply_batch(service, items, count, events);
    if (committed < 0 && reads == 0)
        return; /* nothing happened that a cache could learn from */
    if (service->def->after_batch)
        service->def->after_batch(service, service->state, committed != 0);
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

static void s_reply(dure_service_t *service, zsock_t *sock, dure_item_t *item, int events)
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

static void s_free_item(dure_item_t *item)
{
    zmsg_destroy(&item->routing);
    if (item->payload)
        protobuf_c_message_free_unpacked(item->payload, NULL);
    dure_envelope_free(&item->env);
}

int dure_dispatch_batch(dure_service_t *service, zsock_t *sock, int events)
{
    dure_item_t *items = dure_calloc((size_t) service->batch_max, sizeof *items);
    int count = s_receive(service, sock, items, events);
    s_apply_all(service, items, count, events);
    for (int i = 0; i < count; i++) {
        /* An event left for redelivery gets a negative acknowledgement, so the relay can
           count it; it stays in the producer's outbox either way. */
        s_reply(service, sock, &items[i], events);
        s_free_item(&items[i]);
    }
    free(items);
    dure_service_forget_reads(service); /* its rows live in the arena */
    dure_arena_reset(service->arena);
    return count;
}
