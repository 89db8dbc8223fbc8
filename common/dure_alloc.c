/*  dure_alloc.c - allocation wrappers and the request arena.

    The arena is a chain of blocks; each block is a header followed by its bytes. Large
    requests get a block of their own. Reset frees all blocks but the first, so a service
    answering requests of similar size settles on one block and allocates nothing per request.
*/
#include "dure_alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DURE_ARENA_BLOCK 16384
#define DURE_ARENA_ALIGN 16

typedef struct s_block_t {
    struct s_block_t *next; /* older block, or NULL */
    size_t size;            /* usable bytes after the header */
    size_t used;            /* bytes handed out */
} s_block_t;

struct dure_arena_t {
    s_block_t *head; /* newest block; the chain ends with the first block */
};

static void s_out_of_memory(size_t size)
{
    fprintf(stderr, "dure: out of memory allocating %zu bytes\n", size);
    abort();
}

void *dure_malloc(size_t size)
{
    void *ptr = malloc(size ? size : 1);
    if (!ptr)
        s_out_of_memory(size);
    return ptr;
}

void *dure_calloc(size_t count, size_t size)
{
    void *ptr = calloc(count ? count : 1, size ? size : 1);
    if (!ptr)
        s_out_of_memory(count * size);
    return ptr;
}

void *dure_realloc(void *ptr, size_t size)
{
    void *grown = realloc(ptr, size ? size : 1);
    if (!grown)
        s_out_of_memory(size);
    return grown;
}

char *dure_strdup(const char *text)
{
    size_t len = strlen(text) + 1;
    return memcpy(dure_malloc(len), text, len);
}

static s_block_t *s_block_new(size_t size, s_block_t *next)
{
    s_block_t *block = dure_malloc(sizeof(s_block_t) + DURE_ARENA_ALIGN + size);
    block->next = next;
    block->size = size;
    block->used = 0;
    return block;
}

static char *s_block_data(s_block_t *block)
{
    uintptr_t start = (uintptr_t) (block + 1);
    start = (start + DURE_ARENA_ALIGN - 1) & ~(uintptr_t) (DURE_ARENA_ALIGN - 1);
    return (char *) start;
}

dure_arena_t *dure_arena_new(void)
{
    dure_arena_t *self = dure_calloc(1, sizeof *self);
    self->head = s_block_new(DURE_ARENA_BLOCK, NULL);
    return self;
}

void dure_arena_destroy(dure_arena_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    s_block_t *block = (*self_p)->head;
    while (block) {
        s_block_t *next = block->next;
        free(block);
        block = next;
    }
    free(*self_p);
    *self_p = NULL;
}

void *dure_arena_alloc(dure_arena_t *self, size_t size)
{
    size = (size + DURE_ARENA_ALIGN - 1) & ~(size_t) (DURE_ARENA_ALIGN - 1);
    if (size == 0)
        size = DURE_ARENA_ALIGN;
    if (self->head->used + size > self->head->size) {
        size_t block = size > DURE_ARENA_BLOCK ? size : DURE_ARENA_BLOCK;
        self->head = s_block_new(block, self->head);
    }
    char *ptr = s_block_data(self->head) + self->head->used;
    self->head->used += size;
    return memset(ptr, 0, size);
}

char *dure_arena_strndup(dure_arena_t *self, const char *text, size_t n)
{
    if (!text)
        return NULL;
    char *copy = dure_arena_alloc(self, n + 1);
    memcpy(copy, text, n);
    copy[n] = '\0';
    return copy;
}

char *dure_arena_strdup(dure_arena_t *self, const char *text)
{
    return text ? dure_arena_strndup(self, text, strlen(text)) : NULL;
}

char *dure_arena_printf(dure_arena_t *self, const char *fmt, ...)
{
    va_list args, again;
    va_start(args, fmt);
    va_copy(again, args);
    int len = vsnprintf(NULL, 0, fmt, args);
    va_end(args);
    char *text = dure_arena_alloc(self, (size_t) (len < 0 ? 0 : len) + 1);
    if (len > 0)
        vsnprintf(text, (size_t) len + 1, fmt, again);
    va_end(again);
    return text;
}

void dure_arena_reset(dure_arena_t *self)
{
    while (self->head->next) {
        s_block_t *older = self->head->next;
        free(self->head);
        self->head = older;
    }
    self->head->used = 0;
}
