/*  store_list.c - lists of orders with keyset paging, and the sums behind sales reports.

    Revenue (docs/ORDERS.md): the VAT-included totals of orders that reached CONFIRMED or a
    later shipping step (imported orders are DELIVERED), never REJECTED, CANCELLED or still
    PENDING ones; an order falls in the month and year of its creation time in the mall's
    time zone. Order-level groupings (month, channel) sum order totals; line-level ones
    (category, enterprise, region) sum line totals and count the distinct orders.
*/
#include "store_internal.h"

#define S_REVENUE "o.status IN (2, 4, 5, 6)" /* CONFIRMED, PARTIALLY_SHIPPED, SHIPPED, DELIVERED */
#define S_YEAR                                                                                  \
    "o.created_at >= make_timestamp($1::int, 1, 1, 0, 0, 0) AT TIME ZONE $2 AND "              \
    "o.created_at < make_timestamp($1::int + 1, 1, 1, 0, 0, 0) AT TIME ZONE $2"

/* Builds one Order (without history) from a list row; columns as in s_list_sql. */
static Dure__V1__Order *s_row(dure_arena_t *arena, const PGresult *res, int r)
{
    Dure__V1__Order *o = DURE_ARENA_NEW(arena, Dure__V1__Order, 1);
    dure__v1__order__init(o);
    Dure__V1__Address *a = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
    dure__v1__address__init(a);
    char **fields[] = {&o->id,        &o->customer_id, &o->institution, &a->postcode,
                       &a->line1,     &a->line2,       &a->recipient,   &a->phone,
                       &o->payment_ref, &o->campaign_id, &o->import_ref};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = dure_arena_strdup(arena, PQgetvalue(res, r, (int) i));
    o->channel = (Dure__V1__Channel) atoi(PQgetvalue(res, r, 11));
    o->status = (Dure__V1__OrderStatus) atoi(PQgetvalue(res, r, 12));
    o->total_krw = atoll(PQgetvalue(res, r, 13));
    o->supply_krw = atoll(PQgetvalue(res, r, 14));
    o->vat_krw = atoll(PQgetvalue(res, r, 15));
    o->created_at_ms = atoll(PQgetvalue(res, r, 16));
    o->address = a;
    return o;
}

static const char s_list_where[] =
    " WHERE ($1 = '' OR customer_id = $1) AND ($2::smallint = 0 OR status = $2::smallint) "
    "AND ($3::bigint = 0 OR created_at >= to_timestamp($3::bigint / 1000.0)) "
    "AND ($4::bigint = 0 OR created_at < to_timestamp($4::bigint / 1000.0))";

static const char s_list_page[] =
    " AND ($5::bigint IS NULL OR (created_at, id) < (timestamptz 'epoch' + $5::bigint * "
    "interval '1 microsecond', $6)) ORDER BY created_at DESC, id DESC LIMIT $7::int + 1";

/* Parses a page token into its microseconds and id. Returns 0, or -1 when it is not one. */
static int s_token(const char *token, char *us, size_t us_size, const char **id)
{
    const char *dot = strchr(token, '.');
    size_t n = dot ? (size_t) (dot - token) : 0;
    if (!dot || n == 0 || n >= us_size || !dot[1] || strlen(dot + 1) > DURE_ID_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (token[i] < '0' || token[i] > '9')
            return -1;
    memcpy(us, token, n);
    us[n] = '\0';
    *id = dot + 1;
    return 0;
}

static int s_attach(order_store_t *self, Dure__V1__Order **orders, size_t n, dure_arena_t *arena)
{
    for (size_t i = 0; i < n; i++) {
        Dure__V1__Order *full = NULL;
        /* Lines per order: a page is at most 500 orders, read on an operator's request. */
        if (order_store_get(self, orders[i]->id, 0, arena, &full) < 0)
            return -1;
        if (full) {
            orders[i]->lines = full->lines;
            orders[i]->n_lines = full->n_lines;
        }
    }
    return 0;
}

int order_store_list(order_store_t *self, const order_filter_t *f, dure_arena_t *arena,
                     Dure__V1__ListOrdersReply *reply)
{
    char status[8], from[24], to[24], size[16], us[24];
    const char *token_id = NULL;
    if (f->page_token && *f->page_token && s_token(f->page_token, us, sizeof us, &token_id))
        return -2;
    snprintf(status, sizeof status, "%d", (int) f->status);
    snprintf(from, sizeof from, "%lld", (long long) f->from_ms);
    snprintf(to, sizeof to, "%lld", (long long) f->to_ms);
    snprintf(size, sizeof size, "%d", f->page_size);
    const char *params[] = {f->customer_id ? f->customer_id : "", status, from, to,
                            token_id ? us : NULL, token_id, size};
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT id, customer_id, institution, postcode, line1, line2, recipient, phone, "
             "payment_ref, campaign_id, coalesce(import_ref, ''), channel, status, total_krw, "
             "supply_krw, vat_krw, (extract(epoch FROM created_at) * 1000)::bigint, "
             "(extract(epoch FROM created_at) * 1000000)::bigint FROM orders%s%s",
             s_list_where, s_list_page);
    PGresult *res = dure_db_query(self->db, "order_list", sql, 7, params);
    if (!res)
        return -1;
    int rows = PQntuples(res), n = rows > f->page_size ? f->page_size : rows;
    reply->orders = DURE_ARENA_NEW(arena, Dure__V1__Order *, n ? n : 1);
    for (int r = 0; r < n; r++)
        reply->orders[r] = s_row(arena, res, r);
    reply->n_orders = (size_t) n;
    reply->next_page_token =
        rows > n ? dure_arena_printf(arena, "%s.%s", PQgetvalue(res, n - 1, 17),
                                     PQgetvalue(res, n - 1, 0))
                 : "";
    PQclear(res);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM orders%s", s_list_where);
    res = dure_db_query(self->db, "order_list_count", sql, 4, params);
    if (!res)
        return -1;
    reply->total = atoi(PQgetvalue(res, 0, 0));
    PQclear(res);
    return s_attach(self, reply->orders, reply->n_orders, arena);
}

/* Month rows: all twelve months, with the most frequent campaign among the month's orders
   that fell in one (ties by name). */
static const char s_months_sql[] =
    "WITH s AS (SELECT o.id, o.total_krw, o.campaign_name, "
    "to_char(o.created_at AT TIME ZONE $2, 'YYYY-MM') AS k FROM orders o WHERE " S_REVENUE
    " AND " S_YEAR ") "
    "SELECT m.k, coalesce(sum(s.total_krw), 0), count(s.id), coalesce((SELECT c.campaign_name "
    "FROM s c WHERE c.k = m.k AND c.campaign_name <> '' GROUP BY c.campaign_name "
    "ORDER BY count(*) DESC, c.campaign_name LIMIT 1), '') FROM (SELECT to_char(make_date("
    "$1::int, g, 1), 'YYYY-MM') AS k FROM generate_series(1, 12) g) m LEFT JOIN s ON s.k = m.k "
    "GROUP BY m.k ORDER BY m.k";

static const char s_channels_sql[] =
    "SELECT CASE o.channel WHEN 1 THEN 'B2C' WHEN 2 THEN 'B2B' WHEN 3 THEN 'B2G' ELSE '?' END, "
    "sum(o.total_krw), count(*), '' FROM orders o WHERE " S_REVENUE " AND " S_YEAR
    " GROUP BY o.channel ORDER BY o.channel";

/* Line-level groupings; %s is the grouped column of order_lines. */
static const char s_lines_sql[] =
    "SELECT l.%s, sum(l.line_total_krw), count(DISTINCT o.id), '' FROM orders o JOIN "
    "order_lines l ON l.order_id = o.id WHERE " S_REVENUE " AND " S_YEAR
    " GROUP BY l.%s ORDER BY sum(l.line_total_krw) DESC, l.%s";

int order_store_sales(order_store_t *self, int year, Dure__V1__SalesGrouping grouping,
                      dure_arena_t *arena, order_sales_row_t **rows)
{
    char y[16], sql[2048], name[32];
    snprintf(y, sizeof y, "%d", year);
    const char *params[] = {y, self->time_zone};
    const char *column = grouping == DURE__V1__SALES_GROUPING__SALES_BY_CATEGORY   ? "category"
                         : grouping == DURE__V1__SALES_GROUPING__SALES_BY_ENTERPRISE ? "enterprise_id"
                                                                                   : "region";
    if (grouping == DURE__V1__SALES_GROUPING__SALES_BY_MONTH)
        snprintf(sql, sizeof sql, "%s", s_months_sql);
    else if (grouping == DURE__V1__SALES_GROUPING__SALES_BY_CHANNEL)
        snprintf(sql, sizeof sql, "%s", s_channels_sql);
    else
        snprintf(sql, sizeof sql, s_lines_sql, column, column, column);
    snprintf(name, sizeof name, "order_sales_%d", (int) grouping);
    PGresult *res = dure_db_query(self->db, name, sql, 2, params);
    if (!res)
        return -1;
    int n = PQntuples(res);
    *rows = DURE_ARENA_NEW(arena, order_sales_row_t, n ? n : 1);
    for (int r = 0; r < n; r++) {
        (*rows)[r].key = dure_arena_strdup(arena, PQgetvalue(res, r, 0));
        (*rows)[r].revenue_krw = atoll(PQgetvalue(res, r, 1));
        (*rows)[r].orders = atoll(PQgetvalue(res, r, 2));
        (*rows)[r].campaign = dure_arena_strdup(arena, PQgetvalue(res, r, 3));
    }
    PQclear(res);
    return n;
}
