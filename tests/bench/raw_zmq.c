/*  raw_zmq.c (bench) - the machine's limit for a request/reply hop: a DEALER and a ROUTER
    over TCP loopback exchanging a PlaceOrder-sized envelope, with nothing else in the way.

    The ROUTER runs in its own thread and echoes every message back with libzmq calls only
    (no decoding, no database), so what is measured is ZeroMQ plus the kernel's loopback.
    Two figures: ping-pong latency (one message in flight, p50/p99 round trip) and pipelined
    throughput (a window of messages in flight, round trips per second). A dure request hop
    can be no faster than the first; a service answering PlaceOrder can be no faster than the
    second. Prints a table and one JSON line {"metric":"raw_zmq_rtt_us",...}.

    Usage: bench-raw_zmq [round-trips], default 20000.
*/
#include "dure.h"
#include "dure_bench.h"

#include <pthread.h>

#define S_WINDOW 256   /* messages in flight in the pipelined run */
#define S_WARMUP 1000  /* round trips before timing */

typedef struct {
    void *ctx;         /* shared ZeroMQ context (thread-safe) */
    char endpoint[64]; /* where the ROUTER bound: a port the kernel chose */
    int ready;         /* set once bound */
    pthread_mutex_t lock; /* guards ready */
    pthread_cond_t bound; /* signalled when ready */
} s_echo_t;

/* The ROUTER: echoes identity + payload until it receives an empty payload. */
static void *s_echo(void *arg)
{
    s_echo_t *echo = arg;
    void *router = zmq_socket(echo->ctx, ZMQ_ROUTER);
    int zero = 0;
    zmq_setsockopt(router, ZMQ_LINGER, &zero, sizeof zero);
    int rc = zmq_bind(router, "tcp://127.0.0.1:*");
    size_t size = sizeof echo->endpoint;
    if (rc == 0)
        rc = zmq_getsockopt(router, ZMQ_LAST_ENDPOINT, echo->endpoint, &size);
    pthread_mutex_lock(&echo->lock);
    echo->ready = rc == 0 ? 1 : -1;
    pthread_cond_signal(&echo->bound);
    pthread_mutex_unlock(&echo->lock);
    zmq_msg_t id, body;
    zmq_msg_init(&id);
    zmq_msg_init(&body);
    while (rc == 0) {
        if (zmq_msg_recv(&id, router, 0) < 0 || zmq_msg_recv(&body, router, 0) < 0)
            break;
        int last = zmq_msg_size(&body) == 0;
        zmq_msg_send(&id, router, ZMQ_SNDMORE);
        zmq_msg_send(&body, router, 0);
        if (last)
            break;
    }
    zmq_msg_close(&id);
    zmq_msg_close(&body);
    zmq_close(router);
    return NULL;
}

/* A PlaceOrder shaped like the load generator's average order (3 lines, a Korean
   address), wrapped in an envelope as dure-loadgen sends it. Returns the encoded bytes. */
static uint8_t *s_place_order_bytes(size_t *len)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__PlaceOrder order = DURE__V1__PLACE_ORDER__INIT;
    order.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    order.customer_id = "cust-04711";
    order.payment_ref = "pay-7e2-123456";
    Dure__V1__OrderLineRequest lines[3], *plines[3];
    static const char *const ids[3] = {"p-processed_food-0012", "p-rice_grains-0003",
                                       "p-side_dishes_sauces-0041"};
    for (int i = 0; i < 3; i++) {
        dure__v1__order_line_request__init(&lines[i]);
        lines[i].product_id = (char *) ids[i];
        lines[i].quantity = 1 + i;
        plines[i] = &lines[i];
    }
    order.lines = plines;
    order.n_lines = 3;
    Dure__V1__Address address = DURE__V1__ADDRESS__INIT;
    address.postcode = "32145";
    address.line1 = "충청남도 홍성군 홍북읍 충남대로 21";
    address.line2 = "112동 804호";
    address.recipient = "홍길동";
    address.phone = "010-1234-5678";
    order.address = &address;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &order.base, "loadgen", arena);
    env.id = "lg-2018-123456";
    env.correlation_id = env.id;
    env.idempotency_key = env.id;
    uint8_t *bytes = dure_envelope_encode(&env, len);
    dure_arena_destroy(&arena);
    return bytes;
}

static int s_send(void *dealer, const uint8_t *bytes, size_t len)
{
    return zmq_send(dealer, bytes, len, 0) == (int) len ? 0 : -1;
}

static int s_recv(void *dealer, uint8_t *buf, size_t size)
{
    return zmq_recv(dealer, buf, size, 0) >= 0 ? 0 : -1;
}

/* One message in flight: fills rtt_us[0..n) with each round trip. */
static int s_ping_pong(void *dealer, const uint8_t *bytes, size_t len, double *rtt_us, int n)
{
    uint8_t buf[4096];
    for (int i = 0; i < S_WARMUP + n; i++) {
        int64_t t0 = dure_bench_now_ns();
        if (s_send(dealer, bytes, len) != 0 || s_recv(dealer, buf, sizeof buf) != 0)
            return -1;
        if (i >= S_WARMUP)
            rtt_us[i - S_WARMUP] = (double) (dure_bench_now_ns() - t0) / 1e3;
    }
    return 0;
}

/* S_WINDOW messages in flight: returns round trips per second, or -1. */
static double s_pipelined(void *dealer, const uint8_t *bytes, size_t len, int n)
{
    uint8_t buf[4096];
    int sent = 0, received = 0;
    int64_t t0 = dure_bench_now_ns();
    while (received < n) {
        while (sent < n && sent - received < S_WINDOW) {
            if (s_send(dealer, bytes, len) != 0)
                return -1;
            sent++;
        }
        if (s_recv(dealer, buf, sizeof buf) != 0)
            return -1;
        received++;
    }
    return (double) n / ((double) (dure_bench_now_ns() - t0) / 1e9);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    if (n < 100)
        n = 100;
    size_t len = 0;
    uint8_t *bytes = s_place_order_bytes(&len);
    s_echo_t echo = {.ctx = zmq_ctx_new()};
    pthread_mutex_init(&echo.lock, NULL);
    pthread_cond_init(&echo.bound, NULL);
    pthread_t thread;
    pthread_create(&thread, NULL, s_echo, &echo);
    pthread_mutex_lock(&echo.lock);
    while (!echo.ready)
        pthread_cond_wait(&echo.bound, &echo.lock);
    pthread_mutex_unlock(&echo.lock);
    void *dealer = zmq_socket(echo.ctx, ZMQ_DEALER);
    int zero = 0;
    zmq_setsockopt(dealer, ZMQ_LINGER, &zero, sizeof zero);
    double *rtt = dure_calloc((size_t) n, sizeof *rtt);
    int rc = echo.ready == 1 && zmq_connect(dealer, echo.endpoint) == 0 &&
                     s_ping_pong(dealer, bytes, len, rtt, n) == 0
                 ? 0
                 : 1;
    double per_s = rc == 0 ? s_pipelined(dealer, bytes, len, n * 5) : -1;
    zmq_send(dealer, "", 0, 0); /* stops the echo thread */
    pthread_join(thread, NULL);
    if (rc == 0 && per_s > 0) {
        dure_bench_sort(rtt, (size_t) n);
        double p50 = rtt[n / 2], p99 = rtt[(n * 99) / 100];
        printf("%-28s %10s %10s %10s %14s\n", "hop", "bytes", "p50_us", "p99_us",
               "pipelined/s");
        printf("%-28s %10zu %10.1f %10.1f %14.0f\n", "DEALER<->ROUTER tcp loopback", len, p50,
               p99, per_s);
        printf("{\"metric\":\"raw_zmq_rtt_us\",\"bytes\":%zu,\"round_trips\":%d,\"p50_us\":%.1f,"
               "\"p99_us\":%.1f,\"window\":%d,\"pipelined_per_s\":%.0f}\n",
               len, n, p50, p99, S_WINDOW, per_s);
    } else {
        fprintf(stderr, "raw_zmq: %s\n", zmq_strerror(zmq_errno()));
        rc = 1;
    }
    free(rtt);
    free(bytes);
    zmq_close(dealer);
    zmq_ctx_term(echo.ctx);
    pthread_mutex_destroy(&echo.lock);
    pthread_cond_destroy(&echo.bound);
    return rc;
}
