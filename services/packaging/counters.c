/*  counters.c - Redis live counters and Prometheus metrics, applied after commit.

    One batch's notes are summed (totals, per day) and sent as one script call, so Redis sees
    a batch as one atomic step. The script refuses to increment a missing live hash, because
    incrementing a flushed Redis would start the totals from zero; the refusal triggers a
    rebuild from PostgreSQL, which already contains the batch (it committed first).
*/
#include "counters.h"

#include "dure_log.h"
#include "dure_alloc.h"
#include "dure_envelope.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most distinct days noted in one batch before the notes go straight to "rebuild". */
#define S_DAYS_MAX 32
/* Stages are 1 PLANNED, 2 PACKED, 3 VOID. */
#define S_STAGES 4
/* Most histogram observations kept per batch (one per parcel, one per shipment). */
#define S_OBSERVATIONS_MAX 4096

/* Increments KEYS[ARGV[i]] field ARGV[i+1] by ARGV[i+2], only if the live hash exists. */
static const char *s_apply_script =
    "if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('DURE_REBUILD') end "
    "for i = 1, #ARGV, 3 do redis.call('HINCRBY', KEYS[tonumber(ARGV[i])], ARGV[i+1], "
    "ARGV[i+2]) end return 1";

/* Replaces both hashes with the fields given the same way. */
static const char *s_rebuild_script =
    "redis.call('DEL', KEYS[1], KEYS[2]) "
    "for i = 1, #ARGV, 3 do redis.call('HSET', KEYS[tonumber(ARGV[i])], ARGV[i+1], ARGV[i+2]) "
    "end return 1";

typedef struct {
    char day[PACKAGING_DAY_MAX];    /* mall time zone */
    packaging_contribution_t delta; /* only the first five fields are kept per day */
} s_day_t;

typedef struct {
    int stage;    /* 1..3 */
    double value; /* percent or cm3 */
} s_observation_t;

struct packaging_counters_t {
    const packaging_ledger_t *ledger;   /* borrowed */
    dure_metrics_t *metrics;            /* borrowed */
    packaging_contribution_t total;     /* pending change of the totals */
    s_day_t days[S_DAYS_MAX];           /* pending change per day */
    int day_count;                      /* used entries */
    int64_t reusable_issued;            /* pending trips issued */
    int64_t reusable_returned;          /* pending returns */
    int64_t records[S_STAGES];          /* records applied per stage */
    int64_t grams[S_STAGES][PACKAGING_MATERIAL_KIND_LAST + 1]; /* by stage and material */
    int64_t violations[S_STAGES][PACKAGING_RULE_SETS_MAX];     /* by stage and rule set */
    s_observation_t ratios[S_OBSERVATIONS_MAX];  /* parcel space ratios */
    int ratio_count;
    s_observation_t volumes[S_OBSERVATIONS_MAX]; /* shipment outer volumes */
    int volume_count;
    int overflow;                       /* too many days: rebuild instead of increments */
    int dirty;                          /* Redis missed an update: rebuild when it is back */
};

packaging_counters_t *packaging_counters_new(const packaging_ledger_t *ledger,
                                             dure_metrics_t *metrics)
{
    assert(ledger && metrics);
    packaging_counters_t *self = dure_calloc(1, sizeof *self);
    self->ledger = ledger;
    self->metrics = metrics;
    self->dirty = 1; /* check Redis at the first tick */
    return self;
}

void packaging_counters_destroy(packaging_counters_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free(*self_p);
    *self_p = NULL;
}

void packaging_counters_note(packaging_counters_t *self, const char *day,
                             const packaging_contribution_t *delta)
{
    packaging_contribution_add(&self->total, delta);
    for (int i = 0; i < self->day_count; i++)
        if (strcmp(self->days[i].day, day) == 0) {
            packaging_contribution_add(&self->days[i].delta, delta);
            return;
        }
    if (self->day_count == S_DAYS_MAX) {
        self->overflow = 1;
        return;
    }
    s_day_t *d = &self->days[self->day_count++];
    snprintf(d->day, sizeof d->day, "%s", day);
    d->delta = *delta;
}

void packaging_counters_observe(packaging_counters_t *self, const Dure__V1__PackagingRecord *rec)
{
    int stage = (int)rec->stage;
    if (stage < 1 || stage >= S_STAGES)
        return;
    self->records[stage]++;
    if (stage == DURE__V1__PACKAGING_STAGE__PACKAGING_VOID)
        return;
    size_t sets = packaging_rules_size(self->ledger->rules);
    for (size_t p = 0; p < rec->n_parcels; p++) {
        const Dure__V1__ParcelRecord *parcel = rec->parcels[p];
        for (size_t m = 0; m < parcel->n_materials; m++) {
            int kind = parcel->materials[m]->material;
            if (kind > 0 && kind <= PACKAGING_MATERIAL_KIND_LAST)
                self->grams[stage][kind] += parcel->materials[m]->grams;
        }
        for (size_t r = 0; r < parcel->n_rules; r++)
            for (size_t s = 0; s < sets && s < PACKAGING_RULE_SETS_MAX; s++)
                if (!parcel->rules[r]->pass &&
                    strcmp(packaging_rules_at(self->ledger->rules, s)->id,
                           parcel->rules[r]->rule_set) == 0)
                    self->violations[stage][s]++;
        if (self->ratio_count < S_OBSERVATIONS_MAX)
            self->ratios[self->ratio_count++] =
                (s_observation_t){stage, parcel->space_ratio_percent};
    }
    if (self->volume_count < S_OBSERVATIONS_MAX)
        self->volumes[self->volume_count++] =
            (s_observation_t){stage, (double)packaging_ledger_volume_cm3(rec)};
}

void packaging_counters_note_reusable(packaging_counters_t *self, int issued, int returned)
{
    self->reusable_issued += issued;
    self->reusable_returned += returned;
}

/* Drops every note of the batch; keeps dirty. */
static void s_clear(packaging_counters_t *self)
{
    int dirty = self->dirty;
    const packaging_ledger_t *ledger = self->ledger;
    dure_metrics_t *metrics = self->metrics;
    memset(self, 0, sizeof *self);
    self->ledger = ledger;
    self->metrics = metrics;
    self->dirty = dirty;
}

static const char *const s_stage_labels[S_STAGES] = {"unspecified", "planned", "packed", "void"};

static void s_metrics_apply(packaging_counters_t *self)
{
    static const double ratio_bounds[] = {10, 20, 30, 40, 50, 60, 70, 80, 90};
    static const double volume_bounds[] = {1000,  2000,  4000,  6000,  10000,
                                           15000, 20000, 30000, 50000, 80000};
    char labels[160];
    for (int stage = 1; stage < S_STAGES; stage++) {
        if (self->records[stage]) {
            snprintf(labels, sizeof labels, "stage=\"%s\"", s_stage_labels[stage]);
            dure_metric_add(dure_metrics_counter(self->metrics, "dure_packaging_records_total",
                                                 "Packaging records applied, by stage", labels),
                            (double)self->records[stage]);
        }
        for (int kind = 1; kind <= PACKAGING_MATERIAL_KIND_LAST; kind++)
            if (self->grams[stage][kind]) {
                snprintf(labels, sizeof labels, "material=\"%s\",stage=\"%s\"",
                         packaging_material_name((packaging_material_kind_t)kind),
                         s_stage_labels[stage]);
                dure_metric_add(
                    dure_metrics_counter(self->metrics, "dure_packaging_grams_total",
                                         "Packaging grams recorded, by material and stage",
                                         labels),
                    (double)self->grams[stage][kind]);
            }
        for (size_t s = 0; s < packaging_rules_size(self->ledger->rules) && s < PACKAGING_RULE_SETS_MAX;
             s++)
            if (self->violations[stage][s]) {
                snprintf(labels, sizeof labels, "rule_set=\"%s\",stage=\"%s\"",
                         packaging_rules_at(self->ledger->rules, s)->id, s_stage_labels[stage]);
                dure_metric_add(
                    dure_metrics_counter(self->metrics, "dure_packaging_violations_total",
                                         "Parcels failing a rule set, by rule set and stage",
                                         labels),
                    (double)self->violations[stage][s]);
            }
    }
    for (int i = 0; i < self->ratio_count; i++) {
        snprintf(labels, sizeof labels, "stage=\"%s\"", s_stage_labels[self->ratios[i].stage]);
        dure_metric_observe(dure_metrics_histogram(self->metrics,
                                                   "dure_packaging_space_ratio_percent",
                                                   "Packaging space ratio of each parcel",
                                                   labels, ratio_bounds, 9),
                            self->ratios[i].value);
    }
    for (int i = 0; i < self->volume_count; i++) {
        snprintf(labels, sizeof labels, "stage=\"%s\"", s_stage_labels[self->volumes[i].stage]);
        dure_metric_observe(dure_metrics_histogram(self->metrics, "dure_packaging_volume_cm3",
                                                   "Outer packaging volume of each shipment",
                                                   labels, volume_bounds, 10),
                            self->volumes[i].value);
    }
}

/* A growing argument vector for one Redis command. */
typedef struct {
    int argc, cap;  /* used and allocated */
    char **argv;    /* owned strings */
    size_t *lens;   /* their lengths */
} s_args_t;

static void s_arg(s_args_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void s_arg(s_args_t *a, const char *fmt, ...)
{
    if (a->argc == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->argv = dure_realloc(a->argv, (size_t)a->cap * sizeof *a->argv);
        a->lens = dure_realloc(a->lens, (size_t)a->cap * sizeof *a->lens);
    }
    char buf[160];
    va_list args;
    va_start(args, fmt);
    vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    a->argv[a->argc] = dure_strdup(buf);
    a->lens[a->argc] = strlen(buf);
    a->argc++;
}

static void s_args_free(s_args_t *a)
{
    for (int i = 0; i < a->argc; i++)
        free(a->argv[i]);
    free(a->argv);
    free(a->lens);
    memset(a, 0, sizeof *a);
}

/* One field triple; zero increments are left out unless keep_zero. */
static void s_field(s_args_t *a, int key, const char *field, int64_t value, int keep_zero)
{
    if (!value && !keep_zero)
        return;
    s_arg(a, "%d", key);
    s_arg(a, "%s", field);
    s_arg(a, "%" PRId64, value);
}

/* The fields of the totals hash (key index 1). */
static void s_total_fields(packaging_counters_t *self, s_args_t *a,
                           const packaging_contribution_t *c, int64_t issued, int64_t returned,
                           int keep_zero)
{
    char field[80];
    s_field(a, 1, "shipments", c->shipments, keep_zero);
    s_field(a, 1, "grams", c->grams, keep_zero);
    s_field(a, 1, "sales_krw", c->sales_krw, keep_zero);
    s_field(a, 1, "parcels", c->parcels, keep_zero);
    s_field(a, 1, "parcels_compliant", c->parcels_compliant, keep_zero);
    for (int kind = 1; kind <= PACKAGING_MATERIAL_KIND_LAST; kind++) {
        snprintf(field, sizeof field, "grams:%s",
                 packaging_material_name((packaging_material_kind_t)kind));
        s_field(a, 1, field, c->material_grams[kind], keep_zero);
    }
    for (size_t s = 0; s < packaging_rules_size(self->ledger->rules) && s < PACKAGING_RULE_SETS_MAX;
         s++) {
        snprintf(field, sizeof field, "violations:%s",
                 packaging_rules_at(self->ledger->rules, s)->id);
        s_field(a, 1, field, c->violations[s], keep_zero);
    }
    s_field(a, 1, "reusable_issued", issued, keep_zero);
    s_field(a, 1, "reusable_returned", returned, keep_zero);
}

/* The per-day fields (key index 2). */
static void s_day_fields(s_args_t *a, const char *day, const packaging_contribution_t *c,
                         int keep_zero)
{
    char field[40];
    static const char *const names[] = {"shipments", "grams", "sales_krw", "parcels",
                                        "parcels_compliant"};
    const int64_t values[] = {c->shipments, c->grams, c->sales_krw, c->parcels,
                              c->parcels_compliant};
    for (int i = 0; i < 5; i++) {
        snprintf(field, sizeof field, "%s:%s", day, names[i]);
        s_field(a, 2, field, values[i], keep_zero);
    }
}

/* Runs EVAL script with both keys and the triples; returns 0 or -1. */
static int s_eval(dure_cache_t *cache, const char *script, s_args_t *triples)
{
    s_args_t a = {0};
    s_arg(&a, "EVAL");
    s_arg(&a, "%s", ""); /* replaced below: the script is longer than s_arg's buffer */
    free(a.argv[1]);
    a.argv[1] = dure_strdup(script);
    a.lens[1] = strlen(script);
    s_arg(&a, "2");
    s_arg(&a, PACKAGING_LIVE_KEY);
    s_arg(&a, PACKAGING_DAYS_KEY);
    for (int i = 0; i < triples->argc; i++)
        s_arg(&a, "%s", triples->argv[i]);
    const char **argv = (const char **)a.argv;
    const size_t *lens = a.lens;
    int rc = dure_cache_pipeline(cache, 1, &a.argc, &argv, &lens);
    s_args_free(&a);
    return rc;
}

int packaging_counters_rebuild(packaging_counters_t *self, dure_cache_t *cache,
                               packaging_store_t *store, dure_db_t *db)
{
    packaging_contribution_t total;
    packaging_day_sums_t *days = NULL;
    size_t count = 0;
    int64_t issued = 0, returned = 0;
    /* One snapshot, so the totals and the days agree even with other instances writing. */
    int ok = dure_db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") == 0;
    ok = ok && packaging_store_live_sums(store, self->ledger, &total, &days, &count) == 0;
    ok = ok && packaging_store_reusable_counts(store, &issued, &returned) == 0;
    if (ok)
        ok = dure_db_commit(db) == 0;
    else
        dure_db_rollback(db);
    if (!ok) {
        dure_log_warn("packaging counters: cannot read totals: %s", dure_db_error(db));
        free(days);
        return -1;
    }
    s_args_t a = {0};
    s_total_fields(self, &a, &total, issued, returned, 1);
    s_field(&a, 1, "built_at_ms", dure_now_ms(), 1);
    for (size_t i = 0; i < count; i++)
        s_day_fields(&a, days[i].day, &days[i].sums, 1);
    free(days);
    int rc = s_eval(cache, s_rebuild_script, &a);
    s_args_free(&a);
    if (rc == 0)
        dure_log_info("packaging counters rebuilt from PostgreSQL (%zu days)", count);
    return rc;
}

void packaging_counters_flush(packaging_counters_t *self, dure_cache_t *cache,
                              packaging_store_t *store, dure_db_t *db, int committed)
{
    if (!committed) {
        s_clear(self);
        return;
    }
    s_metrics_apply(self);
    s_args_t a = {0};
    s_total_fields(self, &a, &self->total, self->reusable_issued, self->reusable_returned, 0);
    for (int i = 0; i < self->day_count; i++)
        s_day_fields(&a, self->days[i].day, &self->days[i].delta, 0);
    int rebuild = self->overflow;
    if (a.argc > 0 && !rebuild && !self->dirty && s_eval(cache, s_apply_script, &a) != 0)
        rebuild = 1; /* missing live hash, or Redis down: either way the increment is lost */
    s_args_free(&a);
    s_clear(self);
    /* While dirty, the next tick rebuilds; a rebuild per batch while Redis is down would
       only load PostgreSQL. */
    if (rebuild && !self->dirty)
        self->dirty = !dure_cache_up(cache) ||
                      packaging_counters_rebuild(self, cache, store, db) != 0;
}

int packaging_counters_check(packaging_counters_t *self, dure_cache_t *cache,
                             packaging_store_t *store, dure_db_t *db)
{
    if (!self->dirty) {
        redisReply *reply = dure_cache_command(cache, "EXISTS %s", PACKAGING_LIVE_KEY);
        if (!reply)
            return 0; /* Redis down: nothing to rebuild into; try at the next tick */
        int present = reply->type == REDIS_REPLY_INTEGER && reply->integer == 1;
        freeReplyObject(reply);
        if (present)
            return 0;
    }
    if (!dure_cache_up(cache))
        return 0;
    int rc = packaging_counters_rebuild(self, cache, store, db);
    self->dirty = rc != 0;
    return rc == 0 ? 1 : -1;
}
