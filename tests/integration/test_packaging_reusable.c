/*  test_packaging_reusable.c - reusable boxes: issued to a shipment (by request, or by a
    packing that used one), refused while out with another shipment, returned, and the return
    rate; the live counters follow.
*/
#include "test_packaging_helpers.h"

static int s_issue(dure_client_t *rpc, const char *box, const char *shipment)
{
    Dure__V1__IssueReusableBox req = DURE__V1__ISSUE_REUSABLE_BOX__INIT;
    req.box_id = (char *)box;
    req.shipment_id = (char *)shipment;
    dure_response_t res;
    dure_client_call(rpc, &req.base, NULL, NULL, &dure__v1__issue_reusable_box_reply__descriptor,
                     &res);
    int code = res.code;
    dure_response_clear(&res);
    return code;
}

/* Returns the code; *rate gets the return rate in percent on OK. */
static int s_return(dure_client_t *rpc, const char *box, double *rate, long long *issued)
{
    Dure__V1__ReturnReusableBox req = DURE__V1__RETURN_REUSABLE_BOX__INIT;
    req.box_id = (char *)box;
    dure_response_t res;
    dure_client_call(rpc, &req.base, NULL, NULL,
                     &dure__v1__return_reusable_box_reply__descriptor, &res);
    int code = res.code;
    const Dure__V1__ReturnReusableBoxReply *reply = (const void *)res.payload;
    *rate = reply ? reply->return_rate_percent : -1;
    *issued = reply ? reply->issued : -1;
    dure_response_clear(&res);
    return code;
}

DURE_TEST(packaging_reusable_boxes_issue_return_rate)
{
    dure_stack_t *stack = dure_stack_new("pkg_reuse");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "packaging", 0);
    REQUIRE(slot >= 0);
    dure_client_t *rpc = dure_stack_client(stack, "packaging", 3000);
    dure_client_t *events = dure_stack_event_client(stack, "packaging", 3000);
    REQUIRE(rpc && events);
    CHECK_INT_EQ(pkg_redis_wait(stack, "{dure:packaging}:live", "reusable_issued", 0, 3000), 0);

    CHECK_INT_EQ(s_issue(rpc, "rb-1", "s-1"), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(s_issue(rpc, "rb-1", "s-1"), DURE__V1__CODE__CODE_OK); /* same trip again */
    CHECK_INT_EQ(s_issue(rpc, "rb-1", "s-2"), DURE__V1__CODE__CODE_CONFLICT);
    CHECK_INT_EQ(s_issue(rpc, "", "s-2"), DURE__V1__CODE__CODE_INVALID_ARGUMENT);

    /* A packing that used a reusable box issues it with the shipment. */
    pkg_shipment_t x;
    pkg_shipment(&x, "s-3", PKG_T_DAY1_MS, 0);
    x.parcel.reusable_box_id = "rb-2";
    CHECK_INT_EQ(pkg_packed(events, &x.shipment, "ev-reuse-pack", NULL), 0);
    dure_response_t res;
    const Dure__V1__PackagingRecord *rec = pkg_record(rpc, "s-3", &res);
    CHECK(rec && rec->n_parcels == 1 && rec->parcels[0]->reusable);
    CHECK(rec && rec->n_parcels == 1 && strcmp(rec->parcels[0]->reusable_box_id, "rb-2") == 0);
    dure_response_clear(&res);

    double rate;
    long long issued;
    CHECK_INT_EQ(s_return(rpc, "rb-1", &rate, &issued), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(issued, 2);
    CHECK_DBL_NEAR(rate, 50.0, 1e-9);
    CHECK_INT_EQ(s_return(rpc, "rb-404", &rate, &issued), DURE__V1__CODE__CODE_NOT_FOUND);
    /* Back from s-1, rb-1 may go out again. */
    CHECK_INT_EQ(s_issue(rpc, "rb-1", "s-2"), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(s_return(rpc, "rb-2", &rate, &issued), DURE__V1__CODE__CODE_OK);
    CHECK_INT_EQ(issued, 3);
    CHECK_DBL_NEAR(rate, 200.0 / 3, 1e-9);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "reusable_issued"), 3);
    CHECK_INT_EQ(pkg_redis_field(stack, "{dure:packaging}:live", "reusable_returned"), 2);

    dure_client_destroy(&events);
    dure_client_destroy(&rpc);
    CHECK(dure_stack_stop(stack, slot, 5000) == 0);
    dure_stack_destroy(&stack);
}
