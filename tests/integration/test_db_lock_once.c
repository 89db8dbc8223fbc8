/*  test_db_lock_once.c - dure_db_lock_once asks for a transaction's lock once, however many
    items of a batch need it, and asks again when the savepoint it was taken under was rolled
    back (which released it), so that no item of a guarded run goes on unlocked. */
#include "dure_stack.h"
#include "dure_test.h"

/* The lock's statement counts its runs (a sequence: a rollback does not take a value back)
   and takes a transaction-level advisory lock. */
static const char s_lock_sql[] =
    "SELECT nextval('lock_runs'), pg_advisory_xact_lock(hashtext('dure.test.lock_once'))";

static long long s_runs(dure_db_t *db)
{
    PGresult *res = dure_db_query(db, NULL, "SELECT last_value FROM lock_runs", 0, NULL);
    long long runs = res ? atoll(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return runs;
}

/* 1 when another connection could take the lock now (and so it is not held), else 0. */
static int s_free_elsewhere(dure_stack_t *stack)
{
    PGconn *other = dure_stack_db(stack, "public");
    PGresult *res = PQexec(other, "SELECT pg_try_advisory_xact_lock("
                                  "hashtext('dure.test.lock_once'))");
    int free_now = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    PQfinish(other);
    return free_now;
}

DURE_TEST(db_lock_once_runs_once_per_transaction_and_again_after_a_savepoint_rollback)
{
    dure_stack_t *stack = dure_stack_new("dblockonce");
    REQUIRE(stack);
    char err[256] = "";
    dure_db_t *db = dure_db_connect(dure_stack_dsn(stack), "public", 10, err, sizeof err);
    REQUIRE(db);
    REQUIRE(dure_db_exec(db, "CREATE SEQUENCE lock_runs") == 0);

    /* Many items of one batch: one run. */
    REQUIRE(dure_db_begin(db) == 0);
    for (int i = 0; i < 3; i++)
        CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    CHECK_INT_EQ(s_runs(db), 1);
    CHECK_INT_EQ(s_free_elsewhere(stack), 0);
    /* Taken before a savepoint: a rollback to it keeps the lock. */
    REQUIRE(dure_db_savepoint(db) == 0);
    CHECK_INT_EQ(dure_db_rollback_savepoint(db), 0);
    CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    CHECK_INT_EQ(s_runs(db), 1);
    REQUIRE(dure_db_commit(db) == 0);
    CHECK_INT_EQ(s_free_elsewhere(stack), 1);

    /* A guarded run: the first item takes the lock and fails, its savepoint is rolled back
       and the lock with it; the next item must take it again. */
    REQUIRE(dure_db_begin(db) == 0);
    REQUIRE(dure_db_savepoint(db) == 0);
    CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    REQUIRE(dure_db_rollback_savepoint(db) == 0);
    CHECK_INT_EQ(s_free_elsewhere(stack), 1);
    REQUIRE(dure_db_savepoint(db) == 0);
    CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    CHECK_INT_EQ(s_free_elsewhere(stack), 0);
    REQUIRE(dure_db_release_savepoint(db) == 0);
    /* Released into the transaction: held, not asked for again. */
    CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    CHECK_INT_EQ(s_runs(db), 3);
    REQUIRE(dure_db_rollback(db) == 0);

    /* A new transaction asks again. */
    REQUIRE(dure_db_begin(db) == 0);
    CHECK_INT_EQ(dure_db_lock_once(db, "test_lock", s_lock_sql), 0);
    CHECK_INT_EQ(s_runs(db), 4);
    REQUIRE(dure_db_commit(db) == 0);

    dure_db_destroy(&db);
    dure_stack_destroy(&stack);
}
