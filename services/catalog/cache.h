/*  cache.h - the catalog's Redis keys: versioned snapshots, a generation, cached replies.

    Three kinds of keys under one prefix (default "dure:catalog"):

    - <prefix>:p:<id> and <prefix>:e:<id>: the serialized Product or Enterprise, behind a
      20-digit zero-padded version. They are written only through a Lua script that keeps
      the stored value when it is as new or newer, so a reader filling the cache with what it
      read before a writer's commit can never overwrite the writer's newer snapshot.
    - <prefix>:gen: a counter bumped (INCR) after every committed change of anything, and
      <prefix>:cgen, bumped only after a change of campaigns. Every order changes stock, so
      campaigns, which every quote reads, are cached under a counter of their own.
    - <prefix>:r:<counter><n>:<name>: a cached reply (listings, categories, campaigns) that
      was computed while the counter had the value <n>: a change moves readers to new keys,
      and the old ones expire.

    Every value has a time to live, so even a write that never reached Redis heals by itself.
    Every call answers -1 quickly when Redis is down or the cache is disabled (ttl 0): callers
    read PostgreSQL instead. Data returned lives in the caller's arena.
*/
#ifndef CATALOG_CACHE_H
#define CATALOG_CACHE_H

#include "dure.h"

#include <stdbool.h>

/* Kinds of snapshots. */
#define CATALOG_CACHE_PRODUCT 'p'
#define CATALOG_CACHE_ENTERPRISE 'e'
/* Longest name of a cached reply, terminator included. */
#define CATALOG_CACHE_NAME_MAX 320
/* Most keys read in one MGET. */
#define CATALOG_CACHE_MGET_MAX 500

typedef struct catalog_cache_t catalog_cache_t;

/* Creates the catalog's view of a Redis client it borrows. ttl_s 0 disables the cache. The
   prefix must be a plain key (letters, digits, ':', '-', '_', '.'); returns NULL otherwise. */
catalog_cache_t *catalog_cache_new(dure_cache_t *redis, const char *prefix, int ttl_s);

/* Frees it (not the Redis client); nulls the caller's pointer. */
void catalog_cache_destroy(catalog_cache_t **self_p);

/* 1 when the cache is enabled (Redis may still be down). */
bool catalog_cache_enabled(catalog_cache_t *self);

/* Reads n snapshots by id in one round trip: out[i] is the payload (version stripped) on a
   hit, {0, NULL} on a miss. Ids must pass catalog_check_id. Returns the number of hits, or
   -1 when Redis is down or disabled. */
int catalog_cache_get(catalog_cache_t *self, char kind, const char *const *ids, size_t n,
                      dure_arena_t *arena, ProtobufCBinaryData *out);

/* Writes n snapshots in one pipeline, each only if newer than the stored one. Returns 0, or
   -1 when any write failed. */
int catalog_cache_put(catalog_cache_t *self, char kind, const char *const *ids,
                      const int64_t *versions, const ProtobufCBinaryData *data, size_t n);

/* Deletes snapshots (the fallback when the new value cannot be read). Returns 0 or -1. */
int catalog_cache_forget(catalog_cache_t *self, char kind, const char *const *ids, size_t n);

/* Generation counters: bumped by any change, and by changes of campaigns only. */
#define CATALOG_GEN_ANY "gen"
#define CATALOG_GEN_CAMPAIGNS "cgen"

/* A generation counter (0 when never bumped), or -1 when Redis is down or disabled. */
long long catalog_cache_generation(catalog_cache_t *self, const char *counter);

/* Bumps a generation counter. Returns 0 or -1. */
int catalog_cache_bump(catalog_cache_t *self, const char *counter);

/* Reads a cached reply `name` of generation `gen` of `counter`: 1 and *out (arena) on a
   hit, 0 on a miss, -1 when down. The name must be a plain key part. */
int catalog_cache_reply_get(catalog_cache_t *self, const char *counter, long long gen,
                            const char *name, dure_arena_t *arena, ProtobufCBinaryData *out);

/* Stores a reply under `name` of generation `gen` of `counter`. Returns 0 or -1. */
int catalog_cache_reply_put(catalog_cache_t *self, const char *counter, long long gen,
                            const char *name, const ProtobufCBinaryData *data);

#endif
