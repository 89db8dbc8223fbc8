/*  dure_rows.c - the queue of rows written at the end of a batch. */
#include "dure_rows.h"

#include "dure_alloc.h"

#include <stdlib.h>
#include <string.h>

/* A growing byte buffer, kept between batches. */
typedef struct {
    char *data;
    size_t len, cap;
} s_buffer_t;

static void s_append(s_buffer_t *b, const char *bytes, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + len + 1 > cap)
            cap *= 2;
        b->data = dure_realloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
}

typedef struct {
    const dure_rows_kind_t *kind;
    size_t offset, len; /* of its text in `text` */
} s_row_t;

struct dure_rows_t {
    s_row_t *rows;
    size_t count, cap;
    s_buffer_t text;  /* every row's text, one after the other */
    s_buffer_t array; /* the array of one kind, built by dure_rows_array */
};

void dure_row_add_string(json_object *row, const char *key, const char *value)
{
    json_object_object_add(row, key, json_object_new_string(value ? value : ""));
}

void dure_row_add_int(json_object *row, const char *key, int64_t value)
{
    json_object_object_add(row, key, json_object_new_int64(value));
}

dure_rows_t *dure_rows_new(void)
{
    return dure_calloc(1, sizeof(dure_rows_t));
}

void dure_rows_destroy(dure_rows_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_rows_t *self = *self_p;
    free(self->rows);
    free(self->text.data);
    free(self->array.data);
    free(self);
    *self_p = NULL;
}

void dure_rows_add(dure_rows_t *self, const dure_rows_kind_t *kind, const char *row_json)
{
    if (self->count == self->cap) {
        self->cap = self->cap ? 2 * self->cap : 64;
        self->rows = dure_realloc(self->rows, self->cap * sizeof *self->rows);
    }
    size_t len = strlen(row_json);
    self->rows[self->count++] = (s_row_t){kind, self->text.len, len};
    s_append(&self->text, row_json, len);
}

size_t dure_rows_count(const dure_rows_t *self)
{
    return self->count;
}

void dure_rows_truncate(dure_rows_t *self, size_t keep)
{
    if (keep >= self->count)
        return;
    self->count = keep;
    self->text.len = keep ? self->rows[keep - 1].offset + self->rows[keep - 1].len : 0;
}

/* Whether rows[r]'s kind was met before row r. */
static int s_seen_before(const dure_rows_t *self, size_t r)
{
    for (size_t k = 0; k < r; k++)
        if (self->rows[k].kind == self->rows[r].kind)
            return 1;
    return 0;
}

const dure_rows_kind_t *dure_rows_array(dure_rows_t *self, size_t i, const char **array,
                                        size_t *rows)
{
    /* The i-th distinct kind; a batch holds one or two kinds, so the scans stay short. */
    size_t first = 0, seen = 0;
    for (; first < self->count; first++)
        if (!s_seen_before(self, first) && seen++ == i)
            break;
    if (first == self->count)
        return NULL;
    const dure_rows_kind_t *kind = self->rows[first].kind;
    self->array.len = 0;
    s_append(&self->array, "[", 1);
    *rows = 0;
    for (size_t r = first; r < self->count; r++) {
        if (self->rows[r].kind != kind)
            continue;
        if ((*rows)++)
            s_append(&self->array, ",", 1);
        s_append(&self->array, self->text.data + self->rows[r].offset, self->rows[r].len);
    }
    s_append(&self->array, "]", 1);
    *array = self->array.data;
    return kind;
}
