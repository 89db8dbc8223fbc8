/*  test_durectl_health.c - `durectl health` exits 0 when the four services answer and names
    any that does not; --json gives the same facts for scripts. Runs the real binary. */
#include "dure_cli.h"
#include "dure_test.h"

/* Every service: health asks all four. */
#define S_ALL "catalog order logistics packaging"

DURE_TEST(durectl_health_names_the_service_that_is_down)
{
    dure_stack_t *stack = dure_stack_new("health");
    REQUIRE(stack);
    const char *names[] = {"catalog", "order", "logistics", "packaging"};
    int slots[4];
    for (int i = 0; i < 4; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i], 0)) >= 0);
    char *out = NULL;
    CHECK_INT_EQ(dure_cli_run(stack, S_ALL, 500, "health", &out), 0);
    CHECK(out && strstr(out, "packaging") && strstr(out, "up"));
    CHECK(out && strstr(out, "not healthy") == NULL);
    free(out);

    dure_stack_kill(stack, slots[2]); /* logistics */
    CHECK_INT_EQ(dure_cli_run(stack, S_ALL, 500, "health", &out), 1);
    CHECK(out && strstr(out, "not healthy: logistics") != NULL);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, S_ALL, 500, "--json health", &out), 1);
    CHECK(out && strstr(out, "\"service\":\"logistics\"") != NULL);
    CHECK(out && strstr(out, "\"up\":false") != NULL);
    free(out);

    for (int i = 0; i < 4; i++)
        if (i != 2)
            CHECK_INT_EQ(dure_stack_stop(stack, slots[i], 10000), 0);
    dure_stack_destroy(&stack);
}
