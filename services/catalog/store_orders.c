/*  store_orders.c - stock reservations of orders: lock, reserve, reject, release.

    The order of work for an OrderPlaced is the events handler's (see events.c); this file
    only says each step in SQL. The statuses of a batch's orders are read with one statement,
    and its products locked and read with another (dure_reads, noted by the events' prepare);
    the reservations of a batch are queued and written together at its end
    (dure_db_write_record), so a batch of reservations is a fixed number of statements whatever
    its size.
*/
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void catalog_store_note_order(catalog_store_t *self, const char *order_id,
                              Dure__V1__OrderLineRequest *const *lines, size_t n)
{
    if (catalog_check_id(order_id))
        return;
    dure_reads_note(self->statuses, order_id);
    for (size_t i = 0; i < n; i++)
        if (!catalog_check_id(lines[i]->product_id))
            dure_reads_note(self->products, lines[i]->product_id);
}

/* The status, "" for an order never seen (NULL reads as ""). */
static void *s_status_row(const PGresult *res, int r, dure_arena_t *arena)
{
    return dure_arena_strdup(arena, PQgetvalue(res, r, 1));
}

int catalog_store_read_statuses(void *store, const char *const *order_ids, size_t count,
                                dure_arena_t *arena, void **rows)
{
    catalog_store_t *self = store;
    /* A scalar subquery per id: one index lookup each (see catalog_reserve). */
    return dure_db_read_keys(
        self->db, "catalog_order_statuses",
        "SELECT k.n, (SELECT s.status FROM stock_orders s WHERE s.order_id = k.id) "
        "FROM json_array_elements_text($1::json) WITH ORDINALITY AS k (id, n)",
        order_ids, count, arena, s_status_row, rows);
}

int catalog_store_order_status(catalog_store_t *self, const char *order_id, dure_arena_t *arena,
                               char *status)
{
    void *read;
    if (dure_reads_take_or_read(self->statuses, order_id, arena, &read) != 0)
        return -1;
    snprintf(status, 16, "%s", read ? (const char *) read : "");
    return 0;
}

/* A product's stock row and its seller's certification. */
#define S_STOCK_COLUMNS                                                                            \
    "p.id, p.stock, p.physical, p.active, to_char(e.certified_from, 'YYYY-MM-DD'), "              \
    "to_char(e.certified_until, 'YYYY-MM-DD')"

/* A catalog_stock_row_t from row r, whose S_STOCK_COLUMNS follow the key's position. */
static void *s_product_row(const PGresult *res, int r, dure_arena_t *arena)
{
    catalog_stock_row_t *row = DURE_ARENA_NEW(arena, catalog_stock_row_t, 1);
    *row = (catalog_stock_row_t){
        .id = dure_arena_strdup(arena, PQgetvalue(res, r, 1)),
        .stock = strtoll(PQgetvalue(res, r, 2), NULL, 10),
        .physical = PQgetvalue(res, r, 3)[0] == 't',
        .active = PQgetvalue(res, r, 4)[0] == 't',
        .certified_from = dure_arena_strdup(arena, PQgetvalue(res, r, 5)),
        .certified_until = dure_arena_strdup(arena, PQgetvalue(res, r, 6)),
    };
    return row;
}

int catalog_store_read_products(void *store, const char *const *product_ids, size_t count,
                                dure_arena_t *arena, void **rows)
{
    catalog_store_t *self = store;
    /* A locking subquery per id: one index lookup each, and the rows locked in the order
       of the ids. */
    return dure_db_read_keys(
        self->db, "catalog_lock_products",
        "SELECT k.n, p.* FROM json_array_elements_text($1::json) WITH ORDINALITY AS k (id, n) "
        "CROSS JOIN LATERAL (SELECT " S_STOCK_COLUMNS " FROM products p "
        "  JOIN enterprises e ON e.id = p.enterprise_id WHERE p.id = k.id FOR UPDATE OF p) p "
        "ORDER BY k.n",
        product_ids, count, arena, s_product_row, rows);
}

int catalog_store_lock_rows(catalog_store_t *self, const catalog_line_t *lines, size_t n,
                            dure_arena_t *arena, catalog_stock_row_t **rows, size_t *count)
{
    *rows = DURE_ARENA_NEW(arena, catalog_stock_row_t, n > 0 ? n : 1);
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].problem)
            continue;
        void *read;
        if (dure_reads_peek_or_read(self->products, lines[i].product_id, arena, &read) != 0)
            return -1;
        if (read)
            (*rows)[(*count)++] = *(const catalog_stock_row_t *) read;
    }
    return 0;
}

static int s_set_status(catalog_store_t *self, const char *order_id, const char *status)
{
    dure_reads_forget(self->statuses, order_id);
    const char *params[] = {order_id, status};
    return dure_db_command(self->db, "catalog_order_set_status",
                           "INSERT INTO stock_orders (order_id, status) VALUES ($1, $2) "
                           "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, "
                           "  updated_at = now()",
                           2, params);
}

/* Reservations of orders (their ids, and their lines' order ids, products and quantities),
   written for a whole batch at once: each order recorded 'reserved', and each product's
   stock lowered by the batch's sum for it, once. An order that has a status already
   (cancelled later in the same batch) is left out, and so not counted: the batch then runs
   again guarded (dure_apply). A batch whose sums exceed a product's stock, although each
   order alone fit, fails the CHECK (stock >= 0) and runs again guarded the same way. */
static const dure_rows_kind_t s_reserve_rows = {
    "catalog_reserve",
    "WITH s AS (INSERT INTO stock_orders (order_id, status) SELECT order_id, 'reserved' "
    "    FROM unnest($1::text[]) AS q(order_id) ON CONFLICT (order_id) DO NOTHING "
    "    RETURNING order_id), "
    /* Product lookups as scalar subqueries: a join would let the planner scan the table
       against its guess of the lines' count. */
    "  v AS MATERIALIZED (SELECT l.order_id, l.product_id, l.quantity FROM s "
    "    JOIN unnest($2::text[], $3::text[], $4::bigint[]) AS l(order_id, product_id, quantity) "
    "    USING (order_id) "
    "    WHERE (SELECT p.physical FROM products p WHERE p.id = l.product_id)), "
    "  taken AS (UPDATE products p SET stock = p.stock - t.quantity, "
    "    version = p.version + 1, updated_at = now() "
    "    FROM (SELECT product_id, sum(quantity) AS quantity FROM v GROUP BY product_id) t "
    "    WHERE p.id = t.product_id), "
    "  r AS (INSERT INTO reservations (order_id, product_id, quantity) "
    "    SELECT order_id, product_id, quantity FROM v) "
    "SELECT count(*) FROM s",
    {1, 3}};

int catalog_store_reserve(catalog_store_t *self, const char *order_id, const catalog_line_t *lines,
                          size_t n)
{
    dure_reads_forget(self->statuses, order_id);
    dure_rows_t *rows = dure_db_rows(self->db, 0);
    dure_rows_start(rows, &s_reserve_rows, 0);
    dure_rows_text(rows, order_id);
    for (size_t i = 0; i < n; i++) {
        dure_rows_start(rows, &s_reserve_rows, 1);
        dure_rows_text(rows, order_id);
        dure_rows_text(rows, lines[i].product_id);
        dure_rows_int(rows, lines[i].quantity);
    }
    /* While the batch defers, written at its end with the batch's other reservations. */
    int written = dure_db_write_record(self->db, 0);
    return written == 1 ? 0 : -1;
}

int catalog_store_reject(catalog_store_t *self, const char *order_id)
{
    return s_set_status(self, order_id, "rejected");
}

int catalog_store_release(catalog_store_t *self, const char *order_id, dure_arena_t *arena,
                          char ***product_ids, size_t *count)
{
    *count = 0;
    *product_ids = NULL;
    if (s_set_status(self, order_id, "cancelled") != 0)
        return -1;
    const char *params[] = {order_id};
    PGresult *res = dure_db_query(
        self->db, "catalog_release",
        "WITH r AS (UPDATE reservations SET released_at = now() "
        "    WHERE order_id = $1 AND released_at IS NULL RETURNING product_id, quantity) "
        "UPDATE products p SET stock = p.stock + r.quantity, version = p.version + 1, "
        "  updated_at = now() FROM r WHERE p.id = r.product_id RETURNING p.id",
        1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    *product_ids = DURE_ARENA_NEW(arena, char *, rows > 0 ? rows : 1);
    for (int i = 0; i < rows; i++) {
        (*product_ids)[i] = dure_arena_strdup(arena, PQgetvalue(res, i, 0));
        dure_reads_forget(self->products, (*product_ids)[i]); /* its stock moved */
    }
    *count = (size_t) rows;
    PQclear(res);
    return 0;
}
