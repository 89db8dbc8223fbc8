/*  dure_db.h - a PostgreSQL connection for one service: retry, statements, transactions,
    savepoints and migrations.

    A dure_db_t is one libpq connection bound to one schema (its search_path). Statements
    named on first use are prepared once per connection and re-prepared after a reconnect.
    Every failing call returns -1 or NULL and keeps the server's message, readable with
    dure_db_error until the next call. When the connection breaks (PostgreSQL restarted),
    dure_db_check reconnects.

    Migrations are numbered SQL texts applied in order inside one transaction each, under an
    advisory lock so that instances starting together apply each one once; applied versions
    are recorded in the schema's schema_migrations table.

    Ownership: PGresult values returned to the caller are the caller's to PQclear.
*/
#ifndef DURE_DB_H
#define DURE_DB_H

#include "dure_alloc.h"
#include "dure_rows.h"

#include <libpq-fe.h>
#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dure_db_t dure_db_t;

/* One schema change: its version (the file name, such as "001_products.sql") and SQL text. */
typedef struct {
    const char *version; /* sorts in application order */
    const char *sql;     /* one or more statements */
} dure_migration_t;

/* Connects, retrying for up to timeout_s seconds, and sets the search_path to `schema`
   (created if missing). Returns NULL with the reason in err when it never succeeds or the
   schema name is not a plain identifier. */
dure_db_t *dure_db_connect(const char *dsn, const char *schema, int timeout_s, char *err,
                           size_t errlen);

/* Closes the connection; nulls the caller's pointer. */
void dure_db_destroy(dure_db_t **self_p);

/* The raw connection, for store code that needs libpq directly. */
PGconn *dure_db_conn(dure_db_t *self);

/* The last error message, or "" after a success. Borrowed until the next call. */
const char *dure_db_error(dure_db_t *self);

/* The SQLSTATE of the last error (such as "23505"), or "" when none. */
const char *dure_db_sqlstate(dure_db_t *self);

/* Returns 0 when the connection is usable, reconnecting once if it broke; -1 if not. */
int dure_db_check(dure_db_t *self);

/* Runs SQL that returns no rows (several statements allowed). Returns 0 or -1. */
int dure_db_exec(dure_db_t *self, const char *sql);

/* Runs a statement with text parameters (NULL for SQL NULL). `name` non-NULL prepares it
   under that name on first use. Returns the result (tuples or command OK) or NULL on error. */
PGresult *dure_db_query(dure_db_t *self, const char *name, const char *sql, int nparams,
                        const char *const *params);

/* dure_db_query with the result in PostgreSQL's binary format: a bytea column comes as its
   bytes (PQgetlength long), with no hex text to decode, a text column as its characters,
   and a bigint as a big-endian word (dure_db_int8_at). */
PGresult *dure_db_query_binary(dure_db_t *self, const char *name, const char *sql, int nparams,
                               const char *const *params);

/* Same, for statements whose result does not matter: returns 0 or -1. */
int dure_db_command(dure_db_t *self, const char *name, const char *sql, int nparams,
                    const char *const *params);

/* Transaction control. Each returns 0 or -1. BEGIN is sent with the transaction's first
   statement, in one round trip (libpq's pipeline mode), so an error of the server's shows at
   that statement; a transaction in which no statement ran commits or rolls back without a
   word to the server. COMMIT writes the queued rows first (below); ROLLBACK drops them. */
int dure_db_begin(dure_db_t *self);
int dure_db_commit(dure_db_t *self);
int dure_db_rollback(dure_db_t *self);

/* COMMIT with one last statement before it (prepared under `name` when not NULL), both in
   one round trip: the statement's failure leaves COMMIT unrun and the transaction failed,
   for ROLLBACK to follow. Returns 0 when both succeeded, or -1. */
int dure_db_commit_with(dure_db_t *self, const char *name, const char *sql, int nparams,
                        const char *const *params);

/* dure_db_commit_with where parameter i is binary when formats[i] is 1: lengths[i] bytes
   given as they are (dure_db_bytea_array), where text would carry them as escaped hex for
   the server to parse. */
int dure_db_commit_with_formats(dure_db_t *self, const char *name, const char *sql, int nparams,
                                const char *const *params, const int *lengths, const int *formats);

/* A single savepoint level inside a transaction, for replaying a batch item by item after
   one of its items failed. */
int dure_db_savepoint(dure_db_t *self);
int dure_db_release_savepoint(dure_db_t *self);
int dure_db_rollback_savepoint(dure_db_t *self);

/* Runs a statement that takes a lock held until the transaction ends (a prepared statement
   named `name`, a string that outlives the connection), once per transaction: later calls
   do nothing, unless the savepoint the lock was taken under was rolled back, which released
   it. For a lock every item of a batch needs, so that a batch asks for it once. Returns 0 or
   -1. */
int dure_db_lock_once(dure_db_t *self, const char *name, const char *sql);

/* -- Rows written at the end of a batch (dure_rows.h) --
   While deferring, a record (a row with its children, such as an order with its lines) is
   queued instead of written, and dure_db_flush writes the queue, one statement per kind. A
   flush fails when a statement wrote fewer rows than it was given: a row met another of the
   same batch that its handler could not see (two orders with one idempotency key), and only
   a rollback and a run without deferring can tell which item it was. Deferring is off unless
   turned on (dure_apply turns it on for the run of a batch without savepoints). */
void dure_db_defer(dure_db_t *self, int on);

/* The queue to build a record in, with dure_rows_start and the value calls, before
   dure_db_write_record(self, now): the batch's while deferring, unless `now` asks for the
   record to be written at once (for an item that reads back what it wrote). */
dure_rows_t *dure_db_rows(dure_db_t *self, int now);

/* Ends the record built on dure_db_rows(self, now). Queued: returns 1. Written at once:
   returns how many rows of its first table the statement wrote (0 when its ON CONFLICT
   skipped the row), or -1. */
int dure_db_write_record(dure_db_t *self, int now);

/* 1 while records are queued: a store whose queued rows change what it reads (a row stepped
   twice in one batch) can tell that its read would miss them. */
int dure_db_deferring(dure_db_t *self);

/* How many rows are queued: a mark to drop back to when an item fails. */
size_t dure_db_queued_rows(dure_db_t *self);

/* Forgets the rows queued after the first `keep`. */
void dure_db_drop_rows(dure_db_t *self, size_t keep);

/* Writes the queued rows and empties the queue. Returns 0, or -1 when a statement failed or
   wrote fewer rows than it was given. */
int dure_db_flush(dure_db_t *self);

/* Runs session settings ("SET ...; SET ...") now and again after every reconnect, such as
   the relay's asynchronous commits. Returns 0 or -1. */
int dure_db_set_session(dure_db_t *self, const char *sql);

/* How many statements that may write (every one but a plain SELECT) have succeeded since
   the connection opened. Compared around a handler, it tells whether a failed item left
   writes behind that only a rollback can undo. */
unsigned long dure_db_writes(dure_db_t *self);

/* 1 when the open transaction has failed (a statement errored): only ROLLBACK can follow. */
int dure_db_transaction_failed(dure_db_t *self);

/* A PostgreSQL array literal of `count` strings, every element quoted and escaped, for one
   parameter that carries many values ("{\"a\",\"b\"}"). The caller frees it. */
char *dure_db_array(const char *const *values, size_t count);

/* The same literal, in the arena. */
char *dure_db_array_in(dure_arena_t *arena, const char *const *values, size_t count);

/* A JSON array of `count` strings (caller frees), for a statement that reads many keys with
   json_array_elements_text: PostgreSQL estimates an array parameter's length exactly, so a
   statement given dure_db_array is planned afresh at every call whenever a fresh plan looks
   cheaper than the cached one (a short batch), while a JSON function is estimated the same
   every time and its cached plan is kept. */
char *dure_db_json_array(const char *const *values, size_t count);

/* Runs a prepared statement over many keys: $1 holds them as a JSON array, which the SQL
   reads as json_array_elements_text($1::json) WITH ORDINALITY AS k (key, n). Returns the
   result (the caller clears it) or NULL. */
PGresult *dure_db_query_keys(dure_db_t *self, const char *name, const char *sql,
                             const char *const *keys, size_t count);

/* For a dure_db_query_keys statement whose first column is k.n: the position (from 0) among
   the `count` keys of the key that row r answers, or -1 when the column holds none. */
long dure_db_key_at(const PGresult *res, int r, size_t count);

/* Makes what a key reads from row r of a result, in arena (not NULL). */
typedef void *(*dure_db_row_fn)(const PGresult *res, int r, dure_arena_t *arena);

/* Reads many keys with one dure_db_query_keys statement whose first column is k.n:
   rows[i] = row(res, r, arena) for the result row r that answers keys[i], NULL for a key
   that none answers. The shape of a dure_reads_fn's work. Returns 0 or -1. */
int dure_db_read_keys(dure_db_t *self, const char *name, const char *sql,
                      const char *const *keys, size_t count, dure_arena_t *arena,
                      dure_db_row_fn row, void **rows);

/* A dure_db_row_fn for statements that only say which keys exist (a pointer, not NULL). */
void *dure_db_row_exists(const PGresult *res, int r, dure_arena_t *arena);

/* A bytea[] parameter of `count` values in PostgreSQL's binary array format, for a
   parameter sent with format 1: its size in *size. The caller frees. */
char *dure_db_bytea_array(const uint8_t *const *values, const size_t *lengths, size_t count,
                          int *size);

/* A bigint column of a dure_db_query_binary result (0 for NULL). */
int64_t dure_db_int8_at(const PGresult *res, int r, int c);

/* Bytes as lowercase hex text after `prefix`: "" for decode($n, 'hex') in a statement,
   "\\x" for bytea's own text input. The caller frees. */
char *dure_db_hex(const char *prefix, const uint8_t *data, size_t len);

/* A message serialized, as dure_db_hex; just the prefix for NULL. */
char *dure_db_message_hex(const char *prefix, const ProtobufCMessage *msg);

/* Applies the migrations not yet recorded, in order, under an advisory lock. The messaging
   tables (outbox, inbox) come first for every service. Returns the number applied, or -1
   with the failing version in the error text. */
int dure_db_migrate(dure_db_t *self, const dure_migration_t *migrations, size_t count);

/* Name of the schema this connection works in. */
const char *dure_db_schema(dure_db_t *self);

#endif
