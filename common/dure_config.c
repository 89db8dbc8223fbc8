/*  dure_config.c - settings from the environment.

    Values are resolved once, at dure_config_new, and kept in a small table; a setting is
    looked up by key with a linear scan, which is fine for the few dozen settings a service
    has and the few lookups it makes at start.
*/
#include "dure_config.h"
#include "dure_alloc.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DURE_CONFIG_MAX 96

const char *const dure_services[] = {"catalog", "order", "logistics", "packaging", NULL};

typedef struct {
    char *key;      /* "RPC" */
    char *value;    /* resolved value, never NULL */
    char *variable; /* the variable that set it, or "" for the default */
    char *help;     /* one line */
} s_setting_t;

struct dure_config_t {
    char *service;                       /* "catalog" */
    int port_block;                      /* 1 for catalog, ... */
    s_setting_t settings[DURE_CONFIG_MAX]; /* resolved settings */
    int count;                           /* used entries */
    char *peer_values[DURE_CONFIG_MAX];  /* strings returned by dure_config_peer */
    int peer_count;                      /* used entries */
};

/* The settings every service has. "%d" in a default is the service's port block. */
static const dure_option_t s_common[] = {
    {"RPC", "tcp://127.0.0.1:71%d0",
     "request endpoint(s), comma-separated; servers bind, clients connect"},
    {"EVENTS", "tcp://127.0.0.1:71%d1", "event inbox endpoint(s), comma-separated"},
    {"HTTP_ADDRESS", "127.0.0.1", "address of the /metrics, /healthz, /readyz endpoint"},
    {"HTTP_PORT", "91%d0", "port of the /metrics, /healthz, /readyz endpoint (0 disables it)"},
    {"DB_DSN", "postgresql://dure@127.0.0.1:55432/dure", "PostgreSQL connection string"},
    {"DB_SCHEMA", NULL, "schema holding this service's tables (default: the service name)"},
    {"DB_CONNECT_TIMEOUT_S", "30", "how long to keep retrying the first database connection"},
    {"REDIS_HOST", "127.0.0.1", "Redis host"},
    {"REDIS_PORT", "56379", "Redis port"},
    {"REDIS_PASSWORD", NULL, "Redis password (AUTH), empty for none"},
    {"REDIS_TIMEOUT_MS", "50", "timeout of every Redis call; Redis down means slower, not wrong"},
    {"MAX_MESSAGE_BYTES", "1048576", "largest message a socket accepts (ZMQ_MAXMSGSIZE)"},
    {"BATCH_MAX", "128", "most requests or events applied in one transaction"},
    {"BATCH_GATHER_MS", "0",
     "once a request or event came, how long a batch waits for more that keep coming (0: it "
     "takes what is waiting)"},
    {"RELAY_BATCH", "256", "most outbox events leased and sent at once per destination"},
    {"RELAY_LEASE_MS", "5000", "time an unacknowledged event waits before it is sent again"},
    {"RELAY_BACKOFF_MAX_MS", "30000", "longest wait between retries to an unreachable consumer"},
    {"INBOX_RETENTION_HOURS", "168",
     "age after which applied event ids leave the inbox; longer than any consumer outage "
     "(0 keeps them forever)"},
    {"RPC_TIMEOUT_MS", "3000", "timeout of a request to another service"},
    {"SHUTDOWN_TIMEOUT_MS", "10000", "longest SIGTERM drain before exiting anyway"},
    {"CURVE_SECRET_KEY", NULL, "Z85 secret key of this service; enables CurveZMQ when set"},
    {"CURVE_PUBLIC_KEY", NULL, "Z85 public key of this service (clients verify it)"},
    {"CURVE_ALLOWED_KEYS", NULL, "comma-separated Z85 public keys allowed to connect"},
    {"CURVE_SERVER_KEY", NULL, "Z85 public key of the services this one connects to"},
    {"CURVE_CLIENT_SECRET_KEY", NULL, "Z85 secret key used when connecting to other services"},
    {"CURVE_CLIENT_PUBLIC_KEY", NULL, "Z85 public key used when connecting to other services"},
    {"TIME_ZONE", "Asia/Seoul", "the mall's time zone, for days and months in reports"},
    {"LOG_LEVEL", "info", "debug, info, warn or error"},
    {NULL, NULL, NULL},
};

static int s_port_block(const char *service)
{
    for (int i = 0; dure_services[i]; i++)
        if (strcmp(dure_services[i], service) == 0)
            return i + 1;
    return 0;
}

static char *s_upper(const char *text)
{
    char *copy = dure_strdup(text);
    for (char *c = copy; *c; c++)
        *c = (char) toupper((unsigned char) *c);
    return copy;
}

/* Reads a variable or, when NAME_FILE is set, the file it names (trailing newlines cut).
   Returns a new string or NULL. */
static char *s_read_variable(const char *name)
{
    const char *value = getenv(name);
    if (value)
        return dure_strdup(value);
    char file_var[256];
    snprintf(file_var, sizeof file_var, "%s_FILE", name);
    const char *path = getenv(file_var);
    if (!path)
        return NULL;
    FILE *file = fopen(path, "r");
    if (!file)
        return NULL;
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, file);
    fclose(file);
    while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    buf[len] = '\0';
    return dure_strdup(buf);
}

static char *s_default(const char *pattern, int port_block, const char *service)
{
    if (!pattern)
        return dure_strdup("");
    char buf[512];
    if (strstr(pattern, "%d"))
        snprintf(buf, sizeof buf, pattern, port_block);
    else
        snprintf(buf, sizeof buf, "%s", pattern);
    (void) service;
    return dure_strdup(buf);
}

/* Resolves one setting of `service` into `out`; `shared` allows the DURE_<KEY> fallback. */
static void s_resolve(s_setting_t *out, const char *service, int port_block,
                      const dure_option_t *option, int shared)
{
    char *svc = s_upper(service);
    char name[256];
    snprintf(name, sizeof name, "DURE_%s_%s", svc, option->key);
    free(svc);
    char *value = s_read_variable(name);
    if (!value && shared) {
        snprintf(name, sizeof name, "DURE_%s", option->key);
        value = s_read_variable(name);
    }
    out->key = dure_strdup(option->key);
    out->variable = dure_strdup(value ? name : "");
    out->value = value ? value : s_default(option->default_value, port_block, service);
    out->help = dure_strdup(option->help);
}

dure_config_t *dure_config_new(const char *service, const dure_option_t *extra)
{
    int block = s_port_block(service);
    if (!block)
        return NULL;
    dure_config_t *self = dure_calloc(1, sizeof *self);
    self->service = dure_strdup(service);
    self->port_block = block;
    const dure_option_t *lists[] = {s_common, extra};
    for (int l = 0; l < 2; l++)
        for (const dure_option_t *o = lists[l]; o && o->key; o++) {
            assert(self->count < DURE_CONFIG_MAX);
            s_resolve(&self->settings[self->count++], service, block, o, 1);
        }
    s_setting_t *schema = NULL;
    for (int i = 0; i < self->count; i++)
        if (strcmp(self->settings[i].key, "DB_SCHEMA") == 0)
            schema = &self->settings[i];
    if (schema && !*schema->value) {
        free(schema->value);
        schema->value = dure_strdup(service);
    }
    return self;
}

void dure_config_destroy(dure_config_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dure_config_t *self = *self_p;
    for (int i = 0; i < self->count; i++) {
        free(self->settings[i].key);
        free(self->settings[i].value);
        free(self->settings[i].variable);
        free(self->settings[i].help);
    }
    for (int i = 0; i < self->peer_count; i++)
        free(self->peer_values[i]);
    free(self->service);
    free(self);
    *self_p = NULL;
}

const char *dure_config_get(dure_config_t *self, const char *key)
{
    for (int i = 0; i < self->count; i++)
        if (strcmp(self->settings[i].key, key) == 0)
            return self->settings[i].value;
    assert(!"setting not declared");
    return "";
}

long dure_config_long(dure_config_t *self, const char *key, long fallback)
{
    const char *text = dure_config_get(self, key);
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end != '\0')
        return fallback;
    return value;
}

const char *dure_config_peer(dure_config_t *self, const char *peer, const char *key)
{
    int block = s_port_block(peer);
    if (!block)
        return NULL;
    for (const dure_option_t *o = s_common; o->key; o++) {
        if (strcmp(o->key, key) != 0)
            continue;
        s_setting_t resolved;
        s_resolve(&resolved, peer, block, o, 0);
        free(resolved.key);
        free(resolved.variable);
        free(resolved.help);
        assert(self->peer_count < DURE_CONFIG_MAX);
        self->peer_values[self->peer_count++] = resolved.value;
        return resolved.value;
    }
    return NULL;
}

static int s_secret(const char *key)
{
    const char *suffixes[] = {"PASSWORD", "SECRET_KEY", "DSN"};
    size_t len = strlen(key);
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(suffixes[i]);
        if (len >= n && strcmp(key + len - n, suffixes[i]) == 0)
            return 1;
    }
    return 0;
}

void dure_config_print(dure_config_t *self, FILE *out)
{
    char *svc = s_upper(self->service);
    fprintf(out, "Settings of dure-%s (environment variable, value, purpose):\n", self->service);
    for (int i = 0; i < self->count; i++) {
        const s_setting_t *s = &self->settings[i];
        const char *shown = s_secret(s->key) && *s->value ? "(set)" : s->value;
        char name[128];
        snprintf(name, sizeof name, "DURE_%s_%s", svc, s->key);
        fprintf(out, "  %-36s %-42s %s\n", name, *shown ? shown : "\"\"", s->help);
    }
    fprintf(out, "Each DURE_%s_X falls back to DURE_X; X_FILE reads the value from a file.\n", svc);
    free(svc);
}

const char *dure_config_service(dure_config_t *self)
{
    return self->service;
}
