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

#define S_ORDER_COLUMNS                                                                            \
    "id, customer_id, channel, institution, status, postcode, line1, line2, recipient, phone, "   \
    "total_krw, supply_krw, vat_krw, payment_ref, campaign_id, " S_MS("created_at") ", "         \
    "coalesce(import_ref, ''), " S_MS("created_at") " * 1000"

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

/* The columns of a line, from product_id on. */
#define S_LINE_COLUMNS                                                                             \
    "product_id, product_name, enterprise_id, category, region, quantity, unit_price_krw, "       \
    "line_total_krw, tax_class, physical, length_mm, width_mm, height_mm, weight_g, "            \
    "temperature, fragile"
#define S_LINE_NCOLUMNS 16

/* A line from row r of res, whose columns S_LINE_COLUMNS start at column c. */
static Dure__V1__OrderLine *s_line(dure_arena_t *arena, const PGresult *res, int r, int c)
{
    Dure__V1__OrderLine *l = DURE_ARENA_NEW(arena, Dure__V1__OrderLine, 1);
    dure__v1__order_line__init(l);
    Dure__V1__Dimensions *d = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(d);
    l->product_id = s_text(arena, res, r, c);
    l->product_name = s_text(arena, res, r, c + 1);
    l->enterprise_id = s_text(arena, res, r, c + 2);
    l->category = s_text(arena, res, r, c + 3);
    l->region = s_text(arena, res, r, c + 4);
    l->quantity = atoll(PQgetvalue(res, r, c + 5));
    l->unit_price_krw = atoll(PQgetvalue(res, r, c + 6));
    l->line_total_krw = atoll(PQgetvalue(res, r, c + 7));
    l->tax_class = (Dure__V1__TaxClass) atoi(PQgetvalue(res, r, c + 8));
    l->physical = strcmp(PQgetvalue(res, r, c + 9), "t") == 0;
    d->length_mm = atoi(PQgetvalue(res, r, c + 10));
    d->width_mm = atoi(PQgetvalue(res, r, c + 11));
    d->height_mm = atoi(PQgetvalue(res, r, c + 12));
    l->size = d;
    l->weight_g = atoi(PQgetvalue(res, r, c + 13));
    l->temperature = (Dure__V1__TemperatureClass) atoi(PQgetvalue(res, r, c + 14));
    l->fragile = strcmp(PQgetvalue(res, r, c + 15), "t") == 0;
    return l;
}

/* Sets o's lines from rows [from, to) of res whose line columns, from column c on, are not
   NULL (an outer join gives an order without lines one row of NULLs). */
static void s_lines(dure_arena_t *arena, const PGresult *res, int from, int to, int c,
                    Dure__V1__Order *o)
{
    o->lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLine *, to > from ? to - from : 1);
    o->n_lines = 0;
    for (int r = from; r < to; r++)
        if (!PQgetisnull(res, r, c))
            o->lines[o->n_lines++] = s_line(arena, res, r, c);
}

/* Attaches the order's lines. A plain equality on the key's first column: the statement is
   prepared once, and a cached plan for "= ANY(array)" may keep scanning the whole table
   after it has grown. */
static int s_attach_lines(order_store_t *self, Dure__V1__Order *o, dure_arena_t *arena)
{
    const char *params[] = {o->id};
    PGresult *res = dure_db_query(
        self->db, "order_lines_of",
        "SELECT " S_LINE_COLUMNS " FROM order_lines WHERE order_id = $1 ORDER BY line_no", 1,
        params);
    if (!res)
        return -1;
    s_lines(arena, res, 0, PQntuples(res), 0, o);
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
    const char *params[] = {id};
    PGresult *res = dure_db_query(self->db, "order_get",
                                  "SELECT " S_ORDER_COLUMNS " FROM orders WHERE id = $1", 1, params);
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

/* Unpacks the comma-separated Enterprise messages of `list` ("\\x<hex>,\\x<hex>": bytea's
   text form) into *out (arena). Returns the count. */
static size_t s_sellers(dure_arena_t *arena, const char *list, Dure__V1__Enterprise ***out)
{
    size_t n = 1;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    *out = DURE_ARENA_NEW(arena, Dure__V1__Enterprise *, n);
    size_t kept = 0;
    ProtobufCAllocator allocator = {s_arena_alloc, s_arena_free, arena};
    char *rest = NULL;
    for (char *text = strtok_r(dure_arena_strdup(arena, list), ",", &rest); text;
         text = strtok_r(NULL, ",", &rest)) {
        size_t len = 0;
        unsigned char *bytes = PQunescapeBytea((const unsigned char *) text, &len);
        if (!bytes)
            continue;
        (*out)[kept] = dure__v1__enterprise__unpack(&allocator, len, bytes);
        PQfreemem(bytes);
        kept += (*out)[kept] != NULL;
    }
    return kept;
}

/* Rows: per order (in the order of the ids given), its columns, what a transition needs, its
   sellers, then one row per line (one row of NULL line columns when it has none). The orders
   and their lines are each read in a subquery per id that the planner cannot merge into a
   join (FOR UPDATE, ORDER BY): a join of the ids against a table could be planned as a scan
   of all of it, and a plan cached while the table was small would go on scanning it after
   it has grown. The rows are locked in the order of the ids. */
static const char s_lock_orders_sql[] =
    "SELECT o.*, " S_LINE_COLUMNS " FROM json_array_elements_text($1::json) WITH ORDINALITY "
    "AS k (id, n) "
    "CROSS JOIN LATERAL (SELECT " S_ORDER_COLUMNS ", " ORDER_ROW_COLUMNS ", "
    "  (SELECT coalesce(string_agg(E'\\\\x' || encode(seller, 'hex'), ',' "
    "     ORDER BY enterprise_id), '') FROM order_sellers s WHERE s.order_id = o.id) "
    "  FROM orders o WHERE o.id = k.id FOR UPDATE) o "
    "LEFT JOIN LATERAL (SELECT line_no, " S_LINE_COLUMNS " FROM order_lines l "
    "  WHERE l.order_id = k.id ORDER BY l.line_no) l ON true ORDER BY k.n, l.line_no";

int order_store_lock_orders(void *store, const char *const *ids, size_t count,
                            dure_arena_t *arena, void **found)
{
    order_store_t *self = store;
    for (size_t i = 0; i < count; i++)
        if (order_store_step_queued(self, ids[i]))
            return -1;
    PGresult *res = dure_db_query_keys(self->db, "order_lock_orders", s_lock_orders_sql, ids,
                                       count);
    if (!res)
        return -1;
    for (size_t i = 0; i < count; i++)
        found[i] = NULL;
    int rows = PQntuples(res);
    int sellers_at = PQnfields(res) - S_LINE_NCOLUMNS - 1, line_at = sellers_at + 1;
    int row_at = sellers_at - ORDER_ROW_NCOLUMNS;
    size_t at = 0; /* the orders come in the order of ids: the id of the next one */
    for (int first = 0, next; first < rows; first = next) {
        const char *id = PQgetvalue(res, first, 0);
        for (next = first + 1; next < rows; next++)
            if (strcmp(PQgetvalue(res, next, 0), id) != 0)
                break;
        while (at < count && strcmp(ids[at], id) != 0)
            at++; /* an order not found */
        if (at == count)
            break;
        order_locked_t *o = DURE_ARENA_NEW(arena, order_locked_t, 1);
        o->order = s_order(arena, res, first);
        order_row_read(res, first, row_at, &o->row);
        o->n_sellers = s_sellers(arena, PQgetvalue(res, first, sellers_at), &o->sellers);
        s_lines(arena, res, first, next, line_at, o->order);
        found[at++] = o;
    }
    PQclear(res);
    return 0;
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
