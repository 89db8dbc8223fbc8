/*  dure_test_main.c - runs the registered tests, each in its own child process.

    Usage: <binary> [-v] [-l] [FILTER...]; a test runs when its name contains any FILTER.
    Each test runs in a forked child with a time limit (DURE_TEST_TIMEOUT seconds, default
    300), so that a crash or a hang fails one test and the run goes on. The run ends with the
    line "N passed, M failed" and exits 1 when any test failed.
*/
#include "dure_test.h"
#include "dure_test_registry.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int s_compare(const void *a, const void *b)
{
    const dure_test_entry_t *x = a, *y = b;
    int by_file = strcmp(x->file, y->file);
    return by_file ? by_file : strcmp(x->name, y->name);
}

static int s_selected(const char *name, int argc, char **argv, int first)
{
    if (first >= argc)
        return 1;
    for (int i = first; i < argc; i++)
        if (strstr(name, argv[i]))
            return 1;
    return 0;
}

/* Runs one test in a child; returns 1 when it passed. */
static int s_run(const dure_test_entry_t *test, int timeout)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 0;
    }
    if (pid == 0) {
        setpgid(0, 0);
        alarm((unsigned) timeout);
        test->fn();
        fflush(NULL);
        exit(dure_test_failures() ? 1 : 0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    /* Whatever the test started and forgot dies with it, so nothing is left behind. */
    kill(-pid, SIGKILL);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 1;
    if (WIFSIGNALED(status))
        fprintf(stderr, "    killed by signal %d%s\n", WTERMSIG(status),
                WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
    else if (WEXITSTATUS(status) != 1)
        fprintf(stderr, "    exit status %d (sanitizer or leak report above?)\n",
                WEXITSTATUS(status));
    return 0;
}

int main(int argc, char **argv)
{
    int first = 1, list = 0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "-v") == 0)
            dure_test_verbose = 1;
        else if (strcmp(argv[first], "-l") == 0)
            list = 1;
        else {
            fprintf(stderr, "usage: %s [-v] [-l] [FILTER...]\n", argv[0]);
            return 2;
        }
    }
    const char *limit = getenv("DURE_TEST_TIMEOUT");
    int timeout = limit ? atoi(limit) : 300;
    qsort(dure_tests, (size_t) dure_test_count, sizeof dure_tests[0], s_compare);

    int passed = 0, failed = 0;
    for (int i = 0; i < dure_test_count; i++) {
        const dure_test_entry_t *test = &dure_tests[i];
        if (!s_selected(test->name, argc, argv, first))
            continue;
        if (list) {
            printf("%s (%s)\n", test->name, test->file);
            continue;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int ok = s_run(test, timeout);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms = (double) (t1.tv_sec - t0.tv_sec) * 1e3 + (double) (t1.tv_nsec - t0.tv_nsec) / 1e6;
        printf("%s %s (%.0f ms)\n", ok ? "ok  " : "FAIL", test->name, ms);
        fflush(stdout);
        ok ? passed++ : failed++;
    }
    if (!list)
        printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
