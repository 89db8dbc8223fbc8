/*  test_common_rows.c - the queue of rows written at the end of a batch: one array literal
    per column of each table of a kind, kinds in the order they were first queued, values
    escaped for PostgreSQL's array input, and a failed item's rows dropped. */
#include "dure.h"
#include "dure_test.h"

#include "dure/v1/common.pb-c.h"

static const dure_rows_kind_t s_orders = {"orders", "orders sql", {2, 2}};
static const dure_rows_kind_t s_records = {"records", "records sql", {1}};

static void s_order(dure_rows_t *rows, const char *id, int lines)
{
    dure_rows_start(rows, &s_orders, 0);
    dure_rows_text(rows, id);
    dure_rows_int(rows, lines);
    for (int i = 0; i < lines; i++) {
        dure_rows_start(rows, &s_orders, 1);
        dure_rows_text(rows, id);
        dure_rows_bool(rows, i % 2);
    }
}

static void s_record(dure_rows_t *rows, int64_t value)
{
    dure_rows_start(rows, &s_records, 0);
    dure_rows_int(rows, value);
}

DURE_TEST(rows_give_each_kind_one_array_per_column_in_first_queued_order)
{
    dure_rows_t *rows = dure_rows_new();
    const char *params[DURE_ROWS_MAX_COLUMNS];
    int nparams = 0;
    size_t count = 99;
    CHECK(dure_rows_arrays(rows, 0, params, &nparams, &count) == NULL);
    s_record(rows, 1);
    s_order(rows, "o1", 2);
    s_record(rows, -2);
    s_order(rows, "o2", 0);
    CHECK_INT_EQ(dure_rows_count(rows), 6);
    CHECK(dure_rows_arrays(rows, 0, params, &nparams, &count) == &s_records);
    CHECK_INT_EQ(nparams, 1);
    CHECK_STR_EQ(params[0], "{1,-2}");
    CHECK_INT_EQ(count, 2);
    CHECK(dure_rows_arrays(rows, 1, params, &nparams, &count) == &s_orders);
    CHECK_INT_EQ(nparams, 4);
    CHECK_STR_EQ(params[0], "{\"o1\",\"o2\"}");
    CHECK_STR_EQ(params[1], "{2,0}");
    CHECK_STR_EQ(params[2], "{\"o1\",\"o1\"}");
    CHECK_STR_EQ(params[3], "{f,t}");
    CHECK_INT_EQ(count, 2); /* orders: the lines are not counted */
    CHECK(dure_rows_arrays(rows, 2, params, &nparams, &count) == NULL);
    dure_rows_destroy(&rows);
    CHECK(rows == NULL);
}

DURE_TEST(rows_escape_values_for_the_array_input)
{
    static const dure_rows_kind_t kind = {"values", "values sql", {7}};
    dure_rows_t *rows = dure_rows_new();
    dure_rows_start(rows, &kind, 0);
    dure_rows_text(rows, "say \"hi\", {back\\slash}");
    dure_rows_text(rows, "NULL"); /* quoted, so a string, not a null */
    dure_rows_text(rows, NULL);   /* stored as "" */
    dure_rows_double(rows, 0.1);
    const uint8_t bytes[] = {0x00, 0x7f, 0xff};
    dure_rows_bytes(rows, bytes, sizeof bytes);
    Dure__V1__Dimensions size = DURE__V1__DIMENSIONS__INIT;
    size.length_mm = 300;
    size.width_mm = 1;
    dure_rows_message(rows, &size.base);
    dure_rows_message(rows, NULL);
    const char *params[DURE_ROWS_MAX_COLUMNS];
    int nparams = 0;
    size_t count = 0;
    CHECK(dure_rows_arrays(rows, 0, params, &nparams, &count) == &kind);
    CHECK_INT_EQ(nparams, 7);
    CHECK_STR_EQ(params[0], "{\"say \\\"hi\\\", {back\\\\slash}\"}");
    CHECK_STR_EQ(params[1], "{\"NULL\"}");
    CHECK_STR_EQ(params[2], "{\"\"}");
    CHECK_STR_EQ(params[3], "{0.10000000000000001}");
    CHECK_STR_EQ(params[4], "{\"\\\\x007fff\"}");
    /* field 1 varint 300 (08 ac 02), field 2 varint 1 (10 01) */
    CHECK_STR_EQ(params[5], "{\"\\\\x08ac021001\"}");
    CHECK_STR_EQ(params[6], "{\"\\\\x\"}");
    dure_rows_destroy(&rows);
}

DURE_TEST(rows_truncate_drops_only_the_rows_after_the_mark)
{
    dure_rows_t *rows = dure_rows_new();
    s_order(rows, "o1", 1);
    size_t mark = dure_rows_count(rows);
    s_order(rows, "failed item", 3);
    s_record(rows, 9);
    dure_rows_truncate(rows, mark);
    dure_rows_truncate(rows, 10); /* past the end: nothing */
    s_order(rows, "o2", 1);
    const char *params[DURE_ROWS_MAX_COLUMNS];
    int nparams = 0;
    size_t count = 0;
    CHECK(dure_rows_arrays(rows, 0, params, &nparams, &count) == &s_orders);
    CHECK_STR_EQ(params[0], "{\"o1\",\"o2\"}");
    CHECK_STR_EQ(params[2], "{\"o1\",\"o2\"}");
    CHECK_INT_EQ(count, 2);
    CHECK(dure_rows_arrays(rows, 1, params, &nparams, &count) == NULL);
    /* Many rows: the buffers grow and keep every byte. */
    dure_rows_truncate(rows, 0);
    CHECK_INT_EQ(dure_rows_count(rows), 0);
    for (int i = 0; i < 5000; i++)
        s_record(rows, i);
    CHECK(dure_rows_arrays(rows, 0, params, &nparams, &count) == &s_records);
    CHECK_INT_EQ(count, 5000);
    CHECK(strncmp(params[0], "{0,1,2,", 7) == 0);
    CHECK(strstr(params[0], ",4998,4999}") != NULL);
    dure_rows_destroy(&rows);
}
