/*  raw_pg_rtt.c (bench) - what one round trip to PostgreSQL costs in wall time on this
    machine, next to what a batch's transaction pays for its round trips.

    Every service does its database work on one connection from one thread, so each round
    trip is time in which that service does nothing else. Three loops on the bench cluster
    (DURE_TEST_PG_ADMIN), one connection, nothing written:
      - `SELECT 1` alone: one round trip, the floor;
      - a transaction of that statement through dure_db (BEGIN sent with it, then COMMIT):
        the two round trips every batch pays at least;
      - the same with BEGIN on its own, as dure_db sent it before: three round trips.
    Prints a table and one JSON line per loop {"metric":"raw_pg_rtt_us",...}.

    Usage: bench-raw_pg_rtt [round-trips], default 5000.
*/
#include "dure.h"
#include "dure_bench.h"


#define S_WARMUP 200

typedef enum { S_STATEMENT, S_TRANSACTION, S_OWN_BEGIN } s_loop_t;

/* One pass of a loop; returns 0 or -1. */
static int s_once(dure_db_t *db, s_loop_t loop)
{
    if (loop == S_OWN_BEGIN && dure_db_exec(db, "BEGIN") != 0)
        return -1;
    if (loop == S_TRANSACTION && dure_db_begin(db) != 0)
        return -1;
    PGresult *res = dure_db_query(db, "rtt_select", "SELECT 1", 0, NULL);
    if (!res)
        return -1;
    PQclear(res);
    return loop == S_STATEMENT ? 0 : dure_db_commit(db);
}

/* Runs a loop n times after a warm-up and prints its line; returns 0 or -1. */
static int s_measure(dure_db_t *db, s_loop_t loop, const char *name, int n)
{
    double *us = dure_calloc((size_t) n, sizeof *us);
    int rc = 0;
    for (int i = 0; rc == 0 && i < S_WARMUP; i++)
        rc = s_once(db, loop);
    for (int i = 0; rc == 0 && i < n; i++) {
        int64_t t0 = dure_bench_now_ns();
        rc = s_once(db, loop);
        us[i] = (double) (dure_bench_now_ns() - t0) / 1000.0;
    }
    if (rc == 0) {
        dure_bench_sort(us, (size_t) n);
        double p50 = us[n / 2], p99 = us[(int) (n * 0.99)];
        printf("%-44s %8.1f %8.1f\n", name, p50, p99);
        printf("{\"metric\":\"raw_pg_rtt_us\",\"loop\":\"%s\",\"round_trips\":%d,\"runs\":%d,"
               "\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
               loop == S_STATEMENT ? "statement" : loop == S_TRANSACTION ? "transaction"
                                                                         : "own_begin",
               loop == S_STATEMENT ? 1 : loop == S_TRANSACTION ? 2 : 3, n, p50, p99);
    } else
        fprintf(stderr, "raw_pg_rtt: %s\n", dure_db_error(db));
    free(us);
    return rc;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000;
    const char *admin = getenv("DURE_TEST_PG_ADMIN");
    if (!admin || n < 100) {
        fprintf(stderr, "raw_pg_rtt: DURE_TEST_PG_ADMIN is not set (run through make bench)\n");
        return 1;
    }
    char err[256];
    dure_db_t *db = dure_db_connect(admin, "public", 10, err, sizeof err);
    if (!db) {
        fprintf(stderr, "raw_pg_rtt: %s\n", err);
        return 1;
    }
    printf("%-44s %8s %8s\n", "one connection, TCP loopback", "p50_us", "p99_us");
    int rc = s_measure(db, S_STATEMENT, "SELECT 1 (1 round trip)", n);
    if (rc == 0)
        rc = s_measure(db, S_TRANSACTION, "transaction, BEGIN sent along (2)", n);
    if (rc == 0)
        rc = s_measure(db, S_OWN_BEGIN, "transaction, BEGIN on its own (3)", n);
    dure_db_destroy(&db);
    return rc == 0 ? 0 : 1;
}
