/*  test_catalog_listing.c - listings page through every match by id with a stable total,
    filter by category, seller and name, and hide inactive products and those of a seller
    whose certification lapsed (kept, and shown with include_unorderable); the cached listing
    follows every change.
*/
#include "test_catalog_fixtures.h"

#define OK DURE__V1__CODE__CODE_OK

/* Lists every page; returns the number of products seen, or -1. *total gets the reply's. */
static int s_list_all(dure_client_t *client, Dure__V1__ListProducts *list, int page_size,
                      int *total, int *pages)
{
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    page.page_size = page_size;
    char token[80] = "", last[80] = "";
    list->page = &page;
    int seen = 0;
    *pages = 0;
    do {
        page.page_token = token;
        dure_response_t res;
        if (catfx_call(client, &list->base, &dure__v1__list_products_reply__descriptor, &res) != OK)
            return -1;
        Dure__V1__ListProductsReply *reply = (Dure__V1__ListProductsReply *) res.payload;
        for (size_t i = 0; reply && i < reply->n_products; i++) {
            if (strcmp(reply->products[i]->id, last) <= 0)
                seen = -1000; /* out of order or repeated */
            snprintf(last, sizeof last, "%s", reply->products[i]->id);
            seen++;
        }
        *total = reply ? reply->total : -1;
        snprintf(token, sizeof token, "%s", reply && reply->next_page_token ? reply->next_page_token : "");
        (*pages)++;
        dure_response_clear(&res);
    } while (*token && *pages < 100);
    return seen;
}

DURE_TEST(catalog_listing_pages_filters_and_hides_lapsed)
{
    dure_stack_t *stack = dure_stack_new("catlist");
    REQUIRE(stack != NULL);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    catfx_enterprise_t a, b;
    catfx_enterprise(&a, "ent-a");
    catfx_enterprise(&b, "ent-b");
    b.e.region = "금산군";
    CATFX_REQUIRE(stack, catfx_put_enterprise(client, &a) == OK && catfx_put_enterprise(client, &b) == OK);
    for (int i = 0; i < 23; i++) {
        char id[16];
        snprintf(id, sizeof id, "p-%03d", i);
        catfx_product_t p;
        catfx_product(&p, id, i < 15 ? "ent-a" : "ent-b", i % 2 ? "processed_food" : "health_food",
                      1000 + i, 5);
        p.p.name = i == 7 ? "금산 홍삼 Extract 30포" : "청양 고추장 1kg";
        CATFX_REQUIRE(stack, catfx_put_product(client, &p) == OK);
    }
    Dure__V1__ListProducts list = DURE__V1__LIST_PRODUCTS__INIT;
    int total = 0, pages = 0;
    CHECK_INT_EQ(s_list_all(client, &list, 10, &total, &pages), 23);
    CHECK_INT_EQ(total, 23);
    CHECK_INT_EQ(pages, 3);
    list.category = "processed_food";
    CHECK_INT_EQ(s_list_all(client, &list, 4, &total, &pages), 11);
    CHECK_INT_EQ(total, 11);
    list.category = "";
    list.enterprise_id = "ent-b";
    CHECK_INT_EQ(s_list_all(client, &list, 50, &total, &pages), 8);
    list.enterprise_id = "";
    list.name_contains = "extract";
    CHECK_INT_EQ(s_list_all(client, &list, 50, &total, &pages), 1);
    list.name_contains = "";

    /* ent-b's certification lapses: its 8 products leave the listing and the counts. */
    b.e.certified_until = "2017-12-31";
    CATFX_REQUIRE(stack, catfx_put_enterprise(client, &b) == OK);
    CHECK_INT_EQ(s_list_all(client, &list, 50, &total, &pages), 15);
    Dure__V1__ListCategories categories = DURE__V1__LIST_CATEGORIES__INIT;
    dure_response_t res;
    CHECK_INT_EQ(catfx_call(client, &categories.base, &dure__v1__list_categories_reply__descriptor,
                            &res),
                 OK);
    Dure__V1__ListCategoriesReply *counts = (Dure__V1__ListCategoriesReply *) res.payload;
    CATFX_REQUIRE(stack, counts != NULL);
    CHECK_INT_EQ(counts->products, 15);
    CHECK_INT_EQ(counts->enterprises, 1);
    dure_response_clear(&res);
    list.include_unorderable = 1;
    CHECK_INT_EQ(s_list_all(client, &list, 50, &total, &pages), 23);
    list.include_unorderable = 0;

    /* An inactive product leaves the listing too; GetProducts still shows it, not orderable. */
    catfx_product_t p0;
    catfx_product(&p0, "p-000", "ent-a", "health_food", 1000, 5);
    p0.p.active = 0;
    CATFX_REQUIRE(stack, catfx_put_product(client, &p0) == OK);
    CHECK_INT_EQ(s_list_all(client, &list, 50, &total, &pages), 14);
    Dure__V1__GetProducts get = DURE__V1__GET_PRODUCTS__INIT;
    char *ids[] = {"p-000", "p-020", "p-404"};
    get.ids = ids;
    get.n_ids = 3;
    CHECK_INT_EQ(catfx_call(client, &get.base, &dure__v1__get_products_reply__descriptor, &res), OK);
    Dure__V1__GetProductsReply *got = (Dure__V1__GetProductsReply *) res.payload;
    CATFX_REQUIRE(stack, got && got->n_products == 2 && got->n_missing == 1);
    CHECK(!got->products[0]->orderable);
    CHECK_STR_EQ(got->products[0]->not_orderable_reason, "inactive");
    CHECK_STR_EQ(got->products[1]->not_orderable_reason, "seller certification lapsed");
    CHECK_STR_EQ(got->missing[0], "p-404");
    dure_response_clear(&res);

    /* Enterprises by region. */
    Dure__V1__ListEnterprises ents = DURE__V1__LIST_ENTERPRISES__INIT;
    ents.region = "금산군";
    CHECK_INT_EQ(catfx_call(client, &ents.base, &dure__v1__list_enterprises_reply__descriptor, &res),
                 OK);
    Dure__V1__ListEnterprisesReply *listed = (Dure__V1__ListEnterprisesReply *) res.payload;
    CATFX_REQUIRE(stack, listed && listed->n_enterprises == 1);
    CHECK_STR_EQ(listed->enterprises[0]->id, "ent-b");
    CHECK_INT_EQ(listed->total, 1);
    dure_response_clear(&res);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    dure_stack_destroy(&stack);
}
