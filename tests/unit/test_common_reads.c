/*  test_common_reads.c - rows a batch reads together: the first take of a noted key reads
    every noted key at once (in strcmp order), each row is handed out once, and a key the
    batch wrote, taken twice, or never noted is left for the caller to read on its own, which
    the _or_read forms do. */
#include "dure.h"
#include "dure_test.h"

/* A stand-in read: keys starting with "row-" have a row (the key's text), others none. */
typedef struct {
    int calls;        /* reads made */
    size_t last_count; /* keys in the last read */
    int fail;         /* 1: the read fails */
    int unsorted;     /* reads whose keys were not in strcmp order */
} s_reader_t;

static int s_read(void *ctx, const char *const *keys, size_t count, dure_arena_t *arena,
                  void **rows)
{
    s_reader_t *reader = ctx;
    reader->calls++;
    reader->last_count = count;
    for (size_t i = 1; i < count; i++)
        reader->unsorted += strcmp(keys[i - 1], keys[i]) >= 0;
    if (reader->fail)
        return -1;
    for (size_t i = 0; i < count; i++)
        rows[i] = strncmp(keys[i], "row-", 4) == 0 ? dure_arena_strdup(arena, keys[i]) : NULL;
    return 0;
}

DURE_TEST(reads_take_reads_every_noted_key_once)
{
    s_reader_t reader = {0};
    dure_reads_t *reads = dure_reads_new(s_read, &reader);
    dure_arena_t *arena = dure_arena_new();
    dure_reads_note(reads, "row-b");
    dure_reads_note(reads, "row-a");
    dure_reads_note(reads, "gone");
    dure_reads_note(reads, "row-a"); /* noted twice: read once */
    void *row = NULL;
    CHECK_INT_EQ(dure_reads_take(reads, "row-b", arena, &row), 1);
    CHECK_STR_EQ((char *) row, "row-b");
    CHECK_INT_EQ(reader.calls, 1);
    CHECK_INT_EQ(reader.last_count, 3);
    CHECK_INT_EQ(reader.unsorted, 0); /* one locking order in every instance */
    /* A key without a row is answered from the same read. */
    CHECK_INT_EQ(dure_reads_take(reads, "gone", arena, &row), 1);
    CHECK(row == NULL);
    /* A row is handed out once: the second take is the caller's to read. */
    CHECK_INT_EQ(dure_reads_take(reads, "row-b", arena, &row), 0);
    /* A key noted after the read, or never noted, is the caller's too. */
    dure_reads_note(reads, "row-late");
    CHECK_INT_EQ(dure_reads_take(reads, "row-late", arena, &row), 0);
    CHECK_INT_EQ(dure_reads_take(reads, "row-never", arena, &row), 0);
    CHECK_INT_EQ(dure_reads_take(reads, "row-a", arena, &row), 1);
    CHECK_STR_EQ((char *) row, "row-a");
    CHECK_INT_EQ(reader.calls, 1);
    dure_arena_destroy(&arena);
    dure_reads_destroy(&reads);
    CHECK(reads == NULL);
}

DURE_TEST(reads_forget_and_reset_leave_keys_to_the_caller)
{
    s_reader_t reader = {0};
    dure_reads_t *reads = dure_reads_new(s_read, &reader);
    dure_arena_t *arena = dure_arena_new();
    void *row = NULL;
    dure_reads_note(reads, "row-a");
    dure_reads_note(reads, "row-b");
    CHECK_INT_EQ(dure_reads_take(reads, "row-a", arena, &row), 1);
    /* The batch wrote row-b's row after the read: what was read is stale. */
    dure_reads_forget(reads, "row-b");
    CHECK_INT_EQ(dure_reads_take(reads, "row-b", arena, &row), 0);

    /* After a reset (the next batch, or a second run) keys are noted and read afresh. */
    dure_reads_reset(reads);
    dure_reads_note(reads, "row-c");
    CHECK_INT_EQ(dure_reads_take(reads, "row-c", arena, &row), 1);
    CHECK_INT_EQ(reader.calls, 2);
    CHECK_INT_EQ(reader.last_count, 1);

    /* A failed read is an error, and the key stays noted: the batch will be reset and run
       again. */
    dure_reads_reset(reads);
    reader.fail = 1;
    dure_reads_note(reads, "row-d");
    CHECK_INT_EQ(dure_reads_take(reads, "row-d", arena, &row), -1);
    CHECK(row == NULL);
    dure_arena_destroy(&arena);
    dure_reads_destroy(&reads);
}

DURE_TEST(reads_peek_leaves_the_row_for_later_items)
{
    s_reader_t reader = {0};
    dure_reads_t *reads = dure_reads_new(s_read, &reader);
    dure_arena_t *arena = dure_arena_new();
    void *row = NULL;
    dure_reads_note(reads, "row-p");
    dure_reads_note(reads, "row-q");
    CHECK_INT_EQ(dure_reads_peek(reads, "row-p", arena, &row), 1);
    CHECK_STR_EQ((char *) row, "row-p");
    CHECK_INT_EQ(dure_reads_peek(reads, "row-p", arena, &row), 1);
    CHECK_STR_EQ((char *) row, "row-p");
    CHECK_INT_EQ(dure_reads_take(reads, "row-p", arena, &row), 1);
    CHECK_INT_EQ(dure_reads_peek(reads, "row-p", arena, &row), 0);
    dure_reads_forget(reads, "row-q");
    CHECK_INT_EQ(dure_reads_peek(reads, "row-q", arena, &row), 0);
    CHECK_INT_EQ(reader.calls, 1);
    dure_arena_destroy(&arena);
    dure_reads_destroy(&reads);
}

DURE_TEST(reads_or_read_read_a_key_the_batch_did_not_cover_on_its_own)
{
    s_reader_t reader = {0};
    dure_reads_t *reads = dure_reads_new(s_read, &reader);
    dure_arena_t *arena = dure_arena_new();
    void *row = NULL;
    dure_reads_note(reads, "row-a");
    dure_reads_note(reads, "gone");
    CHECK_INT_EQ(dure_reads_take_or_read(reads, "row-a", arena, &row), 0);
    CHECK_STR_EQ((char *) row, "row-a");
    CHECK_INT_EQ(reader.calls, 1);
    CHECK_INT_EQ(reader.last_count, 2);
    /* Taken already: read again, alone. */
    CHECK_INT_EQ(dure_reads_take_or_read(reads, "row-a", arena, &row), 0);
    CHECK_STR_EQ((char *) row, "row-a");
    CHECK_INT_EQ(reader.calls, 2);
    CHECK_INT_EQ(reader.last_count, 1);
    /* Covered, no row: answered from the batch's read. */
    CHECK_INT_EQ(dure_reads_peek_or_read(reads, "gone", arena, &row), 0);
    CHECK(row == NULL);
    CHECK_INT_EQ(reader.calls, 2);
    /* Never noted: read alone; a failed read is an error. */
    CHECK_INT_EQ(dure_reads_peek_or_read(reads, "row-new", arena, &row), 0);
    CHECK_STR_EQ((char *) row, "row-new");
    CHECK_INT_EQ(reader.calls, 3);
    reader.fail = 1;
    CHECK_INT_EQ(dure_reads_take_or_read(reads, "row-other", arena, &row), -1);
    dure_arena_destroy(&arena);
    dure_reads_destroy(&reads);
}
