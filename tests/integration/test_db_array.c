/*  test_db_array.c - dure_db_array's literals and dure_db_json_array's JSON carry many values
    in one parameter (the inbox claims, outbox rows and deletes of a batch, the keys a batch
    reads); PostgreSQL must read back exactly the strings that went in, whatever they hold.
    Event ids come from the wire, so they may hold quotes, backslashes, braces and commas.
    Envelopes go as a binary bytea[] and come back in binary results: every byte must too. */
#include "dure_stack.h"
#include "dure_test.h"

DURE_TEST(db_array_round_trips_awkward_strings_through_postgres)
{
    dure_stack_t *stack = dure_stack_new("dbarray");
    REQUIRE(stack);
    char err[256] = "";
    dure_db_t *db = dure_db_connect(dure_stack_dsn(stack), "dbarray", 10, err, sizeof err);
    REQUIRE(db);
    const char *values[] = {
        "plain", "with \"quotes\"", "back\\slash",   "{braces},commas", "NULL",
        "",      "  spaced  ",      "두레 협동조합", "\\x0aff",         "end\\"};
    size_t count = sizeof values / sizeof values[0];
    char *array = dure_db_array(values, count);
    const char *params[] = {array};
    PGresult *res = dure_db_query(db, NULL,
                                  "SELECT v, v IS NULL FROM unnest($1::text[]) WITH ORDINALITY "
                                  "AS a (v, n) ORDER BY n",
                                  1, params);
    REQUIRE(res);
    CHECK_INT_EQ(PQntuples(res), (int) count);
    for (int i = 0; i < PQntuples(res) && i < (int) count; i++) {
        CHECK_STR_EQ(PQgetvalue(res, i, 0), values[i]);
        CHECK_STR_EQ(PQgetvalue(res, i, 1), "f");
    }
    PQclear(res);
    free(array);

    /* The same strings as a JSON array, read back with json_array_elements_text. */
    array = dure_db_json_array(values, count);
    const char *json[] = {array};
    res = dure_db_query(db, NULL,
                        "SELECT v FROM json_array_elements_text($1::json) WITH ORDINALITY "
                        "AS a (v, n) ORDER BY n",
                        1, json);
    REQUIRE(res);
    CHECK_INT_EQ(PQntuples(res), (int) count);
    for (int i = 0; i < PQntuples(res) && i < (int)count; i++)
        CHECK_STR_EQ(PQgetvalue(res, i, 0), values[i]);
    PQclear(res);
    free(array);

    /* No values: an empty array, not an error. */
    array = dure_db_array(values, 0);
    CHECK_STR_EQ(array, "{}");
    const char *empty[] = {array};
    res = dure_db_query(db, NULL, "SELECT cardinality($1::text[])", 1, empty);
    REQUIRE(res);
    CHECK_STR_EQ(PQgetvalue(res, 0, 0), "0");
    PQclear(res);
    free(array);

    dure_db_destroy(&db);
    dure_stack_destroy(&stack);
}

DURE_TEST(db_bytea_array_and_binary_results_carry_every_byte_through_postgres)
{
    dure_stack_t *stack = dure_stack_new("dbbytea");
    REQUIRE(stack);
    char err[256] = "";
    dure_db_t *db = dure_db_connect(dure_stack_dsn(stack), "dbbytea", 10, err, sizeof err);
    REQUIRE(db);
    REQUIRE(dure_db_exec(db, "CREATE TABLE blobs (n bigint PRIMARY KEY, b bytea NOT NULL)") == 0);
    uint8_t awkward[] = {0x00, 0xff, '\\', '"', '{', ',', 0x00};
    uint8_t long_value[3000];
    for (size_t i = 0; i < sizeof long_value; i++)
        long_value[i] = (uint8_t) (i * 7 + 3);
    const uint8_t *values[] = {awkward, (const uint8_t *)"", (const uint8_t *)"두레", long_value};
    const size_t lengths[] = {sizeof awkward, 0, strlen("두레"), sizeof long_value};
    size_t count = sizeof values / sizeof values[0];

    int size = 0;
    char *array = dure_db_bytea_array(values, lengths, count, &size);
    const char *params[] = {array};
    const int sizes[] = {size}, formats[] = {1};
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(
        dure_db_commit_with_formats(db, NULL,
                                    "INSERT INTO blobs SELECT n, b FROM unnest($1::bytea[]) "
                                    "WITH ORDINALITY AS a (b, n)",
                                    1, params, sizes, formats),
        0);
    free(array);

    PGresult *res = dure_db_query_binary(
        db, "blobs_read", "SELECT n, b, -n * 4294967296 FROM blobs ORDER BY n", 0, NULL);
    REQUIRE(res);
    CHECK_INT_EQ(PQntuples(res), (int) count);
    for (int i = 0; i < PQntuples(res) && i < (int) count; i++) {
        CHECK_INT_EQ(dure_db_int8_at(res, i, 0), i + 1);
        CHECK(dure_db_int8_at(res, i, 2) == -(int64_t) (i + 1) * 4294967296LL);
        CHECK_INT_EQ(PQgetlength(res, i, 1), (int) lengths[i]);
        CHECK(memcmp(PQgetvalue(res, i, 1), values[i], lengths[i]) == 0);
    }
    PQclear(res);

    /* No values: an empty array, not an error. */
    array = dure_db_bytea_array(values, lengths, 0, &size);
    const char *empty[] = {array};
    const int empty_size[] = {size};
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(dure_db_commit_with_formats(db, NULL,
                                             "INSERT INTO blobs SELECT 100 + n, b FROM "
                                             "unnest($1::bytea[]) WITH ORDINALITY AS a (b, n)",
                                             1, empty, empty_size, formats),
                 0);
    free(array);
    res = dure_db_query(db, NULL, "SELECT count(*) FROM blobs", 0, NULL);
    REQUIRE(res);
    CHECK_STR_EQ(PQgetvalue(res, 0, 0), "4");
    PQclear(res);

    dure_db_destroy(&db);
    dure_stack_destroy(&stack);
}
