/*  keys.h - the idempotency keys of a batch of PlaceOrder requests, looked up together.

    Looking each key up on its own costs a round trip per order on the service's one
    connection, and almost every key is new. So the keys are noted while the batch is
    prepared, and the first lookup of the batch asks PostgreSQL once which of them exist.
    A key found then is looked up again on its own (order_store_find_key: its order and
    whether the body is the same); a key not found needs nothing more. A key stored by
    another instance after the batch's lookup is caught by the insert's ON CONFLICT, as
    before.
*/
#ifndef ORDER_KEYS_H
#define ORDER_KEYS_H

#include "store.h"

typedef struct order_keys_t order_keys_t;

/* An empty set. Never returns NULL. */
order_keys_t *order_keys_new(void);

/* Frees the set; nulls the caller's pointer. */
void order_keys_destroy(order_keys_t **self_p);

/* Notes the key of a request of the batch being prepared (copied). */
void order_keys_note(order_keys_t *self, const char *key);

/* order_store_find_key for a key of the batch: the first call looks every noted key up at
   once. Returns 1 and fills match when the key is known, 0 when not, -1 on error. */
int order_keys_find(order_keys_t *self, order_store_t *store, const char *key, const uint8_t *body,
                    size_t body_len, order_key_match_t *match);

/* Forgets the batch's keys and what was found (after each batch, and before it runs again). */
void order_keys_reset(order_keys_t *self);

#endif
