/*  place.c - PlaceOrder: validate, answer a known idempotency key, price through the
    catalog, write the order and OrderPlaced in the batch's transaction, reply.

    The key is looked up first, so a replay needs no catalog and answers even while the
    catalog is down. A new order is priced by the catalog's QuotePrices (a synchronous
    request inside the handler); no answer means UNAVAILABLE and nothing written. Prices,
    line totals and the total are recomputed here with overflow checks rather than trusted.
    Everything built for the reply and the store lives in the call's arena.
*/
#include "handlers.h"
#include "validate.h"

#define S_PLACE "dure.v1.PlaceOrder"

void order_field_problem(void *call, const char *field, const char *description)
{
    dure_call_field_error(call, field, "%s", description);
}

static void s_reply(dure_call_t *call, const char *id, order_status_t status, int64_t total,
                    int64_t supply, int64_t vat, int replayed)
{
    Dure__V1__PlaceOrderReply reply = DURE__V1__PLACE_ORDER_REPLY__INIT;
    reply.order_id = (char *) id;
    reply.status = (Dure__V1__OrderStatus) status;
    reply.total_krw = total;
    reply.supply_krw = supply;
    reply.vat_krw = vat;
    reply.replayed = replayed;
    dure_call_reply(call, &reply.base);
}

/* Answers a request whose key is known: the stored order, or CONFLICT. */
static int s_answer_known(dure_call_t *call, const order_key_match_t *m)
{
    order_service_t *svc = dure_call_state(call);
    if (!m->same_body) {
        dure_call_fail(call, DURE__V1__CODE__CODE_CONFLICT,
                       "idempotency key was used for order %s with a different request", m->id);
        return 0;
    }
    dure_call_count(call, svc->replayed, 1);
    s_reply(call, m->id, m->status, m->total_krw, m->supply_krw, m->vat_krw, 1);
    return 0;
}

/* The quoted line for a product, or NULL. */
static const Dure__V1__QuotedLine *s_quoted(const Dure__V1__QuotePricesReply *q, const char *id)
{
    for (size_t i = 0; i < q->n_lines; i++)
        if (q->lines[i]->product_id && strcmp(q->lines[i]->product_id, id) == 0)
            return q->lines[i];
    return NULL;
}

static char *s_dup(dure_arena_t *arena, const char *text);

/* A priced line in the arena, from the request line and its quote. */
static Dure__V1__OrderLine *s_line(dure_arena_t *arena, const Dure__V1__OrderLineRequest *rl,
                                   const Dure__V1__QuotedLine *ql, int64_t line_total)
{
    Dure__V1__OrderLine *l = DURE_ARENA_NEW(arena, Dure__V1__OrderLine, 1);
    dure__v1__order_line__init(l);
    const Dure__V1__Product *p = ql->product;
    l->product_id = dure_arena_strdup(arena, rl->product_id);
    l->product_name = s_dup(arena, p ? p->name : "");
    l->enterprise_id = s_dup(arena, ql->enterprise_id);
    l->category = s_dup(arena, ql->category);
    l->region = s_dup(arena, ql->seller ? ql->seller->region : "");
    l->quantity = rl->quantity;
    l->unit_price_krw = ql->unit_price_krw;
    l->line_total_krw = line_total;
    l->tax_class = ql->tax_class;
    l->physical = p ? p->physical : 1;
    Dure__V1__Dimensions *d = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(d);
    if (p && p->size)
        *d = *p->size;
    l->size = d;
    l->weight_g = p ? p->weight_g : 0;
    l->temperature = p ? p->temperature : DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    l->fragile = p ? p->fragile : 0;
    return l;
}

static char *s_dup(dure_arena_t *arena, const char *text)
{
    return dure_arena_strdup(arena, text ? text : "");
}

/* The seller of a quoted line, copied into the arena (the quote is freed before the reply). */
static Dure__V1__Enterprise *s_seller(dure_arena_t *arena, const Dure__V1__QuotedLine *ql)
{
    Dure__V1__Enterprise *e = DURE_ARENA_NEW(arena, Dure__V1__Enterprise, 1);
    dure__v1__enterprise__init(e);
    const Dure__V1__Enterprise *src = ql->seller;
    e->id = s_dup(arena, ql->enterprise_id);
    if (!src)
        return e;
    e->name = s_dup(arena, src->name);
    e->kind = src->kind;
    e->region = s_dup(arena, src->region);
    e->certified_from = s_dup(arena, src->certified_from);
    e->certified_until = s_dup(arena, src->certified_until);
    e->default_carrier = s_dup(arena, src->default_carrier);
    e->version = src->version;
    if (src->ship_from) {
        Dure__V1__Address *a = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
        dure__v1__address__init(a);
        a->postcode = s_dup(arena, src->ship_from->postcode);
        a->line1 = s_dup(arena, src->ship_from->line1);
        a->line2 = s_dup(arena, src->ship_from->line2);
        a->recipient = s_dup(arena, src->ship_from->recipient);
        a->phone = s_dup(arena, src->ship_from->phone);
        e->ship_from = a;
    }
    return e;
}

/* Prices every line from the quote into n; field errors for unorderable lines and
   overflowing totals. Returns 0 when every line is priced. */
static int s_price(dure_call_t *call, const Dure__V1__PlaceOrder *req,
                   const Dure__V1__QuotePricesReply *q, order_new_t *n)
{
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__OrderLine **lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLine *, req->n_lines);
    Dure__V1__Enterprise **sellers = DURE_ARENA_NEW(arena, Dure__V1__Enterprise *, req->n_lines);
    int64_t total = 0, taxable = 0;
    size_t n_sellers = 0;
    char field[48];
    for (size_t i = 0; i < req->n_lines; i++) {
        const Dure__V1__OrderLineRequest *rl = req->lines[i];
        const Dure__V1__QuotedLine *ql = s_quoted(q, rl->product_id);
        int64_t line_total = 0;
        /* Stock is decided by the reservation, not by the quote's snapshot of it: a line
           short of stock is placed and the order REJECTED with the short lines named. */
        int sellable = ql && (ql->orderable || (ql->product && ql->product->orderable));
        if (!sellable) {
            snprintf(field, sizeof field, "lines[%zu].product_id", i);
            dure_call_field_error(call, field, "%s: %s", rl->product_id,
                                  !ql ? "unknown product"
                                  : ql->reason && *ql->reason ? ql->reason
                                                              : "not orderable");
            continue;
        }
        snprintf(field, sizeof field, "lines[%zu].quantity", i);
        if (order_line_total(ql->unit_price_krw, rl->quantity, &line_total) != 0 ||
            order_total_add(&total, line_total) != 0) {
            dure_call_field_error(call, field, "the order total would overflow");
            continue;
        }
        if (ql->tax_class != DURE__V1__TAX_CLASS__TAX_EXEMPT)
            taxable += line_total; /* never above total, so no overflow */
        lines[i] = s_line(arena, rl, ql, line_total);
        size_t s = 0;
        while (s < n_sellers && strcmp(sellers[s]->id, ql->enterprise_id) != 0)
            s++;
        if (s == n_sellers)
            sellers[n_sellers++] = s_seller(arena, ql);
    }
    if (dure_call_failed(call))
        return -1;
    n->lines = lines;
    n->n_lines = req->n_lines;
    n->sellers = sellers;
    n->n_sellers = n_sellers;
    n->total_krw = total;
    order_vat_split(total, taxable, &n->supply_krw, &n->vat_krw);
    n->campaign_id = dure_arena_strdup(arena, q->campaign_id ? q->campaign_id : "");
    n->campaign_name = dure_arena_strdup(arena, q->campaign_name ? q->campaign_name : "");
    return 0;
}

/* The quote request for an order's lines, built in the arena. */
static Dure__V1__QuotePrices *s_quote_request(dure_arena_t *arena, const Dure__V1__PlaceOrder *req)
{
    Dure__V1__QuotePrices *quote = DURE_ARENA_NEW(arena, Dure__V1__QuotePrices, 1);
    dure__v1__quote_prices__init(quote);
    quote->lines = DURE_ARENA_NEW(arena, Dure__V1__QuoteLine *, req->n_lines);
    quote->n_lines = req->n_lines;
    for (size_t i = 0; i < req->n_lines; i++) {
        Dure__V1__QuoteLine *ql = DURE_ARENA_NEW(arena, Dure__V1__QuoteLine, 1);
        dure__v1__quote_line__init(ql);
        ql->product_id = req->lines[i]->product_id;
        ql->quantity = req->lines[i]->quantity;
        quote->lines[i] = ql;
    }
    return quote;
}

/* order_store_find_key for a new order's key. Almost every key is new: when the batch's
   read of its keys (svc->keys) finds no order for it, nothing more is asked. A key stored
   by another instance after that read is caught by the insert's ON CONFLICT. */
static int s_find_key(order_service_t *svc, dure_arena_t *arena, const char *key,
                      const order_new_t *n, order_key_match_t *match)
{
    void *stored;
    if (dure_reads_take_or_read(svc->keys, key, arena, &stored) != 0)
        return -1;
    return stored ? order_store_find_key(svc->store, key, n->body, n->body_len, match) : 0;
}

int order_prepare_place(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__PlaceOrder *req = (const Dure__V1__PlaceOrder *) request;
    dure_client_t *catalog = dure_service_peer(dure_call_service(call), "catalog");
    if (!catalog || req->n_lines == 0 || req->n_lines > ORDER_MAX_LINES)
        return 0; /* the handler answers; nothing to start */
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    order_service_t *svc = dure_call_state(call);
    dure_reads_note(svc->keys, env->idempotency_key);
    dure_arena_t *arena = dure_call_arena(call);
    char id[DURE_ID_LEN];
    if (dure_client_send(catalog, &s_quote_request(arena, req)->base, NULL, id) == 0)
        dure_call_set_data(call, dure_arena_strdup(arena, id));
    return 0;
}

/* Asks the catalog for prices and fills n: collects the quote order_prepare_place sent for
   the whole batch at once, or asks now. Returns 0 when priced, 1 when the call was answered
   with a failure (already set), -1 never (the catalog is not our database). */
static int s_quote(dure_call_t *call, const Dure__V1__PlaceOrder *req, order_new_t *n)
{
    dure_service_t *service = dure_call_service(call);
    dure_client_t *catalog = dure_service_peer(service, "catalog");
    if (!catalog) {
        dure_call_fail(call, DURE__V1__CODE__CODE_UNAVAILABLE, "catalog endpoint is not usable");
        return 1;
    }
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    const char *sent = dure_call_data(call);
    /* The early quote's reply is taken once: a second run of the batch (dure_apply) asks
       again instead of waiting for it. */
    dure_call_set_data(call, NULL);
    dure_response_t res;
    /* Without a reply to the early quote (the connection was down, say), ask again the Lazy
       Pirate way: on a fresh connection, with a retry. */
    if (!sent ||
        dure_client_await(catalog, sent, &dure__v1__quote_prices_reply__descriptor, &res) != 0) {
        if (sent)
            dure_response_clear(&res);
        dure_client_call(catalog, &s_quote_request(dure_call_arena(call), req)->base, NULL,
                         env->correlation_id && *env->correlation_id ? env->correlation_id
                                                                     : env->id,
                         &dure__v1__quote_prices_reply__descriptor, &res);
    }
    int rc = 1;
    if (res.code != DURE__V1__CODE__CODE_OK || !res.payload)
        dure_call_fail(call, DURE__V1__CODE__CODE_UNAVAILABLE, "catalog could not price the "
                       "order (%s: %s); retry with the same key", dure_code_name(res.code),
                       res.message);
    else
        rc = s_price(call, req, (const Dure__V1__QuotePricesReply *) res.payload, n) == 0 ? 0 : 1;
    dure_response_clear(&res);
    return rc;
}

/* Publishes OrderPlaced with the physical lines (the others hold no stock). */
static int s_publish_placed(dure_call_t *call, const order_new_t *n, const Dure__V1__PlaceOrder *req)
{
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__OrderPlaced ev = DURE__V1__ORDER_PLACED__INIT;
    ev.order_id = (char *) n->id;
    ev.placed_at_ms = dure_now_ms();
    ev.lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest *, req->n_lines);
    for (size_t i = 0; i < n->n_lines; i++)
        if (n->lines[i]->physical)
            ev.lines[ev.n_lines++] = req->lines[i];
    return dure_call_publish(call, &ev.base);
}

int order_handle_place(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__PlaceOrder *req = (const Dure__V1__PlaceOrder *) request;
    order_service_t *svc = dure_call_state(call);
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    dure_arena_t *arena = dure_call_arena(call);
    const char *key = env->idempotency_key ? env->idempotency_key : "";
    if (!*key)
        dure_call_field_error(call, "idempotency_key", "is required for PlaceOrder");
    else if (strlen(key) > ORDER_MAX_ID)
        dure_call_field_error(call, "idempotency_key", "is longer than %d bytes", ORDER_MAX_ID);
    order_validate_place(req, order_field_problem, call);
    if (dure_call_failed(call))
        return 0;
    order_new_t n = {.idempotency_key = key, .request = req, .cause_type = S_PLACE,
                     .cause_id = env->id};
    n.body_len = protobuf_c_message_get_packed_size(request);
    uint8_t *body = dure_arena_alloc(arena, n.body_len ? n.body_len : 1);
    protobuf_c_message_pack(request, body);
    n.body = body;
    order_key_match_t match;
    int found = s_find_key(svc, arena, key, &n, &match);
    if (found != 0)
        return found < 0 ? -1 : s_answer_known(call, &match);
    if (s_quote(call, req, &n) != 0)
        return 0;
    char id[DURE_ID_LEN];
    dure_id_new(id);
    n.id = dure_arena_strdup(arena, id);
    int inserted = order_store_insert(svc->store, &n);
    if (inserted < 0)
        return -1;
    if (inserted == 0) { /* another instance placed it meanwhile */
        found = order_store_find_key(svc->store, key, n.body, n.body_len, &match);
        return found < 0 ? -1 : found ? s_answer_known(call, &match) : -1;
    }
    if (s_publish_placed(call, &n, req) != 0)
        return -1;
    order_change_t change = {.status = DURE__V1__ORDER_STATUS__ORDER_PENDING, .version = 1,
                             .at_ms = dure_now_ms()};
    snprintf(change.id, sizeof change.id, "%s", n.id);
    order_cache_note(svc->cache, &change);
    dure_call_count(call, svc->placed, 1);
    s_reply(call, n.id, DURE__V1__ORDER_STATUS__ORDER_PENDING, n.total_krw, n.supply_krw,
            n.vat_krw, 0);
    return 0;
}
