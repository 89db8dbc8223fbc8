/*  test_wire_errors.c - bad input on a running service gets a structured error reply (or,
    over the size limit, a dropped connection), and the service keeps answering.

    Each case sends raw frames to the catalog's request endpoint, then checks a valid Ping
    still answers. The catalog stands for every service: they share the dispatcher.
*/
#include "dure_stack.h"
#include "dure_test.h"

/* Sends frames and decodes the reply envelope; NULL on no reply or undecodable reply. */
static Dure__V1__Envelope *s_send_raw(dure_client_t *client, zmsg_t *msg)
{
    zframe_t *reply = dure_client_call_raw(client, &msg);
    if (!reply)
        return NULL;
    char err[128];
    Dure__V1__Envelope *env =
        dure_envelope_decode(zframe_data(reply), zframe_size(reply), err, sizeof err);
    zframe_destroy(&reply);
    return env;
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

static void s_expect_invalid(dure_client_t *client, zmsg_t *msg, const char *needle)
{
    Dure__V1__Envelope *env = s_send_raw(client, msg);
    CHECK(env != NULL);
    if (env) {
        CHECK(env->reply != NULL);
        CHECK_INT_EQ(env->reply ? (int) env->reply->code : -1, DURE__V1__CODE__CODE_INVALID_ARGUMENT);
        CHECK(env->reply && env->reply->message && strstr(env->reply->message, needle));
        if (env->reply && !strstr(env->reply->message, needle))
            dure_test_log("message was: %s", env->reply->message);
    }
    dure_envelope_free(&env);
    CHECK(s_ping_ok(client));
}

/* An envelope around arbitrary payload bytes with a given type. */
static zmsg_t *s_envelope(const char *id, const char *type, const void *payload, size_t len)
{
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    env.id = (char *) id;
    env.type = (char *) type;
    env.payload.data = (uint8_t *) payload;
    env.payload.len = len;
    size_t size = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &size);
    zmsg_t *msg = zmsg_new();
    zmsg_addmem(msg, bytes, size);
    free(bytes);
    return msg;
}

DURE_TEST(wire_bad_input_gets_structured_errors)
{
    dure_stack_t *stack = dure_stack_new("wire");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    CHECK(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 2000);
    REQUIRE(client);
    CHECK(s_ping_ok(client));

    /* Garbage bytes: the last frame is not an envelope. */
    zmsg_t *garbage = zmsg_new();
    zmsg_addstr(garbage, "\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01 not protobuf");
    s_expect_invalid(client, garbage, "not a dure.v1.Envelope");

    /* An envelope without an id. */
    s_expect_invalid(client, s_envelope("", "dure.v1.Ping", "", 0), "envelope.id");

    /* An unknown message type. */
    s_expect_invalid(client, s_envelope("t-1", "dure.v1.LaunchRocket", "", 0),
                     "unknown message type");

    /* A known type whose payload does not decode. */
    s_expect_invalid(client, s_envelope("t-2", "dure.v1.GetProducts", "\x0a\xff\xff", 3),
                     "does not decode");

    /* Over the size limit (1 MiB by default): the socket drops the connection, no reply. */
    size_t big = 2u << 20;
    char *blob = dure_calloc(1, big);
    zmsg_t *huge = s_envelope("t-3", "dure.v1.Ping", blob, big);
    free(blob);
    CHECK(s_send_raw(client, huge) == NULL);

    /* The service still answers a new client (the old connection was cut). */
    dure_client_t *fresh = dure_stack_client(stack, "catalog", 2000);
    CHECK(s_ping_ok(fresh));
    dure_client_destroy(&fresh);
    dure_client_destroy(&client);
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}

DURE_TEST(wire_sigterm_drains_and_exits_zero)
{
    dure_stack_t *stack = dure_stack_new("drain");
    REQUIRE(stack);
    int slot = dure_stack_start(stack, "catalog", 0);
    REQUIRE(slot >= 0);
    dure_client_t *client = dure_stack_client(stack, "catalog", 2000);
    CHECK(s_ping_ok(client));
    dure_client_destroy(&client);
    /* Exit status 0 also means no leak: under LeakSanitizer a leak exits non-zero. */
    CHECK_INT_EQ(dure_stack_stop(stack, slot, 10000), 0);
    dure_stack_destroy(&stack);
}
