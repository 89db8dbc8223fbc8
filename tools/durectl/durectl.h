/*  durectl.h - what every durectl command shares: options, calls to the services, output.

    durectl is the operators' CLI. Each command group lives in its own file and exports one
    entry point, `int durectl_<group>_main(durectl_t *ctx, int argc, char **argv)`, where
    argv[0] is the group's first word after the group name (for `durectl catalog products
    --category x`, argv = {"products", "--category", "x"}). It returns the process exit code:
    0 success, 1 the service answered with an error (already printed), 2 bad usage.

    Output: a readable table by default, JSON with --json (one JSON document on stdout).
    durectl_print_message renders any protobuf message as JSON by reflection, so every
    command gets --json for free. Personal data (recipient, phone, address) is masked unless
    --reveal is given.
*/
#ifndef DURECTL_H
#define DURECTL_H

#include "dure.h"

#include <json-c/json.h>

typedef struct {
    int json;        /* --json: print JSON instead of a table */
    int reveal;      /* --reveal: show personal data unmasked */
    int timeout_ms;  /* per request (DURECTL_TIMEOUT_MS, default 5000) */
    int quiet;       /* durectl_call prints no errors (the command reports them itself) */
    dure_client_t *clients[4]; /* per service, created on first use */
} durectl_t;

/* Sends a request to a service ("catalog", "order", "logistics", "packaging") and waits for
   the reply. On a reply with a failure code, or no reply, prints the error to stderr (code,
   message, each field error) and returns 1; returns 0 with `out` filled on OK. Clear `out`
   with dure_response_clear in both cases. idempotency_key may be NULL. */
int durectl_call(durectl_t *ctx, const char *service, const ProtobufCMessage *request,
                 const char *idempotency_key, const ProtobufCMessageDescriptor *reply_type,
                 dure_response_t *out);

/* Renders a protobuf message as a json-c object (field names as in the .proto, enums as
   their names, int64 as JSON numbers). Masks personal data unless ctx->reveal. Caller
   releases with json_object_put. */
json_object *durectl_message_json(durectl_t *ctx, const ProtobufCMessage *msg);

/* Prints a message as pretty JSON on stdout. */
void durectl_print_message(durectl_t *ctx, const ProtobufCMessage *msg);

/* Masks a personal value ("010-1234-5678" -> "010-****-****", names keep their first
   character) unless ctx->reveal. Returns a string valid until the next call. */
const char *durectl_mask(durectl_t *ctx, const char *value);

/* -- Tables ------------------------------------------------------------------------------ */

typedef struct durectl_table_t durectl_table_t;

/* A table with these column headings (NULL-terminated). */
durectl_table_t *durectl_table_new(const char *const *headings);

/* Appends a cell to the current row (printf-style); durectl_table_end_row starts the next. */
void durectl_table_cell(durectl_table_t *self, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void durectl_table_end_row(durectl_table_t *self);

/* Prints the table with columns aligned (Hangul counts two columns wide) and frees it;
   nulls the caller's pointer. */
void durectl_table_print(durectl_table_t **self_p, FILE *out);

/* Frees a table without printing it (the --json path); nulls the caller's pointer. */
void durectl_table_destroy(durectl_table_t **self_p);

/* -- Arguments --------------------------------------------------------------------------- */

/* Returns the value of --name VALUE or --name=VALUE in argv, or NULL. */
const char *durectl_option(int argc, char **argv, const char *name);

/* Returns 1 when the flag --name is present. */
int durectl_flag(int argc, char **argv, const char *name);

/* Collects every value of a repeated option (--line A --line B) into values (at most max);
   returns how many. */
int durectl_options(int argc, char **argv, const char *name, const char **values, int max);

/* Formats won with thousands separators ("1,234,500"). Returns a string valid until the
   next call of the same slot (0-3), so four can appear in one printf. */
const char *durectl_won(long long krw, int slot);

#endif
