/*  output.c - tables, money and masking for people; argument helpers. */
#include "durectl.h"

#include <stdarg.h>
#include <wchar.h>

#define DURECTL_TABLE_MAX_COLS 16

struct durectl_table_t {
    char **cells;       /* row-major, ncols per row */
    size_t count;       /* cells so far */
    size_t capacity;    /* allocated cells */
    int ncols;          /* columns */
};

durectl_table_t *durectl_table_new(const char *const *headings)
{
    durectl_table_t *self = dure_calloc(1, sizeof *self);
    while (headings[self->ncols] && self->ncols < DURECTL_TABLE_MAX_COLS)
        self->ncols++;
    for (int i = 0; i < self->ncols; i++)
        durectl_table_cell(self, "%s", headings[i]);
    return self;
}

void durectl_table_cell(durectl_table_t *self, const char *fmt, ...)
{
    if (self->count == self->capacity) {
        self->capacity = self->capacity ? self->capacity * 2 : 64;
        self->cells = dure_realloc(self->cells, self->capacity * sizeof(char *));
    }
    va_list args;
    va_start(args, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, args) < 0)
        text = dure_strdup("");
    va_end(args);
    self->cells[self->count++] = text;
}

void durectl_table_end_row(durectl_table_t *self)
{
    while (self->count % (size_t) self->ncols != 0)
        durectl_table_cell(self, "%s", "");
}

/* Display width of UTF-8 text: Hangul and other wide characters take two columns. */
static int s_width(const char *text)
{
    mbstate_t state = {0};
    int width = 0;
    const char *p = text;
    size_t left = strlen(text);
    while (left > 0) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, p, left, &state);
        if (n == (size_t) -1 || n == (size_t) -2) {
            n = 1;
            wc = L'?';
            memset(&state, 0, sizeof state);
        }
        int w = wcwidth(wc);
        width += w > 0 ? w : 0;
        p += n;
        left -= n;
    }
    return width;
}

/* A cell is right-aligned when it looks like a number (amounts, counts). */
static int s_numeric(const char *text)
{
    if (!*text)
        return 0;
    for (const char *c = text; *c; c++)
        if (!strchr("0123456789,.-%", *c))
            return 0;
    return 1;
}

void durectl_table_print(durectl_table_t **self_p, FILE *out)
{
    durectl_table_t *self = *self_p;
    durectl_table_end_row(self);
    int widths[DURECTL_TABLE_MAX_COLS] = {0};
    for (size_t i = 0; i < self->count; i++) {
        int w = s_width(self->cells[i]);
        int c = (int) (i % (size_t) self->ncols);
        if (w > widths[c])
            widths[c] = w;
    }
    for (size_t i = 0; i < self->count; i++) {
        int c = (int) (i % (size_t) self->ncols);
        const char *cell = self->cells[i];
        int pad = widths[c] - s_width(cell);
        int right = i >= (size_t) self->ncols && s_numeric(cell);
        fprintf(out, "%s%*s%s%*s", c ? "  " : "", right ? pad : 0, "", cell,
                right || c == self->ncols - 1 ? 0 : pad, "");
        if (c == self->ncols - 1)
            fputc('\n', out);
    }
    durectl_table_destroy(self_p);
}

void durectl_table_destroy(durectl_table_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    durectl_table_t *self = *self_p;
    for (size_t i = 0; i < self->count; i++)
        free(self->cells[i]);
    free(self->cells);
    free(self);
    *self_p = NULL;
}

const char *durectl_won(long long krw, int slot)
{
    static char bufs[4][32];
    char *buf = bufs[slot & 3];
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", krw < 0 ? -krw : krw);
    size_t len = strlen(digits), o = 0;
    if (krw < 0)
        buf[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *durectl_mask(durectl_t *ctx, const char *value)
{
    static char buf[512];
    if (ctx->reveal || !value || !*value)
        return value ? value : "";
    /* Keep the first character (or digit group) so a person can still tell records apart. */
    size_t keep = 0;
    const char *dash = strchr(value, '-');
    if (dash && dash - value <= 4)
        keep = (size_t) (dash - value) + 1;
    else {
        mbstate_t state = {0};
        wchar_t wc;
        size_t n = mbrtowc(&wc, value, strlen(value), &state);
        keep = n == (size_t) -1 || n == (size_t) -2 ? 1 : n;
    }
    snprintf(buf, sizeof buf, "%.*s****", (int) keep, value);
    return buf;
}

const char *durectl_option(int argc, char **argv, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, len) != 0)
            continue;
        const char *rest = argv[i] + 2 + len;
        if (*rest == '=')
            return rest + 1;
        if (*rest == '\0' && i + 1 < argc)
            return argv[i + 1];
    }
    return NULL;
}

int durectl_flag(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
            return 1;
    return 0;
}

int durectl_options(int argc, char **argv, const char *name, const char **values, int max)
{
    int n = 0;
    size_t len = strlen(name);
    for (int i = 0; i < argc && n < max; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || strncmp(argv[i] + 2, name, len) != 0)
            continue;
        const char *rest = argv[i] + 2 + len;
        if (*rest == '=')
            values[n++] = rest + 1;
        else if (*rest == '\0' && i + 1 < argc)
            values[n++] = argv[++i];
    }
    return n;
}
