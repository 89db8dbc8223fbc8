/*  orders.c - demo order shapes from the demo catalog. */
#include "orders.h"
#include "../durectl/catalog_csv.h"

struct loadgen_catalog_t {
    Dure__V1__ImportCatalog *import; /* parsed products, owned */
    Dure__V1__Product **products;    /* orderable products with stock, borrowed from import */
    size_t count;                    /* entries */
};

loadgen_catalog_t *loadgen_catalog_load(const char *path)
{
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    const char *paths[] = {path};
    Dure__V1__ImportCatalog *import = durectl_catalog_csv_read(paths, 1, errors);
    if (!import) {
        durectl_csv_errors_print(errors, stderr);
        durectl_csv_errors_destroy(&errors);
        return NULL;
    }
    durectl_csv_errors_destroy(&errors);
    loadgen_catalog_t *self = dure_calloc(1, sizeof *self);
    self->import = import;
    self->products = dure_calloc(import->n_products + 1, sizeof(Dure__V1__Product *));
    for (size_t i = 0; i < import->n_products; i++) {
        Dure__V1__Product *p = import->products[i];
        if (p->active && (!p->physical || p->stock > 0))
            self->products[self->count++] = p;
    }
    if (self->count == 0) {
        fprintf(stderr, "loadgen: %s has no orderable product\n", path);
        loadgen_catalog_destroy(&self);
    }
    return self;
}

void loadgen_catalog_destroy(loadgen_catalog_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    durectl_catalog_csv_destroy(&(*self_p)->import);
    free((*self_p)->products);
    free(*self_p);
    *self_p = NULL;
}

/* splitmix64: a small, good, deterministic generator. */
static uint64_t s_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t s_below(uint64_t *state, size_t n)
{
    return (size_t) (s_next(state) % n);
}

/* Picks a product; with `seller` set, prefers one of that seller (for single-seller orders). */
static Dure__V1__Product *s_pick(loadgen_catalog_t *c, uint64_t *state, const char *seller)
{
    for (int tries = 0; seller && tries < 64; tries++) {
        Dure__V1__Product *p = c->products[s_below(state, c->count)];
        if (strcmp(p->enterprise_id, seller) == 0)
            return p;
    }
    return c->products[s_below(state, c->count)];
}

void loadgen_order_build(loadgen_catalog_t *catalog, uint64_t seed, long seq,
                         Dure__V1__PlaceOrder *order, dure_arena_t *arena)
{
    uint64_t state = seed ^ ((uint64_t) seq * 0x2545F4914F6CDD1DULL);
    dure__v1__place_order__init(order);
    size_t lines = 1 + s_below(&state, 5);
    int multi_seller = s_below(&state, 5) == 0;
    unsigned roll = (unsigned) s_below(&state, 100);
    order->channel = roll < 80   ? DURE__V1__CHANNEL__CHANNEL_B2C
                     : roll < 92 ? DURE__V1__CHANNEL__CHANNEL_B2B
                                 : DURE__V1__CHANNEL__CHANNEL_B2G;
    if (order->channel == DURE__V1__CHANNEL__CHANNEL_B2G)
        order->institution = "충청남도 교육청";
    order->customer_id = dure_arena_printf(arena, "cust-%05u", (unsigned) s_below(&state, 20000));
    order->payment_ref = dure_arena_printf(arena, "pay-%lx-%ld", (unsigned long) seed, seq);
    order->lines = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest *, lines);
    const char *seller = NULL;
    for (size_t i = 0; i < lines; i++) {
        Dure__V1__Product *p = s_pick(catalog, &state, multi_seller ? NULL : seller);
        int duplicate = 0;
        for (size_t k = 0; k < order->n_lines; k++)
            duplicate |= strcmp(order->lines[k]->product_id, p->id) == 0;
        if (duplicate)
            continue;
        seller = p->enterprise_id;
        Dure__V1__OrderLineRequest *line = DURE_ARENA_NEW(arena, Dure__V1__OrderLineRequest, 1);
        dure__v1__order_line_request__init(line);
        line->product_id = p->id;
        line->quantity = 1 + (int64_t) s_below(&state, order->channel == DURE__V1__CHANNEL__CHANNEL_B2C ? 2 : 4);
        order->lines[order->n_lines++] = line;
    }
    Dure__V1__Address *address = DURE_ARENA_NEW(arena, Dure__V1__Address, 1);
    dure__v1__address__init(address);
    address->postcode = dure_arena_printf(arena, "3%04u", (unsigned) s_below(&state, 2000) + 1000);
    address->line1 = "충청남도 홍성군 홍북읍 충남대로 21";
    address->line2 = dure_arena_printf(arena, "%u동 %u호", 100 + (unsigned) s_below(&state, 20),
                                       100 + (unsigned) s_below(&state, 900));
    address->recipient = "홍길동";
    address->phone = dure_arena_printf(arena, "010-%04u-%04u", (unsigned) s_below(&state, 10000),
                                       (unsigned) s_below(&state, 10000));
    order->address = address;
}
