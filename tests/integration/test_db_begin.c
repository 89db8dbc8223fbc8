/*  test_db_begin.c - dure_db_begin sends BEGIN with the transaction's first statement, in
    one round trip. Whatever that first statement is (prepared on first use, prepared before,
    unnamed, or SQL for dure_db_exec), it must run inside the transaction: a rollback takes
    it back. A statement that fails leaves the transaction failed, as before, and a
    transaction in which nothing ran ends quietly. dure_db_commit_with sends a last
    statement with the COMMIT: when the statement fails, nothing of the transaction stays. */
#include "dure_stack.h"
#include "dure_test.h"

static long long s_rows(dure_db_t *db)
{
    PGresult *res = dure_db_query(db, NULL, "SELECT count(*) FROM begin_rows", 0, NULL);
    long long rows = res ? atoll(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return rows;
}

/* Inserts one row with the statement `name` (NULL: unnamed); returns 0 or -1. */
static int s_insert(dure_db_t *db, const char *name)
{
    const char *params[] = {"1"};
    return dure_db_command(db, name, "INSERT INTO begin_rows VALUES ($1::int)", 1, params);
}

DURE_TEST(db_begin_goes_with_the_first_statement_and_commit_with_the_last)
{
    dure_stack_t *stack = dure_stack_new("dbbegin");
    REQUIRE(stack);
    char err[256] = "";
    dure_db_t *db = dure_db_connect(dure_stack_dsn(stack), "dbbegin", 10, err, sizeof err);
    REQUIRE(db);
    REQUIRE(dure_db_exec(db, "CREATE TABLE begin_rows (n int)") == 0);

    /* First statements of every kind, each rolled back: in autocommit they would stay. */
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(s_insert(db, "begin_insert"), 0); /* prepared on first use */
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(s_insert(db, "begin_insert"), 0); /* prepared before */
    CHECK_INT_EQ(s_insert(db, NULL), 0);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(dure_db_exec(db, "INSERT INTO begin_rows VALUES (2)"), 0);
    CHECK_INT_EQ(dure_db_savepoint(db), 0);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    CHECK_INT_EQ(s_rows(db), 0);

    /* A failing first statement fails the transaction; the next one starts clean. */
    REQUIRE(dure_db_begin(db) == 0);
    CHECK(dure_db_query(db, NULL, "SELECT 1 / 0", 0, NULL) == NULL);
    CHECK(strstr(dure_db_error(db), "division by zero") != NULL);
    CHECK_INT_EQ(dure_db_transaction_failed(db), 1);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(s_insert(db, "begin_insert"), 0);
    CHECK_INT_EQ(dure_db_commit(db), 0);
    CHECK_INT_EQ(s_rows(db), 1);

    /* Nothing ran: commit and rollback end it without a word to the server. */
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(dure_db_commit(db), 0);
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    CHECK_INT_EQ(PQtransactionStatus(dure_db_conn(db)), PQTRANS_IDLE);
    CHECK_INT_EQ(s_rows(db), 1);

    /* COMMIT with a last statement, in one round trip: both or neither. */
    const char *params[] = {"5"};
    static const char insert_sql[] = "INSERT INTO begin_rows VALUES ($1::int)";
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(s_insert(db, "begin_insert"), 0);
    CHECK_INT_EQ(dure_db_commit_with(db, "begin_last", insert_sql, 1, params), 0);
    CHECK_INT_EQ(s_rows(db), 3);
    REQUIRE(dure_db_begin(db) == 0); /* nothing before it: BEGIN, the statement, COMMIT */
    CHECK_INT_EQ(dure_db_commit_with(db, "begin_last", insert_sql, 1, params), 0);
    CHECK_INT_EQ(s_rows(db), 4);
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(s_insert(db, "begin_insert"), 0);
    const char *bad[] = {"not a number"};
    CHECK_INT_EQ(dure_db_commit_with(db, "begin_last", insert_sql, 1, bad), -1);
    CHECK(strstr(dure_db_error(db), "invalid input syntax") != NULL);
    CHECK_INT_EQ(dure_db_transaction_failed(db), 1);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    CHECK_INT_EQ(s_rows(db), 4);

    dure_db_destroy(&db);
    dure_stack_destroy(&stack);
}
