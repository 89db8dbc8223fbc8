/*  test_batch_replay.c - a batch runs without savepoints, so an item that fails after it
    wrote must roll the whole transaction back and run the batch again item by item: the
    failed item leaves nothing behind, its neighbours in the same batch are applied exactly
    once, and an item refused before it wrote anything costs no second run.

    The requests are sent while the catalog is stopped (SIGSTOP), so that they wait in its
    socket and are taken as one batch when it goes on. */
#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"


#define S_REPLAYS "dure_batch_replays_total{service=\"catalog\"}"

static void s_delta(Dure__V1__SetStock *req, const char *product, int64_t delta)
{
    dure__v1__set_stock__init(req);
    req->product_id = (char *)product;
    req->change_case = DURE__V1__SET_STOCK__CHANGE_DELTA;
    req->delta = delta;
}

/* A product's stock as the catalog's table holds it. */
static long long s_stock(dure_stack_t *stack, const char *product)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT stock FROM products WHERE id = '%s'", product);
    return dure_stack_scalar(stack, "catalog", sql);
}

/* The reply codes of requests taken as one batch. */
static void s_one_batch(dure_stack_t *stack, int slot, dure_client_t *client,
                        const ProtobufCMessage **requests, int count, int *codes)
{
    dure_response_t res[8];
    dure_stack_one_batch(stack, slot, client, requests, NULL, count, NULL, res);
    for (int i = 0; i < count; i++) {
        codes[i] = res[i].code;
        dure_response_clear(&res[i]);
    }
}

DURE_TEST(batch_replay_failed_item_after_write_leaves_neighbours_applied)
{
    dure_stack_t *stack = dure_stack_new("replay");
    REQUIRE(stack);
    dure_stack_gather_batches(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    REQUIRE(slot >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 5000);
    dure_fixture_product_t p1 = {.id = "p-r1", .enterprise_id = "ent-r", .stock = 10};
    dure_fixture_product_t p2 = {.id = "p-r2", .enterprise_id = "ent-r", .stock = 10};
    REQUIRE(dure_fixture_enterprise(catalog, "ent-r", "홍성 유기농 영농조합") &&
            dure_fixture_product(catalog, &p1) && dure_fixture_product(catalog, &p2));
    CHECK_DBL_NEAR(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 0, 0.1);

    /* The import writes a new enterprise, then finds a stale version on the second one. */
    Dure__V1__Address from[2];
    Dure__V1__Enterprise ents[2], *ent_ptrs[] = {&ents[0], &ents[1]};
    dure_fixture_enterprise_init(&ents[0], &from[0], "ent-r-new", "청양 구기자 협동조합");
    dure_fixture_enterprise_init(&ents[1], &from[1], "ent-r", "이름을 바꾸려는 조합");
    ents[1].version = 5;
    Dure__V1__ImportCatalog import = DURE__V1__IMPORT_CATALOG__INIT;
    import.n_enterprises = 2;
    import.enterprises = ent_ptrs;
    Dure__V1__SetStock add1, add2, too_big;
    s_delta(&add1, "p-r1", 1);
    s_delta(&add2, "p-r2", 2);
    s_delta(&too_big, "p-r1", 1000000000);
    const ProtobufCMessage *batch[] = {&add1.base, &import.base, &add2.base, &too_big.base};
    int codes[4];
    s_one_batch(stack, slot, catalog, batch, 4, codes);
    CHECK_INT_EQ(codes[0], DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(codes[1], DURE__V1__CODE__CODE_CONFLICT);
    CHECK_INT_EQ(codes[2], DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(codes[3], DURE__V1__CODE__CODE_INVALID_ARGUMENT);

    /* The neighbours are applied once, the failed import left nothing. */
    CHECK_INT_EQ(s_stock(stack, "p-r1"), 11);
    CHECK_INT_EQ(s_stock(stack, "p-r2"), 12);
    CHECK_INT_EQ(dure_stack_scalar(stack, "catalog",
                                   "SELECT count(*) FROM enterprises WHERE id = 'ent-r-new'"),
                 0);
    CHECK_INT_EQ(
        dure_stack_scalar(stack, "catalog", "SELECT version FROM enterprises WHERE id = 'ent-r'"),
        1);
    CHECK_DBL_NEAR(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 1, 0.1);

    /* A refusal found before any write (validation) needs no second run. */
    const ProtobufCMessage *clean[] = {&add1.base, &too_big.base, &add2.base};
    s_one_batch(stack, slot, catalog, clean, 3, codes);
    CHECK_INT_EQ(codes[0], DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(codes[1], DURE__V1__CODE__CODE_INVALID_ARGUMENT);
    CHECK_INT_EQ(codes[2], DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(s_stock(stack, "p-r1"), 12);
    CHECK_INT_EQ(s_stock(stack, "p-r2"), 14);
    CHECK_DBL_NEAR(dure_stack_metric(stack, "catalog", 0, S_REPLAYS), 1, 0.1);

    dure_client_destroy(&catalog);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}
