/*  test_catalog_reserve.c - lines merge by product in id order, and the plan names every
    short line with its reason, all or none.
*/
#include "../../services/catalog/pricing.h"
#include "../../services/catalog/reserve.h"

#include "dure_test.h"

static Dure__V1__OrderLineRequest s_line(const char *id, int64_t quantity)
{
    Dure__V1__OrderLineRequest line = DURE__V1__ORDER_LINE_REQUEST__INIT;
    line.product_id = (char *) id;
    line.quantity = quantity;
    return line;
}

DURE_TEST(catalog_reserve_merges_and_finds_short_lines)
{
    Dure__V1__OrderLineRequest l[] = {s_line("p-b", 2), s_line("p-a", 1), s_line("p-b", 3),
                                      s_line("p-c", 0), s_line("bad id", 1), s_line("p-d", 1),
                                      s_line("p-e", 1), s_line("p-f", 9)};
    Dure__V1__OrderLineRequest *lines[8];
    for (int i = 0; i < 8; i++)
        lines[i] = &l[i];
    catalog_line_t merged[8];
    size_t n = catalog_reserve_merge(lines, 8, merged);
    REQUIRE_INT_EQ(n, 7);
    CHECK_STR_EQ(merged[0].product_id, "bad id");
    CHECK_STR_EQ(merged[1].product_id, "p-a");
    CHECK_STR_EQ(merged[2].product_id, "p-b");
    CHECK_INT_EQ(merged[2].quantity, 5);
    CHECK_STR_EQ(merged[3].problem, CATALOG_REASON_BAD_QUANTITY);

    catalog_stock_row_t rows[] = {
        {"p-a", 1, true, true, "2015-01-01", "2030-12-31"},
        {"p-b", 4, true, true, "2015-01-01", "2030-12-31"},
        {"p-d", 0, true, false, "2015-01-01", "2030-12-31"},
        {"p-e", 9, true, true, "2015-01-01", "2016-12-31"},
        {"p-f", 0, false, true, "2015-01-01", "2030-12-31"},
    };
    catalog_short_t shorts[8];
    size_t count = catalog_reserve_plan(merged, n, rows, 5, "2026-11-27", shorts);
    REQUIRE_INT_EQ(count, 5);
    CHECK_STR_EQ(shorts[0].reason, CATALOG_REASON_UNKNOWN);       /* "bad id" */
    CHECK_STR_EQ(shorts[1].product_id, "p-b");
    CHECK_STR_EQ(shorts[1].reason, CATALOG_REASON_OUT_OF_STOCK);
    CHECK_INT_EQ(shorts[1].requested, 5);
    CHECK_INT_EQ(shorts[1].available, 4);
    CHECK_STR_EQ(shorts[2].reason, CATALOG_REASON_BAD_QUANTITY);  /* p-c */
    CHECK_STR_EQ(shorts[3].reason, CATALOG_REASON_INACTIVE);      /* p-d */
    CHECK_STR_EQ(shorts[4].reason, CATALOG_REASON_LAPSED);        /* p-e */

    /* Exactly enough everywhere: nothing short; a service needs no stock (p-f). */
    rows[1].stock = 5;
    catalog_line_t fine[] = {{"p-a", 1, NULL}, {"p-b", 5, NULL}, {"p-f", 9, NULL}};
    CHECK_INT_EQ(catalog_reserve_plan(fine, 3, rows, 5, "2026-11-27", shorts), 0);
}
