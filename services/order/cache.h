/*  cache.h - the order status cache in Redis, for frontends that poll.

    Key "dure:order:{ORDER_ID}" (the braces are a Cluster hash tag) holds a hash with the
    status name (s), the version (v: the number of history steps) and the time of the step
    in UTC ms (t), for ORDER_CACHE_TTL_S seconds. A write only replaces an entry whose
    version is not newer (a small Lua script does the compare and set), so instances that
    commit in one order and write the cache in another never leave an old status behind.

    Handlers only note what changed (or what a read found) during a batch; the runtime's
    after_batch hook flushes the notes to Redis after COMMIT, or drops them after a
    rollback, so the cache never shows a status that was not committed. Redis being down
    costs a database read, nothing else.
*/
#ifndef ORDER_CACHE_H
#define ORDER_CACHE_H

#include "store.h"

#define ORDER_CACHE_TTL_S 86400      /* a day: polling frontends lose interest by then */
#define ORDER_CACHE_PREFIX "dure:order:"

typedef struct order_cache_t order_cache_t;

/* Creates the notes over the service's Redis client (borrowed). Never NULL. */
order_cache_t *order_cache_new(dure_cache_t *redis);

/* Frees the notes; nulls the caller's pointer. */
void order_cache_destroy(order_cache_t **self_p);

/* Notes a status to write after the batch commits (a copy is kept). */
void order_cache_note(order_cache_t *self, const order_change_t *change);

/* Reads an order's cached status. Returns 1 on a hit, 0 on a miss, -1 when Redis is down. */
int order_cache_get(order_cache_t *self, const char *id, order_change_t *out);

/* Writes the notes in one pipeline when committed, else forgets them. */
void order_cache_flush(order_cache_t *self, int committed);

#endif
