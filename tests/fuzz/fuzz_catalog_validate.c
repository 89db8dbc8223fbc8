/*  fuzz_catalog_validate.c - libFuzzer target: the catalog's checks of what sellers and
    operators send, and the pricing that runs on what passed them.

    The first byte picks the request, the rest is its protobuf body:
      0 UpsertProduct    -> catalog_validate_product; a valid product is priced against a few
                            built-in campaigns (best discount, discounted price, orderability)
      1 UpsertEnterprise -> catalog_validate_enterprise; a valid seller's certification is
                            checked on its first and last day and just outside them
      2 UpsertCampaign   -> catalog_validate_campaign; a valid campaign must be active on its
                            first and last day and apply to what it names
      3 ImportCatalog    -> all three over every row, then pricing of the valid products
                            against the valid campaigns and sellers of the same import
      4 QuotePrices      -> catalog_local_date on at_ms, its date through the pricing rules
    Pricing (pricing.h) only ever sees validated values in the service, so here too.

    Contracts checked (a broken one aborts): the problem count equals the problems reported
    and every field path starts with the path given; a discount is one the campaigns offer and
    a discounted price lies in [0, list price]; a local date is a terminated YYYY-MM-DD.

    Limits: an import prices at most S_PRICED products against S_PRICED campaigns, so one
    input stays linear in size. QuotePrices times are clamped below year 10000 (see s_quote:
    a known defect of catalog_local_date beyond it).

    FUZZ_SOURCES: services/catalog/validate.c services/catalog/pricing.c
*/
#include "dure.h"

#include "../../services/catalog/pricing.h"
#include "../../services/catalog/validate.h"

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

#define S_FAIL(...)                                                                                \
    do {                                                                                           \
        fprintf(stderr, "fuzz_catalog_validate: " __VA_ARGS__);                                    \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

#define S_PRICED 32                      /* products x campaigns priced per import, at most */
#define S_YEAR_10000_MS 253402300800000LL /* 10000-01-01T00:00:00Z */
#define S_DAY_MS 86400000LL

/* What a problem callback saw. */
typedef struct {
    const char *path; /* the prefix every field must carry */
    int count;        /* problems reported */
} s_seen_t;

static void s_problem(void *ctx, const char *field, const char *problem)
{
    s_seen_t *seen = ctx;
    if (!field || strncmp(field, seen->path, strlen(seen->path)) != 0 || !problem || !*problem)
        S_FAIL("problem \"%s\" on field \"%s\" outside \"%s\"", problem ? problem : "(null)",
               field ? field : "(null)", seen->path);
    seen->count++;
}

/* Runs one whole-message check and its contract; returns 1 when the value is valid. */
#define S_VALID(fn, msg, path_)                                                                    \
    __extension__({                                                                                \
        s_seen_t seen_ = {(path_), 0};                                                             \
        int bad_ = fn((msg), (path_), s_problem, &seen_);                                          \
        if (bad_ != seen_.count)                                                                   \
            S_FAIL(#fn " returned %d but reported %d", bad_, seen_.count);                         \
        bad_ == 0;                                                                                 \
    })

/* Prices a valid product against campaigns on a date and checks the outcome. */
static void s_price(const Dure__V1__Product *p, const Dure__V1__Enterprise *seller,
                    Dure__V1__Campaign *const *campaigns, size_t n, const char *date)
{
    const Dure__V1__Campaign *from = NULL;
    int discount = catalog_best_discount(campaigns, n, date, p, &from);
    if ((discount != 0 && !from) || (from && from->discount_percent != discount))
        S_FAIL("discount %d does not come from its campaign", discount);
    if (from && (!catalog_campaign_active(from, date) || !catalog_campaign_applies(from, p)))
        S_FAIL("campaign %s gives a discount it does not offer on %s", from->id, date);
    int64_t price = catalog_discounted_price(p->price_krw, discount);
    if (price < 0 || price > p->price_krw)
        S_FAIL("price %lld after %d%% off %lld", (long long) price, discount,
               (long long) p->price_krw);
    const Dure__V1__Campaign *quoted = catalog_quote_campaign(campaigns, n, date, from);
    if (quoted && !catalog_campaign_active(quoted, date))
        S_FAIL("quoted campaign %s is not active on %s", quoted->id, date);
    const char *reason = catalog_unorderable_line(p, seller, date, 1);
    if (seller && p->active && !reason && p->physical && p->stock < 1)
        S_FAIL("out of stock product orderable");
}

/* Campaigns every product is priced against: one per category code, and one by id. */
static void s_builtin_campaigns(Dure__V1__Campaign *out, Dure__V1__Campaign **ptrs,
                                const char **idp, size_t *n)
{
    static const char *const ids[] = {"c-10", "c-20", "c-30"};
    static char *categories[CATALOG_CATEGORY_COUNT];
    for (int i = 0; i < CATALOG_CATEGORY_COUNT; i++)
        categories[i] = (char *) catalog_categories[i];
    for (size_t i = 0; i < 3; i++) {
        dure__v1__campaign__init(&out[i]);
        out[i].id = (char *) ids[i];
        out[i].name = (char *) ids[i];
        out[i].starts_on = i == 2 ? "2024-06-01" : "2024-01-01";
        out[i].ends_on = "2024-12-31";
        out[i].discount_percent = (int32_t) (10 * (i + 1));
        ptrs[i] = &out[i];
    }
    out[0].n_categories = CATALOG_CATEGORY_COUNT;
    out[0].categories = categories;
    out[1].n_product_ids = 1;
    out[1].product_ids = (char **) idp;
    *n = 3;
}

static void s_product(const Dure__V1__Product *p)
{
    if (!S_VALID(catalog_validate_product, p, "product"))
        return;
    Dure__V1__Campaign campaigns[3], *ptrs[3];
    const char *id = p->id;
    size_t n = 0;
    s_builtin_campaigns(campaigns, ptrs, &id, &n);
    static const char *const dates[] = {"2023-12-31", "2024-01-01", "2024-06-15", "2025-01-01"};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        s_price(p, NULL, ptrs, n, dates[i]);
    /* c-10 names every category, c-20 this id, c-30 nothing: 20% is the best on offer. */
    if (catalog_best_discount(ptrs, n, "2024-06-15", p, NULL) != 20)
        S_FAIL("product %s does not get the 20%% campaign", p->id);
}

static void s_enterprise(const Dure__V1__Enterprise *e)
{
    if (!S_VALID(catalog_validate_enterprise, e, "enterprise"))
        return;
    const char *from = e->certified_from, *until = e->certified_until;
    if (catalog_certification_reason(from, until, from) ||
        catalog_certification_reason(from, until, until))
        S_FAIL("certification %s..%s does not cover its own days", from, until);
    if (catalog_certification_reason(from, until, "1899-12-31") == NULL ||
        catalog_certification_reason(from, until, "3000-01-01") == NULL)
        S_FAIL("certification %s..%s covers days outside it", from, until);
}

static void s_campaign(const Dure__V1__Campaign *c)
{
    if (!S_VALID(catalog_validate_campaign, c, "campaign"))
        return;
    if (!catalog_campaign_active(c, c->starts_on) || !catalog_campaign_active(c, c->ends_on))
        S_FAIL("campaign %s inactive on its own days", c->id);
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.id = c->n_product_ids ? c->product_ids[0] : "";
    p.category = c->n_categories ? c->categories[0] : "";
    if ((c->n_product_ids || c->n_categories) && !catalog_campaign_applies(c, &p))
        S_FAIL("campaign %s does not apply to what it names", c->id);
}

/* The seller of a product among the valid enterprises of an import, or NULL. */
static const Dure__V1__Enterprise *s_seller(Dure__V1__Enterprise *const *valid, size_t n,
                                            const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(valid[i]->id, id) == 0)
            return valid[i];
    return NULL;
}

static void s_import(const Dure__V1__ImportCatalog *imp)
{
    Dure__V1__Enterprise *sellers[S_PRICED];
    Dure__V1__Campaign *campaigns[S_PRICED];
    size_t ns = 0, nc = 0, priced = 0;
    char path[64];
    for (size_t i = 0; i < imp->n_enterprises; i++) {
        snprintf(path, sizeof path, "enterprises[%zu]", i);
        if (S_VALID(catalog_validate_enterprise, imp->enterprises[i], path) && ns < S_PRICED)
            sellers[ns++] = imp->enterprises[i];
    }
    for (size_t i = 0; i < imp->n_campaigns; i++) {
        snprintf(path, sizeof path, "campaigns[%zu]", i);
        if (S_VALID(catalog_validate_campaign, imp->campaigns[i], path) && nc < S_PRICED)
            campaigns[nc++] = imp->campaigns[i];
    }
    for (size_t i = 0; i < imp->n_products; i++) {
        const Dure__V1__Product *p = imp->products[i];
        snprintf(path, sizeof path, "products[%zu]", i);
        if (!S_VALID(catalog_validate_product, p, path) || priced >= S_PRICED)
            continue;
        priced++;
        const Dure__V1__Enterprise *seller = s_seller(sellers, ns, p->enterprise_id);
        for (size_t c = 0; c < nc; c++)
            s_price(p, seller, campaigns, nc, campaigns[c]->starts_on);
        if (seller)
            s_price(p, seller, campaigns, nc, seller->certified_until);
    }
}

/* The mall's date of a request time. The handler refuses at_ms < 0 and nothing above; from
   10000-01-01 on, strftime cannot fit the year and catalog_local_date leaves its buffer
   unterminated (reported; clamped here until pricing.c handles it). */
static void s_quote(const Dure__V1__QuotePrices *q)
{
    if (q->at_ms < 0)
        return;
    int64_t at_ms = q->at_ms % (S_YEAR_10000_MS - S_DAY_MS); /* a day short: any time zone */
    char date[CATALOG_DATE_LEN + 8];
    memset(date, 'X', sizeof date);
    catalog_local_date(at_ms, date);
    if (strnlen(date, CATALOG_DATE_LEN) != CATALOG_DATE_LEN - 1)
        S_FAIL("local date of %lld is not YYYY-MM-DD", (long long) at_ms);
    Dure__V1__Campaign campaigns[3], *ptrs[3];
    const char *id = "p-1";
    size_t n = 0;
    s_builtin_campaigns(campaigns, ptrs, &id, &n);
    Dure__V1__Product p = DURE__V1__PRODUCT__INIT;
    p.id = "p-1";
    p.category = "rice_grains";
    p.price_krw = 12345;
    p.active = 1;
    s_price(&p, NULL, ptrs, n, date);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    setenv("TZ", "Asia/Seoul", 1); /* the service sets its TIME_ZONE the same way */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t *body = data + 1;
    size_t len = size - 1;
    ProtobufCMessage *msg = NULL;
    switch (data[0] % 5) {
    case 0:
        msg = protobuf_c_message_unpack(&dure__v1__upsert_product__descriptor, NULL, len, body);
        if (msg)
            s_product(((Dure__V1__UpsertProduct *) msg)->product);
        break;
    case 1:
        msg = protobuf_c_message_unpack(&dure__v1__upsert_enterprise__descriptor, NULL, len, body);
        if (msg)
            s_enterprise(((Dure__V1__UpsertEnterprise *) msg)->enterprise);
        break;
    case 2:
        msg = protobuf_c_message_unpack(&dure__v1__upsert_campaign__descriptor, NULL, len, body);
        if (msg)
            s_campaign(((Dure__V1__UpsertCampaign *) msg)->campaign);
        break;
    case 3:
        msg = protobuf_c_message_unpack(&dure__v1__import_catalog__descriptor, NULL, len, body);
        if (msg)
            s_import((Dure__V1__ImportCatalog *) msg);
        break;
    default:
        msg = protobuf_c_message_unpack(&dure__v1__quote_prices__descriptor, NULL, len, body);
        if (msg)
            s_quote((Dure__V1__QuotePrices *) msg);
        break;
    }
    if (msg)
        protobuf_c_message_free_unpacked(msg, NULL);
    return 0;
}
