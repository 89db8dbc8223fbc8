/*  orders_csv.c - converts a past-orders CSV file into an ImportOrders message.

    Rows are checked field by field as they are read and kept, good or bad; then the rows are
    grouped by order number (sorted, so the check is n log n) to find orders whose rows
    disagree or repeat a product. Any problem at all drops the message: all rows or nothing.
    Every string of the message comes from malloc, freed by durectl_orders_csv_destroy().
*/
#include "orders_csv.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_MS_PER_DAY 86400000LL

static const char *const s_channel_words[] = {"", "b2c", "b2b", "b2g"};

static void *s_alloc(void *old, size_t size)
{
    void *p = realloc(old, size ? size : 1);
    if (!p) {
        fputs("durectl: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *s_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(s_alloc(NULL, n), s, n);
}

Dure__V1__Channel durectl_orders_channel_from_word(const char *word)
{
    for (int i = 1; i < 4; i++)
        if (strcasecmp(word, s_channel_words[i]) == 0)
            return (Dure__V1__Channel)i;
    return DURE__V1__CHANNEL__CHANNEL_UNSPECIFIED;
}

const char *durectl_orders_channel_word(Dure__V1__Channel channel)
{
    return channel > 0 && channel < 4 ? s_channel_words[channel] : "";
}

/* Reads exactly n digits at *s into *out and moves past them. */
static int s_digits(const char **s, int n, int *out)
{
    int value = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return -1;
        value = value * 10 + (**s - '0');
    }
    *out = value;
    return 0;
}

/* Parses "Z", "+HH:MM" or "+HHMM" (and "-") into minutes east of UTC. */
static int s_offset(const char *s, int *minutes)
{
    if (strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
        *minutes = 0;
        return 0;
    }
    if (*s != '+' && *s != '-')
        return -1;
    int sign = *s++ == '-' ? -1 : 1, hours = 0, mins = 0;
    if (s_digits(&s, 2, &hours) < 0)
        return -1;
    s += *s == ':';
    if (s_digits(&s, 2, &mins) < 0 || *s || hours > 14 || mins > 59)
        return -1;
    *minutes = sign * (hours * 60 + mins);
    return 0;
}

int durectl_orders_csv_parse_time(const char *value, int64_t *utc_ms, int *offset_minutes)
{
    char date[11];
    if (strlen(value) < 16 || (value[10] != 'T' && value[10] != 't'))
        return -1;
    memcpy(date, value, 10);
    date[10] = '\0';
    long days = 0;
    if (durectl_csv_parse_date(date, &days) < 0)
        return -1;
    const char *s = value + 11;
    int hour = 0, minute = 0, second = 0, ms = 0;
    if (s_digits(&s, 2, &hour) < 0 || *s++ != ':' || s_digits(&s, 2, &minute) < 0)
        return -1;
    if (*s == ':') {
        s++;
        if (s_digits(&s, 2, &second) < 0)
            return -1;
        if (*s == '.' || *s == ',') {
            s++;
            /* Milliseconds from up to three digits; finer digits are accepted and dropped. */
            int digits = 0;
            for (; isdigit((unsigned char)*s); s++, digits++)
                if (digits < 3)
                    ms = ms * 10 + (*s - '0');
            if (digits == 0)
                return -1;
            for (; digits < 3; digits++)
                ms *= 10;
        }
    }
    int offset = 0;
    if (hour > 23 || minute > 59 || second > 59 || s_offset(s, &offset) < 0)
        return -1;
    if (utc_ms)
        *utc_ms = (int64_t)days * S_MS_PER_DAY +
                  ((int64_t)hour * 3600 + minute * 60 + second - (int64_t)offset * 60) * 1000 + ms;
    if (offset_minutes)
        *offset_minutes = offset;
    return 0;
}

void durectl_orders_csv_destroy(Dure__V1__ImportOrders **self_p)
{
    if (!self_p || !*self_p)
        return;
    Dure__V1__ImportOrders *msg = *self_p;
    for (size_t i = 0; i < msg->n_rows; i++) {
        Dure__V1__ImportOrderRow *row = msg->rows[i];
        free(row->order_no);
        free(row->ordered_at);
        free(row->customer_id);
        free(row->product_id);
        free(row);
    }
    free(msg->rows);
    free(msg);
    *self_p = NULL;
}

/* A short one-line text field: order number, customer or product id. */
static void s_short_text(durectl_csv_errors_t *errors, const char *file, int line,
                         const char *field, const char *value)
{
    size_t len = strlen(value);
    int ok = len > 0 && len <= DURECTL_ORDER_MAX_TEXT;
    for (const char *c = value; ok && *c; c++)
        ok = (unsigned char)*c >= 0x20 && *c != 0x7f;
    if (!ok)
        durectl_csv_errors_add(errors, file, line, field,
                               "\"%s\" must be 1-%d bytes of one-line text", value,
                               DURECTL_ORDER_MAX_TEXT);
}

/* Checks and converts one record; fields that fail are reported and left zero. */
static Dure__V1__ImportOrderRow *s_row(const durectl_csv_t *csv, durectl_csv_errors_t *errors)
{
    const char *file = durectl_csv_name(csv), *const *col = durectl_order_columns;
    int line = durectl_csv_line(csv);
    Dure__V1__ImportOrderRow *row = s_alloc(NULL, sizeof *row);
    *row = (Dure__V1__ImportOrderRow)DURE__V1__IMPORT_ORDER_ROW__INIT;
    row->source_line = line;
    row->order_no = s_dup(durectl_csv_field(csv, 0));
    row->ordered_at = s_dup(durectl_csv_field(csv, 1));
    row->customer_id = s_dup(durectl_csv_field(csv, 2));
    row->product_id = s_dup(durectl_csv_field(csv, 4));
    s_short_text(errors, file, line, col[0], row->order_no);
    if (durectl_orders_csv_parse_time(row->ordered_at, NULL, NULL) < 0)
        durectl_csv_errors_add(errors, file, line, col[1],
                               "\"%s\" is not an ISO 8601 time with offset, such as "
                               "2016-02-03T10:15:00+09:00",
                               row->ordered_at);
    s_short_text(errors, file, line, col[2], row->customer_id);
    const char *channel = durectl_csv_field(csv, 3);
    row->channel = durectl_orders_channel_from_word(channel);
    if (row->channel == DURE__V1__CHANNEL__CHANNEL_UNSPECIFIED)
        durectl_csv_errors_add(errors, file, line, col[3], "\"%s\" is not b2c, b2b or b2g",
                               channel);
    s_short_text(errors, file, line, col[4], row->product_id);
    long long n = 0;
    if (durectl_csv_parse_int(durectl_csv_field(csv, 5), 1, DURECTL_ORDER_MAX_QUANTITY, &n) < 0)
        durectl_csv_errors_add(errors, file, line, col[5], "\"%s\" is not a quantity from 1 to %d",
                               durectl_csv_field(csv, 5), DURECTL_ORDER_MAX_QUANTITY);
    row->quantity = n;
    n = 0;
    if (durectl_csv_parse_int(durectl_csv_field(csv, 6), 0, DURECTL_ORDER_MAX_UNIT_PRICE, &n) < 0)
        durectl_csv_errors_add(errors, file, line, col[6],
                               "\"%s\" is not a price in won from 0 to %d",
                               durectl_csv_field(csv, 6), DURECTL_ORDER_MAX_UNIT_PRICE);
    row->unit_price_krw = n;
    return row;
}

static int s_by_order(const void *a, const void *b)
{
    const Dure__V1__ImportOrderRow *x = *(Dure__V1__ImportOrderRow *const *)a;
    const Dure__V1__ImportOrderRow *y = *(Dure__V1__ImportOrderRow *const *)b;
    int by_no = strcmp(x->order_no, y->order_no);
    return by_no ? by_no : (x->source_line > y->source_line) - (x->source_line < y->source_line);
}

/* Compares one row with the first row of its order and with the earlier rows. */
static void s_check_member(Dure__V1__ImportOrderRow **group, size_t k, const char *file,
                           durectl_csv_errors_t *errors)
{
    const Dure__V1__ImportOrderRow *first = group[0], *row = group[k];
    int line = row->source_line;
    if (strcmp(row->ordered_at, first->ordered_at) != 0)
        durectl_csv_errors_add(errors, file, line, "ordered_at",
                               "order \"%s\" has ordered_at \"%s\" on line %d", row->order_no,
                               first->ordered_at, first->source_line);
    if (strcmp(row->customer_id, first->customer_id) != 0)
        durectl_csv_errors_add(errors, file, line, "customer",
                               "order \"%s\" has customer \"%s\" on line %d", row->order_no,
                               first->customer_id, first->source_line);
    if (row->channel != first->channel)
        durectl_csv_errors_add(errors, file, line, "channel",
                               "order \"%s\" has channel \"%s\" on line %d", row->order_no,
                               durectl_orders_channel_word(first->channel), first->source_line);
    for (size_t j = 0; j < k; j++)
        if (strcmp(group[j]->product_id, row->product_id) == 0) {
            durectl_csv_errors_add(errors, file, line, "product_id",
                                   "order \"%s\" already has \"%s\" on line %d", row->order_no,
                                   row->product_id, group[j]->source_line);
            break;
        }
}

static void s_check_orders(const Dure__V1__ImportOrders *msg, const char *file,
                           durectl_csv_errors_t *errors)
{
    if (msg->n_rows == 0)
        return;
    Dure__V1__ImportOrderRow **sorted = s_alloc(NULL, msg->n_rows * sizeof *sorted);
    memcpy(sorted, msg->rows, msg->n_rows * sizeof *sorted);
    qsort(sorted, msg->n_rows, sizeof *sorted, s_by_order);
    size_t start = 0;
    for (size_t i = 1; i <= msg->n_rows; i++) {
        if (i < msg->n_rows && strcmp(sorted[i]->order_no, sorted[start]->order_no) == 0) {
            s_check_member(sorted + start, i - start, file, errors);
            continue;
        }
        start = i;
    }
    free(sorted);
}

static Dure__V1__ImportOrders *s_read(durectl_csv_t *csv, durectl_csv_errors_t *errors)
{
    size_t start = durectl_csv_errors_count(errors), cap = 0;
    const char *file = durectl_csv_name(csv);
    Dure__V1__ImportOrders *msg = s_alloc(NULL, sizeof *msg);
    *msg = (Dure__V1__ImportOrders)DURE__V1__IMPORT_ORDERS__INIT;
    int rc = durectl_csv_next(csv);
    if (rc != DURECTL_CSV_RECORD ||
        !durectl_csv_matches(csv, durectl_order_columns, DURECTL_ORDER_COLUMNS)) {
        durectl_csv_errors_add(errors, file, rc == DURECTL_CSV_END ? 1 : durectl_csv_line(csv),
                               NULL,
                               "the header must be exactly order_no,ordered_at,customer,"
                               "channel,product_id,quantity,unit_price_krw");
        durectl_orders_csv_destroy(&msg);
        return NULL;
    }
    while ((rc = durectl_csv_next(csv)) != DURECTL_CSV_END) {
        if (rc == DURECTL_CSV_BAD) {
            durectl_csv_errors_add(errors, file, durectl_csv_line(csv), NULL, "%s",
                                   durectl_csv_error(csv));
            continue;
        }
        if (msg->n_rows == cap) {
            cap = cap ? cap * 2 : 256;
            msg->rows = s_alloc(msg->rows, cap * sizeof *msg->rows);
        }
        msg->rows[msg->n_rows++] = s_row(csv, errors);
    }
    s_check_orders(msg, file, errors);
    if (durectl_csv_errors_count(errors) != start)
        durectl_orders_csv_destroy(&msg);
    return msg;
}

Dure__V1__ImportOrders *durectl_orders_csv_read(const char *path, durectl_csv_errors_t *errors)
{
    durectl_csv_t *csv = durectl_csv_open(path);
    if (!csv) {
        durectl_csv_errors_add(errors, path, 0, NULL, "cannot read: %s", strerror(errno));
        return NULL;
    }
    Dure__V1__ImportOrders *msg = s_read(csv, errors);
    durectl_csv_destroy(&csv);
    return msg;
}

Dure__V1__ImportOrders *durectl_orders_csv_read_buffer(const char *name, const char *text,
                                                       durectl_csv_errors_t *errors)
{
    durectl_csv_t *csv = durectl_csv_new_from_buffer(text, strlen(text), name);
    Dure__V1__ImportOrders *msg = s_read(csv, errors);
    durectl_csv_destroy(&csv);
    return msg;
}
