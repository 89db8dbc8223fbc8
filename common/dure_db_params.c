/*  dure_db_params.c - statement parameters built from C values (dure_db.h): array literals
    and JSON arrays of many keys, the reads of a batch's keys, and bytes as hex text. */
#include "dure_db.h"

#include <json-c/json.h>
#include <protobuf-c/protobuf-c.h>
#include <stdlib.h>
#include <string.h>

char *dure_db_array(const char *const *values, size_t count)
{
    size_t size = 3;
    for (size_t i = 0; i < count; i++)
        size += 2 * strlen(values[i]) + 3;
    char *array = dure_malloc(size), *p = array;
    *p++ = '{';
    for (size_t i = 0; i < count; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const char *c = values[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
    }
    *p++ = '}';
    *p = '\0';
    return array;
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

char *dure_db_hex(const char *prefix, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t at = strlen(prefix);
    char *hex = dure_malloc(at + 2 * len + 1);
    memcpy(hex, prefix, at);
    for (size_t i = 0; i < len; i++) {
        hex[at++] = digits[data[i] >> 4];
        hex[at++] = digits[data[i] & 15];
    }
    hex[at] = '\0';
    return hex;
}

char *dure_db_message_hex(const char *prefix, const ProtobufCMessage *msg)
{
    size_t len = msg ? protobuf_c_message_get_packed_size(msg) : 0;
    uint8_t *bytes = dure_malloc(len ? len : 1);
    if (msg)
        protobuf_c_message_pack(msg, bytes);
    char *hex = dure_db_hex(prefix, bytes, len);
    free(bytes);
    return hex;
}
