/*  handlers.c - the catalog's read requests and the route table.

    Reads check their input first (every bad field reported, nothing read), then go through
    the catalog state, which serves Redis when it can and PostgreSQL otherwise. Listings are
    keyset-paged by product or enterprise id: the page token is the last id of the previous
    page, which stays correct while rows are added.
*/
#include "handlers.h"
#include "pricing.h"
#include "validate.h"

#include <string.h>

#define S_ROUTE(req, rep, fn) {&dure__v1__##req##__descriptor, &dure__v1__##rep##__descriptor, fn}
/* Reads run outside the batch transaction, so a cache hit touches no database. */
#define S_READ(req, rep, fn) {&dure__v1__##req##__descriptor, &dure__v1__##rep##__descriptor, fn, 1}
/* A read whose prepare notes what the batch's handlers will read, for one read of it all. */
#define S_READ_PREPARED(req, rep, fn, prepare)                                                     \
    {&dure__v1__##req##__descriptor, &dure__v1__##rep##__descriptor, fn, 1, prepare}

const dure_route_t catalog_request_routes[] = {
    S_READ(get_products, get_products_reply, catalog_handle_get_products),
    S_READ(list_products, list_products_reply, catalog_handle_list_products),
    S_READ(list_enterprises, list_enterprises_reply, catalog_handle_list_enterprises),
    S_READ(list_categories, list_categories_reply, catalog_handle_list_categories),
    S_READ(list_campaigns, list_campaigns_reply, catalog_handle_list_campaigns),
    S_READ_PREPARED(quote_prices, quote_prices_reply, catalog_handle_quote_prices,
                    catalog_prepare_quote_prices),
    S_ROUTE(upsert_enterprise, upsert_enterprise_reply, catalog_handle_upsert_enterprise),
    S_ROUTE(upsert_product, upsert_product_reply, catalog_handle_upsert_product),
    S_ROUTE(set_stock, set_stock_reply, catalog_handle_set_stock),
    S_ROUTE(upsert_campaign, upsert_campaign_reply, catalog_handle_upsert_campaign),
    S_ROUTE(import_catalog, import_catalog_reply, catalog_handle_import),
};
const size_t catalog_request_route_count =
    sizeof catalog_request_routes / sizeof catalog_request_routes[0];

void catalog_report_field(void *call, const char *field, const char *problem)
{
    dure_call_field_error(call, field, "%s", problem);
}

int catalog_db_failed(dure_call_t *call)
{
    dure_db_t *db = dure_service_db(dure_call_service(call));
    const char *state = dure_db_sqlstate(db);
    if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0) {
        dure_call_fail(call, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "refused by the database: %s",
                       dure_db_error(db));
        return 0;
    }
    return -1;
}

int catalog_mark_orderable(catalog_t *catalog, Dure__V1__Product **products, size_t n,
                           const char *today, dure_arena_t *arena)
{
    const char **sellers = DURE_ARENA_NEW(arena, const char *, n + 1);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!products[i])
            continue;
        size_t j = 0;
        while (j < count && strcmp(sellers[j], products[i]->enterprise_id) != 0)
            j++;
        if (j == count)
            sellers[count++] = products[i]->enterprise_id;
    }
    Dure__V1__Enterprise **found = DURE_ARENA_NEW(arena, Dure__V1__Enterprise *, count + 1);
    if (count > 0 && catalog_enterprises(catalog, sellers, count, arena, found) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!products[i])
            continue;
        const Dure__V1__Enterprise *seller = NULL;
        for (size_t j = 0; j < count && !seller; j++)
            if (strcmp(sellers[j], products[i]->enterprise_id) == 0)
                seller = found[j];
        const char *reason = catalog_unorderable_reason(products[i], seller, today);
        products[i]->orderable = reason == NULL;
        products[i]->not_orderable_reason = (char *) (reason ? reason : "");
    }
    return 0;
}

/* Checks a page request: size (0 for the default) and token (an id or ""). Returns the
   page size, or 0 after reporting a field error. */
static int s_page(dure_call_t *call, const Dure__V1__PageRequest *page, const char **after)
{
    *after = page && page->page_token ? page->page_token : "";
    int size = page && page->page_size ? page->page_size : CATALOG_PAGE_DEFAULT;
    int ok = 1;
    if (size < 1 || size > CATALOG_PAGE_MAX) {
        dure_call_field_error(call, "page.page_size", "must be 1 to %d", CATALOG_PAGE_MAX);
        ok = 0;
    }
    if (**after && catalog_check_id(*after)) {
        dure_call_field_error(call, "page.page_token", "is not a token from a previous reply");
        ok = 0;
    }
    return ok ? size : 0;
}

int catalog_handle_get_products(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__GetProducts *req = (const Dure__V1__GetProducts *) request;
    if (req->n_ids == 0 || req->n_ids > CATALOG_IDS_MAX)
        dure_call_field_error(call, "ids", "must list 1 to %d product ids", CATALOG_IDS_MAX);
    for (size_t i = 0; i < req->n_ids && i < CATALOG_IDS_MAX; i++) {
        const char *problem = catalog_check_id(req->ids[i]);
        if (problem)
            dure_call_field_error(call, dure_arena_printf(dure_call_arena(call), "ids[%zu]", i),
                                  "%s", problem);
    }
    if (dure_call_failed(call))
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    catalog_t *catalog = dure_call_state(call);
    Dure__V1__Product **found = DURE_ARENA_NEW(arena, Dure__V1__Product *, req->n_ids);
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    if (catalog_products(catalog, (const char *const *) req->ids, req->n_ids, arena, found) != 0 ||
        catalog_mark_orderable(catalog, found, req->n_ids, today, arena) != 0)
        return -1;
    Dure__V1__GetProductsReply reply = DURE__V1__GET_PRODUCTS_REPLY__INIT;
    reply.products = DURE_ARENA_NEW(arena, Dure__V1__Product *, req->n_ids);
    reply.missing = DURE_ARENA_NEW(arena, char *, req->n_ids);
    for (size_t i = 0; i < req->n_ids; i++) {
        if (found[i])
            reply.products[reply.n_products++] = found[i];
        else
            reply.missing[reply.n_missing++] = req->ids[i];
    }
    dure_call_reply(call, &reply.base);
    return 0;
}

int catalog_handle_list_products(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ListProducts *req = (const Dure__V1__ListProducts *) request;
    const char *after;
    int limit = s_page(call, req->page, &after);
    if (*req->category && catalog_check_category(req->category))
        dure_call_field_error(call, "category", "%s", catalog_check_category(req->category));
    if (*req->enterprise_id && catalog_check_id(req->enterprise_id))
        dure_call_field_error(call, "enterprise_id", "%s", catalog_check_id(req->enterprise_id));
    if (catalog_check_text(req->name_contains, 0))
        dure_call_field_error(call, "name_contains", "%s",
                              catalog_check_text(req->name_contains, 0));
    if (dure_call_failed(call))
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    catalog_t *catalog = dure_call_state(call);
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    catalog_ticket_t ticket;
    ProtobufCMessage *cached;
    if (catalog_reply_lookup(catalog, request, today, &dure__v1__list_products_reply__descriptor,
                             arena, &cached, &ticket) == 1) {
        dure_call_reply(call, cached);
        return 0;
    }
    catalog_product_query_t query = {req->category, req->enterprise_id, req->name_contains,
                                     req->include_unorderable, today, after, limit + 1};
    Dure__V1__ListProductsReply reply = DURE__V1__LIST_PRODUCTS_REPLY__INIT;
    int total = 0;
    if (catalog_store_list_products(catalog_store(catalog), &query, arena, &reply.products,
                                    &reply.n_products, &total) != 0)
        return -1;
    reply.total = total;
    if (reply.n_products > (size_t) limit) {
        reply.n_products = (size_t) limit;
        reply.next_page_token = reply.products[limit - 1]->id;
    }
    if (catalog_mark_orderable(catalog, reply.products, reply.n_products, today, arena) != 0)
        return -1;
    catalog_reply_remember(catalog, &ticket, &reply.base);
    dure_call_reply(call, &reply.base);
    return 0;
}

int catalog_handle_list_enterprises(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ListEnterprises *req = (const Dure__V1__ListEnterprises *) request;
    const char *after;
    int limit = s_page(call, req->page, &after);
    if (*req->region && catalog_check_region(req->region))
        dure_call_field_error(call, "region", "%s", catalog_check_region(req->region));
    if (dure_call_failed(call))
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    catalog_t *catalog = dure_call_state(call);
    catalog_ticket_t ticket;
    ProtobufCMessage *cached;
    if (catalog_reply_lookup(catalog, request, "any", &dure__v1__list_enterprises_reply__descriptor,
                             arena, &cached, &ticket) == 1) {
        dure_call_reply(call, cached);
        return 0;
    }
    Dure__V1__ListEnterprisesReply reply = DURE__V1__LIST_ENTERPRISES_REPLY__INIT;
    int total = 0;
    if (catalog_store_list_enterprises(catalog_store(catalog), req->region, after, limit + 1,
                                       arena, &reply.enterprises, &reply.n_enterprises,
                                       &total) != 0)
        return -1;
    reply.total = total;
    if (reply.n_enterprises > (size_t) limit) {
        reply.n_enterprises = (size_t) limit;
        reply.next_page_token = reply.enterprises[limit - 1]->id;
    }
    catalog_reply_remember(catalog, &ticket, &reply.base);
    dure_call_reply(call, &reply.base);
    return 0;
}

int catalog_handle_list_categories(dure_call_t *call, const ProtobufCMessage *request)
{
    dure_arena_t *arena = dure_call_arena(call);
    catalog_t *catalog = dure_call_state(call);
    char today[CATALOG_DATE_LEN];
    catalog_today(0, today);
    catalog_ticket_t ticket;
    ProtobufCMessage *cached;
    if (catalog_reply_lookup(catalog, request, today, &dure__v1__list_categories_reply__descriptor,
                             arena, &cached, &ticket) == 1) {
        dure_call_reply(call, cached);
        return 0;
    }
    Dure__V1__ListCategoriesReply reply = DURE__V1__LIST_CATEGORIES_REPLY__INIT;
    int products = 0, enterprises = 0;
    if (catalog_store_categories(catalog_store(catalog), today, arena, &reply.categories,
                                 &reply.n_categories, &products, &enterprises) != 0)
        return -1;
    reply.products = products;
    reply.enterprises = enterprises;
    catalog_reply_remember(catalog, &ticket, &reply.base);
    dure_call_reply(call, &reply.base);
    return 0;
}

int catalog_handle_list_campaigns(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ListCampaigns *req = (const Dure__V1__ListCampaigns *) request;
    if (*req->active_on && catalog_check_date(req->active_on)) {
        dure_call_field_error(call, "active_on", "%s", catalog_check_date(req->active_on));
        return 0;
    }
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__Campaign **all;
    size_t count;
    if (catalog_campaigns(dure_call_state(call), arena, &all, &count) != 0)
        return -1;
    Dure__V1__ListCampaignsReply reply = DURE__V1__LIST_CAMPAIGNS_REPLY__INIT;
    reply.campaigns = DURE_ARENA_NEW(arena, Dure__V1__Campaign *, count + 1);
    for (size_t i = 0; i < count; i++)
        if (!*req->active_on || catalog_campaign_active(all[i], req->active_on))
            reply.campaigns[reply.n_campaigns++] = all[i];
    dure_call_reply(call, &reply.base);
    return 0;
}

/* -- Quotes ------------------------------------------------------------------------------- */

static int s_check_quote(dure_call_t *call, const Dure__V1__QuotePrices *req)
{
    dure_arena_t *arena = dure_call_arena(call);
    if (req->n_lines == 0 || req->n_lines > CATALOG_IDS_MAX)
        dure_call_field_error(call, "lines", "must hold 1 to %d lines", CATALOG_IDS_MAX);
    for (size_t i = 0; i < req->n_lines && i < CATALOG_IDS_MAX; i++) {
        const char *problem = catalog_check_id(req->lines[i]->product_id);
        if (problem)
            dure_call_field_error(call, dure_arena_printf(arena, "lines[%zu].product_id", i),
                                  "%s", problem);
        if (req->lines[i]->quantity < 1 || req->lines[i]->quantity > CATALOG_QUANTITY_MAX)
            dure_call_field_error(call, dure_arena_printf(arena, "lines[%zu].quantity", i),
                                  "must be 1 to %d", CATALOG_QUANTITY_MAX);
    }
    if (req->at_ms < 0)
        dure_call_field_error(call, "at_ms", "must not be negative");
    return dure_call_failed(call) ? -1 : 0;
}

/* Prices one line from its product snapshot and seller. */
static void s_quote_line(Dure__V1__QuotedLine *out, const Dure__V1__QuoteLine *line,
                         Dure__V1__Product *product, Dure__V1__Enterprise *seller,
                         Dure__V1__Campaign **campaigns, size_t ncampaigns, const char *today,
                         const Dure__V1__Campaign **applied)
{
    dure__v1__quoted_line__init(out);
    out->product_id = line->product_id;
    out->quantity = line->quantity;
    const char *reason = catalog_unorderable_line(product, seller, today, line->quantity);
    out->orderable = reason == NULL;
    out->reason = (char *) (reason ? reason : "");
    if (!product)
        return;
    const Dure__V1__Campaign *from = NULL;
    int discount = catalog_best_discount(campaigns, ncampaigns, today, product, &from);
    out->list_price_krw = product->price_krw;
    out->discount_percent = discount;
    out->unit_price_krw = catalog_discounted_price(product->price_krw, discount);
    out->line_total_krw = out->unit_price_krw * line->quantity;
    out->tax_class = product->tax_class;
    out->enterprise_id = product->enterprise_id;
    out->category = product->category;
    product->orderable = catalog_unorderable_reason(product, seller, today) == NULL;
    product->not_orderable_reason = (char *) (product->orderable
                                                  ? ""
                                                  : catalog_unorderable_reason(product, seller,
                                                                               today));
    out->product = product;
    out->seller = seller;
    if (from && (!*applied || from->discount_percent > (*applied)->discount_percent))
        *applied = from;
}

int catalog_prepare_quote_prices(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__QuotePrices *req = (const Dure__V1__QuotePrices *) request;
    for (size_t i = 0; i < req->n_lines; i++)
        if (req->lines[i] && !catalog_check_id(req->lines[i]->product_id))
            catalog_note_quote(dure_call_state(call), req->lines[i]->product_id);
    return 0;
}

int catalog_handle_quote_prices(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__QuotePrices *req = (const Dure__V1__QuotePrices *) request;
    if (s_check_quote(call, req) != 0)
        return 0;
    dure_arena_t *arena = dure_call_arena(call);
    catalog_t *catalog = dure_call_state(call);
    size_t n = req->n_lines;
    char today[CATALOG_DATE_LEN];
    catalog_today(req->at_ms, today);
    const char **ids = DURE_ARENA_NEW(arena, const char *, n);
    for (size_t i = 0; i < n; i++)
        ids[i] = req->lines[i]->product_id;
    Dure__V1__Product **products = DURE_ARENA_NEW(arena, Dure__V1__Product *, n);
    Dure__V1__Enterprise **sellers = DURE_ARENA_NEW(arena, Dure__V1__Enterprise *, n);
    const char **seller_ids = DURE_ARENA_NEW(arena, const char *, n);
    Dure__V1__Campaign **campaigns;
    size_t ncampaigns;
    if (catalog_quote_products(catalog, ids, n, arena, products) != 0 ||
        catalog_campaigns(catalog, arena, &campaigns, &ncampaigns) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        seller_ids[i] = products[i] ? products[i]->enterprise_id : NULL;
    if (catalog_quote_sellers(catalog, seller_ids, n, arena, sellers) != 0)
        return -1;
    Dure__V1__QuotePricesReply reply = DURE__V1__QUOTE_PRICES_REPLY__INIT;
    reply.lines = DURE_ARENA_NEW(arena, Dure__V1__QuotedLine *, n);
    reply.n_lines = n;
    reply.orderable = 1;
    const Dure__V1__Campaign *applied = NULL;
    for (size_t i = 0; i < n; i++) {
        reply.lines[i] = DURE_ARENA_NEW(arena, Dure__V1__QuotedLine, 1);
        s_quote_line(reply.lines[i], req->lines[i], products[i], sellers[i], campaigns,
                     ncampaigns, today, &applied);
        reply.orderable = reply.orderable && reply.lines[i]->orderable;
    }
    const Dure__V1__Campaign *campaign = catalog_quote_campaign(campaigns, ncampaigns, today,
                                                                applied);
    if (campaign) {
        reply.campaign_id = campaign->id;
        reply.campaign_name = campaign->name;
    }
    dure_call_reply(call, &reply.base);
    return 0;
}
