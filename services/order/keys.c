/*  keys.c - the idempotency keys of a batch, looked up together. */
#include "keys.h"

#include "dure_alloc.h"

#include <czmq.h>

/* More keys than two full batches means notes were left from batches that never ran a
   handler; past it, keys are simply looked up one by one. */
#define S_NOTED_MAX 256

/* What is known of a noted key (the values of `noted`): after the batch's lookup, a key
   orders already have is marked stored; the others stay noted, and are new. */
static char s_noted, s_stored;

struct order_keys_t {
    zhashx_t *noted; /* key -> &s_noted or &s_stored */
    int looked_up;   /* the noted keys were looked up in this batch */
};

order_keys_t *order_keys_new(void)
{
    order_keys_t *self = dure_calloc(1, sizeof *self);
    self->noted = zhashx_new(); /* duplicates and frees its keys; values are not owned */
    return self;
}

void order_keys_reset(order_keys_t *self)
{
    zhashx_purge(self->noted);
    self->looked_up = 0;
}

void order_keys_destroy(order_keys_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    zhashx_destroy(&(*self_p)->noted);
    free(*self_p);
    *self_p = NULL;
}

void order_keys_note(order_keys_t *self, const char *key)
{
    if (key && *key && zhashx_size(self->noted) < S_NOTED_MAX && !self->looked_up)
        zhashx_update(self->noted, key, &s_noted);
}

/* Asks once which noted keys orders already have, and marks those stored. */
static int s_look_up(order_keys_t *self, order_store_t *store)
{
    size_t count = zhashx_size(self->noted);
    const char **keys = dure_calloc(count ? count : 1, sizeof *keys);
    unsigned char *exists = dure_calloc(count ? count : 1, 1);
    size_t n = 0;
    for (void *v = zhashx_first(self->noted); v; v = zhashx_next(self->noted))
        keys[n++] = zhashx_cursor(self->noted);
    int rc = order_store_existing_keys(store, keys, n, exists);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (exists[i])
            zhashx_update(self->noted, keys[i], &s_stored);
    free(keys);
    free(exists);
    self->looked_up = rc == 0;
    return rc;
}

int order_keys_find(order_keys_t *self, order_store_t *store, const char *key, const uint8_t *body,
                    size_t body_len, order_key_match_t *match)
{
    if (zhashx_lookup(self->noted, key)) {
        if (!self->looked_up && s_look_up(self, store) != 0)
            return -1;
        if (zhashx_lookup(self->noted, key) != &s_stored)
            return 0; /* new: no order has it */
    }
    return order_store_find_key(store, key, body, body_len, match);
}
