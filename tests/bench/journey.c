/*  journey.c (bench) - the whole order journey under open-loop load: intake, end to end, and
    what each process costs.

    Starts the four services on the bench cluster (dure_stack: a database of its own, durable
    commits), loads the demo catalog the operators' way (`durectl demo catalog`, `durectl
    catalog import`), raises every product's stock so that no order is refused for stock, and
    then drives dure-loadgen (open loop, latency from the intended send time) at offered
    rates stepping up until intake saturates (the rates the targets name, up to 2,000/s, are
    always run). After each step it waits for the pipeline to
    drain (every outbox empty) and reads from the database, for the step's orders:

      intake      acknowledged orders per second and ack latency p50/p99/p99.9 (dure-loadgen)
      end to end  orders whose every shipment has its packaging record, per second, and the
                  lag from the order's commit (its acknowledgement follows at once) to the
                  commit of its last packaging record, p50/p99. With track_commit_timestamp
                  on (scripts/bench.sh turns it on) these are commit times; otherwise the
                  transaction start times in the rows, which under-state the lag a little.

    Over the whole run: CPU seconds per 1,000 orders and peak RSS of each service, of
    PostgreSQL (all its processes) and Redis, and the rows each order wrote per table
    (pg_stat_user_tables), which bench-raw_pg's shape follows.

    Usage: bench-journey [--instances N] [seconds-per-step], default 5.
           bench-journey [--instances N] --soak SECONDS [--rate R]: steady load at R orders/s
           (default 1000), RSS of every service sampled every 10 s; exits 1 when one grew by
           more than 5 % over the second half of the run (scripts/soak.sh). The first half
           is warm-up: buffers and arenas grow to the batch sizes the rate brings, then stay;
           a leak keeps growing.
    --instances N runs N instances of every service (default 1, at most 2): a service is one
    thread waiting on its round trips, so a second one uses CPU the first leaves idle. CPU is
    then the sum over a service's instances, RSS the largest of them.
*/
#include "dure_stack.h"

#include <dirent.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_SERVICES 4
#define S_INSTANCES_MAX 2
#define S_STOCK "10000000"            /* units per product: no order refused for stock */
#define S_DRAIN_TIMEOUT_S 120         /* a step's backlog must clear within this */
#define S_SATURATED 0.8               /* acked below this share of offered: saturated */
#define S_SOAK_SAMPLE_S 10
#define S_SOAK_WARMUP_S 60            /* printed: RSS after the first minute */
#define S_SOAK_GROWTH 0.05            /* most growth allowed over the second half */

static const int s_rates[] = {100, 250, 500, 1000, 2000, 4000, 8000, 16000};
#define S_TARGET_RATE 2000            /* the targets name rates up to this: always run them */
#define S_STEPS (int) (sizeof s_rates / sizeof s_rates[0])

typedef struct {
    dure_stack_t *stack;           /* the services and their database */
    PGconn *db;                    /* for figures */
    int instances;                 /* of every service */
    int slots[S_SERVICES][S_INSTANCES_MAX]; /* dure_stack slots, in dure_services order */
    char demo[512];                /* demo catalog folder */
    char bin[256];                 /* DURE_BIN_DIR */
    int commit_ts;                 /* track_commit_timestamp is on */
    pid_t postmaster;              /* PostgreSQL's main process */
} s_bench_t;

typedef struct {
    int rate;                      /* offered orders/s */
    long sent, ok, errors, lost;   /* dure-loadgen's counts */
    double acked_per_s, p50, p99, p999; /* intake figures, ms */
    long orders, shipped, processed;    /* step's orders, with shipments, fully processed */
    double e2e_per_s, lag_p50, lag_p99; /* end-to-end figures, ms */
} s_step_t;

/* CPU and memory of the processes that take part. */
typedef struct {
    double service_cpu[S_SERVICES]; /* seconds */
    double pg_cpu, redis_cpu, client_cpu;
} s_cpu_t;

/* -- /proc and friends ---------------------------------------------------------------- */

/* utime + stime (+ the children's when `children`) of a process, in seconds; -1 if gone. */
static double s_proc_cpu(pid_t pid, int children)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long long utime, stime, cutime, cstime;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu",
                     &utime, &stime, &cutime, &cstime) != 4)
        return -1;
    unsigned long long ticks = utime + stime + (children ? cutime + cstime : 0);
    return (double) ticks / (double) sysconf(_SC_CLK_TCK);
}

static pid_t s_proc_ppid(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    int ppid = 0;
    return p && sscanf(p + 2, "%*c %d", &ppid) == 1 ? (pid_t) ppid : 0;
}

/* A "Vm...:" figure of /proc/PID/status in kB, or 0. */
static long s_proc_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen(path, "r");
    long kb = 0;
    size_t len = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, len) == 0 && line[len] == ':')
            kb = atol(line + len + 1);
    if (f)
        fclose(f);
    return kb;
}

/* PostgreSQL's CPU: the postmaster with its reaped children, and every live child. */
static double s_pg_cpu(pid_t postmaster)
{
    double total = s_proc_cpu(postmaster, 1);
    DIR *dir = opendir("/proc");
    struct dirent *e;
    while (dir && (e = readdir(dir)))
        if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
            s_proc_ppid((pid_t) atoi(e->d_name)) == postmaster) {
            double c = s_proc_cpu((pid_t) atoi(e->d_name), 0);
            total += c > 0 ? c : 0;
        }
    if (dir)
        closedir(dir);
    return total;
}

static double s_redis_cpu(int port)
{
    redisContext *ctx = redisConnect("127.0.0.1", port);
    double total = 0;
    redisReply *r = ctx && !ctx->err ? redisCommand(ctx, "INFO cpu") : NULL;
    if (r && r->type == REDIS_REPLY_STRING) {
        const char *keys[] = {"used_cpu_sys:", "used_cpu_user:"};
        for (int i = 0; i < 2; i++) {
            const char *at = strstr(r->str, keys[i]);
            total += at ? atof(at + strlen(keys[i])) : 0;
        }
    }
    if (r)
        freeReplyObject(r);
    if (ctx)
        redisFree(ctx);
    return total;
}

static double s_children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void s_sample_cpu(s_bench_t *b, s_cpu_t *out)
{
    for (int s = 0; s < S_SERVICES; s++) {
        out->service_cpu[s] = 0;
        for (int i = 0; i < b->instances; i++)
            out->service_cpu[s] += s_proc_cpu(dure_stack_pid(b->stack, b->slots[s][i]), 0);
    }
    out->pg_cpu = s_pg_cpu(b->postmaster);
    out->redis_cpu = s_redis_cpu(dure_stack_redis_port(b->stack));
    out->client_cpu = s_children_cpu();
}

/* -- SQL helpers ----------------------------------------------------------------------- */

/* Runs a query; returns the result (caller clears) or NULL after printing the error. */
static PGresult *s_query(s_bench_t *b, const char *sql, int nparams, const char *const *params)
{
    PGresult *res = PQexecParams(b->db, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)
        return res;
    fprintf(stderr, "journey: %s", PQresultErrorMessage(res));
    PQclear(res);
    return NULL;
}

static double s_value(PGresult *res, int row, int col)
{
    return res && PQntuples(res) > row && !PQgetisnull(res, row, col)
               ? atof(PQgetvalue(res, row, col))
               : NAN;
}

/* Waits until every outbox is empty twice in a row. Returns 0, or -1 on timeout. */
static int s_drain(s_bench_t *b)
{
    int64_t deadline = dure_now_ms() + S_DRAIN_TIMEOUT_S * 1000;
    int empty = 0;
    while (dure_now_ms() < deadline) {
        PGresult *res = s_query(b,
                                "SELECT (SELECT count(*) FROM catalog.outbox) + "
                                "(SELECT count(*) FROM \"order\".outbox) + "
                                "(SELECT count(*) FROM logistics.outbox) + "
                                "(SELECT count(*) FROM packaging.outbox)",
                                0, NULL);
        double pending = s_value(res, 0, 0);
        PQclear(res);
        empty = pending == 0 ? empty + 1 : 0;
        if (empty == 2)
            return 0;
        usleep(200 * 1000);
    }
    fprintf(stderr, "journey: the pipeline did not drain within %d s; pending:\n",
            S_DRAIN_TIMEOUT_S);
    PGresult *res = s_query(b,
                            "SELECT 'catalog', type, count(*), max(attempts) FROM catalog.outbox GROUP BY 2 "
                            "UNION ALL SELECT 'order', type, count(*), max(attempts) FROM \"order\".outbox GROUP BY 2 "
                            "UNION ALL SELECT 'logistics', type, count(*), max(attempts) FROM logistics.outbox GROUP BY 2 "
                            "UNION ALL SELECT 'packaging', type, count(*), max(attempts) FROM packaging.outbox GROUP BY 2",
                            0, NULL);
    for (int i = 0; res && i < PQntuples(res); i++)
        fprintf(stderr, "  %s %s: %s rows, up to %s attempts\n", PQgetvalue(res, i, 0),
                PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), PQgetvalue(res, i, 3));
    PQclear(res);
    dure_stack_dump_logs(b->stack);
    return -1;
}

/* End-to-end figures of the orders whose idempotency keys start with `prefix`. */
static void s_end_to_end(s_bench_t *b, const char *prefix, s_step_t *st)
{
    const char *acked = b->commit_ts ? "pg_xact_commit_timestamp(h.xmin)" : "h.at";
    const char *done = b->commit_ts ? "pg_xact_commit_timestamp(r.xmin)" : "r.updated_at";
    char sql[2048];
    snprintf(sql, sizeof sql,
             "WITH o AS (SELECT o.id, %s AS acked FROM \"order\".orders o "
             "  JOIN \"order\".order_history h ON h.order_id = o.id AND h.seq = 1 "
             "  WHERE o.idempotency_key LIKE $1), "
             "s AS (SELECT o.id, o.acked, count(sh.id) AS shipments, count(r.shipment_id) AS recorded, "
             "  max(%s) AS done FROM o JOIN logistics.shipments sh ON sh.order_id = o.id "
             "  LEFT JOIN packaging.records r ON r.shipment_id = sh.id GROUP BY o.id, o.acked), "
             "f AS (SELECT acked, done, extract(epoch FROM done - acked) * 1000 AS lag FROM s "
             "  WHERE recorded = shipments) "
             "SELECT (SELECT count(*) FROM o), (SELECT count(*) FROM s), (SELECT count(*) FROM f), "
             "  (SELECT extract(epoch FROM max(done) - min(acked)) FROM f), "
             "  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) FROM f), "
             "  (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) FROM f)",
             acked, done);
    char like[64];
    snprintf(like, sizeof like, "%s%%", prefix);
    const char *params[] = {like};
    PGresult *res = s_query(b, sql, 1, params);
    st->orders = (long) s_value(res, 0, 0);
    st->shipped = (long) s_value(res, 0, 1);
    st->processed = (long) s_value(res, 0, 2);
    double span = s_value(res, 0, 3);
    st->e2e_per_s = span > 0 ? (double) st->processed / span : NAN;
    st->lag_p50 = s_value(res, 0, 4);
    st->lag_p99 = s_value(res, 0, 5);
    PQclear(res);
}

/* -- Child processes --------------------------------------------------------------------- */

/* Runs a shell command; with `out` set, its stdout's last line starting with '{' goes there.
   Returns the exit status. */
static int s_run(const char *cmd, char *out, size_t size)
{
    fflush(NULL);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[4096];
    if (out)
        out[0] = '\0';
    while (fgets(line, sizeof line, p))
        if (out && line[0] == '{') {
            size_t n = strlen(line) < size ? strlen(line) : size - 1;
            memcpy(out, line, n);
            out[n] = '\0';
        }
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static double s_json_number(const char *json, const char *key)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *at = strstr(json, pattern);
    return at ? atof(at + strlen(pattern)) : NAN;
}

/* Loads the demo catalog through durectl and raises every physical product's stock. */
static int s_load_catalog(s_bench_t *b)
{
    setenv("DURE_CATALOG_RPC", dure_stack_endpoint(b->stack, "catalog", "RPC"), 1);
    snprintf(b->demo, sizeof b->demo, "%s/demo", dure_stack_dir(b->stack));
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && '%s/durectl' demo catalog --out '%s' >/dev/null && "
             "'%s/durectl' catalog import '%s/enterprises.csv' '%s/products.csv' "
             "'%s/campaigns.csv' >/dev/null",
             b->demo, b->bin, b->demo, b->bin, b->demo, b->demo, b->demo);
    if (s_run(cmd, NULL, 0) != 0) {
        fprintf(stderr, "journey: loading the demo catalog failed (%s)\n", cmd);
        return -1;
    }
    PGresult *res = s_query(b, "SELECT id FROM catalog.products WHERE physical", 0, NULL);
    dure_client_t *catalog = dure_stack_client(b->stack, "catalog", 5000);
    int ok = res && catalog;
    for (int i = 0; ok && i < PQntuples(res); i++) {
        Dure__V1__SetStock set = DURE__V1__SET_STOCK__INIT;
        set.product_id = PQgetvalue(res, i, 0);
        set.change_case = DURE__V1__SET_STOCK__CHANGE_STOCK;
        set.stock = atoll(S_STOCK);
        dure_response_t reply;
        ok = dure_client_call(catalog, &set.base, NULL, NULL, &dure__v1__set_stock_reply__descriptor,
                              &reply) == 0 &&
             reply.code == DURE__V1__CODE__CODE_OK;
        if (!ok)
            fprintf(stderr, "journey: SetStock %s: %s\n", set.product_id, reply.message);
        dure_response_clear(&reply);
    }
    printf("demo catalog: %d physical products, stock set to %s each\n", res ? PQntuples(res) : 0,
           S_STOCK);
    dure_client_destroy(&catalog);
    PQclear(res);
    return ok ? 0 : -1;
}

/* Runs dure-loadgen for `orders` orders at `rate`/s with keys lg-<seed>-N. */
static int s_loadgen(s_bench_t *b, int rate, long orders, int seed, char *json, size_t size)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s/dure-loadgen' --catalog '%s/products.csv' --endpoint '%s' --orders %ld "
             "--rate %d --seed %d --timeout-ms 60000 --json --label intake-%d",
             b->bin, b->demo, dure_stack_endpoint(b->stack, "order", "RPC"), orders, rate, seed,
             rate);
    int rc = s_run(cmd, json, size);
    return json[0] == '{' ? 0 : rc ? rc : -1;
}

/* -- Steps ----------------------------------------------------------------------------------- */

static int s_step(s_bench_t *b, int rate, int seconds, int seed, s_step_t *st)
{
    memset(st, 0, sizeof *st);
    st->rate = rate;
    char json[1024];
    if (s_loadgen(b, rate, (long) rate * seconds, seed, json, sizeof json) != 0) {
        fprintf(stderr, "journey: dure-loadgen at %d/s gave no figures\n", rate);
        return -1;
    }
    st->sent = (long) s_json_number(json, "sent");
    st->ok = (long) s_json_number(json, "ok");
    st->errors = (long) s_json_number(json, "errors");
    st->lost = (long) s_json_number(json, "lost");
    st->acked_per_s = s_json_number(json, "acked_per_s");
    st->p50 = s_json_number(json, "p50_ms");
    st->p99 = s_json_number(json, "p99_ms");
    st->p999 = s_json_number(json, "p999_ms");
    if (s_drain(b) != 0)
        return -1;
    char prefix[32];
    snprintf(prefix, sizeof prefix, "lg-%d-", seed);
    s_end_to_end(b, prefix, st);
    return 0;
}

static void s_print_step(const s_bench_t *b, const s_step_t *st)
{
    printf("%8d %8ld %8ld %10.0f %8.2f %8.2f %8.2f %9ld %10.0f %9.1f %9.1f\n", st->rate,
           st->sent, st->errors + st->lost, st->acked_per_s, st->p50, st->p99, st->p999,
           st->processed, st->e2e_per_s, st->lag_p50, st->lag_p99);
    printf("{\"metric\":\"journey_step\",\"instances\":%d,\"offered_per_s\":%d,\"sent\":%ld,\"ok\":%ld,"
           "\"errors\":%ld,\"lost\":%ld,\"acked_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
           "\"p999_ms\":%.3f,\"orders_with_shipments\":%ld,\"fully_processed\":%ld,"
           "\"e2e_per_s\":%.1f,\"lag_p50_ms\":%.1f,\"lag_p99_ms\":%.1f}\n",
           b->instances, st->rate, st->sent, st->ok, st->errors, st->lost, st->acked_per_s,
           st->p50, st->p99,
           st->p999, st->shipped, st->processed, st->e2e_per_s, st->lag_p50, st->lag_p99);
    fflush(stdout);
}

/* Table rows per order from pg_stat_user_tables between two snapshots (taken as results). */
static PGresult *s_table_stats(s_bench_t *b)
{
    usleep(2500 * 1000); /* backends report their counts at most once a second */
    return s_query(b,
                   "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del "
                   "FROM pg_stat_user_tables WHERE schemaname IN "
                   "('catalog', 'order', 'logistics', 'packaging') ORDER BY 1",
                   0, NULL);
}

static void s_print_rows(PGresult *before, PGresult *after, long orders)
{
    printf("\nrows written per order (pg_stat_user_tables over %ld orders)\n", orders);
    printf("%-34s %8s %8s %8s\n", "table", "insert", "update", "delete");
    double total[3] = {0};
    for (int i = 0; before && after && i < PQntuples(after); i++) {
        double d[3];
        int j = 0;
        while (j < PQntuples(before) && strcmp(PQgetvalue(before, j, 0), PQgetvalue(after, i, 0)))
            j++;
        for (int k = 0; k < 3; k++)
            d[k] = (s_value(after, i, k + 1) - (j < PQntuples(before) ? s_value(before, j, k + 1) : 0)) /
                   (double) orders;
        if (d[0] + d[1] + d[2] < 0.005)
            continue;
        printf("%-34s %8.2f %8.2f %8.2f\n", PQgetvalue(after, i, 0), d[0], d[1], d[2]);
        for (int k = 0; k < 3; k++)
            total[k] += d[k];
    }
    printf("%-34s %8.2f %8.2f %8.2f\n", "total", total[0], total[1], total[2]);
    printf("{\"metric\":\"journey_rows_per_order\",\"inserts\":%.2f,\"updates\":%.2f,"
           "\"deletes\":%.2f}\n", total[0], total[1], total[2]);
}

/* A /proc/<pid>/status field of a service in MB: the largest over its instances. */
static double s_service_mb(s_bench_t *b, int s, const char *field)
{
    long kb = 0;
    for (int i = 0; i < b->instances; i++) {
        long v = s_proc_kb(dure_stack_pid(b->stack, b->slots[s][i]), field);
        kb = v > kb ? v : kb;
    }
    return (double) kb / 1024.0;
}

static void s_print_costs(s_bench_t *b, const s_cpu_t *t0, const s_cpu_t *t1, long orders)
{
    printf("\n%-14s %14s %14s %12s\n", "process", "cpu_s/1000", "peak_rss_mb", "rss_mb");
    for (int s = 0; s < S_SERVICES; s++) {
        double per = (t1->service_cpu[s] - t0->service_cpu[s]) * 1000.0 / (double) orders;
        double peak = s_service_mb(b, s, "VmHWM"), rss = s_service_mb(b, s, "VmRSS");
        printf("dure-%-9s %14.3f %14.1f %12.1f\n", dure_services[s], per, peak, rss);
        printf("{\"metric\":\"service_cost\",\"service\":\"%s\",\"instances\":%d,"
               "\"cpu_s_per_1000\":%.3f,\"peak_rss_mb\":%.1f,\"rss_mb\":%.1f}\n",
               dure_services[s], b->instances, per, peak, rss);
    }
    struct {
        const char *name;
        double cpu;
    } others[] = {{"postgresql", t1->pg_cpu - t0->pg_cpu},
                  {"redis", t1->redis_cpu - t0->redis_cpu},
                  {"loadgen", t1->client_cpu - t0->client_cpu}};
    for (int i = 0; i < 3; i++) {
        double per = others[i].cpu * 1000.0 / (double) orders;
        printf("%-14s %14.3f %14s %12s\n", others[i].name, per, "-", "-");
        printf("{\"metric\":\"service_cost\",\"service\":\"%s\",\"instances\":%d,"
               "\"cpu_s_per_1000\":%.3f}\n",
               others[i].name, b->instances, per);
    }
}

/* -- Set-up ----------------------------------------------------------------------------------- */

static int s_setup(s_bench_t *b)
{
    const char *bin = getenv("DURE_BIN_DIR");
    snprintf(b->bin, sizeof b->bin, "%s", bin ? bin : "build/bin");
    b->stack = dure_stack_new("journey");
    if (!b->stack)
        return -1;
    for (int s = 0; s < S_SERVICES; s++)
        dure_stack_set_instances(b->stack, dure_services[s], b->instances);
    for (int s = 0; s < S_SERVICES; s++)
        for (int i = 0; i < b->instances; i++)
            if ((b->slots[s][i] = dure_stack_start(b->stack, dure_services[s], i)) < 0) {
                dure_stack_dump_logs(b->stack);
                return -1;
            }
    b->db = dure_stack_db(b->stack, "public");
    PGresult *res = s_query(b,
                            "SELECT current_setting('track_commit_timestamp') = 'on', "
                            "(SELECT pid FROM pg_stat_activity WHERE backend_type = "
                            "'checkpointer')",
                            0, NULL);
    b->commit_ts = res && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    b->postmaster = s_proc_ppid((pid_t) s_value(res, 0, 1));
    PQclear(res);
    if (!b->commit_ts)
        printf("note: track_commit_timestamp is off; lags use transaction start times\n");
    return s_load_catalog(b);
}

static void s_teardown(s_bench_t *b)
{
    if (b->db)
        PQfinish(b->db);
    dure_stack_destroy(&b->stack);
}

/* -- Soak: steady load, RSS every 10 s ------------------------------------------------------------- */

static int s_soak(s_bench_t *b, int seconds, int rate)
{
    printf("soak: %d orders/s for %d s, RSS (MB) every %d s\n%8s", rate, seconds, S_SOAK_SAMPLE_S,
           "t_s");
    for (int s = 0; s < S_SERVICES; s++)
        printf(" %10s", dure_services[s]);
    printf("\n");
    fflush(stdout);
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s/dure-loadgen' --catalog '%s/products.csv' --endpoint '%s' --orders %ld "
             "--rate %d --seed 7 --timeout-ms 60000 --json --label soak",
             b->bin, b->demo, dure_stack_endpoint(b->stack, "order", "RPC"),
             (long) rate * seconds, rate);
    fflush(NULL);
    FILE *load = popen(cmd, "r");
    double first[S_SERVICES] = {0}, mid[S_SERVICES] = {0}, last[S_SERVICES] = {0};
    int half = (seconds / 2 / S_SOAK_SAMPLE_S) * S_SOAK_SAMPLE_S;
    if (half < S_SOAK_SAMPLE_S)
        half = S_SOAK_SAMPLE_S;
    for (int t = S_SOAK_SAMPLE_S; load && t <= seconds; t += S_SOAK_SAMPLE_S) {
        sleep(S_SOAK_SAMPLE_S);
        printf("%8d", t);
        for (int s = 0; s < S_SERVICES; s++) {
            last[s] = s_service_mb(b, s, "VmRSS");
            if (t == S_SOAK_WARMUP_S || (t == S_SOAK_SAMPLE_S && seconds < S_SOAK_WARMUP_S))
                first[s] = last[s];
            if (t == half)
                mid[s] = last[s];
            printf(" %10.1f", last[s]);
        }
        printf("\n");
        fflush(stdout);
    }
    char line[1024], json[1024] = "";
    while (load && fgets(line, sizeof line, load))
        if (line[0] == '{')
            memcpy(json, line, sizeof json);
    if (load)
        pclose(load);
    printf("%s", json);
    int grew = 0;
    for (int s = 0; s < S_SERVICES; s++) {
        double growth = mid[s] > 0 ? (last[s] - mid[s]) / mid[s] : 0;
        grew |= growth > S_SOAK_GROWTH;
        printf("dure-%-9s RSS %.1f MB at %d s, %.1f MB at %d s -> %.1f MB at the end: "
               "%+.1f %% over the second half%s\n",
               dure_services[s], first[s], S_SOAK_WARMUP_S, mid[s], half, last[s], growth * 100,
               growth > S_SOAK_GROWTH ? "  GROWS" : "");
        printf("{\"metric\":\"soak_rss\",\"service\":\"%s\",\"rss_mb_start\":%.1f,"
               "\"rss_mb_mid\":%.1f,\"rss_mb_end\":%.1f,\"growth_percent\":%.1f}\n",
               dure_services[s], first[s], mid[s], last[s], growth * 100);
    }
    return grew || json[0] != '{' ? 1 : 0;
}

/* -- Main ------------------------------------------------------------------------------------------ */

static int s_steps(s_bench_t *b, int seconds)
{
    char json[1024];
    /* Warm-up: connections, prepared statements, caches. Not counted. */
    if (s_loadgen(b, 200, 400, 1, json, sizeof json) != 0 || s_drain(b) != 0)
        return -1;
    PGresult *rows_before = s_table_stats(b);
    s_cpu_t t0, t1;
    s_sample_cpu(b, &t0);
    printf("\n%8s %8s %8s %10s %8s %8s %8s %9s %10s %9s %9s\n", "offered", "sent", "failed",
           "acked/s", "p50_ms", "p99_ms", "p999_ms", "processed", "e2e/s", "lag_p50", "lag_p99");
    s_step_t steps[S_STEPS];
    int count = 0, rc = 0;
    long orders = 0;
    for (int i = 0; i < S_STEPS && rc == 0; i++) {
        rc = s_step(b, s_rates[i], seconds, 1000 + i, &steps[i]);
        if (rc != 0)
            break;
        s_print_step(b, &steps[i]);
        orders += steps[i].ok;
        count++;
        if (steps[i].acked_per_s < S_SATURATED * s_rates[i] && s_rates[i] >= S_TARGET_RATE)
            break; /* saturated: higher rates only queue */
    }
    s_sample_cpu(b, &t1);
    PGresult *rows_after = s_table_stats(b);
    double intake = 0, e2e = 0, p99_2000 = NAN, lag_1000 = NAN;
    for (int i = 0; i < count; i++) {
        intake = fmax(intake, steps[i].acked_per_s);
        e2e = fmax(e2e, steps[i].e2e_per_s);
        if (steps[i].rate == 2000)
            p99_2000 = steps[i].p99;
        if (steps[i].rate == 1000)
            lag_1000 = steps[i].lag_p99;
    }
    printf("{\"metric\":\"journey_summary\",\"instances\":%d,\"intake_max_acked_per_s\":%.0f,"
           "\"e2e_max_per_s\":%.0f,\"p99_ack_ms_at_2000\":%.2f,\"lag_p99_ms_at_1000\":%.1f,"
           "\"commit_timestamps\":%s,\"orders\":%ld}\n",
           b->instances, intake, e2e, p99_2000, lag_1000, b->commit_ts ? "true" : "false",
           orders);
    if (orders > 0) {
        s_print_costs(b, &t0, &t1, orders);
        s_print_rows(rows_before, rows_after, orders);
    }
    PQclear(rows_before);
    PQclear(rows_after);
    return rc;
}

int main(int argc, char **argv)
{
    int seconds = 5, soak = 0, rate = 1000, instances = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--instances") == 0 && i + 1 < argc)
            instances = atoi(argv[++i]);
        else if (strcmp(argv[i], "--soak") == 0 && i + 1 < argc)
            soak = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc)
            rate = atoi(argv[++i]);
        else
            seconds = atoi(argv[i]);
    }
    if (seconds < 1 || rate < 1 || instances < 1 || instances > S_INSTANCES_MAX) {
        fprintf(stderr, "usage: bench-journey [--instances 1|2] [seconds-per-step] | "
                        "[--instances 1|2] --soak SECONDS [--rate R]\n");
        return 2;
    }
    zsys_handler_set(NULL);
    double load[3] = {0};
    getloadavg(load, 3);
    printf("load average at start: %.2f (%ld cores); %d instance%s of every service\n",
           load[0], sysconf(_SC_NPROCESSORS_ONLN), instances, instances > 1 ? "s" : "");
    s_bench_t b = {.instances = instances};
    int rc = s_setup(&b) == 0 ? (soak ? s_soak(&b, soak, rate) : s_steps(&b, seconds)) : 1;
    getloadavg(load, 3);
    printf("load average at end: %.2f\n", load[0]);
    s_teardown(&b);
    zsys_shutdown();
    return rc == 0 ? 0 : 1;
}
