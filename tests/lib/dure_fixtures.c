/*  dure_fixtures.c - catalog fixtures through real requests. */
#include "dure_fixtures.h"
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

int dure_fixture_enterprise(dure_client_t *catalog, const char *id, const char *name)
{
    Dure__V1__Address from = DURE__V1__ADDRESS__INIT;
    from.postcode = "33300";
    from.line1 = "충청남도 청양군 청양읍 문화예술로 1";
    from.recipient = (char *) name;
    from.phone = "041-940-0000";
    Dure__V1__Enterprise ent = DURE__V1__ENTERPRISE__INIT;
    ent.id = (char *) id;
    ent.name = (char *) name;
    ent.kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE;
    ent.region = "청양군";
    ent.ship_from = &from;
    ent.certified_from = "2015-01-01";
    ent.certified_until = "2035-12-31";
    ent.default_carrier = "cj";
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
