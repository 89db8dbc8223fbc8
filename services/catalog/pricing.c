/*  pricing.c - campaign discounts and orderability.

    Dates are compared as "YYYY-MM-DD" strings, which sort like the days they name; the
    validation in validate.c guarantees the shape before anything reaches here.
*/
#include "pricing.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void catalog_local_date(int64_t at_ms, char out[CATALOG_DATE_LEN])
{
    time_t seconds = (time_t) (at_ms / 1000);
    struct tm local;
    if (!localtime_r(&seconds, &local)) {
        snprintf(out, CATALOG_DATE_LEN, "1970-01-01");
        return;
    }
    strftime(out, CATALOG_DATE_LEN, "%Y-%m-%d", &local);
}

bool catalog_campaign_active(const Dure__V1__Campaign *campaign, const char *date)
{
    return campaign && campaign->starts_on && campaign->ends_on &&
           strcmp(campaign->starts_on, date) <= 0 && strcmp(date, campaign->ends_on) <= 0;
}

bool catalog_campaign_applies(const Dure__V1__Campaign *campaign, const Dure__V1__Product *product)
{
    for (size_t i = 0; i < campaign->n_categories; i++)
        if (strcmp(campaign->categories[i], product->category) == 0)
            return true;
    for (size_t i = 0; i < campaign->n_product_ids; i++)
        if (strcmp(campaign->product_ids[i], product->id) == 0)
            return true;
    return false;
}

int catalog_best_discount(Dure__V1__Campaign *const *campaigns, size_t n, const char *date,
                          const Dure__V1__Product *product, const Dure__V1__Campaign **from)
{
    const Dure__V1__Campaign *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const Dure__V1__Campaign *c = campaigns[i];
        if (!catalog_campaign_active(c, date) || !catalog_campaign_applies(c, product))
            continue;
        if (!best || c->discount_percent > best->discount_percent ||
            (c->discount_percent == best->discount_percent && strcmp(c->id, best->id) < 0))
            best = c;
    }
    if (from)
        *from = best;
    return best ? best->discount_percent : 0;
}

const Dure__V1__Campaign *catalog_quote_campaign(Dure__V1__Campaign *const *campaigns, size_t n,
                                                 const char *date,
                                                 const Dure__V1__Campaign *applied)
{
    if (applied && applied->discount_percent > 0)
        return applied;
    const Dure__V1__Campaign *latest = NULL;
    for (size_t i = 0; i < n; i++) {
        const Dure__V1__Campaign *c = campaigns[i];
        if (!catalog_campaign_active(c, date))
            continue;
        int order = latest ? strcmp(c->starts_on, latest->starts_on) : 1;
        if (!latest || order > 0 || (order == 0 && strcmp(c->id, latest->id) < 0))
            latest = c;
    }
    return latest;
}

int64_t catalog_discounted_price(int64_t list_price, int percent)
{
    if (percent <= 0)
        return list_price;
    if (percent >= 100)
        return 0;
    return (list_price * (100 - percent) + 50) / 100;
}

const char *catalog_certification_reason(const char *from, const char *until, const char *date)
{
    if (!from || !until || !*from || !*until)
        return CATALOG_REASON_LAPSED;
    if (strcmp(date, from) < 0)
        return CATALOG_REASON_NOT_YET;
    if (strcmp(date, until) > 0)
        return CATALOG_REASON_LAPSED;
    return NULL;
}

const char *catalog_unorderable_reason(const Dure__V1__Product *product,
                                       const Dure__V1__Enterprise *seller, const char *date)
{
    if (!product)
        return CATALOG_REASON_UNKNOWN;
    if (!product->active)
        return CATALOG_REASON_INACTIVE;
    if (!seller)
        return CATALOG_REASON_NO_SELLER;
    return catalog_certification_reason(seller->certified_from, seller->certified_until, date);
}

const char *catalog_unorderable_line(const Dure__V1__Product *product,
                                     const Dure__V1__Enterprise *seller, const char *date,
                                     int64_t quantity)
{
    const char *reason = catalog_unorderable_reason(product, seller, date);
    if (!reason && product->physical && product->stock < quantity)
        reason = CATALOG_REASON_OUT_OF_STOCK;
    return reason;
}
