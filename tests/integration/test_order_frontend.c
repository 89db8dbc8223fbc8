/*  test_order_frontend.c - a frontend in another language: tests/frontend/order_client.py
    (Debian's python3-zmq and python3-protobuf, message code generated from proto/ by
    protoc --python_out) places an order with the real catalog and order services and
    follows its status to CONFIRMED; sent again with the same key it gets the same order.
*/
#include "dure_fixtures.h"
#include "test_order_util.h"

/* Debian's interpreter carries python3-zmq; DURE_PYTHON overrides. */
static const char *s_python(void)
{
    const char *p = getenv("DURE_PYTHON");
    return p ? p : access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static int s_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 14, len = 0, n;
    char *buf = dure_malloc(cap);
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0)
        len += n;
    buf[len] = '\0';
    int status = pclose(p);
    *out = buf;
    dure_test_log("%s -> %d\n%s", cmd, status, buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

DURE_TEST(order_frontend_python_client_places_and_follows)
{
    dure_stack_t *stack = dure_stack_new("order_py");
    REQUIRE(stack);
    char gen[512], cmd[2048];
    snprintf(gen, sizeof gen, "%s/py", dure_stack_dir(stack));
    snprintf(cmd, sizeof cmd, "mkdir -p %s && protoc --python_out=%s -Iproto proto/dure/v1/*.proto "
             "2>&1", gen, gen);
    char *out = NULL;
    int rc = s_run(cmd, &out);
    free(out);
    if (rc != 0)
        fprintf(stderr, "    protoc failed: install protobuf-compiler\n");
    REQUIRE_INT_EQ(rc, 0);
    int cat = dure_stack_start(stack, "catalog", 0);
    int ord = dure_stack_start(stack, "order", 0);
    if (cat < 0 || ord < 0)
        dure_stack_dump_logs(stack);
    REQUIRE(cat >= 0 && ord >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 5000);
    REQUIRE(dure_fixture_enterprise(catalog, "ent-py", "파이썬마을"));
    dure_fixture_product_t p = {.id = "p-py", .enterprise_id = "ent-py", .stock = 10,
                                .price_krw = 12000};
    REQUIRE(dure_fixture_product(catalog, &p));
    dure_client_destroy(&catalog);

    snprintf(cmd, sizeof cmd, "%s tests/frontend/order_client.py --gen %s --endpoint '%s' "
             "--customer c-py --line p-py:3 --key py-key-1 --until CONFIRMED --timeout 10 2>&1",
             s_python(), gen, dure_stack_endpoint(stack, "order", "RPC"));
    CHECK_INT_EQ(s_run(cmd, &out), 0);
    CHECK(strstr(out, "\"event\": \"placed\"") != NULL);
    CHECK(strstr(out, "\"total_krw\": 36000") != NULL);
    CHECK(strstr(out, "\"status\": \"ORDER_CONFIRMED\"") != NULL);
    free(out);
    /* The same key again: the same order, replayed, already confirmed. */
    CHECK_INT_EQ(s_run(cmd, &out), 0);
    CHECK(strstr(out, "\"replayed\": true") != NULL);
    free(out);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order", "SELECT count(*) FROM orders"), 1);
    /* A bad order is refused with the field named. */
    snprintf(cmd, sizeof cmd, "%s tests/frontend/order_client.py --gen %s --endpoint '%s' "
             "--customer c-py --line p-py:0 --key py-key-2 2>&1",
             s_python(), gen, dure_stack_endpoint(stack, "order", "RPC"));
    CHECK_INT_EQ(s_run(cmd, &out), 1);
    CHECK(strstr(out, "lines[0].quantity") != NULL);
    free(out);

    CHECK_INT_EQ(dure_stack_stop(stack, ord, 5000), 0);
    CHECK_INT_EQ(dure_stack_stop(stack, cat, 5000), 0);
    dure_stack_destroy(&stack);
}
