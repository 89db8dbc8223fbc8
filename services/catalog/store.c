/*  store.c - enterprises, products, campaigns and listings in PostgreSQL.

    Every statement is prepared once per connection under a "catalog_" name. Rows become
    protobuf messages in the caller's arena through one converter per table, fed by one
    column list per table, so the SELECTs and RETURNINGs can never disagree on the shape.
*/
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column lists: the converters below read them by position. */
#define S_PRODUCT_COLS                                                                             \
    "p.id, p.enterprise_id, p.category, p.name, p.price_krw, p.tax_class, p.stock, "               \
    "p.length_mm, p.width_mm, p.height_mm, p.weight_g, p.temperature, p.fragile, p.physical, "     \
    "p.active, p.version"
#define S_PRODUCT_NCOLS 16
#define S_ENTERPRISE_COLS                                                                          \
    "e.id, e.name, e.kind, e.region, e.ship_postcode, e.ship_line1, e.ship_line2, "                \
    "e.ship_recipient, e.ship_phone, to_char(e.certified_from, 'YYYY-MM-DD'), "                    \
    "to_char(e.certified_until, 'YYYY-MM-DD'), e.default_carrier, e.version"
#define S_ENTERPRISE_NCOLS 13
#define S_CAMPAIGN_COLS                                                                            \
    "c.id, c.name, to_char(c.starts_on, 'YYYY-MM-DD'), to_char(c.ends_on, 'YYYY-MM-DD'), "         \
    "c.discount_percent, array_to_string(c.categories, ','), "                                     \
    "array_to_string(c.product_ids, ','), c.version"
/* "Certified on $n": the seller's certification covers the day. */
#define S_CERTIFIED(n) "e.certified_from <= $" n "::date AND e.certified_until >= $" n "::date"

catalog_store_t *catalog_store_new(dure_service_t *service)
{
    catalog_store_t *self = dure_calloc(1, sizeof *self);
    self->db = dure_service_db(service);
    self->statuses = dure_service_reads(service, catalog_store_read_statuses, self);
    self->products = dure_service_reads(service, catalog_store_read_products, self);
    return self;
}

void catalog_store_destroy(catalog_store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free(*self_p);
    *self_p = NULL;
}

/* -- Rows to messages ------------------------------------------------------------------- */

static char *s_text(dure_arena_t *arena, const PGresult *res, int row, int col)
{
    return dure_arena_strdup(arena, PQgetvalue(res, row, col));
}

static int64_t s_int(const PGresult *res, int row, int col)
{
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static bool s_bool(const PGresult *res, int row, int col)
{
    return PQgetvalue(res, row, col)[0] == 't';
}

static Dure__V1__Product *s_product(dure_arena_t *arena, const PGresult *res, int row)
{
    Dure__V1__Product *p = DURE_ARENA_NEW(arena, Dure__V1__Product, 1);
    dure__v1__product__init(p);
    Dure__V1__Dimensions *size = DURE_ARENA_NEW(arena, Dure__V1__Dimensions, 1);
    dure__v1__dimensions__init(size);
    p->id = s_text(arena, res, row, 0);
    p->enterprise_id = s_text(arena, res, row, 1);
    p->category = s_text(arena, res, row, 2);
    p->name = s_text(arena, res, row, 3);
    p->price_krw = s_int(res, row, 4);
    p->tax_class = (Dure__V1__TaxClass) s_int(res, row, 5);
    p->stock = s_int(res, row, 6);
    size->length_mm = (int32_t) s_int(res, row, 7);
    size->width_mm = (int32_t) s_int(res, row, 8);
    size->height_mm = (int32_t) s_int(res, row, 9);
    p->size = size;
    p->weight_g = (int32_t) s_int(res, row, 10);
    p->temperature = (Dure__V1__TemperatureClass) s_int(res, row, 11);
    p->fragile = s_bool(res, row, 12);
    p->physical = s_bool(res, row, 13);
    p->active = s_bool(res, row, 14);
    p->version = s_int(res, row, 15);
    return p;
}

static Dure__V1__Enterprise *s_enterprise(dure_arena_t *arena, const PGresult *res, int row)
{
    Dure__V1__Enterprise *e = DURE_ARENA_NEW(arena, Dure__V1__Enterprise, 1);
    dure__v1__enterprise__init(e);
    Dure__V1__Address *a = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
    dure__v1__address__init(a);
    e->id = s_text(arena, res, row, 0);
    e->name = s_text(arena, res, row, 1);
    e->kind = (Dure__V1__EnterpriseKind) s_int(res, row, 2);
    e->region = s_text(arena, res, row, 3);
    a->postcode = s_text(arena, res, row, 4);
    a->line1 = s_text(arena, res, row, 5);
    a->line2 = s_text(arena, res, row, 6);
    a->recipient = s_text(arena, res, row, 7);
    a->phone = s_text(arena, res, row, 8);
    e->ship_from = a;
    e->certified_from = s_text(arena, res, row, 9);
    e->certified_until = s_text(arena, res, row, 10);
    e->default_carrier = s_text(arena, res, row, 11);
    e->version = s_int(res, row, 12);
    return e;
}

/* Splits "a,b,c" ("" is none) into an arena array. */
static char **s_split(dure_arena_t *arena, const char *text, size_t *count)
{
    *count = 0;
    if (!*text)
        return NULL;
    size_t n = 1;
    for (const char *c = text; *c; c++)
        n += *c == ',';
    char **items = DURE_ARENA_NEW(arena, char *, n);
    const char *start = text;
    for (const char *c = text;; c++)
        if (*c == ',' || *c == '\0') {
            items[(*count)++] = dure_arena_strndup(arena, start, (size_t) (c - start));
            if (*c == '\0')
                break;
            start = c + 1;
        }
    return items;
}

static Dure__V1__Campaign *s_campaign(dure_arena_t *arena, const PGresult *res, int row)
{
    Dure__V1__Campaign *c = DURE_ARENA_NEW(arena, Dure__V1__Campaign, 1);
    dure__v1__campaign__init(c);
    c->id = s_text(arena, res, row, 0);
    c->name = s_text(arena, res, row, 1);
    c->starts_on = s_text(arena, res, row, 2);
    c->ends_on = s_text(arena, res, row, 3);
    c->discount_percent = (int32_t) s_int(res, row, 4);
    c->categories = s_split(arena, PQgetvalue(res, row, 5), &c->n_categories);
    c->product_ids = s_split(arena, PQgetvalue(res, row, 6), &c->n_product_ids);
    return c;
}

typedef void *(*s_row_fn)(dure_arena_t *arena, const PGresult *res, int row);

/* Converts the rows of a result (from column 0) into an arena array of messages. */
static void **s_rows(dure_arena_t *arena, const PGresult *res, s_row_fn convert, size_t *count)
{
    int rows = PQntuples(res);
    void **out = DURE_ARENA_NEW(arena, void *, rows > 0 ? rows : 1);
    for (int i = 0; i < rows; i++)
        out[i] = convert(arena, res, i);
    *count = (size_t) rows;
    return out;
}

/* -- Reads ------------------------------------------------------------------------------ */

int catalog_store_products(catalog_store_t *self, const char *const *ids, size_t n,
                           dure_arena_t *arena, Dure__V1__Product ***out, size_t *count)
{
    const char *params[] = {dure_db_array_in(arena, ids, n)};
    PGresult *res = dure_db_query(self->db, "catalog_products",
                                  "SELECT " S_PRODUCT_COLS " FROM products p "
                                  "WHERE p.id = ANY ($1::text[])",
                                  1, params);
    if (!res)
        return -1;
    *out = (Dure__V1__Product **) s_rows(arena, res, (s_row_fn) s_product, count);
    PQclear(res);
    return 0;
}

int catalog_store_enterprises(catalog_store_t *self, const char *const *ids, size_t n,
                              dure_arena_t *arena, Dure__V1__Enterprise ***out, size_t *count)
{
    const char *params[] = {dure_db_array_in(arena, ids, n)};
    PGresult *res = dure_db_query(self->db, "catalog_enterprises",
                                  "SELECT " S_ENTERPRISE_COLS " FROM enterprises e "
                                  "WHERE e.id = ANY ($1::text[])",
                                  1, params);
    if (!res)
        return -1;
    *out = (Dure__V1__Enterprise **) s_rows(arena, res, (s_row_fn) s_enterprise, count);
    PQclear(res);
    return 0;
}

int catalog_store_campaigns(catalog_store_t *self, dure_arena_t *arena,
                            Dure__V1__Campaign ***out, size_t *count)
{
    PGresult *res =
        dure_db_query(self->db, "catalog_campaigns",
                      "SELECT " S_CAMPAIGN_COLS " FROM campaigns c ORDER BY c.id", 0, NULL);
    if (!res)
        return -1;
    *out = (Dure__V1__Campaign **) s_rows(arena, res, (s_row_fn) s_campaign, count);
    PQclear(res);
    return 0;
}

int catalog_store_list_products(catalog_store_t *self, const catalog_product_query_t *q,
                                dure_arena_t *arena, Dure__V1__Product ***out, size_t *count,
                                int *total)
{
    char limit[16];
    snprintf(limit, sizeof limit, "%d", q->limit);
    const char *params[] = {q->category,   q->enterprise_id, q->name_contains,
                            q->include_unorderable ? "t" : "f",
                            q->today,      q->after_id,      limit};
    PGresult *res =
        dure_db_query(self->db, "catalog_list_products",
                      "WITH m AS (SELECT " S_PRODUCT_COLS " FROM products p "
                      "  JOIN enterprises e ON e.id = p.enterprise_id "
                      "  WHERE ($1 = '' OR p.category = $1) AND ($2 = '' OR p.enterprise_id = $2) "
                      "    AND ($3 = '' OR strpos(lower(p.name), lower($3)) > 0) "
                      "    AND ($4::boolean OR (p.active AND " S_CERTIFIED(
                          "5") "))) "
                               "SELECT m.*, (SELECT count(*) FROM m) FROM m WHERE m.id > $6 ORDER "
                               "BY m.id LIMIT $7",
                      7, params);
    if (!res)
        return -1;
    *out = (Dure__V1__Product **) s_rows(arena, res, (s_row_fn) s_product, count);
    *total = *count > 0 ? (int) s_int(res, 0, S_PRODUCT_NCOLS) : 0;
    PQclear(res);
    if (*count == 0 && *q->after_id) {
        /* Past the last page: the total still counts every match. */
        catalog_product_query_t first = *q;
        first.after_id = "";
        first.limit = 1;
        Dure__V1__Product **ignored;
        size_t n;
        return catalog_store_list_products(self, &first, arena, &ignored, &n, total);
    }
    return 0;
}

int catalog_store_list_enterprises(catalog_store_t *self, const char *region,
                                   const char *after_id, int limit, dure_arena_t *arena,
                                   Dure__V1__Enterprise ***out, size_t *count, int *total)
{
    char limit_text[16];
    snprintf(limit_text, sizeof limit_text, "%d", limit);
    const char *params[] = {region, after_id, limit_text};
    PGresult *res = dure_db_query(
        self->db, "catalog_list_enterprises",
        "WITH m AS (SELECT " S_ENTERPRISE_COLS " FROM enterprises e "
        "  WHERE ($1 = '' OR e.region = $1)) "
        "SELECT m.*, (SELECT count(*) FROM m) FROM m WHERE m.id > $2 ORDER BY m.id LIMIT $3",
        3, params);
    if (!res)
        return -1;
    *out = (Dure__V1__Enterprise **) s_rows(arena, res, (s_row_fn) s_enterprise, count);
    *total = *count > 0 ? (int) s_int(res, 0, S_ENTERPRISE_NCOLS) : 0;
    PQclear(res);
    if (*count == 0 && *after_id) {
        Dure__V1__Enterprise **ignored;
        size_t n;
        return catalog_store_list_enterprises(self, region, "", 1, arena, &ignored, &n, total);
    }
    return 0;
}

int catalog_store_categories(catalog_store_t *self, const char *today, dure_arena_t *arena,
                             Dure__V1__Category ***out, size_t *count, int *products,
                             int *enterprises)
{
    const char *params[] = {today};
    PGresult *res = dure_db_query(
        self->db, "catalog_categories",
        "WITH s AS (SELECT p.category, p.enterprise_id FROM products p "
        "  JOIN enterprises e ON e.id = p.enterprise_id WHERE p.active AND " S_CERTIFIED(
            "1") ") "
                 "SELECT c.code, c.name_ko, c.name_en, count(s.category), "
                 "  count(DISTINCT s.enterprise_id), "
                 "  (SELECT count(*) FROM s), (SELECT count(DISTINCT enterprise_id) FROM s) "
                 "FROM categories c LEFT JOIN s ON s.category = c.code "
                 "GROUP BY c.code, c.position ORDER BY c.position",
        1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    *out = DURE_ARENA_NEW(arena, Dure__V1__Category *, rows > 0 ? rows : 1);
    for (int i = 0; i < rows; i++) {
        Dure__V1__Category *c = DURE_ARENA_NEW(arena, Dure__V1__Category, 1);
        dure__v1__category__init(c);
        c->code = s_text(arena, res, i, 0);
        c->name_ko = s_text(arena, res, i, 1);
        c->name_en = s_text(arena, res, i, 2);
        c->products = (int32_t) s_int(res, i, 3);
        c->enterprises = (int32_t) s_int(res, i, 4);
        (*out)[i] = c;
    }
    *count = (size_t) rows;
    *products = rows > 0 ? (int) s_int(res, 0, 5) : 0;
    *enterprises = rows > 0 ? (int) s_int(res, 0, 6) : 0;
    PQclear(res);
    return 0;
}

int catalog_store_existing(catalog_store_t *self, catalog_table_t table, const char *const *ids,
                           size_t n, dure_arena_t *arena, bool *found)
{
    const char *params[] = {dure_db_array_in(arena, ids, n)};
    PGresult *res =
        table == CATALOG_ENTERPRISES
            ? dure_db_query(self->db, "catalog_enterprises_exist",
                            "SELECT id FROM enterprises WHERE id = ANY ($1::text[])", 1, params)
            : dure_db_query(self->db, "catalog_products_exist",
                            "SELECT id FROM products WHERE id = ANY ($1::text[])", 1, params);
    if (!res)
        return -1;
    for (size_t i = 0; i < n; i++) {
        found[i] = false;
        for (int row = 0; row < PQntuples(res) && !found[i]; row++)
            found[i] = strcmp(PQgetvalue(res, row, 0), ids[i]) == 0;
    }
    PQclear(res);
    return 0;
}

/* -- Writes ----------------------------------------------------------------------------- */

int catalog_store_lock_writes(catalog_store_t *self)
{
    /* One key for the whole catalog: stock writes are few and short next to the reads. */
    return dure_db_lock_once(self->db, "catalog_lock_writes",
                             "SELECT pg_advisory_xact_lock(hashtext('dure.catalog.stock'))");
}

/* After an upsert returned no row: the stored row says whether it was a conflict or a
   no-op. `select` reads the row by id ($1) with the same columns as the upsert returns. */
static int s_after_noop(catalog_store_t *self, const char *name, const char *select,
                        const char *id, int64_t expected, dure_arena_t *arena, s_row_fn convert,
                        void **out, catalog_write_t *outcome)
{
    const char *params[] = {id};
    PGresult *res = dure_db_query(self->db, name, select, 1, params);
    if (!res)
        return -1;
    *out = PQntuples(res) == 1 ? convert(arena, res, 0) : NULL;
    int64_t stored = *out ? s_int(res, 0, PQnfields(res) - 1) : -1;
    *outcome = expected != 0 && expected != stored ? CATALOG_WRITE_CONFLICT
                                                   : CATALOG_WRITE_UNCHANGED;
    if (*outcome == CATALOG_WRITE_CONFLICT)
        *out = NULL;
    PQclear(res);
    return 0;
}

/* Reads the outcome of an upsert ... RETURNING <cols>, created. */
static int s_upserted(catalog_store_t *self, PGresult *res, const char *name, const char *select,
                      const char *id, int64_t expected, dure_arena_t *arena, s_row_fn convert,
                      void **out, catalog_write_t *outcome)
{
    if (!res)
        return -1;
    if (PQntuples(res) == 1) {
        *out = convert(arena, res, 0);
        *outcome = s_bool(res, 0, PQnfields(res) - 1) ? CATALOG_WRITE_CREATED
                                                       : CATALOG_WRITE_UPDATED;
        PQclear(res);
        return 0;
    }
    PQclear(res);
    return s_after_noop(self, name, select, id, expected, arena, convert, out, outcome);
}

int catalog_store_upsert_enterprise(catalog_store_t *self, const Dure__V1__Enterprise *e,
                                    dure_arena_t *arena, Dure__V1__Enterprise **out,
                                    catalog_write_t *outcome)
{
    char kind[8], version[24];
    snprintf(kind, sizeof kind, "%d", (int) e->kind);
    snprintf(version, sizeof version, "%lld", (long long) e->version);
    const Dure__V1__Address *a = e->ship_from;
    const char *recipient = a->recipient && *a->recipient ? a->recipient : e->name;
    const char *params[] = {e->id,        e->name,     kind,
                            e->region,    a->postcode, a->line1,
                            a->line2,     recipient,   a->phone,
                            e->certified_from, e->certified_until, e->default_carrier,
                            version};
    PGresult *res = dure_db_query(
        self->db, "catalog_upsert_enterprise",
        "INSERT INTO enterprises AS e (id, name, kind, region, ship_postcode, ship_line1, "
        "  ship_line2, ship_recipient, ship_phone, certified_from, certified_until, "
        "  default_carrier) "
        "VALUES ($1, $2, $3::smallint, $4, $5, $6, $7, $8, $9, $10::date, $11::date, $12) "
        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, "
        "  region = EXCLUDED.region, ship_postcode = EXCLUDED.ship_postcode, "
        "  ship_line1 = EXCLUDED.ship_line1, ship_line2 = EXCLUDED.ship_line2, "
        "  ship_recipient = EXCLUDED.ship_recipient, ship_phone = EXCLUDED.ship_phone, "
        "  certified_from = EXCLUDED.certified_from, certified_until = EXCLUDED.certified_until, "
        "  default_carrier = EXCLUDED.default_carrier, version = e.version + 1, updated_at = now() "
        "WHERE ($13::bigint = 0 OR e.version = $13::bigint) AND "
        "  (e.name, e.kind, e.region, e.ship_postcode, e.ship_line1, e.ship_line2, "
        "   e.ship_recipient, e.ship_phone, e.certified_from, e.certified_until, "
        "   e.default_carrier) IS DISTINCT FROM "
        "  (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.region, EXCLUDED.ship_postcode, "
        "   EXCLUDED.ship_line1, EXCLUDED.ship_line2, EXCLUDED.ship_recipient, "
        "   EXCLUDED.ship_phone, EXCLUDED.certified_from, EXCLUDED.certified_until, "
        "   EXCLUDED.default_carrier) "
        "RETURNING " S_ENTERPRISE_COLS ", (e.xmax = 0)",
        13, params);
    return s_upserted(self, res, "catalog_enterprise_by_id",
                      "SELECT " S_ENTERPRISE_COLS ", e.version FROM enterprises e WHERE e.id = $1",
                      e->id, e->version, arena, (s_row_fn) s_enterprise, (void **) out, outcome);
}

int catalog_store_upsert_product(catalog_store_t *self, const Dure__V1__Product *p,
                                 dure_arena_t *arena, Dure__V1__Product **out,
                                 catalog_write_t *outcome)
{
    char price[24], tax[8], stock[24], l[16], w[16], h[16], weight[16], temp[8], version[24];
    snprintf(price, sizeof price, "%lld", (long long) p->price_krw);
    snprintf(tax, sizeof tax, "%d", (int) p->tax_class);
    snprintf(stock, sizeof stock, "%lld", (long long) (p->physical ? p->stock : 0));
    snprintf(l, sizeof l, "%d", p->size ? (int) p->size->length_mm : 0);
    snprintf(w, sizeof w, "%d", p->size ? (int) p->size->width_mm : 0);
    snprintf(h, sizeof h, "%d", p->size ? (int) p->size->height_mm : 0);
    snprintf(weight, sizeof weight, "%d", (int) p->weight_g);
    /* Services and experiences travel nowhere: "ambient" when the caller left it unset. */
    snprintf(temp, sizeof temp, "%d", p->temperature ? (int) p->temperature : 1);
    snprintf(version, sizeof version, "%lld", (long long) p->version);
    const char *params[] = {p->id,  p->enterprise_id, p->category, p->name, price,
                            tax,    stock,            l,           w,       h,
                            weight, temp,             p->fragile ? "t" : "f",
                            p->physical ? "t" : "f",  p->active ? "t" : "f", version};
    PGresult *res = dure_db_query(
        self->db, "catalog_upsert_product",
        "INSERT INTO products AS p (id, enterprise_id, category, name, price_krw, tax_class, "
        "  stock, length_mm, width_mm, height_mm, weight_g, temperature, fragile, physical, "
        "  active) "
        "VALUES ($1, $2, $3, $4, $5::bigint, $6::smallint, $7::bigint, $8::integer, "
        "  $9::integer, $10::integer, $11::integer, $12::smallint, $13::boolean, $14::boolean, "
        "  $15::boolean) "
        "ON CONFLICT (id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, "
        "  category = EXCLUDED.category, name = EXCLUDED.name, price_krw = EXCLUDED.price_krw, "
        "  tax_class = EXCLUDED.tax_class, length_mm = EXCLUDED.length_mm, "
        "  width_mm = EXCLUDED.width_mm, height_mm = EXCLUDED.height_mm, "
        "  weight_g = EXCLUDED.weight_g, temperature = EXCLUDED.temperature, "
        "  fragile = EXCLUDED.fragile, physical = EXCLUDED.physical, active = EXCLUDED.active, "
        "  stock = CASE WHEN EXCLUDED.physical THEN p.stock ELSE 0 END, "
        "  version = p.version + 1, updated_at = now() "
        "WHERE ($16::bigint = 0 OR p.version = $16::bigint) AND "
        "  (p.enterprise_id, p.category, p.name, p.price_krw, p.tax_class, p.length_mm, "
        "   p.width_mm, p.height_mm, p.weight_g, p.temperature, p.fragile, p.physical, "
        "   p.active) IS DISTINCT FROM "
        "  (EXCLUDED.enterprise_id, EXCLUDED.category, EXCLUDED.name, EXCLUDED.price_krw, "
        "   EXCLUDED.tax_class, EXCLUDED.length_mm, EXCLUDED.width_mm, EXCLUDED.height_mm, "
        "   EXCLUDED.weight_g, EXCLUDED.temperature, EXCLUDED.fragile, EXCLUDED.physical, "
        "   EXCLUDED.active) "
        "RETURNING " S_PRODUCT_COLS ", (p.xmax = 0)",
        16, params);
    return s_upserted(self, res, "catalog_product_by_id",
                      "SELECT " S_PRODUCT_COLS ", p.version FROM products p WHERE p.id = $1",
                      p->id, p->version, arena, (s_row_fn) s_product, (void **) out, outcome);
}

int catalog_store_upsert_campaign(catalog_store_t *self, const Dure__V1__Campaign *c,
                                  dure_arena_t *arena, Dure__V1__Campaign **out,
                                  catalog_write_t *outcome)
{
    char discount[8];
    snprintf(discount, sizeof discount, "%d", (int) c->discount_percent);
    const char *params[] = {
        c->id,
        c->name,
        c->starts_on,
        c->ends_on,
        discount,
        dure_db_array_in(arena, (const char *const *) c->categories, c->n_categories),
        dure_db_array_in(arena, (const char *const *) c->product_ids, c->n_product_ids)};
    PGresult *res = dure_db_query(
        self->db, "catalog_upsert_campaign",
        "INSERT INTO campaigns AS c (id, name, starts_on, ends_on, discount_percent, "
        "  categories, product_ids) "
        "VALUES ($1, $2, $3::date, $4::date, $5::smallint, $6::text[], $7::text[]) "
        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, starts_on = EXCLUDED.starts_on, "
        "  ends_on = EXCLUDED.ends_on, discount_percent = EXCLUDED.discount_percent, "
        "  categories = EXCLUDED.categories, product_ids = EXCLUDED.product_ids, "
        "  version = c.version + 1, updated_at = now() "
        "WHERE (c.name, c.starts_on, c.ends_on, c.discount_percent, c.categories, "
        "  c.product_ids) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.starts_on, "
        "  EXCLUDED.ends_on, EXCLUDED.discount_percent, EXCLUDED.categories, "
        "  EXCLUDED.product_ids) "
        "RETURNING " S_CAMPAIGN_COLS ", (c.xmax = 0)",
        7, params);
    return s_upserted(self, res, "catalog_campaign_by_id",
                      "SELECT " S_CAMPAIGN_COLS " FROM campaigns c WHERE c.id = $1", c->id, 0,
                      arena, (s_row_fn) s_campaign, (void **) out, outcome);
}

int catalog_store_set_stock(catalog_store_t *self, const char *product_id, bool absolute,
                            int64_t value, dure_arena_t *arena, Dure__V1__Product **out,
                            catalog_stock_t *outcome)
{
    const char *params[] = {product_id};
    PGresult *res = dure_db_query(
        self->db, "catalog_lock_product",
        "SELECT " S_PRODUCT_COLS " FROM products p WHERE p.id = $1 FOR UPDATE", 1, params);
    if (!res)
        return -1;
    *out = PQntuples(res) == 1 ? s_product(arena, res, 0) : NULL;
    PQclear(res);
    if (!*out) {
        *outcome = CATALOG_STOCK_UNKNOWN;
        return 0;
    }
    int64_t target = absolute ? value : (*out)->stock + value;
    *outcome = !(*out)->physical              ? CATALOG_STOCK_NOT_PHYSICAL
               : target < 0                   ? CATALOG_STOCK_NEGATIVE
               : target > CATALOG_STOCK_MAX   ? CATALOG_STOCK_TOO_LARGE
                                              : CATALOG_STOCK_SET;
    if (*outcome != CATALOG_STOCK_SET)
        return 0;
    char stock[24];
    snprintf(stock, sizeof stock, "%lld", (long long) target);
    const char *update[] = {product_id, stock};
    res = dure_db_query(self->db, "catalog_set_stock",
                        "UPDATE products p SET stock = $2::bigint, version = p.version + 1, "
                        "  updated_at = now() WHERE p.id = $1 RETURNING " S_PRODUCT_COLS,
                        2, update);
    if (!res)
        return -1;
    *out = PQntuples(res) == 1 ? s_product(arena, res, 0) : *out;
    PQclear(res);
    return 0;
}
