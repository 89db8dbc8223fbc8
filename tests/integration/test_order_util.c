/*  test_order_util.c - the stand-in catalog and request helpers of the order tests. */
#include "test_order_util.h"

#include <unistd.h>

#define S_MAX_CAMPAIGNS 16

struct order_test_catalog_t {
    zactor_t *actor;                       /* the thread answering requests */
    char endpoint[128];                    /* catalog RPC endpoint of the stack */
    Dure__V1__Campaign campaigns[S_MAX_CAMPAIGNS]; /* answered by ListCampaigns */
    char text[S_MAX_CAMPAIGNS][4][160];    /* their strings */
    int n_campaigns;                       /* used entries */
    int quotes;                            /* QuotePrices answered (read after stop or racy) */
};

typedef struct {
    const char *id;
    int64_t price;
    Dure__V1__TaxClass tax;
    int physical;
    const char *reason; /* not orderable when set */
} s_product_t;

static const s_product_t s_products[] = {
    {"p-rice", 30000, DURE__V1__TAX_CLASS__TAX_EXEMPT, 1, NULL},
    {"p-kimchi", 15500, DURE__V1__TAX_CLASS__TAX_TAXABLE, 1, NULL},
    {"p-tour", 20000, DURE__V1__TAX_CLASS__TAX_TAXABLE, 0, NULL},
    {"p-lapsed", 9000, DURE__V1__TAX_CLASS__TAX_TAXABLE, 1, "seller certification lapsed"},
    {"p-huge", INT64_MAX / 4, DURE__V1__TAX_CLASS__TAX_TAXABLE, 1, NULL},
};

static const s_product_t *s_find(const char *id)
{
    for (size_t i = 0; i < sizeof s_products / sizeof *s_products; i++)
        if (strcmp(s_products[i].id, id) == 0)
            return &s_products[i];
    return NULL;
}

/* Fills a product message (strings static or from id). */
static void s_product(Dure__V1__Product *p, Dure__V1__Dimensions *d, const char *id,
                      const s_product_t *known)
{
    dure__v1__product__init(p);
    dure__v1__dimensions__init(d);
    d->length_mm = 200;
    d->width_mm = 150;
    d->height_mm = 100;
    p->id = (char *) id;
    p->enterprise_id = "ent-001";
    p->category = "rice_grains";
    p->name = "test product";
    p->price_krw = known ? known->price : 10000;
    p->tax_class = known ? known->tax : DURE__V1__TAX_CLASS__TAX_TAXABLE;
    p->size = d;
    p->weight_g = 1000;
    p->temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    p->physical = known ? known->physical : 1;
    p->active = 1;
    p->orderable = !known || !known->reason;
}

static void s_seller(Dure__V1__Enterprise *e, Dure__V1__Address *a)
{
    dure__v1__enterprise__init(e);
    dure__v1__address__init(a);
    a->postcode = "24341";
    a->line1 = "강원특별자치도 춘천시 농원길 3";
    a->recipient = "두레영농조합";
    a->phone = "033-123-4567";
    e->id = "ent-001";
    e->name = "두레영농조합";
    e->kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_COOPERATIVE;
    e->region = "춘천시";
    e->ship_from = a;
    e->default_carrier = "cj";
}

static void s_quote(dure_arena_t *arena, const Dure__V1__QuotePrices *q,
                    Dure__V1__QuotePricesReply *r)
{
    Dure__V1__Enterprise *seller = DURE_ARENA_NEW(arena, Dure__V1__Enterprise, 1);
    s_seller(seller, DURE_ARENA_NEW(arena, Dure__V1__Address, 1));
    r->lines = DURE_ARENA_NEW(arena, Dure__V1__QuotedLine *, q->n_lines + 1);
    r->orderable = 1;
    for (size_t i = 0; i < q->n_lines; i++) {
        const s_product_t *known = s_find(q->lines[i]->product_id);
        Dure__V1__QuotedLine *l = DURE_ARENA_NEW(arena, Dure__V1__QuotedLine, 1);
        dure__v1__quoted_line__init(l);
        l->product_id = q->lines[i]->product_id;
        l->quantity = q->lines[i]->quantity;
        if (!known) {
            l->reason = "unknown product";
            r->orderable = 0;
        } else {
            Dure__V1__Product *p = DURE_ARENA_NEW(arena, Dure__V1__Product, 1);
            s_product(p, DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1), known->id, known);
            l->unit_price_krw = l->list_price_krw = known->price;
            l->line_total_krw = known->price * (known->price < INT64_MAX / 20000 ? l->quantity : 1);
            l->tax_class = known->tax;
            l->enterprise_id = "ent-001";
            l->category = "rice_grains";
            l->product = p;
            l->seller = seller;
            l->orderable = !known->reason;
            l->reason = (char *) (known->reason ? known->reason : "");
            r->orderable &= l->orderable;
        }
        r->lines[r->n_lines++] = l;
    }
}

static void s_products_reply(dure_arena_t *arena, const Dure__V1__GetProducts *q,
                             Dure__V1__GetProductsReply *r)
{
    r->products = DURE_ARENA_NEW(arena, Dure__V1__Product *, q->n_ids + 1);
    r->missing = DURE_ARENA_NEW(arena, char *, q->n_ids + 1);
    for (size_t i = 0; i < q->n_ids; i++) {
        if (strncmp(q->ids[i], "unknown", 7) == 0) {
            r->missing[r->n_missing++] = q->ids[i];
            continue;
        }
        Dure__V1__Product *p = DURE_ARENA_NEW(arena, Dure__V1__Product, 1);
        s_product(p, DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1), q->ids[i], s_find(q->ids[i]));
        r->products[r->n_products++] = p;
    }
}

/* Answers one request envelope; returns the reply envelope bytes (caller frees). */
static uint8_t *s_answer(order_test_catalog_t *self, dure_arena_t *arena,
                         const Dure__V1__Envelope *req, size_t *len)
{
    Dure__V1__Reply status = DURE__V1__REPLY__INIT;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    ProtobufCMessage *reply = NULL;
    char err[128];
    if (strcmp(req->type, "dure.v1.QuotePrices") == 0) {
        Dure__V1__QuotePrices *q = (Dure__V1__QuotePrices *) dure_envelope_payload(
            req, &dure__v1__quote_prices__descriptor, err, sizeof err);
        Dure__V1__QuotePricesReply *r = DURE_ARENA_NEW(arena, Dure__V1__QuotePricesReply, 1);
        dure__v1__quote_prices_reply__init(r);
        if (q)
            s_quote(arena, q, r);
        reply = &r->base;
        self->quotes++;
        dure_envelope_wrap(&env, reply, "catalog", arena);
        if (q)
            protobuf_c_message_free_unpacked(&q->base, NULL);
    } else if (strcmp(req->type, "dure.v1.GetProducts") == 0) {
        Dure__V1__GetProducts *q = (Dure__V1__GetProducts *) dure_envelope_payload(
            req, &dure__v1__get_products__descriptor, err, sizeof err);
        Dure__V1__GetProductsReply *r = DURE_ARENA_NEW(arena, Dure__V1__GetProductsReply, 1);
        dure__v1__get_products_reply__init(r);
        if (q)
            s_products_reply(arena, q, r);
        dure_envelope_wrap(&env, &r->base, "catalog", arena);
        if (q)
            protobuf_c_message_free_unpacked(&q->base, NULL);
    } else if (strcmp(req->type, "dure.v1.ListEnterprises") == 0) {
        Dure__V1__ListEnterprisesReply r = DURE__V1__LIST_ENTERPRISES_REPLY__INIT;
        Dure__V1__Enterprise *e = DURE_ARENA_NEW(arena, Dure__V1__Enterprise, 1);
        s_seller(e, DURE_ARENA_NEW(arena, Dure__V1__Address, 1));
        r.enterprises = &e;
        r.n_enterprises = 1;
        r.total = 1;
        dure_envelope_wrap(&env, &r.base, "catalog", arena);
    } else if (strcmp(req->type, "dure.v1.ListCampaigns") == 0) {
        Dure__V1__ListCampaignsReply r = DURE__V1__LIST_CAMPAIGNS_REPLY__INIT;
        Dure__V1__Campaign *list[S_MAX_CAMPAIGNS];
        for (int i = 0; i < self->n_campaigns; i++)
            list[i] = &self->campaigns[i];
        r.campaigns = list;
        r.n_campaigns = (size_t) self->n_campaigns;
        dure_envelope_wrap(&env, &r.base, "catalog", arena);
    } else {
        Dure__V1__Pong pong = DURE__V1__PONG__INIT;
        pong.service = "catalog";
        pong.ready = 1;
        dure_envelope_wrap(&env, &pong.base, "catalog", arena);
    }
    env.correlation_id = req->correlation_id && *req->correlation_id ? req->correlation_id : req->id;
    env.causation_id = req->id;
    env.reply = &status;
    return dure_envelope_encode(&env, len);
}

static void s_actor(zsock_t *pipe, void *args)
{
    order_test_catalog_t *self = args;
    char err[256];
    zsock_t *router = dure_socket_server(self->endpoint, 1 << 20, NULL, err, sizeof err);
    zsock_signal(pipe, router ? 0 : 1);
    if (!router)
        return;
    dure_arena_t *arena = dure_arena_new();
    zpoller_t *poller = zpoller_new(pipe, router, NULL);
    while (1) {
        void *which = zpoller_wait(poller, -1);
        if (which != router)
            break; /* $TERM or interrupted */
        zmsg_t *msg = zmsg_recv(router);
        zframe_t *last = msg ? zmsg_last(msg) : NULL;
        if (!last) {
            zmsg_destroy(&msg);
            continue;
        }
        zmsg_remove(msg, last);
        Dure__V1__Envelope *req = dure_envelope_decode(zframe_data(last), zframe_size(last), err,
                                                       sizeof err);
        zframe_destroy(&last);
        if (req) {
            size_t len = 0;
            uint8_t *bytes = s_answer(self, arena, req, &len);
            zmsg_addmem(msg, bytes, len);
            free(bytes);
            zmsg_send(&msg, router);
            dure_envelope_free(&req);
        }
        zmsg_destroy(&msg);
        dure_arena_reset(arena);
    }
    zpoller_destroy(&poller);
    zsock_destroy(&router);
    dure_arena_destroy(&arena);
}

order_test_catalog_t *order_test_catalog_start(dure_stack_t *stack)
{
    order_test_catalog_t *self = dure_calloc(1, sizeof *self);
    snprintf(self->endpoint, sizeof self->endpoint, "%s",
             dure_stack_endpoint(stack, "catalog", "RPC"));
    self->actor = zactor_new(s_actor, self);
    return self;
}

void order_test_catalog_campaign(order_test_catalog_t *self, const char *id, const char *name,
                                 const char *starts_on, const char *ends_on)
{
    if (self->n_campaigns == S_MAX_CAMPAIGNS)
        return;
    int i = self->n_campaigns++;
    Dure__V1__Campaign *c = &self->campaigns[i];
    dure__v1__campaign__init(c);
    const char *values[] = {id, name, starts_on, ends_on};
    for (int k = 0; k < 4; k++)
        snprintf(self->text[i][k], sizeof self->text[i][k], "%s", values[k]);
    c->id = self->text[i][0];
    c->name = self->text[i][1];
    c->starts_on = self->text[i][2];
    c->ends_on = self->text[i][3];
}

int order_test_catalog_quotes(order_test_catalog_t *self)
{
    return self->quotes;
}

void order_test_catalog_stop(order_test_catalog_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    zactor_destroy(&(*self_p)->actor);
    free(*self_p);
    *self_p = NULL;
}

void order_test_order_init(order_test_order_t *o, const char *customer)
{
    memset(o, 0, sizeof *o);
    dure__v1__place_order__init(&o->order);
    dure__v1__address__init(&o->address);
    o->order.customer_id = (char *) customer;
    o->order.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    o->order.payment_ref = "pay-test-1";
    o->address.postcode = "24341";
    o->address.line1 = "강원특별자치도 춘천시 중앙로 1";
    o->address.line2 = "2층";
    o->address.recipient = "김철수";
    o->address.phone = "010-1234-5678";
    o->order.address = &o->address;
    static const char *ids[] = {"p-rice", "p-kimchi", "p-tour", "p-lapsed"};
    for (int i = 0; i < 4; i++) {
        dure__v1__order_line_request__init(&o->line[i]);
        o->line[i].product_id = (char *) ids[i];
        o->line[i].quantity = i == 0 ? 2 : 1;
        o->lines[i] = &o->line[i];
    }
    o->order.lines = o->lines;
    o->order.n_lines = 2;
}

int order_test_place(dure_client_t *client, const Dure__V1__PlaceOrder *order, const char *key,
                     dure_response_t *reply)
{
    dure_client_call(client, &order->base, key, NULL, &dure__v1__place_order_reply__descriptor,
                     reply);
    return reply->code;
}

int order_test_event(dure_stack_t *stack, const ProtobufCMessage *event, const char *event_id)
{
    dure_client_t *client = dure_stack_event_client(stack, "order", 3000);
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, event, "test", arena);
    if (event_id)
        env.id = (char *) event_id;
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zmsg_t *msg = zmsg_new();
    zmsg_addmem(msg, bytes, len);
    free(bytes);
    zframe_t *answer = dure_client_call_raw(client, &msg);
    int rc = -1;
    char err[128];
    Dure__V1__Envelope *ack =
        answer ? dure_envelope_decode(zframe_data(answer), zframe_size(answer), err, sizeof err)
               : NULL;
    if (ack && ack->reply)
        rc = ack->reply->code == DURE__V1__CODE__CODE_OK ? 0 : -1;
    else if (ack)
        rc = 0;
    dure_envelope_free(&ack);
    zframe_destroy(&answer);
    zmsg_destroy(&msg);
    dure_arena_destroy(&arena);
    dure_client_destroy(&client);
    return rc;
}

int order_test_get(dure_client_t *client, const char *id, dure_response_t *reply)
{
    Dure__V1__GetOrder req = DURE__V1__GET_ORDER__INIT;
    req.order_id = (char *) id;
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__get_order_reply__descriptor, reply);
    if (reply->code != DURE__V1__CODE__CODE_OK || !reply->payload)
        return -1;
    return ((Dure__V1__GetOrderReply *) reply->payload)->order->status;
}

int order_test_wait_status(dure_client_t *client, const char *id, int status, int timeout_ms)
{
    int64_t deadline = dure_now_ms() + timeout_ms;
    int seen = -1;
    do {
        dure_response_t r;
        seen = order_test_get(client, id, &r);
        dure_response_clear(&r);
        if (seen == status)
            break;
        usleep(50000);
    } while (dure_now_ms() < deadline);
    return seen;
}
