/*  test_common_arena_metrics.c - the request arena and the Prometheus text rendering. */
#include "dure.h"
#include "dure_test.h"

DURE_TEST(arena_allocations_are_aligned_zeroed_and_reset)
{
    dure_arena_t *arena = dure_arena_new();
    char *a = dure_arena_strdup(arena, "hello");
    double *big = DURE_ARENA_NEW(arena, double, 10000); /* larger than a block */
    CHECK_STR_EQ(a, "hello");
    CHECK(((uintptr_t) big % 16) == 0);
    CHECK(big[9999] == 0.0);
    CHECK_STR_EQ(dure_arena_printf(arena, "%s-%d", "x", 42), "x-42");
    CHECK(dure_arena_strdup(arena, NULL) == NULL);
    dure_arena_reset(arena);
    char *b = dure_arena_strdup(arena, "again");
    CHECK_STR_EQ(b, "again");
    dure_arena_destroy(&arena);
    CHECK(arena == NULL);
    dure_arena_destroy(&arena); /* twice is harmless */
}

DURE_TEST(metrics_render_prometheus_text)
{
    dure_metrics_t *m = dure_metrics_new("order");
    dure_metric_t *ok = dure_metrics_counter(m, "dure_messages_total", "Messages",
                                             "type=\"dure.v1.PlaceOrder\",code=\"OK\"");
    dure_metric_add(ok, 3);
    dure_metric_add(dure_metrics_counter(m, "dure_messages_total", "Messages",
                                         "type=\"dure.v1.PlaceOrder\",code=\"OK\""),
                    2);
    static const double bounds[] = {1, 10};
    dure_metric_t *h = dure_metrics_histogram(m, "dure_batch_items", "Items", NULL, bounds, 2);
    dure_metric_observe(h, 0.5);
    dure_metric_observe(h, 5);
    dure_metric_observe(h, 50);
    char *text = dure_metrics_render(m);
    CHECK(strstr(text, "# TYPE dure_messages_total counter\n") != NULL);
    CHECK(strstr(text, "dure_messages_total{service=\"order\",type=\"dure.v1.PlaceOrder\","
                       "code=\"OK\"} 5\n") != NULL);
    CHECK(strstr(text, "dure_batch_items_bucket{service=\"order\",le=\"1\"} 1\n") != NULL);
    CHECK(strstr(text, "dure_batch_items_bucket{service=\"order\",le=\"10\"} 2\n") != NULL);
    CHECK(strstr(text, "dure_batch_items_bucket{service=\"order\",le=\"+Inf\"} 3\n") != NULL);
    CHECK(strstr(text, "dure_batch_items_count{service=\"order\"} 3\n") != NULL);
    CHECK_DBL_NEAR(dure_metric_value(ok), 5, 1e-9);
    free(text);
    dure_metrics_destroy(&m);
}
