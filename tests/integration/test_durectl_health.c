/*  test_durectl_health.c - `durectl health` exits 0 when the four services answer and names
    any that does not; --json gives the same facts for scripts. Runs the real binary. */
#include "dure_stack.h"
#include "dure_test.h"

#include <sys/wait.h>

/* Runs durectl with the stack's endpoints; returns its exit status and its output. */
static int s_durectl(dure_stack_t *stack, const char *args, char *out, size_t size)
{
    char cmd[2048];
    const char *bin = getenv("DURE_BIN_DIR") ? getenv("DURE_BIN_DIR") : "build/bin";
    snprintf(cmd, sizeof cmd,
             "DURECTL_TIMEOUT_MS=500 DURE_CATALOG_RPC=%s DURE_ORDER_RPC=%s DURE_LOGISTICS_RPC=%s "
             "DURE_PACKAGING_RPC=%s %s/durectl %s 2>&1",
             dure_stack_endpoint(stack, "catalog", "RPC"), dure_stack_endpoint(stack, "order", "RPC"),
             dure_stack_endpoint(stack, "logistics", "RPC"),
             dure_stack_endpoint(stack, "packaging", "RPC"), bin, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

DURE_TEST(durectl_health_names_the_service_that_is_down)
{
    dure_stack_t *stack = dure_stack_new("health");
    REQUIRE(stack);
    const char *names[] = {"catalog", "order", "logistics", "packaging"};
    int slots[4];
    for (int i = 0; i < 4; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i], 0)) >= 0);
    char out[8192];
    CHECK_INT_EQ(s_durectl(stack, "health", out, sizeof out), 0);
    CHECK(strstr(out, "packaging") && strstr(out, "up"));
    CHECK(strstr(out, "not healthy") == NULL);

    dure_stack_kill(stack, slots[2]); /* logistics */
    CHECK_INT_EQ(s_durectl(stack, "health", out, sizeof out), 1);
    CHECK(strstr(out, "not healthy: logistics") != NULL);
    CHECK_INT_EQ(s_durectl(stack, "--json health", out, sizeof out), 1);
    CHECK(strstr(out, "\"service\":\"logistics\"") != NULL);
    CHECK(strstr(out, "\"up\":false") != NULL);

    for (int i = 0; i < 4; i++)
        if (i != 2)
            CHECK_INT_EQ(dure_stack_stop(stack, slots[i], 10000), 0);
    dure_stack_destroy(&stack);
}
