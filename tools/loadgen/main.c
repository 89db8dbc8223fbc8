/*  main.c - dure-loadgen: an open-loop order generator speaking the public wire protocol.

    Orders are sent at fixed intended times (t0 + i / rate), whatever the replies do, with
    as many in flight as that takes; each reply's latency is measured from its order's
    INTENDED send time, so a stall in the service shows up in the figures instead of
    silently slowing the generator down (no coordinated omission). Envelope ids are
    "lg-<seed>-<seq>", so a reply finds its order without a lookup table.

    Usage: dure-loadgen --catalog products.csv [--orders N] [--rate R] [--seed S]
                        [--endpoint E] [--timeout-ms T] [--json] [--label L] [--acked FILE]
*/
#include "orders.h"

#include "../durectl/durectl.h"

#include <math.h>

typedef struct {
    long orders;          /* how many to send */
    double rate;          /* offered orders per second */
    uint64_t seed;        /* shapes the orders; also in ids */
    const char *endpoint; /* order service */
    const char *catalog;  /* products CSV */
    int timeout_ms;       /* wait for the last replies */
    int json;             /* print one JSON line */
    const char *label;    /* name of the run in the JSON */
    FILE *acked;          /* --acked FILE: one line per acknowledged order, or NULL */
} s_options_t;

typedef struct {
    int64_t *intended_us; /* per order: intended send time */
    double *latency_ms;   /* per reply */
    long replies;         /* replies received */
    long codes[32];       /* replies by status code */
    long send_failures;   /* sends refused by the socket */
} s_run_t;

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int s_parse(int argc, char **argv, s_options_t *o)
{
    const char *v;
    o->orders = (v = durectl_option(argc, argv, "orders")) ? atol(v) : 100;
    o->rate = (v = durectl_option(argc, argv, "rate")) ? atof(v) : 50;
    o->seed = (v = durectl_option(argc, argv, "seed")) ? strtoull(v, NULL, 0) : 2018;
    o->timeout_ms = (v = durectl_option(argc, argv, "timeout-ms")) ? atoi(v) : 10000;
    o->catalog = durectl_option(argc, argv, "catalog");
    o->label = (v = durectl_option(argc, argv, "label")) ? v : "intake";
    o->json = durectl_flag(argc, argv, "json");
    o->endpoint = durectl_option(argc, argv, "endpoint");
    const char *acked = durectl_option(argc, argv, "acked");
    o->acked = acked ? fopen(acked, "w") : NULL;
    if (acked && !o->acked) {
        perror(acked);
        return -1;
    }
    if (!o->endpoint)
        o->endpoint = getenv("DURE_ORDER_RPC") ? getenv("DURE_ORDER_RPC") : "tcp://127.0.0.1:7120";
    if (!o->catalog || o->orders < 1 || o->rate <= 0) {
        fprintf(stderr, "usage: dure-loadgen --catalog products.csv [--orders N] [--rate R] "
                        "[--seed S] [--endpoint E] [--timeout-ms T] [--json] [--label L] "
                        "[--acked FILE]\n");
        return -1;
    }
    return 0;
}

static int s_send(zsock_t *sock, loadgen_catalog_t *catalog, const s_options_t *o, long seq,
                  dure_arena_t *arena)
{
    Dure__V1__PlaceOrder order;
    loadgen_order_build(catalog, o->seed, seq, &order, arena);
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &order.base, "loadgen", arena);
    env.id = dure_arena_printf(arena, "lg-%llu-%ld", (unsigned long long) o->seed, seq);
    env.correlation_id = env.id;
    env.idempotency_key = env.id;
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zframe_t *frame = zframe_new(bytes, len);
    free(bytes);
    dure_arena_reset(arena);
    int rc = zframe_send(&frame, sock, ZFRAME_DONTWAIT);
    zframe_destroy(&frame);
    return rc;
}

/* Writes "order_id idempotency_key" for an acknowledged order (the fault suite checks each
   one exists exactly once). */
static void s_record(FILE *out, const Dure__V1__Envelope *env)
{
    Dure__V1__PlaceOrderReply *reply = dure__v1__place_order_reply__unpack(
        NULL, env->payload.len, env->payload.data);
    if (reply && reply->order_id)
        fprintf(out, "%s %s\n", reply->order_id, env->correlation_id);
    if (reply)
        dure__v1__place_order_reply__free_unpacked(reply, NULL);
}

static void s_receive(zsock_t *sock, s_run_t *run, const s_options_t *o)
{
    zmsg_t *msg;
    while ((msg = dure_socket_recv_now(sock))) {
        int64_t now = s_now_us();
        zframe_t *last = zmsg_last(msg);
        char err[128];
        Dure__V1__Envelope *env =
            dure_envelope_decode(zframe_data(last), zframe_size(last), err, sizeof err);
        zmsg_destroy(&msg);
        long seq = -1;
        if (env && env->correlation_id)
            sscanf(env->correlation_id, "lg-%*u-%ld", &seq);
        if (seq >= 0 && seq < o->orders) {
            int code = env->reply ? (int) env->reply->code : 0;
            if (code == 0 && o->acked)
                s_record(o->acked, env);
            run->codes[code < 32 ? code : 2]++;
            run->latency_ms[run->replies++] = (double) (now - run->intended_us[seq]) / 1000.0;
        }
        dure_envelope_free(&env);
    }
}

static int s_compare(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double s_percentile(const double *sorted, long n, double p)
{
    if (n == 0)
        return NAN;
    long i = (long) ceil(p / 100.0 * (double) n) - 1;
    return sorted[i < 0 ? 0 : (i >= n ? n - 1 : i)];
}

static void s_report(const s_options_t *o, const s_run_t *run, double seconds)
{
    qsort(run->latency_ms, (size_t) run->replies, sizeof(double), s_compare);
    double p50 = s_percentile(run->latency_ms, run->replies, 50);
    double p99 = s_percentile(run->latency_ms, run->replies, 99);
    double p999 = s_percentile(run->latency_ms, run->replies, 99.9);
    long ok = run->codes[0], failed = run->replies - ok;
    if (o->json)
        printf("{\"label\":\"%s\",\"offered_per_s\":%.0f,\"sent\":%ld,\"ok\":%ld,\"errors\":%ld,"
               "\"lost\":%ld,\"seconds\":%.3f,\"acked_per_s\":%.1f,\"p50_ms\":%.3f,"
               "\"p99_ms\":%.3f,\"p999_ms\":%.3f}\n",
               o->label, o->rate, o->orders, ok, failed, o->orders - run->replies, seconds,
               (double) run->replies / seconds, p50, p99, p999);
    else
        printf("offered %.0f/s: %ld sent, %ld ok, %ld errors, %ld unanswered in %.2f s "
               "(%.1f acks/s); ack latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms\n",
               o->rate, o->orders, ok, failed, o->orders - run->replies, seconds,
               (double) run->replies / seconds, p50, p99, p999);
    for (int c = 1; c < 32; c++)
        if (run->codes[c])
            fprintf(stderr, "  %ld replies %s\n", run->codes[c], dure_code_name(c));
}

int main(int argc, char **argv)
{
    s_options_t o;
    if (s_parse(argc, argv, &o) != 0)
        return 2;
    zsys_handler_set(NULL);
    loadgen_catalog_t *catalog = loadgen_catalog_load(o.catalog);
    char err[256];
    /* CurveZMQ when the operator's keys are in the environment, as for durectl. */
    dure_security_t sec = {.server_key = getenv("DURE_CURVE_SERVER_KEY"),
                           .client_public_key = getenv("DURE_CURVE_CLIENT_PUBLIC_KEY"),
                           .client_secret_key = getenv("DURE_CURVE_CLIENT_SECRET_KEY")};
    zsock_t *sock = catalog ? dure_socket_client(o.endpoint, 1 << 20, &sec, 0, err, sizeof err) : NULL;
    if (catalog && !sock)
        fprintf(stderr, "dure-loadgen: %s\n", err);
    if (!sock) {
        loadgen_catalog_destroy(&catalog);
        return 1;
    }
    s_run_t run = {0};
    run.intended_us = dure_calloc((size_t) o.orders, sizeof(int64_t));
    run.latency_ms = dure_calloc((size_t) o.orders, sizeof(double));
    dure_arena_t *arena = dure_arena_new();
    int64_t t0 = s_now_us() + 1000, step = (int64_t) (1e6 / o.rate);
    long next = 0;
    int64_t deadline = INT64_MAX;
    while (run.replies < o.orders && s_now_us() < deadline) {
        int64_t now = s_now_us();
        while (next < o.orders && t0 + next * step <= now) {
            run.intended_us[next] = t0 + next * step;
            if (s_send(sock, catalog, &o, next, arena) != 0)
                run.send_failures++;
            if (++next == o.orders)
                deadline = s_now_us() + (int64_t) o.timeout_ms * 1000;
        }
        /* Under a millisecond between sends from 1,000/s up: zmq_poll would spin and take a
           core from the stack being measured. */
        dure_socket_wait_us(sock, next < o.orders ? t0 + next * step - s_now_us() : 5000);
        s_receive(sock, &run, &o);
    }
    s_report(&o, &run, (double) (s_now_us() - t0) / 1e6);
    int rc = run.replies == o.orders && run.codes[0] == run.replies ? 0 : 1;
    if (o.acked)
        fclose(o.acked);
    free(run.intended_us);
    free(run.latency_ms);
    dure_arena_destroy(&arena);
    zsock_destroy(&sock);
    loadgen_catalog_destroy(&catalog);
    zsys_shutdown();
    return rc;
}
