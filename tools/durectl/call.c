/*  call.c - durectl's requests to the services, with errors printed for a person. */
#include "durectl.h"

static int s_service_index(const char *service)
{
    for (int i = 0; dure_services[i]; i++)
        if (strcmp(dure_services[i], service) == 0)
            return i;
    return -1;
}

/* The RPC endpoint of a service as durectl sees it: DURE_<SVC>_RPC or the local default. */
static void s_endpoint(const char *service, int index, char *buf, size_t size)
{
    char var[64];
    snprintf(var, sizeof var, "DURE_%s_RPC", service);
    for (char *c = var + 5; *c && *c != '_'; c++)
        *c = (char) (*c - 'a' + 'A');
    const char *value = getenv(var);
    if (value && *value)
        snprintf(buf, size, "%s", value);
    else
        snprintf(buf, size, "tcp://127.0.0.1:71%d0", index + 1);
}

static dure_client_t *s_client(durectl_t *ctx, const char *service)
{
    int index = s_service_index(service);
    if (index < 0)
        return NULL;
    if (!ctx->clients[index]) {
        char endpoint[512], err[256];
        s_endpoint(service, index, endpoint, sizeof endpoint);
        dure_security_t sec = {
            .server_key = getenv("DURE_CURVE_SERVER_KEY"),
            .client_secret_key = getenv("DURE_CURVE_CLIENT_SECRET_KEY"),
            .client_public_key = getenv("DURE_CURVE_CLIENT_PUBLIC_KEY"),
        };
        ctx->clients[index] = dure_client_new(endpoint, "durectl", ctx->timeout_ms, 1, 16 << 20,
                                              &sec, err, sizeof err);
        if (!ctx->clients[index])
            fprintf(stderr, "durectl: %s: %s\n", service, err);
    }
    return ctx->clients[index];
}

int durectl_call(durectl_t *ctx, const char *service, const ProtobufCMessage *request,
                 const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type,
                 dure_response_t *out)
{
    memset(out, 0, sizeof *out);
    dure_client_t *client = s_client(ctx, service);
    if (!client) {
        out->code = DURE__V1__CODE__CODE_UNAVAILABLE;
        return 1;
    }
    dure_client_call(client, request, idempotency_key, NULL, reply_type, out);
    if (out->code == DURE__V1__CODE__CODE_OK)
        return 0;
    if (ctx->quiet)
        return 1;
    fprintf(stderr, "%s: %s: %s\n", service, dure_code_name(out->code), out->message);
    const Dure__V1__Reply *reply = out->envelope ? out->envelope->reply : NULL;
    for (size_t i = 0; reply && i < reply->n_field_errors; i++)
        fprintf(stderr, "  %s: %s\n", reply->field_errors[i]->field,
                reply->field_errors[i]->description);
    return 1;
}
