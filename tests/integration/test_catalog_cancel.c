/*  test_catalog_cancel.c - reservations are all or none and name the short lines; a
    cancellation gives back exactly what was reserved, once, even when the event is re-sent
    under a new id; a cancellation that arrives first makes the late OrderPlaced reserve
    nothing.
*/
#include "test_catalog_fixtures.h"

#define OK DURE__V1__CODE__CODE_OK

static long long s_stock(dure_stack_t *stack, const char *id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT stock FROM products WHERE id = '%s'", id);
    return dure_stack_scalar(stack, "catalog", sql);
}

static int s_cancel(dure_client_t *events, const char *order_id, const char *event_id)
{
    Dure__V1__OrderCancelled cancelled = DURE__V1__ORDER_CANCELLED__INIT;
    cancelled.order_id = (char *) order_id;
    return catfx_send_event(events, &cancelled.base, event_id, NULL);
}

DURE_TEST(catalog_cancel_releases_exactly_once_and_rejects_all_or_none)
{
    dure_stack_t *stack = dure_stack_new("catcancel");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    dure_client_t *events = dure_stack_event_client(stack, "catalog", 3000);
    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    CATFX_REQUIRE(stack, catfx_put_enterprise(client, &ent) == OK);
    catfx_product_t rice, kimchi;
    catfx_product(&rice, "p-rice", "ent-001", "rice_grains", 30000, 10);
    catfx_product(&kimchi, "p-kimchi", "ent-001", "side_dishes_sauces", 25000, 3);
    CATFX_REQUIRE(stack, catfx_put_product(client, &rice) == OK && catfx_put_product(client, &kimchi) == OK);

    /* Two lines of rice (merged: 6) and 2 kimchi: reserved. */
    Dure__V1__OrderLineRequest l1 = DURE__V1__ORDER_LINE_REQUEST__INIT, l2 = l1, l3 = l1;
    l1.product_id = "p-rice";
    l1.quantity = 4;
    l2.product_id = "p-kimchi";
    l2.quantity = 2;
    l3.product_id = "p-rice";
    l3.quantity = 2;
    Dure__V1__OrderLineRequest *lines[] = {&l1, &l2, &l3};
    Dure__V1__OrderPlaced placed = DURE__V1__ORDER_PLACED__INIT;
    placed.order_id = "o-1";
    placed.lines = lines;
    placed.n_lines = 3;
    CHECK_INT_EQ(catfx_send_event(events, &placed.base, "e-1", NULL), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 4);
    CHECK_INT_EQ(s_stock(stack, "p-kimchi"), 1);

    /* The same order under a new event id: nothing more is taken. */
    CHECK_INT_EQ(catfx_send_event(events, &placed.base, "e-1b", NULL), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 4);

    /* 2 kimchi are no longer there: o-2 gets nothing, not even its rice. */
    placed.order_id = "o-2";
    l1.quantity = 1;
    l3.quantity = 1;
    CHECK_INT_EQ(catfx_send_event(events, &placed.base, "e-2", NULL), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 4);
    CHECK_INT_EQ(s_stock(stack, "p-kimchi"), 1);
    PGconn *db = dure_stack_db(stack, "catalog");
    PGresult *res = PQexec(db, "SELECT envelope FROM outbox WHERE type = 'dure.v1.StockRejected'");
    CATFX_REQUIRE(stack, PQntuples(res) == 1);
    size_t len = 0;
    unsigned char *bytes = PQunescapeBytea((unsigned char *) PQgetvalue(res, 0, 0), &len);
    char err[128];
    Dure__V1__Envelope *env = dure_envelope_decode(bytes, len, err, sizeof err);
    CATFX_REQUIRE(stack, env != NULL);
    Dure__V1__StockRejected *rejected = (Dure__V1__StockRejected *) dure_envelope_payload(
        env, &dure__v1__stock_rejected__descriptor, err, sizeof err);
    CATFX_REQUIRE(stack, rejected != NULL);
    CHECK_STR_EQ(rejected->order_id, "o-2");
    CATFX_REQUIRE_INT_EQ(stack, rejected->n_short_lines, 1);
    CHECK_STR_EQ(rejected->short_lines[0]->product_id, "p-kimchi");
    CHECK_INT_EQ(rejected->short_lines[0]->requested, 2);
    CHECK_INT_EQ(rejected->short_lines[0]->available, 1);
    CHECK_STR_EQ(rejected->short_lines[0]->reason, "out of stock");
    protobuf_c_message_free_unpacked(&rejected->base, NULL);
    dure_envelope_free(&env);
    PQfreemem(bytes);
    PQclear(res);
    PQfinish(db);

    /* Cancel o-1: 6 rice and 2 kimchi come back; again under a new id: nothing more. */
    CHECK_INT_EQ(s_cancel(events, "o-1", "e-3"), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 10);
    CHECK_INT_EQ(s_stock(stack, "p-kimchi"), 3);
    CHECK_INT_EQ(s_cancel(events, "o-1", "e-3b"), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 10);
    CHECK_INT_EQ(s_stock(stack, "p-kimchi"), 3);

    /* A cancellation before its OrderPlaced: the late OrderPlaced reserves nothing. */
    CHECK_INT_EQ(s_cancel(events, "o-3", "e-4"), OK);
    placed.order_id = "o-3";
    CHECK_INT_EQ(catfx_send_event(events, &placed.base, "e-5", NULL), OK);
    CHECK_INT_EQ(s_stock(stack, "p-rice"), 10);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM reservations WHERE order_id = 'o-3'"),
                 0);

    /* The cached snapshot follows: GetProducts shows the released stock. */
    int64_t stock = -1;
    CHECK_INT_EQ(catfx_get(client, "p-kimchi", NULL, &stock, NULL), OK);
    CHECK_INT_EQ(stock, 3);

    dure_client_destroy(&events);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
