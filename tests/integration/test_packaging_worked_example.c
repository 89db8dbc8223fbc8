/*  test_packaging_worked_example.c - the worked example of docs/PACKAGING.md through the
    running service: a ShipmentPlanned event in, the record and the report out, with the
    ratio and the verdict of both rule sets as the document states them. Then the same
    database served with eu-ppwr-art24 selected reports the same parcel as failing.
*/
#include "test_packaging_helpers.h"

/* Runs durectl against the stack's packaging service; returns its stdout (caller frees), or
   NULL when it could not run or exited non-zero. */
static char *s_durectl(dure_stack_t *stack, const char *args)
{
    const char *bin = getenv("DURE_BIN_DIR") ? getenv("DURE_BIN_DIR") : "build/bin";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "DURE_PACKAGING_RPC='%s' %s/durectl %s",
             dure_stack_endpoint(stack, "packaging", "RPC"), bin, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *out = dure_calloc(1, cap);
    size_t n;
    while (len < cap - 1 && (n = fread(out + len, 1, cap - 1 - len, p)) > 0)
        len += n;
    if (pclose(p) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

DURE_TEST(packaging_worked_example_through_the_service)
{
    dure_stack_t *stack = dure_stack_new("pkg_example");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(events && rpc);

    pkg_shipment_t x;
    pkg_shipment(&x, "s-example", PKG_T_DAY1_MS, 0);
    CHECK_INT_EQ(pkg_planned(events, &x.shipment, 120000, "ev-example-1", NULL),
                 DURE__V1__CODE__CODE_OK);

    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-example", &res);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED);
        CHECK_INT_EQ(rec->packaging_grams, 1915);
        CHECK_INT_EQ(rec->sales_krw, 120000);
        CHECK(rec->compliant); /* kr-2024 is the default selection */
        CHECK_INT_EQ(rec->n_parcels, 1);
    }
    if (rec && rec->n_parcels == 1) {
        const Dure__V1__ParcelRecord *p = rec->parcels[0];
        CHECK_STR_EQ(p->box_code, "kp-3");
        CHECK_INT_EQ(p->inner_volume_cm3, 15840);
        CHECK_INT_EQ(p->product_volume_cm3, 7128);
        CHECK_DBL_NEAR(p->space_ratio_percent, 55.0, 1e-9);
        CHECK_INT_EQ(p->layers, 1);
        CHECK_INT_EQ(p->n_materials, 5);
        CHECK_INT_EQ(p->n_rules, 2);
        for (size_t i = 0; i < p->n_rules; i++) {
            const Dure__V1__RuleResult *r = p->rules[i];
            if (strcmp(r->rule_set, "kr-2024") == 0) {
                CHECK(r->pass && !r->exempt);
                CHECK_DBL_NEAR(r->ratio_percent, 55.0, 1e-9);
                CHECK_DBL_NEAR(r->limit_percent, 70.0, 1e-9);
                CHECK_STR_EQ(r->reason, "space ratio 55.0% within 70% limit (paper cushioning)");
            } else {
                CHECK_STR_EQ(r->rule_set, "eu-ppwr-art24");
                CHECK(!r->pass && !r->exempt);
                CHECK_DBL_NEAR(r->ratio_percent, 65.0, 1e-9);
                CHECK_DBL_NEAR(r->limit_percent, 50.0, 1e-9);
                CHECK_STR_EQ(r->reason, "space ratio 65.0% exceeds 50% limit");
            }
        }
    }
    dure_response_clear(&res);

    const Dure__V1__PackagingReportReply *rep =
        pkg_report(rpc, PKG_T_DAY1, PKG_T_DAY1, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_DAY, &res);
    CHECK(rep && rep->total);
    if (rep && rep->total) {
        CHECK_STR_EQ(rep->rule_set, "kr-2024");
        CHECK_INT_EQ(rep->n_rows, 1);
        CHECK(rep->n_rows == 1 && strcmp(rep->rows[0]->key, PKG_T_DAY1) == 0);
        CHECK_INT_EQ(rep->total->shipments, 1);
        CHECK_INT_EQ(rep->total->grams, 1915);
        CHECK_DBL_NEAR(rep->total->grams_per_10k_krw, 1915 * 10000.0 / 120000, 1e-9);
        CHECK_DBL_NEAR(rep->total->mean_space_ratio_percent, 55.0, 1e-9);
        CHECK_DBL_NEAR(rep->total->compliance_percent, 100.0, 1e-9);
    }
    dure_response_clear(&res);

    /* The operator's view: durectl shows the same verdicts and totals. */
    char *out = s_durectl(stack, "packaging shipment s-example");
    CHECK(out && strstr(out, "space ratio 55.0% within 70% limit (paper cushioning)"));
    CHECK(out && strstr(out, "space ratio 65.0% exceeds 50% limit"));
    free(out);
    out = s_durectl(stack, "packaging report --from " PKG_T_DAY1 " --to " PKG_T_DAY1
                           " --by material --csv");
    CHECK(out && strstr(out, "ICE_PACK_WATER,1,1560,"));
    CHECK(out && strstr(out, "total,1,1915,1915.0,159.58,55.0,100.0"));
    if (out && !strstr(out, "total,1,1915"))
        dure_test_log("durectl printed:\n%s", out);
    free(out);

    dure_client_destroy(&rpc);
    dure_client_destroy(&events);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);

    /* The same ledger read by a deployment that selects the EU rule. */
    dure_stack_setenv(stack, "DURE_PACKAGING_RULE_SET", "eu-ppwr-art24");
    slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    rpc = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(rpc);
    rep = pkg_report(rpc, PKG_T_DAY1, PKG_T_DAY1, DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_DAY,
                     &res);
    CHECK(rep && rep->total);
    if (rep && rep->total) {
        CHECK_STR_EQ(rep->rule_set, "eu-ppwr-art24");
        CHECK_DBL_NEAR(rep->total->compliance_percent, 0.0, 1e-9);
        CHECK_INT_EQ(rep->total->grams, 1915);
    }
    dure_response_clear(&res);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(packaging_unknown_rule_set_refuses_to_start)
{
    dure_stack_t *stack = dure_stack_new("pkg_badrule");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_PACKAGING_RULE_SET", "kr-1999");
    CHECK(dure_stack_start(stack, "packaging", 0) < 0);
    dure_stack_destroy(&stack);
}
