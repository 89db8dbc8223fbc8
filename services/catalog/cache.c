/*  cache.c - the catalog's Redis keys over dure_cache.

    MGET is built as inline command text ("MGET k1 k2 ...") because dure_cache_command takes
    a format and no argument vector: keys are safe for that, since ids and the prefix hold no
    spaces or '%' (validate.c and catalog_cache_new check them). Values, which are binary,
    only travel through argument vectors (the pipeline) or %b.
*/
#include "cache.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_VERSION_DIGITS 20
#define S_PREFIX_MAX 64
#define S_KEY_MAX (S_PREFIX_MAX + CATALOG_ID_MAX + 96)
/* prefix, ":r:", counter, a 64-bit generation, ':' and the name */
#define S_REPLY_KEY_MAX (S_PREFIX_MAX + 32 + CATALOG_CACHE_NAME_MAX)

/* KEYS[1] the snapshot; ARGV[1] its version, ARGV[2] the TTL, ARGV[3] version + payload.
   Keeps a stored value that is as new or newer; else writes with the TTL. */
static const char s_put_script[] =
    "local cur = redis.call('GET', KEYS[1]) "
    "if cur and tonumber(string.sub(cur, 1, 20)) >= tonumber(ARGV[1]) then return 0 end "
    "redis.call('SET', KEYS[1], ARGV[3], 'EX', ARGV[2]) return 1";

struct catalog_cache_t {
    dure_cache_t *redis;        /* borrowed client, with timeouts and degraded mode */
    char prefix[S_PREFIX_MAX];  /* key prefix */
    int ttl_s;                  /* time to live of every value; 0 disables the cache */
};

catalog_cache_t *catalog_cache_new(dure_cache_t *redis, const char *prefix, int ttl_s)
{
    size_t len = strlen(prefix);
    if (len == 0 || len >= S_PREFIX_MAX)
        return NULL;
    for (const char *c = prefix; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              strchr(":-_.", *c)))
            return NULL;
    catalog_cache_t *self = dure_calloc(1, sizeof *self);
    self->redis = redis;
    snprintf(self->prefix, sizeof self->prefix, "%s", prefix);
    self->ttl_s = ttl_s > 0 ? ttl_s : 0;
    return self;
}

void catalog_cache_destroy(catalog_cache_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free(*self_p);
    *self_p = NULL;
}

bool catalog_cache_enabled(catalog_cache_t *self)
{
    return self->ttl_s > 0 && self->redis;
}

int catalog_cache_get(catalog_cache_t *self, char kind, const char *const *ids, size_t n,
                      dure_arena_t *arena, ProtobufCBinaryData *out)
{
    if (!catalog_cache_enabled(self) || n == 0 || n > CATALOG_CACHE_MGET_MAX)
        return n == 0 && catalog_cache_enabled(self) ? 0 : -1;
    size_t size = 8;
    for (size_t i = 0; i < n; i++)
        size += strlen(self->prefix) + strlen(ids[i]) + 5;
    char *command = dure_malloc(size), *at = command;
    at += sprintf(at, "MGET");
    for (size_t i = 0; i < n; i++)
        at += sprintf(at, " %s:%c:%s", self->prefix, kind, ids[i]);
    redisReply *reply = dure_cache_command(self->redis, command);
    free(command);
    if (!reply)
        return -1;
    int hits = -1;
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements == n) {
        hits = 0;
        for (size_t i = 0; i < n; i++) {
            redisReply *value = reply->element[i];
            out[i].data = NULL;
            out[i].len = 0;
            if (value->type != REDIS_REPLY_STRING || value->len <= S_VERSION_DIGITS)
                continue;
            out[i].len = value->len - S_VERSION_DIGITS;
            out[i].data = dure_arena_alloc(arena, out[i].len);
            memcpy(out[i].data, value->str + S_VERSION_DIGITS, out[i].len);
            hits++;
        }
    }
    freeReplyObject(reply);
    return hits;
}

int catalog_cache_put(catalog_cache_t *self, char kind, const char *const *ids,
                      const int64_t *versions, const ProtobufCBinaryData *data, size_t n)
{
    if (!catalog_cache_enabled(self))
        return -1;
    if (n == 0)
        return 0;
    /* One EVAL per snapshot: script, numkeys, key, version, ttl, value. */
    enum { ARGS = 7 };
    dure_arena_t *arena = dure_arena_new();
    int *argcs = DURE_ARENA_NEW(arena, int, n);
    const char ***argvs = DURE_ARENA_NEW(arena, const char **, n);
    const size_t **lens = DURE_ARENA_NEW(arena, const size_t *, n);
    char *ttl = dure_arena_printf(arena, "%d", self->ttl_s);
    for (size_t i = 0; i < n; i++) {
        const char **argv = DURE_ARENA_NEW(arena, const char *, ARGS);
        size_t *len = DURE_ARENA_NEW(arena, size_t, ARGS);
        char *value = dure_arena_alloc(arena, S_VERSION_DIGITS + data[i].len + 1);
        snprintf(value, S_VERSION_DIGITS + 1, "%020lld", (long long) versions[i]);
        if (data[i].len)
            memcpy(value + S_VERSION_DIGITS, data[i].data, data[i].len);
        argv[0] = "EVAL";
        argv[1] = s_put_script;
        argv[2] = "1";
        argv[3] = dure_arena_printf(arena, "%s:%c:%s", self->prefix, kind, ids[i]);
        argv[4] = dure_arena_printf(arena, "%lld", (long long) versions[i]);
        argv[5] = ttl;
        argv[6] = value;
        for (int a = 0; a < ARGS - 1; a++)
            len[a] = strlen(argv[a]);
        len[6] = S_VERSION_DIGITS + data[i].len;
        argcs[i] = ARGS;
        argvs[i] = argv;
        lens[i] = len;
    }
    int rc = dure_cache_pipeline(self->redis, (int) n, argcs, argvs, lens);
    dure_arena_destroy(&arena);
    return rc;
}

int catalog_cache_forget(catalog_cache_t *self, char kind, const char *const *ids, size_t n)
{
    if (!catalog_cache_enabled(self))
        return -1;
    for (size_t i = 0; i < n; i++) {
        char key[S_KEY_MAX];
        snprintf(key, sizeof key, "%s:%c:%s", self->prefix, kind, ids[i]);
        if (dure_cache_del(self->redis, key) != 0)
            return -1;
    }
    return 0;
}

long long catalog_cache_generation(catalog_cache_t *self, const char *counter)
{
    if (!catalog_cache_enabled(self))
        return -1;
    redisReply *reply = dure_cache_command(self->redis, "GET %s:%s", self->prefix, counter);
    if (!reply)
        return -1;
    long long gen = reply->type == REDIS_REPLY_STRING ? strtoll(reply->str, NULL, 10) : 0;
    freeReplyObject(reply);
    return gen;
}

int catalog_cache_bump(catalog_cache_t *self, const char *counter)
{
    if (!catalog_cache_enabled(self))
        return -1;
    redisReply *reply = dure_cache_command(self->redis, "INCR %s:%s", self->prefix, counter);
    if (!reply)
        return -1;
    freeReplyObject(reply);
    return 0;
}

/* The key of a cached reply; -1 when it does not fit: a cut key could name another
   request's reply. */
static int s_reply_key(catalog_cache_t *self, const char *counter, long long gen,
                       const char *name, char key[S_REPLY_KEY_MAX])
{
    int len = snprintf(key, S_REPLY_KEY_MAX, "%s:r:%s%lld:%s", self->prefix, counter, gen, name);
    return len >= 0 && len < S_REPLY_KEY_MAX ? 0 : -1;
}

int catalog_cache_reply_get(catalog_cache_t *self, const char *counter, long long gen,
                            const char *name, dure_arena_t *arena, ProtobufCBinaryData *out)
{
    if (!catalog_cache_enabled(self) || gen < 0)
        return -1;
    char key[S_REPLY_KEY_MAX];
    if (s_reply_key(self, counter, gen, name, key) != 0)
        return -1;
    char *data = NULL;
    size_t len = 0;
    int hit = dure_cache_get(self->redis, key, &data, &len);
    if (hit == 1) {
        out->len = len;
        out->data = dure_arena_alloc(arena, len);
        memcpy(out->data, data, len);
        free(data);
    }
    return hit;
}

int catalog_cache_reply_put(catalog_cache_t *self, const char *counter, long long gen,
                            const char *name, const ProtobufCBinaryData *data)
{
    if (!catalog_cache_enabled(self) || gen < 0)
        return -1;
    char key[S_REPLY_KEY_MAX];
    if (s_reply_key(self, counter, gen, name, key) != 0)
        return -1;
    return dure_cache_set(self->redis, key, data->data, data->len, self->ttl_s);
}
