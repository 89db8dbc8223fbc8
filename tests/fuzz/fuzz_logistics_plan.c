/*  fuzz_logistics_plan.c - libFuzzer target: planning shipments from a confirmed order, and
    the rules that decide whether a carrier's report moves a shipment.

    The input is decoded twice, as a dure.v1.OrderConfirmed (the event the order service
    publishes, so anything a peer on the events endpoint could send) and as a
    dure.v1.RecordTrackingEvent. The order goes through logistics_plan with the built-in Korea
    Post boxes and the default materials, as the service configures them; the plan lives in an
    arena that is destroyed after each input. The report goes through the checks of
    handlers.c, logistics_tracking_key and logistics_tracking_decide against every status.

    Contracts checked (a broken one aborts): a plan has every unit of every physical line
    exactly once, each placement lies inside its box and overlaps no other placement; a report
    never moves a shipment out of a final status or into a status carriers do not report, and
    outside EXCEPTION only forwards; status names parse back to their status.

    Limits: an order with more than S_MAX_LINES (200) lines or S_MAX_UNITS (32) physical units
    (quantity summed over physical lines) is skipped: the service takes up to 10,000 units a
    shipment, but the cartonizer's cost grows faster than the square of the units (200 units
    take ~0.3 s under the sanitizers), and one input must not take seconds. The exhaustive
    search gets S_NODE_BUDGET nodes instead of the service's 300,000 for the same reason; a
    search cut short only picks a bigger box, the code paths are the same.

    Known defect, reported and skipped here until planner.c is fixed: the sales value of a
    group is `line_total_krw ? line_total_krw : unit_price_krw * quantity`, summed over the
    lines, in int64 without overflow checks (planner.c, logistics_plan), so an event with a
    huge unit price or line total is undefined behaviour. Orders with a physical line priced
    beyond S_MONEY_MAX are skipped (S_MONEY_MAX x 10,000 units x 200 lines fits in int64).

    FUZZ_SOURCES: services/logistics/planner.c services/logistics/cartonize.c services/logistics/packer.c services/logistics/boxes.c services/logistics/materials.c services/logistics/tracking.c
*/
#include "dure.h"

#include "../../services/logistics/planner.h"
#include "../../services/logistics/tracking.h"

#include <strings.h>

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

#define S_FAIL(...)                                                                                \
    do {                                                                                           \
        fprintf(stderr, "fuzz_logistics_plan: " __VA_ARGS__);                                      \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)

#define S_MAX_LINES 200  /* lines of one order, at most (PlaceOrder allows 100) */
#define S_MAX_UNITS 32   /* physical units of one order, at most */
#define S_NODE_BUDGET 20000L /* exhaustive search nodes per box (the service: 300,000) */
#define S_MONEY_MAX (1LL << 40) /* won: unit prices and line totals above are skipped */
#define S_NOW_MS 1717200000000LL /* a fixed "now" for the report checks: 2024-06-01 */
#define S_STATUS(name) DURE__V1__SHIPMENT_STATUS__SHIPMENT_##name

static logistics_boxes_t *s_boxes;
static logistics_materials_options_t s_materials;
static logistics_planner_t s_planner;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    s_boxes = logistics_boxes_new_default(NULL);
    if (!s_boxes)
        S_FAIL("no default box catalog");
    logistics_materials_options_default(&s_materials);
    logistics_planner_default(&s_planner);
    s_planner.boxes = s_boxes;
    s_planner.materials = &s_materials;
    s_planner.exact_node_budget = S_NODE_BUDGET;
    return 0;
}

/* 1 when two placed items share volume. */
static int s_overlap(const Dure__V1__PlacedItem *a, const Dure__V1__PlacedItem *b)
{
    return a->x_mm < b->x_mm + b->placed->length_mm && b->x_mm < a->x_mm + a->placed->length_mm &&
           a->y_mm < b->y_mm + b->placed->width_mm && b->y_mm < a->y_mm + a->placed->width_mm &&
           a->z_mm < b->z_mm + b->placed->height_mm && b->z_mm < a->z_mm + a->placed->height_mm;
}

/* Checks one parcel's geometry; returns its placements that are not ice packs. */
static size_t s_check_parcel(const Dure__V1__Parcel *p)
{
    if (!p->box_code || !*p->box_code || !p->inner || !p->outer)
        S_FAIL("parcel without box");
    size_t products = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const Dure__V1__PlacedItem *a = p->items[i];
        if (a->x_mm < 0 || a->y_mm < 0 || a->z_mm < 0 ||
            a->x_mm + a->placed->length_mm > p->inner->length_mm ||
            a->y_mm + a->placed->width_mm > p->inner->width_mm ||
            a->z_mm + a->placed->height_mm > p->inner->height_mm)
            S_FAIL("box %s: item %zu at %d,%d,%d size %dx%dx%d outside %dx%dx%d", p->box_code, i,
                   a->x_mm, a->y_mm, a->z_mm, a->placed->length_mm, a->placed->width_mm,
                   a->placed->height_mm, p->inner->length_mm, p->inner->width_mm,
                   p->inner->height_mm);
        for (size_t j = 0; j < i; j++)
            if (s_overlap(a, p->items[j]))
                S_FAIL("box %s: items %zu and %zu overlap", p->box_code, j, i);
        products += strcmp(a->product_id, LOGISTICS_ICE_PACK_ID) != 0;
    }
    return products;
}

/* Skips orders too big for a quick run, or priced into the known overflow. Returns the
   physical units, or -1 to skip. */
static long s_units(const Dure__V1__OrderConfirmed *order, int *ice_named)
{
    if (order->n_lines > S_MAX_LINES)
        return -1;
    long units = 0;
    for (size_t i = 0; i < order->n_lines; i++) {
        const Dure__V1__OrderLine *line = order->lines[i];
        if (!line->physical)
            continue;
        if (line->quantity > S_MAX_UNITS || line->unit_price_krw > S_MONEY_MAX ||
            line->unit_price_krw < -S_MONEY_MAX || line->line_total_krw > S_MONEY_MAX ||
            line->line_total_krw < -S_MONEY_MAX)
            return -1;
        /* A quantity below 1 fails the plan before anything is packed. */
        if (line->quantity > 0 && (units += line->quantity) > S_MAX_UNITS)
            return -1;
        *ice_named |= strcmp(line->product_id, LOGISTICS_ICE_PACK_ID) == 0;
    }
    return units;
}

static void s_plan(const uint8_t *data, size_t size)
{
    Dure__V1__OrderConfirmed *order = dure__v1__order_confirmed__unpack(NULL, size, data);
    if (!order)
        return;
    int ice_named = 0;
    long units = s_units(order, &ice_named);
    if (units >= 0) {
        dure_arena_t *arena = dure_arena_new();
        logistics_planned_t *plan = NULL;
        size_t count = 0;
        char err[256];
        if (logistics_plan(&s_planner, order, arena, &plan, &count, err, sizeof err) == 0) {
            size_t planned = 0;
            for (size_t s = 0; s < count; s++) {
                size_t placed = 0;
                for (size_t p = 0; p < plan[s].parcel_count; p++)
                    placed += s_check_parcel(plan[s].parcels[p]);
                if (!ice_named && placed != plan[s].unit_count)
                    S_FAIL("shipment %zu: %zu units placed of %zu", s, placed,
                           plan[s].unit_count);
                if (s > 0 && strcmp(plan[s - 1].enterprise_id, plan[s].enterprise_id) > 0)
                    S_FAIL("shipments not sorted by seller");
                planned += plan[s].unit_count;
            }
            if ((long) planned != units)
                S_FAIL("%zu units planned of %ld", planned, units);
        } else if (!*err)
            S_FAIL("plan refused without a reason");
        dure_arena_destroy(&arena);
    }
    dure__v1__order_confirmed__free_unpacked(order, NULL);
}

/* Checks the decision on a report against every current status. */
static void s_decide(const Dure__V1__TrackingEvent *e)
{
    for (int current = 0; current <= S_STATUS(CANCELLED) + 1; current++) {
        const int64_t ats[] = {0, e->at_ms - 1, e->at_ms, e->at_ms + 1};
        for (size_t k = 0; k < sizeof ats / sizeof *ats; k++) {
            int move = logistics_tracking_decide(current, ats[k], e->status, e->at_ms);
            if (!move)
                continue;
            if (logistics_tracking_final(current) || !logistics_tracking_carrier_status(e->status) ||
                (int) e->status == current)
                S_FAIL("moved %d -> %d", current, (int) e->status);
            if (current != S_STATUS(EXCEPTION) && e->status != S_STATUS(EXCEPTION) &&
                logistics_tracking_rank(e->status) <= logistics_tracking_rank(current))
                S_FAIL("moved backwards %d -> %d", current, (int) e->status);
        }
    }
}

static void s_track(const uint8_t *data, size_t size)
{
    Dure__V1__RecordTrackingEvent *req = dure__v1__record_tracking_event__unpack(NULL, size, data);
    if (!req)
        return;
    const Dure__V1__TrackingEvent *e = req->event;
    /* Name parsing sees whatever text the report carries. */
    const char *texts[] = {req->shipment_id, e ? e->location : "", e ? e->carrier_event_id : ""};
    for (size_t i = 0; i < 3; i++) {
        logistics_status_t s = logistics_status_from_name(texts[i]);
        if (s != S_STATUS(STATUS_UNSPECIFIED) &&
            logistics_status_from_name(logistics_status_name(s)) != s)
            S_FAIL("\"%s\" parsed to %d, whose name does not parse back", texts[i], (int) s);
    }
    /* The handler's checks (s_check_event), then the key and the decision. */
    if (e && logistics_tracking_carrier_status(e->status) && e->at_ms >= 0 &&
        e->at_ms <= S_NOW_MS + LOGISTICS_FUTURE_SLACK_MS &&
        strlen(e->carrier_event_id) <= LOGISTICS_CARRIER_EVENT_ID_MAX &&
        strlen(e->location) <= LOGISTICS_LOCATION_MAX) {
        char key[LOGISTICS_EVENT_KEY_MAX];
        if (logistics_tracking_key(e->carrier_event_id, e->status, e->at_ms ? e->at_ms : S_NOW_MS,
                                   key) != 0)
            S_FAIL("no key for a valid report");
        s_decide(e);
    }
    dure__v1__record_tracking_event__free_unpacked(req, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    s_plan(data, size);
    s_track(data, size);
    return 0;
}
