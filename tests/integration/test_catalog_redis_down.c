/*  test_catalog_redis_down.c - the catalog's own Redis is stopped during the test: reads and
    writes still answer from PostgreSQL with current values; once it is started again the
    cache is used again (proved by planting a snapshot only Redis has).
*/
#include "test_catalog_fixtures.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define OK DURE__V1__CODE__CODE_OK

static int s_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    int port = -1;
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *) &addr, &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

/* Starts a throwaway redis-server on `port`; returns its pid once it answers, or -1. */
static pid_t s_redis_start(int port, const char *dir)
{
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    char log[512];
    snprintf(log, sizeof log, "%s/redis-%d.log", dir, port);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        close(null);
        execlp("redis-server", "redis-server", "--port", port_text, "--bind", "127.0.0.1",
               "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", log,
               (char *) NULL);
        _exit(127);
    }
    for (int i = 0; i < 100; i++) {
        redisContext *ctx = redisConnect("127.0.0.1", port);
        int up = ctx && !ctx->err;
        if (ctx)
            redisFree(ctx);
        if (up)
            return pid;
        usleep(50000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

static void s_redis_stop(pid_t *pid)
{
    if (*pid <= 0)
        return;
    kill(*pid, SIGKILL);
    waitpid(*pid, NULL, 0);
    *pid = -1;
}

/* The version stored in Redis for a product, 0 when absent, -1 when Redis is unreachable. */
static long long s_cached_version(int port, const char *id)
{
    redisContext *ctx = redisConnect("127.0.0.1", port);
    long long version = -1;
    if (ctx && !ctx->err) {
        redisReply *reply = redisCommand(ctx, "GET dure:catalog:p:%s", id);
        version = reply && reply->type == REDIS_REPLY_STRING ? strtoll(reply->str, NULL, 10) : 0;
        if (reply)
            freeReplyObject(reply);
    }
    if (ctx)
        redisFree(ctx);
    return version;
}

/* Plants a snapshot of `id` with a price and a version far ahead of PostgreSQL's. */
static int s_plant(int port, const char *id, int64_t price)
{
    catfx_product_t fake;
    catfx_product(&fake, id, "ent-001", "rice_grains", price, 1);
    fake.p.version = 999;
    size_t len = protobuf_c_message_get_packed_size(&fake.p.base);
    char *value = dure_malloc(20 + len);
    char head[21];
    snprintf(head, sizeof head, "%020d", 999);
    memcpy(value, head, 20);
    protobuf_c_message_pack(&fake.p.base, (uint8_t *) value + 20);
    redisContext *ctx = redisConnect("127.0.0.1", port);
    int ok = ctx && !ctx->err;
    if (ok) {
        redisReply *reply = redisCommand(ctx, "SET dure:catalog:p:%s %b", id, value, 20 + len);
        ok = reply && reply->type == REDIS_REPLY_STATUS;
        if (reply)
            freeReplyObject(reply);
    }
    if (ctx)
        redisFree(ctx);
    free(value);
    return ok ? 0 : -1;
}

DURE_TEST(catalog_redis_down_reads_postgres_then_uses_cache_again)
{
    dure_stack_t *stack = dure_stack_new("catredis");
    REQUIRE(stack != NULL);
    int port = s_free_port();
    CATFX_REQUIRE(stack, port > 0);
    pid_t redis = s_redis_start(port, dure_stack_dir(stack));
    CATFX_REQUIRE(stack, redis > 0);
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    dure_stack_setenv(stack, "DURE_REDIS_PORT", port_text);
    int slot = dure_stack_start(stack, "catalog", 0);
    CATFX_REQUIRE(stack, slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 3000);
    catfx_enterprise_t ent;
    catfx_enterprise(&ent, "ent-001");
    CHECK_INT_EQ(catfx_put_enterprise(client, &ent), OK);
    catfx_product_t prod;
    catfx_product(&prod, "p-0001", "ent-001", "rice_grains", 30000, 50);
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);
    CHECK_INT_EQ(catfx_get(client, "p-0001", NULL, NULL, NULL), OK);
    CHECK_INT_EQ(s_cached_version(port, "p-0001"), 1);

    /* Redis gone: reads, an update and a quote all answer, with the new values. */
    s_redis_stop(&redis);
    int64_t price = 0, stock = 0;
    CHECK_INT_EQ(catfx_get(client, "p-0001", NULL, &stock, &price), OK);
    CHECK_INT_EQ(price, 30000);
    prod.p.price_krw = 31000;
    CHECK_INT_EQ(catfx_put_product(client, &prod), OK);
    Dure__V1__SetStock set = DURE__V1__SET_STOCK__INIT;
    set.product_id = "p-0001";
    set.change_case = DURE__V1__SET_STOCK__CHANGE_STOCK;
    set.stock = 7;
    CHECK_INT_EQ(catfx_call(client, &set.base, &dure__v1__set_stock_reply__descriptor, NULL), OK);
    CHECK_INT_EQ(catfx_quote(client, "p-0001", 1), 31000);
    CHECK_INT_EQ(catfx_get(client, "p-0001", NULL, &stock, &price), OK);
    CHECK_INT_EQ(price, 31000);
    CHECK_INT_EQ(stock, 7);
    Dure__V1__ListCategories categories = DURE__V1__LIST_CATEGORIES__INIT;
    CHECK_INT_EQ(catfx_call(client, &categories.base,
                            &dure__v1__list_categories_reply__descriptor, NULL),
                 OK);

    /* Redis back, empty: the missed write-through is repaired within a couple of seconds. */
    redis = s_redis_start(port, dure_stack_dir(stack));
    CATFX_REQUIRE(stack, redis > 0);
    long long version = 0;
    for (int i = 0; i < 60 && version != 3; i++) {
        catfx_get(client, "p-0001", NULL, NULL, NULL);
        version = s_cached_version(port, "p-0001");
        usleep(100000);
    }
    CHECK_INT_EQ(version, 3);

    /* Reads come from Redis again: a snapshot planted only there is what they answer. */
    CATFX_REQUIRE(stack, s_plant(port, "p-0001", 12345) == 0);
    CHECK_INT_EQ(catfx_get(client, "p-0001", NULL, NULL, &price), OK);
    CHECK_INT_EQ(price, 12345);

    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 5000), 0);
    s_redis_stop(&redis);
    dure_stack_destroy(&stack);
}
