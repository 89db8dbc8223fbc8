/*  test_orders_csv.c - past-orders import: conversion, ISO 8601 times, every bad row reported
    with its line, rows of one order agreeing, and nothing produced when anything is bad.
*/
#include "../../tools/durectl/orders_csv.h"

#include "dure_test.h"

#define S_HEADER "order_no,ordered_at,customer,channel,product_id,quantity,unit_price_krw\n"

static int s_has(const durectl_csv_errors_t *errors, const char *needle)
{
    for (size_t i = 0; i < durectl_csv_errors_count(errors); i++)
        if (strstr(durectl_csv_errors_get(errors, i), needle))
            return 1;
    return 0;
}

DURE_TEST(orders_csv_converts_rows_with_source_lines)
{
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportOrders *msg =
        durectl_orders_csv_read_buffer("o.csv",
                                       "# export of the old shop\n" S_HEADER
                                       "A-1,2016-02-03T10:15:00+09:00,c-1,b2c,p-0001,2,18000\r\n"
                                       "A-1,2016-02-03T10:15:00+09:00,c-1,b2c,p-0002,1,5000\r\n"
                                       "A-2,2016-02-04T01:00:00Z,inst-7,B2G,p-0001,30,17000\r\n",
                                       errors);
    durectl_csv_errors_print(errors, stderr);
    REQUIRE(msg != NULL);
    REQUIRE_INT_EQ(msg->n_rows, 3);
    CHECK_INT_EQ(msg->rows[0]->source_line, 3);
    CHECK_INT_EQ(msg->rows[2]->source_line, 5);
    CHECK_STR_EQ(msg->rows[0]->ordered_at, "2016-02-03T10:15:00+09:00");
    CHECK_INT_EQ(msg->rows[0]->channel, DURE__V1__CHANNEL__CHANNEL_B2C);
    CHECK_INT_EQ(msg->rows[2]->channel, DURE__V1__CHANNEL__CHANNEL_B2G);
    CHECK_INT_EQ(msg->rows[2]->quantity, 30);
    CHECK_INT_EQ(msg->rows[1]->unit_price_krw, 5000);
    CHECK_STR_EQ(msg->rows[2]->customer_id, "inst-7");
    durectl_orders_csv_destroy(&msg);
    CHECK(msg == NULL);
    durectl_csv_errors_destroy(&errors);
}

DURE_TEST(orders_csv_parses_iso_8601_times)
{
    int64_t ms = 0;
    int offset = 0;
    REQUIRE_INT_EQ(durectl_orders_csv_parse_time("2016-02-03T10:15:00+09:00", &ms, &offset), 0);
    CHECK_INT_EQ(ms, 1454462100000LL);
    CHECK_INT_EQ(offset, 540);
    CHECK_INT_EQ(durectl_orders_csv_parse_time("2016-02-03T01:15:00Z", &ms, NULL), 0);
    CHECK_INT_EQ(ms, 1454462100000LL);
    CHECK_INT_EQ(durectl_orders_csv_parse_time("2016-02-03T01:15Z", &ms, NULL), 0);
    CHECK_INT_EQ(durectl_orders_csv_parse_time("2016-02-02T20:15:00.250-0500", &ms, &offset), 0);
    CHECK_INT_EQ(ms, 1454462100250LL);
    CHECK_INT_EQ(offset, -300);
    const char *bad[] = {"2016-02-03",
                         "2016-02-03T10:15:00",
                         "2016-02-30T10:15:00Z",
                         "2016-02-03T24:00:00Z",
                         "2016-02-03 10:15:00Z",
                         "2016-02-03T10:15:00+9",
                         "2016-02-03T10:15:00.Z",
                         "2016-02-03T10:15:00+09:00x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK_INT_EQ(durectl_orders_csv_parse_time(bad[i], &ms, NULL), -1);
}

DURE_TEST(orders_csv_reports_every_bad_row_and_produces_nothing)
{
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportOrders *msg = durectl_orders_csv_read_buffer(
        "o.csv",
        S_HEADER "A-1,2016-02-03T10:15:00+09:00,c-1,b2c,p-1,1,1000\n"
                 "A-1,2016-02-03T10:16:00+09:00,c-2,b2b,p-1,1,1000\n"
                 "A-2,2016-02-03 10:15,c-1,b2x,p-2,0,-5\n"
                 ",2016-02-03T10:15:00+09:00,c-1,b2c,p-3,1,1000\n"
                 "A-3,2016-02-03T10:15:00+09:00,c-1,b2c,p-3,1\n"
                 "A-4,2016-02-03T10:15:00+09:00,c-1,b2c,p-3,10001,1000\n",
        errors);
    CHECK(msg == NULL);
    CHECK(s_has(errors, "o.csv:3: ordered_at: order \"A-1\" has ordered_at"));
    CHECK(s_has(errors, "on line 2"));
    CHECK(s_has(errors, "o.csv:3: customer: order \"A-1\" has customer \"c-1\" on line 2"));
    CHECK(s_has(errors, "o.csv:3: channel: order \"A-1\" has channel \"b2c\" on line 2"));
    CHECK(s_has(errors, "o.csv:3: product_id: order \"A-1\" already has \"p-1\" on line 2"));
    CHECK(s_has(errors, "o.csv:4: ordered_at: \"2016-02-03 10:15\""));
    CHECK(s_has(errors, "o.csv:4: channel: \"b2x\""));
    CHECK(s_has(errors, "o.csv:4: quantity: \"0\""));
    CHECK(s_has(errors, "o.csv:4: unit_price_krw: \"-5\""));
    CHECK(s_has(errors, "o.csv:5: order_no"));
    CHECK(s_has(errors, "o.csv:6: expected 7 fields, found 6"));
    CHECK(s_has(errors, "o.csv:7: quantity: \"10001\""));
    CHECK_INT_EQ(durectl_csv_errors_count(errors), 11);
    if (dure_test_failures())
        durectl_csv_errors_print(errors, stderr);
    durectl_csv_errors_destroy(&errors);
}

DURE_TEST(orders_csv_requires_the_exact_header)
{
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    CHECK(durectl_orders_csv_read_buffer("o.csv", "order_no,ordered_at\nA,B\n", errors) == NULL);
    CHECK(s_has(errors, "o.csv:1: the header must be exactly"));
    CHECK(durectl_orders_csv_read("/nonexistent/dure/orders.csv", errors) == NULL);
    CHECK(s_has(errors, "cannot read"));
    durectl_csv_errors_destroy(&errors);
}
