/*  dure_cache.c - hiredis with timeouts, reconnect and degraded mode. */
#include "dure_cache.h"
#include "dure_alloc.h"
#include "dure_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define DURE_CACHE_RETRY_MS 1000

struct dure_cache_t {
    redisContext *ctx;     /* NULL while down */
    char *host;            /* Redis host */
    int port;              /* Redis port */
    char *password;        /* AUTH password or NULL */
    struct timeval timeout; /* for connect and every call */
    long long retry_at_ms; /* no reconnect attempt before this time */
    int was_up;            /* last reported mode, to log transitions once */
    long hits, misses, failures; /* counters for metrics */
};

static long long s_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void s_mark_down(dure_cache_t *self, const char *reason)
{
    char why[128]; /* the reason may live in the context freed below */
    snprintf(why, sizeof why, "%s", reason);
    if (self->ctx) {
        redisFree(self->ctx);
        self->ctx = NULL;
    }
    self->failures++;
    self->retry_at_ms = s_now_ms() + DURE_CACHE_RETRY_MS;
    if (self->was_up)
        dure_log_warn("redis %s:%d unavailable (%s): serving from PostgreSQL", self->host,
                      self->port, why);
    self->was_up = 0;
}

static int s_connect(dure_cache_t *self)
{
    if (self->ctx)
        return 0;
    if (s_now_ms() < self->retry_at_ms)
        return -1;
    self->ctx = redisConnectWithTimeout(self->host, self->port, self->timeout);
    if (!self->ctx || self->ctx->err) {
        s_mark_down(self, self->ctx ? self->ctx->errstr : "cannot allocate context");
        return -1;
    }
    redisSetTimeout(self->ctx, self->timeout);
    if (self->password) {
        redisReply *reply = redisCommand(self->ctx, "AUTH %s", self->password);
        int ok = reply && reply->type != REDIS_REPLY_ERROR;
        if (reply)
            freeReplyObject(reply);
        if (!ok) {
            s_mark_down(self, "AUTH refused");
            return -1;
        }
    }
    if (!self->was_up)
        dure_log_info("redis %s:%d connected", self->host, self->port);
    self->was_up = 1;
    return 0;
}

dure_cache_t *dure_cache_new(const char *host, int port, const char *password, int timeout_ms)
{
    dure_cache_t *self = dure_calloc(1, sizeof *self);
    self->host = dure_strdup(host);
    self->port = port;
    self->password = password && *password ? dure_strdup(password) : NULL;
    self->timeout.tv_sec = timeout_ms / 1000;
    self->timeout.tv_usec = (timeout_ms % 1000) * 1000;
    self->was_up = 1; /* so that a first failure is logged */
    s_connect(self);
    return self;
}

void dure_cache_destroy(dure_cache_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_cache_t *self = *self_p;
    if (self->ctx)
        redisFree(self->ctx);
    free(self->host);
    free(self->password);
    free(self);
    *self_p = NULL;
}

int dure_cache_up(dure_cache_t *self)
{
    return s_connect(self) == 0;
}

/* Checks a reply; on a transport error marks the cache down. Returns the reply or NULL. */
static redisReply *s_checked(dure_cache_t *self, redisReply *reply)
{
    if (!reply) {
        s_mark_down(self, self->ctx && self->ctx->errstr[0] ? self->ctx->errstr : "no reply");
        return NULL;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        /* A server-side error (LOADING, READONLY, wrong type) also means: use the database. */
        self->failures++;
        freeReplyObject(reply);
        return NULL;
    }
    return reply;
}

redisReply *dure_cache_command(dure_cache_t *self, const char *fmt, ...)
{
    if (s_connect(self) != 0)
        return NULL;
    va_list args;
    va_start(args, fmt);
    redisReply *reply = redisvCommand(self->ctx, fmt, args);
    va_end(args);
    return s_checked(self, reply);
}

int dure_cache_pipeline(dure_cache_t *self, int count, const int *argcs, const char ***argvs,
                        const size_t **argvlens)
{
    if (s_connect(self) != 0)
        return -1;
    for (int i = 0; i < count; i++)
        if (redisAppendCommandArgv(self->ctx, argcs[i], argvs[i], argvlens[i]) != REDIS_OK) {
            s_mark_down(self, "append failed");
            return -1;
        }
    int rc = 0;
    for (int i = 0; i < count; i++) {
        void *raw = NULL;
        if (redisGetReply(self->ctx, &raw) != REDIS_OK) {
            s_mark_down(self, self->ctx->errstr);
            return -1;
        }
        redisReply *reply = s_checked(self, raw);
        if (reply)
            freeReplyObject(reply);
        else
            rc = -1;
    }
    return rc;
}

int dure_cache_get(dure_cache_t *self, const char *key, char **data, size_t *len)
{
    redisReply *reply = dure_cache_command(self, "GET %s", key);
    if (!reply)
        return -1;
    int hit = reply->type == REDIS_REPLY_STRING;
    if (hit) {
        *data = dure_malloc(reply->len + 1);
        memcpy(*data, reply->str, reply->len);
        (*data)[reply->len] = '\0';
        *len = reply->len;
        self->hits++;
    } else
        self->misses++;
    freeReplyObject(reply);
    return hit;
}

int dure_cache_set(dure_cache_t *self, const char *key, const void *data, size_t len, int ttl_s)
{
    redisReply *reply = ttl_s > 0
                            ? dure_cache_command(self, "SET %s %b EX %d", key, data, len, ttl_s)
                            : dure_cache_command(self, "SET %s %b", key, data, len);
    if (!reply)
        return -1;
    freeReplyObject(reply);
    return 0;
}

int dure_cache_del(dure_cache_t *self, const char *key)
{
    redisReply *reply = dure_cache_command(self, "DEL %s", key);
    if (!reply)
        return -1;
    freeReplyObject(reply);
    return 0;
}

void dure_cache_stats(dure_cache_t *self, long *hits, long *misses, long *failures)
{
    *hits = self->hits;
    *misses = self->misses;
    *failures = self->failures;
}
