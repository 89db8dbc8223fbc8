/*  test_inbox_prune.c - applied event ids leave the inbox once older than
    INBOX_RETENTION_HOURS, and younger ones stay (they still guard against redelivery). The
    old rows are written directly: a week cannot pass inside a test. */
#include "dure_stack.h"
#include "dure_test.h"

#define S_PRUNED "dure_inbox_pruned_total{service=\"packaging\"}"

DURE_TEST(inbox_prune_deletes_only_rows_past_the_retention)
{
    dure_stack_t *stack = dure_stack_new("prune");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_INBOX_RETENTION_HOURS", "24");
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    REQUIRE(dure_stack_scalar(stack, "packaging",
                              "WITH i AS (INSERT INTO inbox (event_id, type, received_at) "
                              "SELECT 'old-' || n, 'dure.v1.ShipmentPlanned', "
                              "now() - interval '25 hours' FROM generate_series(1, 3) n "
                              "UNION ALL SELECT 'recent', 'dure.v1.ShipmentPlanned', "
                              "now() - interval '23 hours' RETURNING 1) SELECT count(*) FROM i") ==
            4);

    /* The first pruning runs as the service starts. */
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    REQUIRE(dure_stack_restart(stack, slot) == 0);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "packaging",
                                        "SELECT count(*) FROM inbox WHERE event_id LIKE 'old-%'", 0,
                                        10000),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "packaging",
                                   "SELECT count(*) FROM inbox WHERE event_id = 'recent'"),
                 1);
    /* The rows are gone for other sessions as the DELETE commits, a moment before the service
       reads its count and adds it to the counter. */
    double pruned = 0;
    for (int i = 0; i < 50 && (pruned = dure_stack_metric(stack, "packaging", 0, S_PRUNED)) < 3;
         i++)
        usleep(100 * 1000);
    CHECK_DBL_NEAR(pruned, 3, 0.1);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}
