/*  fuzz_envelope.c - libFuzzer target: every byte string a peer could send as the last frame.

    Runs the receiving path of the dispatcher: envelope decode and validation, then the
    payload decoded as the type the envelope names (when it names a dure.v1 message), plus the
    raw bytes decoded as every message type directly. Nothing may crash, leak or trip a
    sanitizer. Build and run: make fuzz (FUZZ_RUNS, FUZZ_SECONDS).
*/
#include "dure.h"

static const ProtobufCMessageDescriptor *const s_types[] = {
    &dure__v1__envelope__descriptor,        &dure__v1__ping__descriptor,
    &dure__v1__get_products__descriptor,    &dure__v1__list_products__descriptor,
    &dure__v1__upsert_enterprise__descriptor, &dure__v1__upsert_product__descriptor,
    &dure__v1__set_stock__descriptor,       &dure__v1__quote_prices__descriptor,
    &dure__v1__import_catalog__descriptor,  &dure__v1__place_order__descriptor,
    &dure__v1__get_order__descriptor,       &dure__v1__list_orders__descriptor,
    &dure__v1__cancel_order__descriptor,    &dure__v1__import_orders__descriptor,
    &dure__v1__sales_report__descriptor,    &dure__v1__record_tracking_event__descriptor,
    &dure__v1__report_packed__descriptor,   &dure__v1__get_shipment__descriptor,
    &dure__v1__list_shipments__descriptor,  &dure__v1__get_packaging_record__descriptor,
    &dure__v1__packaging_report__descriptor, &dure__v1__order_placed__descriptor,
    &dure__v1__stock_reserved__descriptor,  &dure__v1__stock_rejected__descriptor,
    &dure__v1__order_confirmed__descriptor, &dure__v1__order_cancelled__descriptor,
    &dure__v1__shipment_planned__descriptor, &dure__v1__shipment_packed__descriptor,
    &dure__v1__shipment_cancelled__descriptor, &dure__v1__shipment_status_changed__descriptor,
};
#define S_TYPES (sizeof s_types / sizeof s_types[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    Dure__V1__Envelope *env = dure_envelope_decode(data, size, err, sizeof err);
    if (env) {
        for (size_t i = 0; i < S_TYPES; i++) {
            if (strcmp(env->type, s_types[i]->name) != 0)
                continue;
            ProtobufCMessage *msg = dure_envelope_payload(env, s_types[i], err, sizeof err);
            if (msg) {
                /* Re-encode: what decodes must encode again. */
                size_t len = protobuf_c_message_get_packed_size(msg);
                uint8_t *buf = dure_malloc(len);
                protobuf_c_message_pack(msg, buf);
                free(buf);
                protobuf_c_message_free_unpacked(msg, NULL);
            }
        }
        dure_envelope_free(&env);
    }
    size_t pick = size ? data[0] % S_TYPES : 0;
    ProtobufCMessage *raw = protobuf_c_message_unpack(s_types[pick], NULL, size, data);
    if (raw)
        protobuf_c_message_free_unpacked(raw, NULL);
    return 0;
}
