/*  test_order_cli.c - the durectl binary against a real order service: `order import` of the
    generated 2016 past orders, then `report sales --year 2016 --csv` prints the seed table
    itself, byte for byte below its comment lines; `order place` (masked personal data in
    --json), `order get`, `order list` and `order cancel`; a bad import file lists its bad
    lines and imports nothing. The catalog is the stand-in, with the table's campaigns.
*/
#include "../../tools/durectl/demo_catalog.h"
#include "../../tools/durectl/demo_orders.h"
#include "dure_cli.h"
#include "test_order_util.h"

#include <sys/stat.h>

/* The table file without its comment lines, but with its "# totals:" line. */
static char *s_table_body(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char line[512];
    size_t cap = 1 << 14, len = 0;
    char *body = dure_calloc(1, cap);
    while (fgets(line, sizeof line, f))
        if (line[0] != '#' || strncmp(line, "# totals:", 9) == 0) {
            size_t n = strlen(line);
            if (len + n + 1 < cap) {
                memcpy(body + len, line, n + 1);
                len += n;
            }
        }
    fclose(f);
    return body;
}

DURE_TEST(order_cli_import_report_place_get_list_cancel)
{
    char *sales = durectl_demo_shared_path(DURECTL_DEMO_SALES_TABLE);
    char *categories = durectl_demo_shared_path(DURECTL_DEMO_CATEGORIES_TABLE);
    REQUIRE(sales && categories);
    dure_stack_t *stack = dure_stack_new("order_cli");
    REQUIRE(stack);
    order_test_catalog_t *catalog = order_test_catalog_start(stack);
    char err[256];
    size_t n = 0;
    durectl_demo_month_t *months = durectl_demo_sales_read(sales, &n, err, sizeof err);
    REQUIRE(months);
    for (size_t i = 0; i < n; i++)
        if (months[i].campaign[0]) {
            char id[32], from[16], to[16];
            snprintf(id, sizeof id, "2016-%02d", months[i].month);
            snprintf(from, sizeof from, "2016-%02d-01", months[i].month);
            snprintf(to, sizeof to, "2016-%02d-%02d", months[i].month,
                     months[i].month == 2 ? 29 : 30);
            order_test_catalog_campaign(catalog, id, months[i].campaign, from, to);
        }
    free(months);
    int slot = dure_stack_start(stack, "order", 0);
    if (slot < 0)
        dure_stack_dump_logs(stack);
    REQUIRE(slot >= 0);
    char dir[512], path[600], args[1024];
    snprintf(dir, sizeof dir, "%s/demo", dure_stack_dir(stack));
    mkdir(dir, 0755);
    REQUIRE_INT_EQ(durectl_demo_catalog_write(categories, sales, dir, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/orders.csv", dir);
    REQUIRE_INT_EQ(durectl_demo_orders_write(sales, dir, path, err, sizeof err), 0);

    char *out = NULL;
    snprintf(args, sizeof args, "order import %s", path);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, args, &out), 0);
    CHECK(strstr(out, "imported 2727 orders") != NULL);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "report sales --year 2016 --csv", &out), 0);
    char *expected = s_table_body(sales);
    CHECK_STR_EQ(out, expected);
    free(expected);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "report sales --year 2016 --by channel --json", &out), 0);
    CHECK(strstr(out, "35700700") != NULL);
    free(out);

    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "order place --customer c-cli --channel b2c --line p-rice:2 "
                                  "--line p-kimchi:1 --idempotency-key cli-1 --postcode 24341 "
                                  "--address '춘천시 중앙로 1' --recipient 김철수 "
                                  "--phone 010-1234-5678 --json",
                           &out),
                 0);
    char id[64] = "";
    const char *at = strstr(out, "\"order_id\"");
    if (at)
        sscanf(at, "\"order_id\"%*[ :]\"%63[^\"]\"", id);
    CHECK(strstr(out, "75500") != NULL);
    free(out);
    REQUIRE(id[0]);
    snprintf(args, sizeof args, "order get %s --json", id);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, args, &out), 0);
    CHECK(strstr(out, "010-1234-5678") == NULL); /* masked */
    CHECK(strstr(out, "PENDING") != NULL);
    free(out);
    snprintf(args, sizeof args, "order get %s --reveal", id);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, args, &out), 0);
    CHECK(strstr(out, "010-1234-5678") != NULL);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "order list --customer c-cli", &out), 0);
    CHECK(strstr(out, id) != NULL);
    CHECK(strstr(out, "1 of 1 orders") != NULL);
    free(out);
    snprintf(args, sizeof args, "order cancel %s --reason test", id);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, args, &out), 0);
    CHECK(strstr(out, "CANCELLED") != NULL);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "order place --customer c-cli --channel b2c --line p-rice:0 "
                                  "--idempotency-key cli-2 --postcode 24341 --address x "
                                  "--recipient y --phone 010-1234-5678",
                           &out),
                 2);
    free(out);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, "order place --customer c-cli --channel b2c --line p-rice:1 "
                                  "--idempotency-key cli-3 --postcode 2434 --address x "
                                  "--recipient y --phone 010-1234-5678",
                           &out),
                 1);
    CHECK(strstr(out, "address.postcode") != NULL);
    free(out);

    snprintf(path, sizeof path, "%s/bad.csv", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f);
    fputs("order_no,ordered_at,customer,channel,product_id,quantity,unit_price_krw\n"
          "B-1,2016-05-01T10:00:00+09:00,c-9,b2c,p-rice,1,1000\n"
          "B-2,2016-05-01,c-9,b2c,p-rice,1,1000\n"
          "B-3,2016-05-01T10:00:00+09:00,c-9,b2c,p-rice,-1,1000\n",
          f);
    fclose(f);
    snprintf(args, sizeof args, "order import %s", path);
    CHECK_INT_EQ(dure_cli_run(stack, "order", 60000, args, &out), 1);
    CHECK(strstr(out, "bad.csv:3") != NULL);
    CHECK(strstr(out, "bad.csv:4") != NULL);
    free(out);
    CHECK_INT_EQ(dure_stack_scalar(stack, "order",
                                   "SELECT count(*) FROM orders WHERE import_ref LIKE 'B-%'"),
                 0);

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    order_test_catalog_stop(&catalog);
    dure_stack_destroy(&stack);
    free(sales);
    free(categories);
}
