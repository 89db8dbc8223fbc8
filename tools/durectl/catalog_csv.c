/*  catalog_csv.c - converts enterprise, product and campaign CSV files into one ImportCatalog.

    Rows are parsed into freshly allocated protobuf-c structs, every string and submessage
    from malloc, so one destroy function frees the lot. A bad field is reported and the row
    is kept anyway (so a later row with the same id is still caught); once every file is
    read, any report at all drops the whole catalog, so the caller gets all or nothing.
*/
#include "catalog_csv.h"

#include "categories.h"
#include "regions.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef enum { S_ENTERPRISES, S_PRODUCTS, S_CAMPAIGNS, S_KINDS } s_kind_t;

/* The catalog being built, with where each row came from for duplicate reports. */
typedef struct {
    Dure__V1__ImportCatalog *msg; /* owned; grows row by row */
    size_t cap[S_KINDS];          /* slots allocated per kind */
    const char **file[S_KINDS];   /* file name of each row (names owned by files) */
    char **files;                 /* owned copies of the file names */
    size_t n_files;               /* names in files */
} s_builder_t;

/* One row being checked: where it is, and whether a field was bad. */
typedef struct {
    durectl_csv_errors_t *errors; /* where problems go */
    const char *file;             /* file name */
    int line;                     /* the row's first line */
    int bad;                      /* problems found in this row */
} s_row_t;

static const char *const s_kind_words[] = {
    "",        "social",          "preliminary_social", "cooperative", "social_cooperative",
    "village", "self_sufficiency"};

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

static void s_free_str(char *s)
{
    if (s && s != protobuf_c_empty_string)
        free(s);
}

Dure__V1__EnterpriseKind durectl_catalog_kind_from_word(const char *word)
{
    for (int i = 1; i < (int)(sizeof s_kind_words / sizeof *s_kind_words); i++)
        if (strcmp(word, s_kind_words[i]) == 0)
            return (Dure__V1__EnterpriseKind)i;
    return DURE__V1__ENTERPRISE_KIND__ENTERPRISE_KIND_UNSPECIFIED;
}

const char *durectl_catalog_kind_word(Dure__V1__EnterpriseKind kind)
{
    int i = (int)kind;
    return i > 0 && i < (int)(sizeof s_kind_words / sizeof *s_kind_words) ? s_kind_words[i] : "";
}

static void s_bad(s_row_t *row, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void s_bad(s_row_t *row, const char *field, const char *fmt, ...)
{
    char message[400];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    durectl_csv_errors_add(row->errors, row->file, row->line, field, "%s", message);
    row->bad++;
}

/* Free text: required, one line, not too long. Returns a copy, or NULL when bad. */
static char *s_text(s_row_t *row, const char *field, const char *value)
{
    if (!*value) {
        s_bad(row, field, "must not be empty");
        return NULL;
    }
    if (strlen(value) > DURECTL_CATALOG_MAX_TEXT) {
        s_bad(row, field, "longer than %d bytes", DURECTL_CATALOG_MAX_TEXT);
        return NULL;
    }
    for (const char *c = value; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) {
            s_bad(row, field, "contains a control character or line break");
            return NULL;
        }
    return s_dup(value);
}

/* An id: ASCII letters, digits and . _ : - only, so it is safe in keys and file names. */
static char *s_id(s_row_t *row, const char *field, const char *value)
{
    size_t len = strlen(value);
    int ok = len > 0 && len <= DURECTL_CATALOG_MAX_ID;
    for (const char *c = value; ok && *c; c++)
        ok = isalnum((unsigned char)*c) || strchr("._:-", *c);
    if (!ok) {
        s_bad(row, field, "\"%s\" is not an id (1-%d of A-Z a-z 0-9 . _ : -)", value,
              DURECTL_CATALOG_MAX_ID);
        return NULL;
    }
    return s_dup(value);
}

static long long s_int(s_row_t *row, const char *field, const char *value, long long min,
                       long long max)
{
    long long number = 0;
    if (durectl_csv_parse_int(value, min, max, &number) < 0)
        s_bad(row, field, "\"%s\" is not a whole number from %lld to %lld", value, min, max);
    return number;
}

static int s_bool(s_row_t *row, const char *field, const char *value)
{
    int flag = 0;
    if (durectl_csv_parse_bool(value, &flag) < 0)
        s_bad(row, field, "\"%s\" is not true/false, 1/0 or yes/no", value);
    return flag;
}

/* A date "YYYY-MM-DD"; *days gets its day number, or -1 when bad. */
static char *s_date(s_row_t *row, const char *field, const char *value, long *days)
{
    if (durectl_csv_parse_date(value, days) < 0) {
        s_bad(row, field, "\"%s\" is not a date YYYY-MM-DD", value);
        *days = -1;
        return NULL;
    }
    return s_dup(value);
}

static char *s_matching(s_row_t *row, const char *field, const char *value, int ok,
                        const char *expected)
{
    if (!ok) {
        s_bad(row, field, "\"%s\" is not %s", value, expected);
        return NULL;
    }
    return s_dup(value);
}

static int s_all_digits(const char *value, size_t min, size_t max, int hyphens)
{
    size_t digits = 0;
    for (const char *c = value; *c; c++) {
        if (isdigit((unsigned char)*c))
            digits++;
        else if (!(hyphens && *c == '-'))
            return 0;
    }
    return digits >= min && digits <= max;
}

static int s_carrier_code(const char *value)
{
    size_t len = strlen(value);
    if (len == 0 || len > 32)
        return 0;
    for (const char *c = value; *c; c++)
        if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_' && *c != '-')
            return 0;
    return 1;
}

static void s_enterprise_free(Dure__V1__Enterprise *e)
{
    if (!e)
        return;
    s_free_str(e->id);
    s_free_str(e->name);
    s_free_str(e->region);
    if (e->ship_from) {
        s_free_str(e->ship_from->postcode);
        s_free_str(e->ship_from->line1);
        s_free_str(e->ship_from->line2);
        s_free_str(e->ship_from->recipient);
        s_free_str(e->ship_from->phone);
        free(e->ship_from);
    }
    s_free_str(e->certified_from);
    s_free_str(e->certified_until);
    s_free_str(e->default_carrier);
    free(e);
}

static void s_product_free(Dure__V1__Product *p)
{
    if (!p)
        return;
    s_free_str(p->id);
    s_free_str(p->enterprise_id);
    s_free_str(p->category);
    s_free_str(p->name);
    s_free_str(p->not_orderable_reason);
    free(p->size);
    free(p);
}

static void s_campaign_free(Dure__V1__Campaign *c)
{
    if (!c)
        return;
    s_free_str(c->id);
    s_free_str(c->name);
    s_free_str(c->starts_on);
    s_free_str(c->ends_on);
    for (size_t i = 0; i < c->n_categories; i++)
        s_free_str(c->categories[i]);
    free(c->categories);
    for (size_t i = 0; i < c->n_product_ids; i++)
        s_free_str(c->product_ids[i]);
    free(c->product_ids);
    free(c);
}

/* Any field left NULL by a bad value is put back to the empty string, so freeing is uniform. */
static char *s_or_empty(char *s)
{
    return s ? s : (char *)protobuf_c_empty_string;
}

static Dure__V1__Enterprise *s_enterprise_row(s_row_t *row, const durectl_csv_t *csv)
{
    const char *const *col = durectl_enterprise_columns;
    Dure__V1__Enterprise *e = s_alloc(NULL, sizeof *e);
    *e = (Dure__V1__Enterprise)DURE__V1__ENTERPRISE__INIT;
    Dure__V1__Address *a = s_alloc(NULL, sizeof *a);
    *a = (Dure__V1__Address)DURE__V1__ADDRESS__INIT;
    e->ship_from = a;
    const char *v;
    e->id = s_or_empty(s_id(row, col[0], durectl_csv_field(csv, 0)));
    e->name = s_or_empty(s_text(row, col[1], durectl_csv_field(csv, 1)));
    v = durectl_csv_field(csv, 2);
    e->kind = durectl_catalog_kind_from_word(v);
    if (e->kind == DURE__V1__ENTERPRISE_KIND__ENTERPRISE_KIND_UNSPECIFIED)
        s_bad(row, col[2],
              "\"%s\" is not one of social, preliminary_social, cooperative, "
              "social_cooperative, village, self_sufficiency",
              v);
    v = durectl_csv_field(csv, 3);
    e->region = s_or_empty(s_matching(row, col[3], v, durectl_region_index(v) >= 0,
                                      "one of the 15 cities and counties of " DURECTL_PROVINCE));
    v = durectl_csv_field(csv, 4);
    a->postcode = s_or_empty(s_matching(row, col[4], v, strlen(v) == 5 && s_all_digits(v, 5, 5, 0),
                                        "a five-digit postcode"));
    a->line1 = s_or_empty(s_text(row, col[5], durectl_csv_field(csv, 5)));
    v = durectl_csv_field(csv, 6);
    a->phone = s_or_empty(s_matching(row, col[6], v, s_all_digits(v, 8, 12, 1),
                                     "a phone number (8-12 digits, hyphens allowed)"));
    a->recipient = s_dup(e->name);
    long from = 0, until = 0;
    e->certified_from = s_or_empty(s_date(row, col[7], durectl_csv_field(csv, 7), &from));
    e->certified_until = s_or_empty(s_date(row, col[8], durectl_csv_field(csv, 8), &until));
    if (from >= 0 && until >= 0 && from > until)
        s_bad(row, col[8], "certification ends before it starts");
    v = durectl_csv_field(csv, 9);
    e->default_carrier =
        s_or_empty(s_matching(row, col[9], v, s_carrier_code(v), "a carrier code (a-z 0-9 _ -)"));
    return e;
}

static int s_physical_measure(s_row_t *row, const durectl_csv_t *csv, size_t index, long long max,
                              int physical)
{
    const char *name = durectl_product_columns[index];
    long long n = s_int(row, name, durectl_csv_field(csv, index), 0, max);
    if (physical && n == 0)
        s_bad(row, name, "must be positive for a physical product");
    return (int)n;
}

static Dure__V1__Product *s_product_row(s_row_t *row, const durectl_csv_t *csv)
{
    const char *const *col = durectl_product_columns;
    Dure__V1__Product *p = s_alloc(NULL, sizeof *p);
    *p = (Dure__V1__Product)DURE__V1__PRODUCT__INIT;
    Dure__V1__Dimensions *d = s_alloc(NULL, sizeof *d);
    *d = (Dure__V1__Dimensions)DURE__V1__DIMENSIONS__INIT;
    p->size = d;
    const char *v;
    p->id = s_or_empty(s_id(row, col[0], durectl_csv_field(csv, 0)));
    p->enterprise_id = s_or_empty(s_id(row, col[1], durectl_csv_field(csv, 1)));
    v = durectl_csv_field(csv, 2);
    p->category = s_or_empty(
        s_matching(row, col[2], v, durectl_category_index(v) >= 0, "one of the 12 category codes"));
    p->name = s_or_empty(s_text(row, col[3], durectl_csv_field(csv, 3)));
    p->price_krw = s_int(row, col[4], durectl_csv_field(csv, 4), 1, DURECTL_CATALOG_MAX_PRICE);
    v = durectl_csv_field(csv, 5);
    if (strcmp(v, "taxable") == 0 || strcmp(v, "exempt") == 0)
        p->tax_class =
            v[0] == 't' ? DURE__V1__TAX_CLASS__TAX_TAXABLE : DURE__V1__TAX_CLASS__TAX_EXEMPT;
    else
        s_bad(row, col[5], "\"%s\" is not taxable or exempt", v);
    p->stock = s_int(row, col[6], durectl_csv_field(csv, 6), 0, DURECTL_CATALOG_MAX_STOCK);
    p->physical = s_bool(row, col[13], durectl_csv_field(csv, 13));
    d->length_mm = s_physical_measure(row, csv, 7, DURECTL_CATALOG_MAX_SIDE_MM, p->physical);
    d->width_mm = s_physical_measure(row, csv, 8, DURECTL_CATALOG_MAX_SIDE_MM, p->physical);
    d->height_mm = s_physical_measure(row, csv, 9, DURECTL_CATALOG_MAX_SIDE_MM, p->physical);
    p->weight_g = s_physical_measure(row, csv, 10, DURECTL_CATALOG_MAX_WEIGHT_G, p->physical);
    v = durectl_csv_field(csv, 11);
    if (strcmp(v, "ambient") == 0)
        p->temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
    else if (strcmp(v, "chilled") == 0)
        p->temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED;
    else if (strcmp(v, "frozen") == 0)
        p->temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_FROZEN;
    else
        s_bad(row, col[11], "\"%s\" is not ambient, chilled or frozen", v);
    p->fragile = s_bool(row, col[12], durectl_csv_field(csv, 12));
    p->active = s_bool(row, col[14], durectl_csv_field(csv, 14));
    return p;
}

/* Splits "a|b|c" into checked category codes; an empty value means none. */
static void s_campaign_categories(s_row_t *row, Dure__V1__Campaign *c, const char *value)
{
    const char *field = durectl_campaign_columns[5];
    if (!*value)
        return;
    char *copy = s_dup(value), *save = NULL;
    size_t parts = 1;
    for (const char *s = value; *s; s++)
        parts += *s == DURECTL_CAMPAIGN_CATEGORY_SEPARATOR;
    c->categories = s_alloc(NULL, parts * sizeof *c->categories);
    const char separator[2] = {DURECTL_CAMPAIGN_CATEGORY_SEPARATOR, '\0'};
    for (char *code = strtok_r(copy, separator, &save); code;
         code = strtok_r(NULL, separator, &save)) {
        if (durectl_category_index(code) < 0) {
            s_bad(row, field, "\"%s\" is not one of the 12 category codes", code);
            continue;
        }
        int seen = 0;
        for (size_t i = 0; i < c->n_categories; i++)
            seen |= strcmp(c->categories[i], code) == 0;
        if (seen)
            s_bad(row, field, "\"%s\" is listed twice", code);
        else
            c->categories[c->n_categories++] = s_dup(code);
    }
    if (strchr(value, DURECTL_CAMPAIGN_CATEGORY_SEPARATOR) &&
        (value[0] == separator[0] || value[strlen(value) - 1] == separator[0] ||
         strstr(value, "||")))
        s_bad(row, field, "empty category between separators");
    free(copy);
}

static Dure__V1__Campaign *s_campaign_row(s_row_t *row, const durectl_csv_t *csv)
{
    const char *const *col = durectl_campaign_columns;
    Dure__V1__Campaign *c = s_alloc(NULL, sizeof *c);
    *c = (Dure__V1__Campaign)DURE__V1__CAMPAIGN__INIT;
    c->id = s_or_empty(s_id(row, col[0], durectl_csv_field(csv, 0)));
    c->name = s_or_empty(s_text(row, col[1], durectl_csv_field(csv, 1)));
    long from = 0, until = 0;
    c->starts_on = s_or_empty(s_date(row, col[2], durectl_csv_field(csv, 2), &from));
    c->ends_on = s_or_empty(s_date(row, col[3], durectl_csv_field(csv, 3), &until));
    if (from >= 0 && until >= 0 && from > until)
        s_bad(row, col[3], "campaign ends before it starts");
    c->discount_percent =
        (int32_t)s_int(row, col[4], durectl_csv_field(csv, 4), 0, DURECTL_CATALOG_MAX_DISCOUNT);
    s_campaign_categories(row, c, durectl_csv_field(csv, 5));
    return c;
}

/* The id of row i of a kind, for the duplicate check. */
static const char *s_row_id(const Dure__V1__ImportCatalog *msg, s_kind_t kind, size_t i)
{
    return kind == S_ENTERPRISES ? msg->enterprises[i]->id
           : kind == S_PRODUCTS  ? msg->products[i]->id
                                 : msg->campaigns[i]->id;
}

static size_t *s_count_of(Dure__V1__ImportCatalog *msg, s_kind_t kind)
{
    return kind == S_ENTERPRISES ? &msg->n_enterprises
           : kind == S_PRODUCTS  ? &msg->n_products
                                 : &msg->n_campaigns;
}

/* Appends a checked row; a repeated id is a problem of the later row. */
static void s_append(s_builder_t *b, s_kind_t kind, void *item, s_row_t *row, const char *id)
{
    Dure__V1__ImportCatalog *msg = b->msg;
    size_t *n = s_count_of(msg, kind);
    for (size_t i = 0; i < *n && *id; i++)
        if (strcmp(s_row_id(msg, kind, i), id) == 0) {
            int line = kind == S_ENTERPRISES ? msg->enterprise_lines[i]
                       : kind == S_PRODUCTS  ? msg->product_lines[i]
                                             : msg->campaign_lines[i];
            s_bad(row,
                  kind == S_ENTERPRISES ? "enterprise_id"
                  : kind == S_PRODUCTS  ? "product_id"
                                        : "campaign_id",
                  "\"%s\" is already defined at %s:%d", id, b->file[kind][i], line);
        }
    if (*n == b->cap[kind]) {
        b->cap[kind] = b->cap[kind] ? b->cap[kind] * 2 : 64;
        size_t cap = b->cap[kind];
        b->file[kind] = s_alloc(b->file[kind], cap * sizeof *b->file[kind]);
        if (kind == S_ENTERPRISES) {
            msg->enterprises = s_alloc(msg->enterprises, cap * sizeof *msg->enterprises);
            msg->enterprise_lines = s_alloc(msg->enterprise_lines, cap * sizeof(int32_t));
        } else if (kind == S_PRODUCTS) {
            msg->products = s_alloc(msg->products, cap * sizeof *msg->products);
            msg->product_lines = s_alloc(msg->product_lines, cap * sizeof(int32_t));
        } else {
            msg->campaigns = s_alloc(msg->campaigns, cap * sizeof *msg->campaigns);
            msg->campaign_lines = s_alloc(msg->campaign_lines, cap * sizeof(int32_t));
        }
    }
    b->file[kind][*n] = row->file;
    if (kind == S_ENTERPRISES) {
        msg->enterprises[*n] = item;
        msg->enterprise_lines[msg->n_enterprise_lines++] = row->line;
    } else if (kind == S_PRODUCTS) {
        msg->products[*n] = item;
        msg->product_lines[msg->n_product_lines++] = row->line;
    } else {
        msg->campaigns[*n] = item;
        msg->campaign_lines[msg->n_campaign_lines++] = row->line;
    }
    (*n)++;
}

static void s_row(s_builder_t *b, s_kind_t kind, s_row_t *row, const durectl_csv_t *csv)
{
    if (kind == S_ENTERPRISES) {
        Dure__V1__Enterprise *e = s_enterprise_row(row, csv);
        s_append(b, kind, e, row, e->id);
    } else if (kind == S_PRODUCTS) {
        Dure__V1__Product *p = s_product_row(row, csv);
        s_append(b, kind, p, row, p->id);
    } else {
        Dure__V1__Campaign *c = s_campaign_row(row, csv);
        s_append(b, kind, c, row, c->id);
    }
}

/* Reads one file into the builder; the file's name is kept for later messages. */
static void s_read(s_builder_t *b, durectl_csv_t *csv, durectl_csv_errors_t *errors)
{
    b->files = s_alloc(b->files, (b->n_files + 1) * sizeof *b->files);
    const char *file = b->files[b->n_files++] = s_dup(durectl_csv_name(csv));
    int rc = durectl_csv_next(csv);
    if (rc == DURECTL_CSV_END) {
        durectl_csv_errors_add(errors, file, 1, NULL, "empty file: no header row");
        return;
    }
    s_kind_t kind = S_KINDS;
    if (durectl_csv_matches(csv, durectl_enterprise_columns, DURECTL_ENTERPRISE_COLUMNS))
        kind = S_ENTERPRISES;
    else if (durectl_csv_matches(csv, durectl_product_columns, DURECTL_PRODUCT_COLUMNS))
        kind = S_PRODUCTS;
    else if (durectl_csv_matches(csv, durectl_campaign_columns, DURECTL_CAMPAIGN_COLUMNS))
        kind = S_CAMPAIGNS;
    if (rc != DURECTL_CSV_RECORD || kind == S_KINDS) {
        durectl_csv_errors_add(errors, file, durectl_csv_line(csv), NULL,
                               "the header is not that of an enterprises, products or "
                               "campaigns file (see docs/IMPORT.md)");
        return;
    }
    while ((rc = durectl_csv_next(csv)) != DURECTL_CSV_END) {
        s_row_t row = {errors, file, durectl_csv_line(csv), 0};
        if (rc == DURECTL_CSV_BAD)
            durectl_csv_errors_add(errors, file, row.line, NULL, "%s", durectl_csv_error(csv));
        else
            s_row(b, kind, &row, csv);
    }
}

void durectl_catalog_csv_destroy(Dure__V1__ImportCatalog **self_p)
{
    if (!self_p || !*self_p)
        return;
    Dure__V1__ImportCatalog *msg = *self_p;
    for (size_t i = 0; i < msg->n_enterprises; i++)
        s_enterprise_free(msg->enterprises[i]);
    for (size_t i = 0; i < msg->n_products; i++)
        s_product_free(msg->products[i]);
    for (size_t i = 0; i < msg->n_campaigns; i++)
        s_campaign_free(msg->campaigns[i]);
    free(msg->enterprises);
    free(msg->products);
    free(msg->campaigns);
    free(msg->enterprise_lines);
    free(msg->product_lines);
    free(msg->campaign_lines);
    free(msg);
    *self_p = NULL;
}

static void s_builder_init(s_builder_t *b)
{
    memset(b, 0, sizeof *b);
    b->msg = s_alloc(NULL, sizeof *b->msg);
    *b->msg = (Dure__V1__ImportCatalog)DURE__V1__IMPORT_CATALOG__INIT;
}

/* Hands over the catalog when nothing was reported since start, else frees it. */
static Dure__V1__ImportCatalog *s_builder_finish(s_builder_t *b, durectl_csv_errors_t *errors,
                                                 size_t start)
{
    for (size_t i = 0; i < b->n_files; i++)
        free(b->files[i]);
    free(b->files);
    for (int k = 0; k < S_KINDS; k++)
        free(b->file[k]);
    if (durectl_csv_errors_count(errors) != start)
        durectl_catalog_csv_destroy(&b->msg);
    return b->msg;
}

Dure__V1__ImportCatalog *durectl_catalog_csv_read(const char *const *paths, size_t n,
                                                  durectl_csv_errors_t *errors)
{
    size_t start = durectl_csv_errors_count(errors);
    s_builder_t b;
    s_builder_init(&b);
    for (size_t i = 0; i < n; i++) {
        durectl_csv_t *csv = durectl_csv_open(paths[i]);
        if (!csv) {
            durectl_csv_errors_add(errors, paths[i], 0, NULL, "cannot read: %s", strerror(errno));
            continue;
        }
        s_read(&b, csv, errors);
        durectl_csv_destroy(&csv);
    }
    return s_builder_finish(&b, errors, start);
}

Dure__V1__ImportCatalog *durectl_catalog_csv_read_buffers(const char *const *names,
                                                          const char *const *texts, size_t n,
                                                          durectl_csv_errors_t *errors)
{
    size_t start = durectl_csv_errors_count(errors);
    s_builder_t b;
    s_builder_init(&b);
    for (size_t i = 0; i < n; i++) {
        durectl_csv_t *csv = durectl_csv_new_from_buffer(texts[i], strlen(texts[i]), names[i]);
        s_read(&b, csv, errors);
        durectl_csv_destroy(&csv);
    }
    return s_builder_finish(&b, errors, start);
}
