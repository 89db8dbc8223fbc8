/*  test_common_envelope.c - envelopes round-trip, bad bytes are refused with a reason, and
    ids are random (version 4) UUIDs. */
#include "dure.h"
#include "dure_test.h"

#include <uuid/uuid.h>

DURE_TEST(envelope_round_trip_keeps_every_field)
{
    dure_arena_t *arena = dure_arena_new();
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    char *ids[] = {"p-1", "p-2"};
    req.n_ids = 2;
    req.ids = ids;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &req.base, "test", arena);
    env.correlation_id = "corr-1";
    env.idempotency_key = "key-1";
    CHECK_STR_EQ(env.type, "dure.v1.GetProducts");
    CHECK_INT_EQ(strlen(env.id), DURE_ID_LEN - 1);
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    char err[128] = "";
    Dure__V1__Envelope *back = dure_envelope_decode(bytes, len, err, sizeof err);
    REQUIRE(back);
    CHECK_STR_EQ(back->id, env.id);
    CHECK_STR_EQ(back->correlation_id, "corr-1");
    CHECK_STR_EQ(back->idempotency_key, "key-1");
    CHECK_STR_EQ(back->source, "test");
    ProtobufCMessage *payload = dure_envelope_payload(back, &dure__v1__get_products__descriptor,
                                                      err, sizeof err);
    REQUIRE(payload);
    Dure__V1__GetProducts *got = (Dure__V1__GetProducts *) payload;
    CHECK_INT_EQ(got->n_ids, 2);
    CHECK_STR_EQ(got->ids[1], "p-2");
    /* The payload asked as another type is refused, naming both. */
    CHECK(dure_envelope_payload(back, &dure__v1__ping__descriptor, err, sizeof err) == NULL);
    CHECK(strstr(err, "dure.v1.Ping") && strstr(err, "dure.v1.GetProducts"));
    protobuf_c_message_free_unpacked(payload, NULL);
    dure_envelope_free(&back);
    CHECK(back == NULL);
    free(bytes);
    dure_arena_destroy(&arena);
}

DURE_TEST(envelope_decode_refuses_bad_bytes_with_a_reason)
{
    char err[128];
    const uint8_t garbage[] = {0x0a, 0xff, 0xff, 0xff, 0x7f};
    CHECK(dure_envelope_decode(garbage, sizeof garbage, err, sizeof err) == NULL);
    CHECK(strstr(err, "not a dure.v1.Envelope") != NULL);

    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    env.id = "x";
    env.type = "other.v1.Thing";
    size_t len;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    CHECK(dure_envelope_decode(bytes, len, err, sizeof err) == NULL);
    CHECK(strstr(err, "dure.v1") != NULL);
    free(bytes);

    char long_id[100];
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    env.id = long_id;
    env.type = "dure.v1.Ping";
    bytes = dure_envelope_encode(&env, &len);
    CHECK(dure_envelope_decode(bytes, len, err, sizeof err) == NULL);
    CHECK(strstr(err, "longer than 64") != NULL);
    free(bytes);
}

DURE_TEST(envelope_code_names_match_the_proto)
{
    CHECK_STR_EQ(dure_code_name(DURE__V1__CODE__CODE_OK), "OK");
    CHECK_STR_EQ(dure_code_name(DURE__V1__CODE__CODE_INVALID_ARGUMENT), "INVALID_ARGUMENT");
    CHECK_STR_EQ(dure_code_name(DURE__V1__CODE__CODE_CONFLICT), "CONFLICT");
    CHECK_STR_EQ(dure_code_name(999), "UNKNOWN");
}

DURE_TEST(id_new_gives_distinct_version_4_uuids)
{
    enum { N = 2000 };
    zhashx_t *seen = zhashx_new();
    int malformed = 0;
    for (int i = 0; i < N; i++) {
        char id[DURE_ID_LEN];
        dure_id_new(id);
        uuid_t parsed;
        malformed += strlen(id) != 36 || uuid_parse(id, parsed) != 0 || id[14] != '4' ||
                     !strchr("89ab", id[19]) || strcspn(id, "ABCDEF") != 36;
        zhashx_insert(seen, id, (void *) 1);
    }
    CHECK_INT_EQ(malformed, 0);
    CHECK_INT_EQ(zhashx_size(seen), N);
    zhashx_destroy(&seen);
}
