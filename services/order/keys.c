/*  keys.c - the idempotency keys of a batch, looked up together. */
#include "keys.h"

#include "dure_alloc.h"

#include <czmq.h>

/* More keys than two full batches means notes were left from batches that never ran a
   handler; past it, keys are simply looked up one by one. */
#define S_NOTED_MAX 256

struct order_keys_t {
    char *noted[S_NOTED_MAX];
    size_t count;
    int looked_up;   /* the noted keys were looked up in this batch */
    zhashx_t *known; /* the noted keys that exist, as keys (values unused) */
};

order_keys_t *order_keys_new(void)
{
    order_keys_t *self = dure_calloc(1, sizeof *self);
    self->known = zhashx_new();
    return self;
}

void order_keys_reset(order_keys_t *self)
{
    for (size_t i = 0; i < self->count; i++)
        free(self->noted[i]);
    self->count = 0;
    self->looked_up = 0;
    zhashx_purge(self->known);
}

void order_keys_destroy(order_keys_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    order_keys_reset(*self_p);
    zhashx_destroy(&(*self_p)->known);
    free(*self_p);
    *self_p = NULL;
}

void order_keys_note(order_keys_t *self, const char *key)
{
    if (key && *key && self->count < S_NOTED_MAX && !self->looked_up)
        self->noted[self->count++] = dure_strdup(key);
}

static int s_is_noted(const order_keys_t *self, const char *key)
{
    for (size_t i = 0; i < self->count; i++)
        if (strcmp(self->noted[i], key) == 0)
            return 1;
    return 0;
}

int order_keys_find(order_keys_t *self, order_store_t *store, const char *key, const uint8_t *body,
                    size_t body_len, order_key_match_t *match)
{
    if (!s_is_noted(self, key))
        return order_store_find_key(store, key, body, body_len, match);
    if (!self->looked_up) {
        if (order_store_existing_keys(store, (const char *const *)self->noted, self->count,
                                      self->known) != 0)
            return -1;
        self->looked_up = 1;
    }
    if (!zhashx_lookup(self->known, key))
        return 0;
    return order_store_find_key(store, key, body, body_len, match);
}
