/*  dure_reads.h - rows a batch's handlers will read, read together by the first of them.

    A handler that reads one row per item costs its batch one statement and one round trip
    per item on the service's one connection. Instead, the route's prepare notes the key each
    item will read (dure_reads_note), and the first handler that takes a noted key reads the
    rows of every noted key with one statement (the service's read function), inside the
    batch's transaction.

    Each row read that way is handed out once. Taking the same key again, or a key whose row
    the batch wrote meanwhile (dure_reads_forget), reads it on its own, so that the handler
    sees what the batch wrote. The runtime owns a service's sets (dure_service_reads) and
    resets them after every batch and before a batch runs again, so a second run reads
    everything on its own.
*/
#ifndef DURE_READS_H
#define DURE_READS_H

#include "dure_alloc.h"

#include <stddef.h>

typedef struct dure_reads_t dure_reads_t;

/* Reads the rows of `count` keys: rows[i] for keys[i], NULL when the key has none, allocated
   in arena. The keys come in strcmp order, so that a read that locks its rows locks them
   in one order in every instance. Returns 0 or -1. */
typedef int (*dure_reads_fn)(void *ctx, const char *const *keys, size_t count,
                             dure_arena_t *arena, void **rows);

/* An empty set read by read(ctx, ...). Never returns NULL. */
dure_reads_t *dure_reads_new(dure_reads_fn read, void *ctx);

/* Frees the set; nulls the caller's pointer. */
void dure_reads_destroy(dure_reads_t **self_p);

/* Notes a key an item of the batch being prepared will read (copied). Past a bound, keys
   are not noted (and so read on their own). */
void dure_reads_note(dure_reads_t *self, const char *key);

/* Takes the row of a key. The first take of a noted key reads every noted key, in arena
   (which must live until the batch ends). Returns 1 with *row (NULL when the key has no
   row), 0 when the caller must read the key on its own, -1 when the read failed. */
int dure_reads_take(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row);

/* dure_reads_take for rows the batch only reads, or whose every write forgets them: the
   row stays, for later takes and peeks of the same key. */
int dure_reads_peek(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row);

/* What a handler calls: dure_reads_take (or _peek), and when the batch's read did not
   cover the key, the read function for this key alone. Both run inside the batch's
   transaction, so a key read alone sees what the batch wrote. Returns 0 with *row (NULL
   when the key has none), -1 when a read failed. */
int dure_reads_take_or_read(dure_reads_t *self, const char *key, dure_arena_t *arena,
                            void **row);
int dure_reads_peek_or_read(dure_reads_t *self, const char *key, dure_arena_t *arena,
                            void **row);

/* Forgets a key whose row the batch wrote. */
void dure_reads_forget(dure_reads_t *self, const char *key);

/* Forgets every key (after each batch, and before a batch runs again). */
void dure_reads_reset(dure_reads_t *self);

#endif
