/*  dure_fixtures.c - catalog fixtures through real requests. */
#include "dure_fixtures.h"
#include "../../tools/durectl/catalog_csv.h"
#include "../../tools/durectl/demo_catalog.h"
#include "dure_stack.h"
#include "dure_test.h"

int dure_fixture_call(dure_client_t *client, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *reply_type, dure_response_t *out)
{
    dure_response_t local;
    dure_response_t *res = out ? out : &local;
    dure_client_call(client, req, NULL, NULL, reply_type, res);
    int ok = res->code == DURE__V1__CODE__CODE_OK;
    if (!ok)
        dure_test_log("%s: %s %s", req->descriptor->name, dure_code_name(res->code), res->message);
    if (!out)
        dure_response_clear(&local);
    return ok;
}

void dure_fixture_enterprise_init(Dure__V1__Enterprise *ent, Dure__V1__Address *from,
                                  const char *id, const char *name)
{
    dure__v1__address__init(from);
    from->postcode = "33300";
    from->line1 = "충청남도 청양군 청양읍 문화예술로 1";
    from->recipient = (char *) name;
    from->phone = "041-940-0000";
    dure__v1__enterprise__init(ent);
    ent->id = (char *) id;
    ent->name = (char *) name;
    ent->kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE;
    ent->region = "청양군";
    ent->ship_from = from;
    ent->certified_from = "2015-01-01";
    ent->certified_until = "2035-12-31";
    ent->default_carrier = "cj";
}

int dure_fixture_enterprise(dure_client_t *catalog, const char *id, const char *name)
{
    Dure__V1__Address from;
    Dure__V1__Enterprise ent;
    dure_fixture_enterprise_init(&ent, &from, id, name);
    Dure__V1__UpsertEnterprise req = DURE__V1__UPSERT_ENTERPRISE__INIT;
    req.enterprise = &ent;
    return dure_fixture_call(catalog, &req.base, &dure__v1__upsert_enterprise_reply__descriptor,
                             NULL);
}

int dure_fixture_product(dure_client_t *catalog, const dure_fixture_product_t *f)
{
    Dure__V1__Dimensions size = DURE__V1__DIMENSIONS__INIT;
    size.length_mm = 200;
    size.width_mm = 150;
    size.height_mm = 100;
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.id = (char *) f->id;
    p.enterprise_id = (char *) f->enterprise_id;
    p.category = (char *) (f->category ? f->category : "processed_food");
    p.name = (char *) (f->name ? f->name : f->id);
    p.price_krw = f->price_krw ? f->price_krw : 10000;
    p.tax_class = DURE__V1__TAX_CLASS__TAX_TAXABLE;
    p.physical = !f->nonphysical;
    if (p.physical) {
        p.size = &size;
        p.weight_g = 550;
    }
    p.temperature = f->temperature ? f->temperature
                                   : DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    p.fragile = f->fragile;
    p.active = 1;
    Dure__V1__UpsertProduct up = DURE__V1__UPSERT_PRODUCT__INIT;
    up.product = &p;
    if (!dure_fixture_call(catalog, &up.base, &dure__v1__upsert_product_reply__descriptor, NULL))
        return 0;
    if (!p.physical)
        return 1;
    Dure__V1__SetStock stock = DURE__V1__SET_STOCK__INIT;
    stock.product_id = (char *) f->id;
    stock.change_case = DURE__V1__SET_STOCK__CHANGE_STOCK;
    stock.stock = f->stock;
    return dure_fixture_call(catalog, &stock.base, &dure__v1__set_stock_reply__descriptor, NULL);
}

int dure_fixture_deliver(dure_client_t *events, const ProtobufCMessage *event, const char *source,
                         const char *envelope_id, int *duplicate)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, event, source, arena);
    env.id = (char *) envelope_id;
    env.correlation_id = (char *) envelope_id;
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    dure_arena_destroy(&arena);
    zmsg_t *msg = zmsg_new();
    zmsg_addmem(msg, bytes, len);
    free(bytes);
    zframe_t *reply = dure_client_call_raw(events, &msg);
    if (!reply)
        return -1;
    char err[128];
    Dure__V1__Envelope *ack_env =
        dure_envelope_decode(zframe_data(reply), zframe_size(reply), err, sizeof err);
    zframe_destroy(&reply);
    int code = -1;
    if (ack_env && ack_env->reply) {
        code = (int) ack_env->reply->code;
        Dure__V1__EventAck *ack = (Dure__V1__EventAck *) dure_envelope_payload(
            ack_env, &dure__v1__event_ack__descriptor, err, sizeof err);
        if (duplicate)
            *duplicate = ack ? ack->duplicate : -1;
        if (ack)
            protobuf_c_message_free_unpacked(&ack->base, NULL);
    }
    dure_envelope_free(&ack_env);
    return code;
}

int dure_fixture_has_field_error(const dure_response_t *reply, const char *field)
{
    const Dure__V1__Reply *r = reply->envelope ? reply->envelope->reply : NULL;
    for (size_t i = 0; r && i < r->n_field_errors; i++)
        if (strcmp(r->field_errors[i]->field, field) == 0)
            return 1;
    return 0;
}

int dure_fixture_demo_catalog(dure_stack_t *stack, const char *dir)
{
    char *categories = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    char err[512];
    int written = categories && sales &&
                  durectl_demo_catalog_write(categories, sales, dir, err, sizeof err) == 0;
    if (!written)
        dure_test_log("demo catalog: %s", categories && sales ? err : "../shared/data not found");
    free(categories);
    free(sales);
    if (!written)
        return 0;
    const char *names[] = {DURECTL_DEMO_ENTERPRISES_FILE, DURECTL_DEMO_PRODUCTS_FILE,
                           DURECTL_DEMO_CAMPAIGNS_FILE};
    char paths[3][600];
    const char *list[3];
    for (int i = 0; i < 3; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", dir, names[i]);
        list[i] = paths[i];
    }
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *req = durectl_catalog_csv_read(list, 3, errors);
    durectl_csv_errors_print(errors, stderr);
    durectl_csv_errors_destroy(&errors);
    if (!req)
        return 0;
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 60000);
    int ok = dure_fixture_call(catalog, &req->base, &dure__v1__import_catalog_reply__descriptor,
                               NULL);
    durectl_catalog_csv_destroy(&req);
    dure_client_destroy(&catalog);
    return ok;
}
