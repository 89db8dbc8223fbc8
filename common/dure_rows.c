/*  dure_rows.c - the queue of rows written at the end of a batch, as column arrays. */
#include "dure_rows.h"

#include "dure_alloc.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing byte buffer, kept between batches. */
typedef struct {
    char *data;
    size_t len, cap;
} s_buffer_t;

static char *s_reserve(s_buffer_t *b, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + len + 1 > cap)
            cap *= 2;
        b->data = dure_realloc(b->data, cap);
        b->cap = cap;
    }
    return b->data + b->len;
}

static void s_append(s_buffer_t *b, const char *bytes, size_t len)
{
    memcpy(s_reserve(b, len), bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
}

typedef struct {
    const dure_rows_kind_t *kind;
    int table;
    size_t first_value; /* in `values` */
} s_row_t;

typedef struct {
    size_t offset, len; /* of the value's element text in `text` */
} s_value_t;

struct dure_rows_t {
    s_row_t *rows;
    size_t count, cap;
    s_value_t *values;
    size_t value_count, value_cap;
    s_buffer_t text;   /* every value as an array element, one after the other */
    s_buffer_t arrays; /* the column arrays of one kind, built by dure_rows_arrays */
    size_t *picked;    /* the rows of one table of that kind, by dure_rows_arrays */
    size_t picked_cap;
};

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
    free(self->values);
    free(self->text.data);
    free(self->arrays.data);
    free(self->picked);
    free(self);
    *self_p = NULL;
}

/* Values the last row still lacks: 0 once it is complete, or when there is none. */
static size_t s_last_row_lacks(const dure_rows_t *self)
{
    if (!self->count)
        return 0;
    const s_row_t *last = &self->rows[self->count - 1];
    return (size_t) last->kind->columns[last->table] - (self->value_count - last->first_value);
}

void dure_rows_start(dure_rows_t *self, const dure_rows_kind_t *kind, int table)
{
    assert(table >= 0 && table < DURE_ROWS_MAX_TABLES && kind->columns[table] > 0);
    assert(s_last_row_lacks(self) == 0);
    if (self->count == self->cap) {
        self->cap = self->cap ? 2 * self->cap : 64;
        self->rows = dure_realloc(self->rows, self->cap * sizeof *self->rows);
    }
    self->rows[self->count++] = (s_row_t){kind, table, self->value_count};
}

/* Room for the row's next value: at most `max_len` bytes of element text, which the caller
   writes there and s_value_end keeps. */
static char *s_value_begin(dure_rows_t *self, size_t max_len)
{
    assert(self->count && s_last_row_lacks(self) > 0);
    if (self->value_count == self->value_cap) {
        self->value_cap = self->value_cap ? 2 * self->value_cap : 256;
        self->values = dure_realloc(self->values, self->value_cap * sizeof *self->values);
    }
    return s_reserve(&self->text, max_len);
}

static void s_value_end(dure_rows_t *self, size_t len)
{
    self->values[self->value_count++] = (s_value_t){self->text.len, len};
    self->text.len += len;
    self->text.data[self->text.len] = '\0';
}

size_t dure_rows_quote(char *out, const char *value)
{
    char *p = out;
    *p++ = '"';
    for (const char *c = value; *c; c++) {
        if (*c == '"' || *c == '\\')
            *p++ = '\\';
        *p++ = *c;
    }
    *p++ = '"';
    return (size_t) (p - out);
}

void dure_rows_text(dure_rows_t *self, const char *value)
{
    value = value ? value : "";
    char *out = s_value_begin(self, 2 * strlen(value) + 2);
    s_value_end(self, dure_rows_quote(out, value));
}

void dure_rows_int(dure_rows_t *self, int64_t value)
{
    char *out = s_value_begin(self, 24);
    s_value_end(self, (size_t) snprintf(out, 24, "%" PRId64, value));
}

void dure_rows_bool(dure_rows_t *self, int value)
{
    char *out = s_value_begin(self, 1);
    *out = value ? 't' : 'f';
    s_value_end(self, 1);
}

void dure_rows_double(dure_rows_t *self, double value)
{
    char *out = s_value_begin(self, 32);
    s_value_end(self, (size_t) snprintf(out, 32, "%.17g", value));
}

size_t dure_rows_hex(char *out, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        uint8_t byte = data[i];
        out[2 * i] = digits[byte >> 4];
        out[2 * i + 1] = digits[byte & 15];
    }
    return 2 * len;
}

/* bytea's hex input as an array element: "\\x", two digits a byte, and the closing quote
   (the backslash escaped for the array). Needs 2 * len + 5 bytes; the bytes may lie in
   that space from `out` + len + 4 on (dure_rows_hex). */
static size_t s_hex_element(char *out, const uint8_t *data, size_t len)
{
    memcpy(out, "\"\\\\x", 4);
    size_t n = 4 + dure_rows_hex(out + 4, data, len);
    out[n++] = '"';
    return n;
}

void dure_rows_bytes(dure_rows_t *self, const uint8_t *data, size_t len)
{
    char *out = s_value_begin(self, 2 * len + 5);
    s_value_end(self, s_hex_element(out, data, len));
}

void dure_rows_message(dure_rows_t *self, const ProtobufCMessage *msg)
{
    /* Packed into the tail of the element's own space, so no buffer is allocated for it. */
    size_t len = msg ? protobuf_c_message_get_packed_size(msg) : 0;
    char *out = s_value_begin(self, 2 * len + 5);
    uint8_t *packed = (uint8_t *) out + len + 5;
    if (msg)
        protobuf_c_message_pack(msg, packed);
    s_value_end(self, s_hex_element(out, packed, len));
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
    self->value_count = self->rows[keep].first_value;
    self->text.len = self->value_count ? self->values[self->value_count - 1].offset +
                                             self->values[self->value_count - 1].len
                                       : 0;
}

/* Whether rows[r]'s kind was met before row r. */
static int s_seen_before(const dure_rows_t *self, size_t r)
{
    for (size_t k = 0; k < r; k++)
        if (self->rows[k].kind == self->rows[r].kind)
            return 1;
    return 0;
}

/* Puts in `picked` the rows of one table of the kind of rows[first], from `first` on (none of
   that kind comes before it). Returns how many. */
static size_t s_pick(dure_rows_t *self, size_t first, int table)
{
    const dure_rows_kind_t *kind = self->rows[first].kind;
    if (self->picked_cap < self->count) {
        self->picked_cap = self->count;
        self->picked = dure_realloc(self->picked, self->picked_cap * sizeof *self->picked);
    }
    size_t n = 0;
    for (size_t r = first; r < self->count; r++)
        if (self->rows[r].kind == kind && self->rows[r].table == table)
            self->picked[n++] = r;
    return n;
}

/* Appends to `arrays` the array of one column of the `n` picked rows, and its NUL. */
static void s_column_array(dure_rows_t *self, size_t n, int column)
{
    s_append(&self->arrays, "{", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            s_append(&self->arrays, ",", 1);
        const s_row_t *row = &self->rows[self->picked[i]];
        const s_value_t *v = &self->values[row->first_value + (size_t) column];
        s_append(&self->arrays, self->text.data + v->offset, v->len);
    }
    s_append(&self->arrays, "}", 2); /* with its terminating NUL */
}

const dure_rows_kind_t *dure_rows_arrays(dure_rows_t *self, size_t i,
                                         const char *params[DURE_ROWS_MAX_COLUMNS], int *nparams,
                                         size_t *rows)
{
    assert(s_last_row_lacks(self) == 0);
    /* The i-th distinct kind. A batch holds one kind or two, and a row's scan stops at the
       first row of its kind, so this stays short even with many child rows. */
    size_t first = 0, seen = 0;
    for (; first < self->count; first++)
        if (!s_seen_before(self, first) && seen++ == i)
            break;
    if (first == self->count)
        return NULL;
    const dure_rows_kind_t *kind = self->rows[first].kind;
    size_t offsets[DURE_ROWS_MAX_COLUMNS];
    self->arrays.len = 0;
    *nparams = 0;
    for (int t = 0; t < DURE_ROWS_MAX_TABLES && kind->columns[t] > 0; t++) {
        size_t n = s_pick(self, first, t);
        if (t == 0)
            *rows = n;
        for (int c = 0; c < kind->columns[t]; c++) {
            assert(*nparams < DURE_ROWS_MAX_COLUMNS);
            offsets[(*nparams)++] = self->arrays.len;
            s_column_array(self, n, c);
        }
    }
    /* Pointers only now: the buffer may have moved while it grew. */
    for (int p = 0; p < *nparams; p++)
        params[p] = self->arrays.data + offsets[p];
    return kind;
}
