/*  test_db_array.c - dure_db_array's literals and dure_db_json_array's JSON carry many values
    in one parameter (the inbox claims, outbox rows and deletes of a batch, the keys a batch
    reads); PostgreSQL must read back exactly the strings that went in, whatever they hold.
    Event ids come from the wire, so they may hold quotes, backslashes, braces and commas. */
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
    CHECK_INT_EQ(PQntuples(res), (int)count);
    for (int i = 0; i < PQntuples(res) && i < (int)count; i++) {
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
    CHECK_INT_EQ(PQntuples(res), (int)count);
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
