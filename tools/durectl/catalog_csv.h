/*  catalog_csv.h - converts enterprise, product and campaign CSV files into one ImportCatalog.

    Each file's kind is told by its header row, which must list the columns below exactly and
    in order (docs/IMPORT.md describes every column). All rows of all files are checked, every
    problem is reported with file, line and column, and the conversion yields either the
    complete message or nothing, so a catalog is never half-imported.

    The message returned is built here, not unpacked by protobuf-c: free it with
    durectl_catalog_csv_destroy(), never with protobuf_c_message_free_unpacked().
*/
#ifndef DURECTL_CATALOG_CSV_H
#define DURECTL_CATALOG_CSV_H

#include "csv.h"
#include "dure/v1/catalog.pb-c.h"

#define DURECTL_ENTERPRISE_COLUMNS 10
#define DURECTL_PRODUCT_COLUMNS 15
#define DURECTL_CAMPAIGN_COLUMNS 6

/* Limits on free text and on numbers, generous for real data, tight enough to catch a
   shifted column (a price in the stock column, a name in a number column). */
#define DURECTL_CATALOG_MAX_TEXT 200         /* bytes in a name or address */
#define DURECTL_CATALOG_MAX_ID 64            /* bytes in an id */
#define DURECTL_CATALOG_MAX_PRICE 100000000  /* won */
#define DURECTL_CATALOG_MAX_STOCK 1000000000 /* units */
#define DURECTL_CATALOG_MAX_SIDE_MM 3000     /* one side of a parcel item */
#define DURECTL_CATALOG_MAX_WEIGHT_G 100000  /* one item */
#define DURECTL_CATALOG_MAX_DISCOUNT 90      /* percent, as catalog.proto says */

/* Separator of the campaign categories list (commas separate columns). */
#define DURECTL_CAMPAIGN_CATEGORY_SEPARATOR '|'

static const char *const durectl_enterprise_columns[DURECTL_ENTERPRISE_COLUMNS] = {
    "enterprise_id", "name",  "kind",           "region",          "postcode",
    "address",       "phone", "certified_from", "certified_until", "default_carrier",
};

static const char *const durectl_product_columns[DURECTL_PRODUCT_COLUMNS] = {
    "product_id", "enterprise_id", "category",  "name",     "price_krw",
    "tax_class",  "stock",         "length_mm", "width_mm", "height_mm",
    "weight_g",   "temperature",   "fragile",   "physical", "active",
};

static const char *const durectl_campaign_columns[DURECTL_CAMPAIGN_COLUMNS] = {
    "campaign_id", "name", "starts_on", "ends_on", "discount_percent", "categories",
};

/* Reads the CSV files at paths[0..n) (any order, any mix of kinds) into a new ImportCatalog,
   rows in file order. Returns NULL when a file cannot be read or any row is bad; every
   problem is then appended to errors as "file:line: column: message". The caller owns the
   result. */
Dure__V1__ImportCatalog *durectl_catalog_csv_read(const char *const *paths, size_t n,
                                                  durectl_csv_errors_t *errors);

/* The same from n in-memory texts, named names[i] in messages (for tests and pipes). */
Dure__V1__ImportCatalog *durectl_catalog_csv_read_buffers(const char *const *names,
                                                          const char *const *texts, size_t n,
                                                          durectl_csv_errors_t *errors);

/* Frees a message from durectl_catalog_csv_read*() and nulls the caller's pointer. */
void durectl_catalog_csv_destroy(Dure__V1__ImportCatalog **self_p);

/* Enterprise kind for a CSV word (social, preliminary_social, cooperative,
   social_cooperative, village, self_sufficiency), or ENTERPRISE_KIND_UNSPECIFIED. */
Dure__V1__EnterpriseKind durectl_catalog_kind_from_word(const char *word);

/* The CSV word of a kind, or "" for an unknown one (borrowed, static). */
const char *durectl_catalog_kind_word(Dure__V1__EnterpriseKind kind);

#endif
