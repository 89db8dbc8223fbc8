/*  dure_db_params.c - statement parameters built from C values (dure_db.h): array literals
    and JSON arrays of many keys, the reads of a batch's keys, bytes as a binary array or as
    hex text, and binary results read back. */
#include "dure_db.h"

#include <arpa/inet.h>
#include <endian.h>
#include <json-c/json.h>
#include <protobuf-c/protobuf-c.h>
#include <stdlib.h>
#include <string.h>

/* The size of an array literal of `values`, its NUL included, and the literal written. */
static size_t s_array_size(const char *const *values, size_t count)
{
    size_t size = 3;
    for (size_t i = 0; i < count; i++)
        size += 2 * strlen(values[i]) + 3;
    return size;
}

static char *s_array_fill(char *array, const char *const *values, size_t count)
{
    char *p = array;
    *p++ = '{';
    for (size_t i = 0; i < count; i++) {
        if (i)
            *p++ = ',';
        p += dure_rows_quote(p, values[i]);
    }
    *p++ = '}';
    *p = '\0';
    return array;
}

char *dure_db_array(const char *const *values, size_t count)
{
    return s_array_fill(dure_malloc(s_array_size(values, count)), values, count);
}

char *dure_db_array_in(dure_arena_t *arena, const char *const *values, size_t count)
{
    return s_array_fill(dure_arena_alloc(arena, s_array_size(values, count)), values, count);
}

char *dure_db_json_array(const char *const *values, size_t count)
{
    json_object *array = json_object_new_array_ext((int) count);
    for (size_t i = 0; i < count; i++)
        json_object_array_add(array, json_object_new_string(values[i]));
    char *text = dure_strdup(json_object_to_json_string_ext(array, JSON_C_TO_STRING_PLAIN));
    json_object_put(array);
    return text;
}

PGresult *dure_db_query_keys(dure_db_t *self, const char *name, const char *sql,
                             const char *const *keys, size_t count)
{
    char *array = dure_db_json_array(keys, count);
    const char *params[] = {array};
    PGresult *res = dure_db_query(self, name, sql, 1, params);
    free(array);
    return res;
}

long dure_db_key_at(const PGresult *res, int r, size_t count)
{
    long n = strtol(PQgetvalue(res, r, 0), NULL, 10);
    return n >= 1 && (size_t) n <= count ? n - 1 : -1;
}

int dure_db_read_keys(dure_db_t *self, const char *name, const char *sql,
                      const char *const *keys, size_t count, dure_arena_t *arena,
                      dure_db_row_fn row, void **rows)
{
    PGresult *res = dure_db_query_keys(self, name, sql, keys, count);
    if (!res)
        return -1;
    for (size_t i = 0; i < count; i++)
        rows[i] = NULL;
    for (int r = 0; r < PQntuples(res); r++) {
        long at = dure_db_key_at(res, r, count);
        if (at >= 0)
            rows[at] = row(res, r, arena);
    }
    PQclear(res);
    return 0;
}

void *dure_db_row_exists(const PGresult *res, int r, dure_arena_t *arena)
{
    static char exists;
    (void) res;
    (void) r;
    (void) arena;
    return &exists;
}

/* bytea's type oid, which the binary form of an array names for its elements. */
#define S_BYTEA_OID 17

static char *s_put_int32(char *at, uint32_t value)
{
    value = htonl(value);
    memcpy(at, &value, sizeof value);
    return at + sizeof value;
}

char *dure_db_bytea_array(const uint8_t *const *values, const size_t *lengths, size_t count,
                          int *size)
{
    /* Dimensions, a has-nulls flag and the element type; one dimension's length and lower
       bound; then each element's length and bytes. */
    size_t total = 3 * 4 + (count ? 2 * 4 : 0);
    for (size_t i = 0; i < count; i++)
        total += 4 + lengths[i];
    char *array = dure_malloc(total), *at = array;
    at = s_put_int32(at, count ? 1 : 0);
    at = s_put_int32(at, 0);
    at = s_put_int32(at, S_BYTEA_OID);
    if (count) {
        at = s_put_int32(at, (uint32_t) count);
        at = s_put_int32(at, 1);
    }
    for (size_t i = 0; i < count; i++) {
        at = s_put_int32(at, (uint32_t) lengths[i]);
        if (lengths[i])
            memcpy(at, values[i], lengths[i]);
        at += lengths[i];
    }
    *size = (int) total;
    return array;
}

int64_t dure_db_int8_at(const PGresult *res, int r, int c)
{
    uint64_t value;
    if (PQgetisnull(res, r, c) || PQgetlength(res, r, c) != (int) sizeof value)
        return 0;
    memcpy(&value, PQgetvalue(res, r, c), sizeof value);
    return (int64_t) be64toh(value);
}

static char *s_hex_fill(char *hex, const char *prefix, const uint8_t *data, size_t len)
{
    size_t at = strlen(prefix);
    memcpy(hex, prefix, at);
    hex[at + dure_rows_hex(hex + at, data, len)] = '\0';
    return hex;
}

char *dure_db_hex(const char *prefix, const uint8_t *data, size_t len)
{
    return s_hex_fill(dure_malloc(strlen(prefix) + 2 * len + 1), prefix, data, len);
}

/* A message packed into `bytes`, or NULL with *len 0 for no message. The caller frees. */
static uint8_t *s_pack(const ProtobufCMessage *msg, size_t *len)
{
    *len = msg ? protobuf_c_message_get_packed_size(msg) : 0;
    uint8_t *bytes = dure_malloc(*len ? *len : 1);
    if (msg)
        protobuf_c_message_pack(msg, bytes);
    return bytes;
}

char *dure_db_message_hex(const char *prefix, const ProtobufCMessage *msg)
{
    size_t len;
    uint8_t *bytes = s_pack(msg, &len);
    char *hex = dure_db_hex(prefix, bytes, len);
    free(bytes);
    return hex;
}
