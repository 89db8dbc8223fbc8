/*  test_wire_abuse.c - every endpoint of every service survives hostile bytes: each bad
    message gets one structured INVALID_ARGUMENT reply, an oversized one costs its sender the
    connection, a client that stalls in the handshake blocks nobody, and the services keep
    answering and still stop cleanly.

    The four services run together; each of their eight endpoints (RPC and EVENTS) gets, from
    a raw DEALER (which adds no identity frame: the ROUTER adds one, and echoes every frame but
    the last in its reply):
      1. 200 random messages (seeded; 1-8 frames of 0-4,096 bytes, now and then 64 KiB),
      2. every proper prefix of a valid PlaceOrder envelope,
      3. wrong shapes: an envelope followed by garbage, empty frames, 20 frames,
      4. one 2 MiB frame, twice MAX_MESSAGE_BYTES: no reply, the connection is dropped.
    A raw TCP client on every port sends four bytes of a ZMTP greeting and then nothing for the
    rest of the test. After each burst every RPC endpoint must answer Ping (ready) and the
    catalog a GetProducts; at the end every service must exit 0 on SIGTERM (under the
    sanitizer run that also means no leak and no sanitizer report).
*/
#include "dure_stack.h"
#include "dure_test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#define S_SERVICES 4
#define S_RANDOM_MESSAGES 200
#define S_RANDOM_MAX_FRAMES 8
#define S_RANDOM_MAX_BYTES 4096
#define S_RANDOM_BIG_BYTES 65536     /* one message in sixteen has a frame this big */
#define S_OVERSIZE_BYTES (2u << 20)  /* twice the default MAX_MESSAGE_BYTES */
#define S_REPLY_MS 10000             /* for all replies of one burst to arrive */
#define S_SILENCE_MS 500             /* how long an oversized message must stay unanswered */
#define S_SHAPE_FRAMES 20

static const char *const s_services[S_SERVICES] = {"catalog", "order", "logistics", "packaging"};
static const char *const s_kinds[2] = {"RPC", "EVENTS"};

/* What the bursts share. */
typedef struct {
    dure_stack_t *stack;                 /* the four services */
    dure_client_t *clients[S_SERVICES];  /* well-behaved clients, one per RPC endpoint */
    uint64_t rng;                        /* xorshift state: the same messages every run */
} s_ctx_t;

static uint64_t s_next(s_ctx_t *ctx)
{
    ctx->rng ^= ctx->rng << 13;
    ctx->rng ^= ctx->rng >> 7;
    ctx->rng ^= ctx->rng << 17;
    return ctx->rng;
}

/* A DEALER connected to one endpoint, dropping unsent messages at close. */
static zsock_t *s_dealer(const char *endpoint)
{
    zsock_t *sock = zsock_new_dealer(endpoint);
    if (sock) {
        zsock_set_linger(sock, 0);
        zsock_set_sndhwm(sock, 100000);
    }
    return sock;
}

/* Receives replies until `expected` came or S_REPLY_MS passed; counts those whose last frame
   is an envelope carrying `code`. Returns how many replies came at all. */
static int s_collect(zsock_t *sock, int expected, int code, int *matching)
{
    int64_t deadline = dure_now_ms() + S_REPLY_MS;
    int received = 0;
    *matching = 0;
    while (received < expected) {
        int64_t left = deadline - dure_now_ms();
        zmq_pollitem_t item = {zsock_resolve(sock), 0, ZMQ_POLLIN, 0};
        if (left <= 0 || zmq_poll(&item, 1, (long) left) <= 0)
            break;
        zmsg_t *msg = zmsg_recv(sock);
        if (!msg)
            break;
        received++;
        zframe_t *last = zmsg_last(msg);
        char err[128];
        Dure__V1__Envelope *env =
            dure_envelope_decode(zframe_data(last), zframe_size(last), err, sizeof err);
        if (env && env->reply && (int) env->reply->code == code)
            (*matching)++;
        else if (*matching == received - 1) /* log the first surprise of a burst only */
            dure_test_log("unexpected reply: %s %s", env ? env->type : err,
                          env && env->reply ? env->reply->message : "");
        dure_envelope_free(&env);
        zmsg_destroy(&msg);
    }
    return received;
}

/* Checks that a burst of `sent` messages got as many replies, all with `code`. */
static void s_expect(zsock_t *sock, int sent, int code, const char *what, const char *endpoint)
{
    int matching = 0;
    int received = s_collect(sock, sent, code, &matching);
    if (received != sent || matching != sent)
        dure_test_log("%s on %s: %d sent, %d replies, %d with code %s", what, endpoint, sent,
                      received, matching, dure_code_name(code));
    CHECK_INT_EQ(received, sent);
    CHECK_INT_EQ(matching, sent);
}

static int s_ping_ok(dure_client_t *client)
{
    Dure__V1__Ping ping = DURE__V1__PING__INIT;
    dure_response_t res;
    dure_client_call(client, &ping.base, NULL, NULL, &dure__v1__pong__descriptor, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK && res.payload &&
             ((Dure__V1__Pong *) res.payload)->ready;
    dure_response_clear(&res);
    return ok;
}

/* Every RPC endpoint answers Ping, and the catalog a real request. */
static void s_healthy(s_ctx_t *ctx, const char *after)
{
    for (int s = 0; s < S_SERVICES; s++)
        if (!s_ping_ok(ctx->clients[s])) {
            dure_test_log("%s: no Pong from %s", after, s_services[s]);
            CHECK(!"every service answers Ping");
        }
    char *ids[] = {"p-wire-abuse"};
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    req.n_ids = 1;
    req.ids = ids;
    dure_response_t res;
    dure_client_call(ctx->clients[0], &req.base, NULL, NULL,
                     &dure__v1__get_products_reply__descriptor, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK && res.payload &&
             ((Dure__V1__GetProductsReply *) res.payload)->n_missing == 1;
    if (!ok)
        dure_test_log("%s: GetProducts answered %s %s", after, dure_code_name(res.code),
                      res.message);
    CHECK(ok);
    dure_response_clear(&res);
}

/* An encoded envelope around a message; the caller frees the bytes. */
static uint8_t *s_encode(const ProtobufCMessage *payload, const char *key, size_t *len)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, payload, "wire-abuse", arena);
    env.idempotency_key = (char *) (key ? key : "");
    uint8_t *bytes = dure_envelope_encode(&env, len);
    dure_arena_destroy(&arena);
    return bytes;
}

static uint8_t *s_place_order_bytes(size_t *len)
{
    Dure__V1__Address address = DURE__V1__ADDRESS__INIT;
    address.postcode = "32423";
    address.line1 = "충청남도 청양군 청양읍 문화예술로 1";
    address.recipient = "홍길동";
    address.phone = "010-1234-5678";
    Dure__V1__OrderLineRequest a = DURE__V1__ORDER_LINE_REQUEST__INIT;
    Dure__V1__OrderLineRequest b = DURE__V1__ORDER_LINE_REQUEST__INIT;
    a.product_id = "p-wire-1";
    a.quantity = 2;
    b.product_id = "p-wire-2";
    b.quantity = 1;
    Dure__V1__OrderLineRequest *lines[] = {&a, &b};
    Dure__V1__PlaceOrder order = DURE__V1__PLACE_ORDER__INIT;
    order.customer_id = "c-wire";
    order.channel = DURE__V1__CHANNEL__CHANNEL_B2C;
    order.n_lines = 2;
    order.lines = lines;
    order.address = &address;
    return s_encode(&order.base, "k-wire-abuse", len);
}

static void s_burst_random(s_ctx_t *ctx, zsock_t *sock, const char *endpoint)
{
    uint8_t *buf = dure_malloc(S_RANDOM_BIG_BYTES);
    for (int m = 0; m < S_RANDOM_MESSAGES; m++) {
        zmsg_t *msg = zmsg_new();
        int frames = 1 + (int) (s_next(ctx) % S_RANDOM_MAX_FRAMES);
        for (int f = 0; f < frames; f++) {
            size_t len = s_next(ctx) % 16 == 0 ? S_RANDOM_BIG_BYTES
                                                : s_next(ctx) % (S_RANDOM_MAX_BYTES + 1);
            for (size_t i = 0; i < len; i++)
                buf[i] = (uint8_t) s_next(ctx);
            zmsg_addmem(msg, buf, len);
        }
        zmsg_send(&msg, sock);
    }
    free(buf);
    s_expect(sock, S_RANDOM_MESSAGES, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "random", endpoint);
}

static void s_burst_truncated(zsock_t *sock, const char *endpoint)
{
    size_t len = 0;
    uint8_t *bytes = s_place_order_bytes(&len);
    for (size_t cut = 0; cut < len; cut++) {
        zmsg_t *msg = zmsg_new();
        zmsg_addmem(msg, bytes, cut);
        zmsg_send(&msg, sock);
    }
    free(bytes);
    s_expect(sock, (int) len, DURE__V1__CODE__CODE_INVALID_ARGUMENT, "truncated", endpoint);
}

/* Sends one message of `frames` frames; the last is `last` (len bytes), the others garbage
   or empty. */
static void s_send_shape(zsock_t *sock, int frames, const uint8_t *last, size_t len, int empty)
{
    zmsg_t *msg = zmsg_new();
    for (int f = 0; f < frames - 1; f++)
        zmsg_addmem(msg, empty ? "" : "\x0a\xff\x01garbage", empty ? 0 : 10);
    zmsg_addmem(msg, last, len);
    zmsg_send(&msg, sock);
}

static void s_burst_shapes(zsock_t *sock, const char *endpoint, int rpc)
{
    Dure__V1__Ping ping = DURE__V1__PING__INIT;
    size_t len = 0;
    uint8_t *env = s_encode(&ping.base, NULL, &len);
    const int bad = DURE__V1__CODE__CODE_INVALID_ARGUMENT;
    /* An envelope first, then garbage: the last frame is what counts. */
    zmsg_t *msg = zmsg_new();
    zmsg_addmem(msg, env, len);
    zmsg_addstr(msg, "not an envelope");
    zmsg_send(&msg, sock);
    s_expect(sock, 1, bad, "envelope then garbage", endpoint);
    /* Empty frames: one, two, and an envelope followed by an empty one. */
    s_send_shape(sock, 1, (const uint8_t *) "", 0, 1);
    s_send_shape(sock, 2, (const uint8_t *) "", 0, 1);
    msg = zmsg_new();
    zmsg_addmem(msg, env, len);
    zmsg_addmem(msg, "", 0);
    zmsg_send(&msg, sock);
    s_expect(sock, 3, bad, "empty frames", endpoint);
    /* Twenty frames: garbage throughout, then empty frames before a valid Ping, which the
       request endpoint answers (extra frames are routing, echoed back) and the event
       endpoint refuses (Ping is no event). */
    s_send_shape(sock, S_SHAPE_FRAMES, (const uint8_t *) "\x0a\xff\x01garbage", 10, 0);
    s_expect(sock, 1, bad, "20 garbage frames", endpoint);
    s_send_shape(sock, S_SHAPE_FRAMES, env, len, 1);
    s_expect(sock, 1, rpc ? DURE__V1__CODE__CODE_OK : bad, "19 empty frames and a Ping",
             endpoint);
    free(env);
}

/* Twice the size limit: the service drops this connection and answers nothing. */
static void s_burst_oversize(const char *endpoint)
{
    zsock_t *sock = s_dealer(endpoint);
    REQUIRE(sock);
    uint8_t *blob = dure_calloc(1, S_OVERSIZE_BYTES);
    zmsg_t *msg = zmsg_new();
    zmsg_addmem(msg, blob, S_OVERSIZE_BYTES);
    free(blob);
    zmsg_send(&msg, sock);
    zmq_pollitem_t item = {zsock_resolve(sock), 0, ZMQ_POLLIN, 0};
    CHECK_INT_EQ(zmq_poll(&item, 1, S_SILENCE_MS), 0);
    zsock_destroy(&sock);
}

/* A TCP connection that sends four bytes of the ZMTP greeting and then waits forever.
   Returns the descriptor, or -1. */
static int s_slow_client(const char *endpoint)
{
    const char *colon = endpoint ? strrchr(endpoint, ':') : NULL;
    if (!colon)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_port = htons((uint16_t) atoi(colon + 1));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0 ||
        send(fd, "\xff\x00\x00\x00", 4, MSG_NOSIGNAL) != 4) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Runs every burst against one endpoint, checking health after each. */
static void s_abuse(s_ctx_t *ctx, const char *service, int rpc)
{
    const char *endpoint = dure_stack_endpoint(ctx->stack, service, s_kinds[!rpc]);
    REQUIRE(endpoint);
    char label[64];
    snprintf(label, sizeof label, "%s %s", service, s_kinds[!rpc]);
    dure_test_log("abusing %s (%s)", label, endpoint);
    zsock_t *sock = s_dealer(endpoint);
    REQUIRE(sock);
    s_burst_random(ctx, sock, label);
    s_healthy(ctx, label);
    s_burst_truncated(sock, label);
    s_healthy(ctx, label);
    s_burst_shapes(sock, label, rpc);
    s_healthy(ctx, label);
    zsock_destroy(&sock);
    s_burst_oversize(endpoint);
    s_healthy(ctx, label);
}

DURE_TEST(wire_abuse_every_endpoint_keeps_serving)
{
    s_ctx_t ctx = {.stack = dure_stack_new("abuse"), .rng = 0x9e3779b97f4a7c15ULL};
    REQUIRE(ctx.stack);
    int slots[S_SERVICES], slow[2 * S_SERVICES];
    for (int s = 0; s < S_SERVICES; s++)
        REQUIRE((slots[s] = dure_stack_start(ctx.stack, s_services[s], 0)) >= 0);
    for (int s = 0; s < S_SERVICES; s++)
        REQUIRE((ctx.clients[s] = dure_stack_client(ctx.stack, s_services[s], 2000)));
    for (int e = 0; e < 2 * S_SERVICES; e++) {
        slow[e] = s_slow_client(dure_stack_endpoint(ctx.stack, s_services[e / 2], s_kinds[e % 2]));
        CHECK(slow[e] >= 0);
    }
    s_healthy(&ctx, "start");
    for (int s = 0; s < S_SERVICES && !dure_test_failures(); s++) {
        s_abuse(&ctx, s_services[s], 1);
        s_abuse(&ctx, s_services[s], 0);
    }
    s_healthy(&ctx, "the end");
    for (int s = 0; s < S_SERVICES; s++)
        dure_client_destroy(&ctx.clients[s]);
    /* The slow clients are still connected: they must not hold up a clean stop. */
    for (int s = 0; s < S_SERVICES; s++)
        CHECK_INT_EQ(dure_stack_stop(ctx.stack, slots[s], 10000), 0);
    for (int e = 0; e < 2 * S_SERVICES; e++)
        if (slow[e] >= 0)
            close(slow[e]);
    if (dure_test_failures())
        dure_stack_dump_logs(ctx.stack);
    dure_stack_destroy(&ctx.stack);
}
