/*  test_catalog_fixtures.c - shared helpers of the catalog's integration tests. */
#include "test_catalog_fixtures.h"

void catfx_enterprise(catfx_enterprise_t *x, const char *id)
{
    memset(x, 0, sizeof *x);
    dure__v1__enterprise__init(&x->e);
    dure__v1__address__init(&x->a);
    snprintf(x->id, sizeof x->id, "%s", id);
    x->e.id = x->id;
    x->e.name = "청양 고추마을 영농조합";
    x->e.kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE;
    x->e.region = "청양군";
    x->a.postcode = "33315";
    x->a.line1 = "충청남도 청양군 청양읍 칠갑산로 1";
    x->a.phone = "041-940-1234";
    x->e.ship_from = &x->a;
    x->e.certified_from = "2015-01-01";
    x->e.certified_until = "2099-12-31";
    x->e.default_carrier = "cj";
}

void catfx_product(catfx_product_t *x, const char *id, const char *enterprise_id,
                   const char *category, int64_t price, int64_t stock)
{
    memset(x, 0, sizeof *x);
    dure__v1__product__init(&x->p);
    dure__v1__dimensions__init(&x->d);
    snprintf(x->id, sizeof x->id, "%s", id);
    snprintf(x->enterprise_id, sizeof x->enterprise_id, "%s", enterprise_id);
    x->p.id = x->id;
    x->p.enterprise_id = x->enterprise_id;
    x->p.category = (char *) category;
    x->p.name = "청양 고추장 1kg";
    x->p.price_krw = price;
    x->p.tax_class = DURE__V1__TAX_CLASS__TAX_TAXABLE;
    x->p.stock = stock;
    x->d.length_mm = 150;
    x->d.width_mm = 150;
    x->d.height_mm = 130;
    x->p.size = &x->d;
    x->p.weight_g = 1150;
    x->p.temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    x->p.physical = 1;
    x->p.active = 1;
}

int catfx_call(dure_client_t *client, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *reply_type, dure_response_t *out)
{
    dure_response_t local;
    dure_response_t *res = out ? out : &local;
    dure_client_call(client, request, NULL, NULL, reply_type, res);
    int code = res->code;
    if (code != DURE__V1__CODE__CODE_OK)
        dure_test_log("    %s: %s %s", request->descriptor->short_name, dure_code_name(code),
                      res->message);
    if (!out)
        dure_response_clear(&local);
    return code;
}

int catfx_put_enterprise(dure_client_t *client, catfx_enterprise_t *x)
{
    Dure__V1__UpsertEnterprise req = DURE__V1__UPSERT_ENTERPRISE__INIT;
    req.enterprise = &x->e;
    return catfx_call(client, &req.base, &dure__v1__upsert_enterprise_reply__descriptor, NULL);
}

int catfx_put_product(dure_client_t *client, catfx_product_t *x)
{
    Dure__V1__UpsertProduct req = DURE__V1__UPSERT_PRODUCT__INIT;
    req.product = &x->p;
    return catfx_call(client, &req.base, &dure__v1__upsert_product_reply__descriptor, NULL);
}

int catfx_get(dure_client_t *client, const char *id, int64_t *version, int64_t *stock,
              int64_t *price)
{
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    char *ids[] = {(char *) id};
    req.ids = ids;
    req.n_ids = 1;
    dure_response_t res;
    int code = catfx_call(client, &req.base, &dure__v1__get_products_reply__descriptor, &res);
    Dure__V1__GetProductsReply *reply = (Dure__V1__GetProductsReply *) res.payload;
    if (code == DURE__V1__CODE__CODE_OK && (!reply || reply->n_products != 1))
        code = DURE__V1__CODE__CODE_NOT_FOUND;
    if (code == DURE__V1__CODE__CODE_OK) {
        if (version)
            *version = reply->products[0]->version;
        if (stock)
            *stock = reply->products[0]->stock;
        if (price)
            *price = reply->products[0]->price_krw;
    }
    dure_response_clear(&res);
    return code;
}

int64_t catfx_quote(dure_client_t *client, const char *id, int64_t quantity)
{
    Dure__V1__QuoteLine line = DURE__V1__QUOTE_LINE__INIT;
    line.product_id = (char *) id;
    line.quantity = quantity;
    Dure__V1__QuoteLine *lines[] = {&line};
    Dure__V1__QuotePrices req = DURE__V1__QUOTE_PRICES__INIT;
    req.lines = lines;
    req.n_lines = 1;
    dure_response_t res;
    int code = catfx_call(client, &req.base, &dure__v1__quote_prices_reply__descriptor, &res);
    Dure__V1__QuotePricesReply *reply = (Dure__V1__QuotePricesReply *) res.payload;
    int64_t price = code == DURE__V1__CODE__CODE_OK && reply && reply->n_lines == 1
                        ? reply->lines[0]->unit_price_krw
                        : -1;
    dure_response_clear(&res);
    return price;
}

zframe_t *catfx_event_frame(const ProtobufCMessage *event, const char *event_id)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, event, "order", arena);
    env.id = (char *) event_id;
    env.correlation_id = (char *) event_id;
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zframe_t *frame = zframe_new(bytes, len);
    free(bytes);
    dure_arena_destroy(&arena);
    return frame;
}

int catfx_ack(zframe_t *frame, int *duplicate, char *event_id)
{
    char err[128];
    Dure__V1__Envelope *env =
        dure_envelope_decode(zframe_data(frame), zframe_size(frame), err, sizeof err);
    if (!env)
        return -1;
    int code = env->reply ? (int) env->reply->code : 0;
    Dure__V1__EventAck *ack =
        (Dure__V1__EventAck *) dure_envelope_payload(env, &dure__v1__event_ack__descriptor, err,
                                                    sizeof err);
    if (duplicate)
        *duplicate = ack ? ack->duplicate : 0;
    if (event_id)
        snprintf(event_id, 64, "%s", ack ? ack->event_id : "");
    if (ack)
        protobuf_c_message_free_unpacked(&ack->base, NULL);
    dure_envelope_free(&env);
    return code;
}

int catfx_send_event(dure_client_t *events, const ProtobufCMessage *event, const char *event_id,
                     int *duplicate)
{
    zmsg_t *msg = zmsg_new();
    zframe_t *frame = catfx_event_frame(event, event_id);
    zmsg_append(msg, &frame);
    zframe_t *reply = dure_client_call_raw(events, &msg);
    if (!reply)
        return -1;
    int code = catfx_ack(reply, duplicate, NULL);
    zframe_destroy(&reply);
    return code;
}

void catfx_order(catfx_order_t *x, const char *order_id, const char *product_id, int64_t quantity)
{
    memset(x, 0, sizeof *x);
    dure__v1__order_placed__init(&x->e);
    dure__v1__order_line_request__init(&x->line);
    snprintf(x->order_id, sizeof x->order_id, "%s", order_id);
    x->line.product_id = (char *) product_id;
    x->line.quantity = quantity;
    x->lines[0] = &x->line;
    x->e.order_id = x->order_id;
    x->e.lines = x->lines;
    x->e.n_lines = 1;
    x->e.placed_at_ms = dure_now_ms();
}
