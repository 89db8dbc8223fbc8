/*  fuzz_order_validate.c - libFuzzer target: the order service's checks of what a frontend
    sends, before any price is known or any row is written.

    The input is decoded twice, as a dure.v1.PlaceOrder and as a dure.v1.ImportOrders (the
    same bytes often decode as both). A PlaceOrder goes through order_validate_place; a valid
    one is then priced the way place.c prices it (order_line_total, order_total_add,
    order_vat_split), with unit prices made up from the product ids so that both sane prices
    and overflowing ones occur. Every ImportOrders row goes through the checks of import.c:
    order_parse_time on ordered_at and the money arithmetic on quantity and unit price.

    Beyond "no crash, no leak, no sanitizer report", the target checks the contracts: the
    problem count equals the problems reported, a valid order really has 1-100 lines of 1-10,000
    units and an address, a refused sum really overflows, supply + VAT is the total, and a
    parsed time prints and parses back to the same instant. A broken contract aborts.

    Limits: nothing is cut; every loop is linear in the input (max_len 64 KiB) except the
    repeated-product check, which is quadratic in the lines but stops at 100 lines.

    FUZZ_SOURCES: services/order/validate.c
*/
#include "dure.h"

#include "../../services/order/validate.h"

#include <time.h>

/* Arithmetic overflow and the like are bugs here too: stop at the first report. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

#define S_FAIL(...)                                                                                \
    do {                                                                                           \
        fprintf(stderr, "fuzz_order_validate: " __VA_ARGS__);                                      \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

/* Largest unit price the import accepts (import.c, S_MAX_UNIT_PRICE). */
#define S_IMPORT_PRICE_MAX 1000000000LL

/* Counts problems and checks each has a field and a description. */
static void s_problem(void *ctx, const char *field, const char *description)
{
    if (!field || !*field || !description || !*description)
        S_FAIL("problem without field or description");
    (*(int *) ctx)++;
}

/* A unit price for a product id: FNV-1a of the id, folded so that most prices are sane (up
   to 1,000,000 won) and one id in eight gets a price near INT64_MAX, which must overflow. */
static int64_t s_price(const char *id)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *s = (const unsigned char *) id; *s; s++)
        h = (h ^ *s) * 1099511628211ULL;
    if ((h & 7) == 0)
        return (int64_t) (h >> 1);
    return (int64_t) (h % 1000001);
}

/* Sums price x quantity over n lines into *total the way place.c and import.c do, and checks
   that a refusal happens exactly when the exact sum leaves int64. Returns 0 or -1. */
static int s_sum(const int64_t *prices, const int64_t *quantities, size_t n, int64_t *total)
{
    __int128 exact = 0;
    int overflow = 0;
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        __int128 line = (__int128) prices[i] * quantities[i];
        exact += line;
        if (line > INT64_MAX || exact > INT64_MAX)
            overflow = 1;
    }
    int failed = 0;
    for (size_t i = 0; i < n && !failed; i++) {
        int64_t line = 0;
        failed = order_line_total(prices[i], quantities[i], &line) != 0 ||
                 order_total_add(total, line) != 0;
    }
    if (failed != overflow)
        S_FAIL("sum refused=%d but overflow=%d", failed, overflow);
    if (!failed && *total != (int64_t) exact)
        S_FAIL("sum %lld, expected %lld", (long long) *total, (long long) exact);
    return failed ? -1 : 0;
}

/* Splits a total and checks supply + VAT == total and VAT == floor(taxable / 11). */
static void s_vat(int64_t total, int64_t taxable)
{
    int64_t supply = -1, vat = -1;
    order_vat_split(total, taxable, &supply, &vat);
    if (vat != taxable / 11 || supply + vat != total || vat < 0 || supply < 0)
        S_FAIL("vat split of %lld (taxable %lld): supply %lld vat %lld", (long long) total,
               (long long) taxable, (long long) supply, (long long) vat);
}

static void s_place_order(const uint8_t *data, size_t size)
{
    Dure__V1__PlaceOrder *o = dure__v1__place_order__unpack(NULL, size, data);
    if (!o)
        return;
    int reported = 0;
    int bad = order_validate_place(o, s_problem, &reported);
    if (bad != reported)
        S_FAIL("order_validate_place returned %d but reported %d", bad, reported);
    if (bad == 0) {
        if (o->n_lines < 1 || o->n_lines > ORDER_MAX_LINES || !o->address)
            S_FAIL("valid order with %zu lines, address %p", o->n_lines, (void *) o->address);
        int64_t prices[ORDER_MAX_LINES], quantities[ORDER_MAX_LINES], taxable = 0, total;
        for (size_t i = 0; i < o->n_lines; i++) {
            if (o->lines[i]->quantity < 1 || o->lines[i]->quantity > ORDER_MAX_QUANTITY)
                S_FAIL("valid order with quantity %lld", (long long) o->lines[i]->quantity);
            prices[i] = s_price(o->lines[i]->product_id);
            quantities[i] = o->lines[i]->quantity;
        }
        if (s_sum(prices, quantities, o->n_lines, &total) == 0) {
            /* Lines at odd positions are taxable, the others VAT-exempt produce. */
            for (size_t i = 1; i < o->n_lines; i += 2)
                taxable += prices[i] * quantities[i]; /* cannot overflow: the total did not */
            s_vat(total, taxable);
            s_vat(total, total);
        }
    }
    dure__v1__place_order__free_unpacked(o, NULL);
}

/* Parses a time; when it parses, prints it back in UTC and checks it parses to the same
   instant and lies in the accepted years (1900-2999, give or take a day of offset). */
static void s_time(const char *text)
{
    int64_t ms = 0;
    if (order_parse_time(text, &ms) != 0)
        return;
    const int64_t low = -2208988800000LL - 86400000LL;  /* 1900-01-01 minus a day */
    const int64_t high = 32503680000000LL + 86400000LL; /* 3000-01-01 plus a day */
    if (ms < low || ms >= high)
        S_FAIL("\"%s\" parsed to %lld ms, outside 1900-2999", text, (long long) ms);
    time_t seconds = (time_t) (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm utc;
    if (!gmtime_r(&seconds, &utc))
        S_FAIL("gmtime_r failed for %lld", (long long) ms);
    char back[64];
    snprintf(back, sizeof back, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
             utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
             (int) (ms - (int64_t) seconds * 1000));
    int64_t again = 0;
    if (utc.tm_year + 1900 >= 1900 && utc.tm_year + 1900 <= 2999 &&
        (order_parse_time(back, &again) != 0 || again != ms))
        S_FAIL("\"%s\" -> %lld -> \"%s\" -> %lld", text, (long long) ms, back, (long long) again);
}

static void s_import_orders(const uint8_t *data, size_t size)
{
    Dure__V1__ImportOrders *imp = dure__v1__import_orders__unpack(NULL, size, data);
    if (!imp)
        return;
    int64_t total = 0;
    int overflowed = 0;
    for (size_t i = 0; i < imp->n_rows; i++) {
        const Dure__V1__ImportOrderRow *row = imp->rows[i];
        s_time(row->ordered_at);
        /* import.c refuses rows outside these bounds before any arithmetic. */
        if (row->quantity < 1 || row->quantity > ORDER_MAX_QUANTITY || row->unit_price_krw < 0 ||
            row->unit_price_krw > S_IMPORT_PRICE_MAX)
            continue;
        int64_t line = 0;
        if (order_line_total(row->unit_price_krw, row->quantity, &line) != 0)
            S_FAIL("in-bounds line %lld x %lld refused", (long long) row->unit_price_krw,
                   (long long) row->quantity);
        if (!overflowed && order_total_add(&total, line) != 0)
            overflowed = 1;
    }
    if (!overflowed)
        s_vat(total, total / 2);
    dure__v1__import_orders__free_unpacked(imp, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    s_place_order(data, size);
    s_import_orders(data, size);
    return 0;
}
