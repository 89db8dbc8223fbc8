/*  boxes.c - the box catalog: parsing the CSV, the built-in default, lookups.

    The catalog is one allocation holding an array of boxes, sorted once after loading so that
    cartonization can walk it from the smallest box up. Parsing is strict: a row that is not
    exactly what the header promises fails the whole load with its line number, because a
    silently skipped box would make every later shipment use a bigger one.
*/
#include "boxes.h"

#include "dure_alloc.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes beyond 10 m or prices beyond 10 million won are typing mistakes, not boxes. */
#define S_MAX_SIZE_MM 10000
#define S_MAX_PRICE_KRW 10000000
#define S_MAX_WEIGHT_G 1000000
/* Longest CSV line we accept; box rows are about 40 characters. */
#define S_LINE_MAX 512

struct logistics_boxes_t {
    size_t count;                              /* boxes in use */
    logistics_box_t boxes[LOGISTICS_BOXES_MAX]; /* sorted by inner volume, price, code */
};

/* The Korea Post boxes of shared/data/boxes_korea_post.csv (2024 price list). */
static const char s_default_csv[] = "code,length_mm,width_mm,height_mm,price_krw\n"
                                    "kp-1,220,190,90,700\n"
                                    "kp-2,270,180,150,800\n"
                                    "kp-2-1,350,250,100,900\n"
                                    "kp-3,340,250,210,1100\n"
                                    "kp-4,410,310,280,1700\n"
                                    "kp-5,480,380,340,2300\n";

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

void logistics_boxes_options_default(logistics_boxes_options_t *options)
{
    assert(options);
    options->board_thickness_mm = LOGISTICS_BOARD_THICKNESS_MM_DEFAULT;
    options->max_weight_g = LOGISTICS_BOX_MAX_WEIGHT_G_DEFAULT;
}

int64_t logistics_box_inner_volume_mm3(const logistics_box_t *box)
{
    assert(box);
    return (int64_t) box->inner_length_mm * box->inner_width_mm * box->inner_height_mm;
}

static int s_compare(const void *a, const void *b)
{
    const logistics_box_t *x = a, *y = b;
    int64_t vx = logistics_box_inner_volume_mm3(x), vy = logistics_box_inner_volume_mm3(y);
    if (vx != vy)
        return vx < vy ? -1 : 1;
    if (x->price_krw != y->price_krw)
        return x->price_krw < y->price_krw ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* Parses a whole decimal field into [min, max]; returns -1 when it is not one. */
static int s_parse_int(const char *field, long min, long max, int *out)
{
    if (*field == '\0')
        return -1;
    char *end = NULL;
    errno = 0;
    long value = strtol(field, &end, 10);
    if (errno || *end != '\0' || value < min || value > max)
        return -1;
    *out = (int) value;
    return 0;
}

/* Splits line in place on commas; returns the number of fields (at most max). */
static size_t s_split(char *line, char **fields, size_t max)
{
    size_t count = 0;
    char *cursor = line;
    while (count < max) {
        fields[count++] = cursor;
        char *comma = strchr(cursor, ',');
        if (!comma)
            return count;
        *comma = '\0';
        cursor = comma + 1;
    }
    return max + 1; /* too many fields */
}

/* Checks the header; returns the number of columns (5 or 6) or -1. */
static int s_header(char *line)
{
    static const char *names[] = {"code",      "length_mm", "width_mm",
                                  "height_mm", "price_krw", "max_weight_g"};
    char *fields[6];
    size_t count = s_split(line, fields, 6);
    if (count < 5 || count > 6)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i], names[i]) != 0)
            return -1;
    return (int) count;
}

static int s_code_valid(const char *code)
{
    size_t length = strlen(code);
    if (length == 0 || length >= LOGISTICS_BOX_CODE_MAX || strcmp(code, LOGISTICS_BOX_CODE_OWN) == 0)
        return 0;
    for (const char *c = code; *c; c++)
        if (*c <= ' ' || *c == '"' || *c == 0x7f)
            return 0;
    return 1;
}

/* Parses one data row into box; returns NULL or the reason it is bad. */
static const char *s_row(char *line, int columns, const logistics_boxes_options_t *options,
                         logistics_box_t *box)
{
    char *fields[6];
    if (s_split(line, fields, 6) != (size_t) columns)
        return columns == 6 ? "expected 6 fields" : "expected 5 fields";
    if (!s_code_valid(fields[0]))
        return "bad code (empty, too long, \"own\" or with spaces)";
    memset(box, 0, sizeof *box);
    strcpy(box->code, fields[0]);
    if (s_parse_int(fields[1], 1, S_MAX_SIZE_MM, &box->outer_length_mm) ||
        s_parse_int(fields[2], 1, S_MAX_SIZE_MM, &box->outer_width_mm) ||
        s_parse_int(fields[3], 1, S_MAX_SIZE_MM, &box->outer_height_mm))
        return "sizes must be whole millimetres from 1 to 10000";
    if (s_parse_int(fields[4], 0, S_MAX_PRICE_KRW, &box->price_krw))
        return "price must be whole won from 0 to 10000000";
    box->max_weight_g = options->max_weight_g;
    if (columns == 6 && s_parse_int(fields[5], 1, S_MAX_WEIGHT_G, &box->max_weight_g))
        return "max_weight_g must be whole grams from 1 to 1000000";
    int wall = 2 * options->board_thickness_mm;
    box->inner_length_mm = box->outer_length_mm - wall;
    box->inner_width_mm = box->outer_width_mm - wall;
    box->inner_height_mm = box->outer_height_mm - wall;
    if (box->inner_length_mm <= 0 || box->inner_width_mm <= 0 || box->inner_height_mm <= 0)
        return "no inner space left after the board thickness";
    return NULL;
}

/* Adds a parsed row; returns the reason it cannot be added, or NULL. */
static const char *s_add(logistics_boxes_t *self, const logistics_box_t *box)
{
    if (self->count == LOGISTICS_BOXES_MAX)
        return "too many boxes";
    for (size_t i = 0; i < self->count; i++)
        if (strcmp(self->boxes[i].code, box->code) == 0)
            return "duplicate code";
    self->boxes[self->count++] = *box;
    return NULL;
}

/* Copies the next line of text (without its newline) into line; returns the rest or NULL. */
static const char *s_next_line(const char *text, char *line, size_t size, int *too_long)
{
    if (*text == '\0')
        return NULL;
    const char *end = strchr(text, '\n');
    size_t length = end ? (size_t) (end - text) : strlen(text);
    *too_long = length >= size;
    size_t copy = *too_long ? size - 1 : length;
    memcpy(line, text, copy);
    line[copy] = '\0';
    if (copy > 0 && line[copy - 1] == '\r')
        line[copy - 1] = '\0';
    return end ? end + 1 : text + length;
}

logistics_boxes_t *logistics_boxes_parse(const char *text, const logistics_boxes_options_t *options,
                                         char *err, size_t err_size)
{
    assert(text);
    logistics_boxes_options_t defaults;
    logistics_boxes_options_default(&defaults);
    if (!options)
        options = &defaults;
    if (options->board_thickness_mm < 0 || options->max_weight_g <= 0) {
        s_error(err, err_size, "bad options: board thickness %d mm, weight limit %d g",
                options->board_thickness_mm, options->max_weight_g);
        return NULL;
    }
    logistics_boxes_t *self = dure_calloc(1, sizeof *self);
    char line[S_LINE_MAX];
    int columns = 0, number = 0, too_long = 0;
    while ((text = s_next_line(text, line, sizeof line, &too_long))) {
        number++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        const char *reason = NULL;
        logistics_box_t box;
        if (too_long)
            reason = "line too long";
        else if (columns == 0)
            reason = (columns = s_header(line)) < 0 ? "bad header, expected "
                                                      "code,length_mm,width_mm,height_mm,price_krw"
                                                    : NULL;
        else if (!(reason = s_row(line, columns, options, &box)))
            reason = s_add(self, &box);
        if (reason) {
            s_error(err, err_size, "line %d: %s", number, reason);
            logistics_boxes_destroy(&self);
            return NULL;
        }
    }
    if (self->count == 0) {
        s_error(err, err_size, "line %d: no boxes in the catalog", number);
        logistics_boxes_destroy(&self);
        return NULL;
    }
    qsort(self->boxes, self->count, sizeof self->boxes[0], s_compare);
    return self;
}

logistics_boxes_t *logistics_boxes_new_default(const logistics_boxes_options_t *options)
{
    return logistics_boxes_parse(s_default_csv, options, NULL, 0);
}

logistics_boxes_t *logistics_boxes_load(const char *path, const logistics_boxes_options_t *options,
                                        char *err, size_t err_size)
{
    assert(path);
    FILE *file = fopen(path, "rb");
    if (!file) {
        s_error(err, err_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    /* A catalog of LOGISTICS_BOXES_MAX rows with comments fits easily in 64 KiB. */
    enum { S_FILE_MAX = 64 * 1024 };
    char *text = dure_malloc(S_FILE_MAX + 1);
    size_t length = fread(text, 1, S_FILE_MAX + 1, file);
    int failed = ferror(file);
    fclose(file);
    logistics_boxes_t *self = NULL;
    if (failed)
        s_error(err, err_size, "%s: read error", path);
    else if (length > S_FILE_MAX)
        s_error(err, err_size, "%s: larger than %d bytes", path, S_FILE_MAX);
    else if (memchr(text, '\0', length))
        s_error(err, err_size, "%s: not a text file", path);
    else {
        text[length] = '\0';
        self = logistics_boxes_parse(text, options, err, err_size);
    }
    free(text);
    return self;
}

void logistics_boxes_destroy(logistics_boxes_t **self_p)
{
    assert(self_p);
    free(*self_p);
    *self_p = NULL;
}

size_t logistics_boxes_size(const logistics_boxes_t *self)
{
    assert(self);
    return self->count;
}

const logistics_box_t *logistics_boxes_at(const logistics_boxes_t *self, size_t index)
{
    assert(self);
    return index < self->count ? &self->boxes[index] : NULL;
}

const logistics_box_t *logistics_boxes_find(const logistics_boxes_t *self, const char *code)
{
    assert(self && code);
    for (size_t i = 0; i < self->count; i++)
        if (strcmp(self->boxes[i].code, code) == 0)
            return &self->boxes[i];
    return NULL;
}
