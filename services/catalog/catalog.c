/*  catalog.c - read through the cache, write through after the commit.

    Three sets of ids per kind: `batch` (changed by the batch being applied), `pending`
    (committed, not yet written to Redis). A commit moves the batch set into the pending set
    and flushes it: re-read from PostgreSQL (so only committed values travel), write with the
    newest-version-wins script, bump the generation. A flush that fails leaves the pending
    sets as they are and sets `suspect`, which keeps this instance's reads away from Redis
    until a later flush succeeds.
*/
#include "catalog.h"
#include "dure_log.h"
#include "pricing.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_FILLS_MAX 4096 /* queued fills per batch; more are simply not cached */
#define S_REPLY_KEY_BYTES 120 /* requests longer than this are not cached */

const dure_option_t catalog_options[] = {
    {"CACHE_TTL_S", "300", "time to live of cached products, sellers and listings; 0 disables the cache"},
    {"CACHE_PREFIX", "dure:catalog", "prefix of the catalog's Redis keys"},
    {NULL, NULL, NULL},
};

typedef struct {
    char kind;                /* CATALOG_CACHE_PRODUCT or _ENTERPRISE, 'r' for a reply */
    const char *id;           /* snapshot id, or reply name */
    int64_t version;          /* snapshot version, or the reply's generation */
    const char *counter;      /* a reply's generation counter */
    ProtobufCBinaryData data; /* serialized message */
} s_fill_t;

struct catalog_t {
    catalog_store_t *store;          /* PostgreSQL */
    catalog_cache_t *cache;          /* Redis keys */
    zhashx_t *batch[2];               /* ids changed in this batch: products, enterprises */
    zhashx_t *pending[2];             /* ids committed, not yet written through */
    bool batch_changed;              /* anything changed in this batch */
    bool batch_campaigns;            /* campaigns changed in this batch */
    bool pending_gen;                /* a bump of CATALOG_GEN_ANY is owed */
    bool pending_cgen;               /* a bump of CATALOG_GEN_CAMPAIGNS is owed */
    bool suspect;                    /* Redis missed a write-through: do not read it */
    dure_arena_t *arena;             /* fills, flush work and memos, reset after each batch */
    long long gen_seen[2];           /* this batch's generations: any, campaigns (-1 unread) */
    bool campaigns_read;             /* the campaigns were read in this batch: */
    Dure__V1__Campaign **campaigns;  /* these, in `arena` */
    size_t campaign_count;           /* their number */
    dure_reads_t *quoted[2];         /* products and sellers the batch's quotes price */
    s_fill_t fills[S_FILLS_MAX];     /* values read from PostgreSQL, to cache after commit */
    size_t fill_count;               /* used entries */
    dure_metric_t *lookups[3];       /* snapshot lookups: hit, miss, bypass */
    dure_metric_t *flush_failures;   /* write-throughs Redis refused */
};

enum { S_HIT, S_MISS, S_BYPASS };

static int s_read_quoted_products(void *ctx, const char *const *ids, size_t count,
                                  dure_arena_t *arena, void **rows);
static int s_read_quoted_sellers(void *ctx, const char *const *ids, size_t count,
                                 dure_arena_t *arena, void **rows);

static int s_kind_index(char kind)
{
    return kind == CATALOG_CACHE_PRODUCT ? 0 : 1;
}

static void *s_pb_alloc(void *arena, size_t size)
{
    return dure_arena_alloc(arena, size);
}

static void s_pb_free(void *arena, void *ptr)
{
    (void) arena;
    (void) ptr;
}

/* Unpacks into the arena: nothing to free. */
static ProtobufCMessage *s_unpack(const ProtobufCMessageDescriptor *type, dure_arena_t *arena,
                                  const ProtobufCBinaryData *data)
{
    ProtobufCAllocator allocator = {s_pb_alloc, s_pb_free, arena};
    return protobuf_c_message_unpack(type, &allocator, data->len, data->data);
}

catalog_t *catalog_new(dure_service_t *service)
{
    dure_config_t *config = dure_service_config(service);
    long ttl = dure_config_long(config, "CACHE_TTL_S", 300);
    catalog_cache_t *cache = catalog_cache_new(dure_service_cache(service),
                                               dure_config_get(config, "CACHE_PREFIX"),
                                               (int) (ttl < 0 ? 0 : ttl));
    if (!cache) {
        dure_log_error("CACHE_PREFIX '%s' is not a plain Redis key prefix",
                       dure_config_get(config, "CACHE_PREFIX"));
        return NULL;
    }
    catalog_t *self = dure_calloc(1, sizeof *self);
    self->store = catalog_store_new(service);
    self->cache = cache;
    for (int k = 0; k < 2; k++) {
        self->batch[k] = zhashx_new();
        self->pending[k] = zhashx_new();
    }
    self->arena = dure_arena_new();
    self->gen_seen[0] = self->gen_seen[1] = -1;
    self->quoted[0] = dure_service_reads(service, s_read_quoted_products, self);
    self->quoted[1] = dure_service_reads(service, s_read_quoted_sellers, self);
    dure_metrics_t *metrics = dure_service_metrics(service);
    static const char *const results[] = {"result=\"hit\"", "result=\"miss\"",
                                          "result=\"bypass\""};
    for (int i = 0; i < 3; i++)
        self->lookups[i] = dure_metrics_counter(
            metrics, "catalog_cache_lookups_total",
            "Product and seller lookups: from Redis, missed, or kept away from Redis", results[i]);
    self->flush_failures = dure_metrics_counter(
        metrics, "catalog_cache_writethrough_failures_total",
        "Write-throughs after a commit that Redis refused (retried every second)", NULL);
    dure_log_info("cache %s (ttl %lds), time zone %s", catalog_cache_enabled(cache) ? "on" : "off",
                  ttl, getenv("TZ"));
    return self;
}

void catalog_destroy(catalog_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    catalog_t *self = *self_p;
    for (int k = 0; k < 2; k++) {
        zhashx_destroy(&self->batch[k]);
        zhashx_destroy(&self->pending[k]);
    }
    dure_arena_destroy(&self->arena);
    catalog_cache_destroy(&self->cache);
    catalog_store_destroy(&self->store);
    free(self);
    *self_p = NULL;
}

catalog_store_t *catalog_store(catalog_t *self)
{
    return self->store;
}

void catalog_today(int64_t at_ms, char out[CATALOG_DATE_LEN])
{
    catalog_local_date(at_ms ? at_ms : dure_now_ms(), out);
}

static bool s_usable(catalog_t *self)
{
    return catalog_cache_enabled(self->cache) && !self->suspect;
}

static void s_queue_fill(catalog_t *self, char kind, const char *id, int64_t version,
                         const char *counter, const ProtobufCMessage *msg)
{
    if (self->fill_count == S_FILLS_MAX || !s_usable(self))
        return;
    s_fill_t *fill = &self->fills[self->fill_count++];
    fill->kind = kind;
    fill->id = dure_arena_strdup(self->arena, id);
    fill->version = version;
    fill->counter = counter;
    fill->data.len = protobuf_c_message_get_packed_size(msg);
    fill->data.data = dure_arena_alloc(self->arena, fill->data.len);
    protobuf_c_message_pack(msg, fill->data.data);
}

/* -- Snapshot reads --------------------------------------------------------------------- */

/* Fills found[] from Redis for ids not changed in this batch. Returns false when Redis was
   not asked (down, or every id changed in this batch). */
static bool s_read_cached(catalog_t *self, char kind, const char *const *ids, size_t n,
                          dure_arena_t *arena, ProtobufCMessage **found)
{
    const ProtobufCMessageDescriptor *type = kind == CATALOG_CACHE_PRODUCT
                                                 ? &dure__v1__product__descriptor
                                                 : &dure__v1__enterprise__descriptor;
    ProtobufCBinaryData *values = DURE_ARENA_NEW(arena, ProtobufCBinaryData, n);
    zhashx_t *batch = self->batch[s_kind_index(kind)];
    const char **ask = DURE_ARENA_NEW(arena, const char *, n);
    size_t *slot = DURE_ARENA_NEW(arena, size_t, n), asked = 0;
    for (size_t i = 0; i < n; i++)
        if (!zhashx_lookup(batch, ids[i])) {
            slot[asked] = i;
            ask[asked++] = ids[i];
        }
    if (asked == 0 || catalog_cache_get(self->cache, kind, ask, asked, arena, values) < 0) {
        dure_metric_add(self->lookups[S_BYPASS], (double) n);
        return false;
    }
    for (size_t j = 0; j < asked; j++)
        if (values[j].data)
            found[slot[j]] = s_unpack(type, arena, &values[j]);
    return true;
}

/* Reads what Redis did not have from PostgreSQL and queues it for the cache. */
static int s_read_missing(catalog_t *self, char kind, const char *const *ids, size_t n,
                          dure_arena_t *arena, ProtobufCMessage **found, bool consulted)
{
    const char **missing = DURE_ARENA_NEW(arena, const char *, n);
    size_t count = 0, rows = 0;
    for (size_t i = 0; i < n; i++)
        if (!found[i])
            missing[count++] = ids[i];
    if (consulted) {
        dure_metric_add(self->lookups[S_HIT], (double) (n - count));
        dure_metric_add(self->lookups[S_MISS], (double) count);
    }
    if (count == 0)
        return 0;
    ProtobufCMessage **read = NULL;
    int rc = kind == CATALOG_CACHE_PRODUCT
                 ? catalog_store_products(self->store, missing, count, arena,
                                          (Dure__V1__Product ***) &read, &rows)
                 : catalog_store_enterprises(self->store, missing, count, arena,
                                             (Dure__V1__Enterprise ***) &read, &rows);
    if (rc != 0)
        return -1;
    zhashx_t *batch = self->batch[s_kind_index(kind)];
    for (size_t r = 0; r < rows; r++) {
        const char *id = kind == CATALOG_CACHE_PRODUCT ? ((Dure__V1__Product *) read[r])->id
                                                       : ((Dure__V1__Enterprise *) read[r])->id;
        int64_t version = kind == CATALOG_CACHE_PRODUCT
                              ? ((Dure__V1__Product *) read[r])->version
                              : ((Dure__V1__Enterprise *) read[r])->version;
        for (size_t i = 0; i < n; i++)
            if (!found[i] && strcmp(ids[i], id) == 0)
                found[i] = read[r];
        if (!zhashx_lookup(batch, id))
            s_queue_fill(self, kind, id, version, NULL, read[r]);
    }
    return 0;
}

static int s_lookup(catalog_t *self, char kind, const char *const *ids, size_t n,
                    dure_arena_t *arena, ProtobufCMessage **found)
{
    memset(found, 0, n * sizeof *found);
    bool consulted = false;
    if (s_usable(self))
        consulted = s_read_cached(self, kind, ids, n, arena, found);
    else
        dure_metric_add(self->lookups[S_BYPASS], (double) n);
    return s_read_missing(self, kind, ids, n, arena, found, consulted);
}

/* -- Quotes of a batch ------------------------------------------------------------------- */

/* dure_reads_fn of the quoted products: one lookup for the whole batch, which notes the
   products' sellers for the sellers' own. */
static int s_read_quoted_products(void *ctx, const char *const *ids, size_t count,
                                  dure_arena_t *arena, void **rows)
{
    catalog_t *self = ctx;
    if (s_lookup(self, CATALOG_CACHE_PRODUCT, ids, count, arena, (ProtobufCMessage **) rows) != 0)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (rows[i])
            dure_reads_note(self->quoted[1], ((Dure__V1__Product *) rows[i])->enterprise_id);
    return 0;
}

static int s_read_quoted_sellers(void *ctx, const char *const *ids, size_t count,
                                 dure_arena_t *arena, void **rows)
{
    return s_lookup(ctx, CATALOG_CACHE_ENTERPRISE, ids, count, arena, (ProtobufCMessage **) rows);
}

void catalog_note_quote(catalog_t *self, const char *product_id)
{
    dure_reads_note(self->quoted[0], product_id);
}

/* What the batch's read of `set` has for ids, as copies of the caller's, and the rest looked
   up together now. */
static int s_quoted(catalog_t *self, char kind, const char *const *ids, size_t n,
                    dure_arena_t *arena, ProtobufCMessage **found)
{
    dure_reads_t *set = self->quoted[s_kind_index(kind)];
    const char **rest = DURE_ARENA_NEW(arena, const char *, n);
    size_t *slot = DURE_ARENA_NEW(arena, size_t, n), left = 0;
    for (size_t i = 0; i < n; i++) {
        void *row = NULL;
        int rc = ids[i] ? dure_reads_peek(set, ids[i], arena, &row) : 1;
        if (rc < 0)
            return -1;
        if (rc == 0) {
            slot[left] = i;
            rest[left++] = ids[i];
            continue;
        }
        found[i] = row;
        if (row) { /* shared by every quote of the batch: each changes its own copy */
            size_t size = found[i]->descriptor->sizeof_message;
            found[i] = memcpy(dure_arena_alloc(arena, size), row, size);
        }
    }
    if (left == 0)
        return 0;
    ProtobufCMessage **more = DURE_ARENA_NEW(arena, ProtobufCMessage *, left);
    if (s_lookup(self, kind, rest, left, arena, more) != 0)
        return -1;
    for (size_t j = 0; j < left; j++)
        found[slot[j]] = more[j];
    return 0;
}

int catalog_quote_products(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                           Dure__V1__Product **found)
{
    return s_quoted(self, CATALOG_CACHE_PRODUCT, ids, n, arena, (ProtobufCMessage **) found);
}

int catalog_quote_sellers(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                          Dure__V1__Enterprise **found)
{
    return s_quoted(self, CATALOG_CACHE_ENTERPRISE, ids, n, arena, (ProtobufCMessage **) found);
}

int catalog_products(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                     Dure__V1__Product **found)
{
    return s_lookup(self, CATALOG_CACHE_PRODUCT, ids, n, arena, (ProtobufCMessage **) found);
}

int catalog_enterprises(catalog_t *self, const char *const *ids, size_t n, dure_arena_t *arena,
                        Dure__V1__Enterprise **found)
{
    return s_lookup(self, CATALOG_CACHE_ENTERPRISE, ids, n, arena, (ProtobufCMessage **) found);
}

/* -- Cached replies ----------------------------------------------------------------------- */

/* True when the batch in progress changed what replies of `counter` are computed from:
   they can then be neither read from the cache nor written to it. */
static bool s_reply_stale(catalog_t *self, const char *counter)
{
    return strcmp(counter, CATALOG_GEN_CAMPAIGNS) == 0 ? self->batch_campaigns : self->batch_changed;
}

/* A generation counter, read from Redis once per batch: the batch's requests are answered as
   of one moment, and a quote does not pay a round trip for it. -1 when Redis is down. */
static long long s_generation(catalog_t *self, const char *counter)
{
    long long *seen = &self->gen_seen[strcmp(counter, CATALOG_GEN_CAMPAIGNS) == 0];
    if (*seen < 0)
        *seen = catalog_cache_generation(self->cache, counter);
    return *seen;
}

static int s_reply_lookup(catalog_t *self, const char *counter, const ProtobufCMessage *request,
                          const char *today, const ProtobufCMessageDescriptor *reply_type,
                          dure_arena_t *arena, ProtobufCMessage **reply, catalog_ticket_t *ticket)
{
    ticket->counter = counter;
    ticket->gen = -1;
    *reply = NULL;
    size_t size = protobuf_c_message_get_packed_size(request);
    if (!s_usable(self) || s_reply_stale(self, counter) || size > S_REPLY_KEY_BYTES)
        return 0;
    uint8_t bytes[S_REPLY_KEY_BYTES];
    protobuf_c_message_pack(request, bytes);
    /* The key is the request itself, hex-encoded: no hash, so no collision. */
    int at = snprintf(ticket->name, sizeof ticket->name, "%s:%s:",
                      request->descriptor->short_name, today);
    for (size_t i = 0; i < size && at + 3 < (int) sizeof ticket->name; i++)
        at += snprintf(ticket->name + at, sizeof ticket->name - (size_t) at, "%02x", bytes[i]);
    long long gen = s_generation(self, counter);
    if (gen < 0)
        return 0;
    ProtobufCBinaryData data;
    if (catalog_cache_reply_get(self->cache, counter, gen, ticket->name, arena, &data) == 1 &&
        (*reply = s_unpack(reply_type, arena, &data)) != NULL)
        return 1;
    ticket->gen = gen;
    return 0;
}

int catalog_reply_lookup(catalog_t *self, const ProtobufCMessage *request, const char *today,
                         const ProtobufCMessageDescriptor *reply_type, dure_arena_t *arena,
                         ProtobufCMessage **reply, catalog_ticket_t *ticket)
{
    return s_reply_lookup(self, CATALOG_GEN_ANY, request, today, reply_type, arena, reply,
                          ticket);
}

void catalog_reply_remember(catalog_t *self, const catalog_ticket_t *ticket,
                            const ProtobufCMessage *reply)
{
    if (ticket->gen >= 0 && !s_reply_stale(self, ticket->counter))
        s_queue_fill(self, 'r', ticket->name, ticket->gen, ticket->counter, reply);
}

/* The campaigns, from the cached reply or PostgreSQL, into arena. */
static int s_read_campaigns(catalog_t *self, dure_arena_t *arena, Dure__V1__Campaign ***out,
                            size_t *count)
{
    Dure__V1__ListCampaigns request = DURE__V1__LIST_CAMPAIGNS__INIT;
    catalog_ticket_t ticket;
    ProtobufCMessage *cached;
    if (s_reply_lookup(self, CATALOG_GEN_CAMPAIGNS, &request.base, "all",
                       &dure__v1__list_campaigns_reply__descriptor, arena, &cached,
                       &ticket) == 1) {
        Dure__V1__ListCampaignsReply *reply = (Dure__V1__ListCampaignsReply *) cached;
        *out = reply->campaigns;
        *count = reply->n_campaigns;
        return 0;
    }
    if (catalog_store_campaigns(self->store, arena, out, count) != 0)
        return -1;
    Dure__V1__ListCampaignsReply reply = DURE__V1__LIST_CAMPAIGNS_REPLY__INIT;
    reply.campaigns = *out;
    reply.n_campaigns = *count;
    catalog_reply_remember(self, &ticket, &reply.base);
    return 0;
}

int catalog_campaigns(catalog_t *self, dure_arena_t *arena, Dure__V1__Campaign ***out,
                      size_t *count)
{
    /* Every quote of a batch needs them: read once per batch, unless the batch changed them. */
    if (self->batch_campaigns)
        return s_read_campaigns(self, arena, out, count);
    if (!self->campaigns_read &&
        s_read_campaigns(self, self->arena, &self->campaigns, &self->campaign_count) != 0)
        return -1;
    self->campaigns_read = true;
    *out = self->campaigns;
    *count = self->campaign_count;
    return 0;
}

/* -- Changes and the write-through --------------------------------------------------------- */

static void s_mark(catalog_t *self, char kind, const char *id)
{
    zhashx_insert(self->batch[s_kind_index(kind)], id, (void *) 1);
    self->batch_changed = true;
}

void catalog_changed_product(catalog_t *self, const char *id)
{
    s_mark(self, CATALOG_CACHE_PRODUCT, id);
}

void catalog_changed_enterprise(catalog_t *self, const char *id)
{
    s_mark(self, CATALOG_CACHE_ENTERPRISE, id);
}

void catalog_changed_campaigns(catalog_t *self)
{
    self->batch_changed = true;
    self->batch_campaigns = true;
}

/* Writes the pending snapshots of one kind through, in chunks. Returns 0 when all went. */
static int s_flush_kind(catalog_t *self, char kind)
{
    zhashx_t *pending = self->pending[s_kind_index(kind)];
    size_t n = zhashx_size(pending), count = 0;
    if (n == 0)
        return 0;
    const char **ids = DURE_ARENA_NEW(self->arena, const char *, n);
    for (void *item = zhashx_first(pending); item; item = zhashx_next(pending))
        ids[count++] = dure_arena_strdup(self->arena, zhashx_cursor(pending));
    for (size_t start = 0; start < count; start += CATALOG_CACHE_MGET_MAX) {
        size_t chunk = count - start < CATALOG_CACHE_MGET_MAX ? count - start
                                                              : CATALOG_CACHE_MGET_MAX;
        ProtobufCMessage **rows = NULL;
        size_t found = 0;
        int rc = kind == CATALOG_CACHE_PRODUCT
                     ? catalog_store_products(self->store, ids + start, chunk, self->arena,
                                              (Dure__V1__Product ***) &rows, &found)
                     : catalog_store_enterprises(self->store, ids + start, chunk, self->arena,
                                                 (Dure__V1__Enterprise ***) &rows, &found);
        if (rc != 0)
            return -1;
        const char **keys = DURE_ARENA_NEW(self->arena, const char *, found + 1);
        int64_t *versions = DURE_ARENA_NEW(self->arena, int64_t, found + 1);
        ProtobufCBinaryData *data = DURE_ARENA_NEW(self->arena, ProtobufCBinaryData, found + 1);
        for (size_t i = 0; i < found; i++) {
            bool product = kind == CATALOG_CACHE_PRODUCT;
            keys[i] = product ? ((Dure__V1__Product *) rows[i])->id
                              : ((Dure__V1__Enterprise *) rows[i])->id;
            versions[i] = product ? ((Dure__V1__Product *) rows[i])->version
                                  : ((Dure__V1__Enterprise *) rows[i])->version;
            data[i].len = protobuf_c_message_get_packed_size(rows[i]);
            data[i].data = dure_arena_alloc(self->arena, data[i].len);
            protobuf_c_message_pack(rows[i], data[i].data);
        }
        if (catalog_cache_put(self->cache, kind, keys, versions, data, found) != 0)
            return -1;
    }
    zhashx_purge(pending);
    return 0;
}

/* Writes everything pending through. Sets or clears `suspect`. */
static void s_flush(catalog_t *self)
{
    if (!catalog_cache_enabled(self->cache)) {
        for (int k = 0; k < 2; k++)
            zhashx_purge(self->pending[k]);
        self->pending_gen = false;
        self->pending_cgen = false;
        return;
    }
    int rc = s_flush_kind(self, CATALOG_CACHE_PRODUCT);
    if (rc == 0)
        rc = s_flush_kind(self, CATALOG_CACHE_ENTERPRISE);
    if (rc == 0 && self->pending_cgen) {
        rc = catalog_cache_bump(self->cache, CATALOG_GEN_CAMPAIGNS);
        self->pending_cgen = rc != 0;
    }
    if (rc == 0 && self->pending_gen) {
        rc = catalog_cache_bump(self->cache, CATALOG_GEN_ANY);
        self->pending_gen = rc != 0;
    }
    if (rc != 0) {
        dure_metric_add(self->flush_failures, 1);
        if (!self->suspect)
            dure_log_warn("cache write-through failed: reading PostgreSQL only until it is "
                          "repaired");
    } else if (self->suspect)
        dure_log_info("cache write-through repaired: using Redis again");
    self->suspect = rc != 0;
}

static void s_write_fills(catalog_t *self)
{
    for (size_t i = 0; i < self->fill_count; i++) {
        s_fill_t *fill = &self->fills[i];
        int rc = fill->kind == 'r'
                     ? catalog_cache_reply_put(self->cache, fill->counter, fill->version, fill->id,
                                               &fill->data)
                     : catalog_cache_put(self->cache, fill->kind, &fill->id, &fill->version,
                                         &fill->data, 1);
        if (rc != 0)
            break; /* Redis went away: fills are only an optimisation */
    }
}

/* Forgets what the batch read once for all its requests. */
static void s_forget_batch_reads(catalog_t *self)
{
    self->gen_seen[0] = self->gen_seen[1] = -1;
    self->campaigns_read = false;
    self->campaigns = NULL;
    self->campaign_count = 0;
}

void catalog_after_batch(catalog_t *self, int committed)
{
    if (committed) {
        for (int k = 0; k < 2; k++)
            for (void *item = zhashx_first(self->batch[k]); item; item = zhashx_next(self->batch[k]))
                zhashx_insert(self->pending[k], zhashx_cursor(self->batch[k]), (void *) 1);
        self->pending_gen = self->pending_gen || self->batch_changed;
        self->pending_cgen = self->pending_cgen || self->batch_campaigns;
    }
    for (int k = 0; k < 2; k++)
        zhashx_purge(self->batch[k]);
    self->batch_changed = false;
    self->batch_campaigns = false;
    if (committed && (self->pending_gen || self->pending_cgen || zhashx_size(self->pending[0]) ||
                      zhashx_size(self->pending[1]) || self->suspect))
        s_flush(self);
    if (committed && s_usable(self))
        s_write_fills(self);
    self->fill_count = 0;
    s_forget_batch_reads(self);
    dure_arena_reset(self->arena);
}

void catalog_tick(catalog_t *self)
{
    if (self->suspect || self->pending_gen || self->pending_cgen || zhashx_size(self->pending[0]) ||
        zhashx_size(self->pending[1]))
        s_flush(self);
    dure_arena_reset(self->arena);
}
