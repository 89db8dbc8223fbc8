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

/* A parcel as a row of a kind's table whose columns are those of `parcels` (S_PARCEL_TYPES). */
static void s_parcel_row(dure_rows_t *rows, const dure_rows_kind_t *kind, int table,
                         const char *shipment_id, int stage, size_t seq, const Dure__V1__Parcel *p)
{
    dure_rows_start(rows, kind, table);
    dure_rows_text(rows, shipment_id);
    dure_rows_int(rows, stage);
    dure_rows_int(rows, (int64_t) seq);
    dure_rows_text(rows, p->box_code);
    dure_rows_int(rows, p->inner_volume_cm3);
    dure_rows_int(rows, p->product_volume_cm3);
    dure_rows_double(rows, p->fill_ratio);
    dure_rows_int(rows, p->gross_weight_g);
    dure_rows_message(rows, &p->base);
}

/* The columns of a parcel row, and their array types from parameter $N on. */
#define S_PARCEL_COLUMNS                                                                           \
    "shipment_id, stage, seq, box_code, inner_volume_cm3, product_volume_cm3, fill_ratio, "        \
    "gross_weight_g, detail"
#define S_PARCEL_TYPES(N1, N2, N3, N4, N5, N6, N7, N8, N9)                                         \
    "$" N1 "::text[], $" N2 "::smallint[], $" N3 "::smallint[], $" N4 "::text[], $" N5           \
    "::bigint[], $" N6 "::bigint[], $" N7 "::float8[], $" N8 "::integer[], $" N9 "::bytea[]"

/* A stage's parcels of a shipment, written at once after the old ones were deleted. */
static const dure_rows_kind_t s_parcel_rows = {
    "logistics_insert_parcels",
    "WITH p AS (INSERT INTO parcels (" S_PARCEL_COLUMNS ") SELECT * FROM unnest("
    S_PARCEL_TYPES("1", "2", "3", "4", "5", "6", "7", "8", "9") ") RETURNING 1) "
    "SELECT count(*) FROM p",
    {9}};

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

/* New shipments, with their planned parcels and their "planned" history steps; selects how
   many it created. A shipment of a cancelled order, or of an order that already has one for
   its seller and class, is not created. */
static const dure_rows_kind_t s_insert_rows = {
    "logistics_insert_shipments",
    "WITH q AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], "
    "  $4::smallint[], $5::smallint[], $6::bigint[], $7::text[], $8::text[], $9::bytea[], "
    "  $10::bytea[], $11::bigint[]) AS q (id, order_id, enterprise_id, temperature, status, "
    "  now_ms, carrier, tracking_number, ship_from, ship_to, sales_krw) "
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
    "p AS (INSERT INTO parcels (" S_PARCEL_COLUMNS ") SELECT x.* FROM s JOIN unnest("
    S_PARCEL_TYPES("12", "13", "14", "15", "16", "17", "18", "19", "20") ") "
    "  AS x (" S_PARCEL_COLUMNS ") ON x.shipment_id = s.id) "
    "SELECT count(*) FROM s",
    {11, 9}};

int logistics_store_insert_shipment(dure_db_t *db, dure_arena_t *arena,
                                    const logistics_new_shipment_t *s, char **id)
{
    char uuid[DURE_ID_LEN];
    dure_id_new(uuid);
    dure_rows_t *rows = dure_db_rows(db, 0);
    dure_rows_start(rows, &s_insert_rows, 0);
    dure_rows_text(rows, uuid);
    dure_rows_text(rows, s->order_id);
    dure_rows_text(rows, s->enterprise_id);
    dure_rows_int(rows, s->temperature);
    dure_rows_int(rows, DURE__V1__SHIPMENT_STATUS__SHIPMENT_PLANNED);
    dure_rows_int(rows, s->now_ms);
    dure_rows_text(rows, s->carrier_code);
    dure_rows_text(rows, s->tracking_number);
    dure_rows_message(rows, s->ship_from ? &s->ship_from->base : NULL);
    dure_rows_message(rows, s->ship_to ? &s->ship_to->base : NULL);
    dure_rows_int(rows, s->sales_krw);
    for (size_t i = 0; i < s->parcel_count; i++)
        s_parcel_row(rows, &s_insert_rows, 1, uuid, LOGISTICS_STAGE_PLANNED, i + 1, s->parcels[i]);
    int created = dure_db_write_record(db, 0);
    if (created == 1)
        *id = dure_arena_strdup(arena, uuid);
    return created < 0 ? -1 : created == 1;
}

int logistics_store_put_parcels(dure_db_t *db, const char *shipment_id, int stage,
                                Dure__V1__Parcel *const *parcels, size_t count)
{
    char stage_s[16];
    snprintf(stage_s, sizeof stage_s, "%d", stage);
    const char *del[] = {shipment_id, stage_s};
    int rc = dure_db_command(db, "logistics_delete_parcels",
                             "DELETE FROM parcels WHERE shipment_id = $1 AND stage = $2::smallint",
                             2, del);
    if (rc == 0 && count > 0) {
        dure_rows_t *rows = dure_db_rows(db, 1);
        for (size_t i = 0; i < count; i++)
            s_parcel_row(rows, &s_parcel_rows, 0, shipment_id, stage, i + 1, parcels[i]);
        rc = dure_db_write_record(db, 1) == (int) count ? 0 : -1;
    }
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
