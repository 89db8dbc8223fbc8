/*  test_logistics_cli.c - the durectl binary against a real logistics service: `shipment list
    --order` (table and --json, personal data masked unless --reveal), `shipment event
    --status delivered --at TIME`, `shipment get` with its history, and usage errors.
*/
#include "test_logistics_util.h"

#include <json-c/json.h>
#include <sys/wait.h>

/* Runs durectl with args against the stack; output (stdout and stderr) to *out, which the
   caller frees. Returns the exit status. */
static int s_durectl(dure_stack_t *stack, const char *args, char **out)
{
    char cmd[2048];
    const char *bin = getenv("DURE_BIN_DIR") ? getenv("DURE_BIN_DIR") : "build/bin";
    snprintf(cmd, sizeof cmd, "DURE_LOGISTICS_RPC='%s' %s/durectl %s 2>&1",
             dure_stack_endpoint(stack, "logistics", "RPC"), bin, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 16, len = 0, n;
    char *buf = dure_malloc(cap);
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0)
        if ((len += n) + 1 >= cap)
            buf = dure_realloc(buf, cap *= 2);
    buf[len] = '\0';
    int status = pclose(p);
    *out = buf;
    dure_test_log("durectl %s -> %d\n%s", args, status, buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

DURE_TEST(logistics_cli_list_event_get)
{
    dure_stack_t *stack = dure_stack_new("lg_cli");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "logistics", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "logistics", 5000);
    REQUIRE(events);
    lg_order_t o;
    lg_order(&o, "o-cli");
    REQUIRE(lg_deliver(events, &o.msg.base, "ev-cli-1", NULL) == 0);

    char *out = NULL;
    CHECK_INT_EQ(s_durectl(stack, "--json shipment list --order o-cli", &out), 0);
    json_object *doc = json_tokener_parse(out);
    json_object *list = NULL, *first = NULL, *to = NULL, *phone = NULL, *id = NULL;
    REQUIRE(doc && json_object_object_get_ex(doc, "shipments", &list));
    CHECK_INT_EQ(json_object_array_length(list), 3);
    first = json_object_array_get_idx(list, 0);
    REQUIRE(first && json_object_object_get_ex(first, "id", &id));
    char shipment[64];
    snprintf(shipment, sizeof shipment, "%s", json_object_get_string(id));
    /* The recipient's phone is masked in JSON too. */
    REQUIRE(json_object_object_get_ex(first, "ship_to", &to) &&
            json_object_object_get_ex(to, "phone", &phone));
    CHECK(strstr(json_object_get_string(phone), "1234-5678") == NULL);
    CHECK(strstr(json_object_get_string(phone), "010") != NULL);
    json_object_put(doc);
    free(out);

    /* The table: one row per shipment. */
    CHECK_INT_EQ(s_durectl(stack, "shipment list --order o-cli", &out), 0);
    CHECK(strstr(out, "ent-a") && strstr(out, "ent-c") && strstr(out, "chilled"));
    CHECK(strstr(out, "planned") != NULL);
    free(out);

    char args[256];
    snprintf(args, sizeof args, "shipment event %s --status delivered --at '2026-03-02 14:05'",
             shipment);
    CHECK_INT_EQ(s_durectl(stack, args, &out), 0);
    CHECK(strstr(out, "delivered") != NULL);
    free(out);
    /* Its carrier time was Seoul 14:05, 05:05 UTC. */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status_at_ms FROM shipments WHERE id = '%s'", shipment);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", sql), 1772427900000LL);
    /* The same command again changes nothing. */
    CHECK_INT_EQ(s_durectl(stack, args, &out), 0);
    CHECK(strstr(out, "unchanged") != NULL);
    free(out);

    snprintf(args, sizeof args, "shipment get %s", shipment);
    CHECK_INT_EQ(s_durectl(stack, args, &out), 0);
    CHECK(strstr(out, "2026-03-02 14:05:00+09  delivered") != NULL);
    CHECK(strstr(out, "tracking") && strstr(out, "box kp-"));
    CHECK(strstr(out, "1234-5678") == NULL);
    free(out);
    snprintf(args, sizeof args, "--reveal shipment get %s", shipment);
    CHECK_INT_EQ(s_durectl(stack, args, &out), 0);
    CHECK(strstr(out, "010-1234-5678") != NULL);
    free(out);

    /* Usage errors exit 2; an unknown shipment is the service's NOT_FOUND, exit 1. */
    CHECK_INT_EQ(s_durectl(stack, "shipment list", &out), 2);
    free(out);
    snprintf(args, sizeof args, "shipment event %s --status packed", shipment);
    CHECK_INT_EQ(s_durectl(stack, args, &out), 2);
    free(out);
    CHECK_INT_EQ(s_durectl(stack, "shipment get no-such-id", &out), 1);
    CHECK(strstr(out, "NOT_FOUND") != NULL);
    free(out);

    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
