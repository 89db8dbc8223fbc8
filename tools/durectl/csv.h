/*  csv.h - an RFC 4180 CSV reader, a field writer, and an error list for import reports.

    The reader (durectl_csv_t) reads a whole file or buffer and hands out one record at a
    time: quoted fields, doubled quotes, CR/LF or LF line ends, newlines inside quotes, bytes
    passed through untouched (UTF-8 stays UTF-8; a leading UTF-8 byte-order mark is dropped,
    since spreadsheet exports add one). Lines starting with '#' outside a quoted field are
    comments and blank lines are skipped: the seed tables carry both. Every record knows the
    line it started on. The first record fixes the field count; a record with another count is
    reported and skipped, and reading goes on, so a caller can list every bad row.

    The reader owns its fields: durectl_csv_field() strings are borrowed until the next call
    to durectl_csv_next(). The error list (durectl_csv_errors_t) owns copies of its messages.
*/
#ifndef DURECTL_CSV_H
#define DURECTL_CSV_H

#include <stddef.h>
#include <stdio.h>

/* What durectl_csv_next() found. */
#define DURECTL_CSV_RECORD 1 /* a record is ready */
#define DURECTL_CSV_END 0    /* no more records */
#define DURECTL_CSV_BAD (-1) /* a bad record; durectl_csv_error() says why; call next again */

/* Largest input the reader accepts, so a wrong path to a huge file fails fast. */
#define DURECTL_CSV_MAX_BYTES (256u * 1024u * 1024u)

typedef struct durectl_csv_t durectl_csv_t;
typedef struct durectl_csv_errors_t durectl_csv_errors_t;

/* Opens and reads the file at path. Returns NULL when it cannot be read (errno is set). */
durectl_csv_t *durectl_csv_open(const char *path);

/* Reads from a copy of len bytes at data; name is used in messages. Never NULL. */
durectl_csv_t *durectl_csv_new_from_buffer(const char *data, size_t len, const char *name);

/* Frees the reader and nulls the caller's pointer; NULL is fine. */
void durectl_csv_destroy(durectl_csv_t **self_p);

/* Advances to the next record: DURECTL_CSV_RECORD, DURECTL_CSV_END, or DURECTL_CSV_BAD for
   an unterminated quote, a character after a closing quote, a quote inside an unquoted field
   or a field count other than the first record's. After DURECTL_CSV_BAD the bad record's
   fields are still readable, and the next call reads on. */
int durectl_csv_next(durectl_csv_t *self);

/* Number of fields of the current record. */
size_t durectl_csv_count(const durectl_csv_t *self);

/* Field index of the current record (borrowed), or NULL past the last field. */
const char *durectl_csv_field(const durectl_csv_t *self, size_t index);

/* Line number (1-based) on which the current record starts. */
int durectl_csv_line(const durectl_csv_t *self);

/* Why the last durectl_csv_next() returned DURECTL_CSV_BAD (borrowed). */
const char *durectl_csv_error(const durectl_csv_t *self);

/* The name given at creation, such as the path (borrowed). */
const char *durectl_csv_name(const durectl_csv_t *self);

/* Returns 1 when the current record equals the n names in order, else 0. */
int durectl_csv_matches(const durectl_csv_t *self, const char *const *names, size_t n);

/* Writes one field, quoted when it holds a comma, quote, CR or LF (quotes doubled), and a
   separator: ',' after it, or CR LF when last is true. Returns 0, or -1 on a write error. */
int durectl_csv_write_field(FILE *out, const char *value, int last);

/* Parses a whole decimal integer (optional '-', then digits, nothing else) within [min, max]
   into *out. Returns 0, or -1 when value is empty, not a number or out of range. */
int durectl_csv_parse_int(const char *value, long long min, long long max, long long *out);

/* Parses true/false, 1/0 or yes/no (any case) into *out as 1 or 0. Returns 0, or -1. */
int durectl_csv_parse_bool(const char *value, int *out);

/* Parses a calendar date "YYYY-MM-DD" (years 1900-2999, real days only) into days since
   1970-01-01. Returns 0, or -1 when value is not such a date. */
int durectl_csv_parse_date(const char *value, long *days);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check). */
long durectl_csv_days_from_civil(int year, int month, int day);

/* Days in month of year (1-12), leap years included. */
int durectl_csv_month_days(int year, int month);

/* A new, empty error list. Never NULL. */
durectl_csv_errors_t *durectl_csv_errors_new(void);

/* Frees the list and nulls the caller's pointer; NULL is fine. */
void durectl_csv_errors_destroy(durectl_csv_errors_t **self_p);

/* Appends "file:line: field: message"; field may be NULL for a whole-row problem. */
void durectl_csv_errors_add(durectl_csv_errors_t *self, const char *file, int line,
                            const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Number of messages so far. */
size_t durectl_csv_errors_count(const durectl_csv_errors_t *self);

/* Message index (borrowed), or NULL past the end. */
const char *durectl_csv_errors_get(const durectl_csv_errors_t *self, size_t index);

/* Writes every message on its own line to out. */
void durectl_csv_errors_print(const durectl_csv_errors_t *self, FILE *out);

#endif
