/*  dure_log.h - JSON-lines logging to stderr.

    One line per event: {"ts":"2026-11-26T12:00:00.123Z","level":"info","service":"order",
    "pid":42,"type":"dure.v1.PlaceOrder","correlation_id":"...","msg":"..."}. The message
    type and correlation id are optional fields so that one request can be followed across
    services. The level is checked before anything is formatted.

    Never log personal data (recipient, phone, address): callers pass ids, not addresses.
*/
#ifndef DURE_LOG_H
#define DURE_LOG_H

typedef enum {
    DURE_LOG_DEBUG = 0,
    DURE_LOG_INFO = 1,
    DURE_LOG_WARN = 2,
    DURE_LOG_ERROR = 3,
} dure_log_level_t;

/* Sets the service name written on every line and the lowest level written
   ("debug", "info", "warn", "error"; unknown words mean info). */
void dure_log_init(const char *service, const char *level);

/* Returns 1 when a line at this level would be written. */
int dure_log_enabled(dure_log_level_t level);

/* Writes one line. type and correlation_id may be NULL. */
void dure_log_event(dure_log_level_t level, const char *type, const char *correlation_id,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define dure_log_debug(...) dure_log_event(DURE_LOG_DEBUG, NULL, NULL, __VA_ARGS__)
#define dure_log_info(...) dure_log_event(DURE_LOG_INFO, NULL, NULL, __VA_ARGS__)
#define dure_log_warn(...) dure_log_event(DURE_LOG_WARN, NULL, NULL, __VA_ARGS__)
#define dure_log_error(...) dure_log_event(DURE_LOG_ERROR, NULL, NULL, __VA_ARGS__)

#endif
