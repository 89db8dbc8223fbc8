/*  test_outbox_delivery.c - an event written to the outbox while its consumer is down is
    delivered when the consumer comes up, and applied exactly once even though the relay sends
    it twice.

    The order service is the producer (its relay), the catalog the consumer. The test writes
    an OrderPlaced envelope into the order schema's outbox twice under the same event id, as a
    relay that crashed after sending but before deleting would leave it, while the catalog is
    stopped. When the catalog starts, both copies are delivered and acknowledged; the stock
    goes down once.
*/
#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

/* One enterprise and one product with 10 in stock. */
static int s_seed_catalog(dure_client_t *catalog)
{
    dure_fixture_product_t p = {.id = "p-t1", .enterprise_id = "ent-t1", .stock = 10};
    return dure_fixture_enterprise(catalog, "ent-t1", "청양 고추마을 영농조합") &&
           dure_fixture_product(catalog, &p);
}

/* Writes the same OrderPlaced envelope into order.outbox `copies` times. */
static int s_write_outbox(dure_stack_t *stack, int copies)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__OrderLineRequest line = DURE__V1__ORDER_LINE_REQUEST__INIT;
    line.product_id = "p-t1";
    line.quantity = 3;
    Dure__V1__OrderLineRequest *lines[] = {&line};
    Dure__V1__OrderPlaced placed = DURE__V1__ORDER_PLACED__INIT;
    placed.order_id = "o-outbox-test";
    placed.n_lines = 1;
    placed.lines = lines;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &placed.base, "order", arena);
    /* As published by a handler: the journey's correlation id, not the event's own id. */
    env.correlation_id = "place-order-request-1";
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    PGconn *conn = dure_stack_db(stack, "order");
    int ok = 1;
    for (int i = 0; i < copies; i++) {
        const char *params[] = {env.id, (const char *) bytes};
        int lengths[] = {0, (int) len}, formats[] = {0, 1};
        PGresult *res = PQexecParams(conn,
                                     "INSERT INTO outbox (event_id, destination, type, envelope) "
                                     "VALUES ($1, 'catalog', 'dure.v1.OrderPlaced', $2)",
                                     2, NULL, params, lengths, formats, 0);
        ok &= PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            dure_test_log("insert: %s", PQresultErrorMessage(res));
        PQclear(res);
    }
    PQfinish(conn);
    free(bytes);
    dure_arena_destroy(&arena);
    return ok;
}

DURE_TEST(outbox_delivers_after_consumer_restart_exactly_once)
{
    dure_stack_t *stack = dure_stack_new("outbox");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_RELAY_LEASE_MS", "300");
    int catalog = dure_stack_start(stack, "catalog", 0);
    REQUIRE(catalog >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    REQUIRE(s_seed_catalog(client));
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, catalog, 10000), 0);

    int order = dure_stack_start(stack, "order", 0);
    REQUIRE(order >= 0);
    REQUIRE(s_write_outbox(stack, 2));
    /* The consumer is down: the rows stay, retried with backoff. */
    usleep(1500 * 1000);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox WHERE destination = 'catalog'"), 2);
    CHECK(dure_stack_scalar(stack, "order", "SELECT max(attempts) FROM outbox WHERE destination = 'catalog'") >= 1);

    REQUIRE(dure_stack_restart(stack, catalog) == 0);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "order", "SELECT count(*) FROM outbox WHERE destination = 'catalog'", 0, 15000), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT stock FROM products WHERE id = 'p-t1'"), 7);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog", "SELECT count(*) FROM inbox WHERE type = 'dure.v1.OrderPlaced'"), 1);

    CHECK_INT_EQ(dure_stack_stop(stack, order, 10000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, catalog, 10000), 0);
    dure_stack_destroy(&stack);
}
