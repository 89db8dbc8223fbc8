/*  store.c - SQL for shipments, parcels, tracking events and carriers.

    Statements are prepared by name on first use (dure_db_query). Serialized protobuf goes
    in and out of bytea columns as hex text, and is unpacked straight into the caller's arena
    through a protobuf-c allocator, so loaded messages need no freeing.
*/
#include "store.h"

#include <inttypes.h>

#define S_SHIPMENT_COLUMNS                                                                         \
    "id, order_id, enterprise_id, temperature, status, carrier, tracking_number, ship_from, "      \
    "ship_to, created_at_ms, updated_at_ms, status_at_ms"

/* -- Helpers ------------------------------------------------------------------------------ */

static void *s_arena_alloc(void *data, size_t size)
{
    return dure_arena_alloc(data, size ? size : 1);
}

static void s_arena_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr;
}

/* A message as a bytea literal in hex ("\x0a03..."), in the arena. */
static char *s_hex(dure_arena_t *arena, const ProtobufCMessage *msg)
{
    return dure_db_message_hex_in(arena, "\\x", msg);
}

/* Unpacks a bytea text value into the arena. Returns NULL when it does not decode. */
static ProtobufCMessage *s_unpack(dure_arena_t *arena, const ProtobufCMessageDescriptor *type,
                                  const char *value)
{
    size_t len = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)value, &len);
    if (!bytes)
        return NULL;
    ProtobufCAllocator allocator = {s_arena_alloc, s_arena_free, arena};
    ProtobufCMessage *msg = protobuf_c_message_unpack(type, &allocator, len, bytes);
    PQfreemem(bytes);
    return msg;
}

static int64_t s_int(PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static char *s_str(dure_arena_t *arena, PGresult *res, int row, int col)
{
    return dure_arena_strdup(arena, PQgetvalue(res, row, col));
}

static const char *s_fmt(dure_arena_t *arena, int64_t value)
{
    return dure_arena_printf(arena, "%" PRId64, value);
}

static Dure__V1__Address *s_address(dure_arena_t *arena, PGresult *res, int row, int col)
{
    Dure__V1__Address *a = (Dure__V1__Address *)s_unpack(arena, &dure__v1__address__descriptor,
                                                         PQgetvalue(res, row, col));
    if (!a) {
        a = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
        dure__v1__address__init(a);
    }
    return a;
}

/* A shipment from a row of S_SHIPMENT_COLUMNS, without parcels and history. */
static Dure__V1__Shipment *s_shipment(dure_arena_t *arena, PGresult *res, int row)
{
    Dure__V1__Shipment *s = DURE_ARENA_NEW(arena, Dure__V1__Shipment, 1);
    dure__v1__shipment__init(s);
    s->id = s_str(arena, res, row, 0);
    s->order_id = s_str(arena, res, row, 1);
    s->enterprise_id = s_str(arena, res, row, 2);
    s->temperature = (Dure__V1__TemperatureClass)s_int(res, row, 3);
    s->status = (Dure__V1__ShipmentStatus)s_int(res, row, 4);
    s->carrier = s_str(arena, res, row, 5);
    s->tracking_number = s_str(arena, res, row, 6);
    s->ship_from = s_address(arena, res, row, 7);
    s->ship_to = s_address(arena, res, row, 8);
    s->created_at_ms = s_int(res, row, 9);
    s->updated_at_ms = s_int(res, row, 10);
    return s;
}

/* Attaches to each shipment its parcels of the latest stage. Returns 0 or -1. */
static int s_load_parcels(dure_db_t *db, dure_arena_t *arena, Dure__V1__Shipment **shipments,
                          size_t count)
{
    if (count == 0)
        return 0;
    size_t cap = 3;
    for (size_t i = 0; i < count; i++)
        cap += strlen(shipments[i]->id) + 3;
    char *ids = dure_arena_alloc(arena, cap), *p = ids;
    *p++ = '{';
    for (size_t i = 0; i < count; i++)
        p += sprintf(p, "%s\"%s\"", i ? "," : "", shipments[i]->id);
    *p++ = '}';
    const char *params[] = {ids};
    PGresult *res = dure_db_query(
        db, "logistics_parcels",
        "SELECT shipment_id, detail FROM parcels p WHERE shipment_id = ANY($1::text[]) "
        "AND stage = (SELECT max(stage) FROM parcels q WHERE q.shipment_id = p.shipment_id) "
        "ORDER BY shipment_id, seq",
        1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    for (size_t i = 0; i < count; i++) {
        Dure__V1__Shipment *s = shipments[i];
        s->parcels = DURE_ARENA_NEW(arena, Dure__V1__Parcel *, (size_t)rows + 1);
        for (int r = 0; r < rows; r++) {
            if (strcmp(PQgetvalue(res, r, 0), s->id) != 0)
                continue;
            Dure__V1__Parcel *parcel = (Dure__V1__Parcel *)s_unpack(
                arena, &dure__v1__parcel__descriptor, PQgetvalue(res, r, 1));
            if (parcel)
                s->parcels[s->n_parcels++] = parcel;
        }
    }
    PQclear(res);
    return 0;
}

static int s_load_history(dure_db_t *db, dure_arena_t *arena, Dure__V1__Shipment *s)
{
    const char *params[] = {s->id};
    PGresult *res = dure_db_query(db, "logistics_history",
                                  "SELECT status, at_ms, location, carrier_event_id "
                                  "FROM tracking_events WHERE shipment_id = $1 "
                                  "ORDER BY at_ms, seq",
                                  1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    s->n_history = (size_t)rows;
    s->history = DURE_ARENA_NEW(arena, Dure__V1__TrackingEvent *, (size_t)rows + 1);
    for (int r = 0; r < rows; r++) {
        Dure__V1__TrackingEvent *e = DURE_ARENA_NEW(arena, Dure__V1__TrackingEvent, 1);
        dure__v1__tracking_event__init(e);
        e->status = (Dure__V1__ShipmentStatus)s_int(res, r, 0);
        e->at_ms = s_int(res, r, 1);
        e->location = s_str(arena, res, r, 2);
        e->carrier_event_id = s_str(arena, res, r, 3);
        s->history[r] = e;
    }
    PQclear(res);
    return 0;
}

/* -- Shipments ---------------------------------------------------------------------------- */

/* The parcels of a stage as one array literal per column, so that one statement inserts
   them all: seq, box_code, inner_volume_cm3, product_volume_cm3, fill_ratio, gross_weight_g,
   detail. */
#define S_PARCEL_COLUMNS 7
static void s_parcel_arrays(dure_arena_t *arena, Dure__V1__Parcel *const *parcels, size_t count,
                            char *arrays[S_PARCEL_COLUMNS])
{
    const char **column[S_PARCEL_COLUMNS];
    for (int c = 0; c < S_PARCEL_COLUMNS; c++)
        column[c] = DURE_ARENA_NEW(arena, const char *, count + 1);
    for (size_t i = 0; i < count; i++) {
        const Dure__V1__Parcel *p = parcels[i];
        column[0][i] = s_fmt(arena, (int64_t)i + 1);
        column[1][i] = p->box_code ? p->box_code : "";
        column[2][i] = s_fmt(arena, p->inner_volume_cm3);
        column[3][i] = s_fmt(arena, p->product_volume_cm3);
        column[4][i] = dure_arena_printf(arena, "%.17g", p->fill_ratio);
        column[5][i] = s_fmt(arena, p->gross_weight_g);
        column[6][i] = s_hex(arena, &p->base);
    }
    for (int c = 0; c < S_PARCEL_COLUMNS; c++)
        arrays[c] = dure_db_array_in(arena, column[c], count);
}

/* Inserts the parcels given as arrays from parameter $N on; the shipment id and stage come
   from the SQL before it. */
#define S_PARCELS_FROM(shipment, stage, N1, N2, N3, N4, N5, N6, N7)                                \
    "INSERT INTO parcels (shipment_id, stage, seq, box_code, inner_volume_cm3, "                   \
    "product_volume_cm3, fill_ratio, gross_weight_g, detail) SELECT " shipment ", " stage ", "     \
    "x.seq, x.box_code, x.inner_cm3, x.product_cm3, x.fill, x.weight, x.detail FROM unnest($" N1   \
    "::smallint[], $" N2 "::text[], $" N3 "::bigint[], $" N4 "::bigint[], $" N5                    \
    "::double precision[], $" N6 "::integer[], $" N7 "::bytea[]) "                                 \
    "AS x (seq, box_code, inner_cm3, product_cm3, fill, weight, detail)"

int logistics_store_tracking_block(dure_db_t *db, int64_t *first)
{
    PGresult *res = dure_db_query(db, "logistics_tracking_block",
                                  "SELECT nextval('tracking_seq')", 0, NULL);
    if (!res)
        return -1;
    *first = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return 0;
}

static void *s_carrier_row(const PGresult *res, int r, dure_arena_t *arena)
{
    logistics_carrier_t *c = DURE_ARENA_NEW(arena, logistics_carrier_t, 1);
    c->tracking_prefix = dure_arena_strdup(arena, PQgetvalue(res, r, 1));
    c->active = PQgetvalue(res, r, 2)[0] == 't';
    return c;
}

int logistics_store_read_carriers(void *db, const char *const *codes, size_t count,
                                  dure_arena_t *arena, void **rows)
{
    return dure_db_read_keys(
        db, "logistics_read_carriers",
        "SELECT k.n, c.tracking_prefix, c.active FROM json_array_elements_text($1::json) "
        "WITH ORDINALITY AS k (code, n) JOIN carriers c ON c.code = k.code",
        codes, count, arena, s_carrier_row, rows);
}

/* New shipments given as a JSON array, each with its planned parcels nested, with their
   "planned" history steps; selects how many it created. A shipment of a cancelled order, or
   of an order that already has one for its seller and class, is not created. */
static const dure_rows_kind_t s_insert_rows = {
    "logistics_insert_shipments",
    "WITH q AS MATERIALIZED (SELECT * FROM json_to_recordset($1::json) AS q (id text, "
    "  order_id text, enterprise_id text, temperature smallint, status smallint, "
    "  now_ms bigint, carrier text, tracking_number text, ship_from bytea, ship_to bytea, "
    "  sales_krw bigint, stage smallint, parcels json) "
    /* A scalar subquery: an anti-join could scan the whole table (see catalog_reserve). */
    "  WHERE (SELECT true FROM cancelled_orders c WHERE c.order_id = q.order_id) IS NULL), "
    "s AS (INSERT INTO shipments (id, order_id, enterprise_id, temperature, status, "
    "  status_at_ms, carrier, tracking_number, ship_from, ship_to, sales_krw, created_at_ms, "
    "  updated_at_ms) SELECT id, order_id, enterprise_id, temperature, status, now_ms, "
    "  carrier, tracking_number, ship_from, ship_to, sales_krw, now_ms, now_ms FROM q "
    "  ON CONFLICT (order_id, enterprise_id, temperature) DO NOTHING RETURNING id), "
    "t AS (INSERT INTO tracking_events (shipment_id, event_key, status, at_ms, location, "
    "  carrier_event_id, applied, recorded_at_ms) SELECT q.id, 's:planned', q.status, "
    "  q.now_ms, '', '', true, q.now_ms FROM s JOIN q USING (id)), "
    "p AS (INSERT INTO parcels (shipment_id, stage, seq, box_code, inner_volume_cm3, "
    "  product_volume_cm3, fill_ratio, gross_weight_g, detail) SELECT q.id, q.stage, x.seq, "
    "  x.box_code, x.inner_cm3, x.product_cm3, x.fill, x.weight, x.detail "
    "  FROM s JOIN q USING (id), json_to_recordset(q.parcels) AS x (seq smallint, "
    "  box_code text, inner_cm3 bigint, product_cm3 bigint, fill double precision, "
    "  weight integer, detail bytea)) "
    "SELECT count(*) FROM s"};

int logistics_store_insert_shipment(dure_db_t *db, dure_arena_t *arena,
                                    const logistics_new_shipment_t *s, char **id)
{
    char uuid[DURE_ID_LEN];
    dure_id_new(uuid);
    json_object *o = json_object_new_object();
    dure_row_add_string(o, "id", uuid);
    dure_row_add_string(o, "order_id", s->order_id);
    dure_row_add_string(o, "enterprise_id", s->enterprise_id);
    dure_row_add_int(o, "temperature", s->temperature);
    dure_row_add_int(o, "status", DURE__V1__SHIPMENT_STATUS__SHIPMENT_PLANNED);
    dure_row_add_int(o, "now_ms", s->now_ms);
    dure_row_add_string(o, "carrier", s->carrier_code);
    dure_row_add_string(o, "tracking_number", s->tracking_number);
    dure_row_add_string(o, "ship_from", s_hex(arena, s->ship_from ? &s->ship_from->base : NULL));
    dure_row_add_string(o, "ship_to", s_hex(arena, s->ship_to ? &s->ship_to->base : NULL));
    dure_row_add_int(o, "sales_krw", s->sales_krw);
    dure_row_add_int(o, "stage", LOGISTICS_STAGE_PLANNED);
    json_object *parcels = json_object_new_array();
    for (size_t i = 0; i < s->parcel_count; i++) {
        const Dure__V1__Parcel *p = s->parcels[i];
        json_object *x = json_object_new_object();
        dure_row_add_int(x, "seq", (int64_t)i + 1);
        dure_row_add_string(x, "box_code", p->box_code);
        dure_row_add_int(x, "inner_cm3", p->inner_volume_cm3);
        dure_row_add_int(x, "product_cm3", p->product_volume_cm3);
        json_object_object_add(x, "fill", json_object_new_double(p->fill_ratio));
        dure_row_add_int(x, "weight", p->gross_weight_g);
        dure_row_add_string(x, "detail", s_hex(arena, &p->base));
        json_object_array_add(parcels, x);
    }
    json_object_object_add(o, "parcels", parcels);
    int created = dure_db_write_row(db, &s_insert_rows, o);
    if (created == 1)
        *id = dure_arena_strdup(arena, uuid);
    return created < 0 ? -1 : created == 1;
}

int logistics_store_put_parcels(dure_db_t *db, const char *shipment_id, int stage,
                                Dure__V1__Parcel *const *parcels, size_t count)
{
    dure_arena_t *arena = dure_arena_new();
    const char *stage_s = s_fmt(arena, stage);
    const char *del[] = {shipment_id, stage_s};
    int rc = dure_db_command(db, "logistics_delete_parcels",
                             "DELETE FROM parcels WHERE shipment_id = $1 AND stage = $2::smallint",
                             2, del);
    if (rc == 0 && count > 0) {
        char *arrays[S_PARCEL_COLUMNS];
        s_parcel_arrays(arena, parcels, count, arrays);
        const char *params[] = {shipment_id, stage_s,   arrays[0], arrays[1], arrays[2],
                                arrays[3],   arrays[4], arrays[5], arrays[6]};
        rc = dure_db_command(
            db, "logistics_insert_parcels",
            S_PARCELS_FROM("$1", "$2::smallint", "3", "4", "5", "6", "7", "8", "9"), 9, params);
    }
    dure_arena_destroy(&arena);
    return rc;
}

int logistics_store_get(dure_db_t *db, dure_arena_t *arena, const char *id, int for_update,
                        int with_history, Dure__V1__Shipment **out, int64_t *status_at_ms)
{
    *out = NULL;
    const char *params[] = {id};
    PGresult *res =
        for_update
            ? dure_db_query(db, "logistics_get_shipment_lock",
                            "SELECT " S_SHIPMENT_COLUMNS " FROM shipments WHERE id = $1 FOR UPDATE",
                            1, params)
            : dure_db_query(db, "logistics_get_shipment",
                            "SELECT " S_SHIPMENT_COLUMNS " FROM shipments WHERE id = $1", 1,
                            params);
    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return 0;
    }
    Dure__V1__Shipment *s = s_shipment(arena, res, 0);
    if (status_at_ms)
        *status_at_ms = s_int(res, 0, 11);
    PQclear(res);
    if (s_load_parcels(db, arena, &s, 1) != 0 ||
        (with_history && s_load_history(db, arena, s) != 0))
        return -1;
    *out = s;
    return 1;
}

/* Splits a page token "<created_at_ms>:<id>"; an empty or bad token starts at the beginning. */
static void s_token(dure_arena_t *arena, const char *token, const char **after_ms,
                    const char **after_id)
{
    *after_ms = "-1";
    *after_id = "";
    const char *colon = token ? strchr(token, ':') : NULL;
    if (!colon || colon == token)
        return;
    char *end = NULL;
    long long ms = strtoll(token, &end, 10);
    if (end != colon)
        return;
    *after_ms = dure_arena_printf(arena, "%lld", ms);
    *after_id = dure_arena_strdup(arena, colon + 1);
}

int logistics_store_list(dure_db_t *db, dure_arena_t *arena, const logistics_filter_t *f,
                         Dure__V1__Shipment ***out, size_t *count, char **next_token)
{
    const char *after_ms, *after_id;
    s_token(arena, f->page_token, &after_ms, &after_id);
    int by_order = f->order_id && *f->order_id;
    const char *params[] = {by_order ? f->order_id : (f->enterprise_id ? f->enterprise_id : ""),
                            s_fmt(arena, f->status),
                            after_ms,
                            after_id,
                            s_fmt(arena, (int64_t)f->page_size + 1),
                            by_order && f->enterprise_id ? f->enterprise_id : ""};
    PGresult *res =
        by_order ? dure_db_query(db, "logistics_list_by_order",
                                 "SELECT " S_SHIPMENT_COLUMNS " FROM shipments WHERE order_id = $1 "
                                 "AND ($2::smallint = 0 OR status = $2::smallint) "
                                 "AND ($6 = '' OR enterprise_id = $6) "
                                 "AND (created_at_ms, id) > ($3::bigint, $4) "
                                 "ORDER BY created_at_ms, id LIMIT $5::integer",
                                 6, params)
                 : dure_db_query(db, "logistics_list_by_seller",
                                 "SELECT " S_SHIPMENT_COLUMNS " FROM shipments "
                                 "WHERE enterprise_id = $1 "
                                 "AND ($2::smallint = 0 OR status = $2::smallint) "
                                 "AND (created_at_ms, id) > ($3::bigint, $4) "
                                 "ORDER BY created_at_ms, id LIMIT $5::integer",
                                 5, params);
    if (!res)
        return -1;
    int rows = PQntuples(res), shown = rows > f->page_size ? f->page_size : rows;
    Dure__V1__Shipment **list = DURE_ARENA_NEW(arena, Dure__V1__Shipment *, (size_t)shown + 1);
    for (int r = 0; r < shown; r++)
        list[r] = s_shipment(arena, res, r);
    *next_token = rows > shown ? dure_arena_printf(arena, "%s:%s", PQgetvalue(res, shown - 1, 9),
                                                   PQgetvalue(res, shown - 1, 0))
                               : "";
    PQclear(res);
    *out = list;
    *count = (size_t)shown;
    return s_load_parcels(db, arena, list, (size_t)shown);
}

int logistics_store_order_shipments(dure_db_t *db, dure_arena_t *arena, const char *order_id,
                                    int for_update, Dure__V1__OrderShipment ***out, size_t *count)
{
    const char *params[] = {order_id};
    PGresult *res =
        for_update ? dure_db_query(db, "logistics_order_shipments_lock",
                                   "SELECT id, enterprise_id, status, updated_at_ms FROM shipments "
                                   "WHERE order_id = $1 ORDER BY id FOR UPDATE",
                                   1, params)
                   : dure_db_query(db, "logistics_order_shipments",
                                   "SELECT id, enterprise_id, status, updated_at_ms FROM shipments "
                                   "WHERE order_id = $1 ORDER BY created_at_ms, id",
                                   1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    Dure__V1__OrderShipment **list =
        DURE_ARENA_NEW(arena, Dure__V1__OrderShipment *, (size_t)rows + 1);
    for (int r = 0; r < rows; r++) {
        Dure__V1__OrderShipment *s = DURE_ARENA_NEW(arena, Dure__V1__OrderShipment, 1);
        dure__v1__order_shipment__init(s);
        s->shipment_id = s_str(arena, res, r, 0);
        s->enterprise_id = s_str(arena, res, r, 1);
        s->status = (Dure__V1__ShipmentStatus)s_int(res, r, 2);
        s->updated_at_ms = s_int(res, r, 3);
        list[r] = s;
    }
    PQclear(res);
    *out = list;
    *count = (size_t)rows;
    return 0;
}

/* -- Tracking ----------------------------------------------------------------------------- */

int logistics_store_add_event(dure_db_t *db, const char *shipment_id, const char *key,
                              const Dure__V1__TrackingEvent *e, int applied, int64_t now_ms,
                              int *existing_status)
{
    char status[16], at[32], now[32];
    snprintf(status, sizeof status, "%d", (int)e->status);
    snprintf(at, sizeof at, "%" PRId64, e->at_ms);
    snprintf(now, sizeof now, "%" PRId64, now_ms);
    const char *params[] = {shipment_id,
                            key,
                            status,
                            at,
                            e->location ? e->location : "",
                            e->carrier_event_id ? e->carrier_event_id : "",
                            applied ? "t" : "f",
                            now};
    PGresult *res = dure_db_query(
        db, "logistics_add_event",
        "INSERT INTO tracking_events (shipment_id, event_key, status, at_ms, location, "
        "carrier_event_id, applied, recorded_at_ms) VALUES ($1, $2, $3::smallint, $4::bigint, "
        "$5, $6, $7::boolean, $8::bigint) ON CONFLICT (shipment_id, event_key) DO NOTHING",
        8, params);
    if (!res)
        return -1;
    int fresh = atoi(PQcmdTuples(res)) == 1;
    PQclear(res);
    if (fresh || !existing_status)
        return fresh;
    const char *q[] = {shipment_id, key};
    res = dure_db_query(db, "logistics_event_status",
                        "SELECT status FROM tracking_events WHERE shipment_id = $1 "
                        "AND event_key = $2",
                        2, q);
    if (!res)
        return -1;
    *existing_status = PQntuples(res) ? (int)s_int(res, 0, 0) : 0;
    PQclear(res);
    return 0;
}

int logistics_store_set_status(dure_db_t *db, const char *shipment_id, int status, int64_t at_ms,
                               int64_t now_ms)
{
    char s[16], at[32], now[32];
    snprintf(s, sizeof s, "%d", status);
    snprintf(at, sizeof at, "%" PRId64, at_ms);
    snprintf(now, sizeof now, "%" PRId64, now_ms);
    const char *params[] = {shipment_id, s, at, now};
    return dure_db_command(db, "logistics_set_status",
                           "UPDATE shipments SET status = $2::smallint, status_at_ms = $3::bigint, "
                           "updated_at_ms = $4::bigint WHERE id = $1",
                           4, params);
}

int logistics_store_mark_return_needed(dure_db_t *db, const char *shipment_id, int64_t now_ms)
{
    char now[32];
    snprintf(now, sizeof now, "%" PRId64, now_ms);
    const char *params[] = {shipment_id, now};
    return dure_db_command(db, "logistics_return_needed",
                           "UPDATE shipments SET return_needed = true, updated_at_ms = $2::bigint "
                           "WHERE id = $1",
                           2, params);
}

/* -- Orders and carriers ------------------------------------------------------------------ */

int logistics_store_cancel_order(dure_db_t *db, const char *order_id, const char *reason,
                                 int64_t now_ms)
{
    char now[32];
    snprintf(now, sizeof now, "%" PRId64, now_ms);
    const char *params[] = {order_id, reason ? reason : "", now};
    return dure_db_command(db, "logistics_cancel_order",
                           "INSERT INTO cancelled_orders (order_id, reason, at_ms) "
                           "VALUES ($1, $2, $3::bigint) ON CONFLICT DO NOTHING",
                           3, params);
}

int logistics_store_read_cancelled(void *db, const char *const *order_ids, size_t count,
                                   dure_arena_t *arena, void **rows)
{
    /* A scalar subquery per id: one index lookup each (see catalog_reserve). */
    return dure_db_read_keys(
        db, "logistics_cancelled_orders",
        "SELECT k.n FROM json_array_elements_text($1::json) WITH ORDINALITY AS k (id, n) "
        "WHERE (SELECT true FROM cancelled_orders c WHERE c.order_id = k.id)",
        order_ids, count, arena, dure_db_row_exists, rows);
}

int logistics_store_carriers(dure_db_t *db, dure_arena_t *arena, Dure__V1__Carrier ***out,
                             size_t *count)
{
    PGresult *res =
        dure_db_query(db, "logistics_carriers",
                      "SELECT code, name FROM carriers WHERE active ORDER BY code", 0, NULL);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    Dure__V1__Carrier **list = DURE_ARENA_NEW(arena, Dure__V1__Carrier *, (size_t)rows + 1);
    for (int r = 0; r < rows; r++) {
        list[r] = DURE_ARENA_NEW(arena, Dure__V1__Carrier, 1);
        dure__v1__carrier__init(list[r]);
        list[r]->code = s_str(arena, res, r, 0);
        list[r]->name = s_str(arena, res, r, 1);
    }
    PQclear(res);
    *out = list;
    *count = (size_t)rows;
    return 0;
}

int logistics_store_carrier_active(dure_db_t *db, const char *code)
{
    const char *params[] = {code};
    PGresult *res = dure_db_query(db, "logistics_carrier_active",
                                  "SELECT 1 FROM carriers WHERE code = $1 AND active", 1, params);
    if (!res)
        return -1;
    int found = PQntuples(res) > 0;
    PQclear(res);
    return found;
}
