/*  dure_cache.h - Redis as a cache: every call has a timeout, and Redis down is a mode, not
    an error.

    PostgreSQL is the truth; Redis only saves time. So a cache call that fails (Redis down,
    slow, restarted empty) answers "down" quickly, the caller reads the database instead, and
    the cache stays in degraded mode, trying to reconnect at most once per second, until
    Redis answers again. The switch between modes is logged once each way.

    Ownership: redisReply values returned by dure_cache_command are the caller's to free with
    freeReplyObject; dure_cache_get returns a malloc'ed copy the caller frees.
*/
#ifndef DURE_CACHE_H
#define DURE_CACHE_H

#include <hiredis/hiredis.h>
#include <stddef.h>

typedef struct dure_cache_t dure_cache_t;

/* Creates a cache client. Never fails: when Redis is down it starts in degraded mode.
   password may be NULL or empty. */
dure_cache_t *dure_cache_new(const char *host, int port, const char *password, int timeout_ms);

/* Disconnects; nulls the caller's pointer. */
void dure_cache_destroy(dure_cache_t **self_p);

/* Returns 1 when Redis answered the last call (or a reconnect now succeeds), else 0. */
int dure_cache_up(dure_cache_t *self);

/* Runs one command (hiredis format). Returns the reply, or NULL when Redis is down or the
   reply is an error. */
redisReply *dure_cache_command(dure_cache_t *self, const char *fmt, ...);

/* Runs `count` commands given as argument vectors in one pipeline (one round trip). Returns 0
   when every command got a non-error reply, -1 otherwise. Replies are discarded. */
int dure_cache_pipeline(dure_cache_t *self, int count, const int *argcs, const char ***argvs,
                        const size_t **argvlens);

/* Reads a string value. Returns 1 and a malloc'ed copy (caller frees) on a hit, 0 on a miss,
   -1 when Redis is down. */
int dure_cache_get(dure_cache_t *self, const char *key, char **data, size_t *len);

/* Stores a value with a time to live in seconds (0 for none). Returns 0 or -1. */
int dure_cache_set(dure_cache_t *self, const char *key, const void *data, size_t len,
                   int ttl_s);

/* Deletes a key. Returns 0 (deleted or absent) or -1 (Redis down). */
int dure_cache_del(dure_cache_t *self, const char *key);

/* Counts of hits, misses and failed calls since start, for metrics. */
void dure_cache_stats(dure_cache_t *self, long *hits, long *misses, long *failures);

#endif
