/*  demo_catalog.c - the deterministic demo catalog, shaped like the category table.

    Plan first, then write. The plan gives each of the U distinct enterprises one home
    category, and lets some categories also be served by enterprises at home elsewhere (their
    template's partners), until the memberships add up to the table's enterprise column: with
    S memberships and U sellers, S - U of them are shared. Each category then spreads its
    products over its members, at least one each. All randomness comes from one splitmix64
    state seeded with DURECTL_DEMO_SEED, consumed in a fixed order.
*/
#include "demo_catalog.h"

#include "catalog_csv.h"
#include "categories.h"
#include "csv.h"
#include "demo_orders.h"
#include "demo_templates.h"
#include "regions.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_MAX_NAME 192  /* bytes of a generated name */
#define S_PLACE_BYTES 6 /* every region is three syllables; the place is the first two */

/* One row of the category table with the plan for it. */
typedef struct {
    const durectl_demo_category_t *tpl; /* templates for its code */
    int products, enterprises;          /* the table's counts */
    int homes;                          /* sellers at home here */
    int *members;                       /* seller indices, homes first */
    int n_members;                      /* entries used in members */
} s_cat_t;

/* One generated seller. */
typedef struct {
    int home;              /* index of its home category */
    int memberships;       /* categories it sells in */
    const char *region;    /* one of durectl_regions */
    char name[S_MAX_NAME]; /* display name */
} s_ent_t;

/* The whole plan. */
typedef struct {
    s_cat_t cats[DURECTL_CATEGORY_COUNT]; /* in table order */
    int n_cats;                           /* rows in the table */
    int distinct;                         /* distinct sellers wanted */
    s_ent_t *ents;                        /* distinct sellers, owned */
    uint64_t rng;                         /* splitmix64 state */
} s_plan_t;

uint64_t durectl_demo_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t durectl_demo_rand_below(uint64_t *state, uint64_t n)
{
    return durectl_demo_rand(state) % n;
}

static int s_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *durectl_demo_shared_path(const char *name)
{
    char *path = NULL;
    if (asprintf(&path, "%s/data/%s", DURECTL_DEMO_SHARED_DIR, name) >= 0 && s_exists(path))
        return path;
    free(path);
    const char *env = getenv(DURECTL_DEMO_SHARED_ENV);
    const char *formats[] = {"%s/data/%s", "%s/%s"};
    for (size_t i = 0; env && *env && i < 2; i++) {
        path = NULL;
        if (asprintf(&path, formats[i], env, name) >= 0 && s_exists(path))
            return path;
        free(path);
    }
    return NULL;
}

static int s_error(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int s_error(char *err, size_t err_size, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    if (err && err_size)
        vsnprintf(err, err_size, fmt, args);
    va_end(args);
    return -1;
}

/* The "# totals: N products, M distinct enterprises" comment, if the table has one. */
static int s_read_distinct(const char *path)
{
    FILE *file = fopen(path, "r");
    char line[512];
    int products = 0, distinct = 0;
    while (file && fgets(line, sizeof line, file))
        if (sscanf(line, "# totals: %d products, %d distinct enterprises", &products, &distinct) ==
            2)
            break;
    if (file)
        fclose(file);
    return distinct > 0 ? distinct : DURECTL_DEMO_DEFAULT_ENTERPRISES;
}

static int s_read_row(s_plan_t *plan, const durectl_csv_t *csv, char *err, size_t err_size)
{
    const char *code = durectl_csv_field(csv, 0);
    long long products = 0, enterprises = 0;
    if (plan->n_cats == DURECTL_CATEGORY_COUNT)
        return s_error(err, err_size, "more than %d categories", DURECTL_CATEGORY_COUNT);
    s_cat_t *cat = &plan->cats[plan->n_cats++];
    cat->tpl = durectl_demo_category(code);
    if (!cat->tpl || durectl_csv_parse_int(durectl_csv_field(csv, 3), 0, 100000, &products) ||
        durectl_csv_parse_int(durectl_csv_field(csv, 4), 0, 100000, &enterprises) ||
        enterprises > products || (products > 0 && enterprises == 0))
        return s_error(err, err_size, "line %d: unknown category or bad counts",
                       durectl_csv_line(csv));
    cat->products = (int)products;
    cat->enterprises = (int)enterprises;
    return 0;
}

static int s_read_table(s_plan_t *plan, const char *path, char *err, size_t err_size)
{
    static const char *const header[] = {"code", "name_ko", "name_en", "products", "enterprises"};
    durectl_csv_t *csv = durectl_csv_open(path);
    if (!csv)
        return s_error(err, err_size, "%s: %s", path, strerror(errno));
    int rc = durectl_csv_next(csv), failed = 0;
    if (rc != DURECTL_CSV_RECORD || !durectl_csv_matches(csv, header, 5))
        failed = s_error(err, err_size, "%s: not a category table", path);
    while (!failed && (rc = durectl_csv_next(csv)) != DURECTL_CSV_END)
        failed = rc == DURECTL_CSV_BAD ? s_error(err, err_size, "%s:%d: %s", path,
                                                 durectl_csv_line(csv), durectl_csv_error(csv))
                                       : s_read_row(plan, csv, err, err_size);
    durectl_csv_destroy(&csv);
    plan->distinct = s_read_distinct(path);
    return failed;
}

/* Decides how many sellers of each category are shared: template shares first, then any
   category that still keeps one home seller, then any at all. */
static int s_plan_shares(s_plan_t *plan, int *shared, char *err, size_t err_size)
{
    int memberships = 0;
    for (int c = 0; c < plan->n_cats; c++) {
        memberships += plan->cats[c].enterprises;
        if (plan->cats[c].enterprises > plan->distinct)
            return s_error(err, err_size, "%s has more sellers than the mall",
                           plan->cats[c].tpl->code);
    }
    int need = memberships - plan->distinct;
    if (need < 0)
        return s_error(err, err_size, "%d distinct sellers but only %d memberships", plan->distinct,
                       memberships);
    for (int phase = 0; phase < 3 && need > 0; phase++) {
        for (int progress = 1; progress && need > 0;) {
            progress = 0;
            for (int c = 0; c < plan->n_cats && need > 0; c++) {
                const s_cat_t *cat = &plan->cats[c];
                int cap = phase == 0 ? cat->tpl->shares : cat->enterprises - (phase == 1);
                if (cap > cat->enterprises - (phase < 2))
                    cap = cat->enterprises - (phase < 2);
                if (shared[c] < cap) {
                    shared[c]++;
                    need--;
                    progress = 1;
                }
            }
        }
    }
    return need ? s_error(err, err_size, "cannot share %d more sellers", need) : 0;
}

/* Rank of category c as a source of shared sellers for cat: its partners in their order,
   then everything else. */
static int s_partner_rank(const s_plan_t *plan, const s_cat_t *cat, int c)
{
    const char *partners = cat->tpl->partners, *code = plan->cats[c].tpl->code;
    int rank = 0;
    for (const char *p = partners; *p; rank++) {
        size_t len = strcspn(p, "|");
        if (len == strlen(code) && strncmp(p, code, len) == 0)
            return rank;
        p += len + (p[len] == '|');
    }
    return 100;
}

static int s_is_member(const s_cat_t *cat, int e)
{
    for (int i = 0; i < cat->n_members; i++)
        if (cat->members[i] == e)
            return 1;
    return 0;
}

/* Adds `count` sellers from elsewhere to cat: best partner rank first, then the seller with
   the fewest categories so far, so sharing is spread out. */
static void s_borrow(s_plan_t *plan, s_cat_t *cat, int count)
{
    for (int k = 0; k < count; k++) {
        int best = -1, best_rank = 0;
        for (int e = 0; e < plan->distinct; e++) {
            if (s_is_member(cat, e))
                continue;
            int rank =
                s_partner_rank(plan, cat, plan->ents[e].home) * 1000 + plan->ents[e].memberships;
            if (best < 0 || rank < best_rank) {
                best = e;
                best_rank = rank;
            }
        }
        cat->members[cat->n_members++] = best;
        plan->ents[best].memberships++;
    }
}

static int s_plan(s_plan_t *plan, char *err, size_t err_size)
{
    int shared[DURECTL_CATEGORY_COUNT] = {0};
    if (s_plan_shares(plan, shared, err, err_size) < 0)
        return -1;
    plan->ents = calloc((size_t)plan->distinct, sizeof *plan->ents);
    if (!plan->ents)
        abort();
    int next = 0;
    for (int c = 0; c < plan->n_cats; c++) {
        s_cat_t *cat = &plan->cats[c];
        cat->members = calloc((size_t)cat->enterprises + 1, sizeof *cat->members);
        if (!cat->members)
            abort();
        cat->homes = cat->enterprises - shared[c];
        for (int h = 0; h < cat->homes; h++, next++) {
            plan->ents[next].home = c;
            plan->ents[next].memberships = 1;
            cat->members[cat->n_members++] = next;
        }
    }
    for (int c = 0; c < plan->n_cats; c++)
        s_borrow(plan, &plan->cats[c], shared[c]);
    return 0;
}

static int s_name_taken(const s_plan_t *plan, int upto, const char *name)
{
    for (int i = 0; i < upto; i++)
        if (strcmp(plan->ents[i].name, name) == 0)
            return 1;
    return 0;
}

/* Region and name of seller e: a region the category is known for, then any other region
   whose name is still free. */
static void s_name_seller(s_plan_t *plan, int e, const durectl_demo_maker_t *maker)
{
    s_ent_t *ent = &plan->ents[e];
    const durectl_demo_category_t *tpl = plan->cats[ent->home].tpl;
    size_t first = (size_t)durectl_demo_rand_below(&plan->rng, tpl->n_regions);
    for (size_t k = 0; k < tpl->n_regions + DURECTL_REGION_COUNT; k++) {
        ent->region = k < tpl->n_regions ? tpl->regions[(first + k) % tpl->n_regions]
                                         : durectl_regions[k - tpl->n_regions];
        snprintf(ent->name, sizeof ent->name, "%.*s %s", S_PLACE_BYTES, ent->region, maker->name);
        if (!s_name_taken(plan, e, ent->name))
            return;
    }
    snprintf(ent->name + strlen(ent->name), sizeof ent->name - strlen(ent->name), " %d", e + 1);
}

static int s_write_date(char *out, size_t size, uint64_t *rng)
{
    /* Certified between 2012 and 2017: long before August 2018, the table's month. */
    return snprintf(out, size, "%04d-%02d-%02d", 2012 + (int)durectl_demo_rand_below(rng, 6),
                    1 + (int)durectl_demo_rand_below(rng, 12),
                    1 + (int)durectl_demo_rand_below(rng, 28));
}

static int s_write_enterprises(s_plan_t *plan, FILE *out)
{
    int rc = 0;
    for (int i = 0; i < DURECTL_ENTERPRISE_COLUMNS; i++)
        rc |= durectl_csv_write_field(out, durectl_enterprise_columns[i],
                                      i == DURECTL_ENTERPRISE_COLUMNS - 1);
    for (int e = 0; e < plan->distinct; e++) {
        s_ent_t *ent = &plan->ents[e];
        const s_cat_t *cat = &plan->cats[ent->home];
        int rank = 0;
        for (int j = 0; j < e; j++)
            rank += plan->ents[j].home == ent->home;
        const durectl_demo_maker_t *maker = &cat->tpl->makers[rank % (int)cat->tpl->n_makers];
        s_name_seller(plan, e, maker);
        char id[16], postcode[8], address[S_MAX_NAME], phone[20], from[16];
        snprintf(id, sizeof id, "ent-%03d", e + 1);
        snprintf(postcode, sizeof postcode, "%s%02d", durectl_demo_postcode_prefix(ent->region),
                 10 + (int)durectl_demo_rand_below(&plan->rng, 80));
        snprintf(address, sizeof address, "%s %s %s %d", DURECTL_PROVINCE, ent->region,
                 durectl_demo_roads[durectl_demo_rand_below(&plan->rng, durectl_demo_n_roads)],
                 1 + (int)durectl_demo_rand_below(&plan->rng, 240));
        snprintf(phone, sizeof phone, "041-%03d-%04d",
                 330 + (int)durectl_demo_rand_below(&plan->rng, 670),
                 (int)durectl_demo_rand_below(&plan->rng, 10000));
        s_write_date(from, sizeof from, &plan->rng);
        const char *carrier = cat->tpl->carrier ? cat->tpl->carrier
                                                : durectl_demo_carriers[durectl_demo_rand_below(
                                                      &plan->rng, durectl_demo_n_carriers)];
        const char *row[DURECTL_ENTERPRISE_COLUMNS] = {
            id,          ent->name, durectl_catalog_kind_word(maker->kind),
            ent->region, postcode,  address,
            phone,       from,      DURECTL_DEMO_CERTIFIED_UNTIL,
            carrier};
        for (int i = 0; i < DURECTL_ENTERPRISE_COLUMNS; i++)
            rc |= durectl_csv_write_field(out, row[i], i == DURECTL_ENTERPRISE_COLUMNS - 1);
    }
    return rc;
}

/* A price near the typical one: within 10 %, rounded to 100 won (1,000 from 10,000 won). */
static long s_price(int typical, uint64_t *rng)
{
    long price = (long)typical * (90 + (long)durectl_demo_rand_below(rng, 21)) / 100;
    long step = price >= 10000 ? 1000 : 100;
    price = (price + step / 2) / step * step;
    return price < step ? step : price;
}

static const char *s_temperature_word(Dure__V1__TemperatureClass t)
{
    return t == DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED  ? "chilled"
           : t == DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_FROZEN ? "frozen"
                                                                  : "ambient";
}

static int s_write_product(s_plan_t *plan, FILE *out, int number, int seller, const s_cat_t *cat,
                           const durectl_demo_item_t *item)
{
    const s_ent_t *ent = &plan->ents[seller];
    char id[16], ent_id[16], name[S_MAX_NAME], price[24], stock[24], size[3][16], weight[16];
    snprintf(id, sizeof id, "p-%04d", number);
    snprintf(ent_id, sizeof ent_id, "ent-%03d", seller + 1);
    snprintf(name, sizeof name, "%.*s %s", S_PLACE_BYTES, ent->region, item->name);
    snprintf(price, sizeof price, "%ld", s_price(item->price_krw, &plan->rng));
    snprintf(stock, sizeof stock, "%d",
             item->physical ? 20 + (int)durectl_demo_rand_below(&plan->rng, 481) : 0);
    snprintf(size[0], sizeof size[0], "%d", item->length_mm);
    snprintf(size[1], sizeof size[1], "%d", item->width_mm);
    snprintf(size[2], sizeof size[2], "%d", item->height_mm);
    /* The same product of another seller weighs a little more or less. */
    snprintf(weight, sizeof weight, "%d",
             item->weight_g * (97 + (int)durectl_demo_rand_below(&plan->rng, 7)) / 100);
    const char *row[DURECTL_PRODUCT_COLUMNS] = {id,
                                                ent_id,
                                                cat->tpl->code,
                                                name,
                                                price,
                                                item->exempt ? "exempt" : "taxable",
                                                stock,
                                                size[0],
                                                size[1],
                                                size[2],
                                                weight,
                                                s_temperature_word(item->temperature),
                                                item->fragile ? "true" : "false",
                                                item->physical ? "true" : "false",
                                                "true"};
    int rc = 0;
    for (int i = 0; i < DURECTL_PRODUCT_COLUMNS; i++)
        rc |= durectl_csv_write_field(out, row[i], i == DURECTL_PRODUCT_COLUMNS - 1);
    return rc;
}

/* Every member of a category sells at least one of its products; home sellers get the
   remainder first. Items are taken in turn from a random start. */
static int s_write_products(s_plan_t *plan, FILE *out)
{
    int rc = 0, number = 0;
    for (int i = 0; i < DURECTL_PRODUCT_COLUMNS; i++)
        rc |= durectl_csv_write_field(out, durectl_product_columns[i],
                                      i == DURECTL_PRODUCT_COLUMNS - 1);
    for (int c = 0; c < plan->n_cats; c++) {
        const s_cat_t *cat = &plan->cats[c];
        size_t next = (size_t)durectl_demo_rand_below(&plan->rng, cat->tpl->n_items);
        for (int m = 0; m < cat->n_members; m++) {
            int count = cat->products / cat->n_members + (m < cat->products % cat->n_members);
            for (int k = 0; k < count; k++, next++)
                rc |= s_write_product(plan, out, ++number, cat->members[m], cat,
                                      &cat->tpl->items[next % cat->tpl->n_items]);
        }
    }
    return rc;
}

/* "2016-seollal" and "2016-chuseok" for the holidays, as in catalog.proto, else "2016-05". */
static void s_campaign_id(char *id, size_t size, const durectl_demo_month_t *m)
{
    if (strstr(m->campaign, "Lunar New Year") || strstr(m->campaign, "설"))
        snprintf(id, size, "%04d-seollal", m->year);
    else if (strstr(m->campaign, "Chuseok") || strstr(m->campaign, "추석"))
        snprintf(id, size, "%04d-chuseok", m->year);
    else
        snprintf(id, size, "%04d-%02d", m->year, m->month);
}

static int s_campaign_row(FILE *out, const char *id, const char *name, const char *from,
                          const char *until, int discount, const char *categories)
{
    char percent[8];
    snprintf(percent, sizeof percent, "%d", discount);
    const char *row[DURECTL_CAMPAIGN_COLUMNS] = {id, name, from, until, percent, categories};
    int rc = 0;
    for (int i = 0; i < DURECTL_CAMPAIGN_COLUMNS; i++)
        rc |= durectl_csv_write_field(out, row[i], i == DURECTL_CAMPAIGN_COLUMNS - 1);
    return rc;
}

/* Historical campaigns cover their whole month, so a month's orders all fall in them and the
   sales report shows the table's campaign of the month; they discount nothing. */
static int s_write_campaigns(const char *sales_path, FILE *out, char *err, size_t err_size)
{
    int rc = 0;
    for (int i = 0; i < DURECTL_CAMPAIGN_COLUMNS; i++)
        rc |= durectl_csv_write_field(out, durectl_campaign_columns[i],
                                      i == DURECTL_CAMPAIGN_COLUMNS - 1);
    size_t n = 0;
    durectl_demo_month_t *months = NULL;
    if (sales_path && !(months = durectl_demo_sales_read(sales_path, &n, err, err_size)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        const durectl_demo_month_t *m = &months[i];
        if (!m->campaign[0])
            continue;
        char id[32], from[16], until[16];
        s_campaign_id(id, sizeof id, m);
        snprintf(from, sizeof from, "%04d-%02d-01", m->year, m->month);
        snprintf(until, sizeof until, "%04d-%02d-%02d", m->year, m->month,
                 durectl_csv_month_days(m->year, m->month));
        rc |= s_campaign_row(out, id, m->campaign, from, until, 0, "");
    }
    free(months);
    for (size_t i = 0; i < durectl_demo_n_campaigns; i++) {
        const durectl_demo_campaign_t *c = &durectl_demo_campaigns[i];
        rc |= s_campaign_row(out, c->id, c->name, c->starts_on, c->ends_on, c->discount_percent,
                             c->categories);
    }
    return rc ? s_error(err, err_size, "cannot write the campaigns") : 0;
}

static void s_plan_free(s_plan_t *plan)
{
    for (int c = 0; c < plan->n_cats; c++)
        free(plan->cats[c].members);
    free(plan->ents);
}

int durectl_demo_catalog_generate(const char *categories_path, const char *sales_path,
                                  FILE *enterprises, FILE *products, FILE *campaigns, char *err,
                                  size_t err_size)
{
    s_plan_t plan;
    memset(&plan, 0, sizeof plan);
    plan.rng = DURECTL_DEMO_SEED;
    int rc = s_read_table(&plan, categories_path, err, err_size);
    if (rc == 0)
        rc = s_plan(&plan, err, err_size);
    if (rc == 0 && (s_write_enterprises(&plan, enterprises) || s_write_products(&plan, products)))
        rc = s_error(err, err_size, "cannot write the catalog: %s", strerror(errno));
    if (rc == 0)
        rc = s_write_campaigns(sales_path, campaigns, err, err_size);
    s_plan_free(&plan);
    return rc;
}

static FILE *s_create(const char *dir, const char *name, char *err, size_t err_size)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0)
        abort();
    FILE *file = fopen(path, "wb");
    if (!file)
        s_error(err, err_size, "%s: %s", path, strerror(errno));
    free(path);
    return file;
}

int durectl_demo_catalog_write(const char *categories_path, const char *sales_path, const char *dir,
                               char *err, size_t err_size)
{
    FILE *files[3] = {
        s_create(dir, DURECTL_DEMO_ENTERPRISES_FILE, err, err_size),
        s_create(dir, DURECTL_DEMO_PRODUCTS_FILE, err, err_size),
        s_create(dir, DURECTL_DEMO_CAMPAIGNS_FILE, err, err_size),
    };
    int rc = files[0] && files[1] && files[2] ? 0 : -1;
    if (rc == 0)
        rc = durectl_demo_catalog_generate(categories_path, sales_path, files[0], files[1],
                                           files[2], err, err_size);
    for (int i = 0; i < 3; i++)
        if (files[i] && fclose(files[i]) != 0 && rc == 0)
            rc = s_error(err, err_size, "cannot write in %s: %s", dir, strerror(errno));
    return rc;
}
