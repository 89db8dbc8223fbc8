/*  test_cache_degraded.c - Redis down is a mode: calls fail fast with -1, and the client
    reconnects by itself when Redis is back. Uses a private redis-server on its own port. */
#include "dure_stack.h"
#include "dure_test.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t s_redis_start(int port)
{
    pid_t pid = fork();
    if (pid == 0) {
        char p[16];
        snprintf(p, sizeof p, "%d", port);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execlp("redis-server", "redis-server", "--port", p, "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", (char *) NULL);
        _exit(127);
    }
    for (int i = 0; i < 50; i++) {
        redisContext *ctx = redisConnect("127.0.0.1", port);
        int up = ctx && !ctx->err;
        if (ctx)
            redisFree(ctx);
        if (up)
            return pid;
        usleep(100 * 1000);
    }
    fprintf(stderr, "    redis-server did not come up on port %d\n", port);
    return pid;
}

static void s_redis_stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

DURE_TEST(cache_degrades_when_redis_dies_and_recovers)
{
    int port = dure_stack_free_ports(1);
    pid_t redis = s_redis_start(port);
    dure_cache_t *cache = dure_cache_new("127.0.0.1", port, NULL, 50);
    CHECK(dure_cache_up(cache));
    CHECK_INT_EQ(dure_cache_set(cache, "k", "v1", 2, 60), 0);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT_EQ(dure_cache_get(cache, "k", &data, &len), 1);
    CHECK(data && strcmp(data, "v1") == 0);
    free(data);
    CHECK_INT_EQ(dure_cache_get(cache, "missing", &data, &len), 0);

    s_redis_stop(redis);
    CHECK_INT_EQ(dure_cache_get(cache, "k", &data, &len), -1);
    CHECK_INT_EQ(dure_cache_set(cache, "k", "v2", 2, 60), -1);
    CHECK(!dure_cache_up(cache));

    redis = s_redis_start(port); /* back, and empty */
    usleep(1100 * 1000);         /* past the reconnect interval */
    CHECK(dure_cache_up(cache));
    CHECK_INT_EQ(dure_cache_get(cache, "k", &data, &len), 0);
    CHECK_INT_EQ(dure_cache_set(cache, "k", "v3", 2, 60), 0);
    long hits, misses, failures;
    dure_cache_stats(cache, &hits, &misses, &failures);
    CHECK_INT_EQ(hits, 1);
    CHECK_INT_EQ(misses, 2);
    CHECK(failures >= 1);
    dure_cache_destroy(&cache);
    s_redis_stop(redis);
}
