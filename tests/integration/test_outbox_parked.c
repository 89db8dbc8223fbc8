/*  test_outbox_parked.c - rows the relay must find off its usual path: an event its consumer
    cannot read is parked, not resent forever, and does not hold up the events behind it; an
    operator's requeue sends it again; a row that commits behind the relay's cursor (another
    instance's transaction that took its id earlier and committed later) is still sent; two
    instances' relays share a backlog in rounds far smaller than it.

    The rows are written into the catalog's outbox directly, the way a producer of another
    version or another instance would have written them: StockReserved events that the order
    service reads (for an order it does not know: refused for good, acknowledged, deleted) and
    one whose payload is not a StockReserved at all. */
#include "dure_stack.h"
#include "dure_test.h"

#define S_PARKED "dure_outbox_parked{service=\"catalog\",consumer=\"order\"}"

/* An outbox row for the order service: the envelope of `event` under id, or with `garbage`
   as its payload when not NULL; row > 0 gives the row's id instead of the next one. */
static int s_insert(dure_stack_t *stack, const char *id, const ProtobufCMessage *event,
                    const char *garbage, long long row)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, event, "catalog", arena);
    env.id = (char *)id;
    env.correlation_id = (char *)id;
    if (garbage) {
        env.payload.data = (uint8_t *)garbage;
        env.payload.len = strlen(garbage);
    }
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    char *hex = dure_malloc(2 * len + 1);
    for (size_t i = 0; i < len; i++)
        sprintf(hex + 2 * i, "%02x", bytes[i]);
    char row_id[32] = "DEFAULT";
    if (row > 0)
        snprintf(row_id, sizeof row_id, "%lld", row);
    char *sql = dure_arena_printf(arena,
                                  "WITH r AS (INSERT INTO outbox (id, event_id, destination, "
                                  "type, envelope) VALUES (%s, '%s', 'order', '%s', "
                                  "decode('%s', 'hex')) RETURNING 1) SELECT count(*) FROM r",
                                  row_id, id, env.type, hex);
    long long rows = dure_stack_scalar(stack, "catalog", sql);
    free(hex);
    free(bytes);
    dure_arena_destroy(&arena);
    return rows == 1;
}

DURE_TEST(outbox_unreadable_event_is_parked_and_the_rest_flows)
{
    dure_stack_t *stack = dure_stack_new("parked");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_RELAY_LEASE_MS", "500");
    int order = dure_stack_start(stack, "order", 0);
    int catalog = dure_stack_start(stack, "catalog", 0);
    REQUIRE(order >= 0 && catalog >= 0);

    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = "o-nobody-placed";
    REQUIRE(s_insert(stack, "ev-poison", &ev.base, "\xff\xff\xff\xff not protobuf", 0));
    REQUIRE(s_insert(stack, "ev-good", &ev.base, NULL, 0));

    /* The readable one is applied (refused for good: unknown order) and its row deleted. */
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog",
                                        "SELECT count(*) FROM outbox WHERE event_id = 'ev-good'", 0,
                                        10000),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM inbox WHERE event_id = 'ev-good' "
                                   "AND outcome <> 0"),
                 1);
    /* The unreadable one is parked after one delivery, with the consumer's reason. */
    const char *parked = "SELECT count(*) FROM outbox WHERE event_id = 'ev-poison' "
                         "AND parked_at IS NOT NULL AND parked_reason <> ''";
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog", parked, 1, 10000), 1);
    usleep(2000 * 1000); /* four leases would have expired by now: no resend */
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT attempts FROM outbox WHERE event_id = 'ev-poison'"),
                 1);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM inbox WHERE event_id = 'ev-poison'"),
                 0);
    CHECK_DBL_NEAR(dure_stack_metric(stack, "catalog", 0, S_PARKED), 1, 0.1);

    /* Requeued by an operator (docs/OPERATIONS.md): sent again, parked again. */
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "WITH u AS (UPDATE outbox SET parked_at = NULL, "
                                   "parked_reason = NULL WHERE parked_at IS NOT NULL "
                                   "RETURNING 1) SELECT count(*) FROM u"),
                 1);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog",
                                        "SELECT attempts FROM outbox WHERE event_id = 'ev-poison' "
                                        "AND parked_at IS NOT NULL",
                                        2, 10000),
                 2);

    CHECK_INT_EQ(dure_stack_stop(stack, catalog, 10000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, order, 10000), 0);
    dure_stack_destroy(&stack);
}

/* The relay leases rows after the last one it sent; a row that commits with a smaller id must
   still go out, through the scan from the start that the relay makes every second. */
DURE_TEST(outbox_row_committed_behind_the_cursor_is_still_sent)
{
    dure_stack_t *stack = dure_stack_new("cursor");
    REQUIRE(stack);
    int order = dure_stack_start(stack, "order", 0);
    int catalog = dure_stack_start(stack, "catalog", 0);
    REQUIRE(order >= 0 && catalog >= 0);

    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = "o-nobody-placed";
    const char *gone = "SELECT count(*) FROM outbox WHERE event_id LIKE 'ev-cursor-%'";
    REQUIRE(s_insert(stack, "ev-cursor-ahead", &ev.base, NULL, 1000000));
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog", gone, 0, 10000), 0);
    REQUIRE(s_insert(stack, "ev-cursor-behind", &ev.base, NULL, 500000));
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog", gone, 0, 10000), 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM inbox WHERE event_id LIKE 'ev-cursor-%'"),
                 2);

    CHECK_INT_EQ(dure_stack_stop(stack, catalog, 10000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, order, 10000), 0);
    dure_stack_destroy(&stack);
}

/* Two instances of the producer lease from one backlog in rounds of three rows: every event
   arrives once, and no round holds more than its three (the relay keeps per-round arrays of
   RELAY_BATCH entries; a lease that returned more overflowed them). */
DURE_TEST(outbox_two_relays_share_a_backlog_in_small_rounds)
{
    dure_stack_t *stack = dure_stack_new("share");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_RELAY_BATCH", "3");
    dure_stack_set_instances(stack, "catalog", 2);
    int a = dure_stack_start(stack, "catalog", 0);
    int b = dure_stack_start(stack, "catalog", 1);
    REQUIRE(a >= 0 && b >= 0);

    Dure__V1__StockReserved ev = DURE__V1__STOCK_RESERVED__INIT;
    ev.order_id = "o-nobody-placed";
    enum { S_EVENTS = 120 };
    for (int i = 0; i < S_EVENTS; i++) {
        char id[32];
        snprintf(id, sizeof id, "ev-share-%03d", i);
        REQUIRE(s_insert(stack, id, &ev.base, NULL, 0));
    }
    int order = dure_stack_start(stack, "order", 0);
    REQUIRE(order >= 0);
    CHECK_INT_EQ(dure_stack_wait_scalar(stack, "catalog",
                                        "SELECT count(*) FROM outbox WHERE event_id LIKE 'ev-share-%'",
                                        0, 30000),
                 0);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM inbox WHERE event_id LIKE 'ev-share-%'"),
                 S_EVENTS);

    CHECK_INT_EQ(dure_stack_stop(stack, order, 10000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, a, 10000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, b, 10000), 0);
    dure_stack_destroy(&stack);
}
