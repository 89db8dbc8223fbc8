/*  test_common_rows.c - the queue of rows written at the end of a batch: one JSON array per
    kind, in the order the kinds were first queued, and a failed item's rows dropped. */
#include "dure.h"
#include "dure_test.h"

static const dure_rows_kind_t s_orders = {"orders", "orders sql"};
static const dure_rows_kind_t s_records = {"records", "records sql"};

DURE_TEST(rows_group_by_kind_in_first_queued_order)
{
    dure_rows_t *rows = dure_rows_new();
    const char *array = NULL;
    size_t count = 99;
    CHECK(dure_rows_array(rows, 0, &array, &count) == NULL);
    dure_rows_add(rows, &s_records, "{\"r\":1}");
    dure_rows_add(rows, &s_orders, "{\"o\":1}");
    dure_rows_add(rows, &s_records, "{\"r\":2}");
    CHECK_INT_EQ(dure_rows_count(rows), 3);
    CHECK(dure_rows_array(rows, 0, &array, &count) == &s_records);
    CHECK_STR_EQ(array, "[{\"r\":1},{\"r\":2}]");
    CHECK_INT_EQ(count, 2);
    CHECK(dure_rows_array(rows, 1, &array, &count) == &s_orders);
    CHECK_STR_EQ(array, "[{\"o\":1}]");
    CHECK_INT_EQ(count, 1);
    CHECK(dure_rows_array(rows, 2, &array, &count) == NULL);
    dure_rows_destroy(&rows);
    CHECK(rows == NULL);
}

DURE_TEST(rows_truncate_drops_only_the_rows_after_the_mark)
{
    dure_rows_t *rows = dure_rows_new();
    dure_rows_add(rows, &s_orders, "{\"o\":1}");
    size_t mark = dure_rows_count(rows);
    dure_rows_add(rows, &s_orders, "{\"o\":\"failed item\"}");
    dure_rows_add(rows, &s_records, "{\"r\":\"failed item\"}");
    dure_rows_truncate(rows, mark);
    dure_rows_truncate(rows, 10); /* past the end: nothing */
    dure_rows_add(rows, &s_orders, "{\"o\":2}");
    const char *array = NULL;
    size_t count = 0;
    CHECK(dure_rows_array(rows, 0, &array, &count) == &s_orders);
    CHECK_STR_EQ(array, "[{\"o\":1},{\"o\":2}]");
    CHECK_INT_EQ(count, 2);
    CHECK(dure_rows_array(rows, 1, &array, &count) == NULL);
    /* Many rows: the buffers grow and keep every byte. */
    dure_rows_truncate(rows, 0);
    char row[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(row, sizeof row, "{\"i\":%d}", i);
        dure_rows_add(rows, &s_records, row);
    }
    CHECK(dure_rows_array(rows, 0, &array, &count) == &s_records);
    CHECK_INT_EQ(count, 5000);
    CHECK(strncmp(array, "[{\"i\":0},{\"i\":1},", 17) == 0);
    CHECK(strstr(array, ",{\"i\":4999}]") != NULL);
    dure_rows_destroy(&rows);
}
