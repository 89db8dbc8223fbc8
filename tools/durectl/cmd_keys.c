/*  cmd_keys.c - `durectl keys`: a new CurveZMQ key pair, for a service or a client. */
#include "durectl.h"

int durectl_keys_main(durectl_t *ctx, int argc, char **argv)
{
    (void) argc;
    (void) argv;
    char public_key[41], secret_key[41];
    if (zmq_curve_keypair(public_key, secret_key) != 0) {
        fprintf(stderr, "durectl: this libzmq has no CURVE support\n");
        return 1;
    }
    if (ctx->json) {
        json_object *obj = json_object_new_object();
        json_object_object_add(obj, "public_key", json_object_new_string(public_key));
        json_object_object_add(obj, "secret_key", json_object_new_string(secret_key));
        printf("%s\n", json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
                                                              JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(obj);
    } else
        printf("public_key %s\nsecret_key %s\n", public_key, secret_key);
    return 0;
}
