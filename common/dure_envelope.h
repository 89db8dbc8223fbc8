/*  dure_envelope.h - the Envelope every message travels in: build, encode, decode, validate.

    An envelope wraps one typed protobuf payload (see proto/dure/v1/envelope.proto). Decoding
    validates what every receiver relies on (an id, a dure.v1 type name, sane sizes) so that
    handlers only see well-formed envelopes. Nothing here asserts on received bytes: bad input
    returns NULL with a reason.

    Ownership: decoded envelopes and payloads belong to the caller, who frees them with
    dure_envelope_free / protobuf_c_message_free_unpacked. Envelopes being built live on the
    caller's stack or arena; dure_envelope_encode returns bytes the caller frees.
*/
#ifndef DURE_ENVELOPE_H
#define DURE_ENVELOPE_H

#include "dure_alloc.h"
#include "dure/v1/envelope.pb-c.h"

#include <stddef.h>
#include <stdint.h>

#define DURE_ID_LEN 37           /* a UUID in text form plus its NUL */
#define DURE_ID_MAX 64           /* longest id or key accepted from a peer */
#define DURE_TYPE_MAX 96         /* longest type name accepted */
#define DURE_TYPE_PREFIX "dure.v1."

/* Writes a new random UUID into buf. */
void dure_id_new(char buf[DURE_ID_LEN]);

/* Milliseconds since the Unix epoch, UTC. */
int64_t dure_now_ms(void);

/* Fills an envelope around a payload: a new id (in the arena), the payload's full type name,
   its serialized bytes (in the arena), the time and the source. Correlation, causation and
   idempotency key are left for the caller to set. */
void dure_envelope_wrap(Dure__V1__Envelope *env, const ProtobufCMessage *payload,
                        const char *source, dure_arena_t *arena);

/* Serializes an envelope. Returns a new buffer (caller frees) and its length in *len. */
uint8_t *dure_envelope_encode(const Dure__V1__Envelope *env, size_t *len);

/* Decodes and validates an envelope. Returns NULL and writes the reason into err when the
   bytes do not decode or the envelope lacks an id or a dure.v1 type. */
Dure__V1__Envelope *dure_envelope_decode(const uint8_t *data, size_t len, char *err,
                                         size_t errlen);

/* Frees a decoded envelope; nulls the caller's pointer. */
void dure_envelope_free(Dure__V1__Envelope **env_p);

/* Decodes the payload as `type`. Returns NULL with a reason when the envelope's type is not
   that message or the bytes do not decode. The caller frees the result with
   protobuf_c_message_free_unpacked(msg, NULL). */
ProtobufCMessage *dure_envelope_payload(const Dure__V1__Envelope *env,
                                        const ProtobufCMessageDescriptor *type, char *err,
                                        size_t errlen);

/* Name of a status code, such as "INVALID_ARGUMENT". */
const char *dure_code_name(int code);

#endif
