/*  dure_test.c - the test registry and assertion bookkeeping (the runner's main is in
    dure_test_main.c, so that benchmarks can link the helpers without it).
*/
#include "dure_test.h"
#include "dure_test_registry.h"

#include <stdarg.h>
#include <stdlib.h>

dure_test_entry_t dure_tests[DURE_TEST_MAX];
int dure_test_count;
static int s_failures;
int dure_test_verbose;

void dure_test_register(const char *name, const char *file, dure_test_fn fn)
{
    if (dure_test_count == DURE_TEST_MAX) {
        fprintf(stderr, "too many tests; raise DURE_TEST_MAX\n");
        abort();
    }
    dure_tests[dure_test_count++] = (dure_test_entry_t){name, file, fn};
}

void dure_test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "    FAIL %s:%d: ", file, line);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    s_failures++;
}

int dure_test_failures(void)
{
    return s_failures;
}

void dure_test_log(const char *fmt, ...)
{
    if (!dure_test_verbose)
        return;
    va_list args;
    va_start(args, fmt);
    fputs("    ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

