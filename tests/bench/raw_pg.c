/*  raw_pg.c (bench) - the machine's limit for the order journey's writes: PostgreSQL alone,
    writing exactly the rows one order causes in the four services, durable, by one program.

    A database of its own on the bench cluster (DURE_TEST_PG_ADMIN) gets the services' real
    schemas: their embedded migrations and the common outbox/inbox tables, so every row goes
    through the same columns, constraints and indexes as in the journey. Then 4 threads, each
    with its own connection, write orders in transactions of BATCH orders (1, 10 and 100), as
    fast as they can for a few seconds each. Per order, in journey order:

      order      orders (insert, then update to CONFIRMED), lines, sellers, 2 history rows,
                 outbox OrderPlaced and OrderConfirmed, inbox StockReserved
      catalog    inbox OrderPlaced, products locked FOR UPDATE and stock taken, stock_orders,
                 reservations (physical lines), outbox StockReserved
      logistics  inbox OrderConfirmed, shipments, a tracking event each, planned parcels,
                 outbox ShipmentPlanned (one per shipment)
      packaging  inbox ShipmentPlanned (one per shipment), records, parcels, materials,
                 rule results
      relays     every outbox row is leased (UPDATE) and then deleted, one and two batches
                 after it was written, as the relays do after the consumer's acknowledgement

    Counts per order (lines, sellers, shipments, parcels, materials, rule results) are the
    averages measured on the demo catalog under dure-loadgen's order mix (bench-journey prints
    them from pg_stat_user_tables); fractional averages are spread exactly over each batch.
    Each transaction is one libpq pipeline of prepared multi-row statements (arrays unnested
    by the server), so the figure is what the machine's PostgreSQL can do, not what a chatty
    client can. The stock rows are shared by all connections and locked in id order, as the
    catalog does. Bytea columns carry payloads of the journey's sizes.

    Every run has a fresh database. Batch 100, the limit the journey is held against, runs
    three times and its median counts. Prints a table, one JSON line per run
    {"metric":"raw_pg_orders_per_s",...} and the median {"metric":"raw_pg_limit",...}.
    Usage: bench-raw_pg [seconds-per-run [batch-size]], default 5 seconds, all sizes.
*/
#include "dure.h"
#include "dure_bench.h"

#include <pthread.h>
#include <unistd.h>

#define S_THREADS 4
#define S_PRODUCTS 155         /* physical products of the demo catalog */
#define S_ENTERPRISES 55       /* sellers of the demo catalog */
#define S_OUTBOXES 4           /* order (2 event types), catalog, logistics */
#define S_LIMIT_BATCH 100      /* the batch size the journey is compared with */
#define S_LIMIT_RUNS 3         /* its runs, each in a fresh database; the median counts */

extern const dure_migration_t catalog_migrations[], order_migrations[],
    logistics_migrations[], packaging_migrations[];
extern const size_t catalog_migration_count, order_migration_count,
    logistics_migration_count, packaging_migration_count;

/* Average rows per order under the load generator's mix (see the file comment). */
typedef struct {
    double lines;              /* order lines */
    double physical_lines;     /* of which hold stock (reservations, stock updates) */
    double sellers;            /* order_sellers rows */
    double shipments;          /* per seller and temperature class */
    double parcels;            /* per shipment */
    double materials;          /* per parcel */
    double rules;              /* rule results per parcel */
    int placed_bytes;          /* OrderPlaced envelope */
    int reserved_bytes;        /* StockReserved envelope */
    int confirmed_bytes;       /* OrderConfirmed envelope */
    int planned_bytes;         /* ShipmentPlanned envelope */
    int seller_bytes;          /* order_sellers.seller */
    int address_bytes;         /* shipments.ship_from, ship_to */
    int parcel_bytes;          /* logistics parcels.detail */
    int record_bytes;          /* packaging records.record */
} s_shape_t;

static const s_shape_t s_shape = {
    /* bench-journey, 1,500 orders of the demo catalog: 2.54 lines, 2.05 reservations,
       1.78 sellers, 1.56 shipments, 1.69 planned parcels, 6.04 materials, 3.51 results */
    .lines = 2.54, .physical_lines = 2.05, .sellers = 1.78, .shipments = 1.56,
    .parcels = 1.08, .materials = 3.43, .rules = 2.0,
    /* payload sizes are estimates from the messages' fields */
    .placed_bytes = 260, .reserved_bytes = 150, .confirmed_bytes = 1400, .planned_bytes = 1100,
    .seller_bytes = 230, .address_bytes = 110, .parcel_bytes = 450, .record_bytes = 700,
};

/* A growing text buffer, used for array literals ({a,b,c}). */
typedef struct {
    char *data;   /* NUL-terminated */
    size_t len;   /* used bytes */
    size_t size;  /* allocated bytes */
} s_buf_t;

static void s_buf_add(s_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_buf_add(s_buf_t *b, const char *fmt, ...)
{
    for (;;) {
        va_list args;
        va_start(args, fmt);
        int n = vsnprintf(b->data + b->len, b->size - b->len, fmt, args);
        va_end(args);
        if ((size_t) n < b->size - b->len) {
            b->len += (size_t) n;
            return;
        }
        b->size = b->size * 2 + (size_t) n + 64;
        b->data = dure_realloc(b->data, b->size);
    }
}

/* The array parameters of one batch, one buffer each. */
enum {
    A_ORDER_ID, A_ORDER_KEY,                      /* per order */
    A_LINE_ORDER, A_LINE_NO, A_LINE_PRODUCT, A_LINE_QTY,
    A_SELLER_ORDER, A_SELLER_ID,
    A_RES_ORDER, A_RES_PRODUCT, A_RES_QTY,        /* physical lines */
    A_STOCK_PRODUCT, A_STOCK_QTY,                 /* summed per product, id order */
    A_EV_PLACED, A_EV_RESERVED, A_EV_CONFIRMED,   /* event ids per order */
    A_SHIP_ID, A_SHIP_ORDER, A_SHIP_SELLER, A_EV_PLANNED,
    A_PARCEL_SHIP, A_PARCEL_SEQ,
    A_MAT_SHIP, A_MAT_PARCEL, A_MAT_LINE,
    A_RULE_SHIP, A_RULE_PARCEL, A_RULE_SET,
    A_COUNT
};

typedef struct {
    int index;                 /* thread number */
    const char *dsn;           /* bench database */
    int batch;                 /* orders per transaction */
    int64_t deadline_ns;       /* stop starting batches after this */
    long orders;               /* orders committed */
    long transactions;         /* transactions committed */
    long rows_written;         /* rows inserted, updated or deleted */
    int failed;                /* a statement failed: message printed */
    uint64_t rng;              /* xorshift state */
    s_buf_t arrays[A_COUNT];   /* this batch's parameters */
    s_buf_t outbox[3][S_OUTBOXES]; /* event id arrays of this and the two previous batches */
    char *payload[8];          /* hex bytea payloads of the shape's sizes */
} s_worker_t;

static uint64_t s_rand(s_worker_t *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return w->rng;
}

/* How many of a fractional average falls on item i, so that n items hold exactly n * avg. */
static int s_spread(double avg, long i)
{
    return (int) ((double) (i + 1) * avg) - (int) ((double) i * avg);
}

/* A payload of n bytes in bytea hex form. */
static char *s_payload(int n)
{
    char *hex = dure_malloc((size_t) n * 2 + 3);
    hex[0] = '\\';
    hex[1] = 'x';
    for (int i = 0; i < n; i++)
        snprintf(hex + 2 + 2 * i, 3, "%02x", (unsigned) (i * 37 + 11) & 0xff);
    return hex;
}

/* -- The statements ------------------------------------------------------------------- */

typedef struct {
    const char *name;  /* prepared name */
    const char *sql;   /* text, parameters are arrays ($n) or payloads */
} s_statement_t;

enum {
    P_PLACED = 0, P_RESERVED, P_CONFIRMED, P_PLANNED, P_SELLER, P_ADDRESS, P_PARCEL, P_RECORD
};

#define S_UUIDS "unnest($1::text[])"
static const s_statement_t s_statements[] = {
    /* order: PlaceOrder */
    {"orders", "INSERT INTO \"order\".orders (id, idempotency_key, request_hash, customer_id, "
               "channel, status, postcode, line1, line2, recipient, phone, total_krw, "
               "supply_krw, vat_krw, payment_ref, created_at, updated_at) SELECT o.id, o.k, "
               "sha256(o.k::bytea), 'cust-01234', 1, 1, '31234', '충청남도 홍성군 홍북읍 충남대로 21', "
               "'112동 804호', '홍길동', '010-1234-5678', 33000, 30000, 3000, 'pay-7e2-1', now(), "
               "now() FROM unnest($1::text[], $2::text[]) AS o(id, k)"},
    {"lines", "INSERT INTO \"order\".order_lines (order_id, line_no, product_id, product_name, "
              "enterprise_id, category, region, quantity, unit_price_krw, line_total_krw, "
              "tax_class, physical, length_mm, width_mm, height_mm, weight_g, temperature) "
              "SELECT l.o, l.n, l.p, '홍성 찰보리 2kg', 'ent-001', 'rice_grains', '홍성군', l.q, "
              "11000, 11000 * l.q, 2, true, 250, 170, 70, 1989, 1 "
              "FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[]) AS l(o, n, p, q)"},
    {"sellers", "INSERT INTO \"order\".order_sellers SELECT s.o, s.e, $3::bytea "
                "FROM unnest($1::text[], $2::text[]) AS s(o, e)"},
    {"history1", "INSERT INTO \"order\".order_history SELECT o, 1, 1, now(), "
                 "'dure.v1.PlaceOrder', o, '' FROM " S_UUIDS " AS o"},
    {"outbox_placed", "INSERT INTO \"order\".outbox (event_id, destination, type, envelope) "
                      "SELECT e, 'catalog', 'dure.v1.OrderPlaced', $2::bytea FROM " S_UUIDS " AS e"},
    /* catalog: OrderPlaced */
    {"inbox_placed", "INSERT INTO catalog.inbox (event_id, type, outcome) SELECT e, "
                     "'dure.v1.OrderPlaced', 0 FROM " S_UUIDS " AS e ON CONFLICT DO NOTHING"},
    {"lock_stock", "SELECT p.id, p.stock FROM catalog.products p WHERE p.id = ANY ($1::text[]) "
                   "ORDER BY p.id FOR UPDATE"},
    {"take_stock", "UPDATE catalog.products p SET stock = p.stock - v.q, version = p.version + 1, "
                   "updated_at = now() FROM unnest($1::text[], $2::bigint[]) AS v(id, q) "
                   "WHERE p.id = v.id"},
    {"stock_orders", "INSERT INTO catalog.stock_orders (order_id, status) SELECT o, 'reserved' "
                     "FROM " S_UUIDS " AS o"},
    {"reservations", "INSERT INTO catalog.reservations (order_id, product_id, quantity) "
                     "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])"},
    {"outbox_reserved", "INSERT INTO catalog.outbox (event_id, destination, type, envelope) "
                        "SELECT e, 'order', 'dure.v1.StockReserved', $2::bytea FROM " S_UUIDS " AS e"},
    /* order: StockReserved */
    {"inbox_reserved", "INSERT INTO \"order\".inbox (event_id, type, outcome) SELECT e, "
                       "'dure.v1.StockReserved', 0 FROM " S_UUIDS " AS e ON CONFLICT DO NOTHING"},
    {"confirm", "UPDATE \"order\".orders SET status = 2, reserved = true, "
                "updated_at = clock_timestamp() WHERE id = ANY ($1::text[])"},
    {"history2", "INSERT INTO \"order\".order_history SELECT o, 2, 2, now(), "
                 "'dure.v1.StockReserved', o, 'stock reserved' FROM " S_UUIDS " AS o"},
    {"outbox_confirmed", "INSERT INTO \"order\".outbox (event_id, destination, type, envelope) "
                         "SELECT e, 'logistics', 'dure.v1.OrderConfirmed', $2::bytea FROM "
                         S_UUIDS " AS e"},
    /* logistics: OrderConfirmed */
    {"inbox_confirmed", "INSERT INTO logistics.inbox (event_id, type, outcome) SELECT e, "
                        "'dure.v1.OrderConfirmed', 0 FROM " S_UUIDS " AS e ON CONFLICT DO NOTHING"},
    {"shipments", "INSERT INTO logistics.shipments (id, order_id, enterprise_id, temperature, "
                  "status, status_at_ms, carrier, tracking_number, ship_from, ship_to, sales_krw, "
                  "created_at_ms, updated_at_ms) SELECT s.id, s.o, s.e, 1, 1, 1764201600000, 'cj', "
                  "'CJ' || lpad(nextval('logistics.tracking_seq')::text, 10, '0'), $4::bytea, "
                  "$4::bytea, 33000, 1764201600000, 1764201600000 "
                  "FROM unnest($1::text[], $2::text[], $3::text[]) AS s(id, o, e)"},
    {"tracking", "INSERT INTO logistics.tracking_events (shipment_id, event_key, status, at_ms, "
                 "applied, recorded_at_ms) SELECT s, 's:planned', 1, 1764201600000, true, "
                 "1764201600000 FROM " S_UUIDS " AS s"},
    {"parcels_planned", "INSERT INTO logistics.parcels (shipment_id, stage, seq, box_code, "
                        "inner_volume_cm3, product_volume_cm3, fill_ratio, gross_weight_g, detail) "
                        "SELECT p.s, 1, p.n, 'kp-3', 9240, 5320, 0.5758, 2350, $3::bytea "
                        "FROM unnest($1::text[], $2::int[]) AS p(s, n)"},
    {"outbox_planned", "INSERT INTO logistics.outbox (event_id, destination, type, envelope) "
                       "SELECT e, 'packaging', 'dure.v1.ShipmentPlanned', $2::bytea FROM "
                       S_UUIDS " AS e"},
    /* packaging: ShipmentPlanned */
    {"inbox_planned", "INSERT INTO packaging.inbox (event_id, type, outcome) SELECT e, "
                      "'dure.v1.ShipmentPlanned', 0 FROM " S_UUIDS " AS e ON CONFLICT DO NOTHING"},
    {"records", "INSERT INTO packaging.records (shipment_id, order_id, enterprise_id, carrier, "
                "stage, grams, sales_krw, compliant, volume_cm3, recorded_at, record) "
                "SELECT r.s, r.o, 'ent-001', 'cj', 1, 412, 33000, true, 9240, now(), $3::bytea "
                "FROM unnest($1::text[], $2::text[]) AS r(s, o) ON CONFLICT (shipment_id) DO UPDATE "
                "SET stage = EXCLUDED.stage, record = EXCLUDED.record, updated_at = now()"},
    {"parcels_ledger", "INSERT INTO packaging.parcels (shipment_id, idx, box_code, "
                       "outer_volume_cm3, inner_volume_cm3, product_volume_cm3, "
                       "space_ratio_percent, layers, grams, reusable) SELECT p.s, p.n, 'kp-3', "
                       "10500, 9240, 5320, 42.4, 1, 380, false "
                       "FROM unnest($1::text[], $2::int[]) AS p(s, n)"},
    {"materials", "INSERT INTO packaging.parcel_materials (shipment_id, parcel_idx, line, "
                  "material, pieces, grams, volume_cm3, recyclable, recycled_content_percent) "
                  "SELECT m.s, m.p, m.l, 1, 1, 120, 0, true, 80 "
                  "FROM unnest($1::text[], $2::int[], $3::int[]) AS m(s, p, l)"},
    {"rules", "INSERT INTO packaging.rule_results (shipment_id, parcel_idx, rule_set, pass, "
              "exempt, limit_percent, ratio_percent, reason) SELECT r.s, r.p, r.r, true, false, "
              "50, 42.4, 'space ratio 42.4% within 50%' "
              "FROM unnest($1::text[], $2::int[], $3::text[]) AS r(s, p, r)"},
    /* relays: lease what the previous batch wrote, delete what the one before wrote */
    {"lease_order", "UPDATE \"order\".outbox SET lease_until = now() + interval '2 s', "
                    "attempts = attempts + 1 WHERE event_id = ANY ($1::text[])"},
    {"lease_catalog", "UPDATE catalog.outbox SET lease_until = now() + interval '2 s', "
                      "attempts = attempts + 1 WHERE event_id = ANY ($1::text[])"},
    {"lease_logistics", "UPDATE logistics.outbox SET lease_until = now() + interval '2 s', "
                        "attempts = attempts + 1 WHERE event_id = ANY ($1::text[])"},
    {"delete_order", "DELETE FROM \"order\".outbox WHERE event_id = ANY ($1::text[])"},
    {"delete_catalog", "DELETE FROM catalog.outbox WHERE event_id = ANY ($1::text[])"},
    {"delete_logistics", "DELETE FROM logistics.outbox WHERE event_id = ANY ($1::text[])"},
};
#define S_STATEMENT_COUNT (sizeof s_statements / sizeof s_statements[0])

/* -- Building one batch ----------------------------------------------------------------- */

static void s_begin_arrays(s_worker_t *w)
{
    for (int a = 0; a < A_COUNT; a++) {
        w->arrays[a].len = 0;
        s_buf_add(&w->arrays[a], "{");
    }
}

static void s_item(s_worker_t *w, int a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Appends an element to array a. */
static void s_item(s_worker_t *w, int a, const char *fmt, ...)
{
    char text[64];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    s_buf_add(&w->arrays[a], "%s%s", w->arrays[a].len > 1 ? "," : "", text);
}

static void s_end_arrays(s_worker_t *w)
{
    for (int a = 0; a < A_COUNT; a++)
        s_buf_add(&w->arrays[a], "}");
}

/* The lines of order o (distinct products, as the load generator makes them). */
static void s_build_lines(s_worker_t *w, const char *order_id, long o, long *stock)
{
    int lines = s_spread(s_shape.lines, o), physical = s_spread(s_shape.physical_lines, o);
    if (physical > lines)
        physical = lines;
    int first = (int) (s_rand(w) % S_PRODUCTS);
    for (int l = 0; l < lines; l++) {
        int product = (first + l * 7) % S_PRODUCTS;
        int quantity = 1 + (int) (s_rand(w) % 2);
        s_item(w, A_LINE_ORDER, "%s", order_id);
        s_item(w, A_LINE_NO, "%d", l + 1);
        s_item(w, A_LINE_PRODUCT, "p-%04d", product + 1);
        s_item(w, A_LINE_QTY, "%d", quantity);
        if (l < physical) {
            s_item(w, A_RES_ORDER, "%s", order_id);
            s_item(w, A_RES_PRODUCT, "p-%04d", product + 1);
            s_item(w, A_RES_QTY, "%d", quantity);
            stock[product] += quantity;
        }
    }
}

/* The shipments of order o, their parcels, materials and rule results. */
static void s_build_shipments(s_worker_t *w, const char *order_id, long o, long *shipment_no,
                              long *parcel_no)
{
    int shipments = s_spread(s_shape.shipments, o);
    for (int s = 0; s < shipments; s++, (*shipment_no)++) {
        char id[DURE_ID_LEN], ev[DURE_ID_LEN];
        dure_id_new(id);
        dure_id_new(ev);
        s_item(w, A_SHIP_ID, "%s", id);
        s_item(w, A_SHIP_ORDER, "%s", order_id);
        s_item(w, A_SHIP_SELLER, "ent-%03d", 1 + (int) ((o + s) % S_ENTERPRISES));
        s_item(w, A_EV_PLANNED, "%s", ev);
        int parcels = s_spread(s_shape.parcels, *shipment_no);
        for (int p = 0; p < parcels; p++, (*parcel_no)++) {
            s_item(w, A_PARCEL_SHIP, "%s", id);
            s_item(w, A_PARCEL_SEQ, "%d", p + 1);
            int materials = s_spread(s_shape.materials, *parcel_no);
            int rules = s_spread(s_shape.rules, *parcel_no);
            for (int m = 0; m < materials; m++) {
                s_item(w, A_MAT_SHIP, "%s", id);
                s_item(w, A_MAT_PARCEL, "%d", p + 1);
                s_item(w, A_MAT_LINE, "%d", m + 1);
            }
            for (int r = 0; r < rules; r++) {
                s_item(w, A_RULE_SHIP, "%s", id);
                s_item(w, A_RULE_PARCEL, "%d", p + 1);
                s_item(w, A_RULE_SET, "rules-%d", r + 1);
            }
        }
    }
}

/* Fills the arrays for orders [first, first + batch) of this worker. */
static void s_build_batch(s_worker_t *w, long first)
{
    long stock[S_PRODUCTS] = {0};
    /* Running numbers of shipments and parcels, so the averages hold across batches. */
    long shipment_no = (long) ((double) first * s_shape.shipments);
    long parcel_no = (long) ((double) shipment_no * s_shape.parcels);
    s_begin_arrays(w);
    for (long o = first; o < first + w->batch; o++) {
        char id[DURE_ID_LEN], key[DURE_ID_LEN], ev[3][DURE_ID_LEN];
        dure_id_new(id);
        dure_id_new(key);
        for (int e = 0; e < 3; e++)
            dure_id_new(ev[e]);
        s_item(w, A_ORDER_ID, "%s", id);
        s_item(w, A_ORDER_KEY, "%s", key);
        s_item(w, A_EV_PLACED, "%s", ev[0]);
        s_item(w, A_EV_RESERVED, "%s", ev[1]);
        s_item(w, A_EV_CONFIRMED, "%s", ev[2]);
        int sellers = s_spread(s_shape.sellers, o);
        for (int s = 0; s < sellers; s++) {
            s_item(w, A_SELLER_ORDER, "%s", id);
            s_item(w, A_SELLER_ID, "ent-%03d", 1 + (int) ((o + s) % S_ENTERPRISES));
        }
        s_build_lines(w, id, o, stock);
        s_build_shipments(w, id, o, &shipment_no, &parcel_no);
    }
    for (int p = 0; p < S_PRODUCTS; p++)
        if (stock[p]) {
            s_item(w, A_STOCK_PRODUCT, "p-%04d", p + 1);
            s_item(w, A_STOCK_QTY, "%ld", stock[p]);
        }
    s_end_arrays(w);
}

/* -- Sending one batch as a pipeline ---------------------------------------------------- */

typedef struct {
    PGconn *conn;   /* in pipeline mode */
    int sent;       /* statements queued */
} s_pipe_t;

static void s_send(s_pipe_t *p, const char *name, int n, ...)
{
    const char *params[6];
    va_list args;
    va_start(args, n);
    for (int i = 0; i < n; i++)
        params[i] = va_arg(args, const char *);
    va_end(args);
    PQsendQueryPrepared(p->conn, name, n, params, NULL, NULL, 0);
    p->sent++;
}

static void s_send_writes(s_worker_t *w, s_pipe_t *p)
{
#define A(x) w->arrays[x].data
    s_send(p, "orders", 2, A(A_ORDER_ID), A(A_ORDER_KEY));
    s_send(p, "lines", 4, A(A_LINE_ORDER), A(A_LINE_NO), A(A_LINE_PRODUCT), A(A_LINE_QTY));
    s_send(p, "sellers", 3, A(A_SELLER_ORDER), A(A_SELLER_ID), w->payload[P_SELLER]);
    s_send(p, "history1", 1, A(A_ORDER_ID));
    s_send(p, "outbox_placed", 2, A(A_EV_PLACED), w->payload[P_PLACED]);
    s_send(p, "inbox_placed", 1, A(A_EV_PLACED));
    s_send(p, "stock_orders", 1, A(A_ORDER_ID));
    s_send(p, "outbox_reserved", 2, A(A_EV_RESERVED), w->payload[P_RESERVED]);
    s_send(p, "inbox_reserved", 1, A(A_EV_RESERVED));
    s_send(p, "confirm", 1, A(A_ORDER_ID));
    s_send(p, "history2", 1, A(A_ORDER_ID));
    s_send(p, "outbox_confirmed", 2, A(A_EV_CONFIRMED), w->payload[P_CONFIRMED]);
    s_send(p, "inbox_confirmed", 1, A(A_EV_CONFIRMED));
    s_send(p, "shipments", 4, A(A_SHIP_ID), A(A_SHIP_ORDER), A(A_SHIP_SELLER),
           w->payload[P_ADDRESS]);
    s_send(p, "tracking", 1, A(A_SHIP_ID));
    s_send(p, "parcels_planned", 3, A(A_PARCEL_SHIP), A(A_PARCEL_SEQ), w->payload[P_PARCEL]);
    s_send(p, "outbox_planned", 2, A(A_EV_PLANNED), w->payload[P_PLANNED]);
    s_send(p, "inbox_planned", 1, A(A_EV_PLANNED));
    s_send(p, "records", 3, A(A_SHIP_ID), A(A_SHIP_ORDER), w->payload[P_RECORD]);
    s_send(p, "parcels_ledger", 2, A(A_PARCEL_SHIP), A(A_PARCEL_SEQ));
    s_send(p, "materials", 3, A(A_MAT_SHIP), A(A_MAT_PARCEL), A(A_MAT_LINE));
    s_send(p, "rules", 3, A(A_RULE_SHIP), A(A_RULE_PARCEL), A(A_RULE_SET));
    /* Last: the shared stock rows stay locked only until the commit. They are locked in id
       order before anything refers to them (a reservation's foreign key check takes a share
       lock on its product, which would deadlock with another batch's FOR UPDATE). */
    s_send(p, "lock_stock", 1, A(A_STOCK_PRODUCT));
    s_send(p, "take_stock", 2, A(A_STOCK_PRODUCT), A(A_STOCK_QTY));
    s_send(p, "reservations", 3, A(A_RES_ORDER), A(A_RES_PRODUCT), A(A_RES_QTY));
#undef A
}

/* The relays' share: lease the previous batch's outbox rows, delete the ones before. */
static void s_send_relays(s_worker_t *w, s_pipe_t *p, long batch_no)
{
    static const char *const lease[S_OUTBOXES] = {"lease_order", "lease_order", "lease_catalog",
                                                  "lease_logistics"};
    static const char *const del[S_OUTBOXES] = {"delete_order", "delete_order",
                                                "delete_catalog", "delete_logistics"};
    static const int source[S_OUTBOXES] = {A_EV_PLACED, A_EV_CONFIRMED, A_EV_RESERVED,
                                           A_EV_PLANNED};
    s_buf_t *now = w->outbox[batch_no % 3], *prev = w->outbox[(batch_no + 2) % 3],
            *before = w->outbox[(batch_no + 1) % 3];
    for (int d = 0; d < S_OUTBOXES; d++) {
        if (batch_no >= 1)
            s_send(p, lease[d], 1, prev[d].data);
        if (batch_no >= 2)
            s_send(p, del[d], 1, before[d].data);
        now[d].len = 0;
        s_buf_add(&now[d], "%s", w->arrays[source[d]].data);
    }
}

/* Collects every result of the pipeline. Returns 0, or -1 after printing the first error. */
static int s_collect(s_worker_t *w, s_pipe_t *p)
{
    int rc = 0;
    for (int i = 0; i < p->sent; i++) {
        PGresult *res;
        while ((res = PQgetResult(p->conn)) != NULL) {
            ExecStatusType st = PQresultStatus(res);
            if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
                const char *n = PQcmdTuples(res);
                w->rows_written += *n && strncmp(PQcmdStatus(res), "SELECT", 6) != 0 ? atol(n) : 0;
            } else if (rc == 0 && st != PGRES_PIPELINE_ABORTED) {
                fprintf(stderr, "raw_pg: worker %d: %s", w->index, PQresultErrorMessage(res));
                rc = -1;
            } else if (st == PGRES_PIPELINE_ABORTED)
                rc = -1;
            PQclear(res);
        }
    }
    PGresult *sync = PQgetResult(p->conn);
    if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
        rc = -1;
    PQclear(sync);
    return rc;
}

static int s_prepare(PGconn *conn)
{
    for (size_t i = 0; i < S_STATEMENT_COUNT; i++) {
        PGresult *res = PQprepare(conn, s_statements[i].name, s_statements[i].sql, 0, NULL);
        int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "raw_pg: prepare %s: %s", s_statements[i].name,
                    PQresultErrorMessage(res));
        PQclear(res);
        if (!ok)
            return -1;
    }
    PGresult *res = PQprepare(conn, "begin", "BEGIN", 0, NULL);
    PQclear(res);
    res = PQprepare(conn, "commit", "COMMIT", 0, NULL);
    PQclear(res);
    return 0;
}

static void *s_work(void *arg)
{
    s_worker_t *w = arg;
    PGconn *conn = PQconnectdb(w->dsn);
    if (PQstatus(conn) != CONNECTION_OK || s_prepare(conn) != 0 ||
        PQenterPipelineMode(conn) != 1) {
        fprintf(stderr, "raw_pg: worker %d: %s", w->index, PQerrorMessage(conn));
        w->failed = 1;
        PQfinish(conn);
        return NULL;
    }
    w->rng = 0x9E3779B97F4A7C15ULL * (uint64_t) (w->index + 1);
    for (long b = 0; !w->failed && dure_bench_now_ns() < w->deadline_ns; b++) {
        s_build_batch(w, b * w->batch);
        s_pipe_t p = {conn, 0};
        s_send(&p, "begin", 0);
        s_send_relays(w, &p, b);
        s_send_writes(w, &p);
        s_send(&p, "commit", 0);
        PQpipelineSync(conn);
        if (s_collect(w, &p) != 0) {
            w->failed = 1;
            break;
        }
        w->orders += w->batch;
        w->transactions++;
    }
    PQexitPipelineMode(conn);
    PQfinish(conn);
    return NULL;
}

/* -- Set-up: a database with the services' schemas and the demo catalog's shape ------------ */

static int s_admin(const char *admin_dsn, const char *sql)
{
    PGconn *conn = PQconnectdb(admin_dsn);
    PGresult *res = PQexec(conn, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "raw_pg: %s: %s", sql, PQerrorMessage(conn));
    PQclear(res);
    PQfinish(conn);
    return ok ? 0 : -1;
}

static int s_migrate(const char *dsn)
{
    struct {
        const char *schema;
        const dure_migration_t *m;
        size_t count;
    } services[] = {{"catalog", catalog_migrations, catalog_migration_count},
                    {"order", order_migrations, order_migration_count},
                    {"logistics", logistics_migrations, logistics_migration_count},
                    {"packaging", packaging_migrations, packaging_migration_count}};
    for (size_t i = 0; i < 4; i++) {
        char err[512];
        dure_db_t *db = dure_db_connect(dsn, services[i].schema, 10, err, sizeof err);
        int rc = db ? dure_db_migrate(db, services[i].m, services[i].count) : -1;
        if (rc < 0)
            fprintf(stderr, "raw_pg: %s: %s\n", services[i].schema, db ? dure_db_error(db) : err);
        if (rc >= 0 && i == 0)
            rc = dure_db_exec(
                db,
                "INSERT INTO enterprises (id, name, kind, region, ship_postcode, ship_line1, "
                "certified_from, certified_until) SELECT 'ent-' || lpad(g::text, 3, '0'), "
                "'기업 ' || g, 1, '홍성군', '32200', '충청남도 홍성군', '2015-01-01', "
                "'2030-12-31' FROM generate_series(1, 55) g;"
                "INSERT INTO products (id, enterprise_id, category, name, price_krw, tax_class, "
                "stock, length_mm, width_mm, height_mm, weight_g, temperature) SELECT 'p-' || "
                "lpad(g::text, 4, '0'), 'ent-' || lpad((1 + g % 55)::text, 3, '0'), "
                "'rice_grains', '상품 ' || g, 11000, 2, 1000000000, 250, 170, 70, 1989, 1 "
                "FROM generate_series(1, 155) g");
        dure_db_destroy(&db);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Runs the workers for one batch size; prints its row and JSON line. Returns 0 or -1. */
static int s_run(const char *dsn, int batch, int seconds, double *orders_per_s)
{
    s_worker_t workers[S_THREADS];
    pthread_t threads[S_THREADS];
    memset(workers, 0, sizeof workers);
    int64_t t0 = dure_bench_now_ns();
    for (int i = 0; i < S_THREADS; i++) {
        s_worker_t *w = &workers[i];
        w->index = i;
        w->dsn = dsn;
        w->batch = batch;
        w->deadline_ns = t0 + (int64_t) seconds * 1000000000;
        int sizes[8] = {s_shape.placed_bytes, s_shape.reserved_bytes, s_shape.confirmed_bytes,
                        s_shape.planned_bytes, s_shape.seller_bytes, s_shape.address_bytes,
                        s_shape.parcel_bytes, s_shape.record_bytes};
        for (int k = 0; k < 8; k++)
            w->payload[k] = s_payload(sizes[k]);
        pthread_create(&threads[i], NULL, s_work, w);
    }
    long orders = 0, txns = 0, rows = 0;
    int failed = 0;
    for (int i = 0; i < S_THREADS; i++) {
        pthread_join(threads[i], NULL);
        orders += workers[i].orders;
        txns += workers[i].transactions;
        rows += workers[i].rows_written;
        failed |= workers[i].failed;
        for (int a = 0; a < A_COUNT; a++)
            free(workers[i].arrays[a].data);
        for (int k = 0; k < 3; k++)
            for (int d = 0; d < S_OUTBOXES; d++)
                free(workers[i].outbox[k][d].data);
        for (int k = 0; k < 8; k++)
            free(workers[i].payload[k]);
    }
    double secs = (double) (dure_bench_now_ns() - t0) / 1e9;
    if (failed)
        return -1;
    double per_s = (double) orders / secs;
    *orders_per_s = per_s;
    printf("%8d %10ld %10ld %12.1f %12.0f %10.2f\n", batch, orders, txns,
           (double) rows / (double) orders, per_s, 1e6 / per_s * S_THREADS);
    printf("{\"metric\":\"raw_pg_orders_per_s\",\"batch\":%d,\"connections\":%d,\"orders\":%ld,"
           "\"transactions\":%ld,\"seconds\":%.2f,\"rows_per_order\":%.1f,\"orders_per_s\":%.0f}\n",
           batch, S_THREADS, orders, txns, secs, (double) rows / (double) orders, per_s);
    fflush(stdout);
    return 0;
}

/* Creates a database of its own, gives it the schemas, runs one batch size in it and drops
   it. Every run starts empty, as every journey run does: runs in one database that earlier
   runs had filled fell from one to the next (2,390, 1,686, 1,413 orders/s for batch 100)
   as its tables and indexes grew and autovacuum and checkpoints set in. */
static int s_run_fresh(const char *admin, int batch, int seconds, double *per_s)
{
    static int runs;
    char dbname[64], sql[128], dsn[512];
    snprintf(dbname, sizeof dbname, "raw_pg_%d_%d", (int) getpid(), runs++);
    const char *slash = strrchr(admin, '/');
    snprintf(dsn, sizeof dsn, "%.*s/%s", (int) (slash - admin), admin, dbname);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
    if (s_admin(admin, sql) != 0)
        return -1;
    int rc = s_migrate(dsn);
    if (rc == 0)
        rc = s_run(dsn, batch, seconds, per_s);
    snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", dbname);
    s_admin(admin, sql);
    return rc;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 5;
    const char *admin = getenv("DURE_TEST_PG_ADMIN");
    if (!admin || seconds < 1) {
        fprintf(stderr, "raw_pg: DURE_TEST_PG_ADMIN is not set (run through make bench)\n");
        return 1;
    }
    printf("journey rows per order: %.2f lines (%.2f physical), %.2f sellers, %.2f shipments, "
           "%.2f parcels/shipment, %.1f materials and %.1f rule results/parcel\n",
           s_shape.lines, s_shape.physical_lines, s_shape.sellers, s_shape.shipments,
           s_shape.parcels, s_shape.materials, s_shape.rules);
    printf("%8s %10s %10s %12s %12s %10s\n", "batch", "orders", "txns", "rows/order", "orders/s",
           "us/order");
    /* The limit the journey is held against (batch 100) is the median of S_LIMIT_RUNS: one
       run moves by a quarter with the machine. */
    static const int batches[] = {1, 10, 100};
    int only = argc > 2 ? atoi(argv[2]) : 0, rc = 0;
    double limit[S_LIMIT_RUNS];
    for (int i = 0; rc == 0 && i < 3; i++) {
        if (only && only != batches[i])
            continue;
        int runs = batches[i] == S_LIMIT_BATCH ? S_LIMIT_RUNS : 1;
        for (int r = 0; rc == 0 && r < runs; r++)
            rc = s_run_fresh(admin, batches[i], seconds, &limit[r]);
        if (rc == 0 && batches[i] == S_LIMIT_BATCH) {
            dure_bench_sort(limit, S_LIMIT_RUNS);
            printf("batch %d, median of %d runs: %.0f orders/s (runs %.0f to %.0f)\n",
                   S_LIMIT_BATCH, S_LIMIT_RUNS, limit[S_LIMIT_RUNS / 2], limit[0],
                   limit[S_LIMIT_RUNS - 1]);
            printf("{\"metric\":\"raw_pg_limit\",\"batch\":%d,\"runs\":%d,"
                   "\"orders_per_s\":%.0f,\"min_per_s\":%.0f,\"max_per_s\":%.0f}\n",
                   S_LIMIT_BATCH, S_LIMIT_RUNS, limit[S_LIMIT_RUNS / 2], limit[0],
                   limit[S_LIMIT_RUNS - 1]);
        }
    }
    return rc == 0 ? 0 : 1;
}
