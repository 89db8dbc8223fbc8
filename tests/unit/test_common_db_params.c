/*  test_common_db_params.c - statement parameters built in C: bytes as hex with or without
    bytea's "\x", a message serialized the same way, an array literal in an arena, and a
    JSON array of awkward strings. */
#include "dure.h"
#include "dure_test.h"

DURE_TEST(db_hex_writes_bytes_with_the_prefix_asked_for)
{
    const uint8_t bytes[] = {0x00, 0x0a, 0x7f, 0x80, 0xff};
    char *plain = dure_db_hex("", bytes, sizeof bytes);
    char *bytea = dure_db_hex("\\x", bytes, sizeof bytes);
    char *empty = dure_db_hex("\\x", bytes, 0);
    CHECK_STR_EQ(plain, "000a7f80ff");
    CHECK_STR_EQ(bytea, "\\x000a7f80ff");
    CHECK_STR_EQ(empty, "\\x");
    free(plain);
    free(bytea);
    free(empty);

    /* A message: its serialized bytes; none for NULL. */
    Dure__V1__Pong pong = DURE__V1__PONG__INIT;
    pong.service = "order";
    uint8_t packed[64];
    size_t len = protobuf_c_message_pack(&pong.base, packed);
    char *want = dure_db_hex("", packed, len);
    char *got = dure_db_message_hex("", &pong.base);
    CHECK_STR_EQ(got, want);
    CHECK(strlen(got) == 2 * len && len > 0);
    free(want);
    free(got);
    got = dure_db_message_hex("\\x", NULL);
    CHECK_STR_EQ(got, "\\x");
    free(got);
}

DURE_TEST(db_array_in_an_arena_is_the_same_literal)
{
    const char *values[] = {"plain", "with \"quotes\"", "back\\slash", ""};
    dure_arena_t *arena = dure_arena_new();
    char *want = dure_db_array(values, 4);
    CHECK_STR_EQ(want, "{\"plain\",\"with \\\"quotes\\\"\",\"back\\\\slash\",\"\"}");
    CHECK_STR_EQ(dure_db_array_in(arena, values, 4), want);
    CHECK_STR_EQ(dure_db_array_in(arena, values, 0), "{}");
    free(want);
    dure_arena_destroy(&arena);
}

DURE_TEST(db_json_array_escapes_what_json_needs)
{
    const char *values[] = {"plain", "with \"quotes\"", "back\\slash", "line\nbreak"};
    char *json = dure_db_json_array(values, 4);
    CHECK_STR_EQ(json, "[\"plain\",\"with \\\"quotes\\\"\",\"back\\\\slash\",\"line\\nbreak\"]");
    free(json);
    json = dure_db_json_array(values, 0);
    CHECK_STR_EQ(json, "[]");
    free(json);
}
