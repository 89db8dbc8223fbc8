/*  json.c - any protobuf message as JSON, by reflection over its descriptor.

    Field names are the .proto names; enums print their value names; 64-bit integers print
    as JSON numbers (the values dure uses stay far below 2^53). Personal data fields
    (recipient, phone, address lines) are masked unless --reveal.
*/
#include "durectl.h"

static const char *const s_personal[] = {"recipient", "phone", "line1", "line2", NULL};

static int s_is_personal(const char *name)
{
    for (int i = 0; s_personal[i]; i++)
        if (strcmp(s_personal[i], name) == 0)
            return 1;
    return 0;
}

static json_object *s_value(durectl_t *ctx, const ProtobufCFieldDescriptor *f, const void *p)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        return json_object_new_int(*(const int32_t *) p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return json_object_new_int64(*(const uint32_t *) p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return json_object_new_int64(*(const int64_t *) p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return json_object_new_int64((int64_t) * (const uint64_t *) p);
    case PROTOBUF_C_TYPE_FLOAT:
        return json_object_new_double(*(const float *) p);
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_object_new_double(*(const double *) p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_object_new_boolean(*(const protobuf_c_boolean *) p);
    case PROTOBUF_C_TYPE_ENUM: {
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
            (const ProtobufCEnumDescriptor *) f->descriptor, *(const int *) p);
        return v ? json_object_new_string(v->name) : json_object_new_int(*(const int *) p);
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *text = *(char *const *) p;
        text = text ? text : "";
        return json_object_new_string(s_is_personal(f->name) ? durectl_mask(ctx, text) : text);
    }
    case PROTOBUF_C_TYPE_BYTES: {
        const ProtobufCBinaryData *b = p;
        return json_object_new_int64((int64_t) b->len); /* size only: bytes are not for people */
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *m = *(ProtobufCMessage *const *) p;
        return m ? durectl_message_json(ctx, m) : NULL;
    }
    }
    return NULL;
}

static size_t s_elem_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    default:
        return 4;
    }
}

json_object *durectl_message_json(durectl_t *ctx, const ProtobufCMessage *msg)
{
    json_object *obj = json_object_new_object();
    const ProtobufCMessageDescriptor *d = msg->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        const char *base = (const char *) msg;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *) (base + f->quantifier_offset);
            const char *items = *(char *const *) (base + f->offset);
            json_object *array = json_object_new_array();
            for (size_t k = 0; k < n; k++) {
                json_object *v = s_value(ctx, f, items + k * s_elem_size(f));
                json_object_array_add(array, v ? v : json_object_new_null());
            }
            json_object_object_add(obj, f->name, array);
            continue;
        }
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *) (base + f->quantifier_offset) != f->id)
            continue;
        json_object *v = s_value(ctx, f, base + f->offset);
        if (v)
            json_object_object_add(obj, f->name, v);
    }
    return obj;
}

void durectl_print_message(durectl_t *ctx, const ProtobufCMessage *msg)
{
    json_object *obj = durectl_message_json(ctx, msg);
    printf("%s\n", json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(obj);
}
