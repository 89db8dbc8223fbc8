/*  orders_csv.h - converts a past-orders CSV file into an ImportOrders message.

    The file is the older shop's export, one row per order line, under the header
    order_no,ordered_at,customer,channel,product_id,quantity,unit_price_krw (docs/IMPORT.md).
    Every row is checked and every problem reported with its line; the rows of one order must
    agree on time, customer and channel and name each product once. The result is all rows
    or nothing.

    The message returned is built here: free it with durectl_orders_csv_destroy(), never with
    protobuf_c_message_free_unpacked().
*/
#ifndef DURECTL_ORDERS_CSV_H
#define DURECTL_ORDERS_CSV_H

#include <stdint.h>

#include "csv.h"
#include "dure/v1/order.pb-c.h"

#define DURECTL_ORDER_COLUMNS 7
#define DURECTL_ORDER_MAX_QUANTITY 10000       /* units per line, as order.proto says */
#define DURECTL_ORDER_MAX_UNIT_PRICE 100000000 /* won */
#define DURECTL_ORDER_MAX_TEXT 64              /* bytes in an order number or customer */

static const char *const durectl_order_columns[DURECTL_ORDER_COLUMNS] = {
    "order_no", "ordered_at", "customer", "channel", "product_id", "quantity", "unit_price_krw",
};

/* Reads the past-orders file at path into a new ImportOrders, rows in file order with their
   source lines. Returns NULL when the file cannot be read or any row is bad; every problem
   is then appended to errors as "file:line: column: message". The caller owns the result. */
Dure__V1__ImportOrders *durectl_orders_csv_read(const char *path, durectl_csv_errors_t *errors);

/* The same from an in-memory text, called name in messages. */
Dure__V1__ImportOrders *durectl_orders_csv_read_buffer(const char *name, const char *text,
                                                       durectl_csv_errors_t *errors);

/* Frees a message from durectl_orders_csv_read*() and nulls the caller's pointer. */
void durectl_orders_csv_destroy(Dure__V1__ImportOrders **self_p);

/* Parses an ISO 8601 time with an offset or Z, "2016-02-03T10:15:00+09:00" (seconds and a
   fraction optional, offset also as +0900), into UTC milliseconds and the offset in minutes
   (either may be NULL). Returns 0, or -1 when value is not such a time. */
int durectl_orders_csv_parse_time(const char *value, int64_t *utc_ms, int *offset_minutes);

/* Channel of a CSV word b2c, b2b or b2g (any case), or CHANNEL_UNSPECIFIED. */
Dure__V1__Channel durectl_orders_channel_from_word(const char *word);

/* The CSV word of a channel, or "" (borrowed, static). */
const char *durectl_orders_channel_word(Dure__V1__Channel channel);

#endif
