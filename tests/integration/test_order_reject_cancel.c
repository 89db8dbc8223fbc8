/*  test_order_reject_cancel.c - StockRejected makes a PENDING order REJECTED with the short
    lines named; cancelling a CONFIRMED order emits OrderCancelled with the reserved lines
    for the catalog and logistics and the refund for the payment side; cancelling twice
    answers the same; a rejected order cannot be cancelled; a PENDING one releases nothing.
*/
#include "test_order_util.h"

static void s_place(dure_client_t *client, const char *key, char *id, size_t size)
{
    order_test_order_t o;
    order_test_order_init(&o, "c-rc");
    dure_response_t r;
    id[0] = '\0';
    if (order_test_place(client, &o.order, key, &r) == DURE__V1__CODE__CODE_OK)
        snprintf(id, size, "%s", ((Dure__V1__PlaceOrderReply *) r.payload)->order_id);
    dure_response_clear(&r);
}

static int s_cancel(dure_client_t *client, const char *id, dure_response_t *r)
{
    Dure__V1__CancelOrder cancel = DURE__V1__CANCEL_ORDER__INIT;
    cancel.order_id = (char *) id;
    cancel.reason = "customer changed their mind";
    dure_client_call(client, &cancel.base, NULL, NULL, &dure__v1__cancel_order_reply__descriptor, r);
    return r->code;
}

DURE_TEST(order_reject_names_short_lines)
{
    dure_stack_t *stack = dure_stack_new("order_reject");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    char id[64];
    s_place(client, "rej-1", id, sizeof id);
    REQUIRE(id[0]);
    Dure__V1__ShortLine s = DURE__V1__SHORT_LINE__INIT;
    s.product_id = "p-kimchi";
    s.requested = 1;
    s.available = 0;
    s.reason = "out of stock";
    Dure__V1__ShortLine *shorts[] = {&s};
    Dure__V1__StockRejected ev = DURE__V1__STOCK_REJECTED__INIT;
    ev.order_id = id;
    ev.short_lines = shorts;
    ev.n_short_lines = 1;
    CHECK_INT_EQ(order_test_event(stack, &ev.base, NULL), 0);
    dure_response_t r;
    CHECK_INT_EQ(order_test_get(client, id, &r), DURE__V1__ORDER_STATUS__ORDER_REJECTED);
    if (r.payload) {
        const Dure__V1__Order *o = ((Dure__V1__GetOrderReply *) r.payload)->order;
        REQUIRE_INT_EQ(o->n_history, 2);
        CHECK(strstr(o->history[1]->note, "p-kimchi: out of stock") != NULL);
        CHECK_STR_EQ(o->history[1]->cause_type, "dure.v1.StockRejected");
    }
    dure_response_clear(&r);
    CHECK_INT_EQ(s_cancel(client, id, &r), DURE__V1__CODE__CODE_FAILED_PRECONDITION);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox "
                                                   "WHERE type = 'dure.v1.OrderCancelled'"),
                 0);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}

DURE_TEST(order_cancel_releases_reserved_stock_and_refunds)
{
    dure_stack_t *stack = dure_stack_new("order_cancel");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    char confirmed[64], pending[64];
    s_place(client, "cancel-1", confirmed, sizeof confirmed);
    s_place(client, "cancel-2", pending, sizeof pending);
    REQUIRE(confirmed[0] && pending[0]);
    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = confirmed;
    CHECK_INT_EQ(order_test_event(stack, &ev.base, NULL), 0);

    dure_response_t r;
    CHECK_INT_EQ(s_cancel(client, confirmed, &r), DURE__V1__CODE__CODE_OK);
    if (r.payload)
        CHECK_INT_EQ(((Dure__V1__CancelOrderReply *) r.payload)->order->status,
                     DURE__V1__ORDER_STATUS__ORDER_CANCELLED);
    dure_response_clear(&r);
    /* One row per consumer (catalog, logistics); read the catalog's back. */
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox "
                                                   "WHERE type = 'dure.v1.OrderCancelled'"),
                 2);
    PGconn *db = dure_stack_db(stack, "order");
    PGresult *res = PQexec(db, "SELECT encode(envelope, 'hex') FROM outbox WHERE type = "
                               "'dure.v1.OrderCancelled' AND destination = 'catalog'");
    REQUIRE(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1);
    size_t len = 0;
    dure_arena_t *arena = dure_arena_new();
    unsigned char *bytes = PQunescapeBytea(
        (const unsigned char *) dure_arena_printf(arena, "\\x%s", PQgetvalue(res, 0, 0)), &len);
    dure_arena_destroy(&arena);
    char err[128];
    Dure__V1__Envelope *env = dure_envelope_decode(bytes, len, err, sizeof err);
    Dure__V1__OrderCancelled *c =
        env ? (Dure__V1__OrderCancelled *) dure_envelope_payload(
                  env, &dure__v1__order_cancelled__descriptor, err, sizeof err)
            : NULL;
    CHECK(c != NULL);
    if (c) {
        CHECK_STR_EQ(c->order_id, confirmed);
        CHECK_INT_EQ(c->refund_krw, 75500);
        CHECK_STR_EQ(c->payment_ref, "pay-test-1");
        REQUIRE_INT_EQ(c->n_reserved_lines, 2);
        CHECK_STR_EQ(c->reserved_lines[0]->product_id, "p-rice");
        CHECK_INT_EQ(c->reserved_lines[0]->quantity, 2);
        protobuf_c_message_free_unpacked(&c->base, NULL);
    }
    dure_envelope_free(&env);
    PQfreemem(bytes);
    PQclear(res);
    PQfinish(db);

    /* Asked again: the same answer, no second event. */
    CHECK_INT_EQ(s_cancel(client, confirmed, &r), DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox "
                                                   "WHERE type = 'dure.v1.OrderCancelled'"),
                 2);
    /* A PENDING order holds no stock: its cancellation releases nothing. */
    CHECK_INT_EQ(s_cancel(client, pending, &r), DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders WHERE status = 7"), 2);
    /* A confirmation arriving after the cancellation does not revive the order. */
    ev.order_id = pending;
    CHECK_INT_EQ(order_test_event(stack, &ev.base, NULL), 0);
    CHECK_INT_EQ(order_test_get(client, pending, &r), DURE__V1__ORDER_STATUS__ORDER_CANCELLED);
    dure_response_clear(&r);
    Dure__V1__CancelOrder missing = DURE__V1__CANCEL_ORDER__INIT;
    missing.order_id = "nope";
    dure_client_call(client, &missing.base, NULL, NULL, &dure__v1__cancel_order_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_NOT_FOUND);
    dure_response_clear(&r);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}

DURE_TEST(order_non_physical_order_completes_without_shipment)
{
    dure_stack_t *stack = dure_stack_new("order_nonphys");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    order_test_order_t o;
    order_test_order_init(&o, "c-tour");
    o.lines[0] = &o.line[2]; /* p-tour: an experience */
    o.order.n_lines = 1;
    dure_response_t r;
    REQUIRE_INT_EQ(order_test_place(client, &o.order, "tour-1", &r), DURE__V1__CODE__CODE_OK);
    char id[64];
    snprintf(id, sizeof id, "%s", ((Dure__V1__PlaceOrderReply *) r.payload)->order_id);
    dure_response_clear(&r);
    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = id;
    CHECK_INT_EQ(order_test_event(stack, &ev.base, NULL), 0);
    CHECK_INT_EQ(order_test_get(client, id, &r), DURE__V1__ORDER_STATUS__ORDER_DELIVERED);
    if (r.payload) {
        const Dure__V1__Order *order = ((Dure__V1__GetOrderReply *) r.payload)->order;
        REQUIRE_INT_EQ(order->n_history, 3);
        CHECK_INT_EQ(order->history[1]->status, DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
        CHECK_INT_EQ(order->history[2]->status, DURE__V1__ORDER_STATUS__ORDER_DELIVERED);
        CHECK(!order->lines[0]->physical);
    }
    dure_response_clear(&r);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
