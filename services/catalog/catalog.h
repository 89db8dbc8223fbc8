/*  catalog.h - the catalog service's state: the store, the cache, and the rules that keep
    the cache honest.

    Reads go through Redis and fall back to PostgreSQL: products and enterprises as versioned
    snapshots, listings and campaigns as replies cached per generation (see cache.h). What a
    read fetched from PostgreSQL is queued, and written to Redis only after the batch
    committed (catalog_after_batch), never from inside the transaction.

    Writes mark what they changed (catalog_changed_*). After the commit the changed rows are
    read back from PostgreSQL and written through to Redis, newest version wins, and the
    generation is bumped; only then are the replies sent, so once a client holds the
    acknowledgement of an update no instance serves the older value from Redis. When Redis
    refuses the write-through, this instance stops using the cache (reads go to PostgreSQL)
    and retries every second until the write-through succeeds; the snapshots' time to live
    bounds what another instance could still read meanwhile.

    Inside a batch, anything changed earlier in the same batch is read from PostgreSQL, so an
    item sees its neighbours' uncommitted writes the way the transaction does.

    Ownership: the catalog owns its store and cache views; it borrows the service. Messages
    returned live in the caller's arena.
*/
#ifndef CATALOG_CATALOG_H
#define CATALOG_CATALOG_H

#include "cache.h"
#include "store.h"

typedef struct catalog_t catalog_t;

/* The service's own settings (DURE_CATALOG_<KEY>). */
extern const dure_option_t catalog_options[];

/* Builds the state from the running service's settings, connection and Redis client, and
   sets the process time zone to TIME_ZONE. Returns NULL (logged) on a bad setting. */
catalog_t *catalog_new(dure_service_t *service);

/* Frees the state; nulls the caller's pointer. */
void catalog_destroy(catalog_t **self_p);

/* The store. */
catalog_store_t *catalog_store(catalog_t *self);

/* Looks up products (or enterprises) by id: found[i] is the one with ids[i], or NULL when
   there is none. Ids must pass catalog_check_id. Returns 0, or -1 on a database failure. */
int catalog_products(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                     Dure__V1__Product **found);
int catalog_enterprises(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                        Dure__V1__Enterprise **found);

/* The products and sellers of the quotes of a batch, read for all of them at once: the
   quotes' prepare notes their products (catalog_note_quote), and the first quote's handler
   reads every noted product, then every seller of those. A quote's lookups then only read
   what was not noted. found[] as catalog_products (a NULL id finds nothing); each found
   message is the caller's own shallow copy. Return 0 or -1. */
void catalog_note_quote(catalog_t *self, const char *product_id);
int catalog_quote_products(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                           Dure__V1__Product **found);
int catalog_quote_sellers(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                          Dure__V1__Enterprise **found);

/* Every campaign. Returns 0 or -1. */
int catalog_campaigns(catalog_t *self, dure_arena_t *arena, Dure__V1__Campaign ***out,
                      size_t *count);

/* A cached reply for `request` (whose bytes and `today` make the key): returns 1 with *reply
   (arena) on a hit, else 0 and a ticket for catalog_reply_remember. */
typedef struct {
    const char *counter;                /* CATALOG_GEN_ANY or CATALOG_GEN_CAMPAIGNS */
    long long gen;                      /* its value read before the database, -1: not cacheable */
    char name[CATALOG_CACHE_NAME_MAX];  /* key part */
} catalog_ticket_t;
int catalog_reply_lookup(catalog_t *self, const ProtobufCMessage *request, const char *today,
                         const ProtobufCMessageDescriptor *reply_type, dure_arena_t *arena,
                         ProtobufCMessage **reply, catalog_ticket_t *ticket);

/* Queues a reply computed from PostgreSQL for the cache, written after the commit. */
void catalog_reply_remember(catalog_t *self, const catalog_ticket_t *ticket,
                            const ProtobufCMessage *reply);

/* Marks what a write changed in the current batch. */
void catalog_changed_product(catalog_t *self, const char *id);
void catalog_changed_enterprise(catalog_t *self, const char *id);
void catalog_changed_campaigns(catalog_t *self);

/* After a batch: write-through and fills when it committed, forget the batch otherwise. */
void catalog_after_batch(catalog_t *self, int committed);

/* About once a second: retries a write-through that Redis refused. */
void catalog_tick(catalog_t *self);

/* Today in the mall's time zone, or the day of at_ms when it is not 0. */
void catalog_today(int64_t at_ms, char out[CATALOG_DATE_LEN]);

#endif
