/*  store.c - the order service's writes: idempotent intake, transitions, shipments, imports.

    An order and everything that belongs to it (lines, sellers, first history step) is one
    statement: data-modifying CTEs hanging off the INSERT of the orders, fed column arrays of
    the orders, their lines and their sellers (dure_rows.h). Inside a batch the new orders
    are queued and that statement runs once for the whole batch (dure_db_write_record). The
    idempotency key is a unique column: a second instance racing on the same key waits for
    the first one's commit and then inserts nothing (ON CONFLICT DO NOTHING); the batch then
    runs again item by item, and the handler answers what the first one stored. Request
    bodies are compared by SHA-256, computed by PostgreSQL. Reads are in store_read.c.
*/
#include "store_internal.h"

order_store_t *order_store_new(dure_db_t *db, const char *time_zone)
{
    order_store_t *self = dure_calloc(1, sizeof *self);
    self->db = db;
    self->time_zone = dure_strdup(time_zone && *time_zone ? time_zone : "Asia/Seoul");
    self->stepped = zhashx_new();
    return self;
}

void order_store_destroy(order_store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    zhashx_destroy(&(*self_p)->stepped);
    free((*self_p)->time_zone);
    free(*self_p);
    *self_p = NULL;
}

const char *order_store_error(order_store_t *self)
{
    return dure_db_error(self->db);
}

int order_store_find_key(order_store_t *self, const char *key, const uint8_t *body,
                         size_t body_len, order_key_match_t *match)
{
    char *hex = dure_db_hex("", body, body_len);
    const char *params[] = {key, hex};
    PGresult *res = dure_db_query(
        self->db, "order_find_key",
        "SELECT id, status, total_krw, supply_krw, vat_krw, "
        "request_hash = sha256(decode($2, 'hex')) FROM orders WHERE idempotency_key = $1",
        2, params);
    free(hex);
    if (!res)
        return -1;
    int found = PQntuples(res) == 1;
    if (found) {
        snprintf(match->id, sizeof match->id, "%s", PQgetvalue(res, 0, 0));
        match->status = (order_status_t) atoi(PQgetvalue(res, 0, 1));
        match->total_krw = atoll(PQgetvalue(res, 0, 2));
        match->supply_krw = atoll(PQgetvalue(res, 0, 3));
        match->vat_krw = atoll(PQgetvalue(res, 0, 4));
        match->same_body = strcmp(PQgetvalue(res, 0, 5), "t") == 0;
    }
    PQclear(res);
    return found;
}

int order_store_read_keys(void *store, const char *const *keys, size_t count,
                          dure_arena_t *arena, void **rows)
{
    order_store_t *self = store;
    /* One index lookup per key. "idempotency_key = ANY ($1)" was planned as a scan of the
       whole table while its statistics still described it small (3.7 ms for 8,900 orders
       during the journey); a scalar subquery per key costs the planner one row each. */
    return dure_db_read_keys(self->db, "order_existing_keys",
                             "SELECT k.n FROM json_array_elements_text($1::json) WITH "
                             "ORDINALITY AS k (key, n) WHERE (SELECT true FROM orders o "
                             "WHERE o.idempotency_key = k.key)",
                             keys, count, arena, dure_db_row_exists, rows);
}

/* An order's lines as rows of the insert's second table: the order's id, then the columns
   of order_lines. */
static void s_line_rows(dure_rows_t *rows, const dure_rows_kind_t *kind, const char *order_id,
                        Dure__V1__OrderLine *const *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const Dure__V1__OrderLine *l = lines[i];
        const Dure__V1__Dimensions *d = l->size;
        dure_rows_start(rows, kind, 1);
        dure_rows_text(rows, order_id);
        dure_rows_int(rows, (int64_t) i + 1);
        dure_rows_text(rows, l->product_id);
        dure_rows_text(rows, l->product_name);
        dure_rows_text(rows, l->enterprise_id);
        dure_rows_text(rows, l->category);
        dure_rows_text(rows, l->region);
        dure_rows_int(rows, l->quantity);
        dure_rows_int(rows, l->unit_price_krw);
        dure_rows_int(rows, l->line_total_krw);
        dure_rows_int(rows, l->tax_class);
        dure_rows_bool(rows, l->physical);
        dure_rows_int(rows, d ? d->length_mm : 0);
        dure_rows_int(rows, d ? d->width_mm : 0);
        dure_rows_int(rows, d ? d->height_mm : 0);
        dure_rows_int(rows, l->weight_g);
        dure_rows_int(rows, l->temperature);
        dure_rows_bool(rows, l->fragile);
    }
}

/* An order's sellers as rows of the insert's third table: the order's id, the seller's id
   and the serialized Enterprise. */
static void s_seller_rows(dure_rows_t *rows, const dure_rows_kind_t *kind, const char *order_id,
                          Dure__V1__Enterprise *const *sellers, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dure_rows_start(rows, kind, 2);
        dure_rows_text(rows, order_id);
        dure_rows_text(rows, sellers[i]->id);
        dure_rows_message(rows, &sellers[i]->base);
    }
}

#define S_LINE_COLUMNS                                                                          \
    "line_no smallint, product_id text, product_name text, enterprise_id text, category text, " \
    "region text, quantity bigint, unit_price_krw bigint, line_total_krw bigint, "              \
    "tax_class smallint, physical boolean, length_mm integer, width_mm integer, "              \
    "height_mm integer, weight_g integer, temperature smallint, fragile boolean"
#define S_LINE_VALUES                                                                           \
    "r.line_no, r.product_id, r.product_name, r.enterprise_id, r.category, r.region, "         \
    "r.quantity, r.unit_price_krw, r.line_total_krw, r.tax_class, r.physical, r.length_mm, "   \
    "r.width_mm, r.height_mm, r.weight_g, r.temperature, r.fragile"

/* Orders, with their lines, sellers and first history steps; selects how many orders it
   wrote. */
static const dure_rows_kind_t s_insert_rows = {
    "order_insert",
    "WITH q AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], "
    "$4::text[], $5::smallint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], "
    "$11::text[], $12::bigint[], $13::bigint[], $14::bigint[], $15::text[], $16::text[], "
    "$17::text[], $18::text[], $19::text[]) AS q(id, idempotency_key, body, customer_id, "
    "channel, institution, postcode, line1, line2, recipient, phone, total_krw, supply_krw, "
    "vat_krw, payment_ref, campaign_id, campaign_name, cause_type, cause_id)), "
    "o AS (INSERT INTO orders (id, idempotency_key, request_hash, customer_id, channel, "
    "institution, status, postcode, line1, line2, recipient, phone, total_krw, supply_krw, "
    "vat_krw, payment_ref, campaign_id, campaign_name, created_at, updated_at) "
    "SELECT id, idempotency_key, sha256(body), customer_id, channel, institution, 1, postcode, "
    "line1, line2, recipient, phone, total_krw, supply_krw, vat_krw, payment_ref, campaign_id, "
    "campaign_name, now(), now() FROM q "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, created_at), "
    "l AS (INSERT INTO order_lines SELECT o.id, " S_LINE_VALUES " FROM o JOIN "
    "unnest($20::text[], $21::smallint[], $22::text[], $23::text[], $24::text[], $25::text[], "
    "$26::text[], $27::bigint[], $28::bigint[], $29::bigint[], $30::smallint[], "
    "$31::boolean[], $32::integer[], $33::integer[], $34::integer[], $35::integer[], "
    "$36::smallint[], $37::boolean[]) AS r(order_id, line_no, product_id, product_name, "
    "enterprise_id, category, region, quantity, unit_price_krw, line_total_krw, tax_class, "
    "physical, length_mm, width_mm, height_mm, weight_g, temperature, fragile) "
    "ON r.order_id = o.id), "
    "s AS (INSERT INTO order_sellers SELECT o.id, r.enterprise_id, r.seller FROM o JOIN "
    "unnest($38::text[], $39::text[], $40::bytea[]) AS r(order_id, enterprise_id, seller) "
    "ON r.order_id = o.id), "
    "h AS (INSERT INTO order_history SELECT o.id, 1, 1, o.created_at, q.cause_type, q.cause_id, "
    "'' FROM o JOIN q USING (id)) "
    "SELECT count(*) FROM o",
    {19, 18, 3}};

int order_store_insert(order_store_t *self, const order_new_t *n)
{
    const Dure__V1__PlaceOrder *r = n->request;
    const Dure__V1__Address *a = r->address;
    dure_rows_t *rows = dure_db_rows(self->db, 0);
    dure_rows_start(rows, &s_insert_rows, 0);
    dure_rows_text(rows, n->id);
    dure_rows_text(rows, n->idempotency_key);
    dure_rows_bytes(rows, n->body, n->body_len);
    dure_rows_text(rows, r->customer_id);
    dure_rows_int(rows, r->channel);
    dure_rows_text(rows, r->institution);
    dure_rows_text(rows, a->postcode);
    dure_rows_text(rows, a->line1);
    dure_rows_text(rows, a->line2);
    dure_rows_text(rows, a->recipient);
    dure_rows_text(rows, a->phone);
    dure_rows_int(rows, n->total_krw);
    dure_rows_int(rows, n->supply_krw);
    dure_rows_int(rows, n->vat_krw);
    dure_rows_text(rows, r->payment_ref);
    dure_rows_text(rows, n->campaign_id);
    dure_rows_text(rows, n->campaign_name);
    dure_rows_text(rows, n->cause_type);
    dure_rows_text(rows, n->cause_id);
    s_line_rows(rows, &s_insert_rows, n->id, n->lines, n->n_lines);
    s_seller_rows(rows, &s_insert_rows, n->id, n->sellers, n->n_sellers);
    /* Queued for the end of the batch while the batch defers: 1 then means "queued", and a
       key taken meanwhile fails the batch's write instead (dure_db_flush). */
    int written = dure_db_write_record(self->db, 0);
    return written < 0 ? -1 : written == 1;
}

void order_row_read(const PGresult *res, int r, int first, order_row_t *row)
{
    row->status = (order_status_t) atoi(PQgetvalue(res, r, first));
    row->reserved = strcmp(PQgetvalue(res, r, first + 1), "t") == 0;
    row->total_krw = atoll(PQgetvalue(res, r, first + 2));
    snprintf(row->payment_ref, sizeof row->payment_ref, "%s", PQgetvalue(res, r, first + 3));
    row->version = atoi(PQgetvalue(res, r, first + 4));
}

int order_store_lock(order_store_t *self, const char *id, order_row_t *row)
{
    if (order_store_step_queued(self, id))
        return -1;
    const char *params[] = {id};
    PGresult *res = dure_db_query(self->db, "order_lock",
                                  "SELECT " ORDER_ROW_COLUMNS " FROM orders o WHERE id = $1 "
                                  "FOR UPDATE",
                                  1, params);
    if (!res)
        return -1;
    int found = PQntuples(res) == 1;
    if (found)
        order_row_read(res, 0, 0, row);
    PQclear(res);
    return found;
}

/* Status steps. Each step is a history row; the order takes its last step's status, time and
   flag, since an order of services only is confirmed and delivered by one event. */
static const dure_rows_kind_t s_step_rows = {
    "order_steps",
    "WITH q AS MATERIALIZED (SELECT * FROM unnest($1::text[], $2::int[], $3::smallint[], "
    "    $4::bigint[], $5::boolean[], $6::text[], $7::text[], $8::text[]) AS q(id, seq, "
    "    status, at_ms, reserved, cause_type, cause_id, note)), "
    "  h AS (INSERT INTO order_history SELECT id, seq, status, to_timestamp(at_ms / 1000.0), "
    "    cause_type, cause_id, note FROM q RETURNING 1), "
    "  last AS MATERIALIZED (SELECT DISTINCT ON (id) * FROM q ORDER BY id, seq DESC), "
    "  u AS (UPDATE orders o SET (status, updated_at, reserved) = (SELECT l.status, "
    "    to_timestamp(l.at_ms / 1000.0), l.reserved FROM last l WHERE l.id = o.id) "
    "    WHERE o.id = ANY (ARRAY(SELECT id FROM last))) "
    "SELECT count(*) FROM h",
    {8},
    /* Prepared, its plan was made in a new database's first seconds and kept: a scan of
       the whole table for a batch's few orders (17 ms at 12,000 orders), until autovacuum's
       next ANALYZE. */
    1};

int order_store_step_queued(const order_store_t *self, const char *id)
{
    return zhashx_lookup(self->stepped, id) != NULL;
}

void order_store_forget_steps(order_store_t *self)
{
    zhashx_purge(self->stepped);
}

int order_store_transition(order_store_t *self, const char *id, order_row_t *row,
                           order_status_t status, const char *cause_type, const char *cause_id,
                           const char *note, int reserved, int now, order_change_t *change)
{
    int64_t at_ms = dure_now_ms();
    if (reserved >= 0)
        row->reserved = reserved != 0;
    dure_rows_t *rows = dure_db_rows(self->db, now);
    dure_rows_start(rows, &s_step_rows, 0);
    dure_rows_text(rows, id);
    dure_rows_int(rows, row->version + 1);
    dure_rows_int(rows, status);
    dure_rows_int(rows, at_ms);
    dure_rows_bool(rows, row->reserved);
    dure_rows_text(rows, cause_type);
    dure_rows_text(rows, cause_id);
    dure_rows_text(rows, note);
    int queued = !now && dure_db_deferring(self->db);
    int written = dure_db_write_record(self->db, now);
    if (written != 1)
        return -1;
    if (queued)
        zhashx_insert(self->stepped, id, (void *) 1); /* the key is copied; a second is kept out */
    row->status = status;
    row->version++;
    if (change) {
        snprintf(change->id, sizeof change->id, "%s", id);
        change->status = status;
        change->version = row->version;
        change->at_ms = at_ms;
    }
    return 0;
}

int order_store_shipment(order_store_t *self, const char *order_id,
                         const Dure__V1__OrderShipment *s)
{
    char st[8], at[24];
    snprintf(st, sizeof st, "%d", (int) s->status);
    snprintf(at, sizeof at, "%lld", (long long) s->updated_at_ms);
    const char *params[] = {order_id, s->shipment_id, s->enterprise_id, st, at};
    return dure_db_command(
        self->db, "order_shipment",
        "INSERT INTO order_shipments AS s VALUES ($1, $2, $3, $4::smallint, "
        "to_timestamp($5::bigint / 1000.0)) ON CONFLICT (order_id, shipment_id) DO UPDATE SET "
        "status = excluded.status, updated_at = excluded.updated_at, "
        "enterprise_id = CASE WHEN excluded.enterprise_id = '' THEN s.enterprise_id "
        "ELSE excluded.enterprise_id END WHERE s.updated_at <= excluded.updated_at",
        5, params);
}

/* Orders: JSON array of {id, import_ref, customer_id, channel, created_at_ms, total_krw,
   supply_krw, vat_krw}. Lines: {order_id, ...the columns of order_lines}. Campaigns: {id,
   name, starts_on, ends_on}; each order gets the campaign whose dates (in the mall's time
   zone) hold its time, the latest-starting one when several do. */
static const char s_import_sql[] =
    "WITH r AS (SELECT * FROM json_to_recordset($1::json) AS r(id text, import_ref text, "
    "customer_id text, channel smallint, created_at_ms bigint, total_krw bigint, "
    "supply_krw bigint, vat_krw bigint)), "
    "o AS (INSERT INTO orders (id, import_ref, customer_id, channel, status, total_krw, "
    "supply_krw, vat_krw, campaign_id, campaign_name, reserved, created_at, updated_at) "
    "SELECT r.id, r.import_ref, r.customer_id, r.channel, 6, r.total_krw, r.supply_krw, "
    "r.vat_krw, coalesce(c.id, ''), coalesce(c.name, ''), false, "
    "to_timestamp(r.created_at_ms / 1000.0), now() FROM r LEFT JOIN LATERAL (SELECT c.id, "
    "c.name FROM json_to_recordset($3::json) AS c(id text, name text, starts_on date, "
    "ends_on date) WHERE (to_timestamp(r.created_at_ms / 1000.0) AT TIME ZONE $4)::date "
    "BETWEEN c.starts_on AND c.ends_on ORDER BY c.starts_on DESC, c.id LIMIT 1) c ON true "
    "ON CONFLICT (import_ref) WHERE import_ref IS NOT NULL DO NOTHING RETURNING id, created_at), "
    "l AS (INSERT INTO order_lines SELECT o.id, " S_LINE_VALUES " FROM o JOIN "
    "json_to_recordset($2::json) AS r(order_id text, " S_LINE_COLUMNS ") ON r.order_id = o.id "
    "RETURNING 1), "
    "h AS (INSERT INTO order_history SELECT o.id, 1, 6, o.created_at, "
    "'dure.v1.ImportOrders', $5, 'imported' FROM o) "
    "SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM l)";

int order_store_import(order_store_t *self, const char *orders_json, const char *lines_json,
                       const char *campaigns_json, const char *cause_id, int *imported,
                       int *lines)
{
    const char *params[] = {orders_json, lines_json, campaigns_json, self->time_zone, cause_id};
    PGresult *res = dure_db_query(self->db, "order_import", s_import_sql, 5, params);
    if (!res)
        return -1;
    *imported = atoi(PQgetvalue(res, 0, 0));
    *lines = atoi(PQgetvalue(res, 0, 1));
    PQclear(res);
    return 0;
}
