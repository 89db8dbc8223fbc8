/*  test_order_idempotency.c - one idempotency key, one order: the same PlaceOrder sent three
    times at once, and again after the order service was killed (SIGKILL) and restarted,
    creates a single order; the same key with another body answers CONFLICT.
*/
#include "test_order_util.h"

#include <pthread.h>

typedef struct {
    dure_stack_t *stack;      /* where to send */
    order_test_order_t order; /* what */
    int code;                 /* reply code */
    char id[64];              /* order id answered */
} s_sender_t;

static void *s_send(void *arg)
{
    s_sender_t *s = arg;
    dure_client_t *client = dure_stack_client(s->stack, "order", 5000);
    dure_response_t r;
    s->code = order_test_place(client, &s->order.order, "same-key", &r);
    if (r.payload)
        snprintf(s->id, sizeof s->id, "%s", ((Dure__V1__PlaceOrderReply *) r.payload)->order_id);
    dure_response_clear(&r);
    dure_client_destroy(&client);
    return NULL;
}

DURE_TEST(order_idempotency_one_key_one_order)
{
    dure_stack_t *stack = dure_stack_new("order_idem");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    int slot = dure_stack_start(stack, "order", 0);
    REQUIRE(slot >= 0);

    s_sender_t senders[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        memset(&senders[i], 0, sizeof senders[i]);
        senders[i].stack = stack;
        order_test_order_init(&senders[i].order, "c-idem");
        pthread_create(&threads[i], NULL, s_send, &senders[i]);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 3; i++) {
        CHECK_INT_EQ(senders[i].code, DURE__V1__CODE__CODE_OK);
        CHECK_STR_EQ(senders[i].id, senders[0].id);
    }
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox"), 1);

    /* Killed without a drain, restarted: the key still answers the same order. */
    dure_stack_kill(stack, slot);
    REQUIRE_INT_EQ(dure_stack_restart(stack, slot), 0);
    dure_client_t *client = dure_stack_client(stack, "order", 5000);
    order_test_order_t o;
    order_test_order_init(&o, "c-idem");
    dure_response_t r;
    CHECK_INT_EQ(order_test_place(client, &o.order, "same-key", &r), DURE__V1__CODE__CODE_OK);
    if (r.payload) {
        const Dure__V1__PlaceOrderReply *p = (const Dure__V1__PlaceOrderReply *) r.payload;
        CHECK_STR_EQ(p->order_id, senders[0].id);
        CHECK(p->replayed);
        CHECK_INT_EQ(p->total_krw, 75500);
        CHECK_INT_EQ(p->status, DURE__V1__ORDER_STATUS__ORDER_PENDING);
    }
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);

    /* The same key with another body is a conflict, and changes nothing. */
    o.line[0].quantity = 3;
    CHECK_INT_EQ(order_test_place(client, &o.order, "same-key", &r), DURE__V1__CODE__CODE_CONFLICT);
    dure_response_clear(&r);
    o.line[0].quantity = 2;
    o.address.recipient = "이영희";
    CHECK_INT_EQ(order_test_place(client, &o.order, "same-key", &r), DURE__V1__CODE__CODE_CONFLICT);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM outbox"), 1);

    /* Another key is another order. */
    CHECK_INT_EQ(order_test_place(client, &o.order, "other-key", &r), DURE__V1__CODE__CODE_OK);
    dure_response_clear(&r);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 2);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
}
