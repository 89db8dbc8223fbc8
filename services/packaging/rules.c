/*  rules.c - packaging rule sets: the built-in defaults, validation, and the JSON rules file.

    The JSON keys map onto struct fields through one table (s_fields), so a new parameter is a
    struct field plus a table row, and parse, validate and docs stay in step. Parsing is strict:
    an unknown key or a wrong type fails the whole file, because a silently ignored typo in a
    legal limit would flag or clear thousands of parcels wrongly.
*/
#include "rules.h"

#include "dure_alloc.h"

#include <assert.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes are summed in mm; 10 m is a typing mistake, not a parcel. */
#define S_MAX_SUM_MM 10000
/* More layers than this is a data error, not packaging. */
#define S_MAX_LAYERS 100

struct packaging_rules_t {
    size_t count;                                       /* rule sets in use */
    packaging_rule_set_t sets[PACKAGING_RULE_SETS_MAX]; /* built-ins first, then file order */
};

typedef enum { S_PERCENT, S_INT, S_BOOL, S_TEXT, S_DATE, S_BASIS } s_kind_t;

/* One JSON key and where it lands in the struct. */
typedef struct {
    const char *key; /* JSON object key */
    s_kind_t kind;   /* how the value is read and checked */
    size_t offset;   /* offset of the field in packaging_rule_set_t */
    size_t size;     /* buffer size for text fields; upper bound for ints */
} s_field_t;

#define S_FIELD(key, kind, member, size)                                                           \
    {                                                                                              \
        key, kind, offsetof(packaging_rule_set_t, member), size                                    \
    }

static const s_field_t s_fields[] = {
    S_FIELD("id", S_TEXT, id, PACKAGING_RULE_SET_ID_MAX),
    S_FIELD("title", S_TEXT, title, PACKAGING_RULE_SET_TITLE_MAX),
    S_FIELD("max_space_ratio_percent", S_PERCENT, max_space_ratio_percent, 0),
    S_FIELD("size_exemption_max_sum_mm", S_INT, size_exemption_max_sum_mm, S_MAX_SUM_MM),
    S_FIELD("size_exemption_basis", S_BASIS, size_exemption_basis, 0),
    S_FIELD("paper_fill_ratio_percent", S_PERCENT, paper_fill_ratio_percent, 0),
    S_FIELD("recycled_film_ratio_percent", S_PERCENT, recycled_film_ratio_percent, 0),
    S_FIELD("recycled_film_min_percent", S_INT, recycled_film_min_percent, 100),
    S_FIELD("max_layers", S_INT, max_layers, S_MAX_LAYERS),
    S_FIELD("filling_counts_as_empty", S_BOOL, filling_counts_as_empty, 0),
    S_FIELD("ice_packs_count_as_product", S_BOOL, ice_packs_count_as_product, 0),
    S_FIELD("reusable_exempt", S_BOOL, reusable_exempt, 0),
    S_FIELD("multi_product_exempt", S_BOOL, multi_product_exempt, 0),
    S_FIELD("fragile_exempt", S_BOOL, fragile_exempt, 0),
    S_FIELD("in_force", S_DATE, in_force, PACKAGING_DATE_MAX),
    S_FIELD("enforced_from", S_DATE, enforced_from, PACKAGING_DATE_MAX),
};
#define S_FIELD_COUNT (sizeof s_fields / sizeof s_fields[0])

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

void packaging_rule_set_kr_2024(packaging_rule_set_t *rs)
{
    assert(rs);
    *rs = (packaging_rule_set_t){
        .id = PACKAGING_RULE_SET_KR_2024,
        .title = "Korea: one-way transport (parcel) packaging, packaging rule 2022 amendment",
        .max_space_ratio_percent = 50,
        /* The rule names the parcel's size, which is the box as sold and labelled. */
        .size_exemption_max_sum_mm = 500,
        .size_exemption_basis = PACKAGING_SIZE_BASIS_OUTER,
        .paper_fill_ratio_percent = 70,
        .recycled_film_ratio_percent = 60,
        .recycled_film_min_percent = 20,
        .max_layers = 1,
        .filling_counts_as_empty = true,
        .ice_packs_count_as_product = true,
        .reusable_exempt = true,
        .multi_product_exempt = true,
        .fragile_exempt = true,
        .in_force = "2024-04-30",
        .enforced_from = "2026-04-30",
    };
}

void packaging_rule_set_eu_ppwr_art24(packaging_rule_set_t *rs)
{
    assert(rs);
    /* Art. 24 has no size exemption, relaxed limits or layer count; ice packs are not sales
       packaging, so under its definition they are empty space (see docs/PACKAGING.md). */
    *rs = (packaging_rule_set_t){
        .id = PACKAGING_RULE_SET_EU_PPWR_ART24,
        .title = "EU: Regulation (EU) 2025/40 (PPWR) Art. 24, e-commerce packaging",
        .max_space_ratio_percent = 50,
        .size_exemption_basis = PACKAGING_SIZE_BASIS_OUTER,
        .filling_counts_as_empty = true,
        .ice_packs_count_as_product = false,
        .in_force = "2030-01-01",
        .enforced_from = "2030-01-01",
    };
}

/* YYYY-MM-DD with a plausible month and day, or empty. */
static bool s_date_ok(const char *date)
{
    if (date[0] == '\0')
        return true;
    int year, month, day;
    char tail;
    if (strlen(date) != 10 || date[4] != '-' || date[7] != '-' ||
        sscanf(date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
        return false;
    return year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Ids travel in reports, metrics labels and env vars: keep them to a safe alphabet. */
static bool s_id_ok(const char *id)
{
    if (id[0] == '\0')
        return false;
    for (const char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
              *c == '.'))
            return false;
    return true;
}

static bool s_percent_ok(double value, bool zero_ok)
{
    return (zero_ok && value == 0) || (value > 0 && value <= 100);
}

int packaging_rule_set_validate(const packaging_rule_set_t *rs, char *err, size_t err_size)
{
    assert(rs);
    const char *bad = NULL;
    if (!s_id_ok(rs->id))
        bad = "id: use 1-31 characters from a-z, 0-9, '-', '_', '.'";
    else if (!s_percent_ok(rs->max_space_ratio_percent, false))
        bad = "max_space_ratio_percent: must be more than 0 and at most 100";
    else if (!s_percent_ok(rs->paper_fill_ratio_percent, true))
        bad = "paper_fill_ratio_percent: must be 0 (none) or in (0, 100]";
    else if (!s_percent_ok(rs->recycled_film_ratio_percent, true))
        bad = "recycled_film_ratio_percent: must be 0 (none) or in (0, 100]";
    else if (rs->size_exemption_max_sum_mm < 0 || rs->size_exemption_max_sum_mm > S_MAX_SUM_MM)
        bad = "size_exemption_max_sum_mm: must be 0 (none) to 10000";
    else if (rs->size_exemption_basis != PACKAGING_SIZE_BASIS_OUTER &&
             rs->size_exemption_basis != PACKAGING_SIZE_BASIS_INNER)
        bad = "size_exemption_basis: must be outer or inner";
    else if (rs->recycled_film_min_percent < 0 || rs->recycled_film_min_percent > 100)
        bad = "recycled_film_min_percent: must be 0 to 100";
    else if (rs->max_layers < 0 || rs->max_layers > S_MAX_LAYERS)
        bad = "max_layers: must be 0 (no limit) to 100";
    else if (!s_date_ok(rs->in_force))
        bad = "in_force: must be YYYY-MM-DD";
    else if (!s_date_ok(rs->enforced_from))
        bad = "enforced_from: must be YYYY-MM-DD";
    if (!bad)
        return 0;
    s_error(err, err_size, "%s", bad);
    return -1;
}

bool packaging_rule_set_in_force(const packaging_rule_set_t *rs, const char *date)
{
    assert(rs && date);
    /* ISO dates compare correctly as strings. */
    return rs->in_force[0] == '\0' || strcmp(rs->in_force, date) <= 0;
}

bool packaging_rule_set_enforced(const packaging_rule_set_t *rs, const char *date)
{
    assert(rs && date);
    return packaging_rule_set_in_force(rs, date) &&
           (rs->enforced_from[0] == '\0' || strcmp(rs->enforced_from, date) <= 0);
}

static packaging_rules_t *s_rules_new(void)
{
    packaging_rules_t *self = dure_calloc(1, sizeof *self);
    return self;
}

packaging_rules_t *packaging_rules_new_default(void)
{
    packaging_rules_t *self = s_rules_new();
    packaging_rule_set_kr_2024(&self->sets[self->count++]);
    packaging_rule_set_eu_ppwr_art24(&self->sets[self->count++]);
    return self;
}

void packaging_rules_destroy(packaging_rules_t **self_p)
{
    assert(self_p);
    free(*self_p);
    *self_p = NULL;
}

size_t packaging_rules_size(const packaging_rules_t *self)
{
    assert(self);
    return self->count;
}

const packaging_rule_set_t *packaging_rules_at(const packaging_rules_t *self, size_t index)
{
    assert(self);
    return index < self->count ? &self->sets[index] : NULL;
}

const packaging_rule_set_t *packaging_rules_find(const packaging_rules_t *self, const char *id)
{
    assert(self);
    if (!id)
        return NULL;
    for (size_t i = 0; i < self->count; i++)
        if (strcmp(self->sets[i].id, id) == 0)
            return &self->sets[i];
    return NULL;
}

const packaging_rule_set_t *packaging_rules_select(const packaging_rules_t *self, const char *id)
{
    return packaging_rules_find(self, id && *id ? id : PACKAGING_RULE_SET_DEFAULT);
}

/* Reads one JSON value into its field. Returns 0, or -1 with "rule_sets[i].key: why" in err. */
static int s_read_field(const s_field_t *field, json_object *value, packaging_rule_set_t *rs,
                        size_t index, char *err, size_t err_size)
{
    char *base = (char *)rs + field->offset;
    json_type type = json_object_get_type(value);
    const char *want = NULL;
    if (field->kind == S_PERCENT) {
        if (type != json_type_double && type != json_type_int)
            want = "a number";
        else
            *(double *)base = json_object_get_double(value);
    } else if (field->kind == S_INT) {
        int64_t n = json_object_get_int64(value);
        if (type != json_type_int || n < 0 || n > (int64_t)field->size)
            want = "a whole number in range";
        else
            *(int *)base = (int)n;
    } else if (field->kind == S_BOOL) {
        if (type != json_type_boolean)
            want = "true or false";
        else
            *(bool *)base = json_object_get_boolean(value);
    } else if (field->kind == S_BASIS) {
        const char *text = type == json_type_string ? json_object_get_string(value) : "";
        if (strcmp(text, "outer") == 0)
            *(packaging_size_basis_t *)base = PACKAGING_SIZE_BASIS_OUTER;
        else if (strcmp(text, "inner") == 0)
            *(packaging_size_basis_t *)base = PACKAGING_SIZE_BASIS_INNER;
        else
            want = "\"outer\" or \"inner\"";
    } else {
        const char *text = type == json_type_string ? json_object_get_string(value) : NULL;
        if (!text || strlen(text) >= field->size)
            want = field->kind == S_DATE ? "a \"YYYY-MM-DD\" string" : "a short string";
        else
            memcpy(base, text, strlen(text) + 1);
    }
    if (!want)
        return 0;
    s_error(err, err_size, "rule_sets[%zu].%s: expected %s", index, field->key, want);
    return -1;
}

static const s_field_t *s_field_find(const char *key)
{
    for (size_t i = 0; i < S_FIELD_COUNT; i++)
        if (strcmp(s_fields[i].key, key) == 0)
            return &s_fields[i];
    return NULL;
}

/* Picks the starting point of entry index: the set it overrides, its based_on, or zeros. */
static int s_entry_start(packaging_rules_t *self, json_object *entry, size_t index,
                         packaging_rule_set_t **slot, char *err, size_t err_size)
{
    json_object *id = NULL, *based_on = NULL;
    if (!json_object_object_get_ex(entry, "id", &id) ||
        !json_object_is_type(id, json_type_string)) {
        s_error(err, err_size, "rule_sets[%zu].id: required string", index);
        return -1;
    }
    *slot = (packaging_rule_set_t *)packaging_rules_find(self, json_object_get_string(id));
    if (*slot)
        return 0;
    if (self->count == PACKAGING_RULE_SETS_MAX) {
        s_error(err, err_size, "rule_sets[%zu]: more than %d rule sets", index,
                PACKAGING_RULE_SETS_MAX);
        return -1;
    }
    *slot = &self->sets[self->count++];
    memset(*slot, 0, sizeof **slot);
    if (!json_object_object_get_ex(entry, "based_on", &based_on))
        return 0;
    const packaging_rule_set_t *from =
        json_object_is_type(based_on, json_type_string)
            ? packaging_rules_find(self, json_object_get_string(based_on))
            : NULL;
    if (!from) {
        s_error(err, err_size, "rule_sets[%zu].based_on: names no known rule set", index);
        return -1;
    }
    **slot = *from;
    return 0;
}

/* Applies one entry of "rule_sets". Returns 0, or -1 with the reason in err. */
static int s_apply_entry(packaging_rules_t *self, json_object *entry, size_t index, char *err,
                         size_t err_size)
{
    packaging_rule_set_t *rs = NULL;
    if (!json_object_is_type(entry, json_type_object)) {
        s_error(err, err_size, "rule_sets[%zu]: expected an object", index);
        return -1;
    }
    if (s_entry_start(self, entry, index, &rs, err, err_size) != 0)
        return -1;
    json_object_object_foreach(entry, key, value)
    {
        if (strcmp(key, "based_on") == 0)
            continue;
        const s_field_t *field = s_field_find(key);
        if (!field) {
            s_error(err, err_size, "rule_sets[%zu].%s: unknown key", index, key);
            return -1;
        }
        if (s_read_field(field, value, rs, index, err, err_size) != 0)
            return -1;
    }
    char why[160];
    if (packaging_rule_set_validate(rs, why, sizeof why) != 0) {
        s_error(err, err_size, "rule_sets[%zu] (%s).%s", index, rs->id, why);
        return -1;
    }
    return 0;
}

/* Parses text into a JSON tree; on bad syntax reports line and column. */
static json_object *s_parse_json(const char *text, char *err, size_t err_size)
{
    json_tokener *tok = json_tokener_new();
    if (!tok)
        abort();
    size_t length = strlen(text);
    json_object *root = json_tokener_parse_ex(tok, text, (int)length + 1);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    if (!root || jerr != json_tokener_success) {
        size_t end = json_tokener_get_parse_end(tok), line = 1, column = 1;
        for (size_t i = 0; i < end && i < length; i++, column++)
            if (text[i] == '\n')
                line++, column = 0;
        s_error(err, err_size, "line %zu, column %zu: %s", line, column,
                jerr == json_tokener_success ? "not a JSON document"
                                             : json_tokener_error_desc(jerr));
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tok);
    return root;
}

packaging_rules_t *packaging_rules_parse(const char *json_text, char *err, size_t err_size)
{
    assert(json_text);
    json_object *root = s_parse_json(json_text, err, err_size);
    if (!root)
        return NULL;
    packaging_rules_t *self = packaging_rules_new_default();
    json_object *sets = NULL;
    int rc = -1;
    if (!json_object_is_type(root, json_type_object) ||
        !json_object_object_get_ex(root, "rule_sets", &sets) ||
        !json_object_is_type(sets, json_type_array)) {
        s_error(err, err_size, "rule_sets: expected a top-level object with a \"rule_sets\" array");
        goto done;
    }
    json_object_object_foreach(root, key, unused)
    {
        (void)unused;
        if (strcmp(key, "rule_sets") != 0) {
            s_error(err, err_size, "%s: unknown key", key);
            goto done;
        }
    }
    for (size_t i = 0; i < json_object_array_length(sets); i++)
        if (s_apply_entry(self, json_object_array_get_idx(sets, i), i, err, err_size) != 0)
            goto done;
    rc = 0;
done:
    json_object_put(root);
    if (rc != 0)
        packaging_rules_destroy(&self);
    return self;
}

packaging_rules_t *packaging_rules_load(const char *path, char *err, size_t err_size)
{
    assert(path);
    FILE *file = fopen(path, "rb");
    if (!file) {
        s_error(err, err_size, "%s: cannot open: %m", path);
        return NULL;
    }
    char *text = dure_malloc(PACKAGING_RULES_FILE_MAX_BYTES + 1);
    size_t length = fread(text, 1, PACKAGING_RULES_FILE_MAX_BYTES + 1, file);
    bool failed = ferror(file) != 0;
    fclose(file);
    packaging_rules_t *self = NULL;
    if (failed)
        s_error(err, err_size, "%s: read error", path);
    else if (length > PACKAGING_RULES_FILE_MAX_BYTES)
        s_error(err, err_size, "%s: larger than %d bytes", path, PACKAGING_RULES_FILE_MAX_BYTES);
    else if (memchr(text, '\0', length))
        s_error(err, err_size, "%s: contains a NUL byte, not a JSON text file", path);
    else {
        text[length] = '\0';
        char why[256] = "";
        self = packaging_rules_parse(text, why, sizeof why);
        if (!self)
            s_error(err, err_size, "%s: %s", path, why);
    }
    free(text);
    return self;
}
