/*  store_read.c - the order service's reads: one order, lists with keyset paging, shipment
    statuses, and the sums behind sales reports.

    Rows become protobuf messages allocated in the caller's arena, so nothing here needs
    freeing by the caller. Page tokens are "<created_at in microseconds>.<order id>" of the
    last order of a page: the next page starts strictly after it in (created_at, id) order,
    stable while new orders arrive.
*/
#include "store_internal.h"

#define S_MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"
#define S_REVENUE_STATUSES "(2, 4, 5, 6)" /* CONFIRMED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED */

static char *s_text(dure_arena_t *arena, const PGresult *res, int row, int col)
{
    return dure_arena_strdup(arena, PQgetvalue(res, row, col));
}

static const char s_order_columns[] =
    "id, customer_id, channel, institution, status, postcode, line1, line2, recipient, phone, "
    "total_krw, supply_krw, vat_krw, payment_ref, campaign_id, " S_MS("created_at") ", "
    "coalesce(import_ref, ''), " S_MS("created_at") " * 1000";

/* protobuf-c allocator over an arena: messages unpacked with it die with the arena. */
static void *s_arena_alloc(void *arena, size_t size)
{
    return dure_arena_alloc(arena, size);
}

static void s_arena_free(void *arena, void *pointer)
{
    (void) arena;
    (void) pointer;
}

static Dure__V1__Order *s_order(dure_arena_t *arena, const PGresult *res, int r)
{
    Dure__V1__Order *o = DURE_ARENA_NEW(arena, Dure__V1__Order, 1);
    dure__v1__order__init(o);
    Dure__V1__Address *a = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
    dure__v1__address__init(a);
    o->id = s_text(arena, res, r, 0);
    o->customer_id = s_text(arena, res, r, 1);
    o->channel = (Dure__V1__Channel) atoi(PQgetvalue(res, r, 2));
    o->institution = s_text(arena, res, r, 3);
    o->status = (Dure__V1__OrderStatus) atoi(PQgetvalue(res, r, 4));
    a->postcode = s_text(arena, res, r, 5);
    a->line1 = s_text(arena, res, r, 6);
    a->line2 = s_text(arena, res, r, 7);
    a->recipient = s_text(arena, res, r, 8);
    a->phone = s_text(arena, res, r, 9);
    o->address = a;
    o->total_krw = atoll(PQgetvalue(res, r, 10));
    o->supply_krw = atoll(PQgetvalue(res, r, 11));
    o->vat_krw = atoll(PQgetvalue(res, r, 12));
    o->payment_ref = s_text(arena, res, r, 13);
    o->campaign_id = s_text(arena, res, r, 14);
    o->created_at_ms = atoll(PQgetvalue(res, r, 15));
    o->import_ref = s_text(arena, res, r, 16);
    return o;
}

static Dure__V1__OrderLine *s_line(dure_arena_t *arena, const PGresult *res, int r)
{
    Dure__V1__OrderLine *l = DURE_ARENA_NEW(arena, Dure__V1__OrderLine, 1);
    dure__v1__order_line__init(l);
    Dure__V1__Dimensions *d = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(d);
    l->product_id = s_text(arena, res, r, 1);
    l->product_name = s_text(arena, res, r, 2);
    l->enterprise_id = s_text(arena, res, r, 3);
    l->category = s_text(arena, res, r, 4);
    l->region = s_text(arena, res, r, 5);
    l->quantity = atoll(PQgetvalue(res, r, 6));
    l->unit_price_krw = atoll(PQgetvalue(res, r, 7));
    l->line_total_krw = atoll(PQgetvalue(res, r, 8));
    l->tax_class = (Dure__V1__TaxClass) atoi(PQgetvalue(res, r, 9));
    l->physical = strcmp(PQgetvalue(res, r, 10), "t") == 0;
    d->length_mm = atoi(PQgetvalue(res, r, 11));
    d->width_mm = atoi(PQgetvalue(res, r, 12));
    d->height_mm = atoi(PQgetvalue(res, r, 13));
    l->size = d;
    l->weight_g = atoi(PQgetvalue(res, r, 14));
    l->temperature = (Dure__V1__TemperatureClass) atoi(PQgetvalue(res, r, 15));
    l->fragile = strcmp(PQgetvalue(res, r, 16), "t") == 0;
    return l;
}

/* Attaches the lines of the orders (sorted by id in the result) to each order. */
/* Attaches the order's lines. A plain equality on the key's first column: the statement is
   prepared once, and a cached plan for "= ANY(array)" may keep scanning the whole table
   after it has grown. */
static int s_attach_lines(order_store_t *self, Dure__V1__Order *o, dure_arena_t *arena)
{
    const char *params[] = {o->id};
    PGresult *res = dure_db_query(
        self->db, "order_lines_of",
        "SELECT order_id, product_id, product_name, enterprise_id, category, region, quantity, "
        "unit_price_krw, line_total_krw, tax_class, physical, length_mm, width_mm, height_mm, "
        "weight_g, temperature, fragile FROM order_lines WHERE order_id = $1 ORDER BY line_no",
        1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    o->lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLine *, rows ? rows : 1);
    for (int r = 0; r < rows; r++)
        o->lines[r] = s_line(arena, res, r);
    o->n_lines = (size_t) rows;
    PQclear(res);
    return 0;
}

static int s_history(order_store_t *self, Dure__V1__Order *o, dure_arena_t *arena)
{
    const char *params[] = {o->id};
    PGresult *res = dure_db_query(self->db, "order_history_of",
                                  "SELECT status, " S_MS("at") ", cause_type, cause_id, note "
                                  "FROM order_history WHERE order_id = $1 ORDER BY seq",
                                  1, params);
    if (!res)
        return -1;
    int n = PQntuples(res);
    o->history = DURE_ARENA_NEW(arena, Dure__V1__OrderHistoryEntry *, n ? n : 1);
    for (int r = 0; r < n; r++) {
        Dure__V1__OrderHistoryEntry *h = DURE_ARENA_NEW(arena, Dure__V1__OrderHistoryEntry, 1);
        dure__v1__order_history_entry__init(h);
        h->status = (Dure__V1__OrderStatus) atoi(PQgetvalue(res, r, 0));
        h->at_ms = atoll(PQgetvalue(res, r, 1));
        h->cause_type = s_text(arena, res, r, 2);
        h->cause_id = s_text(arena, res, r, 3);
        h->note = s_text(arena, res, r, 4);
        o->history[r] = h;
    }
    o->n_history = (size_t) n;
    PQclear(res);
    return 0;
}

static int s_shipments(order_store_t *self, Dure__V1__Order *o, dure_arena_t *arena)
{
    const char *params[] = {o->id};
    PGresult *res = dure_db_query(self->db, "order_shipments_of",
                                  "SELECT shipment_id, enterprise_id, status, "
                                  S_MS("updated_at") " FROM order_shipments "
                                  "WHERE order_id = $1 ORDER BY shipment_id",
                                  1, params);
    if (!res)
        return -1;
    int n = PQntuples(res);
    o->shipments = DURE_ARENA_NEW(arena, Dure__V1__OrderShipment *, n ? n : 1);
    for (int r = 0; r < n; r++) {
        Dure__V1__OrderShipment *s = DURE_ARENA_NEW(arena, Dure__V1__OrderShipment, 1);
        dure__v1__order_shipment__init(s);
        s->shipment_id = s_text(arena, res, r, 0);
        s->enterprise_id = s_text(arena, res, r, 1);
        s->status = (Dure__V1__ShipmentStatus) atoi(PQgetvalue(res, r, 2));
        s->updated_at_ms = atoll(PQgetvalue(res, r, 3));
        o->shipments[r] = s;
    }
    o->n_shipments = (size_t) n;
    PQclear(res);
    return 0;
}

int order_store_get(order_store_t *self, const char *id, int full, dure_arena_t *arena,
                    Dure__V1__Order **out)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT %s FROM orders WHERE id = $1", s_order_columns);
    const char *params[] = {id};
    PGresult *res = dure_db_query(self->db, "order_get", sql, 1, params);
    if (!res)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return 0;
    }
    Dure__V1__Order *o = s_order(arena, res, 0);
    PQclear(res);
    if (s_attach_lines(self, o, arena) != 0)
        return -1;
    if (full && (s_history(self, o, arena) != 0 || s_shipments(self, o, arena) != 0))
        return -1;
    *out = o;
    return 1;
}

int order_store_sellers(order_store_t *self, const char *id, dure_arena_t *arena,
                        Dure__V1__Enterprise ***out)
{
    const char *params[] = {id};
    PGresult *res = dure_db_query(self->db, "order_sellers_of",
                                  "SELECT encode(seller, 'hex') FROM order_sellers "
                                  "WHERE order_id = $1 ORDER BY enterprise_id",
                                  1, params);
    if (!res)
        return -1;
    int n = PQntuples(res), kept = 0;
    *out = DURE_ARENA_NEW(arena, Dure__V1__Enterprise *, n ? n : 1);
    for (int r = 0; r < n; r++) {
        size_t len = 0;
        unsigned char *bytes = PQunescapeBytea(
            (const unsigned char *) dure_arena_printf(arena, "\\x%s", PQgetvalue(res, r, 0)),
            &len);
        if (!bytes)
            continue;
        ProtobufCAllocator allocator = {s_arena_alloc, s_arena_free, arena};
        (*out)[kept] = dure__v1__enterprise__unpack(&allocator, len, bytes);
        PQfreemem(bytes);
        kept += (*out)[kept] != NULL;
    }
    PQclear(res);
    return kept;
}

int order_store_shipment_statuses(order_store_t *self, const char *order_id,
                                  dure_arena_t *arena, Dure__V1__ShipmentStatus **out)
{
    const char *params[] = {order_id};
    PGresult *res = dure_db_query(self->db, "order_shipment_statuses",
                                  "SELECT status FROM order_shipments WHERE order_id = $1", 1,
                                  params);
    if (!res)
        return -1;
    int n = PQntuples(res);
    *out = DURE_ARENA_NEW(arena, Dure__V1__ShipmentStatus, n ? n : 1);
    for (int r = 0; r < n; r++)
        (*out)[r] = (Dure__V1__ShipmentStatus) atoi(PQgetvalue(res, r, 0));
    PQclear(res);
    return n;
}

int order_store_status(order_store_t *self, const char *id, order_change_t *out)
{
    const char *params[] = {id};
    PGresult *res = dure_db_query(
        self->db, "order_status",
        "SELECT o.status, h.seq, " S_MS("h.at") " FROM orders o JOIN order_history h ON "
        "h.order_id = o.id WHERE o.id = $1 ORDER BY h.seq DESC LIMIT 1",
        1, params);
    if (!res)
        return -1;
    int found = PQntuples(res) == 1;
    if (found) {
        snprintf(out->id, sizeof out->id, "%s", id);
        out->status = (order_status_t) atoi(PQgetvalue(res, 0, 0));
        out->version = atoi(PQgetvalue(res, 0, 1));
        out->at_ms = atoll(PQgetvalue(res, 0, 2));
    }
    PQclear(res);
    return found;
}
