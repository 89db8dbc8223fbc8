/*  validate.c - well-formed catalog values.

    Text is checked as UTF-8 without control characters, because names end up in parcel
    labels, CSV exports and JSON; ids are kept to a plain ASCII alphabet so that they can be
    used verbatim in cache keys and array literals. Dates are real calendar dates.
*/
#include "validate.h"

#include <stdio.h>
#include <string.h>

const char *const catalog_categories[CATALOG_CATEGORY_COUNT] = {
    "rice_grains",       "produce_boxes", "meat_seafood",         "side_dishes_sauces",
    "processed_food",    "health_food",   "lunch_catering",       "household_goods",
    "education_culture", "services",      "computer_peripherals", "care_services",
};

const char *const catalog_regions[CATALOG_REGION_COUNT] = {
    "천안시", "공주시", "보령시", "아산시", "서산시", "논산시", "계룡시", "당진시",
    "금산군", "부여군", "서천군", "청양군", "홍성군", "예산군", "태안군",
};

static int s_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.';
}

const char *catalog_check_id(const char *id)
{
    if (!id || !*id)
        return "is required";
    size_t len = strlen(id);
    if (len > CATALOG_ID_MAX)
        return "is longer than 64 bytes";
    if (!s_id_char(id[0]) || id[0] == '.' || id[0] == '-' || id[0] == '_')
        return "must start with a letter or digit";
    for (size_t i = 0; i < len; i++)
        if (!s_id_char(id[i]))
            return "may hold only letters, digits, '-', '_' and '.'";
    return NULL;
}

/* Length of the UTF-8 sequence at s (1-4), or 0 when it is not valid UTF-8. */
static int s_utf8_char(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || (len == 2 && s[0] < 0xC2) || (len == 4 && s[0] > 0xF4))
        return 0;
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (len == 3 && s[0] == 0xE0 && s[1] < 0xA0)
        return 0; /* overlong */
    if (len == 3 && s[0] == 0xED && s[1] >= 0xA0)
        return 0; /* surrogate */
    if (len == 4 && s[0] == 0xF0 && s[1] < 0x90)
        return 0; /* overlong */
    return len;
}

const char *catalog_check_text(const char *text, int required)
{
    if (!text || !*text)
        return required ? "is required" : NULL;
    if (strlen(text) > CATALOG_TEXT_MAX)
        return "is longer than 200 bytes";
    int visible = 0;
    for (const unsigned char *s = (const unsigned char *) text; *s;) {
        int len = s_utf8_char(s);
        if (len == 0)
            return "is not valid UTF-8";
        if (len == 1 && (*s < 0x20 || *s == 0x7F))
            return "contains a control character";
        if (len > 1 || *s != ' ')
            visible = 1;
        s += len;
    }
    return visible ? NULL : "is blank";
}

static int s_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

const char *catalog_check_date(const char *date)
{
    if (!date || !*date)
        return "is required";
    if (strlen(date) != 10 || date[4] != '-' || date[7] != '-' || !s_digits(date, 4) ||
        !s_digits(date + 5, 2) || !s_digits(date + 8, 2))
        return "must be a date YYYY-MM-DD";
    int year = 0, month = 0, day = 0;
    sscanf(date, "%4d-%2d-%2d", &year, &month, &day);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1900 || year > 2999)
        return "year must be between 1900 and 2999";
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1] + (month == 2 && leap))
        return "is not a calendar date";
    return NULL;
}

const char *catalog_check_category(const char *code)
{
    if (!code || !*code)
        return "is required";
    for (int i = 0; i < CATALOG_CATEGORY_COUNT; i++)
        if (strcmp(catalog_categories[i], code) == 0)
            return NULL;
    return "is not one of the 12 category codes";
}

const char *catalog_check_region(const char *name)
{
    if (!name || !*name)
        return "is required";
    for (int i = 0; i < CATALOG_REGION_COUNT; i++)
        if (strcmp(catalog_regions[i], name) == 0)
            return NULL;
    return "is not one of Chungcheongnam-do's 15 cities and counties";
}

const char *catalog_check_postcode(const char *postcode)
{
    if (!postcode || !*postcode)
        return "is required";
    return strlen(postcode) == 5 && s_digits(postcode, 5) ? NULL : "must be five digits";
}

const char *catalog_check_phone(const char *phone)
{
    if (!phone || !*phone)
        return NULL;
    int digits = 0;
    for (const char *c = phone; *c; c++) {
        if (*c >= '0' && *c <= '9')
            digits++;
        else if (*c != '-' || c == phone || c[1] == '\0' || c[1] == '-')
            return "must be digits with single hyphens, such as 041-940-1234";
    }
    return digits >= 8 && digits <= 12 ? NULL : "must have 8 to 12 digits";
}

const char *catalog_check_carrier(const char *carrier)
{
    if (!carrier || !*carrier)
        return NULL;
    if (strlen(carrier) > CATALOG_CARRIER_MAX)
        return "is longer than 32 bytes";
    for (const char *c = carrier; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
            return "may hold only lower-case letters, digits, '-' and '_'";
    return NULL;
}

/* -- Whole messages ------------------------------------------------------------------------ */

typedef struct {
    const char *path;          /* prefix of field names */
    catalog_problem_fn report; /* where problems go */
    void *ctx;                 /* its argument */
    int count;                 /* problems reported */
} s_checker_t;

static void s_check(s_checker_t *self, const char *field, const char *problem)
{
    if (!problem)
        return;
    char name[256];
    snprintf(name, sizeof name, "%s.%s", self->path, field);
    self->report(self->ctx, name, problem);
    self->count++;
}

static const char *s_range(int64_t value, int64_t low, int64_t high, const char *message)
{
    return value < low || value > high ? message : NULL;
}

int catalog_validate_enterprise(const Dure__V1__Enterprise *e, const char *path,
                                catalog_problem_fn report, void *ctx)
{
    s_checker_t c = {path, report, ctx, 0};
    if (!e) {
        report(ctx, path, "is required");
        return 1;
    }
    s_check(&c, "id", catalog_check_id(e->id));
    s_check(&c, "name", catalog_check_text(e->name, 1));
    s_check(&c, "kind", s_range(e->kind, 1, 6, "must be one of the six enterprise kinds"));
    s_check(&c, "region", catalog_check_region(e->region));
    if (!e->ship_from)
        s_check(&c, "ship_from", "is required");
    else {
        s_check(&c, "ship_from.postcode", catalog_check_postcode(e->ship_from->postcode));
        s_check(&c, "ship_from.line1", catalog_check_text(e->ship_from->line1, 1));
        s_check(&c, "ship_from.line2", catalog_check_text(e->ship_from->line2, 0));
        s_check(&c, "ship_from.recipient", catalog_check_text(e->ship_from->recipient, 0));
        s_check(&c, "ship_from.phone", catalog_check_phone(e->ship_from->phone));
    }
    const char *from = catalog_check_date(e->certified_from);
    const char *until = catalog_check_date(e->certified_until);
    s_check(&c, "certified_from", from);
    s_check(&c, "certified_until", until);
    if (!from && !until && strcmp(e->certified_from, e->certified_until) > 0)
        s_check(&c, "certified_until", "is before certified_from");
    s_check(&c, "default_carrier", catalog_check_carrier(e->default_carrier));
    s_check(&c, "version", s_range(e->version, 0, INT64_MAX, "must not be negative"));
    return c.count;
}

static void s_check_size(s_checker_t *c, const Dure__V1__Product *p)
{
    const Dure__V1__Dimensions *size = p->size;
    int low = p->physical ? 1 : 0;
    const char *message = p->physical ? "must be 1 to 3000 mm for a physical product"
                                      : "must be 0 to 3000 mm";
    if (!size) {
        if (p->physical)
            s_check(c, "size", "is required for a physical product");
        return;
    }
    s_check(c, "size.length_mm", s_range(size->length_mm, low, CATALOG_SIDE_MAX_MM, message));
    s_check(c, "size.width_mm", s_range(size->width_mm, low, CATALOG_SIDE_MAX_MM, message));
    s_check(c, "size.height_mm", s_range(size->height_mm, low, CATALOG_SIDE_MAX_MM, message));
}

int catalog_validate_product(const Dure__V1__Product *p, const char *path,
                             catalog_problem_fn report, void *ctx)
{
    s_checker_t c = {path, report, ctx, 0};
    if (!p) {
        report(ctx, path, "is required");
        return 1;
    }
    s_check(&c, "id", catalog_check_id(p->id));
    s_check(&c, "enterprise_id", catalog_check_id(p->enterprise_id));
    s_check(&c, "category", catalog_check_category(p->category));
    s_check(&c, "name", catalog_check_text(p->name, 1));
    s_check(&c, "price_krw",
            s_range(p->price_krw, 1, CATALOG_PRICE_MAX, "must be 1 to 100,000,000 won"));
    s_check(&c, "tax_class", s_range(p->tax_class, 1, 2, "must be TAX_TAXABLE or TAX_EXEMPT"));
    if (p->physical)
        s_check(&c, "stock",
                s_range(p->stock, 0, CATALOG_STOCK_MAX, "must be 0 to 1,000,000,000 units"));
    s_check_size(&c, p);
    s_check(&c, "weight_g",
            s_range(p->weight_g, p->physical ? 1 : 0, CATALOG_WEIGHT_MAX_G,
                    p->physical ? "must be 1 to 100,000 g for a physical product"
                                : "must be 0 to 100,000 g"));
    s_check(&c, "temperature",
            s_range(p->temperature, p->physical ? 1 : 0, 3,
                    "must be TEMPERATURE_AMBIENT, TEMPERATURE_CHILLED or TEMPERATURE_FROZEN"));
    s_check(&c, "version", s_range(p->version, 0, INT64_MAX, "must not be negative"));
    return c.count;
}

int catalog_validate_campaign(const Dure__V1__Campaign *m, const char *path,
                              catalog_problem_fn report, void *ctx)
{
    s_checker_t c = {path, report, ctx, 0};
    if (!m) {
        report(ctx, path, "is required");
        return 1;
    }
    s_check(&c, "id", catalog_check_id(m->id));
    s_check(&c, "name", catalog_check_text(m->name, 1));
    const char *from = catalog_check_date(m->starts_on);
    const char *until = catalog_check_date(m->ends_on);
    s_check(&c, "starts_on", from);
    s_check(&c, "ends_on", until);
    if (!from && !until && strcmp(m->starts_on, m->ends_on) > 0)
        s_check(&c, "ends_on", "is before starts_on");
    s_check(&c, "discount_percent",
            s_range(m->discount_percent, 0, CATALOG_DISCOUNT_MAX, "must be 0 to 90"));
    if (m->n_categories + m->n_product_ids > CATALOG_CAMPAIGN_ITEMS_MAX)
        s_check(&c, "product_ids", "names more than 1000 categories and products");
    char field[64];
    for (size_t i = 0; i < m->n_categories; i++) {
        snprintf(field, sizeof field, "categories[%zu]", i);
        s_check(&c, field, catalog_check_category(m->categories[i]));
    }
    for (size_t i = 0; i < m->n_product_ids; i++) {
        snprintf(field, sizeof field, "product_ids[%zu]", i);
        s_check(&c, field, catalog_check_id(m->product_ids[i]));
    }
    return c.count;
}
