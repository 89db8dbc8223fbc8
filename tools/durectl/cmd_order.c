/*  cmd_order.c - `durectl order`: place, get, cancel, list and import orders.

      durectl order place --customer C --channel b2c|b2b|b2g --line PRODUCT_ID:QTY [--line ...]
                          --idempotency-key K [--institution NAME] [--payment-ref REF]
                          --postcode NNNNN --address LINE1 [--address2 LINE2]
                          --recipient NAME --phone 010-1234-5678
      durectl order get ID
      durectl order cancel ID [--reason TEXT]
      durectl order list [--customer C] [--status S] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                         [--page-size N] [--page-token T]
      durectl order import FILE.csv

    Tables by default, the reply as JSON with --json. Recipient, phone and address are masked
    unless --reveal. Dates of --from/--to are days of the mall (Asia/Seoul, UTC+9), --to
    included. An import is checked whole on this side first (every bad row is listed with its
    line) and then sent as one ImportOrders request: all rows or none.
*/
#include "csv.h"
#include "durectl.h"
#include "orders_csv.h"

#define S_MAX_LINES 100                    /* --line options of one order */
#define S_SEOUL_OFFSET_MS (9 * 3600 * 1000LL) /* days of --from/--to are Seoul days */
#define S_DAY_MS 86400000LL

static int s_usage(void)
{
    fprintf(stderr,
            "usage: durectl order place --customer C --channel b2c|b2b|b2g --line PRODUCT:QTY...\n"
            "                           --idempotency-key K [--institution NAME]"
            " [--payment-ref REF]\n"
            "                           --postcode NNNNN --address LINE1 [--address2 LINE2]\n"
            "                           --recipient NAME --phone NUMBER\n"
            "       durectl order get ID\n"
            "       durectl order cancel ID [--reason TEXT]\n"
            "       durectl order list [--customer C] [--status S] [--from DATE] [--to DATE]\n"
            "                          [--page-size N] [--page-token T]\n"
            "       durectl order import FILE.csv\n");
    return 2;
}

static const char *s_status(Dure__V1__OrderStatus status)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&dure__v1__order_status__descriptor, (int) status);
    return v ? v->name + strlen("ORDER_") : "?";
}

static const char *s_time(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t) (ms / 1000 + 9 * 3600); /* shown in the mall's zone */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S+09", &tm);
    return buf;
}

static const char *s_opt(int argc, char **argv, const char *name)
{
    const char *v = durectl_option(argc, argv, name);
    return v ? v : "";
}

/* Parses "PRODUCT:QTY" into line (strings borrowed from arg). Returns 0 or -1. */
static int s_parse_line(char *arg, Dure__V1__OrderLineRequest *line)
{
    char *colon = strrchr(arg, ':');
    long long qty;
    if (!colon || colon == arg || durectl_csv_parse_int(colon + 1, 1, 1000000, &qty) != 0)
        return -1;
    *colon = '\0';
    dure__v1__order_line_request__init(line);
    line->product_id = arg;
    line->quantity = qty;
    return 0;
}

static int s_place(durectl_t *ctx, int argc, char **argv)
{
    const char *values[S_MAX_LINES + 1];
    int n = durectl_options(argc, argv, "line", values, S_MAX_LINES + 1);
    const char *key = durectl_option(argc, argv, "idempotency-key");
    Dure__V1__Channel channel = durectl_orders_channel_from_word(s_opt(argc, argv, "channel"));
    if (n == 0 || n > S_MAX_LINES || !key || channel == DURE__V1__CHANNEL__CHANNEL_UNSPECIFIED) {
        fprintf(stderr, "durectl order place: --channel, --idempotency-key and 1 to %d --line "
                        "options are required\n", S_MAX_LINES);
        return s_usage();
    }
    Dure__V1__OrderLineRequest lines[S_MAX_LINES];
    Dure__V1__OrderLineRequest *ptrs[S_MAX_LINES];
    char *copies[S_MAX_LINES];
    int rc = 0;
    for (int i = 0; i < n; i++) {
        copies[i] = dure_strdup(values[i]);
        ptrs[i] = &lines[i];
        if (s_parse_line(copies[i], &lines[i]) != 0) {
            fprintf(stderr, "durectl order place: --line %s: expected PRODUCT_ID:QUANTITY\n",
                    values[i]);
            rc = 2;
        }
    }
    Dure__V1__Address address = DURE__V1__ADDRESS__INIT;
    address.postcode = (char *) s_opt(argc, argv, "postcode");
    address.line1 = (char *) s_opt(argc, argv, "address");
    address.line2 = (char *) s_opt(argc, argv, "address2");
    address.recipient = (char *) s_opt(argc, argv, "recipient");
    address.phone = (char *) s_opt(argc, argv, "phone");
    Dure__V1__PlaceOrder req = DURE__V1__PLACE_ORDER__INIT;
    req.customer_id = (char *) s_opt(argc, argv, "customer");
    req.channel = channel;
    req.institution = (char *) s_opt(argc, argv, "institution");
    req.payment_ref = (char *) s_opt(argc, argv, "payment-ref");
    req.lines = ptrs;
    req.n_lines = (size_t) n;
    req.address = &address;
    dure_response_t res = {0};
    if (rc == 0)
        rc = durectl_call(ctx, "order", &req.base, key, &dure__v1__place_order_reply__descriptor,
                          &res);
    if (rc == 0) {
        const Dure__V1__PlaceOrderReply *r = (const Dure__V1__PlaceOrderReply *) res.payload;
        if (ctx->json)
            durectl_print_message(ctx, res.payload);
        else
            printf("order %s %s%s: total %s won (supply %s, VAT %s)\n", r->order_id,
                   s_status(r->status), r->replayed ? " (already placed with this key)" : "",
                   durectl_won(r->total_krw, 0), durectl_won(r->supply_krw, 1),
                   durectl_won(r->vat_krw, 2));
    }
    dure_response_clear(&res);
    for (int i = 0; i < n; i++)
        free(copies[i]);
    return rc;
}

static void s_print_order(durectl_t *ctx, const Dure__V1__Order *o)
{
    char when[40];
    printf("order     %s  %s\n", o->id, s_status(o->status));
    printf("customer  %s  channel %s%s%s\n", o->customer_id,
           durectl_orders_channel_word(o->channel), *o->institution ? "  institution " : "",
           o->institution);
    printf("placed    %s%s%s\n", s_time(o->created_at_ms, when, sizeof when),
           *o->import_ref ? "  imported as " : "", o->import_ref);
    printf("total     %s won  (supply %s, VAT %s)  payment %s  campaign %s\n",
           durectl_won(o->total_krw, 0), durectl_won(o->supply_krw, 1), durectl_won(o->vat_krw, 2),
           *o->payment_ref ? o->payment_ref : "-", *o->campaign_id ? o->campaign_id : "-");
    if (o->address && *o->address->line1) {
        printf("ship to   %s ", o->address->postcode);
        printf("%s ", durectl_mask(ctx, o->address->line1));
        printf("%s, ", durectl_mask(ctx, o->address->line2));
        printf("%s ", durectl_mask(ctx, o->address->recipient));
        printf("%s\n", durectl_mask(ctx, o->address->phone));
    }
    const char *lh[] = {"PRODUCT", "NAME", "SELLER", "QTY", "UNIT", "TOTAL", "VAT", "SHIPS", NULL};
    durectl_table_t *t = durectl_table_new(lh);
    for (size_t i = 0; i < o->n_lines; i++) {
        const Dure__V1__OrderLine *l = o->lines[i];
        durectl_table_cell(t, "%s", l->product_id);
        durectl_table_cell(t, "%s", l->product_name);
        durectl_table_cell(t, "%s", l->enterprise_id);
        durectl_table_cell(t, "%lld", (long long) l->quantity);
        durectl_table_cell(t, "%s", durectl_won(l->unit_price_krw, 0));
        durectl_table_cell(t, "%s", durectl_won(l->line_total_krw, 1));
        durectl_table_cell(t, "%s", l->tax_class == DURE__V1__TAX_CLASS__TAX_EXEMPT ? "exempt"
                                                                                     : "10%");
        durectl_table_cell(t, "%s", l->physical ? "yes" : "no");
        durectl_table_end_row(t);
    }
    printf("\n");
    durectl_table_print(&t, stdout);
    if (o->n_history) {
        const char *hh[] = {"AT", "STATUS", "CAUSE", "NOTE", NULL};
        t = durectl_table_new(hh);
        for (size_t i = 0; i < o->n_history; i++) {
            const Dure__V1__OrderHistoryEntry *h = o->history[i];
            durectl_table_cell(t, "%s", s_time(h->at_ms, when, sizeof when));
            durectl_table_cell(t, "%s", s_status(h->status));
            durectl_table_cell(t, "%s", h->cause_type);
            durectl_table_cell(t, "%s", h->note);
            durectl_table_end_row(t);
        }
        printf("\n");
        durectl_table_print(&t, stdout);
    }
    for (size_t i = 0; i < o->n_shipments; i++)
        printf("%sshipment  %s  seller %s  status %d\n", i ? "" : "\n", o->shipments[i]->shipment_id,
               o->shipments[i]->enterprise_id, (int) o->shipments[i]->status);
}

static int s_get(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return s_usage();
    Dure__V1__GetOrder req = DURE__V1__GET_ORDER__INIT;
    req.order_id = argv[1];
    dure_response_t res;
    int rc = durectl_call(ctx, "order", &req.base, NULL, &dure__v1__get_order_reply__descriptor,
                          &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0)
        s_print_order(ctx, ((const Dure__V1__GetOrderReply *) res.payload)->order);
    dure_response_clear(&res);
    return rc;
}

static int s_cancel(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return s_usage();
    Dure__V1__CancelOrder req = DURE__V1__CANCEL_ORDER__INIT;
    req.order_id = argv[1];
    req.reason = (char *) s_opt(argc, argv, "reason");
    dure_response_t res;
    int rc = durectl_call(ctx, "order", &req.base, NULL,
                          &dure__v1__cancel_order_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__Order *o = ((const Dure__V1__CancelOrderReply *) res.payload)->order;
        printf("order %s %s: refund %s won to payment %s\n", o->id, s_status(o->status),
               durectl_won(o->total_krw, 0), *o->payment_ref ? o->payment_ref : "-");
    }
    dure_response_clear(&res);
    return rc;
}

/* Parses a --from/--to day into UTC ms of its Seoul midnight (next day's for --to). */
static int s_day(const char *value, int end, int64_t *ms)
{
    long days;
    if (!value)
        return 0;
    if (durectl_csv_parse_date(value, &days) != 0)
        return -1;
    *ms = (int64_t) (days + end) * S_DAY_MS - S_SEOUL_OFFSET_MS;
    return 0;
}

static int s_list(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__ListOrders req = DURE__V1__LIST_ORDERS__INIT;
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    const char *status = durectl_option(argc, argv, "status");
    const char *size = durectl_option(argc, argv, "page-size");
    long long n = 50;
    req.customer_id = (char *) s_opt(argc, argv, "customer");
    if (status) {
        const ProtobufCEnumValue *v = NULL;
        char name[48];
        snprintf(name, sizeof name, "ORDER_%s", status);
        for (char *c = name; *c; c++)
            *c = (char) toupper((unsigned char) *c);
        v = protobuf_c_enum_descriptor_get_value_by_name(&dure__v1__order_status__descriptor, name);
        if (!v) {
            fprintf(stderr, "durectl order list: unknown status %s\n", status);
            return 2;
        }
        req.status = (Dure__V1__OrderStatus) v->value;
    }
    if (s_day(durectl_option(argc, argv, "from"), 0, &req.from_ms) != 0 ||
        s_day(durectl_option(argc, argv, "to"), 1, &req.to_ms) != 0 ||
        (size && durectl_csv_parse_int(size, 1, 500, &n) != 0)) {
        fprintf(stderr, "durectl order list: dates are YYYY-MM-DD, --page-size 1 to 500\n");
        return 2;
    }
    page.page_size = (int32_t) n;
    page.page_token = (char *) s_opt(argc, argv, "page-token");
    req.page = &page;
    dure_response_t res;
    int rc = durectl_call(ctx, "order", &req.base, NULL, &dure__v1__list_orders_reply__descriptor,
                          &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__ListOrdersReply *r = (const Dure__V1__ListOrdersReply *) res.payload;
        const char *h[] = {"ORDER", "PLACED", "CUSTOMER", "CHANNEL", "STATUS", "LINES", "TOTAL",
                           NULL};
        durectl_table_t *t = durectl_table_new(h);
        char when[40];
        for (size_t i = 0; i < r->n_orders; i++) {
            const Dure__V1__Order *o = r->orders[i];
            durectl_table_cell(t, "%s", o->id);
            durectl_table_cell(t, "%s", s_time(o->created_at_ms, when, sizeof when));
            durectl_table_cell(t, "%s", o->customer_id);
            durectl_table_cell(t, "%s", durectl_orders_channel_word(o->channel));
            durectl_table_cell(t, "%s", s_status(o->status));
            durectl_table_cell(t, "%zu", o->n_lines);
            durectl_table_cell(t, "%s", durectl_won(o->total_krw, 0));
            durectl_table_end_row(t);
        }
        durectl_table_print(&t, stdout);
        printf("%zu of %d orders%s%s\n", r->n_orders, r->total,
               *r->next_page_token ? "; next page: --page-token " : "", r->next_page_token);
    }
    dure_response_clear(&res);
    return rc;
}

static int s_import(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return s_usage();
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportOrders *req = durectl_orders_csv_read(argv[1], errors);
    if (!req) {
        durectl_csv_errors_print(errors, stderr);
        fprintf(stderr, "durectl order import: %zu problem(s) in %s; nothing imported\n",
                durectl_csv_errors_count(errors), argv[1]);
        durectl_csv_errors_destroy(&errors);
        return 1;
    }
    durectl_csv_errors_destroy(&errors);
    dure_response_t res;
    int rc = durectl_call(ctx, "order", &req->base, NULL,
                          &dure__v1__import_orders_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__ImportOrdersReply *r = (const Dure__V1__ImportOrdersReply *) res.payload;
        printf("imported %d orders (%d lines); %d already imported before were skipped\n",
               r->orders_imported, r->lines, r->orders_skipped);
    } else
        fprintf(stderr, "durectl order import: nothing imported\n");
    dure_response_clear(&res);
    durectl_orders_csv_destroy(&req);
    return rc;
}

int durectl_order_main(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 1)
        return s_usage();
    if (strcmp(argv[0], "place") == 0)
        return s_place(ctx, argc, argv);
    if (strcmp(argv[0], "get") == 0)
        return s_get(ctx, argc, argv);
    if (strcmp(argv[0], "cancel") == 0)
        return s_cancel(ctx, argc, argv);
    if (strcmp(argv[0], "list") == 0)
        return s_list(ctx, argc, argv);
    if (strcmp(argv[0], "import") == 0)
        return s_import(ctx, argc, argv);
    return s_usage();
}
