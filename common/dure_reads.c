/*  dure_reads.c - rows a batch's handlers will read, read together. */
#include "dure_reads.h"

#include <czmq.h>

/* More keys than two full batches means notes were left from batches that never ran a
   handler; past it, keys are read on their own. */
#define S_NOTED_MAX 256

/* Values of keys before the read, and of keys the read found no row for. */
static char s_noted, s_none;

struct dure_reads_t {
    zhashx_t *keys;     /* key -> &s_noted, then its row (or &s_none) once read */
    dure_reads_fn read;
    void *ctx;
    int done;           /* the noted keys were read in this batch */
};

dure_reads_t *dure_reads_new(dure_reads_fn read, void *ctx)
{
    dure_reads_t *self = dure_calloc(1, sizeof *self);
    self->keys = zhashx_new(); /* duplicates and frees its keys; values are not owned */
    self->read = read;
    self->ctx = ctx;
    return self;
}

void dure_reads_destroy(dure_reads_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    zhashx_destroy(&(*self_p)->keys);
    free(*self_p);
    *self_p = NULL;
}

void dure_reads_note(dure_reads_t *self, const char *key)
{
    if (key && *key && !self->done && zhashx_size(self->keys) < S_NOTED_MAX)
        zhashx_update(self->keys, key, &s_noted);
}

void dure_reads_forget(dure_reads_t *self, const char *key)
{
    if (key)
        zhashx_delete(self->keys, key);
}

void dure_reads_reset(dure_reads_t *self)
{
    zhashx_purge(self->keys);
    self->done = 0;
}

static int s_by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Reads every noted key with one call of the service's read function, in strcmp order. */
static int s_read_all(dure_reads_t *self, dure_arena_t *arena)
{
    size_t count = zhashx_size(self->keys);
    const char **keys = dure_calloc(count, sizeof *keys);
    void **rows = dure_calloc(count, sizeof *rows);
    size_t n = 0;
    for (void *v = zhashx_first(self->keys); v; v = zhashx_next(self->keys))
        keys[n++] = zhashx_cursor(self->keys);
    qsort(keys, n, sizeof *keys, s_by_text);
    int rc = self->read(self->ctx, keys, n, arena, rows);
    /* Updating a key's value keeps the key itself, which keys[] points into. */
    for (size_t i = 0; rc == 0 && i < n; i++)
        zhashx_update(self->keys, keys[i], rows[i] ? rows[i] : &s_none);
    free(keys);
    free(rows);
    self->done = rc == 0;
    return rc;
}

/* Takes or peeks at a key's row (see the header). */
static int s_take(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row, int keep)
{
    *row = NULL;
    if (!key || !zhashx_lookup(self->keys, key))
        return 0;
    if (!self->done && s_read_all(self, arena) != 0)
        return -1;
    void *value = zhashx_lookup(self->keys, key);
    if (!keep)
        zhashx_delete(self->keys, key);
    *row = value == &s_none ? NULL : value;
    return 1;
}

int dure_reads_take(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row)
{
    return s_take(self, key, arena, row, 0);
}

int dure_reads_peek(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row)
{
    return s_take(self, key, arena, row, 1);
}

/* Takes or peeks at a key's row, reading the key alone when the batch's read missed it. */
static int s_take_or_read(dure_reads_t *self, const char *key, dure_arena_t *arena, void **row,
                          int keep)
{
    int taken = s_take(self, key, arena, row, keep);
    if (taken != 0)
        return taken < 0 ? -1 : 0;
    return self->read(self->ctx, &key, 1, arena, row);
}

int dure_reads_take_or_read(dure_reads_t *self, const char *key, dure_arena_t *arena,
                            void **row)
{
    return s_take_or_read(self, key, arena, row, 0);
}

int dure_reads_peek_or_read(dure_reads_t *self, const char *key, dure_arena_t *arena,
                            void **row)
{
    return s_take_or_read(self, key, arena, row, 1);
}
