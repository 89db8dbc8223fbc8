/*  dure_rows.h - rows queued during a batch and written at its end, one statement per kind.

    A handler's large insert (an order with its lines, a packaging record with its parcels)
    costs PostgreSQL about as much executor work for one row as for twenty: queued while the
    batch runs and written together, a batch of n pays for one statement instead of n.

    A kind is a statement that takes one parameter, a JSON array of row objects, and returns
    one row holding the number of rows it wrote. Rows are built as json-c objects
    (dure_row_add_*) and queued as their text, copied into one growing buffer, so queueing
    allocates nothing once the buffer has grown to the batch's size. dure_db owns one queue
    per connection (dure_db_write_row, dure_db_flush).
*/
#ifndef DURE_ROWS_H
#define DURE_ROWS_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

/* A statement that writes rows given as a JSON array in $1 and selects how many it wrote. */
typedef struct {
    const char *name; /* prepared statement name */
    const char *sql;  /* "... json_to_recordset($1::json) ... SELECT count(*) ..." */
    /* 1: planned afresh at every run instead of prepared once. For a statement that must
       find its rows in a table that grows, such as an UPDATE of the rows whose keys the
       JSON holds: a prepared statement's plan is kept, and one made while the table was
       small scans it whole, while a fresh plan sees the table's real size. */
    int plan_each_run;
} dure_rows_kind_t;

/* Sets a row's field: a string (NULL is stored as ""), an integer. */
void dure_row_add_string(json_object *row, const char *key, const char *value);
void dure_row_add_int(json_object *row, const char *key, int64_t value);

typedef struct dure_rows_t dure_rows_t;

/* An empty queue. Never returns NULL. */
dure_rows_t *dure_rows_new(void);

/* Frees the queue; nulls the caller's pointer. */
void dure_rows_destroy(dure_rows_t **self_p);

/* Queues one row (a JSON object's text) of a kind. */
void dure_rows_add(dure_rows_t *self, const dure_rows_kind_t *kind, const char *row_json);

/* How many rows are queued: a mark to drop back to. */
size_t dure_rows_count(const dure_rows_t *self);

/* Drops the rows queued after the first `keep`. */
void dure_rows_truncate(dure_rows_t *self, size_t keep);

/* The kinds queued, in the order each was first queued: kind number i (from 0) and the
   JSON array of its rows, valid until the next call on the queue. Returns NULL after the
   last kind. */
const dure_rows_kind_t *dure_rows_array(dure_rows_t *self, size_t i, const char **array,
                                        size_t *rows);

#endif
