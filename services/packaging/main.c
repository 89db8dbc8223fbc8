/*  main.c - dure-packaging: the packaging-waste ledger service, wiring only.

    Loads the rule sets (built-ins plus DURE_PACKAGING_RULES_FILE), selects the deployment's
    (DURE_PACKAGING_RULE_SET), and hands the handlers to the common runtime. The live counters
    are updated after each committed batch and checked (rebuilt when missing) every tick.
*/
#include "events.h"
#include "handlers.h"

#include "dure.h"

extern const dure_migration_t packaging_migrations[];
extern const size_t packaging_migration_count;

static const dure_option_t s_options[] = {
    {"RULE_SET", PACKAGING_RULE_SET_DEFAULT,
     "rule set behind the compliant flag and report compliance (kr-2024, eu-ppwr-art24, or "
     "one from RULES_FILE)"},
    {"RULES_FILE", NULL, "optional JSON file changing or adding rule sets (docs/PACKAGING.md)"},
    {NULL},
};

static int s_start(dure_service_t *service, void **state_p)
{
    dure_config_t *config = dure_service_config(service);
    const char *file = dure_config_get(config, "RULES_FILE");
    char err[512] = "";
    packaging_state_t *state = dure_calloc(1, sizeof *state);
    *state_p = state;
    state->rules = file[0] ? packaging_rules_load(file, err, sizeof err)
                           : packaging_rules_new_default();
    if (!state->rules) {
        dure_log_error("rules file: %s", err);
        return -1;
    }
    const char *id = dure_config_get(config, "RULE_SET");
    state->ledger.rules = state->rules;
    state->ledger.selected = packaging_rules_select(state->rules, id);
    if (!state->ledger.selected) {
        dure_log_error("unknown rule set \"%s\" (DURE_PACKAGING_RULE_SET)", id);
        return -1;
    }
    /* The runtime set TZ to the mall's zone: the store's SQL groups days in the same zone
       as the days it computes itself. */
    state->store = packaging_store_new(dure_service_db(service), getenv("TZ"));
    state->counters = packaging_counters_new(&state->ledger, dure_service_metrics(service));
    state->records = dure_service_reads(service, packaging_store_lock_records, state->store);
    dure_log_info("packaging: %zu rule sets, compliance by %s", packaging_rules_size(state->rules),
                  state->ledger.selected->id);
    return 0;
}

static void s_stop(dure_service_t *service, void **state_p)
{
    (void)service;
    packaging_state_t *state = *state_p;
    packaging_counters_destroy(&state->counters);
    packaging_store_destroy(&state->store);
    packaging_rules_destroy(&state->rules);
    free(state);
    *state_p = NULL;
}

static void s_tick(dure_service_t *service, void *state_p)
{
    packaging_state_t *state = state_p;
    packaging_counters_check(state->counters, dure_service_cache(service), state->store,
                             dure_service_db(service));
}

static void s_after_batch(dure_service_t *service, void *state_p, int committed)
{
    packaging_state_t *state = state_p;
    packaging_counters_flush(state->counters, dure_service_cache(service), state->store,
                             dure_service_db(service), committed);
}

int main(int argc, char **argv)
{
    dure_service_def_t def = {
        .name = "packaging",
        .summary = "packaging-waste ledger: materials, space ratio, compliance, reports",
        .options = s_options,
        .migrations = packaging_migrations,
        .migration_count = packaging_migration_count,
        .requests = packaging_request_routes,
        .request_count = packaging_request_route_count,
        .events = packaging_event_routes,
        .event_count = packaging_event_route_count,
        .start = s_start,
        .stop = s_stop,
        .tick = s_tick,
        .after_batch = s_after_batch,
    };
    return dure_service_run(&def, argc, argv);
}
