/*  dure_bench.c - the benchmarks' clock and sort. */
#include "dure_bench.h"

#include <stdlib.h>
#include <time.h>

int64_t dure_bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int s_compare(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

void dure_bench_sort(double *sample, size_t count)
{
    qsort(sample, count, sizeof *sample, s_compare);
}
