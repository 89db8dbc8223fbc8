/*  main.c - the logistics service: settings, state, and the runtime.

    Splits confirmed orders into shipments per seller and temperature class, cartonizes them,
    numbers them for a carrier, follows carrier reports, and cancels what has not left.
    Everything else (database, sockets, batching, inbox, outbox, metrics, drain) is
    dure_service_run's.
*/
#include "events.h"
#include "handlers.h"

extern const dure_migration_t logistics_migrations[];
extern const size_t logistics_migration_count;

static const dure_option_t s_options[] = {
    {"BOX_CATALOG", "",
     "box catalog CSV (code,length_mm,width_mm,height_mm,price_krw[,max_weight_g], outer mm); "
     "empty = built-in Korea Post boxes"},
    {"BOARD_MM", "5", "board thickness in mm: inner size = outer size less twice this"},
    {"BOX_MAX_WEIGHT_G", "20000", "weight limit of a box without a max_weight_g column"},
    {"DEFAULT_CARRIER", "epost",
     "carrier code for sellers that name none (cj, epost, hanjin, lotte)"},
    {"EXACT_MAX_ITEMS", "6", "cartonization searches exhaustively up to this many items per box"},
    {NULL},
};

static int s_setting(dure_config_t *config, const char *key, long lo, long hi, long *out)
{
    *out = dure_config_long(config, key, lo - 1);
    if (*out >= lo && *out <= hi)
        return 0;
    dure_log_error("DURE_LOGISTICS_%s must be an integer from %ld to %ld", key, lo, hi);
    return -1;
}

static void s_metrics(logistics_service_t *s, dure_metrics_t *m)
{
    static const double bounds[] = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 2};
    s->planned = dure_metrics_counter(m, "dure_logistics_shipments_planned_total",
                                      "Shipments created from confirmed orders", NULL);
    s->plan_refused = dure_metrics_counter(m, "dure_logistics_plans_refused_total",
                                           "Confirmed orders that could not be planned", NULL);
    s->plan_seconds =
        dure_metrics_histogram(m, "dure_logistics_plan_seconds",
                               "Time to plan one order (cartonization)", NULL, bounds, 10);
    s->cancelled = dure_metrics_counter(m, "dure_logistics_shipments_cancelled_total",
                                        "Shipments cancelled before dispatch", NULL);
    s->return_needed = dure_metrics_counter(m, "dure_logistics_return_needed_total",
                                            "Shipments already dispatched when their order was "
                                            "cancelled",
                                            NULL);
    s->moved = dure_metrics_counter(m, "dure_logistics_tracking_total",
                                    "Tracking reports by outcome", "outcome=\"moved\"");
    s->stale = dure_metrics_counter(m, "dure_logistics_tracking_total",
                                    "Tracking reports by outcome", "outcome=\"history_only\"");
    s->duplicates = dure_metrics_counter(m, "dure_logistics_tracking_total",
                                         "Tracking reports by outcome", "outcome=\"duplicate\"");
}

static int s_start(dure_service_t *service, void **state_p)
{
    dure_config_t *config = dure_service_config(service);
    logistics_service_t *s = dure_calloc(1, sizeof *s);
    *state_p = s;
    long board, weight, exact;
    if (s_setting(config, "BOARD_MM", 0, 50, &board) ||
        s_setting(config, "BOX_MAX_WEIGHT_G", 1, 1000000, &weight) ||
        s_setting(config, "EXACT_MAX_ITEMS", 0, 8, &exact))
        return -1;
    logistics_boxes_options_t options;
    logistics_boxes_options_default(&options);
    options.board_thickness_mm = (int)board;
    options.max_weight_g = (int)weight;
    const char *path = dure_config_get(config, "BOX_CATALOG");
    char err[256] = "";
    s->boxes = *path ? logistics_boxes_load(path, &options, err, sizeof err)
                     : logistics_boxes_new_default(&options);
    if (!s->boxes) {
        dure_log_error("box catalog %s: %s", *path ? path : "(built-in)", err);
        return -1;
    }
    const char *carrier = dure_config_get(config, "DEFAULT_CARRIER");
    snprintf(s->default_carrier, sizeof s->default_carrier, "%s", carrier);
    int known = logistics_store_carrier_active(dure_service_db(service), s->default_carrier);
    if (known <= 0) {
        dure_log_error("DURE_LOGISTICS_DEFAULT_CARRIER: %s",
                       known < 0 ? dure_db_error(dure_service_db(service))
                                 : "not an active carrier in the carriers table");
        return -1;
    }
    s->board_mm = (int)board;
    logistics_materials_options_default(&s->materials);
    logistics_planner_default(&s->planner);
    s->planner.boxes = s->boxes;
    s->planner.materials = &s->materials;
    s->planner.exact_max_items = (int)exact;
    s_metrics(s, dure_service_metrics(service));
    dure_db_t *db = dure_service_db(service);
    s->cancelled_orders = dure_service_reads(service, logistics_store_read_cancelled, db);
    s->carriers = dure_service_reads(service, logistics_store_read_carriers, db);
    dure_log_info("box catalog %s: %zu boxes, board %ld mm; default carrier %s",
                  *path ? path : "(built-in Korea Post)", logistics_boxes_size(s->boxes), board,
                  s->default_carrier);
    return 0;
}

static void s_stop(dure_service_t *service, void **state_p)
{
    (void)service;
    logistics_service_t *s = *state_p;
    if (s) {
        logistics_boxes_destroy(&s->boxes);
        free(s);
    }
    *state_p = NULL;
}

int main(int argc, char **argv)
{
    dure_service_def_t def = {
        .name = "logistics",
        .summary = "shipments per seller and temperature class, boxes, carriers, tracking",
        .options = s_options,
        .migrations = logistics_migrations,
        .migration_count = logistics_migration_count,
        .requests = logistics_requests,
        .request_count = logistics_request_count,
        .events = logistics_events,
        .event_count = logistics_event_count,
        .start = s_start,
        .stop = s_stop,
    };
    return dure_service_run(&def, argc, argv);
}
