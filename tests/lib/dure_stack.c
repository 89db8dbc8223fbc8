/*  dure_stack.c - throwaway database, ports and service processes for one test. */
#include "dure_stack.h"
#include "dure_test.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DURE_STACK_MAX_ENV 64
#define DURE_STACK_INSTANCES 4
#define DURE_STACK_PORTS 100 /* 4 services x 20: instances x (requests, events, HTTP) */

typedef struct {
    char service[16]; /* "catalog" */
    int instance;     /* 0 for the default endpoints */
    pid_t pid;        /* 0 when not running */
} s_proc_t;

struct dure_stack_t {
    char dir[256];                          /* logs */
    char dbname[64];                        /* fresh database */
    char dsn[256];                          /* its DSN */
    char admin_dsn[256];                    /* the cluster's maintenance DSN */
    int redis_port;                         /* shared test Redis */
    int port_base;                          /* first port of this stack */
    int instances[4];                       /* instances started per service */
    char endpoints[4][2][512];              /* RPC and EVENTS lists per service */
    char *env[DURE_STACK_MAX_ENV];          /* extra KEY=VALUE for processes */
    int env_count;                          /* used entries */
    s_proc_t procs[DURE_STACK_MAX_PROCS];   /* started processes */
    char keys[3][41];                       /* CURVE: server public, client public, secret */
    dure_security_t sec;                    /* points into keys when set */
    int proc_count;                         /* used slots */
};

static int s_service_index(const char *service)
{
    for (int i = 0; dure_services[i]; i++)
        if (strcmp(dure_services[i], service) == 0)
            return i;
    return -1;
}

static int s_port(dure_stack_t *self, int service, int instance, int kind)
{
    return self->port_base + service * 20 + instance * 4 + kind;
}

static void s_endpoint(dure_stack_t *self, int service, int instance, int kind, char *buf,
                       size_t size)
{
    snprintf(buf, size, "tcp://127.0.0.1:%d", s_port(self, service, instance, kind));
}

/* 1 when every port of a block can be bound now (other test suites may run beside this one). */
static int s_block_free(int base, int count)
{
    for (int port = base; port < base + count; port++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int ok = bind(fd, (struct sockaddr *) &addr, sizeof addr) == 0;
        close(fd);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Chosen at random among the free blocks below Linux's ephemeral range (32768 and up): there
   an outgoing connection may take a port between the check and the bind. */
int dure_stack_free_ports(int count)
{
    srandom((unsigned) (getpid() * 2654435761u) ^ (unsigned) dure_now_ms());
    int base = 21000, blocks = (32768 - 21000) / count;
    for (int tries = 0; tries < 50; tries++) {
        base = 21000 + (int) (random() % blocks) * count;
        if (s_block_free(base, count))
            break;
    }
    return base;
}

static int s_admin(dure_stack_t *self, const char *sql)
{
    PGconn *conn = PQconnectdb(self->admin_dsn);
    int ok = PQstatus(conn) == CONNECTION_OK;
    if (ok) {
        PGresult *res = PQexec(conn, sql);
        ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "    admin: %s", PQresultErrorMessage(res));
        PQclear(res);
    } else
        fprintf(stderr, "    cannot reach the test cluster: %s", PQerrorMessage(conn));
    PQfinish(conn);
    return ok ? 0 : -1;
}

dure_stack_t *dure_stack_new(const char *name)
{
    const char *admin = getenv("DURE_TEST_PG_ADMIN");
    const char *redis = getenv("DURE_TEST_REDIS_PORT");
    if (!admin || !redis) {
        fprintf(stderr, "    DURE_TEST_PG_ADMIN and DURE_TEST_REDIS_PORT are not set: run the "
                        "tests through 'make test' (scripts/test.sh)\n");
        return NULL;
    }
    dure_stack_t *self = dure_calloc(1, sizeof *self);
    snprintf(self->admin_dsn, sizeof self->admin_dsn, "%s", admin);
    self->redis_port = atoi(redis);
    self->port_base = dure_stack_free_ports(DURE_STACK_PORTS);
    snprintf(self->dbname, sizeof self->dbname, "t_%s_%d", name, (int) getpid());
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", self->dbname);
    if (s_admin(self, sql) != 0) {
        free(self);
        return NULL;
    }
    char *at = strrchr(self->admin_dsn, '/');
    snprintf(self->dsn, sizeof self->dsn, "%.*s/%s", (int) (at - self->admin_dsn),
             self->admin_dsn, self->dbname);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(self->dir, sizeof self->dir, "%s/dure-test-%s-XXXXXX", tmp, name);
    if (!mkdtemp(self->dir))
        perror("mkdtemp");
    for (int s = 0; s < 4; s++)
        for (int kind = 0; kind < 2; kind++)
            s_endpoint(self, s, 0, kind, self->endpoints[s][kind], sizeof self->endpoints[s][kind]);
    redisContext *ctx = redisConnect("127.0.0.1", self->redis_port);
    if (ctx && !ctx->err)
        freeReplyObject(redisCommand(ctx, "FLUSHALL"));
    if (ctx)
        redisFree(ctx);
    return self;
}

static void s_remove_dir(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "    could not remove %s\n", dir);
}

void dure_stack_destroy(dure_stack_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_stack_t *self = *self_p;
    for (int i = 0; i < self->proc_count; i++)
        if (self->procs[i].pid > 0)
            dure_stack_stop(self, i, 5000);
    if (dure_test_failures() > 0)
        dure_stack_dump_logs(self);
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", self->dbname);
    s_admin(self, sql);
    s_remove_dir(self->dir);
    for (int i = 0; i < self->env_count; i++)
        free(self->env[i]);
    free(self);
    *self_p = NULL;
}

void dure_stack_setenv(dure_stack_t *self, const char *key, const char *value)
{
    if (self->env_count == DURE_STACK_MAX_ENV)
        return;
    size_t len = strlen(key) + strlen(value) + 2;
    char *pair = dure_malloc(len);
    snprintf(pair, len, "%s=%s", key, value);
    self->env[self->env_count++] = pair;
}

void dure_stack_gather_batches(dure_stack_t *self)
{
    dure_stack_setenv(self, "DURE_BATCH_GATHER_MS", "50");
}

static void s_set_service_env(dure_stack_t *self, int s, const char *own_rpc,
                              const char *own_events, int http_port, int is_self)
{
    char key[64], value[32], upper[16];
    snprintf(upper, sizeof upper, "%s", dure_services[s]);
    for (char *c = upper; *c; c++)
        *c = (char) (*c - 'a' + 'A');
    snprintf(key, sizeof key, "DURE_%s_RPC", upper);
    setenv(key, is_self ? own_rpc : self->endpoints[s][0], 1);
    snprintf(key, sizeof key, "DURE_%s_EVENTS", upper);
    setenv(key, is_self ? own_events : self->endpoints[s][1], 1);
    if (is_self) {
        snprintf(key, sizeof key, "DURE_%s_HTTP_PORT", upper);
        snprintf(value, sizeof value, "%d", http_port);
        setenv(key, value, 1);
    }
}

/* In the child: environment, log file, exec. Never returns. */
static void s_exec(dure_stack_t *self, const s_proc_t *proc)
{
    int s = s_service_index(proc->service);
    char rpc[64], events[64], path[512], log[512], redis[16];
    s_endpoint(self, s, proc->instance, 0, rpc, sizeof rpc);
    s_endpoint(self, s, proc->instance, 1, events, sizeof events);
    for (int other = 0; other < 4; other++)
        s_set_service_env(self, other, rpc, events, s_port(self, s, proc->instance, 2),
                          other == s);
    setenv("DURE_DB_DSN", self->dsn, 1);
    snprintf(redis, sizeof redis, "%d", self->redis_port);
    setenv("DURE_REDIS_PORT", redis, 1);
    setenv("DURE_DB_CONNECT_TIMEOUT_S", "10", 1);
    for (int i = 0; i < self->env_count; i++)
        putenv(self->env[i]);
    snprintf(log, sizeof log, "%s/%s-%d.log", self->dir, proc->service, proc->instance);
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        dup2(fd, 2);
        close(fd);
    }
    const char *bin = getenv("DURE_BIN_DIR") ? getenv("DURE_BIN_DIR") : "build/bin";
    snprintf(path, sizeof path, "%s/dure-%s", bin, proc->service);
    execl(path, path, (char *) NULL);
    perror(path);
    _exit(127);
}

void dure_stack_set_client_keys(dure_stack_t *self, const char *server_public,
                                const char *client_public, const char *client_secret)
{
    snprintf(self->keys[0], sizeof self->keys[0], "%s", server_public);
    snprintf(self->keys[1], sizeof self->keys[1], "%s", client_public);
    snprintf(self->keys[2], sizeof self->keys[2], "%s", client_secret);
    self->sec.server_key = self->keys[0];
    self->sec.client_public_key = self->keys[1];
    self->sec.client_secret_key = self->keys[2];
}

static int s_wait_ready(dure_stack_t *self, int slot, int timeout_ms)
{
    s_proc_t *proc = &self->procs[slot];
    int s = s_service_index(proc->service);
    char rpc[64], err[256];
    s_endpoint(self, s, proc->instance, 0, rpc, sizeof rpc);
    dure_client_t *client = dure_client_new(rpc, "test", 200, 0, 1 << 20, &self->sec, err, sizeof err);
    int64_t deadline = dure_now_ms() + timeout_ms;
    int ready = 0;
    while (!ready && dure_now_ms() < deadline) {
        int status;
        if (waitpid(proc->pid, &status, WNOHANG) == proc->pid) {
            proc->pid = 0;
            break;
        }
        Dure__V1__Ping ping = DURE__V1__PING__INIT;
        dure_response_t res;
        if (dure_client_call(client, &ping.base, NULL, NULL, &dure__v1__pong__descriptor, &res) == 0)
            ready = res.code == DURE__V1__CODE__CODE_OK;
        dure_response_clear(&res);
    }
    dure_client_destroy(&client);
    return ready ? 0 : -1;
}

static int s_spawn(dure_stack_t *self, int slot)
{
    s_proc_t *proc = &self->procs[slot];
    fflush(NULL);
    proc->pid = fork();
    if (proc->pid == 0)
        s_exec(self, proc);
    if (s_wait_ready(self, slot, 20000) != 0) {
        fprintf(stderr, "    %s-%d did not become ready; its log ends:\n", proc->service,
                proc->instance);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "tail -n 5 '%s/%s-%d.log' >&2", self->dir, proc->service,
                 proc->instance);
        if (system(cmd) != 0)
            fprintf(stderr, "    (no log)\n");
        return -1;
    }
    return 0;
}

/* Adds an instance's endpoints to the lists clients connect to, once. */
static void s_add_instance(dure_stack_t *self, int s, int instance)
{
    for (int kind = 0; kind < 2; kind++) {
        char ep[64];
        s_endpoint(self, s, instance, kind, ep, sizeof ep);
        if (strstr(self->endpoints[s][kind], ep))
            continue;
        size_t len = strlen(self->endpoints[s][kind]);
        snprintf(self->endpoints[s][kind] + len, sizeof self->endpoints[s][kind] - len, ",%s", ep);
    }
}

void dure_stack_set_instances(dure_stack_t *self, const char *service, int count)
{
    int s = s_service_index(service);
    for (int i = 1; s >= 0 && i < count && i < DURE_STACK_INSTANCES; i++)
        s_add_instance(self, s, i);
}

int dure_stack_http_port(dure_stack_t *self, const char *service, int instance)
{
    int s = s_service_index(service);
    return s < 0 ? -1 : s_port(self, s, instance, 2);
}

double dure_stack_metric(dure_stack_t *self, const char *service, int instance,
                         const char *series)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "curl -s http://127.0.0.1:%d/metrics | awk -v s='%s' 'index($0, s) == 1 {print $2; exit}'",
             dure_stack_http_port(self, service, instance), series);
    FILE *p = popen(cmd, "r");
    double v = -1;
    if (p && fscanf(p, "%lf", &v) != 1)
        v = -1;
    if (p)
        pclose(p);
    return v;
}

int dure_stack_start(dure_stack_t *self, const char *service, int instance)
{
    int s = s_service_index(service);
    if (s < 0 || self->proc_count == DURE_STACK_MAX_PROCS || instance >= DURE_STACK_INSTANCES)
        return -1;
    if (instance > 0)
        s_add_instance(self, s, instance);
    int slot = self->proc_count++;
    s_proc_t *proc = &self->procs[slot];
    snprintf(proc->service, sizeof proc->service, "%s", service);
    proc->instance = instance;
    return s_spawn(self, slot) == 0 ? slot : -1;
}

void dure_stack_signal(dure_stack_t *self, int slot, int sig)
{
    if (slot >= 0 && slot < self->proc_count && self->procs[slot].pid > 0)
        kill(self->procs[slot].pid, sig);
}

void dure_stack_one_batch(dure_stack_t *self, int slot, dure_client_t *client,
                          const ProtobufCMessage *const *messages, const char *const *keys,
                          int count, const ProtobufCMessageDescriptor *reply_type,
                          dure_response_t *responses)
{
    char ids[8][DURE_ID_LEN];
    int sent[8] = {0};
    if (count > 8)
        count = 8;
    dure_stack_signal(self, slot, SIGSTOP);
    for (int i = 0; i < count; i++)
        sent[i] = dure_client_send(client, messages[i], keys ? keys[i] : NULL, ids[i]) == 0;
    usleep(200 * 1000);
    dure_stack_signal(self, slot, SIGCONT);
    for (int i = 0; i < count; i++) {
        memset(&responses[i], 0, sizeof responses[i]);
        if (sent[i])
            dure_client_await(client, ids[i], reply_type, &responses[i]);
        else
            responses[i].code = DURE__V1__CODE__CODE_UNAVAILABLE;
    }
}

int dure_stack_one_batch_of_events(dure_stack_t *self, int slot, const char *service,
                                   const ProtobufCMessage *const *events, int count)
{
    dure_client_t *client = dure_stack_event_client(self, service, 5000);
    if (!client)
        return 0;
    /* A new connection's handshake needs the service's I/O thread: done before it is
       stopped, or the messages only leave when it goes on, and may then be taken as two
       batches. A fixed wait was too short on a loaded machine; a reply proves it done. The
       events endpoint refuses a Ping as an unknown type, before any batch runs. A service
       that goes on mid-loop and reads part of the messages gathers the rest when the test
       set BATCH_GATHER_MS (dure_stack_gather_batches). */
    Dure__V1__Ping ping = DURE__V1__PING__INIT;
    dure_response_t res[8];
    dure_client_call(client, &ping.base, NULL, NULL, NULL, &res[0]);
    dure_response_clear(&res[0]);
    if (count > 8)
        count = 8;
    dure_stack_one_batch(self, slot, client, events, NULL, count,
                         &dure__v1__event_ack__descriptor, res);
    int ok = 0;
    for (int i = 0; i < count; i++) {
        ok += res[i].code == DURE__V1__CODE__CODE_OK;
        dure_response_clear(&res[i]);
    }
    dure_client_destroy(&client);
    return ok;
}

pid_t dure_stack_pid(dure_stack_t *self, int slot)
{
    return slot >= 0 && slot < self->proc_count ? self->procs[slot].pid : 0;
}

int dure_stack_stop(dure_stack_t *self, int slot, int timeout_ms)
{
    s_proc_t *proc = &self->procs[slot];
    if (proc->pid <= 0)
        return -1;
    kill(proc->pid, SIGCONT);
    kill(proc->pid, SIGTERM);
    int64_t deadline = dure_now_ms() + timeout_ms;
    int status = 0;
    while (dure_now_ms() < deadline) {
        if (waitpid(proc->pid, &status, WNOHANG) == proc->pid) {
            proc->pid = 0;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        usleep(10000);
    }
    dure_stack_kill(self, slot);
    return -1;
}

void dure_stack_kill(dure_stack_t *self, int slot)
{
    s_proc_t *proc = &self->procs[slot];
    if (proc->pid <= 0)
        return;
    kill(proc->pid, SIGKILL);
    waitpid(proc->pid, NULL, 0);
    proc->pid = 0;
}

int dure_stack_restart(dure_stack_t *self, int slot)
{
    if (self->procs[slot].pid > 0)
        return -1;
    return s_spawn(self, slot);
}

static dure_client_t *s_client(dure_stack_t *self, const char *service, int kind, int timeout_ms)
{
    int s = s_service_index(service);
    char err[256];
    return s < 0 ? NULL
                 : dure_client_new(self->endpoints[s][kind], "test", timeout_ms, 2, 1 << 20,
                                   &self->sec, err, sizeof err);
}

dure_client_t *dure_stack_client(dure_stack_t *self, const char *service, int timeout_ms)
{
    return s_client(self, service, 0, timeout_ms);
}

dure_client_t *dure_stack_event_client(dure_stack_t *self, const char *service, int timeout_ms)
{
    return s_client(self, service, 1, timeout_ms);
}

PGconn *dure_stack_db(dure_stack_t *self, const char *schema)
{
    PGconn *conn = PQconnectdb(self->dsn);
    char sql[128];
    snprintf(sql, sizeof sql, "SET search_path TO \"%s\"", schema);
    PQclear(PQexec(conn, sql));
    return conn;
}

long long dure_stack_scalar(dure_stack_t *self, const char *schema, const char *sql)
{
    PGconn *conn = dure_stack_db(self, schema);
    PGresult *res = PQexec(conn, sql);
    long long value = -1;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
        value = atoll(PQgetvalue(res, 0, 0));
    else if (PQresultStatus(res) != PGRES_TUPLES_OK)
        fprintf(stderr, "    scalar: %s", PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(conn);
    return value;
}

long long dure_stack_wait_scalar(dure_stack_t *self, const char *schema, const char *sql,
                                 long long want, int timeout_ms)
{
    int64_t deadline = dure_now_ms() + timeout_ms;
    long long value;
    while ((value = dure_stack_scalar(self, schema, sql)) != want && dure_now_ms() < deadline)
        usleep(50000);
    return value;
}

const char *dure_stack_endpoint(dure_stack_t *self, const char *service, const char *kind)
{
    int s = s_service_index(service);
    return s < 0 ? NULL : self->endpoints[s][strcmp(kind, "EVENTS") == 0];
}

const char *dure_stack_dsn(dure_stack_t *self)
{
    return self->dsn;
}

int dure_stack_redis_port(dure_stack_t *self)
{
    return self->redis_port;
}

redisReply *dure_stack_redis(dure_stack_t *self, const char *format, ...)
{
    redisContext *ctx = redisConnect("127.0.0.1", self->redis_port);
    redisReply *reply = NULL;
    if (ctx && !ctx->err) {
        va_list args;
        va_start(args, format);
        reply = redisvCommand(ctx, format, args);
        va_end(args);
    }
    if (ctx)
        redisFree(ctx);
    return reply;
}

const char *dure_stack_dir(dure_stack_t *self)
{
    return self->dir;
}

void dure_stack_dump_logs(dure_stack_t *self)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "for f in '%s'/*.log; do echo \"    --- $f\"; tail -n 30 \"$f\"; done >&2",
             self->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "    (no logs)\n");
}
