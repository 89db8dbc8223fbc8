/*  catalog_lookup.c (bench) - GetProducts served from the Redis snapshot cache, beside the same
    lookups read straight from PostgreSQL, in one run: requests per second and p50/p99 latency.

    Starts two catalog instances on a private stack (database from DURE_TEST_PG_ADMIN, Redis
    from DURE_TEST_REDIS_PORT, binaries from DURE_BIN_DIR, as scripts/bench.sh and
    scripts/test.sh set them): instance 0 with the cache on, instance 1 with
    DURE_CATALOG_CACHE_TTL_S=0, which reads every product and seller from PostgreSQL. Both
    get the same 500 products of 25 sellers. Each run keeps WINDOW requests in flight on one
    DEALER (closed loop: a reply releases the next request) for the given seconds after a
    warm-up that fills the cache; every request asks for IDS product ids in a fixed
    pseudo-random order. Latency runs from send to reply.

    Usage: bench-catalog_lookup [SECONDS [WINDOW]], default 3 s and 16. Prints a table and one
    JSON line per run.
*/
#include "dure_bench.h"
#include "dure_stack.h"

#define S_PRODUCTS 500
#define S_SELLERS 25
#define S_WARMUP_MS 1000
#define S_MAX_SAMPLES 2000000
#define S_WINDOW_MAX 256
#define S_SLOTS 65536 /* send times by sequence number, far more than in flight */

/* Microseconds on the benchmarks' clock. */
static int64_t s_now_us(void)
{
    return dure_bench_now_ns() / 1000;
}

/* The catalog every instance serves: sellers and products in one import. */
static int s_load(dure_client_t *client)
{
    static Dure__V1__Enterprise ents[S_SELLERS];
    static Dure__V1__Address addrs[S_SELLERS];
    static Dure__V1__Product prods[S_PRODUCTS];
    static Dure__V1__Dimensions size = DURE__V1__DIMENSIONS__INIT;
    static char ent_ids[S_SELLERS][24], prod_ids[S_PRODUCTS][24];
    Dure__V1__Enterprise *ent_ptrs[S_SELLERS];
    Dure__V1__Product *prod_ptrs[S_PRODUCTS];
    size.length_mm = 200;
    size.width_mm = 150;
    size.height_mm = 100;
    for (int i = 0; i < S_SELLERS; i++) {
        dure__v1__address__init(&addrs[i]);
        addrs[i].postcode = "33315";
        addrs[i].line1 = "충청남도 청양군 청양읍 칠갑산로 1";
        dure__v1__enterprise__init(&ents[i]);
        snprintf(ent_ids[i], sizeof ent_ids[i], "ent-b%02d", i);
        ents[i].id = ent_ids[i];
        ents[i].name = "청양 벤치 영농조합";
        ents[i].kind = DURE__V1__ENTERPRISE_KIND__ENTERPRISE_VILLAGE;
        ents[i].region = "청양군";
        ents[i].ship_from = &addrs[i];
        ents[i].certified_from = "2015-01-01";
        ents[i].certified_until = "2099-12-31";
        ent_ptrs[i] = &ents[i];
    }
    for (int i = 0; i < S_PRODUCTS; i++) {
        dure__v1__product__init(&prods[i]);
        snprintf(prod_ids[i], sizeof prod_ids[i], "p-b%03d", i);
        prods[i].id = prod_ids[i];
        prods[i].enterprise_id = ent_ids[i % S_SELLERS];
        prods[i].category = "processed_food";
        prods[i].name = "청양 고추장 1kg";
        prods[i].price_krw = 10000 + i * 10;
        prods[i].tax_class = DURE__V1__TAX_CLASS__TAX_TAXABLE;
        prods[i].stock = 1000;
        prods[i].size = &size;
        prods[i].weight_g = 1150;
        prods[i].temperature = DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_AMBIENT;
        prods[i].physical = 1;
        prods[i].active = 1;
        prod_ptrs[i] = &prods[i];
    }
    Dure__V1__ImportCatalog req = DURE__V1__IMPORT_CATALOG__INIT;
    req.enterprises = ent_ptrs;
    req.n_enterprises = S_SELLERS;
    req.products = prod_ptrs;
    req.n_products = S_PRODUCTS;
    dure_response_t res;
    dure_client_call(client, &req.base, NULL, NULL, NULL, &res);
    int ok = res.code == DURE__V1__CODE__CODE_OK;
    if (!ok)
        fprintf(stderr, "bench-catalog_lookup: import failed: %s\n", res.message);
    dure_response_clear(&res);
    return ok ? 0 : -1;
}

/* A GetProducts envelope of `ids` ids starting at a pseudo-random offset, tagged `tag`. */
static zframe_t *s_request(long seq, int ids, dure_arena_t *arena)
{
    char **list = DURE_ARENA_NEW(arena, char *, ids);
    for (int k = 0; k < ids; k++)
        list[k] = dure_arena_printf(arena, "p-b%03ld", (seq * 7919 + k * 131) % S_PRODUCTS);
    Dure__V1__GetProducts req = DURE__V1__GET_PRODUCTS__INIT;
    req.ids = list;
    req.n_ids = (size_t) ids;
    Dure__V1__Envelope env = DURE__V1__ENVELOPE__INIT;
    dure_envelope_wrap(&env, &req.base, "bench", arena);
    env.correlation_id = dure_arena_printf(arena, "%ld", seq);
    size_t len = 0;
    uint8_t *bytes = dure_envelope_encode(&env, &len);
    zframe_t *frame = zframe_new(bytes, len);
    free(bytes);
    return frame;
}

typedef struct {
    double per_s;   /* replies per second */
    double p50_us;  /* median latency */
    double p99_us;  /* 99th percentile */
    long requests;  /* replies in the measured window */
    long errors;    /* replies with a failure code */
} s_result_t;

/* Closed loop on one endpoint for `ms` milliseconds (after the warm-up). */
static s_result_t s_run(const char *endpoint, int ids, int window, int ms, double *samples)
{
    s_result_t r = {0};
    zsock_t *dealer = zsock_new_dealer(endpoint);
    dure_arena_t *arena = dure_arena_new();
    int64_t *sent_at = dure_calloc(S_SLOTS, sizeof *sent_at);
    long seq = 0, count = 0;
    int64_t start = s_now_us(), measure_from = start + S_WARMUP_MS * 1000LL;
    int64_t stop = measure_from + (int64_t) ms * 1000;
    for (int w = 0; w < window; w++, seq++) {
        zframe_t *frame = s_request(seq, ids, arena);
        sent_at[seq % S_SLOTS] = s_now_us();
        zframe_send(&frame, dealer, 0);
    }
    int in_flight = window;
    while (in_flight > 0) {
        zmq_pollitem_t item = {zsock_resolve(dealer), 0, ZMQ_POLLIN, 0};
        if (zmq_poll(&item, 1, 5000) <= 0)
            break;
        zframe_t *reply = zframe_recv(dealer);
        int64_t now = s_now_us();
        char err[128];
        Dure__V1__Envelope *env =
            reply ? dure_envelope_decode(zframe_data(reply), zframe_size(reply), err, sizeof err)
                  : NULL;
        zframe_destroy(&reply);
        in_flight--;
        if (env) {
            long id = strtol(env->correlation_id, NULL, 10);
            if (now >= measure_from && now < stop) {
                if (env->reply && env->reply->code != DURE__V1__CODE__CODE_OK)
                    r.errors++;
                else if (count < S_MAX_SAMPLES)
                    samples[count++] = (double) (now - sent_at[id % S_SLOTS]);
            }
            dure_envelope_free(&env);
            if (now < stop) {
                dure_arena_reset(arena);
                zframe_t *frame = s_request(seq, ids, arena);
                sent_at[seq % S_SLOTS] = s_now_us();
                seq++;
                zframe_send(&frame, dealer, 0);
                in_flight++;
            }
        }
    }
    dure_bench_sort(samples, (size_t) count);
    r.requests = count;
    r.per_s = count / (ms / 1000.0);
    r.p50_us = count ? samples[count / 2] : 0;
    r.p99_us = count ? samples[(long) (count * 0.99)] : 0;
    free(sent_at);
    dure_arena_destroy(&arena);
    zsock_destroy(&dealer);
    return r;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 3;
    int window = argc > 2 ? atoi(argv[2]) : 16;
    if (seconds < 1 || window < 1 || window > S_WINDOW_MAX) {
        fprintf(stderr, "usage: bench-catalog_lookup [SECONDS [WINDOW<=%d]]\n", S_WINDOW_MAX);
        return 2;
    }
    dure_stack_t *stack = dure_stack_new("benchcat");
    if (!stack)
        return 1;
    int rc = 1;
    int cached = dure_stack_start(stack, "catalog", 0);
    dure_stack_setenv(stack, "DURE_CATALOG_CACHE_TTL_S", "0");
    int direct = cached >= 0 ? dure_stack_start(stack, "catalog", 1) : -1;
    char endpoints[512];
    snprintf(endpoints, sizeof endpoints, "%s", dure_stack_endpoint(stack, "catalog", "RPC"));
    char *second = strchr(endpoints, ',');
    dure_client_t *client = dure_stack_client(stack, "catalog", 20000);
    if (direct < 0 || !second || s_load(client) != 0) {
        fprintf(stderr, "bench-catalog_lookup: the stack did not come up\n");
        goto done;
    }
    *second++ = '\0';
    double *samples = dure_malloc(sizeof(double) * S_MAX_SAMPLES);
    printf("catalog GetProducts, closed loop, %d in flight, %d s per run, %d products\n", window,
           seconds, S_PRODUCTS);
    printf("%-12s %5s %12s %10s %10s %8s\n", "read from", "ids", "requests/s", "p50 us", "p99 us",
           "errors");
    static const int id_counts[] = {1, 20};
    for (int k = 0; k < 2; k++)
        for (int mode = 0; mode < 2; mode++) {
            const char *name = mode == 0 ? "redis" : "postgresql";
            s_result_t r = s_run(mode == 0 ? endpoints : second, id_counts[k], window,
                                 seconds * 1000, samples);
            printf("%-12s %5d %12.0f %10.0f %10.0f %8ld\n", name, id_counts[k], r.per_s,
                   r.p50_us, r.p99_us, r.errors);
            printf("{\"metric\":\"catalog_lookup\",\"read_from\":\"%s\",\"ids_per_request\":%d,"
                   "\"in_flight\":%d,\"seconds\":%d,\"requests_per_s\":%.0f,\"p50_us\":%.0f,"
                   "\"p99_us\":%.0f,\"errors\":%ld}\n",
                   name, id_counts[k], window, seconds, r.per_s, r.p50_us, r.p99_us, r.errors);
            fflush(stdout);
        }
    free(samples);
    rc = 0;
done:
    dure_client_destroy(&client);
    if (cached >= 0 && dure_stack_stop(stack, cached, 5000) != 0)
        rc = 1;
    if (direct >= 0 && dure_stack_stop(stack, direct, 5000) != 0)
        rc = 1;
    dure_stack_destroy(&stack);
    return rc;
}
