/*  dure_db.c - PostgreSQL connection, statements, transactions and migrations. */
#include "dure_db.h"
#include "dure_alloc.h"
#include "dure_rows.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define DURE_DB_MAX_PREPARED 160
#define DURE_DB_MAX_LOCKS 4

struct dure_db_t {
    PGconn *conn;                            /* the connection, possibly broken */
    char *dsn;                               /* kept for reconnects */
    char *schema;                            /* search_path */
    char error[1024];                        /* last error text */
    char sqlstate[8];                        /* last error SQLSTATE */
    char *prepared[DURE_DB_MAX_PREPARED];    /* names prepared on this connection */
    int prepared_count;                      /* used entries */
    unsigned long writes;                    /* successful statements other than SELECT */
    char *session_sql;                       /* settings re-applied after a reconnect */
    dure_rows_t *rows;                       /* rows written at the end of the batch */
    dure_rows_t *now_rows;                   /* a record written at once */
    int deferring;                           /* dure_db_write_record queues instead of writing */
    const char *locks[DURE_DB_MAX_LOCKS];    /* dure_db_lock_once names held in the transaction */
    int lock_count;                          /* used entries */
    int locks_before_savepoint;              /* lock_count when the savepoint was set */
    int begin_pending;                       /* BEGIN waits for the first statement */
};

/* Tables every service has: the reliable event path of DESIGN.md. */
static const char s_messaging_sql[] =
    "CREATE TABLE outbox ("
    "  id bigserial PRIMARY KEY,"
    "  event_id text NOT NULL,"
    "  destination text NOT NULL,"
    "  type text NOT NULL,"
    "  envelope bytea NOT NULL,"
    "  created_at timestamptz NOT NULL DEFAULT now(),"
    "  lease_until timestamptz,"
    "  attempts integer NOT NULL DEFAULT 0);"
    "CREATE INDEX outbox_pending ON outbox (destination, id);"
    "CREATE INDEX outbox_event ON outbox (event_id);"
    "CREATE TABLE inbox ("
    "  event_id text PRIMARY KEY,"
    "  type text NOT NULL,"
    "  outcome smallint NOT NULL DEFAULT 0,"
    "  received_at timestamptz NOT NULL DEFAULT now());";

/* The messaging tables' migrations, applied before the service's own. */
static const dure_migration_t s_messaging[] = {
    {"000_dure_messaging", s_messaging_sql},
    /* Pruning finds old inbox rows by age. */
    {"000_dure_messaging_inbox_age", "CREATE INDEX inbox_received ON inbox (received_at)"},
    /* Events a consumer cannot read wait here for an operator instead of being resent. */
    {"000_dure_messaging_parked",
     "ALTER TABLE outbox ADD COLUMN parked_at timestamptz, ADD COLUMN parked_reason text"},
    /* A relay's lease rewrites each row once, soon after its insert. Half-full pages keep
       the new version on the row's own page, a HOT update without new index entries. */
    {"000_dure_messaging_outbox_fillfactor", "ALTER TABLE outbox SET (fillfactor = 50)"},
};
#define S_MESSAGING_COUNT (sizeof s_messaging / sizeof s_messaging[0])

static void s_set_error(dure_db_t *self, const char *what, const PGresult *res)
{
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(self->conn);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    snprintf(self->error, sizeof self->error, "%s: %s", what, msg && *msg ? msg : "failed");
    size_t len = strlen(self->error);
    while (len > 0 && (self->error[len - 1] == '\n' || self->error[len - 1] == ' '))
        self->error[--len] = '\0';
    snprintf(self->sqlstate, sizeof self->sqlstate, "%s", state ? state : "");
}

static void s_clear_error(dure_db_t *self)
{
    self->error[0] = '\0';
    self->sqlstate[0] = '\0';
}

static int s_identifier(const char *name)
{
    if (!name || !*name || strlen(name) > 63 || !(islower((unsigned char) *name) || *name == '_'))
        return 0;
    for (const char *c = name; *c; c++)
        if (!(islower((unsigned char) *c) || isdigit((unsigned char) *c) || *c == '_'))
            return 0;
    return 1;
}

static void s_forget_prepared(dure_db_t *self)
{
    for (int i = 0; i < self->prepared_count; i++)
        free(self->prepared[i]);
    self->prepared_count = 0;
}

/* Sets the session up after a (re)connect: schema and search_path. Names are quoted: "order"
   is a reserved word. */
static int s_setup(dure_db_t *self)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SET client_min_messages = warning; CREATE SCHEMA IF NOT EXISTS \"%s\"; "
             "SET search_path TO \"%s\"",
             self->schema, self->schema);
    if (dure_db_exec(self, sql) != 0) {
        /* CREATE SCHEMA needs rights a locked-down role lacks; the schema may exist. */
        snprintf(sql, sizeof sql, "SET search_path TO \"%s\"", self->schema);
        if (dure_db_exec(self, sql) != 0)
            return -1;
    }
    return self->session_sql ? dure_db_exec(self, self->session_sql) : 0;
}

dure_db_t *dure_db_connect(const char *dsn, const char *schema, int timeout_s, char *err,
                           size_t errlen)
{
    if (!s_identifier(schema)) {
        snprintf(err, errlen, "schema name '%s' is not a plain lower-case identifier", schema);
        return NULL;
    }
    dure_db_t *self = dure_calloc(1, sizeof *self);
    self->rows = dure_rows_new();
    self->now_rows = dure_rows_new();
    self->dsn = dure_strdup(dsn);
    self->schema = dure_strdup(schema);
    time_t deadline = time(NULL) + timeout_s;
    for (;;) {
        self->conn = PQconnectdb(dsn);
        if (PQstatus(self->conn) == CONNECTION_OK && s_setup(self) == 0)
            return self;
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
                 *self->error ? self->error : PQerrorMessage(self->conn));
        PQfinish(self->conn);
        self->conn = NULL;
        if (time(NULL) >= deadline)
            break;
        usleep(250 * 1000);
    }
    dure_db_destroy(&self);
    return NULL;
}

void dure_db_destroy(dure_db_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_db_t *self = *self_p;
    if (self->conn)
        PQfinish(self->conn);
    s_forget_prepared(self);
    dure_rows_destroy(&self->rows);
    dure_rows_destroy(&self->now_rows);
    free(self->session_sql);
    free(self->dsn);
    free(self->schema);
    free(self);
    *self_p = NULL;
}

PGconn *dure_db_conn(dure_db_t *self)
{
    return self->conn;
}

const char *dure_db_error(dure_db_t *self)
{
    return self->error;
}

const char *dure_db_sqlstate(dure_db_t *self)
{
    return self->sqlstate;
}

const char *dure_db_schema(dure_db_t *self)
{
    return self->schema;
}

int dure_db_check(dure_db_t *self)
{
    if (PQstatus(self->conn) == CONNECTION_OK)
        return 0;
    s_forget_prepared(self);
    self->begin_pending = 0; /* a transaction does not outlive its connection */
    PQreset(self->conn);
    if (PQstatus(self->conn) != CONNECTION_OK) {
        s_set_error(self, "reconnect", NULL);
        return -1;
    }
    return s_setup(self);
}

int dure_db_exec(dure_db_t *self, const char *sql)
{
    char *with_begin = NULL;
    if (self->begin_pending) {
        self->begin_pending = 0;
        size_t len = strlen(sql) + sizeof "BEGIN; ";
        with_begin = dure_malloc(len);
        snprintf(with_begin, len, "BEGIN; %s", sql);
        sql = with_begin;
    }
    PGresult *res = PQexec(self->conn, sql);
    free(with_begin);
    ExecStatusType status = PQresultStatus(res);
    int ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    ok ? s_clear_error(self) : s_set_error(self, "exec", res);
    PQclear(res);
    return ok ? 0 : -1;
}

static int s_is_prepared(dure_db_t *self, const char *name)
{
    for (int i = 0; i < self->prepared_count; i++)
        if (strcmp(self->prepared[i], name) == 0)
            return 1;
    return 0;
}

static int s_prepare(dure_db_t *self, const char *name, const char *sql, int nparams)
{
    PGresult *res = PQprepare(self->conn, name, sql, nparams, NULL);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        s_set_error(self, name, res);
    PQclear(res);
    if (ok && self->prepared_count < DURE_DB_MAX_PREPARED)
        self->prepared[self->prepared_count++] = dure_strdup(name);
    return ok ? 0 : -1;
}

/* Whether a statement may change rows: anything but a plain SELECT. A WITH may hold an
   INSERT, so it counts as a write; a SELECT ... FOR UPDATE only takes locks. */
static int s_may_write(const char *sql)
{
    while (isspace((unsigned char) *sql))
        sql++;
    return strncasecmp(sql, "SELECT", 6) != 0;
}

/* One statement of a pipeline: a statement prepared before under `name`, or unnamed SQL.
   lengths and formats as libpq takes them (NULL: every parameter is text). */
typedef struct {
    const char *name, *sql;
    int nparams;
    const char *const *params;
    const int *lengths, *formats;
    int result_format; /* 0 text, 1 binary */
} s_step_t;

static const s_step_t s_begin_step = {.sql = "BEGIN"};
static const s_step_t s_commit_step = {.sql = "COMMIT"};

/* Sends one step without waiting for its result. Returns 1 when it was sent. */
static int s_send(dure_db_t *self, const s_step_t *step)
{
    return step->name ? PQsendQueryPrepared(self->conn, step->name, step->nparams, step->params,
                                            step->lengths, step->formats, step->result_format)
                      : PQsendQueryParams(self->conn, step->sql, step->nparams, NULL, step->params,
                                          step->lengths, step->formats, step->result_format);
}

/* Runs one step on its own and returns its result. */
static PGresult *s_exec(dure_db_t *self, const s_step_t *step)
{
    return step->name ? PQexecPrepared(self->conn, step->name, step->nparams, step->params,
                                       step->lengths, step->formats, step->result_format)
                      : PQexecParams(self->conn, step->sql, step->nparams, NULL, step->params,
                                     step->lengths, step->formats, step->result_format);
}

/* Sends the steps in one pipeline, one round trip, and reads every result up to its end
   before leaving pipeline mode: results[i] is step i's, or NULL when none came (a broken
   connection). A step after a failed one is not run (PGRES_PIPELINE_ABORTED). */
static void s_pipeline(dure_db_t *self, const s_step_t *steps, int count, PGresult **results)
{
    for (int i = 0; i < count; i++)
        results[i] = NULL;
    if (PQenterPipelineMode(self->conn) != 1)
        return;
    int sent = 1;
    for (int i = 0; sent && i < count; i++)
        sent = s_send(self, &steps[i]);
    /* Synced and drained even after a failed send, so that pipeline mode can be left: the
       steps not sent have no result and read as failed. */
    if (PQpipelineSync(self->conn) == 1) {
        /* Each step's result and a NULL, then the sync; a broken connection gives NULLs. */
        int step = 0, nulls = 0;
        for (;;) {
            PGresult *res = PQgetResult(self->conn);
            if (!res) {
                if (++nulls > 2)
                    break;
                step++;
                continue;
            }
            nulls = 0;
            if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
                PQclear(res);
                break;
            }
            if (step < count && !results[step])
                results[step] = res;
            else
                PQclear(res);
        }
    }
    PQexitPipelineMode(self->conn);
}

/* What a pipeline answers: the result of its first step that failed, else of its last.
   The other results are freed. */
static PGresult *s_outcome(PGresult **results, int count)
{
    int pick = count - 1;
    for (int i = 0; i < count && pick == count - 1; i++) {
        ExecStatusType status = PQresultStatus(results[i]);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            pick = i;
    }
    for (int i = 0; i < count; i++)
        if (i != pick)
            PQclear(results[i]);
    return results[pick];
}

/* Prepares a named statement unless this connection has it already (NULL: nothing to
   prepare). Returns 0 or -1 with the reason kept. */
static int s_ready(dure_db_t *self, const s_step_t *step)
{
    return !step || !step->name || s_is_prepared(self, step->name)
               ? 0
               : s_prepare(self, step->name, step->sql, step->nparams);
}

/* Runs a statement (NULL: none; prepared by s_ready when named), preceded by the BEGIN
   that waits for the transaction's first statement and followed by COMMIT when asked, in
   one round trip. Returns what s_outcome picks, or NULL. */
static PGresult *s_run(dure_db_t *self, const s_step_t *step, int commit)
{
    s_step_t steps[3];
    int count = 0;
    if (self->begin_pending)
        steps[count++] = s_begin_step;
    self->begin_pending = 0;
    if (step)
        steps[count++] = *step;
    if (commit)
        steps[count++] = s_commit_step;
    if (count == 1)
        return s_exec(self, &steps[0]);
    PGresult *results[3];
    s_pipeline(self, steps, count, results);
    return s_outcome(results, count);
}

static PGresult *s_query(dure_db_t *self, const s_step_t *step)
{
    if (s_ready(self, step) != 0)
        return NULL;
    PGresult *res = s_run(self, step, 0);
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        s_clear_error(self);
        self->writes += s_may_write(step->sql);
        return res;
    }
    s_set_error(self, step->name ? step->name : "query", res);
    PQclear(res);
    return NULL;
}

PGresult *dure_db_query(dure_db_t *self, const char *name, const char *sql, int nparams,
                        const char *const *params)
{
    return s_query(self, &(s_step_t){name, sql, nparams, params, NULL, NULL, 0});
}

PGresult *dure_db_query_binary(dure_db_t *self, const char *name, const char *sql, int nparams,
                               const char *const *params)
{
    return s_query(self, &(s_step_t){name, sql, nparams, params, NULL, NULL, 1});
}

int dure_db_command(dure_db_t *self, const char *name, const char *sql, int nparams,
                    const char *const *params)
{
    PGresult *res = dure_db_query(self, name, sql, nparams, params);
    PQclear(res);
    return res ? 0 : -1;
}

int dure_db_begin(dure_db_t *self)
{
    self->lock_count = 0;
    /* Sent with the transaction's first statement: a round trip less per batch. */
    self->begin_pending = 1;
    return 0;
}

int dure_db_commit_with_formats(dure_db_t *self, const char *name, const char *sql, int nparams,
                                const char *const *params, const int *lengths, const int *formats)
{
    if (dure_db_flush(self) != 0)
        return -1;
    self->lock_count = 0;
    if (!sql && self->begin_pending) { /* no statement ran: there is nothing to commit */
        self->begin_pending = 0;
        s_clear_error(self);
        return 0;
    }
    const s_step_t step = {name, sql, nparams, params, lengths, formats, 0};
    if (s_ready(self, sql ? &step : NULL) != 0)
        return -1;
    PGresult *res = s_run(self, sql ? &step : NULL, 1);
    /* COMMIT of an aborted transaction answers ROLLBACK with status OK: check for it. */
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0;
    if (ok && sql)
        self->writes += s_may_write(sql);
    ok ? s_clear_error(self) : s_set_error(self, "commit", res);
    PQclear(res);
    return ok ? 0 : -1;
}

int dure_db_commit_with(dure_db_t *self, const char *name, const char *sql, int nparams,
                        const char *const *params)
{
    return dure_db_commit_with_formats(self, name, sql, nparams, params, NULL, NULL);
}

int dure_db_commit(dure_db_t *self)
{
    return dure_db_commit_with(self, NULL, NULL, 0, NULL);
}

int dure_db_rollback(dure_db_t *self)
{
    dure_rows_truncate(self->rows, 0);
    self->lock_count = 0;
    if (self->begin_pending) {
        self->begin_pending = 0;
        return 0;
    }
    return dure_db_exec(self, "ROLLBACK");
}

/* -- Rows written at the end of a batch ------------------------------------------------------ */

void dure_db_defer(dure_db_t *self, int on)
{
    self->deferring = on;
}

/* Runs the statement of the i-th kind queued in `rows`: the number of rows of its first
   table it wrote, or -1; `given` is how many it was given. */
static long s_write_rows(dure_db_t *self, dure_rows_t *rows, size_t i,
                         const dure_rows_kind_t **kind, size_t *given)
{
    const char *params[DURE_ROWS_MAX_COLUMNS];
    int nparams = 0;
    *kind = dure_rows_arrays(rows, i, params, &nparams, given);
    if (!*kind)
        return -1;
    PGresult *res = dure_db_query(self, (*kind)->plan_each_run ? NULL : (*kind)->name,
                                  (*kind)->sql, nparams, params);
    if (!res)
        return -1;
    long written = PQntuples(res) == 1 ? atol(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    if (written < 0)
        snprintf(self->error, sizeof self->error, "%s: did not select the rows it wrote",
                 (*kind)->name);
    return written;
}

int dure_db_deferring(dure_db_t *self)
{
    return self->deferring;
}

/* The batch's queue while deferring, unless the row is to be written now. */
static dure_rows_t *s_queue(dure_db_t *self, int now)
{
    return self->deferring && !now ? self->rows : self->now_rows;
}

dure_rows_t *dure_db_rows(dure_db_t *self, int now)
{
    dure_rows_t *rows = s_queue(self, now);
    if (rows == self->now_rows)
        dure_rows_truncate(rows, 0); /* what a record left unwritten */
    return rows;
}

int dure_db_write_record(dure_db_t *self, int now)
{
    if (s_queue(self, now) == self->rows)
        return 1;
    const dure_rows_kind_t *kind;
    size_t given;
    long written = s_write_rows(self, self->now_rows, 0, &kind, &given);
    dure_rows_truncate(self->now_rows, 0);
    return (int) written;
}

size_t dure_db_queued_rows(dure_db_t *self)
{
    return dure_rows_count(self->rows);
}

void dure_db_drop_rows(dure_db_t *self, size_t keep)
{
    dure_rows_truncate(self->rows, keep);
}

int dure_db_flush(dure_db_t *self)
{
    const dure_rows_kind_t *kind;
    size_t rows;
    int rc = 0;
    for (size_t i = 0; rc == 0; i++) {
        long written = s_write_rows(self, self->rows, i, &kind, &rows);
        if (!kind)
            break;
        if (written >= 0 && (size_t) written != rows)
            snprintf(self->error, sizeof self->error,
                     "%s: wrote %ld of %zu rows (a row met another of the same batch)",
                     kind->name, written, rows);
        rc = written >= 0 && (size_t) written == rows ? 0 : -1;
    }
    dure_rows_truncate(self->rows, 0);
    return rc;
}

int dure_db_set_session(dure_db_t *self, const char *sql)
{
    free(self->session_sql);
    self->session_sql = dure_strdup(sql);
    return dure_db_exec(self, sql);
}

unsigned long dure_db_writes(dure_db_t *self)
{
    return self->writes;
}

int dure_db_transaction_failed(dure_db_t *self)
{
    return PQtransactionStatus(self->conn) == PQTRANS_INERROR;
}

int dure_db_savepoint(dure_db_t *self)
{
    self->locks_before_savepoint = self->lock_count;
    return dure_db_exec(self, "SAVEPOINT dure_item");
}

int dure_db_release_savepoint(dure_db_t *self)
{
    return dure_db_exec(self, "RELEASE SAVEPOINT dure_item");
}

int dure_db_rollback_savepoint(dure_db_t *self)
{
    self->lock_count = self->locks_before_savepoint; /* the locks taken since are released */
    return dure_db_exec(self, "ROLLBACK TO SAVEPOINT dure_item");
}

int dure_db_lock_once(dure_db_t *self, const char *name, const char *sql)
{
    for (int i = 0; i < self->lock_count; i++)
        if (strcmp(self->locks[i], name) == 0)
            return 0;
    if (dure_db_command(self, name, sql, 0, NULL) != 0)
        return -1;
    if (self->lock_count < DURE_DB_MAX_LOCKS)
        self->locks[self->lock_count++] = name;
    return 0;
}

/* Applies one migration unless recorded. Returns 1 applied, 0 skipped, -1 failed. */
static int s_apply(dure_db_t *self, const dure_migration_t *m)
{
    const char *params[] = {m->version};
    PGresult *res = dure_db_query(self, NULL,
                                  "SELECT 1 FROM schema_migrations WHERE version = $1", 1,
                                  params);
    if (!res)
        return -1;
    int done = PQntuples(res) > 0;
    PQclear(res);
    if (done)
        return 0;
    if (dure_db_begin(self) != 0)
        return -1;
    if (dure_db_exec(self, m->sql) != 0 ||
        dure_db_command(self, NULL, "INSERT INTO schema_migrations (version) VALUES ($1)", 1,
                        params) != 0) {
        char saved[sizeof self->error];
        snprintf(saved, sizeof saved, "migration %.60s: %.900s", m->version, self->error);
        dure_db_rollback(self);
        snprintf(self->error, sizeof self->error, "%.1000s", saved);
        return -1;
    }
    return dure_db_commit(self) == 0 ? 1 : -1;
}

int dure_db_migrate(dure_db_t *self, const dure_migration_t *migrations, size_t count)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(hashtext('dure.migrate.%s'))",
             self->schema);
    if (dure_db_exec(self, sql) != 0)
        return -1;
    int applied = 0, rc = dure_db_exec(self, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                             "version text PRIMARY KEY,"
                                             "applied_at timestamptz NOT NULL DEFAULT now())");
    for (size_t i = 0; rc == 0 && i < S_MESSAGING_COUNT + count; i++) {
        int one = s_apply(self, i < S_MESSAGING_COUNT ? &s_messaging[i]
                                                      : &migrations[i - S_MESSAGING_COUNT]);
        if (one < 0)
            rc = -1;
        else
            applied += one;
    }
    char saved[sizeof self->error];
    snprintf(saved, sizeof saved, "%s", self->error);
    snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(hashtext('dure.migrate.%s'))",
             self->schema);
    dure_db_exec(self, sql);
    snprintf(self->error, sizeof self->error, "%.1000s", saved);
    return rc == 0 ? applied : -1;
}
