/*  test_catalog_reserve_race.c - 50 orders race for the last 100 units of one product, sent at
    once to two catalog instances: exactly 100 units are reserved (25 orders of 4), the stock
    ends at 0 and is never seen below it, every order gets exactly one outcome, and sending
    every event again changes nothing.
*/
#include "test_catalog_fixtures.h"

#define ORDERS 50
#define UNITS 4
#define STOCK 100

/* Sends every order at once on one DEALER (round robin over both instances), then collects
   the acknowledgements, sampling the stock meanwhile. Returns the acks seen; *min_stock gets
   the lowest stock observed and *duplicates the acks marked duplicate. */
static int s_race(dure_stack_t *stack, zframe_t **frames, long long *min_stock, int *duplicates)
{
    zsock_t *dealer = zsock_new_dealer(dure_stack_endpoint(stack, "catalog", "EVENTS"));
    if (!dealer)
        return 0;
    zclock_sleep(200); /* both connections up, so the round robin spreads the orders */
    for (int i = 0; i < ORDERS; i++) {
        zframe_t *copy = zframe_dup(frames[i]);
        zframe_send(&copy, dealer, 0);
    }
    int acks = 0;
    *duplicates = 0;
    int64_t deadline = dure_now_ms() + 20000;
    while (acks < ORDERS && dure_now_ms() < deadline) {
        long long stock = dure_stack_scalar(stack, "catalog",
                                            "SELECT stock FROM products WHERE id = 'p-hot'");
        if (stock >= 0 && stock < *min_stock)
            *min_stock = stock;
        zmq_pollitem_t item = {zsock_resolve(dealer), 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, 100) <= 0)
            continue;
        zframe_t *reply = zframe_recv(dealer);
        int duplicate = 0;
        if (reply && catfx_ack(reply, &duplicate, NULL) == DURE__V1__CODE__CODE_OK) {
            acks++;
            *duplicates += duplicate;
        }
        zframe_destroy(&reply);
    }
    zsock_destroy(&dealer);
    return acks;
}

DURE_TEST(catalog_reserve_race_two_instances_exactly_the_last_units)
{
    dure_stack_t *stack = dure_stack_new("catrace");
    REQUIRE(stack != NULL);
    int a = dure_stack_start(stack, "catalog", 0);
    int b = dure_stack_start(stack, "catalog", 1);
    CATFX_REQUIRE(stack, a >= 0 && b >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    CATFX_REQUIRE(stack, catfx_put_enterprise(client, &ent) == DURE__V1__CODE__CODE_OK);
    catfx_product_t prod;
    catfx_product(&prod, "p-hot", "ent-001", "produce_boxes", 39000, STOCK);
    CATFX_REQUIRE(stack, catfx_put_product(client, &prod) == DURE__V1__CODE__CODE_OK);

    zframe_t *frames[ORDERS];
    for (int i = 0; i < ORDERS; i++) {
        char order[32], id[64];
        snprintf(order, sizeof order, "o-%02d", i);
        snprintf(id, sizeof id, "00000000-0000-4000-8000-0000000000%02d", i);
        catfx_order_t placed;
        catfx_order(&placed, order, "p-hot", UNITS);
        frames[i] = catfx_event_frame(&placed.e.base, id);
    }
    long long min_stock = STOCK;
    int duplicates = 0;
    CHECK_INT_EQ(s_race(stack, frames, &min_stock, &duplicates), ORDERS);
    CHECK_INT_EQ(duplicates, 0);
    CHECK(min_stock >= 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT stock FROM products WHERE id = 'p-hot'"),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT coalesce(sum(quantity), 0) FROM reservations"),
                 STOCK);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM stock_orders WHERE status = 'reserved'"),
                 STOCK / UNITS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM stock_orders WHERE status = 'rejected'"),
                 ORDERS - STOCK / UNITS);
    /* One outcome per order, in the outbox for the order service (which is not running). */
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockReserved'"),
                 STOCK / UNITS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM outbox WHERE type = 'dure.v1.StockRejected'"),
                 ORDERS - STOCK / UNITS);
    /* Every event is recorded once in the shared inbox. */
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM inbox"), ORDERS);

    /* Every event again, same ids: all acknowledged as duplicates, nothing changes. */
    CHECK_INT_EQ(s_race(stack, frames, &min_stock, &duplicates), ORDERS);
    CHECK_INT_EQ(duplicates, ORDERS);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT coalesce(sum(quantity), 0) FROM reservations"),
                 STOCK);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM outbox"), ORDERS);
    /* The cache followed the reservations: a read shows stock 0. */
    int64_t stock = -1;
    CHECK_INT_EQ(catfx_get(client, "p-hot", NULL, &stock, NULL), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(stock, 0);

    for (int i = 0; i < ORDERS; i++)
        zframe_destroy(&frames[i]);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, a, 5000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, b, 5000), 0);
    dure_stack_destroy(&stack);
}
