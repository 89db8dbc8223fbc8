/*  dure_envelope.c - envelope build, encode, decode and validation. */
#include "dure_envelope.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <uuid/uuid.h>

void dure_id_new(char buf[DURE_ID_LEN])
{
    /* A version 4 UUID from the kernel's generator. uuid_generate_random reseeds the C
       library's random() on every call (a getpid, a getuid, a clock read and up to 511
       random() calls per id); ids are made several times per order. */
    uuid_t uuid;
    if (getrandom(uuid, sizeof uuid, 0) == (ssize_t) sizeof uuid) {
        uuid[6] = (unsigned char) ((uuid[6] & 0x0F) | 0x40); /* version 4 */
        uuid[8] = (unsigned char) ((uuid[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    } else
        uuid_generate_random(uuid);
    uuid_unparse_lower(uuid, buf);
}

int64_t dure_now_ms(void)
{
    struct timeval now;
    gettimeofday(&now, NULL);
    return (int64_t) now.tv_sec * 1000 + now.tv_usec / 1000;
}

void dure_envelope_wrap(Dure__V1__Envelope *env, const ProtobufCMessage *payload,
                        const char *source, dure_arena_t *arena)
{
    char id[DURE_ID_LEN];
    dure_id_new(id);
    env->id = dure_arena_strdup(arena, id);
    env->type = (char *) payload->descriptor->name;
    env->sent_at_ms = dure_now_ms();
    env->source = (char *) source;
    size_t size = protobuf_c_message_get_packed_size(payload);
    env->payload.data = dure_arena_alloc(arena, size);
    env->payload.len = protobuf_c_message_pack(payload, env->payload.data);
}

uint8_t *dure_envelope_encode(const Dure__V1__Envelope *env, size_t *len)
{
    size_t size = dure__v1__envelope__get_packed_size(env);
    uint8_t *buf = dure_malloc(size);
    *len = dure__v1__envelope__pack(env, buf);
    return buf;
}

static int s_valid_text(const char *text, size_t max)
{
    return text && strnlen(text, max + 1) <= max;
}

Dure__V1__Envelope *dure_envelope_decode(const uint8_t *data, size_t len, char *err,
                                         size_t errlen)
{
    Dure__V1__Envelope *env = dure__v1__envelope__unpack(NULL, len, data);
    if (!env) {
        snprintf(err, errlen, "the last frame is not a dure.v1.Envelope");
        return NULL;
    }
    const char *problem = NULL;
    if (!env->id || !*env->id)
        problem = "envelope.id is missing";
    else if (!s_valid_text(env->id, DURE_ID_MAX))
        problem = "envelope.id is longer than 64 characters";
    else if (!env->type || strncmp(env->type, DURE_TYPE_PREFIX, strlen(DURE_TYPE_PREFIX)) != 0)
        problem = "envelope.type must name a dure.v1 message";
    else if (!s_valid_text(env->type, DURE_TYPE_MAX))
        problem = "envelope.type is too long";
    else if (!s_valid_text(env->correlation_id, DURE_ID_MAX) ||
             !s_valid_text(env->causation_id, DURE_ID_MAX))
        problem = "envelope correlation or causation id is longer than 64 characters";
    else if (!s_valid_text(env->idempotency_key, DURE_ID_MAX * 2))
        problem = "envelope.idempotency_key is longer than 128 characters";
    if (problem) {
        snprintf(err, errlen, "%s", problem);
        dure__v1__envelope__free_unpacked(env, NULL);
        return NULL;
    }
    return env;
}

void dure_envelope_free(Dure__V1__Envelope **env_p)
{
    if (env_p && *env_p) {
        dure__v1__envelope__free_unpacked(*env_p, NULL);
        *env_p = NULL;
    }
}

ProtobufCMessage *dure_envelope_payload(const Dure__V1__Envelope *env,
                                        const ProtobufCMessageDescriptor *type, char *err,
                                        size_t errlen)
{
    if (strcmp(env->type, type->name) != 0) {
        snprintf(err, errlen, "expected %s, got %s", type->name, env->type);
        return NULL;
    }
    ProtobufCMessage *msg = protobuf_c_message_unpack(type, NULL, env->payload.len,
                                                      env->payload.data);
    if (!msg)
        snprintf(err, errlen, "payload does not decode as %s", type->name);
    return msg;
}

const char *dure_code_name(int code)
{
    const ProtobufCEnumValue *value =
        protobuf_c_enum_descriptor_get_value(&dure__v1__code__descriptor, code);
    return value ? value->name + strlen("CODE_") : "UNKNOWN";
}
