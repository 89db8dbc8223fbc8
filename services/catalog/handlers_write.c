/*  handlers_write.c - the catalog's write requests: enterprises, products, stock, campaigns
    and the all-or-nothing import.

    Each write validates the whole message first and reports every bad field; references
    (a product's seller, a campaign's products) are checked against the database next; only
    then does it write. Changes are marked on the catalog state, which writes them through to
    Redis after the commit, and product changes are announced with ProductChanged in the same
    transaction.
*/
#include "handlers.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* The import reports at most this many field errors; the count of the rest follows. */
#define S_IMPORT_ERRORS_MAX 200
/* Most rows of each kind in one import. */
#define S_IMPORT_ROWS_MAX 20000

static int s_publish_product(dure_call_t *call, Dure__V1__Product *product)
{
    Dure__V1__ProductChanged event = DURE__V1__PRODUCT_CHANGED__INIT;
    event.product = product;
    return dure_call_publish(call, &event.base);
}

/* Which ids (of `table`) do not exist, reported as field errors under `fields[i]`. Ids in
   `known` (may be NULL) count as existing. Returns 0 or -1. */
static int s_check_refs(dure_call_t *call, catalog_table_t table, const char *const *ids,
                        const char *const *fields, size_t n, bool (*known)(void *, const char *),
                        void *known_ctx)
{
    if (n == 0)
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    bool *found = DURE_ARENA_NEW(arena, bool, n);
    if (catalog_store_existing(catalog_store(dure_call_state(call)), table, ids, n, arena,
                               found) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!found[i] && !(known && known(known_ctx, ids[i])))
            dure_call_field_error(call, fields[i], "%s '%s' does not exist",
                                  table == CATALOG_ENTERPRISES ? "enterprise" : "product", ids[i]);
    return 0;
}

int catalog_handle_upsert_enterprise(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__UpsertEnterprise *req = (const Dure__V1__UpsertEnterprise *) request;
    if (catalog_validate_enterprise(req->enterprise, "enterprise", catalog_report_field, call))
        return 0;
    catalog_t *catalog = dure_call_state(call);
    Dure__V1__Enterprise *stored;
    catalog_write_t outcome;
    if (catalog_store_upsert_enterprise(catalog_store(catalog), req->enterprise,
                                        dure_call_arena(call), &stored, &outcome) != 0)
        return catalog_db_failed(call);
    if (outcome == CATALOG_WRITE_CONFLICT) {
        dure_call_fail(call, DURE__V1__CODE__CODE_CONFLICT,
                       "enterprise %s changed since version %lld: read it again",
                       req->enterprise->id, (long long) req->enterprise->version);
        return 0;
    }
    if (outcome != CATALOG_WRITE_UNCHANGED)
        catalog_changed_enterprise(catalog, stored->id);
    Dure__V1__UpsertEnterpriseReply reply = DURE__V1__UPSERT_ENTERPRISE_REPLY__INIT;
    reply.enterprise = stored;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* Writes one product that passed validation; marks and announces a change. Returns 0 or -1
   (database); a version conflict is set as the call's failure. */
static int s_write_product(dure_call_t *call, const Dure__V1__Product *product,
                           Dure__V1__Product **stored)
{
    catalog_t *catalog = dure_call_state(call);
    catalog_write_t outcome;
    if (catalog_store_upsert_product(catalog_store(catalog), product, dure_call_arena(call),
                                     stored, &outcome) != 0)
        return -1;
    if (outcome == CATALOG_WRITE_CONFLICT) {
        dure_call_fail(call, DURE__V1__CODE__CODE_CONFLICT,
                       "product %s changed since version %lld: read it again", product->id,
                       (long long) product->version);
        return 0;
    }
    if (outcome == CATALOG_WRITE_UNCHANGED)
        return 0;
    catalog_changed_product(catalog, (*stored)->id);
    return s_publish_product(call, *stored);
}

int catalog_handle_upsert_product(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__UpsertProduct *req = (const Dure__V1__UpsertProduct *) request;
    if (catalog_validate_product(req->product, "product", catalog_report_field, call))
        return 0;
    const char *ids[] = {req->product->enterprise_id};
    const char *fields[] = {"product.enterprise_id"};
    if (s_check_refs(call, CATALOG_ENTERPRISES, ids, fields, 1, NULL, NULL) != 0)
        return -1;
    if (dure_call_failed(call))
        return 0;
    catalog_t *catalog = dure_call_state(call);
    Dure__V1__Product *stored = NULL;
    if (catalog_store_lock_writes(catalog_store(catalog)) != 0 ||
        s_write_product(call, req->product, &stored) != 0)
        return catalog_db_failed(call);
    if (dure_call_failed(call))
        return 0;
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    if (catalog_mark_orderable(catalog, &stored, 1, today, dure_call_arena(call)) != 0)
        return -1;
    Dure__V1__UpsertProductReply reply = DURE__V1__UPSERT_PRODUCT_REPLY__INIT;
    reply.product = stored;
    dure_call_reply(call, &reply.base);
    return 0;
}

int catalog_handle_set_stock(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__SetStock *req = (const Dure__V1__SetStock *) request;
    const char *problem = catalog_check_id(req->product_id);
    if (problem)
        dure_call_field_error(call, "product_id", "%s", problem);
    bool absolute = req->change_case == DURE__V1__SET_STOCK__CHANGE_STOCK;
    if (req->change_case == DURE__V1__SET_STOCK__CHANGE__NOT_SET)
        dure_call_field_error(call, "change", "set either stock or delta");
    else if (absolute && (req->stock < 0 || req->stock > CATALOG_STOCK_MAX))
        dure_call_field_error(call, "stock", "must be 0 to %d units", CATALOG_STOCK_MAX);
    else if (!absolute && (req->delta < -CATALOG_STOCK_MAX || req->delta > CATALOG_STOCK_MAX))
        dure_call_field_error(call, "delta", "must be within +-%d units", CATALOG_STOCK_MAX);
    if (dure_call_failed(call))
        return 0;
    catalog_t *catalog = dure_call_state(call);
    Dure__V1__Product *product;
    catalog_stock_t outcome;
    if (catalog_store_lock_writes(catalog_store(catalog)) != 0 ||
        catalog_store_set_stock(catalog_store(catalog), req->product_id, absolute,
                                absolute ? req->stock : req->delta, dure_call_arena(call),
                                &product, &outcome) != 0)
        return -1;
    switch (outcome) {
    case CATALOG_STOCK_UNKNOWN:
        dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "no product %s", req->product_id);
        return 0;
    case CATALOG_STOCK_NOT_PHYSICAL:
        dure_call_fail(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION,
                       "product %s is not physical: it holds no stock", req->product_id);
        return 0;
    case CATALOG_STOCK_NEGATIVE:
        dure_call_fail(call, DURE__V1__CODE__CODE_FAILED_PRECONDITION,
                       "product %s has %lld units: stock cannot go below zero", req->product_id,
                       (long long) product->stock);
        return 0;
    case CATALOG_STOCK_TOO_LARGE:
        dure_call_field_error(call, "delta", "would leave more than %d units", CATALOG_STOCK_MAX);
        return 0;
    case CATALOG_STOCK_SET:
        break;
    }
    catalog_changed_product(catalog, product->id);
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    if (s_publish_product(call, product) != 0 ||
        catalog_mark_orderable(catalog, &product, 1, today, dure_call_arena(call)) != 0)
        return -1;
    Dure__V1__SetStockReply reply = DURE__V1__SET_STOCK_REPLY__INIT;
    reply.product = product;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* Checks that a campaign's products exist (or are in `known`). Returns 0 or -1. */
static int s_check_campaign_products(dure_call_t *call, const Dure__V1__Campaign *campaign,
                                     const char *path, bool (*known)(void *, const char *),
                                     void *known_ctx)
{
    dure_arena_t *arena = dure_call_arena(call);
    const char **fields = DURE_ARENA_NEW(arena, const char *, campaign->n_product_ids + 1);
    for (size_t i = 0; i < campaign->n_product_ids; i++)
        fields[i] = dure_arena_printf(arena, "%s.product_ids[%zu]", path, i);
    return s_check_refs(call, CATALOG_PRODUCTS, (const char *const *) campaign->product_ids,
                        fields, campaign->n_product_ids, known, known_ctx);
}

int catalog_handle_upsert_campaign(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__UpsertCampaign *req = (const Dure__V1__UpsertCampaign *) request;
    if (catalog_validate_campaign(req->campaign, "campaign", catalog_report_field, call))
        return 0;
    if (s_check_campaign_products(call, req->campaign, "campaign", NULL, NULL) != 0)
        return -1;
    if (dure_call_failed(call))
        return 0;
    catalog_t *catalog = dure_call_state(call);
    Dure__V1__Campaign *stored;
    catalog_write_t outcome;
    if (catalog_store_upsert_campaign(catalog_store(catalog), req->campaign,
                                      dure_call_arena(call), &stored, &outcome) != 0)
        return catalog_db_failed(call);
    if (outcome != CATALOG_WRITE_UNCHANGED)
        catalog_changed_campaigns(catalog);
    Dure__V1__UpsertCampaignReply reply = DURE__V1__UPSERT_CAMPAIGN_REPLY__INIT;
    reply.campaign = stored;
    dure_call_reply(call, &reply.base);
    return 0;
}

/* -- Import ------------------------------------------------------------------------------- */

/* Reports problems of one imported row, with its source line, up to the cap. */
typedef struct {
    dure_call_t *call; /* where field errors go */
    int line;          /* source line of the row, 0 when unknown */
    int *reported;     /* problems so far over the whole import */
} s_row_report_t;

static void s_row_problem(void *ctx, const char *field, const char *problem)
{
    s_row_report_t *row = ctx;
    if ((*row->reported)++ >= S_IMPORT_ERRORS_MAX)
        return;
    if (row->line > 0)
        dure_call_field_error(row->call, field, "line %d: %s", row->line, problem);
    else
        dure_call_field_error(row->call, field, "%s", problem);
}

static int s_line(const int32_t *lines, size_t nlines, size_t i)
{
    return i < nlines ? lines[i] : 0;
}

/* Ids in an import, to find duplicates and to accept references to rows of the same
   import. */
typedef struct {
    char **ids;   /* the import's ids (borrowed) */
    size_t count; /* used entries */
} s_ids_t;

static bool s_ids_have(void *self, const char *id)
{
    s_ids_t *ids = self;
    for (size_t i = 0; i < ids->count; i++)
        if (strcmp(ids->ids[i], id) == 0)
            return true;
    return false;
}

/* Validates every row; reports duplicates by id. */
static void s_import_validate(dure_call_t *call, const Dure__V1__ImportCatalog *req,
                              s_ids_t *enterprises, s_ids_t *products, int *reported)
{
    char path[64];
    for (size_t i = 0; i < req->n_enterprises; i++) {
        s_row_report_t row = {call, s_line(req->enterprise_lines, req->n_enterprise_lines, i),
                              reported};
        snprintf(path, sizeof path, "enterprises[%zu]", i);
        if (catalog_validate_enterprise(req->enterprises[i], path, s_row_problem, &row))
            continue;
        if (s_ids_have(enterprises, req->enterprises[i]->id))
            s_row_problem(&row, dure_arena_printf(dure_call_arena(call), "%s.id", path),
                          "the same id is imported twice");
        enterprises->ids[enterprises->count++] = req->enterprises[i]->id;
    }
    for (size_t i = 0; i < req->n_products; i++) {
        s_row_report_t row = {call, s_line(req->product_lines, req->n_product_lines, i),
                              reported};
        snprintf(path, sizeof path, "products[%zu]", i);
        if (catalog_validate_product(req->products[i], path, s_row_problem, &row))
            continue;
        if (s_ids_have(products, req->products[i]->id))
            s_row_problem(&row, dure_arena_printf(dure_call_arena(call), "%s.id", path),
                          "the same id is imported twice");
        products->ids[products->count++] = req->products[i]->id;
    }
    for (size_t i = 0; i < req->n_campaigns; i++) {
        s_row_report_t row = {call, s_line(req->campaign_lines, req->n_campaign_lines, i),
                              reported};
        snprintf(path, sizeof path, "campaigns[%zu]", i);
        catalog_validate_campaign(req->campaigns[i], path, s_row_problem, &row);
    }
}

/* Checks the references of valid rows: sellers, and campaigns' products. */
static int s_import_refs(dure_call_t *call, const Dure__V1__ImportCatalog *req,
                         s_ids_t *enterprises, s_ids_t *products)
{
    dure_arena_t *arena = dure_call_arena(call);
    size_t n = req->n_products, count = 0;
    const char **ids = DURE_ARENA_NEW(arena, const char *, n + 1);
    const char **fields = DURE_ARENA_NEW(arena, const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        int line = s_line(req->product_lines, req->n_product_lines, i);
        ids[count] = req->products[i]->enterprise_id;
        fields[count++] = line ? dure_arena_printf(arena, "products[%zu].enterprise_id (line %d)",
                                                   i, line)
                               : dure_arena_printf(arena, "products[%zu].enterprise_id", i);
    }
    if (s_check_refs(call, CATALOG_ENTERPRISES, ids, fields, count, s_ids_have, enterprises) != 0)
        return -1;
    for (size_t i = 0; i < req->n_campaigns; i++) {
        char path[64];
        snprintf(path, sizeof path, "campaigns[%zu]", i);
        if (s_check_campaign_products(call, req->campaigns[i], path, s_ids_have, products) != 0)
            return -1;
    }
    return 0;
}

/* Writes every row of a valid import. Returns 0 or -1. */
static int s_import_write(dure_call_t *call, const Dure__V1__ImportCatalog *req)
{
    catalog_t *catalog = dure_call_state(call);
    catalog_store_t *store = catalog_store(catalog);
    dure_arena_t *arena = dure_call_arena(call);
    if (catalog_store_lock_writes(store) != 0)
        return -1;
    for (size_t i = 0; i < req->n_enterprises; i++) {
        Dure__V1__Enterprise *stored;
        catalog_write_t outcome;
        if (catalog_store_upsert_enterprise(store, req->enterprises[i], arena, &stored,
                                            &outcome) != 0)
            return -1;
        if (outcome == CATALOG_WRITE_CONFLICT) {
            dure_call_fail(call, DURE__V1__CODE__CODE_CONFLICT,
                           "enterprises[%zu]: %s changed since version %lld", i,
                           req->enterprises[i]->id, (long long) req->enterprises[i]->version);
            return 0;
        }
        if (outcome != CATALOG_WRITE_UNCHANGED)
            catalog_changed_enterprise(catalog, stored->id);
    }
    for (size_t i = 0; i < req->n_products && !dure_call_failed(call); i++) {
        Dure__V1__Product *stored;
        if (s_write_product(call, req->products[i], &stored) != 0)
            return -1;
    }
    for (size_t i = 0; i < req->n_campaigns && !dure_call_failed(call); i++) {
        Dure__V1__Campaign *stored;
        catalog_write_t outcome;
        if (catalog_store_upsert_campaign(store, req->campaigns[i], arena, &stored, &outcome) != 0)
            return -1;
        if (outcome != CATALOG_WRITE_UNCHANGED)
            catalog_changed_campaigns(catalog);
    }
    return 0;
}

int catalog_handle_import(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ImportCatalog *req = (const Dure__V1__ImportCatalog *) request;
    if (req->n_enterprises + req->n_products + req->n_campaigns == 0)
        dure_call_field_error(call, "products", "the import is empty");
    if (req->n_enterprises > S_IMPORT_ROWS_MAX || req->n_products > S_IMPORT_ROWS_MAX ||
        req->n_campaigns > S_IMPORT_ROWS_MAX)
        dure_call_field_error(call, "products", "more than %d rows of one kind: split the import",
                              S_IMPORT_ROWS_MAX);
    if (dure_call_failed(call))
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    s_ids_t enterprises = {DURE_ARENA_NEW(arena, char *, req->n_enterprises + 1), 0};
    s_ids_t products = {DURE_ARENA_NEW(arena, char *, req->n_products + 1), 0};
    int reported = 0;
    s_import_validate(call, req, &enterprises, &products, &reported);
    if (!dure_call_failed(call) && s_import_refs(call, req, &enterprises, &products) != 0)
        return -1;
    if (reported > S_IMPORT_ERRORS_MAX)
        dure_call_fail(call, DURE__V1__CODE__CODE_INVALID_ARGUMENT,
                       "%d problems in the import (the first %d are listed); nothing imported",
                       reported, S_IMPORT_ERRORS_MAX);
    if (dure_call_failed(call))
        return 0;
    if (s_import_write(call, req) != 0)
        return catalog_db_failed(call);
    if (dure_call_failed(call))
        return 0;
    Dure__V1__ImportCatalogReply reply = DURE__V1__IMPORT_CATALOG_REPLY__INIT;
    reply.enterprises = (int32_t) req->n_enterprises;
    reply.products = (int32_t) req->n_products;
    reply.campaigns = (int32_t) req->n_campaigns;
    dure_call_reply(call, &reply.base);
    return 0;
}
