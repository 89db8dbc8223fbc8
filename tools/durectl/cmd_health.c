/*  cmd_health.c - `durectl health`: does every service answer, and is it ready? */
#include "durectl.h"

int durectl_health_main(durectl_t *ctx, int argc, char **argv)
{
    (void) argc;
    (void) argv;
    const char *headings[] = {"SERVICE", "STATUS", "READY", "INSTANCE", NULL};
    durectl_table_t *table = durectl_table_new(headings);
    json_object *all = json_object_new_array();
    char down[128] = "";
    for (int i = 0; dure_services[i]; i++) {
        const char *service = dure_services[i];
        Dure__V1__Ping ping = DURE__V1__PING__INIT;
        dure_response_t res;
        /* Errors are reported once below, as a table row, not by durectl_call. */
        ctx->quiet = 1;
        int rc = durectl_call(ctx, service, &ping.base, NULL, &dure__v1__pong__descriptor, &res);
        ctx->quiet = 0;
        const Dure__V1__Pong *pong = rc == 0 ? (const Dure__V1__Pong *) res.payload : NULL;
        int ok = pong && pong->ready;
        if (!ok)
            snprintf(down + strlen(down), sizeof down - strlen(down), "%s%s", *down ? ", " : "",
                     service);
        durectl_table_cell(table, "%s", service);
        durectl_table_cell(table, "%s", pong ? "up" : dure_code_name(res.code));
        durectl_table_cell(table, "%s", pong ? (pong->ready ? "yes" : "no") : "-");
        durectl_table_cell(table, "%s", pong ? pong->instance : "-");
        durectl_table_end_row(table);
        json_object *row = json_object_new_object();
        json_object_object_add(row, "service", json_object_new_string(service));
        json_object_object_add(row, "up", json_object_new_boolean(pong != NULL));
        json_object_object_add(row, "ready", json_object_new_boolean(ok));
        json_object_object_add(row, "instance", json_object_new_string(pong ? pong->instance : ""));
        json_object_array_add(all, row);
        dure_response_clear(&res);
    }
    if (ctx->json) {
        printf("%s\n", json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY));
        durectl_table_destroy(&table);
    } else
        durectl_table_print(&table, stdout);
    json_object_put(all);
    if (*down) {
        fprintf(stderr, "not healthy: %s\n", down);
        return 1;
    }
    return 0;
}
