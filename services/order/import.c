/*  import.c - ImportOrders: past orders from the older shop, all or nothing, idempotent by
    the old order number.

    Every row is checked (with its source line in the message) and the rows of one order
    must agree on time, customer and channel and name each product once. Products are
    looked up in the catalog (GetProducts) for their category, seller, tax class and size;
    the sellers' regions come from ListEnterprises and the campaigns from one ListCampaigns,
    each order getting the campaign whose dates hold its day in the mall's time zone (done
    by the store in SQL). Imported orders are DELIVERED: they count in reports like live
    ones. One statement writes everything; order numbers imported before are skipped.
*/
#include "handlers.h"
#include "validate.h"

#include <json-c/json.h>

#define S_MAX_ROWS 200000          /* rows of one request */
#define S_MAX_UNIT_PRICE 1000000000LL /* won per unit */
#define S_GET_PRODUCTS_MAX 500     /* ids per GetProducts, as catalog.proto says */
#define S_PAGE 500                 /* enterprises per ListEnterprises page */

typedef struct {
    const Dure__V1__ImportOrderRow *row; /* borrowed from the request */
    size_t index;                        /* position in the request */
    int64_t at_ms;                       /* parsed ordered_at */
} s_row_t;

typedef struct {
    char *id;                            /* product id, the sort key */
    char *name, *enterprise_id, *category, *region;
    Dure__V1__TaxClass tax_class;
    int physical, fragile, weight_g;
    Dure__V1__Dimensions size;
    Dure__V1__TemperatureClass temperature;
} s_product_t;

static int s_by_order_no(const void *a, const void *b)
{
    const s_row_t *x = a, *y = b;
    int c = strcmp(x->row->order_no, y->row->order_no);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int s_by_id(const void *a, const void *b)
{
    return strcmp(((const s_product_t *) a)->id, ((const s_product_t *) b)->id);
}

/* Checks one row's fields. */
static void s_check_row(dure_call_t *call, s_row_t *r)
{
    const Dure__V1__ImportOrderRow *row = r->row;
    size_t i = r->index;
    char field[64];
#define S_BAD(name, ...)                                                                        \
    do {                                                                                        \
        snprintf(field, sizeof field, "rows[%zu].%s", i, name);                                 \
        dure_call_field_error(call, field, "line %d: " __VA_ARGS__);                            \
    } while (0)
    if (!row->order_no || !*row->order_no || strlen(row->order_no) > ORDER_MAX_ID)
        S_BAD("order_no", "must be 1 to %d bytes", row->source_line, ORDER_MAX_ID);
    if (order_parse_time(row->ordered_at, &r->at_ms) != 0)
        S_BAD("ordered_at", "\"%s\" is not an ISO 8601 time with an offset", row->source_line,
              row->ordered_at);
    if (!row->customer_id || !*row->customer_id || strlen(row->customer_id) > ORDER_MAX_ID)
        S_BAD("customer_id", "must be 1 to %d bytes", row->source_line, ORDER_MAX_ID);
    if (row->channel < DURE__V1__CHANNEL__CHANNEL_B2C || row->channel > DURE__V1__CHANNEL__CHANNEL_B2G)
        S_BAD("channel", "must be B2C, B2B or B2G", row->source_line);
    if (!row->product_id || !*row->product_id || strlen(row->product_id) > ORDER_MAX_ID)
        S_BAD("product_id", "must be 1 to %d bytes", row->source_line, ORDER_MAX_ID);
    if (row->quantity < 1 || row->quantity > ORDER_MAX_QUANTITY)
        S_BAD("quantity", "must be between 1 and %d", row->source_line, ORDER_MAX_QUANTITY);
    if (row->unit_price_krw < 0 || row->unit_price_krw > S_MAX_UNIT_PRICE)
        S_BAD("unit_price_krw", "must be between 0 and %lld won", row->source_line,
              S_MAX_UNIT_PRICE);
}

/* Checks that the rows of each order agree (rows sorted by order number). */
static void s_check_orders(dure_call_t *call, const s_row_t *rows, size_t n)
{
    char field[64];
    for (size_t i = 1; i < n; i++) {
        const s_row_t *a = &rows[i - 1], *b = &rows[i];
        if (strcmp(a->row->order_no, b->row->order_no) != 0)
            continue;
        size_t k = b->index;
        const char *what = a->at_ms != b->at_ms ? "ordered_at"
                           : strcmp(a->row->customer_id, b->row->customer_id) ? "customer_id"
                           : a->row->channel != b->row->channel              ? "channel"
                                                                             : NULL;
        if (what) {
            snprintf(field, sizeof field, "rows[%zu].%s", k, what);
            dure_call_field_error(call, field, "line %d: order %s has another %s on line %d",
                                  b->row->source_line, b->row->order_no, what,
                                  a->row->source_line);
        }
        for (size_t j = i; j-- > 0 && strcmp(rows[j].row->order_no, b->row->order_no) == 0;)
            if (strcmp(rows[j].row->product_id, b->row->product_id) == 0) {
                snprintf(field, sizeof field, "rows[%zu].product_id", k);
                dure_call_field_error(call, field, "line %d: product %s is already on line %d",
                                      b->row->source_line, b->row->product_id,
                                      rows[j].row->source_line);
                break;
            }
    }
}

/* Sends a request to the catalog; on no answer or a failure, fails the call. Returns 0
   with res holding the reply, or 1 (res cleared). */
static int s_catalog(dure_call_t *call, const ProtobufCMessage *req,
                     const ProtobufCMessageDescriptor *reply, dure_response_t *res)
{
    dure_client_t *catalog = dure_service_peer(dure_call_service(call), "catalog");
    memset(res, 0, sizeof *res);
    if (catalog)
        dure_client_call(catalog, req, NULL, dure_call_envelope(call)->id, reply, res);
    if (catalog && res->code == DURE__V1__CODE__CODE_OK && res->payload)
        return 0;
    dure_call_fail(call, DURE__V1__CODE__CODE_UNAVAILABLE, "catalog: %s %s; nothing imported",
                   dure_code_name(catalog ? res->code : DURE__V1__CODE__CODE_UNAVAILABLE),
                   catalog ? res->message : "endpoint not usable");
    dure_response_clear(res);
    return 1;
}

static char *s_dup(dure_arena_t *arena, const char *text)
{
    return dure_arena_strdup(arena, text ? text : "");
}

/* Fetches the distinct products of the rows (sorted by id into *out). Returns the count, or
   -1 when the call failed (already answered). */
static long s_products(dure_call_t *call, const s_row_t *rows, size_t n, s_product_t **out)
{
    dure_arena_t *arena = dure_call_arena(call);
    char **ids = DURE_ARENA_NEW(arena, char *, n);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        ids[distinct++] = rows[i].row->product_id;
    qsort(ids, distinct, sizeof *ids, (int (*)(const void *, const void *)) strcmp);
    size_t u = 0;
    for (size_t i = 0; i < distinct; i++)
        if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
            ids[u++] = ids[i];
    s_product_t *products = DURE_ARENA_NEW(arena, s_product_t, u ? u : 1);
    size_t found = 0;
    for (size_t from = 0; from < u; from += S_GET_PRODUCTS_MAX) {
        Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
        req.ids = ids + from;
        req.n_ids = u - from < S_GET_PRODUCTS_MAX ? u - from : S_GET_PRODUCTS_MAX;
        dure_response_t res;
        if (s_catalog(call, &req.base, &dure__v1__get_products_reply__descriptor, &res))
            return -1;
        const Dure__V1__GetProductsReply *reply = (const void *) res.payload;
        for (size_t i = 0; i < reply->n_products && found < u; i++) {
            const Dure__V1__Product *p = reply->products[i];
            s_product_t *d = &products[found++];
            d->id = s_dup(arena, p->id);
            d->name = s_dup(arena, p->name);
            d->enterprise_id = s_dup(arena, p->enterprise_id);
            d->category = s_dup(arena, p->category);
            d->region = "";
            d->tax_class = p->tax_class;
            d->physical = p->physical;
            d->fragile = p->fragile;
            d->weight_g = p->weight_g;
            d->temperature = p->temperature;
            if (p->size)
                d->size = *p->size;
        }
        dure_response_clear(&res);
    }
    qsort(products, found, sizeof *products, s_by_id);
    *out = products;
    return (long) found;
}

/* Fills each product's region from the catalog's enterprises. Returns 0 or 1 (answered). */
static int s_regions(dure_call_t *call, s_product_t *products, size_t n)
{
    dure_arena_t *arena = dure_call_arena(call);
    char *token = "";
    for (int page = 0; page < 1000; page++) {
        Dure__V1__PageRequest pr = DURE__V1__PAGE_REQUEST__INIT;
        pr.page_size = S_PAGE;
        pr.page_token = token;
        Dure__V1__ListEnterprises req = DURE__V1__LIST_ENTERPRISES__INIT;
        req.page = &pr;
        dure_response_t res;
        if (s_catalog(call, &req.base, &dure__v1__list_enterprises_reply__descriptor, &res))
            return 1;
        const Dure__V1__ListEnterprisesReply *reply = (const void *) res.payload;
        for (size_t e = 0; e < reply->n_enterprises; e++)
            for (size_t i = 0; i < n; i++)
                if (strcmp(products[i].enterprise_id, reply->enterprises[e]->id) == 0)
                    products[i].region = s_dup(arena, reply->enterprises[e]->region);
        token = s_dup(arena, reply->next_page_token);
        dure_response_clear(&res);
        if (!*token)
            break;
    }
    return 0;
}

/* The catalog's campaigns as a JSON array for the store, or NULL (answered). */
static char *s_campaigns(dure_call_t *call)
{
    Dure__V1__ListCampaigns req = DURE__V1__LIST_CAMPAIGNS__INIT;
    dure_response_t res;
    if (s_catalog(call, &req.base, &dure__v1__list_campaigns_reply__descriptor, &res))
        return NULL;
    const Dure__V1__ListCampaignsReply *reply = (const void *) res.payload;
    json_object *array = json_object_new_array();
    for (size_t i = 0; i < reply->n_campaigns; i++) {
        const Dure__V1__Campaign *c = reply->campaigns[i];
        if (strlen(c->starts_on) != 10 || strlen(c->ends_on) != 10)
            continue;
        json_object *o = json_object_new_object();
        json_object_object_add(o, "id", json_object_new_string(c->id));
        json_object_object_add(o, "name", json_object_new_string(c->name));
        json_object_object_add(o, "starts_on", json_object_new_string(c->starts_on));
        json_object_object_add(o, "ends_on", json_object_new_string(c->ends_on));
        json_object_array_add(array, o);
    }
    dure_response_clear(&res);
    char *text = dure_arena_strdup(dure_call_arena(call),
                                   json_object_to_json_string_ext(array, JSON_C_TO_STRING_PLAIN));
    json_object_put(array);
    return text;
}

/* Adds one line to the lines array. */
static void s_add_line(json_object *lines, const char *order_id, int line_no,
                       const Dure__V1__ImportOrderRow *row, const s_product_t *p, int64_t total)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "order_id", json_object_new_string(order_id));
    json_object_object_add(o, "line_no", json_object_new_int(line_no));
    json_object_object_add(o, "product_id", json_object_new_string(row->product_id));
    json_object_object_add(o, "product_name", json_object_new_string(p->name));
    json_object_object_add(o, "enterprise_id", json_object_new_string(p->enterprise_id));
    json_object_object_add(o, "category", json_object_new_string(p->category));
    json_object_object_add(o, "region", json_object_new_string(p->region));
    json_object_object_add(o, "quantity", json_object_new_int64(row->quantity));
    json_object_object_add(o, "unit_price_krw", json_object_new_int64(row->unit_price_krw));
    json_object_object_add(o, "line_total_krw", json_object_new_int64(total));
    json_object_object_add(o, "tax_class", json_object_new_int(p->tax_class));
    json_object_object_add(o, "physical", json_object_new_boolean(p->physical));
    json_object_object_add(o, "length_mm", json_object_new_int(p->size.length_mm));
    json_object_object_add(o, "width_mm", json_object_new_int(p->size.width_mm));
    json_object_object_add(o, "height_mm", json_object_new_int(p->size.height_mm));
    json_object_object_add(o, "weight_g", json_object_new_int(p->weight_g));
    json_object_object_add(o, "temperature", json_object_new_int(p->temperature));
    json_object_object_add(o, "fragile", json_object_new_boolean(p->fragile));
    json_object_array_add(lines, o);
}

/* Adds one order (rows[from, to) of the sorted rows) to the arrays. Returns 0, or -1 when
   its total overflows (a field error is added). */
static int s_add_order(dure_call_t *call, const s_row_t *rows, size_t from, size_t to,
                       const s_product_t *products, size_t n_products, json_object *orders,
                       json_object *lines)
{
    char id[DURE_ID_LEN], field[64];
    dure_id_new(id);
    int64_t total = 0, taxable = 0, supply, vat;
    for (size_t i = from; i < to; i++) {
        const Dure__V1__ImportOrderRow *row = rows[i].row;
        s_product_t key = {.id = row->product_id};
        const s_product_t *p = bsearch(&key, products, n_products, sizeof key, s_by_id);
        int64_t line_total;
        if (order_line_total(row->unit_price_krw, row->quantity, &line_total) != 0 ||
            order_total_add(&total, line_total) != 0) {
            snprintf(field, sizeof field, "rows[%zu].quantity", rows[i].index);
            dure_call_field_error(call, field, "line %d: the order total would overflow",
                                  row->source_line);
            return -1;
        }
        if (p->tax_class != DURE__V1__TAX_CLASS__TAX_EXEMPT)
            taxable += line_total;
        s_add_line(lines, id, (int) (i - from) + 1, row, p, line_total);
    }
    order_vat_split(total, taxable, &supply, &vat);
    const Dure__V1__ImportOrderRow *first = rows[from].row;
    json_object *o = json_object_new_object();
    json_object_object_add(o, "id", json_object_new_string(id));
    json_object_object_add(o, "import_ref", json_object_new_string(first->order_no));
    json_object_object_add(o, "customer_id", json_object_new_string(first->customer_id));
    json_object_object_add(o, "channel", json_object_new_int(first->channel));
    json_object_object_add(o, "created_at_ms", json_object_new_int64(rows[from].at_ms));
    json_object_object_add(o, "total_krw", json_object_new_int64(total));
    json_object_object_add(o, "supply_krw", json_object_new_int64(supply));
    json_object_object_add(o, "vat_krw", json_object_new_int64(vat));
    json_object_array_add(orders, o);
    return 0;
}

/* Reports rows whose product the catalog does not know. */
static void s_check_products(dure_call_t *call, const s_row_t *rows, size_t n,
                             const s_product_t *products, size_t n_products)
{
    char field[64];
    for (size_t i = 0; i < n; i++) {
        s_product_t key = {.id = rows[i].row->product_id};
        if (!bsearch(&key, products, n_products, sizeof key, s_by_id)) {
            snprintf(field, sizeof field, "rows[%zu].product_id", rows[i].index);
            dure_call_field_error(call, field, "line %d: unknown product %s",
                                  rows[i].row->source_line, rows[i].row->product_id);
        }
    }
}

/* Builds the JSON arrays and writes them. Returns 0, or -1 on a database error. */
static int s_write(dure_call_t *call, const s_row_t *rows, size_t n, const s_product_t *products,
                   size_t n_products, const char *campaigns)
{
    order_service_t *svc = dure_call_state(call);
    json_object *orders = json_object_new_array(), *lines = json_object_new_array();
    size_t count = 0;
    for (size_t from = 0, to; from < n; from = to, count++) {
        for (to = from + 1; to < n && strcmp(rows[to].row->order_no, rows[from].row->order_no) == 0;)
            to++;
        if (s_add_order(call, rows, from, to, products, n_products, orders, lines) != 0)
            break;
    }
    int rc = 0, imported = 0, written = 0;
    if (!dure_call_failed(call))
        rc = order_store_import(svc->store,
                                json_object_to_json_string_ext(orders, JSON_C_TO_STRING_PLAIN),
                                json_object_to_json_string_ext(lines, JSON_C_TO_STRING_PLAIN),
                                campaigns, dure_call_envelope(call)->id, &imported, &written);
    json_object_put(orders);
    json_object_put(lines);
    if (rc != 0 || dure_call_failed(call))
        return rc;
    Dure__V1__ImportOrdersReply reply = DURE__V1__IMPORT_ORDERS_REPLY__INIT;
    reply.orders_imported = imported;
    reply.orders_skipped = (int32_t) count - imported;
    reply.lines = written;
    dure_call_reply(call, &reply.base);
    dure_log_info("imported %d past orders (%d lines), skipped %d imported before", imported,
                  written, (int) count - imported);
    return 0;
}

int order_handle_import(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ImportOrders *req = (const Dure__V1__ImportOrders *) request;
    if (req->n_rows == 0 || req->n_rows > S_MAX_ROWS) {
        dure_call_field_error(call, "rows", "must hold 1 to %d rows, not %zu", S_MAX_ROWS,
                              req->n_rows);
        return 0;
    }
    s_row_t *rows = DURE_ARENA_NEW(dure_call_arena(call), s_row_t, req->n_rows);
    for (size_t i = 0; i < req->n_rows; i++) {
        rows[i] = (s_row_t){.row = req->rows[i], .index = i};
        s_check_row(call, &rows[i]);
    }
    if (dure_call_failed(call))
        return 0;
    qsort(rows, req->n_rows, sizeof *rows, s_by_order_no);
    s_check_orders(call, rows, req->n_rows);
    if (dure_call_failed(call))
        return 0;
    s_product_t *products = NULL;
    long n_products = s_products(call, rows, req->n_rows, &products);
    if (n_products < 0)
        return 0;
    s_check_products(call, rows, req->n_rows, products, (size_t) n_products);
    if (dure_call_failed(call) || s_regions(call, products, (size_t) n_products))
        return 0;
    char *campaigns = s_campaigns(call);
    if (!campaigns)
        return 0;
    return s_write(call, rows, req->n_rows, products, (size_t) n_products, campaigns);
}
