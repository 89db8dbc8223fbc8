/*  cmd_catalog.c - `durectl catalog`: categories, products, stock, enterprises, campaigns,
    quotes and the CSV import.

      durectl catalog categories
      durectl catalog products [--category C] [--enterprise E] [--search TEXT] [--all]
      durectl catalog product ID [ID...]
      durectl catalog stock ID N|+N|-N
      durectl catalog enterprises [--region R]
      durectl catalog campaigns [--active-on YYYY-MM-DD]
      durectl catalog quote PRODUCT:QTY [PRODUCT:QTY...]
      durectl catalog import FILE.csv [FILE.csv...]

    Tables by default, the reply as JSON with --json. Listings fetch every page (--all also
    shows inactive products and those of lapsed sellers). An import is checked whole on this
    side first (every bad row is listed with file and line), then sent as one ImportCatalog:
    the catalog applies all rows or none, and reports any row it refuses by its line too.
*/
#include "catalog_csv.h"
#include "csv.h"
#include "durectl.h"

#define S_PAGE 500        /* page size when fetching every page */
#define S_MAX_PAGES 1000  /* stop after this many pages, whatever the server says */
#define S_MAX_ITEMS 500   /* ids or quote lines on one command line */

static int s_usage(void)
{
    fprintf(stderr,
            "usage: durectl catalog categories\n"
            "       durectl catalog products [--category C] [--enterprise E] [--search TEXT]"
            " [--all]\n"
            "       durectl catalog product ID [ID...]\n"
            "       durectl catalog stock ID N|+N|-N\n"
            "       durectl catalog enterprises [--region R]\n"
            "       durectl catalog campaigns [--active-on YYYY-MM-DD]\n"
            "       durectl catalog quote PRODUCT:QTY [PRODUCT:QTY...]\n"
            "       durectl catalog import FILE.csv [FILE.csv...]\n");
    return 2;
}

static const char *s_opt(int argc, char **argv, const char *name)
{
    const char *v = durectl_option(argc, argv, name);
    return v ? v : "";
}

/* Positional arguments after the subcommand: those not starting with "--" (a leading '-'
   followed by a digit is a number, such as a stock delta). */
static int s_positional(int argc, char **argv, const char **out, int max)
{
    int n = 0;
    for (int i = 1; i < argc && n < max; i++)
        if (strncmp(argv[i], "--", 2) != 0)
            out[n++] = argv[i];
    return n;
}

static const char *s_enum(const ProtobufCEnumDescriptor *type, int value, const char *prefix)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(type, value);
    if (!v)
        return "?";
    size_t len = strlen(prefix);
    return strncmp(v->name, prefix, len) == 0 ? v->name + len : v->name;
}

static int s_categories(durectl_t *ctx)
{
    Dure__V1__ListCategories req = DURE__V1__LIST_CATEGORIES__INIT;
    dure_response_t res;
    int rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__list_categories_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__ListCategoriesReply *r = (const Dure__V1__ListCategoriesReply *) res.payload;
        static const char *const head[] = {"CODE", "분류", "CATEGORY", "PRODUCTS", "ENTERPRISES",
                                           NULL};
        durectl_table_t *table = durectl_table_new(head);
        for (size_t i = 0; i < r->n_categories; i++) {
            const Dure__V1__Category *c = r->categories[i];
            durectl_table_cell(table, "%s", c->code);
            durectl_table_cell(table, "%s", c->name_ko);
            durectl_table_cell(table, "%s", c->name_en);
            durectl_table_cell(table, "%d", c->products);
            durectl_table_cell(table, "%d", c->enterprises);
            durectl_table_end_row(table);
        }
        durectl_table_print(&table, stdout);
        printf("%d products from %d enterprises\n", r->products, r->enterprises);
    }
    dure_response_clear(&res);
    return rc;
}

static void s_product_row(durectl_table_t *table, const Dure__V1__Product *p)
{
    durectl_table_cell(table, "%s", p->id);
    durectl_table_cell(table, "%s", p->enterprise_id);
    durectl_table_cell(table, "%s", p->category);
    durectl_table_cell(table, "%s", p->name);
    durectl_table_cell(table, "%s", durectl_won(p->price_krw, 0));
    if (p->physical)
        durectl_table_cell(table, "%lld", (long long) p->stock);
    else
        durectl_table_cell(table, "-");
    durectl_table_cell(table, "%s", p->orderable ? "yes" : p->not_orderable_reason);
    durectl_table_end_row(table);
}

static const char *const s_product_head[] = {"ID", "SELLER", "CATEGORY", "NAME", "PRICE",
                                             "STOCK", "ORDERABLE", NULL};

/* Ends a paged listing: when rc is 0, prints either the JSON document {key: all, "total":
   total} or the table followed by the footer line. Frees all and the table; returns rc. */
static int s_listing_end(int rc, json_object *all, durectl_table_t **table_p, const char *key,
                         int total, const char *footer)
{
    if (rc == 0 && all) {
        json_object *doc = json_object_new_object();
        json_object_object_add(doc, key, json_object_get(all));
        json_object_object_add(doc, "total", json_object_new_int(total));
        printf("%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY));
        json_object_put(doc);
    } else if (rc == 0) {
        durectl_table_print(table_p, stdout);
        printf("%s\n", footer);
    }
    durectl_table_destroy(table_p);
    if (all)
        json_object_put(all);
    return rc;
}

static int s_products(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    page.page_size = S_PAGE;
    Dure__V1__ListProducts req = DURE__V1__LIST_PRODUCTS__INIT;
    req.category = (char *) s_opt(argc, argv, "category");
    req.enterprise_id = (char *) s_opt(argc, argv, "enterprise");
    req.name_contains = (char *) s_opt(argc, argv, "search");
    req.include_unorderable = durectl_flag(argc, argv, "all");
    req.page = &page;
    json_object *all = ctx->json ? json_object_new_array() : NULL;
    durectl_table_t *table = ctx->json ? NULL : durectl_table_new(s_product_head);
    char token[128] = "";
    int rc = 0, pages = 0, total = 0, shown = 0;
    do {
        page.page_token = token;
        dure_response_t res;
        rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__list_products_reply__descriptor, &res);
        const Dure__V1__ListProductsReply *r = (const Dure__V1__ListProductsReply *) res.payload;
        if (rc == 0 && r) {
            for (size_t i = 0; i < r->n_products; i++, shown++) {
                if (all)
                    json_object_array_add(all, durectl_message_json(ctx, &r->products[i]->base));
                else
                    s_product_row(table, r->products[i]);
            }
            total = r->total;
            snprintf(token, sizeof token, "%s", r->next_page_token ? r->next_page_token : "");
        }
        dure_response_clear(&res);
    } while (rc == 0 && *token && ++pages < S_MAX_PAGES);
    char footer[64];
    snprintf(footer, sizeof footer, "%d of %d products", shown, total);
    return s_listing_end(rc, all, &table, "products", total, footer);
}

static void s_print_product(const Dure__V1__Product *p)
{
    printf("product   %s  %s  (version %lld)\n", p->id, p->name, (long long) p->version);
    printf("seller    %s  category %s\n", p->enterprise_id, p->category);
    printf("price     %s won  %s\n", durectl_won(p->price_krw, 0),
           s_enum(&dure__v1__tax_class__descriptor, p->tax_class, "TAX_"));
    if (p->physical)
        printf("stock     %lld  size %dx%dx%d mm  %d g  %s%s\n", (long long) p->stock,
               p->size ? p->size->length_mm : 0, p->size ? p->size->width_mm : 0,
               p->size ? p->size->height_mm : 0, p->weight_g,
               s_enum(&dure__v1__temperature_class__descriptor, p->temperature, "TEMPERATURE_"),
               p->fragile ? "  fragile" : "");
    else
        printf("stock     - (not physical: a service or experience)\n");
    printf("orderable %s%s%s\n", p->orderable ? "yes" : "no", p->orderable ? "" : ": ",
           p->not_orderable_reason);
}

static int s_product(durectl_t *ctx, int argc, char **argv)
{
    const char *ids[S_MAX_ITEMS];
    int n = s_positional(argc, argv, ids, S_MAX_ITEMS);
    if (n == 0)
        return s_usage();
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    req.ids = (char **) ids;
    req.n_ids = (size_t) n;
    dure_response_t res;
    int rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__get_products_reply__descriptor, &res);
    const Dure__V1__GetProductsReply *r = (const Dure__V1__GetProductsReply *) res.payload;
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        for (size_t i = 0; i < r->n_products; i++) {
            if (i > 0)
                printf("\n");
            s_print_product(r->products[i]);
        }
        for (size_t i = 0; i < r->n_missing; i++)
            fprintf(stderr, "durectl catalog product: no product %s\n", r->missing[i]);
    }
    if (rc == 0 && r->n_missing > 0)
        rc = 1;
    dure_response_clear(&res);
    return rc;
}

static int s_stock(durectl_t *ctx, int argc, char **argv)
{
    const char *args[2];
    if (s_positional(argc, argv, args, 2) != 2)
        return s_usage();
    long long value;
    int delta = args[1][0] == '+' || args[1][0] == '-';
    if (durectl_csv_parse_int(args[1] + (args[1][0] == '+'), -1000000000LL, 1000000000LL,
                              &value) != 0 ||
        (!delta && value < 0)) {
        fprintf(stderr, "durectl catalog stock: %s: expected N, +N or -N\n", args[1]);
        return 2;
    }
    Dure__V1__SetStock req = DURE__V1__SET_STOCK__INIT;
    req.product_id = (char *) args[0];
    req.change_case = delta ? DURE__V1__SET_STOCK__CHANGE_DELTA : DURE__V1__SET_STOCK__CHANGE_STOCK;
    if (delta)
        req.delta = value;
    else
        req.stock = value;
    dure_response_t res;
    int rc = durectl_call(ctx, "catalog", &req.base, NULL, &dure__v1__set_stock_reply__descriptor,
                          &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__Product *p = ((const Dure__V1__SetStockReply *) res.payload)->product;
        printf("%s  %s: stock %lld (version %lld)\n", p->id, p->name, (long long) p->stock,
               (long long) p->version);
    }
    dure_response_clear(&res);
    return rc;
}

static int s_enterprises(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    page.page_size = S_PAGE;
    Dure__V1__ListEnterprises req = DURE__V1__LIST_ENTERPRISES__INIT;
    req.region = (char *) s_opt(argc, argv, "region");
    req.page = &page;
    static const char *const head[] = {"ID", "NAME", "KIND", "REGION", "CERTIFIED", "CARRIER",
                                       NULL};
    json_object *all = ctx->json ? json_object_new_array() : NULL;
    durectl_table_t *table = ctx->json ? NULL : durectl_table_new(head);
    char token[128] = "";
    int rc = 0, pages = 0, total = 0;
    do {
        page.page_token = token;
        dure_response_t res;
        rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__list_enterprises_reply__descriptor, &res);
        const Dure__V1__ListEnterprisesReply *r =
            (const Dure__V1__ListEnterprisesReply *) res.payload;
        for (size_t i = 0; rc == 0 && r && i < r->n_enterprises; i++) {
            const Dure__V1__Enterprise *e = r->enterprises[i];
            if (all) {
                json_object_array_add(all, durectl_message_json(ctx, &e->base));
                continue;
            }
            durectl_table_cell(table, "%s", e->id);
            durectl_table_cell(table, "%s", e->name);
            durectl_table_cell(table, "%s",
                               s_enum(&dure__v1__enterprise_kind__descriptor, e->kind,
                                      "ENTERPRISE_"));
            durectl_table_cell(table, "%s", e->region);
            durectl_table_cell(table, "%s..%s", e->certified_from, e->certified_until);
            durectl_table_cell(table, "%s", e->default_carrier);
            durectl_table_end_row(table);
        }
        if (rc == 0 && r) {
            total = r->total;
            snprintf(token, sizeof token, "%s", r->next_page_token ? r->next_page_token : "");
        }
        dure_response_clear(&res);
    } while (rc == 0 && *token && ++pages < S_MAX_PAGES);
    char footer[64];
    snprintf(footer, sizeof footer, "%d enterprises", total);
    return s_listing_end(rc, all, &table, "enterprises", total, footer);
}

static int s_campaigns(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__ListCampaigns req = DURE__V1__LIST_CAMPAIGNS__INIT;
    req.active_on = (char *) s_opt(argc, argv, "active-on");
    dure_response_t res;
    int rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__list_campaigns_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__ListCampaignsReply *r = (const Dure__V1__ListCampaignsReply *) res.payload;
        static const char *const head[] = {"ID", "NAME", "FROM", "UNTIL", "DISCOUNT", "ON", NULL};
        durectl_table_t *table = durectl_table_new(head);
        for (size_t i = 0; i < r->n_campaigns; i++) {
            const Dure__V1__Campaign *c = r->campaigns[i];
            durectl_table_cell(table, "%s", c->id);
            durectl_table_cell(table, "%s", c->name);
            durectl_table_cell(table, "%s", c->starts_on);
            durectl_table_cell(table, "%s", c->ends_on);
            durectl_table_cell(table, "%d%%", c->discount_percent);
            durectl_table_cell(table, "%zu categories, %zu products", c->n_categories,
                               c->n_product_ids);
            durectl_table_end_row(table);
        }
        durectl_table_print(&table, stdout);
    }
    dure_response_clear(&res);
    return rc;
}

static int s_quote(durectl_t *ctx, int argc, char **argv)
{
    const char *args[S_MAX_ITEMS];
    int n = s_positional(argc, argv, args, S_MAX_ITEMS);
    if (n == 0)
        return s_usage();
    Dure__V1__QuoteLine lines[S_MAX_ITEMS], *ptrs[S_MAX_ITEMS];
    char *copies[S_MAX_ITEMS];
    int rc = 0;
    for (int i = 0; i < n; i++) {
        copies[i] = dure_strdup(args[i]);
        char *colon = strrchr(copies[i], ':');
        long long qty = 1;
        dure__v1__quote_line__init(&lines[i]);
        ptrs[i] = &lines[i];
        if (colon) {
            *colon = '\0';
            if (durectl_csv_parse_int(colon + 1, 1, 1000000, &qty) != 0) {
                fprintf(stderr, "durectl catalog quote: %s: expected PRODUCT:QTY\n", args[i]);
                rc = 2;
            }
        }
        lines[i].product_id = copies[i];
        lines[i].quantity = qty;
    }
    Dure__V1__QuotePrices req = DURE__V1__QUOTE_PRICES__INIT;
    req.lines = ptrs;
    req.n_lines = (size_t) n;
    dure_response_t res = {0};
    if (rc == 0)
        rc = durectl_call(ctx, "catalog", &req.base, NULL,
                          &dure__v1__quote_prices_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__QuotePricesReply *r = (const Dure__V1__QuotePricesReply *) res.payload;
        static const char *const head[] = {"PRODUCT", "QTY", "LIST", "DISCOUNT", "UNIT", "TOTAL",
                                           "ORDERABLE", NULL};
        durectl_table_t *table = durectl_table_new(head);
        long long sum = 0;
        for (size_t i = 0; i < r->n_lines; i++) {
            const Dure__V1__QuotedLine *l = r->lines[i];
            durectl_table_cell(table, "%s", l->product_id);
            durectl_table_cell(table, "%lld", (long long) l->quantity);
            durectl_table_cell(table, "%s", durectl_won(l->list_price_krw, 0));
            durectl_table_cell(table, "%d%%", l->discount_percent);
            durectl_table_cell(table, "%s", durectl_won(l->unit_price_krw, 1));
            durectl_table_cell(table, "%s", durectl_won(l->line_total_krw, 2));
            durectl_table_cell(table, "%s", l->orderable ? "yes" : l->reason);
            durectl_table_end_row(table);
            sum += l->line_total_krw;
        }
        durectl_table_print(&table, stdout);
        printf("total %s won%s%s%s\n", durectl_won(sum, 0), *r->campaign_id ? "  campaign " : "",
               r->campaign_id, r->orderable ? "" : "  (not every line is orderable)");
    }
    dure_response_clear(&res);
    for (int i = 0; i < n; i++)
        free(copies[i]);
    return rc;
}

static int s_import(durectl_t *ctx, int argc, char **argv)
{
    const char *paths[16];
    int n = s_positional(argc, argv, paths, 16);
    if (n == 0)
        return s_usage();
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    Dure__V1__ImportCatalog *req = durectl_catalog_csv_read(paths, (size_t) n, errors);
    if (!req) {
        durectl_csv_errors_print(errors, stderr);
        fprintf(stderr, "durectl catalog import: %zu problem(s); nothing imported\n",
                durectl_csv_errors_count(errors));
        durectl_csv_errors_destroy(&errors);
        return 1;
    }
    durectl_csv_errors_destroy(&errors);
    dure_response_t res;
    int rc = durectl_call(ctx, "catalog", &req->base, NULL,
                          &dure__v1__import_catalog_reply__descriptor, &res);
    if (rc == 0 && ctx->json)
        durectl_print_message(ctx, res.payload);
    else if (rc == 0) {
        const Dure__V1__ImportCatalogReply *r = (const Dure__V1__ImportCatalogReply *) res.payload;
        printf("imported %d enterprises, %d products, %d campaigns\n", r->enterprises, r->products,
               r->campaigns);
    } else
        fprintf(stderr, "durectl catalog import: nothing imported\n");
    dure_response_clear(&res);
    durectl_catalog_csv_destroy(&req);
    return rc;
}

int durectl_catalog_main(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 1)
        return s_usage();
    const char *cmd = argv[0];
    if (strcmp(cmd, "categories") == 0)
        return s_categories(ctx);
    if (strcmp(cmd, "products") == 0)
        return s_products(ctx, argc, argv);
    if (strcmp(cmd, "product") == 0)
        return s_product(ctx, argc, argv);
    if (strcmp(cmd, "stock") == 0)
        return s_stock(ctx, argc, argv);
    if (strcmp(cmd, "enterprises") == 0)
        return s_enterprises(ctx, argc, argv);
    if (strcmp(cmd, "campaigns") == 0)
        return s_campaigns(ctx, argc, argv);
    if (strcmp(cmd, "quote") == 0)
        return s_quote(ctx, argc, argv);
    if (strcmp(cmd, "import") == 0)
        return s_import(ctx, argc, argv);
    return s_usage();
}
