/*  test_db_rows.c - a batch's rows reach PostgreSQL as column arrays (dure_rows.h): every
    value must come back as it went in, whatever it holds, a record written at once must not
    take the batch's queued rows with it, a failed item's rows must be dropped, and a row that
    meets another of its batch must fail the flush. */
#include "dure_stack.h"
#include "dure_test.h"

#include <inttypes.h>

static const dure_rows_kind_t s_kind = {
    "test_rows",
    "WITH p AS (INSERT INTO parents SELECT * FROM unnest($1::text[], $2::bigint[], "
    "$3::boolean[], $4::float8[], $5::bytea[]) ON CONFLICT (id) DO NOTHING RETURNING id), "
    "c AS (INSERT INTO children SELECT c.* FROM p JOIN unnest($6::text[], $7::text[]) "
    "AS c (parent, name) ON c.parent = p.id) "
    "SELECT count(*) FROM p",
    {5, 2}};

static const char *const s_ids[] = {"with \"quotes\"", "back\\slash", "{braces},commas",
                                    "NULL",          "",            "두레 협동조합",
                                    "end\\"};
#define S_IDS (sizeof s_ids / sizeof s_ids[0])

/* A parent with two children; its number, flag, fraction and bytes follow from i. */
static void s_record(dure_db_t *db, int now, size_t i)
{
    const uint8_t bytes[] = {0x00, 0xff, '\\', '"', (uint8_t) i};
    dure_rows_t *rows = dure_db_rows(db, now);
    dure_rows_start(rows, &s_kind, 0);
    dure_rows_text(rows, s_ids[i]);
    dure_rows_int(rows, i % 2 ? INT64_MIN : (int64_t) i * 1000000007);
    dure_rows_bool(rows, (int) (i % 2));
    dure_rows_double(rows, 0.1 * (double) i);
    dure_rows_bytes(rows, bytes, sizeof bytes);
    for (int c = 0; c < 2; c++) {
        dure_rows_start(rows, &s_kind, 1);
        dure_rows_text(rows, s_ids[i]);
        dure_rows_text(rows, c ? "second, \"child\"" : "first");
    }
}

static int s_count(dure_db_t *db, const char *sql)
{
    PGresult *res = dure_db_query(db, NULL, sql, 0, NULL);
    int n = res && PQntuples(res) == 1 ? atoi(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return n;
}

DURE_TEST(db_rows_carry_every_value_through_postgres_as_column_arrays)
{
    dure_stack_t *stack = dure_stack_new("dbrows");
    REQUIRE(stack);
    char err[256] = "";
    dure_db_t *db = dure_db_connect(dure_stack_dsn(stack), "dbrows", 10, err, sizeof err);
    REQUIRE(db);
    REQUIRE(dure_db_exec(db, "CREATE TABLE parents (id text PRIMARY KEY, n bigint NOT NULL, "
                             "ok boolean NOT NULL, x float8 NOT NULL, b bytea NOT NULL); "
                             "CREATE TABLE children (parent text NOT NULL, name text NOT NULL)") ==
            0);

    /* Deferred: the batch's records are queued; the second item fails and is dropped. */
    dure_db_defer(db, 1);
    REQUIRE(dure_db_begin(db) == 0);
    for (size_t i = 0; i + 1 < S_IDS; i++) {
        size_t mark = dure_db_queued_rows(db);
        s_record(db, 0, i);
        CHECK_INT_EQ(dure_db_write_record(db, 0), 1);
        if (i == 1)
            dure_db_drop_rows(db, mark);
    }
    /* Written at once in the middle of the batch: only this record, not the queue. */
    s_record(db, 1, S_IDS - 1);
    CHECK_INT_EQ(dure_db_write_record(db, 1), 1);
    CHECK_INT_EQ(s_count(db, "SELECT count(*) FROM parents"), 1);
    CHECK_INT_EQ(dure_db_flush(db), 0);
    CHECK_INT_EQ(dure_db_commit(db), 0);
    CHECK_INT_EQ(s_count(db, "SELECT count(*) FROM parents"), (int) S_IDS - 1);
    CHECK_INT_EQ(s_count(db, "SELECT count(*) FROM children"), 2 * ((int) S_IDS - 1));

    PGresult *res = dure_db_query(db, NULL,
                                  "SELECT id, n, ok, x, encode(b, 'hex'), (SELECT string_agg("
                                  "name, '|' ORDER BY name) FROM children c WHERE c.parent = "
                                  "p.id) FROM parents p",
                                  0, NULL);
    REQUIRE(res);
    int checked = 0;
    for (int r = 0; r < PQntuples(res); r++) {
        size_t i = 0;
        while (i < S_IDS && strcmp(s_ids[i], PQgetvalue(res, r, 0)) != 0)
            i++;
        CHECK(i < S_IDS && i != 1);
        if (i >= S_IDS)
            continue;
        char want[64];
        snprintf(want, sizeof want, "%" PRId64, i % 2 ? INT64_MIN : (int64_t) i * 1000000007);
        CHECK_STR_EQ(PQgetvalue(res, r, 1), want);
        CHECK_STR_EQ(PQgetvalue(res, r, 2), i % 2 ? "t" : "f");
        CHECK(strtod(PQgetvalue(res, r, 3), NULL) == 0.1 * (double) i);
        snprintf(want, sizeof want, "00ff5c22%02x", (unsigned) i);
        CHECK_STR_EQ(PQgetvalue(res, r, 4), want);
        CHECK_STR_EQ(PQgetvalue(res, r, 5), "first|second, \"child\"");
        checked++;
    }
    CHECK_INT_EQ(checked, (int) S_IDS - 1);
    PQclear(res);

    /* A record that meets one written before: the flush says so and fails. */
    REQUIRE(dure_db_begin(db) == 0);
    s_record(db, 0, 0);
    CHECK_INT_EQ(dure_db_write_record(db, 0), 1);
    CHECK_INT_EQ(dure_db_flush(db), -1);
    CHECK(strstr(dure_db_error(db), "wrote 0 of 1 rows") != NULL);
    CHECK_INT_EQ(dure_db_rollback(db), 0);
    CHECK_INT_EQ(dure_db_queued_rows(db), 0);

    dure_db_destroy(&db);
    dure_stack_destroy(&stack);
}
