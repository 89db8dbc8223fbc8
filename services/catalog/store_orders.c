/*  store_orders.c - stock reservations of orders: lock, reserve, reject, release.

    The order of work for an OrderPlaced is the events handler's (see events.c); this file
    only says each step in SQL. Multi-row steps pass the lines as two parallel arrays and
    unnest them, so a reservation is a fixed number of statements whatever its size.
*/
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int catalog_store_order_status(catalog_store_t *self, const char *order_id, char *status)
{
    const char *params[] = {order_id};
    PGresult *res = catalog_store_query(self, "catalog_order_status",
                                        "SELECT status FROM stock_orders WHERE order_id = $1",
                                        1, params);
    if (!res)
        return -1;
    snprintf(status, 16, "%s", PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    return 0;
}

/* The lines' product ids and quantities as two text[] / bigint[] literals. */
static void s_line_arrays(dure_arena_t *arena, const catalog_line_t *lines, size_t n,
                          const char **ids, const char **quantities)
{
    const char **items = DURE_ARENA_NEW(arena, const char *, n > 0 ? n : 1);
    size_t size = 3;
    for (size_t i = 0; i < n; i++) {
        items[i] = lines[i].product_id;
        size += 22;
    }
    *ids = catalog_store_array(arena, items, n);
    char *text = dure_arena_alloc(arena, size), *at = text;
    *at++ = '{';
    for (size_t i = 0; i < n; i++)
        at += sprintf(at, "%s%lld", i ? "," : "", (long long) lines[i].quantity);
    *at++ = '}';
    *at = '\0';
    *quantities = text;
}

int catalog_store_lock_rows(catalog_store_t *self, const catalog_line_t *lines, size_t n,
                            dure_arena_t *arena, catalog_stock_row_t **rows, size_t *count)
{
    const char *ids, *quantities;
    s_line_arrays(arena, lines, n, &ids, &quantities);
    const char *params[] = {ids};
    PGresult *res = catalog_store_query(
        self, "catalog_lock_rows",
        "SELECT p.id, p.stock, p.physical, p.active, to_char(e.certified_from, 'YYYY-MM-DD'), "
        "  to_char(e.certified_until, 'YYYY-MM-DD') "
        "FROM products p JOIN enterprises e ON e.id = p.enterprise_id "
        "WHERE p.id = ANY ($1::text[]) ORDER BY p.id FOR UPDATE OF p",
        1, params);
    if (!res)
        return -1;
    int found = PQntuples(res);
    *rows = DURE_ARENA_NEW(arena, catalog_stock_row_t, found > 0 ? found : 1);
    for (int i = 0; i < found; i++)
        (*rows)[i] = (catalog_stock_row_t){
            .id = dure_arena_strdup(arena, PQgetvalue(res, i, 0)),
            .stock = strtoll(PQgetvalue(res, i, 1), NULL, 10),
            .physical = PQgetvalue(res, i, 2)[0] == 't',
            .active = PQgetvalue(res, i, 3)[0] == 't',
            .certified_from = dure_arena_strdup(arena, PQgetvalue(res, i, 4)),
            .certified_until = dure_arena_strdup(arena, PQgetvalue(res, i, 5)),
        };
    *count = (size_t) found;
    PQclear(res);
    return 0;
}

static int s_set_status(catalog_store_t *self, const char *order_id, const char *status)
{
    const char *params[] = {order_id, status};
    return dure_db_command(self->db, "catalog_order_set_status",
                           "INSERT INTO stock_orders (order_id, status) VALUES ($1, $2) "
                           "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, "
                           "  updated_at = now()",
                           2, params);
}

int catalog_store_reserve(catalog_store_t *self, const char *order_id, const catalog_line_t *lines,
                          size_t n)
{
    if (s_set_status(self, order_id, "reserved") != 0)
        return -1;
    if (n == 0)
        return 0;
    dure_arena_t *arena = dure_arena_new();
    const char *ids, *quantities;
    s_line_arrays(arena, lines, n, &ids, &quantities);
    const char *params[] = {order_id, ids, quantities};
    int rc = dure_db_command(
        self->db, "catalog_reserve",
        "WITH v AS (SELECT l.product_id, l.quantity FROM unnest($2::text[], $3::bigint[]) "
        "    AS l (product_id, quantity) JOIN products p ON p.id = l.product_id AND p.physical), "
        "  taken AS (UPDATE products p SET stock = p.stock - v.quantity, "
        "    version = p.version + 1, updated_at = now() FROM v WHERE p.id = v.product_id) "
        "INSERT INTO reservations (order_id, product_id, quantity) "
        "SELECT $1, v.product_id, v.quantity FROM v",
        3, params);
    dure_arena_destroy(&arena);
    return rc;
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
    PGresult *res = catalog_store_query(
        self, "catalog_release",
        "WITH r AS (UPDATE reservations SET released_at = now() "
        "    WHERE order_id = $1 AND released_at IS NULL RETURNING product_id, quantity) "
        "UPDATE products p SET stock = p.stock + r.quantity, version = p.version + 1, "
        "  updated_at = now() FROM r WHERE p.id = r.product_id RETURNING p.id",
        1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    *product_ids = DURE_ARENA_NEW(arena, char *, rows > 0 ? rows : 1);
    for (int i = 0; i < rows; i++)
        (*product_ids)[i] = dure_arena_strdup(arena, PQgetvalue(res, i, 0));
    *count = (size_t) rows;
    PQclear(res);
    return 0;
}
