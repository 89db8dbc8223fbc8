/*  validate.h - what a well-formed catalog value is: ids, names, prices, sizes, dates,
    categories and regions, and whole enterprises, products and campaigns.

    Pure functions, no I/O. The single-value checks return NULL when the value is good and a
    static English description of the problem otherwise. The whole-message checks report every
    problem they find through a callback, with the field path ("product.size.length_mm"), so a
    handler can turn each into a field error of an INVALID_ARGUMENT reply. Whether a referenced
    enterprise or product exists is the store's question, not this file's.

    The category and region lists are the contract: they equal the rows that
    migrations/001_catalog.sql loads (the database keeps them as foreign keys too).
*/
#ifndef CATALOG_VALIDATE_H
#define CATALOG_VALIDATE_H

#include "dure/v1/catalog.pb-c.h"

#include <stddef.h>
#include <stdint.h>

#define CATALOG_ID_MAX 64                 /* bytes in an id */
#define CATALOG_TEXT_MAX 200              /* bytes in a name or address line */
#define CATALOG_PRICE_MAX 100000000       /* won: a typo guard, not a business limit */
#define CATALOG_STOCK_MAX 1000000000      /* units */
#define CATALOG_SIDE_MAX_MM 3000          /* one side of an item */
#define CATALOG_WEIGHT_MAX_G 100000       /* one item */
#define CATALOG_DISCOUNT_MAX 90           /* percent, as catalog.proto says */
#define CATALOG_QUANTITY_MAX 10000        /* units on one order line, as order.proto says */
#define CATALOG_IDS_MAX 500               /* ids per GetProducts, lines per quote */
#define CATALOG_PAGE_DEFAULT 50           /* items per page when not asked */
#define CATALOG_PAGE_MAX 500              /* most items per page */
#define CATALOG_CARRIER_MAX 32            /* bytes in a carrier code */
#define CATALOG_DATE_LEN 11               /* "YYYY-MM-DD" and its NUL */
#define CATALOG_CAMPAIGN_ITEMS_MAX 1000   /* categories plus products named by one campaign */

#define CATALOG_CATEGORY_COUNT 12
#define CATALOG_REGION_COUNT 15

/* The 12 category codes, in the table's order (../shared/data/categories_2018-08.csv). */
extern const char *const catalog_categories[CATALOG_CATEGORY_COUNT];
/* Chungcheongnam-do's 8 cities and 7 counties, official names, official order. */
extern const char *const catalog_regions[CATALOG_REGION_COUNT];

/* Single values: NULL when good, else why not (a static string). */
const char *catalog_check_id(const char *id);
const char *catalog_check_text(const char *text, int required);
const char *catalog_check_date(const char *date);
const char *catalog_check_category(const char *code);
const char *catalog_check_region(const char *name);
const char *catalog_check_postcode(const char *postcode);
const char *catalog_check_phone(const char *phone);
const char *catalog_check_carrier(const char *carrier);

/* Receives one problem: the field path and what is wrong with it. */
typedef void (*catalog_problem_fn)(void *ctx, const char *field, const char *problem);

/* Checks every field of an enterprise, a product or a campaign; `path` prefixes the field
   names ("enterprise", "products[3]"). A NULL message is one problem at `path`. Returns the
   number of problems reported. */
int catalog_validate_enterprise(const Dure__V1__Enterprise *e, const char *path,
                                catalog_problem_fn report, void *ctx);
int catalog_validate_product(const Dure__V1__Product *p, const char *path,
                             catalog_problem_fn report, void *ctx);
int catalog_validate_campaign(const Dure__V1__Campaign *c, const char *path,
                              catalog_problem_fn report, void *ctx);

#endif
