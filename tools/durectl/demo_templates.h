/*  demo_templates.h - what the demo catalog is made of: per-category products, enterprise
    names, home regions, regional postcodes, and the recurring campaigns.

    Pure read-only data behind lookup functions, kept apart from the generator so that the
    logic in demo_catalog.c stays readable. Prices are typical 2018 won prices of the mall's
    kind of product; sizes are outer sizes of the item as shipped; weights include the
    product's own packaging. Nothing here is owned by the caller.
*/
#ifndef DURECTL_DEMO_TEMPLATES_H
#define DURECTL_DEMO_TEMPLATES_H

#include <stddef.h>

#include "dure/v1/common.pb-c.h"

/* A kind of product a category's enterprises sell. */
typedef struct {
    const char *name;                       /* without the place name, such as "고추장 1kg" */
    int price_krw;                          /* typical price, VAT included */
    int length_mm, width_mm, height_mm;     /* as shipped; 0 when not physical */
    int weight_g;                           /* as shipped; 0 when not physical */
    Dure__V1__TemperatureClass temperature; /* how it travels */
    int fragile;                            /* glass, eggs, ceramics, electronics */
    int physical;                           /* 0 for experiences, services and care */
    int exempt;                             /* VAT-exempt (unprocessed produce, care services) */
} durectl_demo_item_t;

/* A name pattern for an enterprise at home in a category. */
typedef struct {
    const char *name;              /* after the place name, such as "고추마을 영농조합" */
    Dure__V1__EnterpriseKind kind; /* its legal form */
} durectl_demo_maker_t;

/* Everything the generator knows about one category. */
typedef struct {
    const char *code;                   /* category code of the table */
    const durectl_demo_item_t *items;   /* products, used in turn */
    size_t n_items;                     /* entries in items */
    const durectl_demo_maker_t *makers; /* enterprise name patterns */
    size_t n_makers;                    /* entries in makers */
    const char *const *regions;         /* where such enterprises usually are */
    size_t n_regions;                   /* entries in regions */
    int shares;                         /* how many of its sellers may be at home elsewhere */
    const char *partners;               /* '|'-separated categories to take those sellers from */
    const char *carrier;                /* default carrier of its enterprises; NULL = any */
} durectl_demo_category_t;

/* A seasonal campaign that comes back every year. */
typedef struct {
    const char *id;                  /* stable id, such as "2026-chuseok" */
    const char *name;                /* display name */
    const char *starts_on, *ends_on; /* inclusive dates, mall time zone */
    int discount_percent;            /* 5-15 */
    const char *categories;          /* '|'-separated codes */
} durectl_demo_campaign_t;

/* The template of a category code, or NULL for a code the generator does not know. */
const durectl_demo_category_t *durectl_demo_category(const char *code);

/* First three digits of the region's 2015 postcodes, or NULL for an unknown region. */
const char *durectl_demo_postcode_prefix(const char *region);

/* Road names for generated addresses, and how many there are. */
extern const char *const durectl_demo_roads[];
extern const size_t durectl_demo_n_roads;

/* Carriers an enterprise may ship with by default, and how many there are. */
extern const char *const durectl_demo_carriers[];
extern const size_t durectl_demo_n_carriers;

/* The recurring 2026-2027 campaigns, in date order, and how many there are. */
extern const durectl_demo_campaign_t durectl_demo_campaigns[];
extern const size_t durectl_demo_n_campaigns;

#endif
