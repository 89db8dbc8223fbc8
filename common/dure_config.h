/*  dure_config.h - settings from environment variables, with defaults for the local stack.

    A setting KEY of service SVC is read from DURE_<SVC>_<KEY>, then DURE_<KEY>, then the
    built-in default; DURE_<SVC>_<KEY>_FILE or DURE_<KEY>_FILE names a file holding the value
    (for secrets mounted by the orchestrator). Every service has the common settings below
    (endpoints, database, Redis, limits); a service adds its own through `extra`.

    The defaults make the local stack (`make run`) work with no configuration: each service
    owns a block of ports, 71x0 for requests, 71x1 for events and 91x0 for HTTP, where x is
    1 catalog, 2 order, 3 logistics, 4 packaging.

    Strings returned are owned by the config and live as long as it.
*/
#ifndef DURE_CONFIG_H
#define DURE_CONFIG_H

#include <stdio.h>

/* One setting: KEY is upper case without the DURE_<SVC>_ prefix. */
typedef struct {
    const char *key;           /* such as "RULE_SET" */
    const char *default_value; /* used when no variable is set; NULL means empty */
    const char *help;          /* one line for --help and docs/OPERATIONS.md */
} dure_option_t;

typedef struct dure_config_t dure_config_t;

/* Reads every setting of a service. `extra` is an array ending with a {NULL} entry, or NULL.
   Returns NULL when the service name is unknown. */
dure_config_t *dure_config_new(const char *service, const dure_option_t *extra);

/* Frees the config; nulls the caller's pointer. */
void dure_config_destroy(dure_config_t **self_p);

/* Value of a setting, never NULL (empty when unset without default). Asserts that the key
   is declared. */
const char *dure_config_get(dure_config_t *self, const char *key);

/* Value as an integer; returns `fallback` when it is not a valid integer. */
long dure_config_long(dure_config_t *self, const char *key, long fallback);

/* A setting of another service, such as its EVENTS endpoint: DURE_<PEER>_<KEY>, else that
   service's default. Unlike dure_config_get it never falls back to DURE_<KEY>, which is this
   service's own. Returns NULL for an unknown peer; the string is owned by the config. */
const char *dure_config_peer(dure_config_t *self, const char *peer, const char *key);

/* Prints every setting with its variable name, current value and help. Secrets
   (keys ending in PASSWORD, SECRET_KEY or DSN) are shown as "(set)". */
void dure_config_print(dure_config_t *self, FILE *out);

/* Name of the service this config was made for. */
const char *dure_config_service(dure_config_t *self);

/* The four service names, NULL-terminated. */
extern const char *const dure_services[];

#endif
