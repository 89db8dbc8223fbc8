/*  test_logistics_cli.c - the durectl binary against a real logistics service: `shipment list
    --order` (table and --json, personal data masked unless --reveal), `shipment event
    --status delivered --at TIME`, `shipment get` with its history, and usage errors.
*/
#include "dure_cli.h"
#include "test_logistics_util.h"

#include <json-c/json.h>

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
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, "--json shipment list --order o-cli", &out), 0);
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
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, "shipment list --order o-cli", &out), 0);
    CHECK(strstr(out, "ent-a") && strstr(out, "ent-c") && strstr(out, "chilled"));
    CHECK(strstr(out, "planned") != NULL);
    free(out);

    char args[256];
    snprintf(args, sizeof args, "shipment event %s --status delivered --at '2026-03-02 14:05'",
             shipment);
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, args, &out), 0);
    CHECK(strstr(out, "delivered") != NULL);
    free(out);
    /* Its carrier time was Seoul 14:05, 05:05 UTC. */
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status_at_ms FROM shipments WHERE id = '%s'", shipment);
    CHECK_INT_EQ(dure_stack_scalar(stack, "logistics", sql), 1772427900000LL);
    /* The same command again changes nothing. */
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, args, &out), 0);
    CHECK(strstr(out, "unchanged") != NULL);
    free(out);

    snprintf(args, sizeof args, "shipment get %s", shipment);
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, args, &out), 0);
    CHECK(strstr(out, "2026-03-02 14:05:00+09  delivered") != NULL);
    CHECK(strstr(out, "tracking") && strstr(out, "box kp-"));
    CHECK(strstr(out, "1234-5678") == NULL);
    free(out);
    snprintf(args, sizeof args, "--reveal shipment get %s", shipment);
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, args, &out), 0);
    CHECK(strstr(out, "010-1234-5678") != NULL);
    free(out);

    /* Usage errors exit 2; an unknown shipment is the service's NOT_FOUND, exit 1. */
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, "shipment list", &out), 2);
    free(out);
    snprintf(args, sizeof args, "shipment event %s --status packed", shipment);
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, args, &out), 2);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "logistics", 0, "shipment get no-such-id", &out), 1);
    CHECK(strstr(out, "NOT_FOUND") != NULL);
    free(out);

    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
