/*  test_db_roles.c - with deploy/postgres/roles.sql applied, each service runs as its own
    role, and a service's role cannot read another's schema. */
#include "dure_stack.h"
#include "dure_test.h"

static char *s_read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static PGresult *s_exec_as(dure_stack_t *stack, const char *role, const char *sql)
{
    /* dbname may hold a whole URI (expand_dbname); the user given after it wins. */
    const char *keys[] = {"dbname", "user", NULL};
    const char *values[] = {dure_stack_dsn(stack), role, NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);
    PGresult *res = PQexec(conn, sql);
    PQfinish(conn);
    return res;
}

DURE_TEST(db_roles_keep_each_service_in_its_schema)
{
    dure_stack_t *stack = dure_stack_new("roles");
    REQUIRE(stack);
    const char *sql = s_read_file("deploy/postgres/roles.sql");
    REQUIRE(sql);
    PGconn *admin = dure_stack_db(stack, "public");
    PGresult *res = PQexec(admin, sql);
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    PQclear(res);
    res = PQexec(admin, sql); /* idempotent */
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    PQclear(res);
    PQfinish(admin);

    /* The catalog runs as dure_catalog and migrates its own schema. */
    char dsn[512];
    snprintf(dsn, sizeof dsn, "%s?user=dure_catalog", dure_stack_dsn(stack));
    dure_stack_setenv(stack, "DURE_CATALOG_DB_DSN", dsn);
    int slot = dure_stack_start(stack, "catalog", 0);
    REQUIRE(slot >= 0);
    CHECK(dure_stack_scalar(stack, "catalog",
                            "SELECT count(*) FROM pg_tables WHERE schemaname = 'catalog' "
                            "AND tableowner = 'dure_catalog'") >= 3);

    /* Another service's role cannot read it, nor write into public. */
    res = s_exec_as(stack, "dure_order", "SELECT count(*) FROM catalog.outbox");
    CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
    CHECK(strstr(PQresultErrorMessage(res), "permission denied") != NULL);
    PQclear(res);
    res = s_exec_as(stack, "dure_order", "CREATE TABLE public.sneaky (id int)");
    CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
    PQclear(res);
    /* Its owner can. */
    res = s_exec_as(stack, "dure_catalog", "SELECT count(*) FROM catalog.outbox");
    CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
    PQclear(res);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}
