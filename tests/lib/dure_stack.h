/*  dure_stack.h - real service processes for integration tests.

    A stack is a fresh PostgreSQL database (on the throwaway cluster scripts/test.sh started,
    found through DURE_TEST_PG_ADMIN), the shared throwaway Redis (DURE_TEST_REDIS_PORT, flushed
    at the start of each stack), and a block of ports for the four services chosen from the
    test's pid, so a stack never meets another test's leftovers. Services are started as real
    processes (build/bin/dure-*, or DURE_BIN_DIR) with the stack's settings in their
    environment; their stderr goes to a log file in the stack's folder, shown when a test fails.

    dure_stack_destroy stops every process still running (SIGTERM, then SIGKILL), drops the
    database and removes the folder, so a test leaves nothing behind.
*/
#ifndef DURE_STACK_H
#define DURE_STACK_H

#include "dure.h"

#include <sys/types.h>

#define DURE_STACK_MAX_PROCS 12

typedef struct dure_stack_t dure_stack_t;

/* Creates a stack with its own database. Returns NULL (after reporting why) when the test
   cluster is not reachable. */
dure_stack_t *dure_stack_new(const char *name);

/* Stops all processes, drops the database, removes the folder; nulls the pointer. */
void dure_stack_destroy(dure_stack_t **self_p);

/* The first of `count` consecutive ports that are free now, for a test that starts a server
   of its own; the stack takes its services' ports the same way. */
int dure_stack_free_ports(int count);

/* Adds KEY=VALUE to the environment of processes started after this call. */
void dure_stack_setenv(dure_stack_t *self, const char *key, const char *value);

/* Makes services started after this call gather a batch until their socket has been quiet
   for a while (BATCH_GATHER_MS), so that what dure_stack_one_batch sends to a stopped
   service is taken as one batch even when it reaches the service in parts. */
void dure_stack_gather_batches(dure_stack_t *self);

/* Makes the stack's own clients (readiness checks, dure_stack_client) speak CurveZMQ with
   this server public key and client key pair (Z85 strings, copied). */
void dure_stack_set_client_keys(dure_stack_t *self, const char *server_public,
                                const char *client_public, const char *client_secret);

/* Starts a service ("catalog") as instance `instance` (0 uses the default endpoints; 1 and
   more get endpoints of their own, added to the list clients connect to). Waits until it
   answers Ping. Returns the slot index, or -1 when it did not come up in time. */
int dure_stack_start(dure_stack_t *self, const char *service, int instance);

/* Declares that a service will run `count` instances, so that every process started from now
   on connects to all of them (call before starting any process). */
void dure_stack_set_instances(dure_stack_t *self, const char *service, int count);

/* The HTTP port (/metrics, /healthz) of a service instance. */
int dure_stack_http_port(dure_stack_t *self, const char *service, int instance);

/* Sends a signal to a started process (by slot). */
/* The value of the first line of an instance's /metrics that starts with `series` (a name
   with its labels, such as dure_batch_replays_total{service="catalog"}), or -1 when none. */
double dure_stack_metric(dure_stack_t *self, const char *service, int instance,
                         const char *series);

void dure_stack_signal(dure_stack_t *self, int slot, int sig);

/* Sends `count` messages (at most 8) on one client while the process of `slot` is stopped
   (SIGSTOP), so that they wait in its socket and are taken as one batch when it goes on
   (SIGCONT), then awaits each reply into responses[i] (the caller clears them). keys[i]
   are idempotency keys (keys or an element may be NULL); reply_type decodes payloads. */
void dure_stack_one_batch(dure_stack_t *self, int slot, dure_client_t *client,
                          const ProtobufCMessage *const *messages, const char *const *keys,
                          int count, const ProtobufCMessageDescriptor *reply_type,
                          dure_response_t *responses);

/* dure_stack_one_batch for events to a service's event endpoint; returns how many were
   acknowledged OK. */
int dure_stack_one_batch_of_events(dure_stack_t *self, int slot, const char *service,
                                   const ProtobufCMessage *const *events, int count);

/* Process id of a started slot, or 0 when it is not running (for /proc figures in benches). */
pid_t dure_stack_pid(dure_stack_t *self, int slot);

/* Sends SIGTERM and waits up to timeout_ms; returns the exit status, or -1 when it had to be
   killed. SIGKILL via dure_stack_kill returns at once. */
int dure_stack_stop(dure_stack_t *self, int slot, int timeout_ms);
void dure_stack_kill(dure_stack_t *self, int slot);

/* Restarts a stopped slot with the same settings and waits for it. Returns 0 or -1. */
int dure_stack_restart(dure_stack_t *self, int slot);

/* A client to a service's request endpoint(s) (caller destroys it). */
dure_client_t *dure_stack_client(dure_stack_t *self, const char *service, int timeout_ms);

/* A client to a service's event endpoint, for tests that play the producer. */
dure_client_t *dure_stack_event_client(dure_stack_t *self, const char *service,
                                       int timeout_ms);

/* A direct connection to the stack's database with search_path set to `schema`. */
PGconn *dure_stack_db(dure_stack_t *self, const char *schema);

/* Runs a query expected to return one integer (count(*), sum). Returns -1 on error. */
long long dure_stack_scalar(dure_stack_t *self, const char *schema, const char *sql);

/* Polls a scalar query until it equals `want` or timeout_ms passes; returns the last value. */
long long dure_stack_wait_scalar(dure_stack_t *self, const char *schema, const char *sql,
                                 long long want, int timeout_ms);

/* Endpoint strings of a service ("RPC" or "EVENTS"), as clients see them. */
const char *dure_stack_endpoint(dure_stack_t *self, const char *service, const char *kind);

/* The database DSN and the Redis port of the stack. */
const char *dure_stack_dsn(dure_stack_t *self);
int dure_stack_redis_port(dure_stack_t *self);

/* Runs one command (hiredis format) on the stack's Redis over a connection of its own.
   Returns the reply (the caller frees it with freeReplyObject), or NULL when Redis does not
   answer. */
redisReply *dure_stack_redis(dure_stack_t *self, const char *format, ...);

/* Path of the folder holding the stack's logs. */
const char *dure_stack_dir(dure_stack_t *self);

/* Prints the log of every process (for a failing test). */
void dure_stack_dump_logs(dure_stack_t *self);

#endif
