/*  dure_zap.c - ZAP handler actor: an allow-list of CURVE client keys. */
#include "dure_zap.h"
#include "dure_log.h"

#include <czmq.h>
#include <string.h>

#define DURE_ZAP_MAX_KEYS 256

typedef struct {
    uint8_t keys[DURE_ZAP_MAX_KEYS][32]; /* allowed public keys, binary */
    int count;                           /* used entries */
} s_allow_t;

static int s_allowed(const s_allow_t *allow, const uint8_t *key)
{
    for (int i = 0; i < allow->count; i++)
        if (memcmp(allow->keys[i], key, 32) == 0)
            return 1;
    return 0;
}

/* Answers one ZAP request waiting on the REP socket. */
static void s_answer(zsock_t *handler, const s_allow_t *allow)
{
    zmsg_t *request = zmsg_recv(handler);
    if (!request)
        return;
    char *version = zmsg_popstr(request), *sequence = zmsg_popstr(request);
    char *domain = zmsg_popstr(request), *address = zmsg_popstr(request);
    char *identity = zmsg_popstr(request), *mechanism = zmsg_popstr(request);
    zframe_t *credential = zmsg_pop(request);
    int ok = mechanism && strcmp(mechanism, "CURVE") == 0 && credential &&
             zframe_size(credential) == 32 && s_allowed(allow, zframe_data(credential));
    if (!ok) {
        char key[41] = "(none)";
        if (credential && zframe_size(credential) == 32)
            zmq_z85_encode(key, zframe_data(credential), 32);
        dure_log_warn("refused connection from %s: %s key %s is not allowed",
                      address ? address : "?", mechanism ? mechanism : "?", key);
    }
    zmsg_t *reply = zmsg_new();
    zmsg_addstr(reply, "1.0");
    zmsg_addstr(reply, sequence ? sequence : "");
    zmsg_addstr(reply, ok ? "200" : "400");
    zmsg_addstr(reply, ok ? "OK" : "key not allowed");
    zmsg_addstr(reply, "");
    zmsg_addmem(reply, "", 0);
    zmsg_send(&reply, handler);
    zframe_destroy(&credential);
    free(version), free(sequence), free(domain), free(address), free(identity),
        free(mechanism);
    zmsg_destroy(&request);
}

static void s_actor(zsock_t *pipe, void *args)
{
    s_allow_t *allow = args;
    zsock_t *handler = zsock_new_rep("inproc://zeromq.zap.01");
    zsock_signal(pipe, handler ? 0 : 1);
    if (!handler)
        return;
    zpoller_t *poller = zpoller_new(pipe, handler, NULL);
    for (;;) {
        void *which = zpoller_wait(poller, -1);
        if (which == handler)
            s_answer(handler, allow);
        else
            break; /* $TERM from the pipe, or interrupted */
    }
    zpoller_destroy(&poller);
    zsock_destroy(&handler);
}

void *dure_zap_new(const char *allowed_keys, char *err, size_t errlen)
{
    static s_allow_t allow; /* one handler per process, see the header */
    memset(&allow, 0, sizeof allow);
    char *list = strdup(allowed_keys ? allowed_keys : ""), *save = NULL;
    for (char *key = strtok_r(list, ", ", &save); key; key = strtok_r(NULL, ", ", &save)) {
        if (strlen(key) != 40 || allow.count == DURE_ZAP_MAX_KEYS ||
            !zmq_z85_decode(allow.keys[allow.count], key)) {
            snprintf(err, errlen, "CURVE_ALLOWED_KEYS: '%.48s' is not a Z85 public key", key);
            free(list);
            return NULL;
        }
        allow.count++;
    }
    free(list);
    zactor_t *actor = zactor_new(s_actor, &allow);
    if (!actor)
        snprintf(err, errlen, "cannot start the ZAP handler");
    return actor;
}

void dure_zap_destroy(void **self_p)
{
    if (!self_p || !*self_p)
        return;
    zactor_t *actor = *self_p;
    zactor_destroy(&actor);
    *self_p = NULL;
}
