/*  pricing.h - what a product costs on a given day and whether it can be ordered.

    Pure functions over catalog messages and a date in the mall's time zone ("YYYY-MM-DD";
    catalog_local_date turns a UTC time into one, with the process time zone, which the
    service sets from its TIME_ZONE setting at start). Nothing here allocates; strings
    returned are static.

    Campaign rules: a campaign is active on the days from starts_on to ends_on inclusive. It
    applies to a product when it lists the product's category or its id. When several active
    campaigns apply, the product gets the largest discount (ties: the campaign with the
    smaller id). Discounted prices are rounded half up to the won.
*/
#ifndef CATALOG_PRICING_H
#define CATALOG_PRICING_H

#include "validate.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reasons a product cannot be ordered (also the ShortLine reasons of events.proto). */
#define CATALOG_REASON_UNKNOWN "unknown product"
#define CATALOG_REASON_INACTIVE "inactive"
#define CATALOG_REASON_LAPSED "seller certification lapsed"
#define CATALOG_REASON_NOT_YET "seller not yet certified"
#define CATALOG_REASON_NO_SELLER "unknown seller"
#define CATALOG_REASON_OUT_OF_STOCK "out of stock"

/* Writes the local calendar date of a UTC millisecond time ("YYYY-MM-DD"). */
void catalog_local_date(int64_t at_ms, char out[CATALOG_DATE_LEN]);

/* 1 when the campaign runs on `date`. */
bool catalog_campaign_active(const Dure__V1__Campaign *campaign, const char *date);

/* 1 when the campaign names the product's category or id (active or not). */
bool catalog_campaign_applies(const Dure__V1__Campaign *campaign, const Dure__V1__Product *product);

/* The discount in percent the product gets on `date` from the campaigns, 0 when none; *from
   is set to the campaign that gives it (NULL when none applies). `from` may be NULL. */
int catalog_best_discount(Dure__V1__Campaign *const *campaigns, size_t n, const char *date,
                          const Dure__V1__Product *product, const Dure__V1__Campaign **from);

/* The campaign to record on an order quoted on `date`: the one that gave the largest discount
   to one of the lines (`applied`, may be NULL), else the active campaign that started last
   (ties: smaller id), else NULL. */
const Dure__V1__Campaign *catalog_quote_campaign(Dure__V1__Campaign *const *campaigns, size_t n,
                                                 const char *date,
                                                 const Dure__V1__Campaign *applied);

/* The price after a discount of `percent` (0-100), rounded half up to the won. */
int64_t catalog_discounted_price(int64_t list_price, int percent);

/* Why the product cannot be sold on `date`, or NULL when it can: product missing, inactive,
   seller missing, seller's certification not covering the date. Stock is not looked at. */
const char *catalog_unorderable_reason(const Dure__V1__Product *product,
                                       const Dure__V1__Enterprise *seller, const char *date);

/* The same for a line of `quantity` units: also "out of stock" when a physical product has
   fewer units left. */
const char *catalog_unorderable_line(const Dure__V1__Product *product,
                                     const Dure__V1__Enterprise *seller, const char *date,
                                     int64_t quantity);

/* The certification part alone: NULL when [from, until] covers `date`. */
const char *catalog_certification_reason(const char *from, const char *until, const char *date);

#endif
