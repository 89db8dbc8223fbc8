/*  csv.c - an RFC 4180 CSV reader, a field writer, and an error list for import reports.

    The reader keeps the whole input in memory (import files are kilobytes to a few megabytes)
    and parses one record per call into a single buffer of NUL-terminated fields, so a record
    costs no allocation once the buffer has grown. See csv.h for the accepted dialect.
*/
#include "csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct durectl_csv_t {
    char *name;        /* file name for messages */
    char *data;        /* the whole input */
    size_t len;        /* bytes in data */
    size_t pos;        /* next byte to parse */
    int line;          /* physical line of data[pos], 1-based */
    int record_line;   /* line on which the current record started */
    char *buf;         /* current record's fields, each NUL-terminated */
    size_t buf_len;    /* bytes used in buf */
    size_t buf_cap;    /* bytes allocated for buf */
    size_t *starts;    /* offset of each field in buf */
    size_t count;      /* fields in the current record */
    size_t starts_cap; /* slots allocated for starts */
    size_t expected;   /* field count of the first record; 0 before it */
    char error[160];   /* why the last record was bad */
};

struct durectl_csv_errors_t {
    char **items; /* owned messages */
    size_t count; /* messages used */
    size_t cap;   /* slots allocated */
};

/* Allocation failure is not recoverable here: abort, as the house style says. */
static void *s_alloc(void *old, size_t size)
{
    void *p = realloc(old, size ? size : 1);
    if (!p) {
        fputs("durectl: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *s_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(s_alloc(NULL, n), s, n);
}

durectl_csv_t *durectl_csv_new_from_buffer(const char *data, size_t len, const char *name)
{
    durectl_csv_t *self = s_alloc(NULL, sizeof *self);
    memset(self, 0, sizeof *self);
    self->name = s_strdup(name ? name : "(buffer)");
    self->data = s_alloc(NULL, len + 1);
    if (len)
        memcpy(self->data, data, len);
    self->data[len] = '\0';
    self->len = len;
    self->line = 1;
    /* Spreadsheets write a UTF-8 byte-order mark; it is not part of the first field. */
    if (len >= 3 && memcmp(self->data, "\xEF\xBB\xBF", 3) == 0)
        self->pos = 3;
    return self;
}

durectl_csv_t *durectl_csv_open(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            data = s_alloc(data, cap);
        }
        size_t got = fread(data + len, 1, cap - len, file);
        len += got;
        if (got == 0 || len > DURECTL_CSV_MAX_BYTES)
            break;
    }
    int failed = ferror(file) || len > DURECTL_CSV_MAX_BYTES;
    fclose(file);
    if (failed) {
        free(data);
        errno = errno ? errno : EFBIG;
        return NULL;
    }
    durectl_csv_t *self = durectl_csv_new_from_buffer(data, len, path);
    free(data);
    return self;
}

void durectl_csv_destroy(durectl_csv_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    durectl_csv_t *self = *self_p;
    free(self->name);
    free(self->data);
    free(self->buf);
    free(self->starts);
    free(self);
    *self_p = NULL;
}

static void s_put(durectl_csv_t *self, char c)
{
    if (self->buf_len == self->buf_cap) {
        self->buf_cap = self->buf_cap ? self->buf_cap * 2 : 256;
        self->buf = s_alloc(self->buf, self->buf_cap);
    }
    self->buf[self->buf_len++] = c;
}

static void s_start_field(durectl_csv_t *self)
{
    if (self->count == self->starts_cap) {
        self->starts_cap = self->starts_cap ? self->starts_cap * 2 : 16;
        self->starts = s_alloc(self->starts, self->starts_cap * sizeof *self->starts);
    }
    self->starts[self->count++] = self->buf_len;
}

/* Keeps the first problem of a record: later ones are usually its consequences. */
static void s_fail(durectl_csv_t *self, const char *fmt, size_t field)
{
    if (!self->error[0])
        snprintf(self->error, sizeof self->error, fmt, field);
}

static int s_at_line_end(const durectl_csv_t *self)
{
    return self->pos >= self->len || self->data[self->pos] == '\n' || self->data[self->pos] == '\r';
}

/* Consumes one line end (CR LF, LF or a lone CR) if there is one. */
static void s_eat_line_end(durectl_csv_t *self)
{
    if (self->pos < self->len && self->data[self->pos] == '\r')
        self->pos++;
    if (self->pos < self->len && self->data[self->pos] == '\n')
        self->pos++;
    self->line++;
}

/* Skips blank and comment lines; returns 0 at the end of input. */
static int s_skip_to_record(durectl_csv_t *self)
{
    while (self->pos < self->len) {
        char c = self->data[self->pos];
        if (c == '#') {
            while (!s_at_line_end(self))
                self->pos++;
        } else if (c != '\r' && c != '\n')
            return 1;
        if (self->pos >= self->len)
            return 0;
        s_eat_line_end(self);
    }
    return 0;
}

/* Parses a quoted field from its opening quote; returns -1 when it never closes. */
static int s_quoted(durectl_csv_t *self)
{
    self->pos++;
    for (;;) {
        if (self->pos >= self->len)
            return -1;
        char c = self->data[self->pos++];
        if (c == '"') {
            if (self->pos < self->len && self->data[self->pos] == '"') {
                self->pos++;
                s_put(self, '"');
                continue;
            }
            return 0;
        }
        /* Line ends inside quotes are data, but still count as lines for the messages. */
        if (c == '\n' || (c == '\r' && (self->pos >= self->len || self->data[self->pos] != '\n')))
            self->line++;
        s_put(self, c);
    }
}

static int s_field(durectl_csv_t *self)
{
    size_t index = self->count;
    s_start_field(self);
    if (self->pos < self->len && self->data[self->pos] == '"') {
        if (s_quoted(self) < 0)
            return -1;
        if (!s_at_line_end(self) && self->data[self->pos] != ',')
            s_fail(self, "field %zu: text after the closing quote", index + 1);
    }
    while (!s_at_line_end(self) && self->data[self->pos] != ',') {
        if (self->data[self->pos] == '"')
            s_fail(self, "field %zu: quote inside an unquoted field", index + 1);
        s_put(self, self->data[self->pos++]);
    }
    s_put(self, '\0');
    return 0;
}

int durectl_csv_next(durectl_csv_t *self)
{
    self->count = 0;
    self->buf_len = 0;
    self->error[0] = '\0';
    if (!s_skip_to_record(self))
        return DURECTL_CSV_END;
    self->record_line = self->line;
    for (;;) {
        if (s_field(self) < 0) {
            s_put(self, '\0');
            snprintf(self->error, sizeof self->error,
                     "unterminated quoted field (the quote opens on line %d)", self->record_line);
            self->pos = self->len;
            return DURECTL_CSV_BAD;
        }
        if (self->pos < self->len && self->data[self->pos] == ',') {
            self->pos++;
            continue;
        }
        if (self->pos < self->len)
            s_eat_line_end(self);
        break;
    }
    if (self->expected == 0)
        self->expected = self->count;
    else if (self->count != self->expected && !self->error[0])
        snprintf(self->error, sizeof self->error, "expected %zu fields, found %zu", self->expected,
                 self->count);
    return self->error[0] ? DURECTL_CSV_BAD : DURECTL_CSV_RECORD;
}

size_t durectl_csv_count(const durectl_csv_t *self)
{
    return self->count;
}

const char *durectl_csv_field(const durectl_csv_t *self, size_t index)
{
    return index < self->count ? self->buf + self->starts[index] : NULL;
}

int durectl_csv_line(const durectl_csv_t *self)
{
    return self->record_line;
}

const char *durectl_csv_error(const durectl_csv_t *self)
{
    return self->error;
}

const char *durectl_csv_name(const durectl_csv_t *self)
{
    return self->name;
}

int durectl_csv_matches(const durectl_csv_t *self, const char *const *names, size_t n)
{
    if (self->count != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(durectl_csv_field(self, i), names[i]) != 0)
            return 0;
    return 1;
}

int durectl_csv_write_field(FILE *out, const char *value, int last)
{
    int rc = 0;
    if (strpbrk(value, ",\"\r\n")) {
        rc |= fputc('"', out) == EOF;
        for (const char *c = value; *c; c++) {
            if (*c == '"')
                rc |= fputc('"', out) == EOF;
            rc |= fputc(*c, out) == EOF;
        }
        rc |= fputc('"', out) == EOF;
    } else
        rc |= fputs(value, out) == EOF;
    rc |= fputs(last ? "\r\n" : ",", out) == EOF;
    return rc ? -1 : 0;
}

durectl_csv_errors_t *durectl_csv_errors_new(void)
{
    durectl_csv_errors_t *self = s_alloc(NULL, sizeof *self);
    memset(self, 0, sizeof *self);
    return self;
}

void durectl_csv_errors_destroy(durectl_csv_errors_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    durectl_csv_errors_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        free(self->items[i]);
    free(self->items);
    free(self);
    *self_p = NULL;
}

void durectl_csv_errors_add(durectl_csv_errors_t *self, const char *file, int line,
                            const char *field, const char *fmt, ...)
{
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    char *item = NULL;
    int n = field ? asprintf(&item, "%s:%d: %s: %s", file, line, field, message)
                  : asprintf(&item, "%s:%d: %s", file, line, message);
    if (n < 0) {
        fputs("durectl: out of memory\n", stderr);
        abort();
    }
    if (self->count == self->cap) {
        self->cap = self->cap ? self->cap * 2 : 16;
        self->items = s_alloc(self->items, self->cap * sizeof *self->items);
    }
    self->items[self->count++] = item;
}

size_t durectl_csv_errors_count(const durectl_csv_errors_t *self)
{
    return self->count;
}

const char *durectl_csv_errors_get(const durectl_csv_errors_t *self, size_t index)
{
    return index < self->count ? self->items[index] : NULL;
}

void durectl_csv_errors_print(const durectl_csv_errors_t *self, FILE *out)
{
    for (size_t i = 0; i < self->count; i++)
        fprintf(out, "%s\n", self->items[i]);
}

int durectl_csv_parse_int(const char *value, long long min, long long max, long long *out)
{
    const char *c = value;
    int negative = *c == '-';
    c += negative;
    if (*c < '0' || *c > '9')
        return -1;
    unsigned long long magnitude = 0;
    for (; *c >= '0' && *c <= '9'; c++) {
        /* Stop well before overflow: no field of ours needs more than 18 digits. */
        if (magnitude > 100000000000000000ULL)
            return -1;
        magnitude = magnitude * 10 + (unsigned long long)(*c - '0');
    }
    if (*c)
        return -1;
    long long number = negative ? -(long long)magnitude : (long long)magnitude;
    if (number < min || number > max)
        return -1;
    *out = number;
    return 0;
}

int durectl_csv_parse_bool(const char *value, int *out)
{
    static const char *const yes[] = {"true", "1", "yes"}, *const no[] = {"false", "0", "no"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
            *out = strcasecmp(value, yes[i]) == 0;
            return 0;
        }
    }
    return -1;
}

int durectl_csv_month_days(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
long durectl_csv_days_from_civil(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int durectl_csv_parse_date(const char *value, long *days)
{
    if (strlen(value) != 10 || value[4] != '-' || value[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (value[i] < '0' || value[i] > '9'))
            return -1;
    int year = atoi(value), month = atoi(value + 5), day = atoi(value + 8);
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 ||
        day > durectl_csv_month_days(year, month))
        return -1;
    *days = durectl_csv_days_from_civil(year, month, day);
    return 0;
}
