/*  test_order_validate.c - the pure checks of order input: Korean phones and postcodes,
    lines and quantities, B2G institutions, overflow-safe totals, the VAT split, ISO times.
*/
#include "../../services/order/validate.h"

#include "dure_test.h"

typedef struct {
    int count;              /* problems reported */
    char fields[16][48];    /* their field paths */
} s_problems_t;

static void s_collect(void *ctx, const char *field, const char *description)
{
    s_problems_t *p = ctx;
    (void) description;
    if (p->count < 16)
        snprintf(p->fields[p->count], sizeof p->fields[0], "%s", field);
    p->count++;
}

static int s_has(const s_problems_t *p, const char *field)
{
    for (int i = 0; i < p->count && i < 16; i++)
        if (strcmp(p->fields[i], field) == 0)
            return 1;
    return 0;
}

DURE_TEST(order_validate_phone_numbers)
{
    const char *good[] = {"010-1234-5678", "01012345678", "02-123-4567", "02-1234-5678",
                          "033-123-4567", "033-1234-5678", "070-1234-5678", "0505-123-4567",
                          "1588-1234", "011-123-4567", "064-712-3456"};
    const char *bad[] = {"",           "010-1234-567",  "0101234567",   "010--1234-5678",
                         "-010-1234-5678", "010-1234-5678-", "010 1234 5678", "+82-10-1234-5678",
                         "034-123-4567", "02-12-345",    "1234-5678",    "010-1234-56789",
                         "phone",      "0"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!order_phone_valid(good[i]))
            dure_test_fail(__FILE__, __LINE__, "phone %s should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (order_phone_valid(bad[i]))
            dure_test_fail(__FILE__, __LINE__, "phone %s should be invalid", bad[i]);
}

DURE_TEST(order_validate_postcodes)
{
    CHECK(order_postcode_valid("24341"));
    CHECK(order_postcode_valid("01000"));
    CHECK(order_postcode_valid("63644"));
    CHECK(!order_postcode_valid("00123"));
    CHECK(!order_postcode_valid("64000"));
    CHECK(!order_postcode_valid("2434"));
    CHECK(!order_postcode_valid("243411"));
    CHECK(!order_postcode_valid("24-34"));
    CHECK(!order_postcode_valid("200-123")); /* the old six-digit system */
    CHECK(!order_postcode_valid(""));
    CHECK(!order_postcode_valid(NULL));
}

/* A valid order to spoil field by field. */
typedef struct {
    Dure__V1__PlaceOrder order;
    Dure__V1__Address address;
    Dure__V1__OrderLineRequest line[3];
    Dure__V1__OrderLineRequest *lines[3];
} s_order_t;

static void s_order_init(s_order_t *o)
{
    dure__v1__place_order__init(&o->order);
    dure__v1__address__init(&o->address);
    o->order.customer_id = "c-1";
    o->order.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    o->address.postcode = "24341";
    o->address.line1 = "강원특별자치도 춘천시 중앙로 1";
    o->address.recipient = "김철수";
    o->address.phone = "010-1234-5678";
    o->order.address = &o->address;
    static const char *ids[] = {"p-1", "p-2", "p-3"};
    for (int i = 0; i < 3; i++) {
        dure__v1__order_line_request__init(&o->line[i]);
        o->line[i].product_id = (char *) ids[i];
        o->line[i].quantity = i + 1;
        o->lines[i] = &o->line[i];
    }
    o->order.lines = o->lines;
    o->order.n_lines = 3;
}

DURE_TEST(order_validate_accepts_a_good_order)
{
    s_order_t o;
    s_order_init(&o);
    s_problems_t p = {0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 0);
    CHECK_INT_EQ(p.count, 0);
}

DURE_TEST(order_validate_names_each_bad_field)
{
    s_order_t o;
    s_order_init(&o);
    o.line[2].quantity = 0;
    o.line[1].quantity = -4;
    o.line[0].product_id = "p-3";          /* the same product as lines[2] */
    o.address.phone = "010-12-5678";
    o.address.postcode = "9999";
    o.order.customer_id = "";
    s_problems_t p = {0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 6);
    CHECK(s_has(&p, "lines[2].quantity"));
    CHECK(s_has(&p, "lines[1].quantity"));
    CHECK(s_has(&p, "lines[2].product_id"));
    CHECK(s_has(&p, "address.phone"));
    CHECK(s_has(&p, "address.postcode"));
    CHECK(s_has(&p, "customer_id"));
}

DURE_TEST(order_validate_line_counts_and_quantities)
{
    s_order_t o;
    s_order_init(&o);
    o.order.n_lines = 0;
    s_problems_t p = {0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "lines"));
    o.order.n_lines = ORDER_MAX_LINES + 1; /* never read past the count check */
    p = (s_problems_t){0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "lines"));
    s_order_init(&o);
    o.line[0].quantity = ORDER_MAX_QUANTITY;
    p = (s_problems_t){0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 0);
    o.line[0].quantity = ORDER_MAX_QUANTITY + 1;
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "lines[0].quantity"));
}

DURE_TEST(order_validate_channels_and_institutions)
{
    s_order_t o;
    s_order_init(&o);
    s_problems_t p = {0};
    o.order.channel = DURE__V1__CHANNEL__CHANNEL_B2G;
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "institution"));
    o.order.institution = "춘천시청";
    p = (s_problems_t){0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 0);
    o.order.channel = DURE__V1__CHANNEL__CHANNEL_B2B;
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "institution"));
    o.order.channel = DURE__V1__CHANNEL__CHANNEL_UNSPECIFIED;
    o.order.institution = "";
    p = (s_problems_t){0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "channel"));
    o.order.address = NULL;
    o.order.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    p = (s_problems_t){0};
    CHECK_INT_EQ(order_validate_place(&o.order, s_collect, &p), 1);
    CHECK(s_has(&p, "address"));
}

DURE_TEST(order_validate_totals_never_overflow)
{
    int64_t t = 0;
    CHECK_INT_EQ(order_line_total(18000, 3, &t), 0);
    CHECK_INT_EQ(t, 54000);
    CHECK_INT_EQ(order_line_total(INT64_MAX / 2, 3, &t), -1);
    CHECK_INT_EQ(order_line_total(-1, 3, &t), -1);
    int64_t total = INT64_MAX - 10;
    CHECK_INT_EQ(order_total_add(&total, 11), -1);
    CHECK_INT_EQ(total, INT64_MAX - 10);
    CHECK_INT_EQ(order_total_add(&total, 10), 0);
    CHECK_INT_EQ(total, INT64_MAX);
}

DURE_TEST(order_validate_vat_split)
{
    int64_t supply, vat;
    order_vat_split(11000, 11000, &supply, &vat); /* all taxable */
    CHECK_INT_EQ(vat, 1000);
    CHECK_INT_EQ(supply, 10000);
    order_vat_split(30000, 0, &supply, &vat); /* rice: VAT-exempt */
    CHECK_INT_EQ(vat, 0);
    CHECK_INT_EQ(supply, 30000);
    order_vat_split(30000 + 15500, 15500, &supply, &vat); /* mixed, rounded down */
    CHECK_INT_EQ(vat, 1409);
    CHECK_INT_EQ(supply, 44091);
    CHECK_INT_EQ(supply + vat, 45500);
}

DURE_TEST(order_validate_parses_iso_times)
{
    int64_t ms = 0;
    CHECK_INT_EQ(order_parse_time("2016-02-03T10:15:00+09:00", &ms), 0);
    CHECK_INT_EQ(ms, 1454462100000LL);
    CHECK_INT_EQ(order_parse_time("2016-02-03T01:15:00Z", &ms), 0);
    CHECK_INT_EQ(ms, 1454462100000LL);
    CHECK_INT_EQ(order_parse_time("2016-02-02T20:15:00.250-0500", &ms), 0);
    CHECK_INT_EQ(ms, 1454462100250LL);
    CHECK_INT_EQ(order_parse_time("2016-12-31T23:59+09:00", &ms), 0);
    const char *bad[] = {"2016-02-03", "2016-02-03T10:15:00", "2016-02-30T10:15:00Z",
                         "2016-02-03T24:00:00Z", "2016-02-03 10:15:00Z", "2016-02-03T10:15:00+9",
                         "2016-02-03T10:15:00.Z", "2016-02-03T10:15:00+09:00x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (order_parse_time(bad[i], &ms) != -1)
            dure_test_fail(__FILE__, __LINE__, "time \"%s\" should be refused", bad[i]);
}
