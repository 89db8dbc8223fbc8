/*  test_packaging_wave.c - a wave of orders through the real stack (catalog, order,
    logistics, packaging): once every shipment logistics planned has its packaging record,
    the report's totals equal the sum of the per-shipment records read one by one, every
    grouping's rows add up to the same total, and the sales behind grams per 10,000 won are
    the sales logistics planned.
*/
#include "dure_fixtures.h"
#include "test_packaging_helpers.h"

#include <unistd.h>

#define S_ORDERS 12
#define S_ALL_FROM "2000-01-01"
#define S_ALL_TO "2999-12-31"

static int s_seed(dure_client_t *catalog)
{
    dure_fixture_product_t products[] = {
        {.id = "p-rice", .enterprise_id = "ent-a", .category = "rice_grains", .stock = 500},
        {.id = "p-jar", .enterprise_id = "ent-b", .fragile = 1, .stock = 500},
        {.id = "p-kimchi", .enterprise_id = "ent-c", .category = "side_dishes_sauces",
         .temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED, .stock = 500},
    };
    int ok = dure_fixture_enterprise(catalog, "ent-a", "홍성 유기농 영농조합") &&
             dure_fixture_enterprise(catalog, "ent-b", "공주 전통장 협동조합") &&
             dure_fixture_enterprise(catalog, "ent-c", "당진 김치 마을기업");
    for (size_t i = 0; ok && i < sizeof products / sizeof products[0]; i++)
        ok = dure_fixture_product(catalog, &products[i]);
    return ok;
}

/* Order i: one to three sellers, quantities 1-3. Returns 1 when placed. */
static int s_place(dure_client_t *order, int i)
{
    const char *ids[] = {"p-rice", "p-jar", "p-kimchi"};
    Dure__V1__OrderLineRequest lines[3], *ptrs[3];
    size_t n = 0;
    for (int k = 0; k < 3; k++) {
        if (k > 0 && (i + k) % 3 == 0)
            continue;
        dure__v1__order_line_request__init(&lines[n]);
        lines[n].product_id = (char *)ids[k];
        lines[n].quantity = 1 + (i + k) % 3;
        ptrs[n] = &lines[n];
        n++;
    }
    Dure__V1__Address to = DURE__V1__ADDRESS__INIT;
    to.postcode = "32233";
    to.line1 = "충청남도 홍성군 홍북읍 충남대로 21";
    to.recipient = "김두레";
    to.phone = "010-2345-6789";
    Dure__V1__PlaceOrder req = DURE__V1__PLACE_ORDER__INIT;
    char customer[32], key[32];
    snprintf(customer, sizeof customer, "cust-wave-%d", i);
    snprintf(key, sizeof key, "wave-key-%d", i);
    req.customer_id = customer;
    req.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    req.n_lines = n;
    req.lines = ptrs;
    req.address = &to;
    req.payment_ref = key;
    dure_response_t res;
    dure_client_call(order, &req.base, key, NULL, &dure__v1__place_order_reply__descriptor, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK;
    if (!ok)
        dure_test_log("PlaceOrder %d: %s %s", i, dure_code_name(res.code), res.message);
    dure_response_clear(&res);
    return ok;
}

/* Sums of the per-shipment records, read one by one with GetPackagingRecord. */
static int s_record_sums(dure_stack_t *stack, dure_client_t *packaging, long long *shipments,
                         long long *grams, long long *sales)
{
    PGconn *db = dure_stack_db(stack, "packaging");
    PGresult *ids = db ? PQexec(db, "SELECT shipment_id FROM records") : NULL;
    int ok = ids && PQresultStatus(ids) == PGRES_TUPLES_OK;
    *shipments = *grams = *sales = 0;
    for (int i = 0; ok && i < PQntuples(ids); i++) {
        dure_response_t res;
        const Dure__V1__PackagingRecord *rec = pkg_record(packaging, PQgetvalue(ids, i, 0), &res);
        ok = rec != NULL;
        if (rec && rec->stage != DURE__V1__PACKAGING_STAGE__PACKAGING_VOID) {
            long long parcel_grams = 0;
            for (size_t p = 0; p < rec->n_parcels; p++)
                parcel_grams += rec->parcels[p]->packaging_grams;
            ok = parcel_grams == rec->packaging_grams;
            *shipments += 1;
            *grams += rec->packaging_grams;
            *sales += rec->sales_krw;
        }
        dure_response_clear(&res);
    }
    if (ids)
        PQclear(ids);
    if (db)
        PQfinish(db);
    return ok;
}

/* Checks one grouping: rows add up to the total, and the total is the records' sums. */
static void s_check_grouping(dure_client_t *packaging, Dure__V1__PackagingGrouping by,
                             long long shipments, long long grams, long long sales)
{
    dure_response_t res;
    const Dure__V1__PackagingReportReply *rep =
        pkg_report(packaging, S_ALL_FROM, S_ALL_TO, by, &res);
    CHECK(rep && rep->total);
    if (rep && rep->total) {
        CHECK_INT_EQ(rep->total->shipments, shipments);
        CHECK_INT_EQ(rep->total->grams, grams);
        CHECK_DBL_NEAR(rep->total->grams_per_10k_krw, sales ? grams * 10000.0 / sales : 0, 1e-6);
        long long row_grams = 0, row_shipments = 0;
        for (size_t i = 0; i < rep->n_rows; i++) {
            row_grams += rep->rows[i]->grams;
            row_shipments += rep->rows[i]->shipments;
        }
        CHECK_INT_EQ(row_grams, grams);
        /* By material a shipment counts once per material it used. */
        if (by != DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_MATERIAL)
            CHECK_INT_EQ(row_shipments, shipments);
        else
            CHECK(row_shipments >= shipments);
    }
    dure_response_clear(&res);
}

DURE_TEST(packaging_wave_report_equals_records)
{
    dure_stack_t *stack = dure_stack_new("pkg_wave");
    REQUIRE(stack);
    const char *names[] = {"catalog", "order", "logistics", "packaging"};
    int slots[4];
    for (int i = 0; i < 4; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i], 0)) >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 3000);
    dure_client_t *order = dure_stack_client(stack, "order", 5000);
    dure_client_t *packaging = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(catalog && order && packaging);
    REQUIRE(s_seed(catalog));
    int placed = 0;
    for (int i = 0; i < S_ORDERS; i++)
        placed += s_place(order, i);
    CHECK_INT_EQ(placed, S_ORDERS);

    /* Wait until logistics stops planning and packaging has a record for every shipment. */
    long long planned = -1, recorded = -2;
    for (int t = 0; t < 150 && planned != recorded; t++) {
        usleep(200 * 1000);
        long long before = planned;
        planned = dure_stack_scalar(stack, "logistics", "SELECT count(*) FROM shipments");
        recorded = dure_stack_scalar(stack, "packaging", "SELECT count(*) FROM records");
        if (planned != before)
            recorded = -2; /* still planning: look again */
    }
    CHECK(planned > S_ORDERS); /* most orders have more than one seller */
    CHECK_INT_EQ(recorded, planned);

    long long shipments, grams, sales;
    CHECK(s_record_sums(stack, packaging, &shipments, &grams, &sales));
    CHECK_INT_EQ(shipments, planned);
    CHECK(grams > 0);
    CHECK_INT_EQ(sales, dure_stack_scalar(stack, "logistics",
                                          "SELECT coalesce(sum(sales_krw), 0) FROM shipments"));
    for (int by = 0; by <= DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_CARRIER; by++)
        s_check_grouping(packaging, (Dure__V1__PackagingGrouping)by, shipments, grams, sales);
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "grams", grams, 3000), grams);

    dure_client_destroy(&packaging);
    dure_client_destroy(&order);
    dure_client_destroy(&catalog);
    for (int i = 3; i >= 0; i--)
        CHECK(dure_stack_stop(stack, slots[i], 5000) == 0);
    dure_stack_destroy(&stack);
}
