/*  test_order_list_status.c - ListOrders filters by customer and status and pages without
    gaps or repeats; GetOrderStatus answers from the Redis status cache written after commit,
    follows changes, and still answers from PostgreSQL when Redis has forgotten everything.
*/
#include "test_order_util.h"

#include <hiredis/hiredis.h>

static void s_place(dure_client_t *client, const char *customer, const char *key, char *id)
{
    order_test_order_t o;
    order_test_order_init(&o, customer);
    dure_response_t r;
    id[0] = '\0';
    if (order_test_place(client, &o.order, key, &r) == DURE__V1__CODE__CODE_OK)
        snprintf(id, 64, "%s", ((Dure__V1__PlaceOrderReply *) r.payload)->order_id);
    dure_response_clear(&r);
}

static int s_list(dure_client_t *client, const char *customer, int status, int size,
                  const char *token, dure_response_t *r)
{
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    page.page_size = size;
    page.page_token = (char *) token;
    Dure__V1__ListOrders req = DURE__V1__LIST_ORDERS__INIT;
    req.customer_id = (char *) customer;
    req.status = (Dure__V1__OrderStatus) status;
    req.page = &page;
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__list_orders_reply__descriptor, r);
    return r->code;
}

static int s_status(dure_client_t *client, const char *id)
{
    Dure__V1__GetOrderStatus req = DURE__V1__GET_ORDER_STATUS__INIT;
    req.order_id = (char *) id;
    dure_response_t r;
    dure_client_call(client, &req.base, NULL, NULL, &dure__v1__get_order_status_reply__descriptor, &r);
    int status = r.code == DURE__V1__CODE__CODE_OK ? (int) ((Dure__V1__GetOrderStatusReply *) r.payload)->status : -r.code;
    dure_response_clear(&r);
    return status;
}

/* The status name cached in Redis for an order, or "" (static buffer). */
static const char *s_cached(dure_stack_t *stack, const char *id)
{
    static char value[32];
    value[0] = '\0';
    redisReply *reply = dure_stack_redis(stack, "HGET dure:order:{%s} s", id);
    if (reply && reply->type == REDIS_REPLY_STRING)
        snprintf(value, sizeof value, "%s", reply->str);
    if (reply)
        freeReplyObject(reply);
    return value;
}

DURE_TEST(order_list_pages_and_status_cache)
{
    dure_stack_t *stack = dure_stack_new("order_list");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    char ids[7][64], key[32];
    for (int i = 0; i < 7; i++) {
        snprintf(key, sizeof key, "list-%d", i);
        s_place(client, i < 5 ? "c-list" : "c-other", key, ids[i]);
        REQUIRE(ids[i][0]);
    }
    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = ids[1];
    CHECK_INT_EQ(order_test_event(stack, &ev.base, NULL), 0);

    /* Pages of 2 over c-list's five orders: 2 + 2 + 1, newest first, each once. */
    char token[128] = "";
    int seen = 0, pages = 0;
    int found[5] = {0};
    do {
        dure_response_t r;
        REQUIRE_INT_EQ(s_list(client, "c-list", 0, 2, token, &r), DURE__V1__CODE__CODE_OK);
        const Dure__V1__ListOrdersReply *rep = (const void *) r.payload;
        CHECK_INT_EQ(rep->total, 5);
        for (size_t i = 0; i < rep->n_orders; i++) {
            CHECK_STR_EQ(rep->orders[i]->customer_id, "c-list");
            CHECK_INT_EQ(rep->orders[i]->n_lines, 2);
            for (int k = 0; k < 5; k++)
                found[k] += strcmp(rep->orders[i]->id, ids[k]) == 0;
            seen++;
        }
        snprintf(token, sizeof token, "%s", rep->next_page_token);
        dure_response_clear(&r);
        pages++;
    } while (token[0] && pages < 10);
    CHECK_INT_EQ(seen, 5);
    CHECK_INT_EQ(pages, 3);
    for (int k = 0; k < 5; k++)
        CHECK_INT_EQ(found[k], 1);
    dure_response_t r;
    CHECK_INT_EQ(s_list(client, "", DURE__V1__ORDER_STATUS__ORDER_CONFIRMED, 50, "", &r),
                 DURE__V1__CODE__CODE_OK);
    if (r.payload) {
        const Dure__V1__ListOrdersReply *rep = (const void *) r.payload;
        REQUIRE_INT_EQ(rep->n_orders, 1);
        CHECK_STR_EQ(rep->orders[0]->id, ids[1]);
    }
    dure_response_clear(&r);
    CHECK_INT_EQ(s_list(client, "", 0, 50, "garbage", &r), DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK(dure_fixture_has_field_error(&r, "page.page_token"));
    dure_response_clear(&r);
    CHECK_INT_EQ(s_list(client, "", 0, 501, "", &r), DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    dure_response_clear(&r);

    /* The cache was written after the commits, and follows the change. */
    CHECK_STR_EQ(s_cached(stack, ids[0]), "PENDING");
    CHECK_STR_EQ(s_cached(stack, ids[1]), "CONFIRMED");
    CHECK_INT_EQ(s_status(client, ids[1]), DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
    CHECK_INT_EQ(s_status(client, "nope"), -DURE__V1__CODE__CODE_NOT_FOUND);
    /* Redis forgets everything: PostgreSQL answers, and the cache is filled again. */
    freeReplyObject(dure_stack_redis(stack, "FLUSHALL"));
    CHECK_STR_EQ(s_cached(stack, ids[1]), "");
    CHECK_INT_EQ(s_status(client, ids[1]), DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);
    CHECK_STR_EQ(s_cached(stack, ids[1]), "CONFIRMED");

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
