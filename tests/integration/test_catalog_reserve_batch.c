/*  test_catalog_reserve_batch.c - a batch's reservations are written at its end, one
    statement with each product's stock lowered once by the batch's sum (dure_db_write_record).
    The handlers of one batch decide on the stock as it was before the batch, so two orders
    that each fit but not together both say yes; the statement then breaks CHECK (stock >= 0)
    and the batch runs again guarded, where the second order is rejected. An order cancelled
    later in the same batch is left out of the statement, and its stock never moves. The
    first order of a batch reads every order's status and locks every product at once
    (dure_reads); a product whose stock a cancellation in the batch gave back is read again.

    The events are sent while the catalog is stopped (SIGSTOP, dure_stack_one_batch), so
    that they are taken as one batch. */
#include "test_catalog_fixtures.h"

#define S_REPLAYS "dure_batch_replays_total{service=\"catalog\"}"
#define S_BATCHES "dure_batch_items_count{service=\"catalog\"}"

static long long s_scalar(dure_stack_t *stack, const char *sql)
{
    return dure_stack_scalar(stack, "catalog", sql);
}

/* Puts one enterprise and products with the given stock (ids[i], stock[i]). Returns 0. */
static int s_products(dure_stack_t *stack, const char **ids, const int64_t *stock, int count)
{
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    int rc = catfx_put_enterprise(client, &ent) == DURE__V1__CODE__CODE_OK ? 0 : -1;
    for (int i = 0; rc == 0 && i < count; i++) {
        catfx_product_t prod;
        catfx_product(&prod, ids[i], "ent-001", "produce_boxes", 39000, stock[i]);
        rc = catfx_put_product(client, &prod) == DURE__V1__CODE__CODE_OK ? 0 : -1;
    }
    dure_client_destroy(&client);
    return rc;
}

DURE_TEST(catalog_reserve_batch_sums_per_product_and_rejects_what_does_not_fit)
{
    dure_stack_t *stack = dure_stack_new("catbatch");
    REQUIRE(stack != NULL);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    const char *ids[] = {"p-tight", "p-ample"};
    const int64_t stock[] = {5, 100};
    CATFX_REQUIRE(stack, s_products(stack, ids, stock, 2) == 0);

    /* Three orders of p-ample (sum 30) and two of p-tight (3 + 3 > 5) in one batch. */
    catfx_order_t orders[5];
    catfx_order(&orders[0], "o-ample-1", "p-ample", 10);
    catfx_order(&orders[1], "o-tight-1", "p-tight", 3);
    catfx_order(&orders[2], "o-ample-2", "p-ample", 10);
    catfx_order(&orders[3], "o-tight-2", "p-tight", 3);
    catfx_order(&orders[4], "o-ample-3", "p-ample", 10);
    const ProtobufCMessage *events[5];
    for (int i = 0; i < 5; i++)
        events[i] = &orders[i].e.base;
    double batches = dure_stack_metric(stack, "catalog", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "catalog", events, 5), 5);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 1);

    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-ample'"), 70);
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-tight'"), 2);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM stock_orders WHERE status = 'reserved'"), 4);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM stock_orders WHERE status = 'rejected' "
                                 "AND order_id = 'o-tight-2'"),
                 1);
    CHECK_INT_EQ(s_scalar(stack, "SELECT coalesce(sum(quantity), 0) FROM reservations"), 33);
    /* One outcome event per order: four StockReserved, one StockRejected. */
    CHECK_INT_EQ(
        s_scalar(stack, "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockReserved'"), 4);
    CHECK_INT_EQ(
        s_scalar(stack, "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockRejected'"), 1);

    /* Without a conflict the batch runs once: 40 more of p-ample over four orders. */
    catfx_order_t more[4];
    for (int i = 0; i < 4; i++) {
        char id[32];
        snprintf(id, sizeof id, "o-more-%d", i);
        catfx_order(&more[i], id, "p-ample", 10);
        events[i] = &more[i].e.base;
    }
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "catalog", events, 4), 4);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 1);
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-ample'"), 30);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(catalog_reserve_batch_with_the_cancel_of_the_same_order)
{
    dure_stack_t *stack = dure_stack_new("catbatchcancel");
    REQUIRE(stack != NULL);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    const char *ids[] = {"p-soon"};
    const int64_t stock[] = {50};
    CATFX_REQUIRE(stack, s_products(stack, ids, stock, 1) == 0);

    catfx_order_t placed, kept;
    catfx_order(&placed, "o-gone", "p-soon", 7);
    catfx_order(&kept, "o-kept", "p-soon", 2);
    Dure__V1__OrderCancelled cancelled = DURE__V1__ORDER_CANCELLED__INIT;
    cancelled.order_id = "o-gone";
    const ProtobufCMessage *events[] = {&placed.e.base, &kept.e.base, &cancelled.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "catalog", events, 3), 3);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 1);

    /* The cancelled order's units came back; the other order keeps its two. */
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-soon'"), 48);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM stock_orders "
                                 "WHERE order_id = 'o-gone' AND status = 'cancelled'"),
                 1);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM reservations WHERE order_id = 'o-gone' "
                                 "AND released_at IS NULL"),
                 0);
    CHECK_INT_EQ(s_scalar(stack, "SELECT quantity FROM reservations WHERE order_id = 'o-kept' "
                                 "AND released_at IS NULL"),
                 2);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(catalog_reserve_batch_reads_once_and_sees_what_the_batch_released)
{
    dure_stack_t *stack = dure_stack_new("catbatchread");
    REQUIRE(stack != NULL);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    const char *ids[] = {"p-a", "p-b", "p-last"};
    const int64_t stock[] = {10, 10, 1};
    CATFX_REQUIRE(stack, s_products(stack, ids, stock, 3) == 0);

    /* Earlier: the last unit of p-last goes to o-early; o-seen takes one p-a. */
    catfx_order_t early, seen;
    catfx_order(&early, "o-early", "p-last", 1);
    catfx_order(&seen, "o-seen", "p-a", 1);
    const ProtobufCMessage *first[] = {&early.e.base, &seen.e.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "catalog", first, 2), 2);
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-last'"), 0);

    /* One batch: its first order reads every order's status and locks every product at
       once. o-early is cancelled in the batch, which gives p-last's unit back before
       o-last asks for it: o-last must see it. o-seen, placed again under a new envelope, is
       known; o-unknown names a product the catalog does not have. */
    catfx_order_t x, y, last, unknown;
    catfx_order(&x, "o-x", "p-a", 2);
    catfx_order(&y, "o-y", "p-b", 3);
    catfx_order(&last, "o-last", "p-last", 1);
    catfx_order(&unknown, "o-unknown", "p-none", 1);
    Dure__V1__OrderCancelled cancelled = DURE__V1__ORDER_CANCELLED__INIT;
    cancelled.order_id = "o-early";
    const ProtobufCMessage *second[] = {&x.e.base,    &y.e.base,    &cancelled.base,
                                        &last.e.base, &seen.e.base, &unknown.e.base};
    double batches = dure_stack_metric(stack, "catalog", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "catalog", second, 6), 6);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 0);

    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-a'"), 7);
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-b'"), 7);
    CHECK_INT_EQ(s_scalar(stack, "SELECT stock FROM products WHERE id = 'p-last'"), 0);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM stock_orders WHERE status = 'reserved' "
                                 "AND order_id IN ('o-x', 'o-y', 'o-last', 'o-seen')"),
                 4);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM stock_orders WHERE status = 'rejected' "
                                 "AND order_id = 'o-unknown'"),
                 1);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM reservations WHERE order_id = 'o-seen'"),
                 1);
    CHECK_INT_EQ(
        s_scalar(stack, "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockReserved'"), 5);
    CHECK_INT_EQ(
        s_scalar(stack, "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockRejected'"), 1);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
