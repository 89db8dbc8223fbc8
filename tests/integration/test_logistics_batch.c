/*  test_logistics_batch.c - a batch's planned shipments are written at its end, in one
    statement (dure_db_write_record). Events of one batch cannot see each other's queued
    shipments: the same order confirmed twice (two envelopes), and an order confirmed and
    cancelled in one batch, each leave the statement creating fewer shipments than it was
    given; the batch's guarded second run makes one set of shipments for the first and no
    live one for the second, as when the events come in separate batches. Which orders of a
    batch were cancelled is asked once for the whole batch (dure_reads); an order cancelled
    after that answer is asked about again.

    The events are sent while the logistics service is stopped (SIGSTOP,
    dure_stack_one_batch), so that they are taken as one batch. */
#include "test_logistics_util.h"

#define S_REPLAYS "dure_batch_replays_total{service=\"logistics\"}"
#define S_BATCHES "dure_batch_items_count{service=\"logistics\"}"

static long long s_scalar(dure_stack_t *stack, const char *sql)
{
    return dure_stack_scalar(stack, "logistics", sql);
}

static long long s_shipments(dure_stack_t *stack, const char *order_id, const char *status_test)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM shipments WHERE order_id = '%s' %s", order_id,
             status_test);
    return s_scalar(stack, sql);
}

DURE_TEST(logistics_batch_plans_each_order_once_and_nothing_for_a_cancelled_one)
{
    dure_stack_t *stack = dure_stack_new("lg_batch");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);

    /* Two orders, each from three sellers (three shipments), the first confirmed twice
       under two envelopes. */
    lg_order_t twice, plain, gone;
    lg_order(&twice, "o-batch-twice");
    lg_order(&plain, "o-batch-plain");
    const ProtobufCMessage *first[] = {&twice.msg.base, &plain.msg.base, &twice.msg.base};
    double batches = dure_stack_metric(stack, "logistics", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", first, 3), 3);
    CHECK_INT_EQ(dure_stack_metric(stack, "logistics", 0, S_BATCHES) - batches, 1);
    CHECK_INT_EQ(dure_stack_metric(stack, "logistics", 0, S_REPLAYS), 1);
    CHECK_INT_EQ(s_shipments(stack, "o-batch-twice", ""), 3);
    CHECK_INT_EQ(s_shipments(stack, "o-batch-plain", ""), 3);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 6);

    /* An order confirmed and cancelled in one batch: the cancellation finds no shipment
       (they are only queued), so the statement must leave them out. */
    lg_order(&gone, "o-batch-gone");
    Dure__V1__OrderCancelled cancelled = DURE__V1__ORDER_CANCELLED__INIT;
    cancelled.order_id = "o-batch-gone";
    cancelled.reason = "customer changed their mind";
    const ProtobufCMessage *second[] = {&gone.msg.base, &cancelled.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", second, 2), 2);
    CHECK_INT_EQ(dure_stack_metric(stack, "logistics", 0, S_REPLAYS), 2);
    /* The guarded run planned them and cancelled them: none is live, each cancellation
       went out after its plan. */
    char live[64];
    snprintf(live, sizeof live, "AND status <> %d", LG_S(CANCELLED));
    CHECK_INT_EQ(s_shipments(stack, "o-batch-gone", live), 0);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentCancelled"),
                 s_shipments(stack, "o-batch-gone", ""));
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"),
                 6 + s_shipments(stack, "o-batch-gone", ""));

    /* Every shipment has its one "planned" step and its planned parcels, and a tracking
       number of its own; ent-b names no carrier and got the default (epost). */
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM tracking_events "
                                 "WHERE event_key = 's:planned'"),
                 s_scalar(stack, "SELECT count(*) FROM shipments"));
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM shipments s WHERE NOT EXISTS "
                                 "(SELECT 1 FROM parcels p WHERE p.shipment_id = s.id)"),
                 0);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(DISTINCT tracking_number) FROM shipments"),
                 s_scalar(stack, "SELECT count(*) FROM shipments"));
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM shipments WHERE order_id = "
                                 "'o-batch-plain' AND enterprise_id = 'ent-b' AND "
                                 "carrier = 'epost' AND tracking_number LIKE 'EP%'"),
                 1);

    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(logistics_batch_plans_nothing_for_orders_cancelled_before_or_within_it)
{
    dure_stack_t *stack = dure_stack_new("lg_batch_cancelled");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);

    /* An order cancelled in an earlier batch. */
    Dure__V1__OrderCancelled early = DURE__V1__ORDER_CANCELLED__INIT;
    early.order_id = "o-read-early";
    early.reason = "customer changed their mind";
    const ProtobufCMessage *first[] = {&early.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", first, 1), 1);

    /* One batch: a live order confirmed, which asks for the whole batch; the early-cancelled
       order confirmed (the answer: cancelled); an order cancelled after that answer and then
       confirmed (its answer is stale, so it asks again on its own). */
    lg_order_t live, cancelled_early, cancelled_late;
    lg_order(&live, "o-read-live");
    lg_order(&cancelled_early, "o-read-early");
    lg_order(&cancelled_late, "o-read-late");
    Dure__V1__OrderCancelled late = DURE__V1__ORDER_CANCELLED__INIT;
    late.order_id = "o-read-late";
    late.reason = "payment withdrawn";
    const ProtobufCMessage *second[] = {&live.msg.base, &cancelled_early.msg.base, &late.base,
                                        &cancelled_late.msg.base};
    double batches = dure_stack_metric(stack, "logistics", 0, S_BATCHES);
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", second, 4), 4);
    CHECK_INT_EQ(dure_stack_metric(stack, "logistics", 0, S_BATCHES) - batches, 1);
    /* Nothing was planned for a cancelled order, so nothing had to be run again. */
    CHECK_INT_EQ(dure_stack_metric(stack, "logistics", 0, S_REPLAYS), 0);
    CHECK_INT_EQ(s_shipments(stack, "o-read-live", ""), 3);
    CHECK_INT_EQ(s_shipments(stack, "o-read-early", ""), 0);
    CHECK_INT_EQ(s_shipments(stack, "o-read-late", ""), 0);
    CHECK_INT_EQ(lg_outbox(stack, "dure.v1.ShipmentPlanned"), 3);

    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(logistics_batch_numbers_shipments_from_a_block_with_the_carriers_it_read)
{
    dure_stack_t *stack = dure_stack_new("lg_batch_numbers");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    /* Lotte stops taking shipments: ent-c, which names it, gets the default (epost). */
    CHECK_INT_EQ(s_scalar(stack, "WITH u AS (UPDATE carriers SET active = false "
                                 "WHERE code = 'lotte' RETURNING 1) SELECT count(*) FROM u"),
                 1);

    lg_order_t one, two;
    lg_order(&one, "o-numbers-1");
    lg_order(&two, "o-numbers-2");
    const ProtobufCMessage *batch[] = {&one.msg.base, &two.msg.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", batch, 2), 2);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM shipments"), 6);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM shipments WHERE enterprise_id = 'ent-a' "
                                 "AND carrier = 'cj' AND tracking_number ~ '^CJ[0-9]{10}$'"),
                 2);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(*) FROM shipments WHERE enterprise_id <> 'ent-a' "
                                 "AND carrier = 'epost' AND tracking_number ~ '^EP[0-9]{10}$'"),
                 4);
    /* Six numbers from the instance's first block: one nextval, no number twice. */
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(DISTINCT substr(tracking_number, 3)::bigint) "
                                 "FROM shipments WHERE substr(tracking_number, 3)::bigint "
                                 "BETWEEN 1 AND 100"),
                 6);
    CHECK_INT_EQ(s_scalar(stack, "SELECT last_value FROM tracking_seq"), 1);

    /* After a restart the instance takes a new block: nothing of the first is given again. */
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    REQUIRE(dure_stack_restart(stack, slot) == 0);
    lg_order_t three;
    lg_order(&three, "o-numbers-3");
    const ProtobufCMessage *after[] = {&three.msg.base};
    CHECK_INT_EQ(dure_stack_one_batch_of_events(stack, slot, "logistics", after, 1), 1);
    CHECK_INT_EQ(s_scalar(stack, "SELECT min(substr(tracking_number, 3)::bigint) FROM shipments "
                                 "WHERE order_id = 'o-numbers-3'"),
                 101);
    CHECK_INT_EQ(s_scalar(stack, "SELECT count(DISTINCT tracking_number) FROM shipments"), 9);

    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
