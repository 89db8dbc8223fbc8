/*  dure_test.h - the test harness: self-registering tests and assertions that print both sides.

    A test is a function declared with DURE_TEST(name). It registers itself at load time, so a
    new test file needs no list to edit. The runner (dure_test_runner.c) forks one child per
    test: a crash, a sanitizer report, a leak (LeakSanitizer exits non-zero) or a timeout fails
    that test alone and the run goes on.

    CHECK_* record a failure and continue; REQUIRE_* record it and return from the test, for
    when later steps would be meaningless.
*/
#ifndef DURE_TEST_H
#define DURE_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef void (*dure_test_fn)(void);

/* Adds a test to the registry; called by DURE_TEST's constructor. */
void dure_test_register(const char *name, const char *file, dure_test_fn fn);

/* Records one failed assertion with its location and message (printf-style). */
void dure_test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Number of failed assertions in the current test so far. */
int dure_test_failures(void);

/* Prints a progress line when the runner was given -v. */
void dure_test_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define DURE_TEST(name)                                                                            \
    static void name(void);                                                                        \
    __attribute__((constructor)) static void name##_register(void)                                \
    {                                                                                              \
        dure_test_register(#name, __FILE__, name);                                                 \
    }                                                                                              \
    static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            dure_test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                \
    } while (0)

#define CHECK_INT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long dure_a_ = (long long) (a), dure_b_ = (long long) (b);                            \
        if (dure_a_ != dure_b_)                                                                    \
            dure_test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, dure_a_,          \
                           dure_b_);                                                               \
    } while (0)

#define CHECK_DBL_NEAR(a, b, eps)                                                                  \
    do {                                                                                           \
        double dure_a_ = (double) (a), dure_b_ = (double) (b);                                     \
        if (dure_a_ - dure_b_ > (eps) || dure_b_ - dure_a_ > (eps))                                \
            dure_test_fail(__FILE__, __LINE__, "%s ~= %s: %.6f != %.6f", #a, #b, dure_a_,          \
                           dure_b_);                                                               \
    } while (0)

#define CHECK_STR_EQ(a, b)                                                                         \
    do {                                                                                           \
        const char *dure_a_ = (a), *dure_b_ = (b);                                                 \
        if (!dure_a_ || !dure_b_ || strcmp(dure_a_, dure_b_) != 0)                                 \
            dure_test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,               \
                           dure_a_ ? dure_a_ : "(null)", dure_b_ ? dure_b_ : "(null)");            \
    } while (0)

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            dure_test_fail(__FILE__, __LINE__, "REQUIRE(%s)", #cond);                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define REQUIRE_INT_EQ(a, b)                                                                       \
    do {                                                                                           \
        int dure_before_ = dure_test_failures();                                                   \
        CHECK_INT_EQ(a, b);                                                                        \
        if (dure_test_failures() != dure_before_)                                                  \
            return;                                                                                \
    } while (0)

#endif
