/*  compliance.c - the space-ratio and layer checks of one parcel under one rule set.

    Volumes are kept in cubic mm as integers until the final division, so a ratio that sits
    exactly on a limit (a box exactly 50% empty) is compared without rounding noise. Which
    relaxed limit applies is decided from the material lines alone, the way an inspector would
    decide it from what is in the box, not from a flag the packer could set by mistake.
*/
#include "compliance.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Cubic mm in a cubic cm. */
#define S_MM3_PER_CM3 1000
/* Limits are whole or one-decimal percentages; this only absorbs binary rounding. */
#define S_RATIO_EPSILON 1e-9

static void s_error(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void s_error(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || err_size == 0)
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(err, err_size, fmt, args);
    va_end(args);
}

static void s_append(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends to a reason sentence; a sentence longer than the buffer is cut, never overrun. */
static void s_append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strnlen(buf, size);
    if (used + 1 >= size)
        return;
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(buf + used, size - used, fmt, args);
    va_end(args);
    (void)n; /* truncation is acceptable for a human sentence */
}

static int64_t s_volume_mm3(const packaging_dims_t *dims)
{
    return (int64_t)dims->length_mm * dims->width_mm * dims->height_mm;
}

static int s_sum_mm(const packaging_dims_t *dims)
{
    return dims->length_mm + dims->width_mm + dims->height_mm;
}

static bool s_dims_ok(const packaging_dims_t *dims)
{
    return dims->length_mm > 0 && dims->length_mm <= PACKAGING_SIDE_MAX_MM && dims->width_mm > 0 &&
           dims->width_mm <= PACKAGING_SIDE_MAX_MM && dims->height_mm > 0 &&
           dims->height_mm <= PACKAGING_SIDE_MAX_MM;
}

double packaging_dims_volume_cm3(const packaging_dims_t *dims)
{
    assert(dims);
    return (double)s_volume_mm3(dims) / S_MM3_PER_CM3;
}

double packaging_space_ratio_percent(const packaging_dims_t *inner, int64_t product_volume_cm3)
{
    assert(inner);
    if (!s_dims_ok(inner) || product_volume_cm3 < 0)
        return -1;
    int64_t inner_mm3 = s_volume_mm3(inner);
    int64_t product_mm3 = product_volume_cm3 * S_MM3_PER_CM3;
    if (product_mm3 > inner_mm3)
        return -1;
    return 100.0 * (double)(inner_mm3 - product_mm3) / (double)inner_mm3;
}

/* Adds one valid line to the summary. */
static void s_add_line(const packaging_material_t *line, packaging_materials_summary_t *summary,
                       bool *enclosure_seen)
{
    summary->grams += line->grams;
    switch (line->kind) {
    case PACKAGING_MATERIAL_ICE_PACK_WATER:
    case PACKAGING_MATERIAL_ICE_PACK_GEL:
        summary->ice_pack_volume_cm3 += line->volume_cm3;
        return;
    case PACKAGING_MATERIAL_PAPER_FILL:
        summary->paper_fill = true;
        summary->filling_volume_cm3 += line->volume_cm3;
        return;
    case PACKAGING_MATERIAL_AIR_CUSHION:
    case PACKAGING_MATERIAL_FILM:
        summary->plastic_fill = true;
        summary->filling_volume_cm3 += line->volume_cm3;
        if (summary->min_film_recycled_percent < 0 ||
            line->recycled_content_percent < summary->min_film_recycled_percent)
            summary->min_film_recycled_percent = line->recycled_content_percent;
        break;
    case PACKAGING_MATERIAL_EPS_FOAM:
        summary->plastic_fill = true;
        summary->eps_foam = true;
        summary->filling_volume_cm3 += line->volume_cm3;
        break;
    default:
        break;
    }
    /* A box, an EPS liner and a film wrap each enclose the product once, however many lines
       or pieces describe them; cushions and ice packs enclose nothing. */
    if (line->kind == PACKAGING_MATERIAL_CORRUGATED_BOARD ||
        line->kind == PACKAGING_MATERIAL_EPS_FOAM || line->kind == PACKAGING_MATERIAL_FILM)
        enclosure_seen[line->kind] = true;
}

int packaging_materials_summarize(const packaging_material_t *materials, size_t count,
                                  packaging_materials_summary_t *summary, char *err,
                                  size_t err_size)
{
    assert(summary && (materials || count == 0));
    *summary = (packaging_materials_summary_t){.min_film_recycled_percent = -1};
    bool enclosure_seen[PACKAGING_MATERIAL_KIND_LAST + 1] = {false};
    if (count > PACKAGING_MATERIALS_MAX) {
        s_error(err, err_size, "more than %d material lines", PACKAGING_MATERIALS_MAX);
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        const packaging_material_t *line = &materials[i];
        if (line->kind <= PACKAGING_MATERIAL_UNSPECIFIED ||
            line->kind > PACKAGING_MATERIAL_KIND_LAST) {
            s_error(err, err_size, "materials[%zu]: unknown material kind %d", i, (int)line->kind);
            return -1;
        }
        if (line->pieces < 0 || line->grams < 0 || line->volume_cm3 < 0 ||
            line->recycled_content_percent < 0 || line->recycled_content_percent > 100) {
            s_error(err, err_size,
                    "materials[%zu] (%s): negative figure or recycled share "
                    "outside 0-100",
                    i, packaging_material_name(line->kind));
            return -1;
        }
        s_add_line(line, summary, enclosure_seen);
    }
    for (int kind = 0; kind <= PACKAGING_MATERIAL_KIND_LAST; kind++)
        summary->layers += enclosure_seen[kind];
    return 0;
}

int packaging_parcel_validate(const packaging_parcel_t *parcel, char *err, size_t err_size)
{
    assert(parcel);
    const packaging_dims_t *in = &parcel->inner, *out = &parcel->outer;
    packaging_materials_summary_t summary;
    if (!s_dims_ok(in) || !s_dims_ok(out)) {
        s_error(err, err_size, "box sides must be 1 to %d mm", PACKAGING_SIDE_MAX_MM);
        return -1;
    }
    if (in->length_mm > out->length_mm || in->width_mm > out->width_mm ||
        in->height_mm > out->height_mm) {
        s_error(err, err_size, "inner size %dx%dx%d mm exceeds outer size %dx%dx%d mm",
                in->length_mm, in->width_mm, in->height_mm, out->length_mm, out->width_mm,
                out->height_mm);
        return -1;
    }
    if (parcel->product_volume_cm3 < 0 || parcel->ice_pack_volume_cm3 < 0) {
        s_error(err, err_size, "product and ice pack volumes must be >= 0");
        return -1;
    }
    int64_t contents_mm3 =
        (parcel->product_volume_cm3 + parcel->ice_pack_volume_cm3) * S_MM3_PER_CM3;
    if (contents_mm3 > s_volume_mm3(in)) {
        s_error(err, err_size, "products and ice packs (%lld cm3) do not fit in %.0f cm3",
                (long long)(contents_mm3 / S_MM3_PER_CM3), packaging_dims_volume_cm3(in));
        return -1;
    }
    if (parcel->layers < 1 || parcel->distinct_products < 1) {
        s_error(err, err_size, "layers and distinct products must be at least 1");
        return -1;
    }
    return packaging_materials_summarize(parcel->materials, parcel->material_count, &summary, err,
                                         err_size);
}

/* The limit this parcel earns under rs, with a tag naming the relaxation ("" for none). */
static double s_limit(const packaging_rule_set_t *rs, const packaging_materials_summary_t *sum,
                      char *tag, size_t tag_size)
{
    double limit = rs->max_space_ratio_percent;
    tag[0] = '\0';
    /* Paper earns its relaxation only when no plastic cushioning shares the box. */
    if (rs->paper_fill_ratio_percent > limit && sum->paper_fill && !sum->plastic_fill) {
        snprintf(tag, tag_size, " (paper cushioning)");
        return rs->paper_fill_ratio_percent;
    }
    /* Every film and air cushion line must reach the recycled share; EPS is not film. */
    if (rs->recycled_film_ratio_percent > limit && sum->min_film_recycled_percent >= 0 &&
        sum->min_film_recycled_percent >= rs->recycled_film_min_percent && !sum->eps_foam) {
        snprintf(tag, tag_size, " (film with >= %d%% recycled content)",
                 rs->recycled_film_min_percent);
        return rs->recycled_film_ratio_percent;
    }
    return limit;
}

/* Why the space-ratio limit does not apply, or false when it does. */
static bool s_exemption(const packaging_rule_set_t *rs, const packaging_parcel_t *parcel,
                        bool *layers_too, char *why, size_t why_size)
{
    *layers_too = true;
    if (rs->reusable_exempt && parcel->reusable) {
        s_append(why, why_size, "exempt: reusable packaging");
        return true;
    }
    if (rs->multi_product_exempt && parcel->distinct_products >= 2) {
        s_append(why, why_size, "exempt: %d products packed together", parcel->distinct_products);
        return true;
    }
    if (rs->fragile_exempt && parcel->fragile) {
        s_append(why, why_size, "exempt: fragile, liquid or melting product");
        return true;
    }
    *layers_too = false; /* the size exemption waives the ratio only, not the layer limit */
    bool outer = rs->size_exemption_basis == PACKAGING_SIZE_BASIS_OUTER;
    int sum_mm = s_sum_mm(outer ? &parcel->outer : &parcel->inner);
    if (rs->size_exemption_max_sum_mm > 0 && sum_mm <= rs->size_exemption_max_sum_mm) {
        s_append(why, why_size, "exempt: %s length+width+height %.1f cm is at most %g cm",
                 outer ? "outer" : "inner", sum_mm / 10.0, rs->size_exemption_max_sum_mm / 10.0);
        return true;
    }
    return false;
}

/* The ratio as rs counts it: ice packs may be product, filling may be occupied space. */
static double s_rule_ratio(const packaging_rule_set_t *rs, const packaging_parcel_t *parcel,
                           const packaging_materials_summary_t *sum)
{
    int64_t occupied_cm3 = parcel->product_volume_cm3;
    if (rs->ice_packs_count_as_product)
        occupied_cm3 += parcel->ice_pack_volume_cm3;
    if (!rs->filling_counts_as_empty)
        occupied_cm3 += sum->filling_volume_cm3;
    int64_t inner_mm3 = s_volume_mm3(&parcel->inner);
    int64_t empty_mm3 = inner_mm3 - occupied_cm3 * S_MM3_PER_CM3;
    /* Cushioning squeezed between products can be declared larger than the gaps it fills. */
    if (empty_mm3 < 0)
        empty_mm3 = 0;
    return 100.0 * (double)empty_mm3 / (double)inner_mm3;
}

int packaging_compliance_evaluate(const packaging_rule_set_t *rs, const packaging_parcel_t *parcel,
                                  packaging_result_t *result)
{
    assert(rs && parcel && result);
    *result = (packaging_result_t){0};
    snprintf(result->rule_set, sizeof result->rule_set, "%s", rs->id);
    char why[PACKAGING_REASON_MAX - 16];
    if (packaging_parcel_validate(parcel, why, sizeof why) != 0) {
        snprintf(result->reason, sizeof result->reason, "invalid parcel: %s", why);
        return -1;
    }
    packaging_materials_summary_t sum;
    packaging_materials_summarize(parcel->materials, parcel->material_count, &sum, NULL, 0);
    result->ratio_percent = s_rule_ratio(rs, parcel, &sum);

    bool layers_exempt = false;
    result->exempt = s_exemption(rs, parcel, &layers_exempt, result->reason, sizeof result->reason);
    bool ratio_ok = true;
    if (!result->exempt) {
        char tag[64];
        result->limit_percent = s_limit(rs, &sum, tag, sizeof tag);
        ratio_ok = result->ratio_percent <= result->limit_percent + S_RATIO_EPSILON;
        s_append(result->reason, sizeof result->reason, "space ratio %.1f%% %s %g%% limit%s",
                 result->ratio_percent, ratio_ok ? "within" : "exceeds", result->limit_percent,
                 tag);
    }
    result->layers_exceeded =
        !layers_exempt && rs->max_layers > 0 && parcel->layers > rs->max_layers;
    result->pass = ratio_ok && !result->layers_exceeded;
    if (result->layers_exceeded)
        s_append(result->reason, sizeof result->reason, "; %d layers exceed the limit of %d",
                 parcel->layers, rs->max_layers);
    return 0;
}

const char *packaging_material_epr_group(packaging_material_kind_t kind)
{
    switch (kind) {
    case PACKAGING_MATERIAL_CORRUGATED_BOARD:
    case PACKAGING_MATERIAL_PAPER_FILL:
        return "paper";
    case PACKAGING_MATERIAL_AIR_CUSHION:
    case PACKAGING_MATERIAL_FILM:
        return "resin-film"; /* LDPE film and sheet, one resin, one EPR line */
    case PACKAGING_MATERIAL_EPS_FOAM:
        return "resin-eps";
    case PACKAGING_MATERIAL_ICE_PACK_WATER:
    case PACKAGING_MATERIAL_ICE_PACK_GEL:
        return "ice-pack";
    case PACKAGING_MATERIAL_TAPE:
        return "tape";
    case PACKAGING_MATERIAL_LABEL:
        return "label";
    default:
        return "unspecified";
    }
}

const char *packaging_material_name(packaging_material_kind_t kind)
{
    static const char *const names[] = {
        "UNSPECIFIED", "CORRUGATED_BOARD", "PAPER_FILL",   "AIR_CUSHION", "FILM",
        "EPS_FOAM",    "ICE_PACK_WATER",   "ICE_PACK_GEL", "TAPE",        "LABEL"};
    if (kind < PACKAGING_MATERIAL_UNSPECIFIED || kind > PACKAGING_MATERIAL_KIND_LAST)
        return names[0];
    return names[kind];
}
