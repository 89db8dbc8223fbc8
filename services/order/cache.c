/*  cache.c - the order status cache in Redis: notes during a batch, one pipeline after it. */
#include "cache.h"

#define S_NOTES_MAX 1024 /* notes kept per batch; beyond, the cache is simply not written */

/* Sets the hash when the stored version is missing or not newer; renews the time to live. */
static const char s_script[] =
    "local v = redis.call('HGET', KEYS[1], 'v') "
    "if v and tonumber(v) > tonumber(ARGV[1]) then return 0 end "
    "redis.call('HSET', KEYS[1], 'v', ARGV[1], 's', ARGV[2], 't', ARGV[3]) "
    "redis.call('EXPIRE', KEYS[1], ARGV[4]) return 1";

struct order_cache_t {
    dure_cache_t *redis;             /* the service's Redis client, borrowed */
    order_change_t *notes;           /* statuses to write after commit */
    int count;                       /* used entries */
};

order_cache_t *order_cache_new(dure_cache_t *redis)
{
    order_cache_t *self = dure_calloc(1, sizeof *self);
    self->redis = redis;
    self->notes = dure_calloc(S_NOTES_MAX, sizeof *self->notes);
    return self;
}

void order_cache_destroy(order_cache_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free((*self_p)->notes);
    free(*self_p);
    *self_p = NULL;
}

void order_cache_note(order_cache_t *self, const order_change_t *change)
{
    if (self->count < S_NOTES_MAX)
        self->notes[self->count++] = *change;
}

int order_cache_get(order_cache_t *self, const char *id, order_change_t *out)
{
    if (!self->redis)
        return -1;
    redisReply *reply = dure_cache_command(self->redis, "HMGET " ORDER_CACHE_PREFIX "{%s} s v t", id);
    if (!reply)
        return -1;
    int hit = reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
              reply->element[0]->type == REDIS_REPLY_STRING &&
              reply->element[1]->type == REDIS_REPLY_STRING &&
              reply->element[2]->type == REDIS_REPLY_STRING;
    if (hit) {
        snprintf(out->id, sizeof out->id, "%s", id);
        out->status = order_status_from_name(reply->element[0]->str);
        out->version = atoi(reply->element[1]->str);
        out->at_ms = atoll(reply->element[2]->str);
        hit = out->status != DURE__V1__ORDER_STATUS__ORDER_STATUS_UNSPECIFIED;
    }
    freeReplyObject(reply);
    return hit;
}

void order_cache_flush(order_cache_t *self, int committed)
{
    int n = self->count;
    self->count = 0;
    if (!committed || n == 0 || !self->redis)
        return;
    int *argcs = dure_calloc((size_t) n, sizeof *argcs);
    const char ***argvs = dure_calloc((size_t) n, sizeof *argvs);
    const size_t **lens = dure_calloc((size_t) n, sizeof *lens);
    char(*text)[4][80] = dure_calloc((size_t) n, sizeof *text);
    for (int i = 0; i < n; i++) {
        const order_change_t *c = &self->notes[i];
        snprintf(text[i][0], sizeof text[i][0], ORDER_CACHE_PREFIX "{%s}", c->id);
        snprintf(text[i][1], sizeof text[i][1], "%d", c->version);
        snprintf(text[i][2], sizeof text[i][2], "%lld", (long long) c->at_ms);
        snprintf(text[i][3], sizeof text[i][3], "%d", ORDER_CACHE_TTL_S);
        const char **argv = dure_calloc(8, sizeof *argv);
        argv[0] = "EVAL";
        argv[1] = s_script;
        argv[2] = "1";
        argv[3] = text[i][0];
        argv[4] = text[i][1];
        argv[5] = order_status_name(c->status);
        argv[6] = text[i][2];
        argv[7] = text[i][3];
        size_t *len = dure_calloc(8, sizeof *len);
        for (int k = 0; k < 8; k++)
            len[k] = strlen(argv[k]);
        argvs[i] = argv;
        lens[i] = len;
        argcs[i] = 8;
    }
    /* A failure (Redis down) only means the next poll reads PostgreSQL. */
    dure_cache_pipeline(self->redis, n, argcs, argvs, lens);
    for (int i = 0; i < n; i++) {
        free((void *) argvs[i]);
        free((void *) lens[i]);
    }
    free(lens);
    free(argvs);
    free(argcs);
    free(text);
}
