/*  dure_rows.h - rows queued during a batch and written at its end, one statement per kind.

    A handler's large insert (an order with its lines, a packaging record with its parcels)
    costs PostgreSQL about as much executor work for one row as for twenty: queued while the
    batch runs and written together, a batch of n pays for one statement instead of n.

    A kind is a statement that writes rows of up to DURE_ROWS_MAX_TABLES tables (an order,
    its lines, its sellers) and selects one row: how many rows of its first table it wrote.
    Its parameters are column arrays: one PostgreSQL array literal per column, table after
    table, which the statement reads with unnest($1::text[], $2::bigint[], ...). Column
    arrays cost PostgreSQL less to read than the same rows as JSON objects, and building
    them costs the service less than building JSON.

    A row's values are kept as array elements in one growing buffer, so queueing allocates
    nothing once the buffers have grown to the batch's size. dure_db owns a queue per
    connection (dure_db_rows, dure_db_write_record, dure_db_flush).
*/
#ifndef DURE_ROWS_H
#define DURE_ROWS_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

#define DURE_ROWS_MAX_TABLES 4
#define DURE_ROWS_MAX_COLUMNS 64 /* of all tables of a kind together */

/* A statement that writes rows given as column arrays and selects how many rows of its
   first table it wrote. */
typedef struct {
    const char *name; /* prepared statement name */
    const char *sql;  /* "... unnest($1::text[], ...) ... SELECT count(*) ..." */
    /* Columns of each table, in parameter order; a 0 ends the list. */
    int columns[DURE_ROWS_MAX_TABLES];
    /* 1: planned afresh at every run instead of prepared once. For a statement that must
       find its rows in a table that grows, such as an UPDATE of the rows whose keys the
       arrays hold: a prepared statement's plan is kept, and one made while the table was
       small scans it whole, while a fresh plan sees the table's real size. */
    int plan_each_run;
} dure_rows_kind_t;

typedef struct dure_rows_t dure_rows_t;

/* An empty queue. Never returns NULL. */
dure_rows_t *dure_rows_new(void);

/* Frees the queue; nulls the caller's pointer. */
void dure_rows_destroy(dure_rows_t **self_p);

/* Starts a row of a kind's table (0 for the first). The values given next fill its columns
   in order; a row must get exactly as many values as its table has columns. */
void dure_rows_start(dure_rows_t *self, const dure_rows_kind_t *kind, int table);

/* The row's next value: a string (NULL is stored as ""), an integer, a boolean, a floating
   point number, bytes (for a bytea column). */
void dure_rows_text(dure_rows_t *self, const char *value);
void dure_rows_int(dure_rows_t *self, int64_t value);
void dure_rows_bool(dure_rows_t *self, int value);
void dure_rows_double(dure_rows_t *self, double value);
void dure_rows_bytes(dure_rows_t *self, const uint8_t *data, size_t len);

/* The row's next value: a message serialized (no bytes for NULL), for a bytea column. */
void dure_rows_message(dure_rows_t *self, const ProtobufCMessage *msg);

/* Writes a string as one quoted element of an array literal (" and \ escaped, so that it
   may hold anything, even "NULL") at `out`, which has room for 2 * strlen(value) + 2 bytes.
   Returns its length; writes no NUL. */
size_t dure_rows_quote(char *out, const char *value);

/* Writes bytes as hex digits, two a byte, at `out`. Each byte is read before its digits are
   written, so `data` may lie in the same buffer at `out` + len or later. Returns 2 * len. */
size_t dure_rows_hex(char *out, const uint8_t *data, size_t len);

/* How many rows are queued: a mark to drop back to. */
size_t dure_rows_count(const dure_rows_t *self);

/* Drops the rows queued after the first `keep`. */
void dure_rows_truncate(dure_rows_t *self, size_t keep);

/* The kinds queued, in the order each was first queued: kind number i (from 0), its column
   arrays in `params` (as many as its tables' columns together, each valid until the next
   call on the queue) and how many rows of its first table are queued. Returns NULL after
   the last kind. */
const dure_rows_kind_t *dure_rows_arrays(dure_rows_t *self, size_t i,
                                         const char *params[DURE_ROWS_MAX_COLUMNS], int *nparams,
                                         size_t *rows);

#endif
