/*  dure_log.c - JSON-lines logging; json-c escapes the strings.

    Lines are written with one fwrite on an unbuffered stderr, so lines from the HTTP thread
    and the main loop never interleave within a line.
*/
#include "dure_log.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char s_service[32] = "dure";
static dure_log_level_t s_level = DURE_LOG_INFO;
static const char *const s_level_names[] = {"debug", "info", "warn", "error"};

void dure_log_init(const char *service, const char *level)
{
    snprintf(s_service, sizeof s_service, "%s", service ? service : "dure");
    s_level = DURE_LOG_INFO;
    for (int i = 0; level && i < 4; i++)
        if (strcasecmp(level, s_level_names[i]) == 0)
            s_level = (dure_log_level_t) i;
}

int dure_log_enabled(dure_log_level_t level)
{
    return level >= s_level;
}

static void s_timestamp(char *buf, size_t size)
{
    struct timeval now;
    struct tm utc;
    gettimeofday(&now, NULL);
    gmtime_r(&now.tv_sec, &utc);
    size_t len = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(buf + len, size - len, ".%03ldZ", (long) (now.tv_usec / 1000));
}

void dure_log_event(dure_log_level_t level, const char *type, const char *correlation_id,
                    const char *fmt, ...)
{
    if (!dure_log_enabled(level))
        return;
    char ts[40], msg[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(msg, sizeof msg, fmt, args);
    va_end(args);
    s_timestamp(ts, sizeof ts);

    json_object *line = json_object_new_object();
    json_object_object_add(line, "ts", json_object_new_string(ts));
    json_object_object_add(line, "level", json_object_new_string(s_level_names[level]));
    json_object_object_add(line, "service", json_object_new_string(s_service));
    json_object_object_add(line, "pid", json_object_new_int(getpid()));
    if (type && *type)
        json_object_object_add(line, "type", json_object_new_string(type));
    if (correlation_id && *correlation_id)
        json_object_object_add(line, "correlation_id", json_object_new_string(correlation_id));
    json_object_object_add(line, "msg", json_object_new_string(msg));
    size_t len = 0;
    const char *text = json_object_to_json_string_length(
        line, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    char out[2048];
    if (len + 2 > sizeof out)
        len = sizeof out - 2;
    memcpy(out, text, len);
    out[len] = '\n';
    fwrite(out, 1, len + 1, stderr);
    json_object_put(line);
}
