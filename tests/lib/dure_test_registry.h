/*  dure_test_registry.h - the registry shared by dure_test.c and the runner's main. */
#ifndef DURE_TEST_REGISTRY_H
#define DURE_TEST_REGISTRY_H

#include "dure_test.h"

#define DURE_TEST_MAX 1024

typedef struct {
    const char *name; /* function name, unique within a binary */
    const char *file; /* source file, shown on failure */
    dure_test_fn fn;  /* the test body */
} dure_test_entry_t;

extern dure_test_entry_t dure_tests[DURE_TEST_MAX];
extern int dure_test_count;
extern int dure_test_verbose;

#endif
