/*  test_catalog_pricing.c - campaign discounts (best one wins, dates inclusive, rounding),
    the campaign recorded on a quote, orderability by certification dates, and the local date
    in Asia/Seoul.
*/
#include "../../services/catalog/pricing.h"

#include "dure_test.h"

#include <stdlib.h>
#include <time.h>

static Dure__V1__Campaign s_campaign(const char *id, const char *from, const char *until,
                                     int percent, char **categories, size_t n)
{
    Dure__V1__Campaign c = DURE__V1__CAMPAIGN__INIT;
    c.id = (char *) id;
    c.name = (char *) id;
    c.starts_on = (char *) from;
    c.ends_on = (char *) until;
    c.discount_percent = percent;
    c.categories = categories;
    c.n_categories = n;
    return c;
}

DURE_TEST(catalog_pricing_best_discount_and_rounding)
{
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.id = "p-1";
    p.category = "health_food";
    p.price_krw = 33333;
    char *health[] = {"health_food"}, *rice[] = {"rice_grains"};
    char *only_p1[] = {"p-1"};
    Dure__V1__Campaign a = s_campaign("b-health", "2026-05-01", "2026-05-31", 10, health, 1);
    Dure__V1__Campaign b = s_campaign("a-family", "2026-05-05", "2026-05-10", 15, NULL, 0);
    b.product_ids = only_p1;
    b.n_product_ids = 1;
    Dure__V1__Campaign c = s_campaign("c-rice", "2026-05-01", "2026-05-31", 30, rice, 1);
    Dure__V1__Campaign *all[] = {&a, &b, &c};
    const Dure__V1__Campaign *from = NULL;
    CHECK_INT_EQ(catalog_best_discount(all, 3, "2026-05-04", &p, &from), 10);
    CHECK(from == &a);
    CHECK_INT_EQ(catalog_best_discount(all, 3, "2026-05-05", &p, &from), 15);
    CHECK(from == &b);
    CHECK_INT_EQ(catalog_best_discount(all, 3, "2026-05-10", &p, &from), 15);
    CHECK_INT_EQ(catalog_best_discount(all, 3, "2026-05-11", &p, &from), 10);
    CHECK_INT_EQ(catalog_best_discount(all, 3, "2026-06-01", &p, &from), 0);
    CHECK(from == NULL);
    /* Ties go to the smaller id. */
    b.discount_percent = 10;
    catalog_best_discount(all, 3, "2026-05-06", &p, &from);
    CHECK(from == &b);

    CHECK_INT_EQ(catalog_discounted_price(33333, 10), 30000);  /* 29999.7 -> 30000 */
    CHECK_INT_EQ(catalog_discounted_price(10005, 10), 9005);   /* 9004.5 -> 9005 */
    CHECK_INT_EQ(catalog_discounted_price(18000, 0), 18000);
    CHECK_INT_EQ(catalog_discounted_price(18000, 100), 0);

    /* The quote's campaign: the one that discounted, else the latest started. */
    Dure__V1__Campaign month = s_campaign("2026-05", "2026-05-01", "2026-05-31", 0, NULL, 0);
    Dure__V1__Campaign *two[] = {&month, &a};
    CHECK(catalog_quote_campaign(two, 2, "2026-05-04", &a) == &a);
    CHECK(catalog_quote_campaign(two, 1, "2026-05-04", NULL) == &month);
    CHECK(catalog_quote_campaign(two, 2, "2026-07-01", NULL) == NULL);
}

DURE_TEST(catalog_pricing_orderability_by_dates)
{
    Dure__V1__Enterprise e = DURE__V1__ENTERPRISE__INIT;
    e.certified_from = "2016-03-01";
    e.certified_until = "2018-08-31";
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.active = 1;
    p.physical = 1;
    p.stock = 3;
    CHECK(catalog_unorderable_reason(&p, &e, "2018-08-31") == NULL);
    CHECK(catalog_unorderable_reason(&p, &e, "2016-03-01") == NULL);
    CHECK_STR_EQ(catalog_unorderable_reason(&p, &e, "2018-09-01"), CATALOG_REASON_LAPSED);
    CHECK_STR_EQ(catalog_unorderable_reason(&p, &e, "2016-02-29"), CATALOG_REASON_NOT_YET);
    CHECK_STR_EQ(catalog_unorderable_reason(NULL, &e, "2017-01-01"), CATALOG_REASON_UNKNOWN);
    CHECK_STR_EQ(catalog_unorderable_reason(&p, NULL, "2017-01-01"), CATALOG_REASON_NO_SELLER);
    CHECK(catalog_unorderable_line(&p, &e, "2017-01-01", 3) == NULL);
    CHECK_STR_EQ(catalog_unorderable_line(&p, &e, "2017-01-01", 4), CATALOG_REASON_OUT_OF_STOCK);
    p.physical = 0;
    CHECK(catalog_unorderable_line(&p, &e, "2017-01-01", 400) == NULL);
    p.active = 0;
    CHECK_STR_EQ(catalog_unorderable_reason(&p, &e, "2017-01-01"), CATALOG_REASON_INACTIVE);
}

DURE_TEST(catalog_pricing_local_date_in_seoul)
{
    setenv("TZ", "Asia/Seoul", 1);
    tzset();
    char date[CATALOG_DATE_LEN];
    /* 2026-09-30 15:00 UTC is 2026-10-01 00:00 in Seoul. */
    catalog_local_date(1790780400000LL, date);
    CHECK_STR_EQ(date, "2026-10-01");
    catalog_local_date(1790780400000LL - 1, date);
    CHECK_STR_EQ(date, "2026-09-30");
}
