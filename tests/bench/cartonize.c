/*  cartonize.c (bench) - time per order of cartonization for 1, 5, 20 and 100 items.

    Orders are drawn from a fixed seed (same sizes as the property test: mostly parcel-sized
    goods, now and then a long item), cartonized against the default Korea Post catalog, and
    timed one by one. Prints p50/p99 per size, then one JSON line for scripts. Usage:
    bench-cartonize [orders-per-size-scale], default 1.
*/
#include "../../services/logistics/cartonize.h"
#include "dure_bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define S_SIZES 4

static uint64_t s_rng = 0x2545f4914f6cdd1dULL;

static uint32_t s_rand(uint32_t bound)
{
    s_rng ^= s_rng >> 12;
    s_rng ^= s_rng << 25;
    s_rng ^= s_rng >> 27;
    return (uint32_t) ((s_rng * 0x2545f4914f6cdd1dULL) >> 32) % bound;
}

int main(int argc, char **argv)
{
    static const int sizes[S_SIZES] = {1, 5, 20, 100};
    static const int orders[S_SIZES] = {4000, 2000, 500, 100};
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    if (scale < 1)
        scale = 1;
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    if (!boxes)
        return 1;
    double p50[S_SIZES], p99[S_SIZES], parcels[S_SIZES];
    int cut_short = 0;
    printf("%-6s %8s %10s %10s %12s\n", "items", "orders", "p50_us", "p99_us", "parcels/ord");
    for (int s = 0; s < S_SIZES; s++) {
        int n = sizes[s], count = orders[s] * scale;
        double *times = malloc((size_t) count * sizeof *times);
        logistics_item_t *items = malloc((size_t) n * sizeof *items);
        if (!times || !items)
            abort();
        long total_parcels = 0;
        for (int o = 0; o < count; o++) {
            for (int i = 0; i < n; i++)
                items[i] = (logistics_item_t){"p",
                                              s_rand(50) ? 20 + (int) s_rand(260) : 500 + (int) s_rand(400),
                                              20 + (int) s_rand(200), 10 + (int) s_rand(160),
                                              50 + (int) s_rand(4000), s_rand(4) == 0};
            double t0 = (double) dure_bench_now_ns() / 1e3;
            logistics_cartonization_t *r = logistics_cartonize(boxes, items, (size_t) n, NULL, NULL, 0);
            times[o] = (double) dure_bench_now_ns() / 1e3 - t0;
            if (!r)
                abort();
            total_parcels += (long) r->parcel_count;
            cut_short += r->searches_cut_short;
            logistics_cartonization_destroy(&r);
        }
        dure_bench_sort(times, (size_t) count);
        p50[s] = times[count / 2];
        p99[s] = times[(count * 99) / 100];
        parcels[s] = (double) total_parcels / count;
        printf("%-6d %8d %10.1f %10.1f %12.2f\n", n, count, p50[s], p99[s], parcels[s]);
        free(times);
        free(items);
    }
    printf("{\"bench\":\"cartonize\",\"catalog\":\"korea-post\",\"searches_cut_short\":%d", cut_short);
    for (int s = 0; s < S_SIZES; s++)
        printf(",\"items_%d\":{\"p50_us\":%.1f,\"p99_us\":%.1f,\"parcels\":%.2f}", sizes[s], p50[s],
               p99[s], parcels[s]);
    printf("}\n");
    logistics_boxes_destroy(&boxes);
    return 0;
}
