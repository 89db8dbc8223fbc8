/*  test_order_batch.c - a batch of PlaceOrder requests writes its orders at the end, in one
    statement (dure_db_write_record): every order keeps its own lines, sellers and history step,
    and two requests of one batch with the same idempotency key, which cannot see each other's
    queued row, still make one order, through the batch's guarded second run.

    The requests are sent while the order service is stopped (SIGSTOP), so that they wait in
    its socket and are taken as one batch when it goes on. */
#include "test_order_util.h"

#define S_REPLAYS "dure_batch_replays_total{service=\"order\"}"
#define S_BATCHES "dure_batch_items_count{service=\"order\"}"
#define S_BATCH_ITEMS "dure_batch_items_sum{service=\"order\"}"

typedef struct {
    int code;
    char id[64];
    int replayed;
    long long total_krw;
} s_answer_t;

/* Sends the orders (with their keys) as one batch and collects the answers. */
static void s_one_batch(dure_stack_t *stack, int slot, const Dure__V1__PlaceOrder **orders,
                        const char **keys, int count, s_answer_t *answers)
{
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    const ProtobufCMessage *messages[8];
    for (int i = 0; i < count; i++)
        messages[i] = &orders[i]->base;
    dure_response_t res[8];
    dure_stack_one_batch(stack, slot, client, messages, keys, count,
                         &dure__v1__place_order_reply__descriptor, res);
    for (int i = 0; i < count; i++) {
        answers[i].code = res[i].code;
        const Dure__V1__PlaceOrderReply *reply = (const Dure__V1__PlaceOrderReply *)res[i].payload;
        if (reply) {
            snprintf(answers[i].id, sizeof answers[i].id, "%s", reply->order_id);
            answers[i].replayed = reply->replayed;
            answers[i].total_krw = reply->total_krw;
        }
        dure_response_clear(&res[i]);
    }
    dure_client_destroy(&client);
}

/* A count from the order schema for one order id. */
static long long s_count(dure_stack_t *stack, const char *table, const char *id)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE order_id = '%s'", table, id);
    return dure_stack_scalar(stack, "order", sql);
}

/* A stack with the stand-in catalog and one order service. */
typedef struct {
    dure_stack_t *stack;
    order_test_catalog_t *catalog;
    int slot; /* the order service's */
} s_env_t;

static int s_start(s_env_t *env, const char *name)
{
    env->stack = dure_stack_new(name);
    if (env->stack)
        dure_stack_gather_batches(env->stack);
    env->catalog = env->stack ? order_test_catalog_start(env->stack) : NULL;
    env->slot = env->catalog ? dure_stack_start(env->stack, "order", 0) : -1;
    return env->slot >= 0 ? 0 : -1;
}

/* Stops everything; returns dure_stack_stop's answer for the order service. */
static int s_stop(s_env_t *env)
{
    int rc = dure_stack_stop(env->stack, env->slot, 5000);
    order_test_catalog_stop(&env->catalog);
    dure_stack_destroy(&env->stack);
    return rc;
}

DURE_TEST(order_batch_writes_each_order_with_its_own_lines)
{
    s_env_t env;
    REQUIRE(s_start(&env, "order_batch") == 0);
    dure_stack_t *stack = env.stack;
    int slot = env.slot;
    double batches = dure_stack_metric(stack, "order", 0, S_BATCHES);
    double items = dure_stack_metric(stack, "order", 0, S_BATCH_ITEMS);

    /* Five orders of one, two or three lines. */
    enum { N = 5 };
    order_test_order_t o[N];
    const Dure__V1__PlaceOrder *orders[N];
    const char *keys[N] = {"batch-1", "batch-2", "batch-3", "batch-4", "batch-5"};
    for (int i = 0; i < N; i++) {
        order_test_order_init(&o[i], "c-batch");
        o[i].order.n_lines = 1 + (size_t)(i % 3); /* p-rice, p-kimchi, p-tour */
        orders[i] = &o[i].order;
    }
    s_answer_t answers[N];
    s_one_batch(stack, slot, orders, keys, N, answers);

    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_BATCH_ITEMS) - items, N);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_REPLAYS), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), N);
    for (int i = 0; i < N; i++) {
        CHECK_INT_EQ(answers[i].code, DURE__V1__CODE__CODE_OK);
        CHECK(!answers[i].replayed);
        CHECK_INT_EQ(s_count(stack, "order_lines", answers[i].id), (long long)o[i].order.n_lines);
        CHECK_INT_EQ(s_count(stack, "order_history", answers[i].id), 1);
        CHECK(s_count(stack, "order_sellers", answers[i].id) >= 1);
        /* The lines written under this order add up to the total answered for it. */
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT sum(line_total_krw) FROM order_lines WHERE order_id = '%s'",
                 answers[i].id);
        CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql), answers[i].total_krw);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM orders WHERE id = '%s' AND idempotency_key = '%s'",
                 answers[i].id, keys[i]);
        CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql), 1);
    }

    CHECK_INT_EQ(s_stop(&env), 0);
}

DURE_TEST(order_batch_with_one_key_twice_places_one_order)
{
    s_env_t env;
    REQUIRE(s_start(&env, "order_batch_key") == 0);
    dure_stack_t *stack = env.stack;
    int slot = env.slot;
    double batches = dure_stack_metric(stack, "order", 0, S_BATCHES);

    order_test_order_t same, other;
    order_test_order_init(&same, "c-twice");
    order_test_order_init(&other, "c-other");
    const Dure__V1__PlaceOrder *orders[] = {&same.order, &other.order, &same.order};
    const char *keys[] = {"twice", "once", "twice"};
    s_answer_t answers[3];
    s_one_batch(stack, slot, orders, keys, 3, answers);

    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_BATCHES) - batches, 1);
    /* Both rows of "twice" were queued; the statement wrote one; the batch ran again. */
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_REPLAYS), 1);
    for (int i = 0; i < 3; i++)
        CHECK_INT_EQ(answers[i].code, DURE__V1__CODE__CODE_OK);
    CHECK_STR_EQ(answers[2].id, answers[0].id);
    CHECK(!answers[0].replayed);
    CHECK(answers[2].replayed);
    CHECK(strcmp(answers[1].id, answers[0].id) != 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 2);
    CHECK_INT_EQ(s_count(stack, "order_lines", answers[0].id), 2);
    CHECK_INT_EQ(s_count(stack, "order_history", answers[0].id), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox"), 2);
    /* The first run's counts were dropped with it: two orders placed, one answered from its
       key, as the second run did it. */
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, "order_placed_total"), 2);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, "order_replayed_total"), 1);

    CHECK_INT_EQ(s_stop(&env), 0);
}

DURE_TEST(order_batch_answers_a_known_key_without_running_again)
{
    s_env_t env;
    REQUIRE(s_start(&env, "order_batch_known") == 0);
    dure_stack_t *stack = env.stack;
    int slot = env.slot;

    order_test_order_t first, retry, fresh, other_body;
    order_test_order_init(&first, "c-known");
    order_test_order_init(&retry, "c-known");
    order_test_order_init(&fresh, "c-fresh");
    order_test_order_init(&other_body, "c-known");
    other_body.line[0].quantity = 5;
    const Dure__V1__PlaceOrder *one[] = {&first.order};
    const char *one_key[] = {"known-key"};
    s_answer_t placed[1];
    s_one_batch(stack, slot, one, one_key, 1, placed);
    CHECK_INT_EQ(placed[0].code, DURE__V1__CODE__CODE_OK);

    /* The batch's keys are looked up together: the known one is found and answered from
       its order, the same key with another body is a conflict, the new one is placed, and
       nothing collides in the orders' statement. */
    const Dure__V1__PlaceOrder *batch[] = {&fresh.order, &retry.order, &other_body.order};
    const char *keys[] = {"fresh-key", "known-key", "known-key"};
    s_answer_t answers[3];
    s_one_batch(stack, slot, batch, keys, 3, answers);
    CHECK_INT_EQ(answers[0].code, DURE__V1__CODE__CODE_OK);
    CHECK(!answers[0].replayed);
    CHECK_INT_EQ(answers[1].code, DURE__V1__CODE__CODE_OK);
    CHECK(answers[1].replayed);
    CHECK_STR_EQ(answers[1].id, placed[0].id);
    CHECK_INT_EQ(answers[2].code, DURE__V1__CODE__CODE_CONFLICT);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_REPLAYS), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 2);

    CHECK_INT_EQ(s_stop(&env), 0);
}

/* The OrderConfirmed of an order in the outbox (to logistics), decoded: its line count, or
   -1 when there is none (or it has no seller or address); the lines' products go to
   products. */
static int s_confirmed(dure_stack_t *stack, const char *order_id, char products[4][16])
{
    PGconn *db = dure_stack_db(stack, "order");
    /* Binary results: the envelopes as they were written. */
    PGresult *res = PQexecParams(db,
                                 "SELECT envelope FROM outbox WHERE destination = 'logistics' "
                                 "AND type = 'dure.v1.OrderConfirmed'",
                                 0, NULL, NULL, NULL, NULL, 1);
    int lines = -1;
    for (int r = 0; PQresultStatus(res) == PGRES_TUPLES_OK && r < PQntuples(res); r++) {
        char err[128];
        Dure__V1__Envelope *env =
            dure_envelope_decode((const uint8_t *) PQgetvalue(res, r, 0),
                                 (size_t) PQgetlength(res, r, 0), err, sizeof err);
        Dure__V1__OrderConfirmed *c =
            env ? (Dure__V1__OrderConfirmed *) dure_envelope_payload(
                      env, &dure__v1__order_confirmed__descriptor, err, sizeof err)
                : NULL;
        if (c && strcmp(c->order_id, order_id) == 0 && c->n_sellers >= 1 && c->ship_to) {
            lines = (int) c->n_lines;
            for (size_t i = 0; i < c->n_lines && i < 4; i++)
                snprintf(products[i], 16, "%s", c->lines[i]->product_id);
        }
        if (c)
            protobuf_c_message_free_unpacked(&c->base, NULL);
        dure_envelope_free(&env);
    }
    PQclear(res);
    PQfinish(db);
    return lines;
}

DURE_TEST(order_batch_of_stock_reserved_confirms_each_order_with_its_own_lines)
{
    s_env_t env;
    REQUIRE(s_start(&env, "order_batch_confirm") == 0);
    dure_stack_t *stack = env.stack;
    int slot = env.slot;

    /* Four orders of one, two, three and one lines. */
    enum { N = 4 };
    order_test_order_t o[N];
    const Dure__V1__PlaceOrder *orders[N];
    const char *keys[N] = {"confirm-a", "confirm-b", "confirm-c", "confirm-d"};
    for (int i = 0; i < N; i++) {
        order_test_order_init(&o[i], "c-confirm");
        o[i].order.n_lines = 1 + (size_t)(i % 3);
        orders[i] = &o[i].order;
    }
    s_answer_t placed[N];
    s_one_batch(stack, slot, orders, keys, N, placed);
    for (int i = 0; i < N; i++)
        REQUIRE_INT_EQ(placed[i].code, DURE__V1__CODE__CODE_OK);

    /* One batch: A, B and C reserved; D rejected and then reserved (its row changed after
       the batch's read, so it is read again: refused); an unknown order; A reserved again
       under another envelope (stale: refused). */
    Dure__V1__StockReserved reserved[N], unknown = DURE__V1__STOCK_RESERVED__INIT;
    for (int i = 0; i < N; i++) {
        dure__v1__stock_reserved__init(&reserved[i]);
        reserved[i].order_id = placed[i].id;
    }
    unknown.order_id = "no-such-order";
    Dure__V1__StockRejected rejected = DURE__V1__STOCK_REJECTED__INIT;
    rejected.order_id = placed[3].id;
    const ProtobufCMessage *events[] = {&reserved[0].base, &reserved[1].base, &rejected.base,
                                        &reserved[3].base, &unknown.base, &reserved[0].base,
                                        &reserved[2].base};
    double batches = dure_stack_metric(stack, "order", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "order", events, 7), 7);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_BATCHES) - batches, 1);
    /* D's StockReserved and A's second one read an order whose step waits in the batch's
       queue: that read fails, and the batch runs once more, guarded, where every step is
       written at once. */
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_REPLAYS), 1);

    static const char *products[] = {"p-rice", "p-kimchi", "p-tour"};
    for (int i = 0; i < 3; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT status FROM orders WHERE id = '%s'", placed[i].id);
        CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql),
                     DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
        CHECK_INT_EQ(s_count(stack, "order_history", placed[i].id), 2);
        /* Each OrderConfirmed carries its own order's lines, in their order. */
        char got[4][16] = {{0}};
        CHECK_INT_EQ(s_confirmed(stack, placed[i].id, got), (int) o[i].order.n_lines);
        for (size_t l = 0; l < o[i].order.n_lines; l++)
            CHECK_STR_EQ(got[l], products[l]);
    }
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status FROM orders WHERE id = '%s'", placed[3].id);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql), DURE__V1__ORDER_STATUS__ORDER_REJECTED);
    CHECK_INT_EQ(s_count(stack, "order_history", placed[3].id), 2);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox WHERE "
                                                   "type = 'dure.v1.OrderConfirmed'"),
                 3);

    CHECK_INT_EQ(s_stop(&env), 0);
}

/* A step waits in the batch's queue until the batch's end, so the database does not have it
   when a later item of the same batch reads the order. Read there, the order would still be
   PENDING and the shipment's news an impossible step; the read fails instead (and a second
   step numbered from the same stale read would fail the history's key), and the guarded run
   applies both. */
DURE_TEST(order_batch_steps_an_order_twice_as_if_one_event_came_after_the_other)
{
    s_env_t env;
    REQUIRE(s_start(&env, "order_batch_twice") == 0);
    dure_stack_t *stack = env.stack;
    int slot = env.slot;
    order_test_order_t o;
    order_test_order_init(&o, "c-twice");
    const Dure__V1__PlaceOrder *orders[] = {&o.order};
    const char *keys[] = {"twice-a"};
    s_answer_t placed;
    s_one_batch(stack, slot, orders, keys, 1, &placed);
    REQUIRE_INT_EQ(placed.code, DURE__V1__CODE__CODE_OK);

    Dure__V1__StockReserved reserved = DURE__V1__STOCK_RESERVED__INIT;
    reserved.order_id = placed.id;
    Dure__V1__OrderShipment shipment = DURE__V1__ORDER_SHIPMENT__INIT;
    shipment.shipment_id = "shp-twice";
    shipment.enterprise_id = "ent-001";
    shipment.status = DURE__V1__SHIPMENT_STATUS__SHIPMENT_PICKED_UP;
    shipment.updated_at_ms = 1790000000000;
    Dure__V1__OrderShipment *all[] = {&shipment};
    Dure__V1__ShipmentStatusChanged moved = DURE__V1__SHIPMENT_STATUS_CHANGED__INIT;
    moved.order_id = placed.id;
    moved.shipment_id = shipment.shipment_id;
    moved.status = shipment.status;
    moved.at_ms = shipment.updated_at_ms;
    moved.order_shipments = all;
    moved.n_order_shipments = 1;
    const ProtobufCMessage *events[] = {&reserved.base, &moved.base};
    double batches = dure_stack_metric(stack, "order", 0, S_BATCHES);
    double replays = dure_stack_metric(stack, "order", 0, S_REPLAYS);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "order", events, 2), 2);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "order", 0, S_REPLAYS) - replays, 1);

    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status FROM orders WHERE id = '%s'", placed.id);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql), DURE__V1__ORDER_STATUS__ORDER_SHIPPED);
    /* PENDING, CONFIRMED, SHIPPED, numbered in order. */
    snprintf(sql, sizeof sql,
             "SELECT (string_agg(seq || ':' || status, ' ' ORDER BY seq) = '1:1 2:2 3:5')::int "
             "FROM order_history WHERE order_id = '%s'",
             placed.id);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", sql), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM inbox WHERE outcome = 0"),
                 2);

    CHECK_INT_EQ(s_stop(&env), 0);
}
