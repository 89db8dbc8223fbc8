/*  store.c - the order service's writes: idempotent intake, transitions, shipments, imports.

    An order and everything that belongs to it (lines, sellers, first history step) is one
    statement: data-modifying CTEs hanging off the INSERT of the orders, fed a JSON array of
    orders with their lines and sellers nested. Inside a batch the new orders are queued and
    that statement runs once for the whole batch (dure_db_write_row). The idempotency key is a
    unique column: a second instance racing on the same key waits for the first one's commit
    and then inserts nothing (ON CONFLICT DO NOTHING); the batch then runs again item by item,
    and the handler answers what the first one stored. Request bodies are compared by
    SHA-256, computed by PostgreSQL. Reads are in store_read.c.
*/
#include "store_internal.h"

#include <json-c/json.h>

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

/* The JSON array of an order's lines, keys as the columns of order_lines. */
static json_object *s_lines_json(Dure__V1__OrderLine *const *lines, size_t n)
{
    json_object *array = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        const Dure__V1__OrderLine *l = lines[i];
        const Dure__V1__Dimensions *d = l->size;
        json_object *o = json_object_new_object();
        dure_row_add_int(o, "line_no", (int64_t) i + 1);
        dure_row_add_string(o, "product_id", l->product_id);
        dure_row_add_string(o, "product_name", l->product_name);
        dure_row_add_string(o, "enterprise_id", l->enterprise_id);
        dure_row_add_string(o, "category", l->category);
        dure_row_add_string(o, "region", l->region);
        dure_row_add_int(o, "quantity", l->quantity);
        dure_row_add_int(o, "unit_price_krw", l->unit_price_krw);
        dure_row_add_int(o, "line_total_krw", l->line_total_krw);
        dure_row_add_int(o, "tax_class", l->tax_class);
        json_object_object_add(o, "physical", json_object_new_boolean(l->physical));
        dure_row_add_int(o, "length_mm", d ? d->length_mm : 0);
        dure_row_add_int(o, "width_mm", d ? d->width_mm : 0);
        dure_row_add_int(o, "height_mm", d ? d->height_mm : 0);
        dure_row_add_int(o, "weight_g", l->weight_g);
        dure_row_add_int(o, "temperature", l->temperature);
        json_object_object_add(o, "fragile", json_object_new_boolean(l->fragile));
        json_object_array_add(array, o);
    }
    return array;
}

/* The JSON array of sellers: enterprise_id and the serialized Enterprise in hex. */
static json_object *s_sellers_json(Dure__V1__Enterprise *const *sellers, size_t n)
{
    json_object *array = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        char *hex = dure_db_message_hex("", &sellers[i]->base);
        json_object *o = json_object_new_object();
        dure_row_add_string(o, "enterprise_id", sellers[i]->id);
        dure_row_add_string(o, "seller", hex);
        json_object_array_add(array, o);
        free(hex);
    }
    return array;
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

/* Orders given as a JSON array (one object per order, its lines and sellers nested), with
   their lines, sellers and first history steps; selects how many orders it wrote. */
static const dure_rows_kind_t s_insert_rows = {
    "order_insert",
    "WITH q AS MATERIALIZED (SELECT * FROM json_to_recordset($1::json) AS q(id text, "
    "idempotency_key text, body text, customer_id text, channel smallint, institution text, "
    "postcode text, line1 text, line2 text, recipient text, phone text, total_krw bigint, "
    "supply_krw bigint, vat_krw bigint, payment_ref text, campaign_id text, campaign_name text, "
    "lines json, sellers json, cause_type text, cause_id text)), "
    "o AS (INSERT INTO orders (id, idempotency_key, request_hash, customer_id, channel, "
    "institution, status, postcode, line1, line2, recipient, phone, total_krw, supply_krw, "
    "vat_krw, payment_ref, campaign_id, campaign_name, created_at, updated_at) "
    "SELECT id, idempotency_key, sha256(decode(body, 'hex')), customer_id, channel, "
    "institution, 1, postcode, line1, line2, recipient, phone, total_krw, supply_krw, vat_krw, "
    "payment_ref, campaign_id, campaign_name, now(), now() FROM q "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, created_at), "
    "l AS (INSERT INTO order_lines SELECT o.id, " S_LINE_VALUES " FROM o JOIN q USING (id), "
    "json_to_recordset(q.lines) AS r(" S_LINE_COLUMNS ")), "
    "s AS (INSERT INTO order_sellers SELECT o.id, r.enterprise_id, decode(r.seller, 'hex') "
    "FROM o JOIN q USING (id), json_to_recordset(q.sellers) AS r(enterprise_id text, "
    "seller text)), "
    "h AS (INSERT INTO order_history SELECT o.id, 1, 1, o.created_at, q.cause_type, q.cause_id, "
    "'' FROM o JOIN q USING (id)) "
    "SELECT count(*) FROM o"};

int order_store_insert(order_store_t *self, const order_new_t *n)
{
    const Dure__V1__PlaceOrder *r = n->request;
    const Dure__V1__Address *a = r->address;
    json_object *o = json_object_new_object();
    dure_row_add_string(o, "id", n->id);
    dure_row_add_string(o, "idempotency_key", n->idempotency_key);
    char *hex = dure_db_hex("", n->body, n->body_len);
    dure_row_add_string(o, "body", hex);
    free(hex);
    dure_row_add_string(o, "customer_id", r->customer_id);
    dure_row_add_int(o, "channel", r->channel);
    dure_row_add_string(o, "institution", r->institution);
    dure_row_add_string(o, "postcode", a->postcode);
    dure_row_add_string(o, "line1", a->line1);
    dure_row_add_string(o, "line2", a->line2);
    dure_row_add_string(o, "recipient", a->recipient);
    dure_row_add_string(o, "phone", a->phone);
    dure_row_add_int(o, "total_krw", n->total_krw);
    dure_row_add_int(o, "supply_krw", n->supply_krw);
    dure_row_add_int(o, "vat_krw", n->vat_krw);
    dure_row_add_string(o, "payment_ref", r->payment_ref);
    dure_row_add_string(o, "campaign_id", n->campaign_id);
    dure_row_add_string(o, "campaign_name", n->campaign_name);
    json_object_object_add(o, "lines", s_lines_json(n->lines, n->n_lines));
    json_object_object_add(o, "sellers", s_sellers_json(n->sellers, n->n_sellers));
    dure_row_add_string(o, "cause_type", n->cause_type);
    dure_row_add_string(o, "cause_id", n->cause_id);
    /* Queued for the end of the batch while the batch defers: 1 then means "queued", and a
       key taken meanwhile fails the batch's write instead (dure_db_flush). */
    int written = dure_db_write_row(self->db, &s_insert_rows, o);
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

/* Status steps: a JSON array of {id, seq, status, at_ms, reserved, cause_type, cause_id,
   note}. Each step is a history row; the order takes its last step's status, time and flag,
   since an order of services only is confirmed and delivered by one event. */
static const dure_rows_kind_t s_step_rows = {
    "order_steps",
    "WITH q AS MATERIALIZED (SELECT * FROM json_to_recordset($1::json) AS q(id text, seq int, "
    "    status smallint, at_ms bigint, reserved boolean, cause_type text, cause_id text, "
    "    note text)), "
    "  h AS (INSERT INTO order_history SELECT id, seq, status, to_timestamp(at_ms / 1000.0), "
    "    cause_type, cause_id, note FROM q RETURNING 1), "
    "  last AS MATERIALIZED (SELECT DISTINCT ON (id) * FROM q ORDER BY id, seq DESC), "
    "  u AS (UPDATE orders o SET (status, updated_at, reserved) = (SELECT l.status, "
    "    to_timestamp(l.at_ms / 1000.0), l.reserved FROM last l WHERE l.id = o.id) "
    "    WHERE o.id = ANY (ARRAY(SELECT id FROM last))) "
    "SELECT count(*) FROM h",
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
    json_object *step = json_object_new_object();
    dure_row_add_string(step, "id", id);
    dure_row_add_int(step, "seq", row->version + 1);
    dure_row_add_int(step, "status", status);
    dure_row_add_int(step, "at_ms", at_ms);
    json_object_object_add(step, "reserved", json_object_new_boolean(row->reserved));
    dure_row_add_string(step, "cause_type", cause_type);
    dure_row_add_string(step, "cause_id", cause_id);
    dure_row_add_string(step, "note", note);
    int queued = !now && dure_db_deferring(self->db);
    int written = now ? dure_db_write_row_now(self->db, &s_step_rows, step)
                      : dure_db_write_row(self->db, &s_step_rows, step);
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
