/*  test_batch_gather.c - BATCH_GATHER_MS: once an event came, a batch also takes the events
    that keep coming until the socket has been quiet that long. Six events sent in two
    bursts 20 ms apart are one batch with a 150 ms window. */
#include "dure_stack.h"
#include "dure_test.h"

#include <unistd.h>

#define S_BATCHES "dure_batch_items_count{service=\"catalog\"}"

DURE_TEST(batch_gather_takes_events_that_keep_coming_as_one_batch)
{
    dure_stack_t *stack = dure_stack_new("gather");
    REQUIRE(stack != NULL);
    dure_stack_setenv(stack, "DURE_BATCH_GATHER_MS", "150");
    int slot = dure_stack_start(stack, "catalog", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_event_client(stack, "catalog", 5000);
    REQUIRE(client != NULL);
    /* A first event, on its own, proves the connection up. */
    Dure__V1__OrderCancelled cancelled = DURE__V1__ORDER_CANCELLED__INIT;
    cancelled.order_id = "o-gather-0";
    dure_response_t res;
    CHECK_INT_EQ(dure_client_call(client, &cancelled.base, NULL, NULL, NULL, &res), 0);
    CHECK_INT_EQ(res.code, DURE__V1__CODE__CODE_OK);
    dure_response_clear(&res);

    double batches = dure_stack_metric(stack, "catalog", 0, S_BATCHES);
    char ids[6][DURE_ID_LEN], order[6][24];
    for (int i = 0; i < 6; i++) {
        if (i == 3)
            usleep(20 * 1000); /* a pause far shorter than the window */
        snprintf(order[i], sizeof order[i], "o-gather-%d", i + 1);
        cancelled.order_id = order[i];
        CHECK_INT_EQ(dure_client_send(client, &cancelled.base, NULL, ids[i]), 0);
    }
    int acked = 0;
    for (int i = 0; i < 6; i++) {
        dure_client_await(client, ids[i], NULL, &res);
        acked += res.code == DURE__V1__CODE__CODE_OK;
        dure_response_clear(&res);
    }
    CHECK_INT_EQ(acked, 6);
    CHECK_INT_EQ(dure_stack_metric(stack, "catalog", 0, S_BATCHES) - batches, 1);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
