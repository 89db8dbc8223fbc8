/*  order_intake.c (bench) - order intake at fixed offered rates: acknowledgements per second
    and p50/p99 acknowledgement latency of PlaceOrder.

    Starts the real catalog and order services on a private stack (database from
    DURE_TEST_PG_ADMIN, Redis from DURE_TEST_REDIS_PORT, binaries from DURE_BIN_DIR, as
    scripts/bench.sh sets them), creates 20 products with plenty of stock, then offers
    PlaceOrder requests open-loop: request i is due at start + i / rate and is sent then,
    whatever the replies do, so a slow service shows as latency instead of silently slowing
    the load (no coordinated omission). Latency runs from the intended send time to the
    reply. Every order has its own idempotency key and two lines, so each ack is a priced,
    committed order with its OrderPlaced event; the catalog reserves stock behind it.

    Usage: bench-order_intake [SECONDS-PER-RATE [RATE...]], default 3 s at 500, 1000 and
    2000 orders/s. Prints a table and one JSON line per rate.
*/
#include "dure_bench.h"
#include "dure_fixtures.h"
#include "dure_stack.h"

#include <time.h>

#define S_PRODUCTS 20
#define S_DRAIN_MS 5000 /* wait for stragglers after the last send */

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One serialized PlaceOrder envelope for request i of a run. */
static uint8_t *s_request(int run, long i, dure_arena_t *arena, size_t *len)
{
    char key[64], p1[16], p2[16];
    snprintf(key, sizeof key, "bench-%d-%ld", run, i);
    snprintf(p1, sizeof p1, "p-b%02ld", i % S_PRODUCTS);
    snprintf(p2, sizeof p2, "p-b%02ld", (i + 7) % S_PRODUCTS);
    Dure__V1__OrderLineRequest l1 = DURE__V1__ORDER_LINE_REQUEST__INIT, l2 = l1;
    l1.product_id = p1;
    l1.quantity = 1;
    l2.product_id = p2;
    l2.quantity = 2;
    Dure__V1__OrderLineRequest *lines[] = {&l1, &l2};
    Dure__V1__Address a = DURE__V1__ADDRESS__INIT;
    a.postcode = "24341";
    a.line1 = "강원특별자치도 춘천시 중앙로 1";
    a.recipient = "김철수";
    a.phone = "010-1234-5678";
    Dure__V1__PlaceOrder o = DURE__V1__PLACE_ORDER__INIT;
    o.customer_id = "c-bench";
    o.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    o.lines = lines;
    o.n_lines = 2;
    o.address = &a;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &o.base, "bench", arena);
    env.idempotency_key = key;
    env.correlation_id = dure_arena_printf(arena, "%ld", i);
    return dure_envelope_encode(&env, len);
}

typedef struct {
    double acks_per_s, p50_ms, p99_ms; /* results */
    long sent, ok, errors, lost;
} s_result_t;

/* Reads every reply waiting; records latencies. */
static void s_collect(zsock_t *sock, const int64_t *due, long sent, double *lat, char *done,
                     s_result_t *r, int64_t *last_us)
{
    zmsg_t *msg;
    while ((msg = dure_socket_recv_now(sock))) {
        int64_t now = s_now_us();
        zframe_t *f = zmsg_last(msg);
        char err[64];
        Dure__V1__Envelope *env = f ? dure_envelope_decode(zframe_data(f), zframe_size(f), err,
                                                           sizeof err)
                                    : NULL;
        long i = env ? atol(env->correlation_id) : -1;
        if (env && i >= 0 && i < sent && !done[i]) {
            done[i] = 1;
            if (env->reply && env->reply->code == DURE__V1__CODE__CODE_OK)
                lat[r->ok++] = (double) (now - due[i]) / 1000.0;
            else
                r->errors++;
            *last_us = now;
        }
        dure_envelope_free(&env);
        zmsg_destroy(&msg);
    }
}

static s_result_t s_run(dure_stack_t *stack, int run, int rate, int seconds)
{
    s_result_t r = {0};
    long total = (long) rate * seconds;
    int64_t *due = dure_calloc((size_t) total, sizeof *due);
    double *lat = dure_calloc((size_t) total, sizeof *lat);
    char *done = dure_calloc((size_t) total, 1);
    char err[256];
    zsock_t *sock = dure_socket_client(dure_stack_endpoint(stack, "order", "RPC"), 1 << 20, NULL,
                                       0, err, sizeof err);
    dure_arena_t *arena = dure_arena_new();
    zclock_sleep(100);
    int64_t start = s_now_us(), last = start;
    while (r.sent < total || (r.ok + r.errors < r.sent && s_now_us() - last < S_DRAIN_MS * 1000)) {
        int64_t now = s_now_us();
        while (r.sent < total && start + r.sent * 1000000 / rate <= now) {
            due[r.sent] = start + r.sent * 1000000 / rate;
            size_t len;
            uint8_t *bytes = s_request(run, r.sent, arena, &len);
            zframe_t *frame = zframe_new(bytes, len);
            free(bytes);
            zframe_send(&frame, sock, 0);
            r.sent++;
            if (r.sent % 256 == 0)
                dure_arena_reset(arena);
        }
        dure_socket_wait_us(sock, r.sent < total ? start + r.sent * 1000000 / rate - s_now_us()
                                                 : 50000);
        s_collect(sock, due, r.sent, lat, done, &r, &last);
        if (r.sent == total && last == start)
            last = s_now_us();
    }
    int64_t end = last > start ? last : s_now_us();
    r.lost = r.sent - r.ok - r.errors;
    dure_bench_sort(lat, (size_t) r.ok);
    r.acks_per_s = r.ok / ((double) (end - start) / 1e6);
    r.p50_ms = r.ok ? lat[r.ok / 2] : 0;
    r.p99_ms = r.ok ? lat[(long) ((double) r.ok * 0.99) < r.ok ? (long) ((double) r.ok * 0.99)
                                                              : r.ok - 1]
                    : 0;
    dure_arena_destroy(&arena);
    zsock_destroy(&sock);
    free(due);
    free(lat);
    free(done);
    return r;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 3;
    int rates[16] = {500, 1000, 2000}, n_rates = 3;
    if (argc > 2)
        for (n_rates = 0; n_rates < 16 && n_rates + 2 < argc; n_rates++)
            rates[n_rates] = atoi(argv[n_rates + 2]);
    zsys_init();
    dure_stack_t *stack = dure_stack_new("bench_order");
    if (!stack)
        return 1;
    dure_stack_setenv(stack, "DURE_LOG_LEVEL", "warn");
    int cat = dure_stack_start(stack, "catalog", 0), ord = dure_stack_start(stack, "order", 0);
    dure_client_t *catalog = cat >= 0 ? dure_stack_client(stack, "catalog", 10000) : NULL;
    int ok = ord >= 0 && catalog && dure_fixture_enterprise(catalog, "ent-bench", "벤치마을");
    for (int i = 0; ok && i < S_PRODUCTS; i++) {
        char id[16];
        snprintf(id, sizeof id, "p-b%02d", i);
        dure_fixture_product_t p = {.id = id, .enterprise_id = "ent-bench", .stock = 1000000000,
                                    .price_krw = 1000 + 500 * i};
        ok = dure_fixture_product(catalog, &p);
    }
    dure_client_destroy(&catalog);
    if (!ok) {
        fprintf(stderr, "bench-order_intake: the stack did not come up\n");
        dure_stack_dump_logs(stack);
        dure_stack_destroy(&stack);
        return 1;
    }
    printf("order intake, open loop, %d s per rate (PlaceOrder -> quote -> commit -> ack)\n",
           seconds);
    printf("%10s %10s %10s %10s %8s %8s\n", "offered/s", "acks/s", "p50 ms", "p99 ms", "errors",
           "lost");
    for (int k = 0; k < n_rates; k++) {
        s_result_t r = s_run(stack, k, rates[k], seconds);
        printf("%10d %10.0f %10.2f %10.2f %8ld %8ld\n", rates[k], r.acks_per_s, r.p50_ms,
               r.p99_ms, r.errors, r.lost);
        printf("{\"metric\":\"order_intake\",\"offered_per_s\":%d,\"seconds\":%d,"
               "\"acks_per_s\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"sent\":%ld,\"errors\":%ld,"
               "\"lost\":%ld}\n",
               rates[k], seconds, r.acks_per_s, r.p50_ms, r.p99_ms, r.sent, r.errors, r.lost);
        fflush(stdout);
    }
    dure_stack_destroy(&stack);
    return 0;
}
