/*  test_journey.c - the order's whole journey through the four real services: an order with
    goods from three sellers (one chilled) and a service confirms, splits into three
    shipments with boxes and ice packs, gets a packaging record per shipment, and becomes
    DELIVERED when the carrier reports every parcel delivered. No log line of the run holds
    the customer's phone number or address. */
#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

#define S_PHONE "010-2345-6789"
#define S_STREET "충청남도 홍성군 홍북읍 충남대로 21"

static int s_seed(dure_client_t *catalog)
{
    dure_fixture_product_t products[] = {
        {.id = "p-rice", .enterprise_id = "ent-a", .category = "rice_grains", .stock = 50},
        {.id = "p-jar", .enterprise_id = "ent-b", .fragile = 1, .stock = 50},
        {.id = "p-kimchi", .enterprise_id = "ent-c", .category = "side_dishes_sauces",
         .temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED, .stock = 50},
        {.id = "p-farmstay", .enterprise_id = "ent-a", .category = "education_culture",
         .nonphysical = 1},
    };
    int ok = dure_fixture_enterprise(catalog, "ent-a", "홍성 유기농 영농조합") &&
             dure_fixture_enterprise(catalog, "ent-b", "공주 전통장 협동조합") &&
             dure_fixture_enterprise(catalog, "ent-c", "당진 김치 마을기업");
    for (size_t i = 0; ok && i < sizeof products / sizeof products[0]; i++)
        ok = dure_fixture_product(catalog, &products[i]);
    return ok;
}

static char *s_place(dure_client_t *order)
{
    const char *ids[] = {"p-rice", "p-jar", "p-kimchi", "p-farmstay"};
    Dure__V1__OrderLineRequest lines[4], *ptrs[4];
    for (int i = 0; i < 4; i++) {
        dure__v1__order_line_request__init(&lines[i]);
        lines[i].product_id = (char *) ids[i];
        lines[i].quantity = i == 0 ? 2 : 1;
        ptrs[i] = &lines[i];
    }
    Dure__V1__Address to = DURE__V1__ADDRESS__INIT;
    to.postcode = "32233";
    to.line1 = S_STREET;
    to.line2 = "101동 1001호";
    to.recipient = "김두레";
    to.phone = S_PHONE;
    Dure__V1__PlaceOrder req = DURE__V1__PLACE_ORDER__INIT;
    req.customer_id = "cust-journey";
    req.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    req.n_lines = 4;
    req.lines = ptrs;
    req.address = &to;
    req.payment_ref = "pay-journey-1";
    dure_response_t res;
    dure_client_call(order, &req.base, "journey-key-1", NULL,
                     &dure__v1__place_order_reply__descriptor, &res);
    char *id = NULL;
    if (res.code == DURE__V1__CODE__CODE_OK && res.payload)
        id = strdup(((Dure__V1__PlaceOrderReply *) res.payload)->order_id);
    else
        dure_test_log("PlaceOrder: %s %s", dure_code_name(res.code), res.message);
    dure_response_clear(&res);
    return id;
}

static int s_order_status(dure_client_t *order, const char *id)
{
    Dure__V1__GetOrder req = DURE__V1__GET_ORDER__INIT;
    req.order_id = (char *) id;
    dure_response_t res;
    int status = -1;
    if (dure_fixture_call(order, &req.base, &dure__v1__get_order_reply__descriptor, &res) &&
        res.payload)
        status = (int) ((Dure__V1__GetOrderReply *) res.payload)->order->status;
    dure_response_clear(&res);
    return status;
}

static int s_wait_status(dure_client_t *order, const char *id, int want, int timeout_ms)
{
    int64_t deadline = dure_now_ms() + timeout_ms;
    int status;
    while ((status = s_order_status(order, id)) != want && dure_now_ms() < deadline)
        usleep(100 * 1000);
    return status;
}

/* Shipments of the order; the caller clears the response. */
static Dure__V1__ListShipmentsReply *s_shipments(dure_client_t *logistics, const char *id,
                                                 dure_response_t *res)
{
    Dure__V1__ListShipments req = DURE__V1__LIST_SHIPMENTS__INIT;
    req.order_id = (char *) id;
    if (!dure_fixture_call(logistics, &req.base, &dure__v1__list_shipments_reply__descriptor, res))
        return NULL;
    return (Dure__V1__ListShipmentsReply *) res->payload;
}

static int s_has_ice(const Dure__V1__Shipment *s)
{
    for (size_t p = 0; p < s->n_parcels; p++)
        for (size_t m = 0; m < s->parcels[p]->n_materials; m++) {
            Dure__V1__Material kind = s->parcels[p]->materials[m]->material;
            if (kind == DURE__V1__MATERIAL__MATERIAL_ICE_PACK_WATER ||
                kind == DURE__V1__MATERIAL__MATERIAL_ICE_PACK_GEL)
                return 1;
        }
    return 0;
}

static int s_packaging_stage(dure_client_t *packaging, const char *shipment_id)
{
    Dure__V1__GetPackagingRecord req = DURE__V1__GET_PACKAGING_RECORD__INIT;
    req.shipment_id = (char *) shipment_id;
    dure_response_t res;
    int stage = -1;
    dure_client_call(packaging, &req.base, NULL, NULL,
                     &dure__v1__get_packaging_record_reply__descriptor, &res);
    if (res.code == DURE__V1__CODE__CODE_OK && res.payload)
        stage = (int) ((Dure__V1__GetPackagingRecordReply *) res.payload)->record->stage;
    dure_response_clear(&res);
    return stage;
}

static int s_deliver(dure_client_t *logistics, const char *shipment_id)
{
    Dure__V1__TrackingEvent ev = DURE__V1__TRACKING_EVENT__INIT;
    ev.status = DURE__V1__SHIPMENT_STATUS__SHIPMENT_DELIVERED;
    ev.at_ms = dure_now_ms();
    ev.location = "홍성";
    Dure__V1__RecordTrackingEvent req = DURE__V1__RECORD_TRACKING_EVENT__INIT;
    req.shipment_id = (char *) shipment_id;
    req.event = &ev;
    return dure_fixture_call(logistics, &req.base,
                             &dure__v1__record_tracking_event_reply__descriptor, NULL);
}

/* 1 when no service log of the stack contains `needle`. */
static int s_logs_free_of(dure_stack_t *stack, const char *needle)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "! grep -rqF '%s' '%s'", needle, dure_stack_dir(stack));
    return system(cmd) == 0;
}

DURE_TEST(journey_three_sellers_to_delivered)
{
    dure_stack_t *stack = dure_stack_new("journey");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_LOG_LEVEL", "debug"); /* the most talkative run */
    const char *names[] = {"catalog", "order", "logistics", "packaging"};
    int slots[4];
    for (int i = 0; i < 4; i++)
        REQUIRE((slots[i] = dure_stack_start(stack, names[i], 0)) >= 0);
    dure_client_t *catalog = dure_stack_client(stack, "catalog", 3000);
    dure_client_t *order = dure_stack_client(stack, "order", 5000);
    dure_client_t *logistics = dure_stack_client(stack, "logistics", 3000);
    dure_client_t *packaging = dure_stack_client(stack, "packaging", 3000);
    REQUIRE(s_seed(catalog));

    char *id = s_place(order);
    REQUIRE(id);
    CHECK_INT_EQ(s_wait_status(order, id, DURE__V1__ORDER_STATUS__ORDER_CONFIRMED, 15000),
                 DURE__V1__ORDER_STATUS__ORDER_CONFIRMED);

    /* Three shipments, one per seller, each leaving from its seller's address (the sellers
       travel in OrderConfirmed); the chilled one carries ice packs. */
    dure_response_t res = {0};
    Dure__V1__ListShipmentsReply *list = NULL;
    for (int i = 0; i < 100 && (!list || list->n_shipments < 3); i++) {
        dure_response_clear(&res);
        list = s_shipments(logistics, id, &res);
        usleep(100 * 1000);
    }
    REQUIRE(list);
    CHECK_INT_EQ(list->n_shipments, 3);
    for (size_t i = 0; i < list->n_shipments; i++) {
        Dure__V1__Shipment *s = list->shipments[i];
        int chilled = strcmp(s->enterprise_id, "ent-c") == 0;
        CHECK_INT_EQ(s->temperature, chilled ? DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED
                                             : DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT);
        CHECK_INT_EQ(s_has_ice(s), chilled);
        CHECK(s->n_parcels >= 1);
        const char *seller = strcmp(s->enterprise_id, "ent-a") == 0   ? "홍성 유기농 영농조합"
                             : strcmp(s->enterprise_id, "ent-b") == 0 ? "공주 전통장 협동조합"
                                                                      : "당진 김치 마을기업";
        CHECK(s->ship_from && s->ship_from->recipient);
        if (s->ship_from && s->ship_from->recipient)
            CHECK_STR_EQ(s->ship_from->recipient, seller);
        int stage = -1;
        for (int t = 0; t < 100 && stage != DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED; t++) {
            stage = s_packaging_stage(packaging, s->id);
            if (stage != DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED)
                usleep(100 * 1000);
        }
        CHECK_INT_EQ(stage, DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED);
    }

    /* Delivered, one by one: the order follows. */
    for (size_t i = 0; i < list->n_shipments; i++) {
        CHECK(s_deliver(logistics, list->shipments[i]->id));
        int want = i + 1 < list->n_shipments ? DURE__V1__ORDER_STATUS__ORDER_PARTIALLY_SHIPPED
                                             : DURE__V1__ORDER_STATUS__ORDER_DELIVERED;
        CHECK_INT_EQ(s_wait_status(order, id, want, 15000), want);
    }
    dure_response_clear(&res);

    dure_client_destroy(&catalog);
    dure_client_destroy(&order);
    dure_client_destroy(&logistics);
    dure_client_destroy(&packaging);
    for (int i = 0; i < 4; i++)
        CHECK_INT_EQ(dure_stack_stop(stack, slots[i], 10000), 0);
    CHECK(s_logs_free_of(stack, "2345-6789"));
    CHECK(s_logs_free_of(stack, "홍북읍"));
    CHECK(s_logs_free_of(stack, "김두레"));
    free(id);
    dure_stack_destroy(&stack);
}
