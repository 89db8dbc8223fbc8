/*  test_common_config.c - settings resolve service variable, then shared, then default. */
#include "dure.h"
#include "dure_test.h"

#include <unistd.h>

static const dure_option_t s_extra[] = {
    {"RULE_SET", "kr-2024", "rule set"},
    {NULL, NULL, NULL},
};

DURE_TEST(config_defaults_follow_the_port_blocks)
{
    unsetenv("DURE_ORDER_RPC");
    unsetenv("DURE_RPC");
    dure_config_t *c = dure_config_new("order", NULL);
    REQUIRE(c);
    CHECK_STR_EQ(dure_config_get(c, "RPC"), "tcp://127.0.0.1:7120");
    CHECK_STR_EQ(dure_config_get(c, "EVENTS"), "tcp://127.0.0.1:7121");
    CHECK_INT_EQ(dure_config_long(c, "HTTP_PORT", 0), 9120);
    CHECK_STR_EQ(dure_config_get(c, "DB_SCHEMA"), "order");
    CHECK_STR_EQ(dure_config_peer(c, "packaging", "EVENTS"), "tcp://127.0.0.1:7141");
    dure_config_destroy(&c);
    CHECK(c == NULL);
    CHECK(dure_config_new("nonsense", NULL) == NULL);
}

DURE_TEST(config_service_variable_beats_shared_beats_default)
{
    setenv("DURE_BATCH_MAX", "64", 1);
    setenv("DURE_CATALOG_BATCH_MAX", "32", 1);
    setenv("DURE_LOGISTICS_RULE_SET", "eu-ppwr-art24", 1);
    dure_config_t *catalog = dure_config_new("catalog", s_extra);
    dure_config_t *order = dure_config_new("order", s_extra);
    CHECK_INT_EQ(dure_config_long(catalog, "BATCH_MAX", 0), 32);
    CHECK_INT_EQ(dure_config_long(order, "BATCH_MAX", 0), 64);
    CHECK_STR_EQ(dure_config_get(order, "RULE_SET"), "kr-2024");
    /* A peer's setting never falls back to the shared variable, which is this service's. */
    setenv("DURE_RPC", "tcp://10.0.0.1:1", 1);
    CHECK_STR_EQ(dure_config_peer(order, "catalog", "RPC"), "tcp://127.0.0.1:7110");
    unsetenv("DURE_RPC");
    unsetenv("DURE_BATCH_MAX");
    unsetenv("DURE_CATALOG_BATCH_MAX");
    unsetenv("DURE_LOGISTICS_RULE_SET");
    dure_config_destroy(&catalog);
    dure_config_destroy(&order);
}

DURE_TEST(config_reads_secrets_from_files)
{
    char path[] = "/tmp/dure-secret-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, "s3cret\n", 7) == 7);
    close(fd);
    setenv("DURE_REDIS_PASSWORD_FILE", path, 1);
    dure_config_t *c = dure_config_new("packaging", NULL);
    CHECK_STR_EQ(dure_config_get(c, "REDIS_PASSWORD"), "s3cret");
    CHECK_INT_EQ(dure_config_long(c, "LOG_LEVEL", -7), -7); /* not a number: the fallback */
    unsetenv("DURE_REDIS_PASSWORD_FILE");
    unlink(path);
    dure_config_destroy(&c);
}
