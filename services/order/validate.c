/*  validate.c - pure checks of an order's input, and its money arithmetic.

    The phone rules follow the Korean numbering plan: mobile prefixes 010 (11 digits) and
    the older 011/016-019 (10 or 11), Seoul 02 (9 or 10), the other area codes 031-064 (10
    or 11), internet phones 070 (11), personal numbers 050x (11 or 12) and representative
    numbers 15xx/16xx/18xx (8). Field paths use the names of order.proto.
*/
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define S_PHONE_MAX 20 /* characters of a phone number, hyphens included */

static const char *const s_area_codes[] = {"031", "032", "033", "041", "042", "043", "044", "051",
                                           "052", "053", "054", "055", "061", "062", "063", "064"};

/* Copies the digits of phone into digits (hyphens dropped). Returns the digit count, or -1
   when phone has another character or a misplaced hyphen. */
static int s_phone_digits(const char *phone, char *digits, size_t size)
{
    size_t len = strlen(phone), n = 0;
    if (len == 0 || len > S_PHONE_MAX || phone[0] == '-' || phone[len - 1] == '-')
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (phone[i] == '-') {
            if (phone[i + 1] == '-')
                return -1;
            continue;
        }
        if (phone[i] < '0' || phone[i] > '9' || n + 1 >= size)
            return -1;
        digits[n++] = phone[i];
    }
    digits[n] = '\0';
    return (int) n;
}

int order_phone_valid(const char *phone)
{
    char d[S_PHONE_MAX + 1];
    int n = s_phone_digits(phone ? phone : "", d, sizeof d);
    if (n < 0)
        return 0;
    if (strncmp(d, "010", 3) == 0)
        return n == 11;
    if (d[0] == '0' && d[1] == '1' && d[2] && strchr("16789", d[2]))
        return n == 10 || n == 11;
    if (strncmp(d, "02", 2) == 0)
        return n == 9 || n == 10;
    if (strncmp(d, "070", 3) == 0)
        return n == 11;
    if (strncmp(d, "050", 3) == 0)
        return n == 11 || n == 12;
    for (size_t i = 0; i < sizeof s_area_codes / sizeof *s_area_codes; i++)
        if (strncmp(d, s_area_codes[i], 3) == 0)
            return n == 10 || n == 11;
    if (d[0] == '1' && (d[1] == '5' || d[1] == '6' || d[1] == '8'))
        return n == 8;
    return 0;
}

int order_postcode_valid(const char *postcode)
{
    if (!postcode || strlen(postcode) != 5)
        return 0;
    for (int i = 0; i < 5; i++)
        if (postcode[i] < '0' || postcode[i] > '9')
            return 0;
    int area = (postcode[0] - '0') * 10 + (postcode[1] - '0');
    return area >= 1 && area <= 63;
}

/* Reports a text field that is missing (when required) or too long. Returns 1 if bad. */
static int s_text(const char *value, const char *field, int required, size_t max,
                  order_problem_fn problem, void *ctx)
{
    size_t len = value ? strlen(value) : 0;
    if (required && len == 0) {
        problem(ctx, field, "is required");
        return 1;
    }
    if (len > max) {
        char text[64];
        snprintf(text, sizeof text, "is longer than %zu bytes", max);
        problem(ctx, field, text);
        return 1;
    }
    return 0;
}

int order_validate_address(const Dure__V1__Address *a, order_problem_fn problem, void *ctx)
{
    if (!a) {
        problem(ctx, "address", "is required");
        return 1;
    }
    int bad = 0;
    if (!a->postcode || !*a->postcode)
        bad += (problem(ctx, "address.postcode", "is required"), 1);
    else if (!order_postcode_valid(a->postcode))
        bad += (problem(ctx, "address.postcode", "must be a five-digit Korean postcode"), 1);
    bad += s_text(a->line1, "address.line1", 1, ORDER_MAX_TEXT, problem, ctx);
    bad += s_text(a->line2, "address.line2", 0, ORDER_MAX_TEXT, problem, ctx);
    bad += s_text(a->recipient, "address.recipient", 1, ORDER_MAX_NAME, problem, ctx);
    if (!a->phone || !*a->phone)
        bad += (problem(ctx, "address.phone", "is required"), 1);
    else if (!order_phone_valid(a->phone))
        bad += (problem(ctx, "address.phone", "must be a Korean phone number such as "
                                              "010-1234-5678"),
                1);
    return bad;
}

/* Checks the lines: count, ids, quantities, repeated products. */
static int s_lines(const Dure__V1__PlaceOrder *o, order_problem_fn problem, void *ctx)
{
    if (o->n_lines == 0) {
        problem(ctx, "lines", "an order needs at least one line");
        return 1;
    }
    if (o->n_lines > ORDER_MAX_LINES) {
        char text[64];
        snprintf(text, sizeof text, "has %zu lines; at most %d are allowed", o->n_lines,
                 ORDER_MAX_LINES);
        problem(ctx, "lines", text);
        return 1;
    }
    int bad = 0;
    char field[48], text[128];
    for (size_t i = 0; i < o->n_lines; i++) {
        const Dure__V1__OrderLineRequest *l = o->lines[i];
        snprintf(field, sizeof field, "lines[%zu].product_id", i);
        if (s_text(l->product_id, field, 1, ORDER_MAX_ID, problem, ctx))
            bad++;
        else
            for (size_t j = 0; j < i; j++)
                if (strcmp(o->lines[j]->product_id, l->product_id) == 0) {
                    snprintf(text, sizeof text, "product is already on lines[%zu]", j);
                    problem(ctx, field, text);
                    bad++;
                    break;
                }
        if (l->quantity < 1 || l->quantity > ORDER_MAX_QUANTITY) {
            snprintf(field, sizeof field, "lines[%zu].quantity", i);
            snprintf(text, sizeof text, "must be between 1 and %d, not %lld", ORDER_MAX_QUANTITY,
                     (long long) l->quantity);
            problem(ctx, field, text);
            bad++;
        }
    }
    return bad;
}

int order_validate_place(const Dure__V1__PlaceOrder *o, order_problem_fn problem, void *ctx)
{
    int bad = s_text(o->customer_id, "customer_id", 1, ORDER_MAX_ID, problem, ctx);
    int b2g = o->channel == DURE__V1__CHANNEL__CHANNEL_B2G;
    if (o->channel < DURE__V1__CHANNEL__CHANNEL_B2C || o->channel > DURE__V1__CHANNEL__CHANNEL_B2G)
        bad += (problem(ctx, "channel", "must be B2C, B2B or B2G"), 1);
    else if (b2g)
        bad += s_text(o->institution, "institution", 1, ORDER_MAX_TEXT, problem, ctx);
    else if (o->institution && *o->institution)
        bad += (problem(ctx, "institution", "only B2G orders name a public institution"), 1);
    bad += s_text(o->payment_ref, "payment_ref", 0, ORDER_MAX_PAYMENT_REF, problem, ctx);
    bad += s_lines(o, problem, ctx);
    bad += order_validate_address(o->address, problem, ctx);
    return bad;
}

int order_line_total(int64_t unit_price_krw, int64_t quantity, int64_t *out)
{
    if (unit_price_krw < 0 || quantity < 0)
        return -1;
    int64_t total;
    if (__builtin_mul_overflow(unit_price_krw, quantity, &total))
        return -1;
    *out = total;
    return 0;
}

int order_total_add(int64_t *total, int64_t line_total_krw)
{
    int64_t sum;
    if (line_total_krw < 0 || __builtin_add_overflow(*total, line_total_krw, &sum))
        return -1;
    *total = sum;
    return 0;
}

void order_vat_split(int64_t total_krw, int64_t taxable_krw, int64_t *supply_krw,
                     int64_t *vat_krw)
{
    int64_t vat = taxable_krw > 0 ? taxable_krw / 11 : 0;
    *vat_krw = vat;
    *supply_krw = total_krw - vat;
}

/* Reads exactly n digits at *s into *out and moves past them. */
static int s_digits(const char **s, int n, int *out)
{
    int value = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (**s < '0' || **s > '9')
            return -1;
        value = value * 10 + (**s - '0');
    }
    *out = value;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t s_days(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int s_month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int order_parse_time(const char *text, int64_t *utc_ms)
{
    const char *s = text ? text : "";
    int y, mo, d, h, mi, sec = 0, ms = 0, oh = 0, om = 0, sign = 0;
    if (s_digits(&s, 4, &y) || *s++ != '-' || s_digits(&s, 2, &mo) || *s++ != '-' ||
        s_digits(&s, 2, &d) || *s++ != 'T' || s_digits(&s, 2, &h) || *s++ != ':' ||
        s_digits(&s, 2, &mi))
        return -1;
    if (*s == ':' && (s++, s_digits(&s, 2, &sec)))
        return -1;
    if (*s == '.') {
        s++;
        int digits = 0, scale = 100;
        for (; *s >= '0' && *s <= '9'; s++, digits++, scale /= 10)
            ms += scale > 0 ? (*s - '0') * scale : 0;
        if (digits == 0)
            return -1;
    }
    if (*s == 'Z')
        s++;
    else if (*s == '+' || *s == '-') {
        sign = *s++ == '-' ? -1 : 1;
        if (s_digits(&s, 2, &oh) || (*s == ':' && (s++, 0)) || s_digits(&s, 2, &om))
            return -1;
    } else
        return -1;
    if (*s || y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > s_month_days(y, mo) ||
        h > 23 || mi > 59 || sec > 59 || oh > 14 || om > 59)
        return -1;
    int64_t seconds = s_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    seconds -= sign * (oh * 3600 + om * 60);
    *utc_ms = seconds * 1000 + ms;
    return 0;
}
