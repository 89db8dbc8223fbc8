/*  test_curve_allowlist.c - with keys configured, a service speaks CurveZMQ and lets in only
    the client keys of its allow-list; a refused key is logged. */
#include "dure_stack.h"
#include "dure_test.h"

typedef struct {
    char pub[41]; /* Z85 public key */
    char sec[41]; /* Z85 secret key */
} s_pair_t;

static int s_ping(const char *endpoint, const dure_security_t *sec)
{
    char err[256];
    dure_client_t *client = dure_client_new(endpoint, "test", 700, 0, 1 << 20, sec, err, sizeof err);
    if (!client)
        return -1;
    Dure__V1__Ping ping = DURE__V1__PING__INIT;
    dure_response_t res;
    dure_client_call(client, &ping.base, NULL, NULL, &dure__v1__pong__descriptor, &res);
    int code = res.code;
    dure_response_clear(&res);
    dure_client_destroy(&client);
    return code;
}

static int s_log_contains(dure_stack_t *stack, const char *needle)
{
    char path[512];
    snprintf(path, sizeof path, "%s/catalog-0.log", dure_stack_dir(stack));
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, needle) != NULL;
    fclose(f);
    return found;
}

DURE_TEST(curve_unknown_key_refused_allowed_key_served)
{
    s_pair_t server, allowed, stranger;
    REQUIRE(zmq_curve_keypair(server.pub, server.sec) == 0);
    REQUIRE(zmq_curve_keypair(allowed.pub, allowed.sec) == 0);
    REQUIRE(zmq_curve_keypair(stranger.pub, stranger.sec) == 0);

    dure_stack_t *stack = dure_stack_new("curve");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_CURVE_SECRET_KEY", server.sec);
    dure_stack_setenv(stack, "DURE_CURVE_PUBLIC_KEY", server.pub);
    dure_stack_setenv(stack, "DURE_CURVE_ALLOWED_KEYS", allowed.pub);
    dure_stack_set_client_keys(stack, server.pub, allowed.pub, allowed.sec);
    int slot = dure_stack_start(stack, "catalog", 0);
    REQUIRE(slot >= 0);
    const char *endpoint = dure_stack_endpoint(stack, "catalog", "RPC");

    dure_security_t as_allowed = {.server_key = server.pub,
                                  .client_public_key = allowed.pub,
                                  .client_secret_key = allowed.sec};
    dure_security_t as_stranger = {.server_key = server.pub,
                                   .client_public_key = stranger.pub,
                                   .client_secret_key = stranger.sec};
    CHECK_INT_EQ(s_ping(endpoint, &as_stranger), DURE__V1__CODE__CODE_UNAVAILABLE);
    CHECK_INT_EQ(s_ping(endpoint, NULL), DURE__V1__CODE__CODE_UNAVAILABLE); /* plaintext */
    CHECK_INT_EQ(s_ping(endpoint, &as_allowed), DURE__V1__CODE__CODE_OK);
    CHECK(s_log_contains(stack, stranger.pub));
    CHECK(!s_log_contains(stack, allowed.pub));

    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(curve_bad_key_setting_is_refused_at_start_not_a_crash)
{
    dure_stack_t *stack = dure_stack_new("curvebad");
    REQUIRE(stack);
    dure_stack_setenv(stack, "DURE_CURVE_SECRET_KEY", "CHANGE-ME");
    /* The service must refuse to start with a clear error (exit 1), not abort. */
    CHECK(dure_stack_start(stack, "catalog", 0) < 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "grep -q 'not a CurveZMQ key' '%s/catalog-0.log'",
             dure_stack_dir(stack));
    CHECK(system(cmd) == 0);
    dure_stack_destroy(&stack);
}
