/*  dure_service.c - a service's life: start-up, the poll loop, the drain.

    Start-up order: settings, logging, metrics and the HTTP endpoint (so that /healthz
    answers while the database is still coming), PostgreSQL and migrations, Redis, sockets,
    the relay, then the service's own start. Shutdown runs the same list backwards.

    The loop polls the request ROUTER, the event ROUTER and the relay's DEALERs. SIGTERM and
    SIGINT only set a flag: the batch being applied finishes and is answered, the loop ends,
    and the relay waits briefly for the acknowledgements of events in flight. The whole drain
    is bounded by SHUTDOWN_TIMEOUT_MS (an alarm ends a process stuck past it, with status 1).
    Unacknowledged outbox rows simply stay for the next run.
*/
#include "dure_inbox.h"
#include "dure_service_internal.h"
#include "dure_log.h"
#include "dure_zap.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DURE_LOOP_MAX_WAIT_MS 100
#define DURE_POLL_MAX 8

static volatile sig_atomic_t s_stop;
static unsigned s_shutdown_s = 10; /* SHUTDOWN_TIMEOUT_MS, rounded up to seconds */

/* The first SIGTERM/SIGINT asks for a drain; if the drain is not over in SHUTDOWN_TIMEOUT_MS
   (a statement stuck on a dead database, say), SIGALRM ends the process anyway. */
static void s_on_signal(int sig)
{
    (void) sig;
    if (!s_stop)
        alarm(s_shutdown_s);
    s_stop = 1;
}

static void s_on_alarm(int sig)
{
    (void) sig;
    static const char msg[] = "{\"level\":\"error\",\"msg\":\"drain took longer than "
                              "SHUTDOWN_TIMEOUT_MS: exiting without it\"}\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void) ignored;
    _exit(1);
}

static void s_signals(long shutdown_ms)
{
    zsys_handler_set(NULL); /* CZMQ's own handler would hide the signal from us */
    s_shutdown_s = (unsigned) ((shutdown_ms + 999) / 1000);
    if (s_shutdown_s == 0)
        s_shutdown_s = 1;
    struct sigaction action = {0};
    action.sa_handler = s_on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    action.sa_handler = s_on_alarm;
    sigaction(SIGALRM, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int s_usage(const dure_service_def_t *def, dure_config_t *config, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("dure-%s: %s\n\nUsage: dure-%s [--help]\n\n", def->name, def->summary,
                   def->name);
            dure_config_print(config, stdout);
            return 0;
        }
        fprintf(stderr, "dure-%s: unknown argument '%s' (try --help)\n", def->name, argv[i]);
        return 2;
    }
    return -1;
}

static void s_security(dure_service_t *self)
{
    dure_config_t *c = self->config;
    self->sec.secret_key = dure_config_get(c, "CURVE_SECRET_KEY");
    self->sec.public_key = dure_config_get(c, "CURVE_PUBLIC_KEY");
    self->sec.allowed_keys = dure_config_get(c, "CURVE_ALLOWED_KEYS");
    self->sec.server_key = dure_config_get(c, "CURVE_SERVER_KEY");
    self->sec.client_secret_key = dure_config_get(c, "CURVE_CLIENT_SECRET_KEY");
    self->sec.client_public_key = dure_config_get(c, "CURVE_CLIENT_PUBLIC_KEY");
}

static dure_db_t *s_connect(dure_service_t *self)
{
    char err[1024];
    dure_db_t *db = dure_db_connect(dure_config_get(self->config, "DB_DSN"),
                                    dure_config_get(self->config, "DB_SCHEMA"),
                                    (int) dure_config_long(self->config, "DB_CONNECT_TIMEOUT_S", 30),
                                    err, sizeof err);
    if (!db)
        dure_log_error("%s", err);
    return db;
}

/* Two connections: one for the batches, whose commits are durable, and one for the relay.
   The relay commits without waiting for the disk: its leases and deletes of acknowledged rows
   may be lost in a crash, which only means a resend that the consumer's inbox absorbs. And it
   never scans the outbox sequentially: the table churns (every row is inserted, leased and
   deleted), so its statistics lag behind its size, and a plan cached while it was small
   would scan thousands of rows per round under a backlog. */
static const char s_relay_session[] = "SET synchronous_commit = off; SET enable_seqscan = off";
static int s_open_db(dure_service_t *self)
{
    self->db = s_connect(self);
    if (!self->db)
        return -1;
    self->relay_db = s_connect(self);
    if (!self->relay_db || dure_db_set_session(self->relay_db, s_relay_session) != 0)
        return -1;
    int applied = dure_db_migrate(self->db, self->def->migrations, self->def->migration_count);
    if (applied < 0) {
        dure_log_error("migrations failed: %s", dure_db_error(self->db));
        return -1;
    }
    if (applied > 0)
        dure_log_info("applied %d migration(s) to schema %s", applied,
                      dure_db_schema(self->db));
    return 0;
}

static int s_open_sockets(dure_service_t *self)
{
    char err[512];
    long max_bytes = dure_config_long(self->config, "MAX_MESSAGE_BYTES", 1 << 20);
    if (self->sec.secret_key && *self->sec.secret_key) {
        self->zap = dure_zap_new(self->sec.allowed_keys, err, sizeof err);
        if (!self->zap) {
            dure_log_error("%s", err);
            return -1;
        }
    }
    self->rpc = dure_socket_server(dure_config_get(self->config, "RPC"), max_bytes, &self->sec,
                                   err, sizeof err);
    if (self->rpc)
        self->events = dure_socket_server(dure_config_get(self->config, "EVENTS"), max_bytes,
                                          &self->sec, err, sizeof err);
    if (self->events)
        self->outbox = dure_outbox_new(self->def->name, self->config, &self->sec,
                                       self->metrics, err, sizeof err);
    if (!self->outbox) {
        dure_log_error("%s", err);
        return -1;
    }
    return 0;
}

static int s_start(dure_service_t *self)
{
    self->metrics = dure_metrics_new(self->def->name);
    static const double sizes[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    self->batch_size = dure_metrics_histogram(self->metrics, "dure_batch_items",
                                              "Requests or events applied per transaction",
                                              NULL, sizes, 9);
    self->db_errors = dure_metrics_counter(self->metrics, "dure_batch_failures_total",
                                           "Transactions rolled back by a database failure",
                                           NULL);
    self->pruned = dure_metrics_counter(self->metrics, "dure_inbox_pruned_total",
                                        "Inbox rows deleted after INBOX_RETENTION_HOURS", NULL);
    self->replays = dure_metrics_counter(self->metrics, "dure_batch_replays_total",
                                         "Batches run again with a savepoint per item after "
                                         "an item failed once it had written",
                                         NULL);
    int port = (int) dure_config_long(self->config, "HTTP_PORT", 0);
    if (port > 0) {
        self->http = dure_http_new(dure_config_get(self->config, "HTTP_ADDRESS"), port,
                                   self->metrics);
        if (!self->http) {
            dure_log_error("cannot serve HTTP on port %d", port);
            return -1;
        }
    }
    if (s_open_db(self) != 0)
        return -1;
    self->cache = dure_cache_new(dure_config_get(self->config, "REDIS_HOST"),
                                 (int) dure_config_long(self->config, "REDIS_PORT", 6379),
                                 dure_config_get(self->config, "REDIS_PASSWORD"),
                                 (int) dure_config_long(self->config, "REDIS_TIMEOUT_MS", 50));
    s_security(self);
    if (s_open_sockets(self) != 0)
        return -1;
    if (self->def->start && self->def->start(self, &self->state) != 0) {
        dure_log_error("service start-up failed");
        return -1;
    }
    self->ready = 1;
    return 0;
}

/* Deletes inbox rows past the retention, a bounded amount per call so that a large backlog
   of old rows never stalls the loop; on the relay's connection, as losing a delete only
   delays it. */
static void s_prune_inbox(dure_service_t *self)
{
    int hours = (int) dure_config_long(self->config, "INBOX_RETENTION_HOURS", 168);
    if (hours <= 0)
        return;
    for (int chunk = 0; chunk < DURE_PRUNE_CHUNKS; chunk++) {
        long deleted = dure_inbox_prune(self->relay_db, hours, DURE_PRUNE_ROWS);
        if (deleted < 0)
            dure_log_warn("inbox: cannot prune: %s", dure_db_error(self->relay_db));
        if (deleted > 0)
            dure_metric_add(self->pruned, (double) deleted);
        if (deleted < DURE_PRUNE_ROWS)
            break;
    }
}

/* Work done about once a second: readiness, gauges, the service's tick; every
   DURE_PRUNE_EVERY_S, pruning the inbox. */
static void s_housekeeping(dure_service_t *self, int64_t *next_ms)
{
    int64_t now = dure_now_ms();
    if (now < *next_ms)
        return;
    *next_ms = now + 1000;
    self->ready = dure_db_check(self->db) == 0;
    if (self->http)
        dure_http_set_ready(self->http, self->ready);
    if (self->ready)
        dure_outbox_measure(self->outbox, self->db);
    if (self->ready && now >= self->next_prune_ms) {
        self->next_prune_ms = now + DURE_PRUNE_EVERY_S * 1000;
        s_prune_inbox(self);
    }
    if (self->def->tick && self->ready)
        self->def->tick(self, self->state);
}

static void s_loop(dure_service_t *self)
{
    int64_t next_housekeeping = 0;
    while (!s_stop) {
        zmq_pollitem_t items[DURE_POLL_MAX] = {
            {zsock_resolve(self->rpc), 0, ZMQ_POLLIN, 0},
            {zsock_resolve(self->events), 0, ZMQ_POLLIN, 0},
        };
        int relay = dure_outbox_poll_items(self->outbox, items + 2, DURE_POLL_MAX - 2);
        int wait = dure_outbox_next_ms(self->outbox);
        if (wait > DURE_LOOP_MAX_WAIT_MS)
            wait = DURE_LOOP_MAX_WAIT_MS;
        if (zmq_poll(items, 2 + relay, wait) < 0 && zmq_errno() != EINTR)
            break;
        if (s_stop)
            break;
        if (items[0].revents & ZMQ_POLLIN)
            dure_dispatch_batch(self, self->rpc, 0);
        if (items[1].revents & ZMQ_POLLIN)
            dure_dispatch_batch(self, self->events, 1);
        dure_outbox_read_acks(self->outbox, items + 2, relay);
        if (self->ready && dure_db_check(self->relay_db) == 0)
            dure_outbox_pump(self->outbox, self->relay_db);
        s_housekeeping(self, &next_housekeeping);
    }
}

static void s_destroy(dure_service_t *self)
{
    if (self->def->stop && self->state)
        self->def->stop(self, &self->state);
    for (size_t i = 0; i < self->reads_count; i++)
        dure_reads_destroy(&self->reads[i]);
    free(self->reads);
    for (int i = 0; i < DURE_PEER_MAX; i++)
        dure_client_destroy(&self->peers[i].client);
    dure_outbox_destroy(&self->outbox);
    zsock_destroy(&self->events);
    zsock_destroy(&self->rpc);
    dure_zap_destroy(&self->zap);
    dure_cache_destroy(&self->cache);
    dure_db_destroy(&self->relay_db);
    dure_db_destroy(&self->db);
    dure_http_destroy(&self->http);
    dure_metrics_destroy(&self->metrics);
    dure_arena_destroy(&self->arena);
    dure_config_destroy(&self->config);
    free(self->counts);
}

int dure_service_run(const dure_service_def_t *def, int argc, char **argv)
{
    dure_service_t self = {.def = def};
    self.config = dure_config_new(def->name, def->options);
    if (!self.config)
        return 2;
    int usage = s_usage(def, self.config, argc, argv);
    if (usage >= 0) {
        dure_config_destroy(&self.config);
        return usage;
    }
    dure_log_init(def->name, dure_config_get(self.config, "LOG_LEVEL"));
    /* The process runs in the mall's time zone, so that a day computed here (localtime_r)
       is the day the SQL groups by (AT TIME ZONE). Logs stay in UTC (gmtime_r). */
    const char *tz = dure_config_get(self.config, "TIME_ZONE");
    setenv("TZ", tz && *tz ? tz : "Asia/Seoul", 1);
    tzset();
    s_signals(dure_config_long(self.config, "SHUTDOWN_TIMEOUT_MS", 10000));
    srandom((unsigned) (getpid() ^ dure_now_ms()));
    self.arena = dure_arena_new();
    self.batch_max = dure_config_long(self.config, "BATCH_MAX", 128);
    if (self.batch_max < 1)
        self.batch_max = 1;
    self.gather_ms = dure_config_long(self.config, "BATCH_GATHER_MS", 0);
    int rc = 1;
    if (s_start(&self) == 0) {
        dure_log_info("serving requests on %s, events on %s",
                      dure_config_get(self.config, "RPC"), dure_config_get(self.config, "EVENTS"));
        s_loop(&self);
        /* Half the drain budget for acknowledgements of events already sent. */
        if (self.ready)
            dure_outbox_drain(self.outbox, self.relay_db,
                              (int) dure_config_long(self.config, "SHUTDOWN_TIMEOUT_MS", 10000) / 2);
        dure_log_info("stopping: drained, exiting");
        rc = 0;
    }
    s_destroy(&self);
    zsys_shutdown();
    return rc;
}

dure_config_t *dure_service_config(dure_service_t *self)
{
    return self->config;
}

dure_db_t *dure_service_db(dure_service_t *self)
{
    return self->db;
}

dure_cache_t *dure_service_cache(dure_service_t *self)
{
    return self->cache;
}

dure_metrics_t *dure_service_metrics(dure_service_t *self)
{
    return self->metrics;
}

const char *dure_service_name(dure_service_t *self)
{
    return self->def->name;
}

dure_reads_t *dure_service_reads(dure_service_t *self, dure_reads_fn read, void *ctx)
{
    self->reads = dure_realloc(self->reads, (self->reads_count + 1) * sizeof *self->reads);
    return self->reads[self->reads_count++] = dure_reads_new(read, ctx);
}

void dure_service_forget_reads(dure_service_t *service)
{
    for (size_t i = 0; i < service->reads_count; i++)
        dure_reads_reset(service->reads[i]);
}

dure_client_t *dure_service_peer(dure_service_t *self, const char *peer)
{
    int free_slot = -1;
    for (int i = 0; i < DURE_PEER_MAX; i++) {
        if (self->peers[i].client && strcmp(self->peers[i].name, peer) == 0)
            return self->peers[i].client;
        if (!self->peers[i].client && free_slot < 0)
            free_slot = i;
    }
    const char *endpoint = dure_config_peer(self->config, peer, "RPC");
    if (!endpoint || free_slot < 0)
        return NULL;
    char err[256];
    dure_client_t *client = dure_client_new(
        endpoint, self->def->name, (int) dure_config_long(self->config, "RPC_TIMEOUT_MS", 3000),
        1, dure_config_long(self->config, "MAX_MESSAGE_BYTES", 1 << 20), &self->sec, err,
        sizeof err);
    if (!client) {
        dure_log_error("peer %s: %s", peer, err);
        return NULL;
    }
    snprintf(self->peers[free_slot].name, sizeof self->peers[free_slot].name, "%s", peer);
    self->peers[free_slot].client = client;
    return client;
}

int dure_service_publish(dure_service_t *self, const ProtobufCMessage *event,
                         const char *correlation_id, const char *causation_id)
{
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, event, self->def->name, self->arena);
    env.correlation_id = (char *) (correlation_id ? correlation_id : env.id);
    env.causation_id = (char *) (causation_id ? causation_id : "");
    dure_outbox_add(self->outbox, &env);
    return 0;
}
