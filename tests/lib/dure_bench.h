/*  dure_bench.h - what the benchmarks measure with: a monotonic clock and a sorted sample,
    so that every figure they print is taken the same way. */
#ifndef DURE_BENCH_H
#define DURE_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* Nanoseconds on the monotonic clock. */
int64_t dure_bench_now_ns(void);

/* Sorts a sample of timings in place, smallest first, for reading percentiles from it. */
void dure_bench_sort(double *sample, size_t count);

#endif
