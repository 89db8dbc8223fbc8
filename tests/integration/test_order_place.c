/*  test_order_place.c - PlaceOrder prices through the catalog, writes a PENDING order with
    its lines, history and OrderPlaced in one transaction, and only then replies; the VAT
    split counts exempt rice as all supply value.
*/
#include "test_order_util.h"

DURE_TEST(order_place_persists_pending_order_with_event)
{
    dure_stack_t *stack = dure_stack_new("order_place");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);

    order_test_order_t o;
    order_test_order_init(&o, "c-place");
    dure_response_t r;
    CHECK_INT_EQ(order_test_place(client, &o.order, "place-key-1", &r), DURE__V1__CODE__CODE_OK);
    REQUIRE(r.payload);
    const Dure__V1__PlaceOrderReply *p = (const Dure__V1__PlaceOrderReply *) r.payload;
    char id[64];
    snprintf(id, sizeof id, "%s", p->order_id);
    CHECK_INT_EQ(p->status, DURE__V1__ORDER_STATUS__ORDER_PENDING);
    /* 2 x 30,000 rice (exempt) + 15,500 kimchi (taxable): VAT 15,500 / 11 = 1,409. */
    CHECK_INT_EQ(p->total_krw, 75500);
    CHECK_INT_EQ(p->vat_krw, 1409);
    CHECK_INT_EQ(p->supply_krw, 75500 - 1409);
    CHECK(!p->replayed);
    dure_response_clear(&r);

    /* The reply means committed: order, lines, history and the event are there. */
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders WHERE status = 1"), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_lines"), 2);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_history"), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM outbox WHERE type = 'dure.v1.OrderPlaced' "
                                   "AND destination = 'catalog'"),
                 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM order_sellers"), 1);

    CHECK_INT_EQ(order_test_get(client, id, &r), DURE__V1__ORDER_STATUS__ORDER_PENDING);
    if (r.payload) {
        const Dure__V1__Order *order = ((Dure__V1__GetOrderReply *) r.payload)->order;
        REQUIRE_INT_EQ(order->n_lines, 2);
        CHECK_STR_EQ(order->lines[0]->product_id, "p-rice");
        CHECK_INT_EQ(order->lines[0]->line_total_krw, 60000);
        CHECK_INT_EQ(order->lines[0]->tax_class, DURE__V1__TAX_CLASS__TAX_EXEMPT);
        CHECK_STR_EQ(order->lines[1]->region, "춘천시");
        CHECK_INT_EQ(order->lines[1]->temperature, DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT);
        CHECK_STR_EQ(order->address->phone, "010-1234-5678");
        CHECK_STR_EQ(order->payment_ref, "pay-test-1");
        REQUIRE_INT_EQ(order->n_history, 1);
        CHECK_STR_EQ(order->history[0]->cause_type, "dure.v1.PlaceOrder");
        CHECK(order->history[0]->at_ms > 0);
    }
    dure_response_clear(&r);

    Dure__V1__GetOrder unknown = DURE__V1__GET_ORDER__INIT;
    unknown.order_id = "no-such-order";
    dure_client_call(client, &unknown.base, NULL, NULL, &dure__v1__get_order_reply__descriptor, &r);
    CHECK_INT_EQ(r.code, DURE__V1__CODE__CODE_NOT_FOUND);
    dure_response_clear(&r);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
