/*  validate.h - pure checks of an order's input, and its money arithmetic.

    Nothing here touches the network or the database, so every rule is unit-tested alone:
    Korean phone numbers and postcodes, quantities, line counts, the overflow-safe sum of
    line totals, and the VAT split of a total (10/110 of the taxable part, rounded down per
    order; VAT-exempt lines, such as unprocessed farm produce, are all supply value).

    order_validate_place reports every problem through a callback with the field's path
    ("lines[2].quantity", "address.phone"), so the handler turns them into field errors.
*/
#ifndef ORDER_VALIDATE_H
#define ORDER_VALIDATE_H

#include "dure/v1/order.pb-c.h"

#include <stdint.h>

#define ORDER_MAX_LINES 100            /* lines of one order, as order.proto says */
#define ORDER_MAX_QUANTITY 10000       /* units of one line */
#define ORDER_MAX_ID 64                /* bytes of a customer or product id, a key */
#define ORDER_MAX_TEXT 200             /* bytes of an address line or an institution */
#define ORDER_MAX_NAME 100             /* bytes of a recipient's name */
#define ORDER_MAX_PAYMENT_REF 128      /* bytes of a payment reference */
#define ORDER_MAX_REASON 500           /* bytes of a cancellation reason */

/* Receives one problem: the field's path and what is wrong. */
typedef void (*order_problem_fn)(void *ctx, const char *field, const char *description);

/* Returns 1 when phone is a Korean telephone number: digits with optional single hyphens
   between groups, a mobile (010-1234-5678), landline (02-123-4567, 033-123-4567), 070 or
   050x number, or a 15xx/16xx/18xx representative number. Returns 0 otherwise. */
int order_phone_valid(const char *phone);

/* Returns 1 when postcode is a five-digit Korean postal code of the 2015 system (area
   01 to 63), 0 otherwise. */
int order_postcode_valid(const char *postcode);

/* Checks a PlaceOrder as it came from the wire (before any price is known), calling
   `problem` for each invalid field. Returns the number of problems (0 = valid). */
int order_validate_place(const Dure__V1__PlaceOrder *order, order_problem_fn problem,
                         void *ctx);

/* Checks the address of an order alone, same contract. */
int order_validate_address(const Dure__V1__Address *address, order_problem_fn problem,
                           void *ctx);

/* Parses an ISO 8601 time with an offset or Z ("2016-02-03T10:15:00+09:00"; seconds and a
   fraction optional, offset also as +0900) into UTC milliseconds. Returns 0, or -1 when
   text is not such a time. */
int order_parse_time(const char *text, int64_t *utc_ms);

/* Multiplies a unit price by a quantity into *out. Returns 0, or -1 on overflow or a
   negative input. */
int order_line_total(int64_t unit_price_krw, int64_t quantity, int64_t *out);

/* Adds a line total to a running total in *total. Returns 0, or -1 on overflow (the total
   is then unchanged). */
int order_total_add(int64_t *total, int64_t line_total_krw);

/* Splits a total into supply value and VAT: VAT is floor(taxable_krw / 11) (10% VAT inside
   a VAT-included price), and supply is total - VAT. taxable_krw <= total_krw. */
void order_vat_split(int64_t total_krw, int64_t taxable_krw, int64_t *supply_krw,
                     int64_t *vat_krw);

#endif
