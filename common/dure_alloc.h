/*  dure_alloc.h - allocation that never returns NULL, and a per-request arena.

    Allocation failure is not a condition dure recovers from: these wrappers abort with a
    message instead, so callers never write recovery code for it (house rule).

    The arena serves the many small strings and arrays a handler builds while answering one
    request or applying one event (protobuf-c messages built on the stack point into it). The
    dispatcher resets it after the reply is sent, so handlers never free piecemeal.
*/
#ifndef DURE_ALLOC_H
#define DURE_ALLOC_H

#include <stddef.h>

/* malloc, calloc, realloc and strdup that abort on failure. */
void *dure_malloc(size_t size);
void *dure_calloc(size_t count, size_t size);
void *dure_realloc(void *ptr, size_t size);
char *dure_strdup(const char *text);

typedef struct dure_arena_t dure_arena_t;

/* Creates an empty arena. Never returns NULL. */
dure_arena_t *dure_arena_new(void);

/* Frees the arena and everything allocated from it; nulls the caller's pointer. */
void dure_arena_destroy(dure_arena_t **self_p);

/* Returns zeroed memory that lives until the next reset; aligned for any type. */
void *dure_arena_alloc(dure_arena_t *self, size_t size);

/* Copies a string (or the first n bytes plus a NUL) into the arena. NULL in, NULL out. */
char *dure_arena_strdup(dure_arena_t *self, const char *text);
char *dure_arena_strndup(dure_arena_t *self, const char *text, size_t n);

/* printf into the arena. */
char *dure_arena_printf(dure_arena_t *self, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Forgets every allocation but keeps the first block for reuse. */
void dure_arena_reset(dure_arena_t *self);

/* Allocates an array of n items of a type from an arena. */
#define DURE_ARENA_NEW(arena, type, n) ((type *) dure_arena_alloc((arena), sizeof(type) * (size_t) (n)))

#endif
