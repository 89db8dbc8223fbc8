/*  store.c - SQL of the packaging ledger.

    A record is written as a row of `records` (with the whole PackagingRecord serialized, which
    GetPackagingRecord returns as is) plus its parcels, materials and verdicts, all in one
    statement fed column arrays of the records and their children (dure_rows.h). Inside a
    batch the records are queued and that statement runs once for the whole batch
    (dure_db_write_record). Replacing a record deletes its parcels, materials and verdicts first,
    in one statement.
*/
#include "store.h"

#include "dure_alloc.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct packaging_store_t {
    dure_db_t *db;       /* borrowed connection */
    char *time_zone;     /* the mall's, such as "Asia/Seoul" */
};

packaging_store_t *packaging_store_new(dure_db_t *db, const char *time_zone)
{
    assert(db && time_zone);
    packaging_store_t *self = dure_calloc(1, sizeof *self);
    self->db = db;
    self->time_zone = dure_strdup(time_zone);
    return self;
}

void packaging_store_destroy(packaging_store_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free((*self_p)->time_zone);
    free(*self_p);
    *self_p = NULL;
}

const char *packaging_store_error(packaging_store_t *self)
{
    return dure_db_error(self->db);
}

/* protobuf-c allocation from an arena: freed all at once when the arena resets. */
static void *s_arena_alloc(void *arena, size_t size)
{
    return dure_arena_alloc(arena, size);
}

static void s_arena_free(void *arena, void *pointer)
{
    (void)arena;
    (void)pointer;
}

/* Decodes a bytea column (text format) into a record, allocated by alloc; NULL when it
   does not decode. */
static Dure__V1__PackagingRecord *s_record_unhex(const char *text, ProtobufCAllocator *alloc)
{
    size_t len = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)text, &len);
    if (!bytes)
        return NULL;
    Dure__V1__PackagingRecord *rec = dure__v1__packaging_record__unpack(alloc, len, bytes);
    PQfreemem(bytes);
    return rec;
}

int packaging_store_lock_records(void *store, const char *const *shipment_ids, size_t count,
                                 dure_arena_t *arena, void **records)
{
    packaging_store_t *self = store;
    /* A locking subquery per id: one index lookup each, whatever the plan's age, and the
       rows locked in the order of the ids. */
    PGresult *res = dure_db_query_keys(
        self->db, "packaging_lock_records",
        "SELECT k.n, r.record FROM json_array_elements_text($1::json) WITH ORDINALITY "
        "AS k (id, n) CROSS JOIN LATERAL (SELECT record FROM records WHERE shipment_id = k.id "
        "FOR UPDATE) r ORDER BY k.n",
        shipment_ids, count);
    if (!res)
        return -1;
    for (size_t i = 0; i < count; i++)
        records[i] = NULL;
    ProtobufCAllocator alloc = {s_arena_alloc, s_arena_free, arena};
    int ok = 1;
    for (int r = 0; ok && r < PQntuples(res); r++) {
        long at = dure_db_key_at(res, r, count);
        ok = at >= 0 && (records[at] = s_record_unhex(PQgetvalue(res, r, 1), &alloc)) != NULL;
    }
    PQclear(res);
    return ok ? 0 : -1;
}

int packaging_store_get(packaging_store_t *self, const char *shipment_id, dure_arena_t *arena,
                        Dure__V1__PackagingRecord **out)
{
    const char *params[] = {shipment_id};
    PGresult *res = dure_db_query(self->db, "packaging_get",
                                  "SELECT record FROM records WHERE shipment_id = $1", 1, params);
    if (!res)
        return -1;
    ProtobufCAllocator alloc = {s_arena_alloc, s_arena_free, arena};
    int found = PQntuples(res) == 1;
    *out = found ? s_record_unhex(PQgetvalue(res, 0, 0), &alloc) : NULL;
    PQclear(res);
    return found ? (*out ? 1 : -1) : 0;
}

/* A record's parcels, materials and verdicts as rows of the save's second, third and fourth
   tables. */
static void s_child_rows(dure_rows_t *rows, const dure_rows_kind_t *kind,
                         const Dure__V1__PackagingRecord *rec)
{
    for (size_t p = 0; p < rec->n_parcels; p++) {
        const Dure__V1__ParcelRecord *pr = rec->parcels[p];
        dure_rows_start(rows, kind, 1);
        dure_rows_text(rows, rec->shipment_id);
        dure_rows_int(rows, (int64_t) p);
        dure_rows_text(rows, pr->box_code);
        dure_rows_int(rows, pr->outer_volume_cm3);
        dure_rows_int(rows, pr->inner_volume_cm3);
        dure_rows_int(rows, pr->product_volume_cm3);
        dure_rows_double(rows, pr->space_ratio_percent);
        dure_rows_int(rows, pr->layers);
        dure_rows_int(rows, pr->packaging_grams);
        dure_rows_bool(rows, pr->reusable);
        dure_rows_text(rows, pr->reusable_box_id);
        for (size_t m = 0; m < pr->n_materials; m++) {
            const Dure__V1__MaterialUse *mu = pr->materials[m];
            dure_rows_start(rows, kind, 2);
            dure_rows_text(rows, rec->shipment_id);
            dure_rows_int(rows, (int64_t) p);
            dure_rows_int(rows, (int64_t) m);
            dure_rows_int(rows, mu->material);
            dure_rows_int(rows, mu->pieces);
            dure_rows_int(rows, mu->grams);
            dure_rows_int(rows, mu->volume_cm3);
            dure_rows_bool(rows, mu->recyclable);
            dure_rows_int(rows, mu->recycled_content_percent);
        }
        for (size_t r = 0; r < pr->n_rules; r++) {
            const Dure__V1__RuleResult *rr = pr->rules[r];
            dure_rows_start(rows, kind, 3);
            dure_rows_text(rows, rec->shipment_id);
            dure_rows_int(rows, (int64_t) p);
            dure_rows_text(rows, rr->rule_set);
            dure_rows_bool(rows, rr->pass);
            dure_rows_bool(rows, rr->exempt);
            dure_rows_double(rows, rr->limit_percent);
            dure_rows_double(rows, rr->ratio_percent);
            dure_rows_text(rows, rr->reason);
        }
    }
}

/* Records with their parcels, materials and verdicts, in one statement; selects how many
   records it wrote. Two records of one shipment fail the statement (ON CONFLICT cannot
   change a row twice), which is what a batch needs to notice them. */
static const dure_rows_kind_t s_save_rows = {
    "packaging_save",
    "WITH r AS (INSERT INTO records (shipment_id, order_id, enterprise_id, carrier, stage, "
    "grams, sales_krw, compliant, volume_cm3, recorded_at, record) SELECT shipment_id, "
    "order_id, enterprise_id, carrier, stage, grams, sales_krw, compliant, volume_cm3, "
    "to_timestamp(recorded_at_ms / 1000.0), record FROM unnest($1::text[], $2::text[], "
    "$3::text[], $4::text[], $5::smallint[], $6::bigint[], $7::bigint[], $8::boolean[], "
    "$9::bigint[], $10::bigint[], $11::bytea[]) AS q(shipment_id, order_id, enterprise_id, "
    "carrier, stage, grams, sales_krw, compliant, volume_cm3, recorded_at_ms, record) "
    "ON CONFLICT (shipment_id) DO UPDATE SET order_id = EXCLUDED.order_id, "
    "enterprise_id = EXCLUDED.enterprise_id, carrier = EXCLUDED.carrier, stage = EXCLUDED.stage, "
    "grams = EXCLUDED.grams, sales_krw = EXCLUDED.sales_krw, compliant = EXCLUDED.compliant, "
    "volume_cm3 = EXCLUDED.volume_cm3, recorded_at = EXCLUDED.recorded_at, updated_at = now(), "
    "record = EXCLUDED.record RETURNING 1), "
    "p AS (INSERT INTO parcels (shipment_id, idx, box_code, outer_volume_cm3, inner_volume_cm3, "
    "product_volume_cm3, space_ratio_percent, layers, grams, reusable, reusable_box_id) "
    "SELECT * FROM unnest($12::text[], $13::int[], $14::text[], $15::bigint[], $16::bigint[], "
    "$17::bigint[], $18::float8[], $19::int[], $20::bigint[], $21::boolean[], $22::text[])), "
    "m AS (INSERT INTO parcel_materials (shipment_id, parcel_idx, line, material, pieces, grams, "
    "volume_cm3, recyclable, recycled_content_percent) SELECT * FROM unnest($23::text[], "
    "$24::int[], $25::int[], $26::smallint[], $27::int[], $28::bigint[], $29::bigint[], "
    "$30::boolean[], $31::int[])), "
    "v AS (INSERT INTO rule_results (shipment_id, parcel_idx, rule_set, pass, exempt, "
    "limit_percent, ratio_percent, reason) SELECT * FROM unnest($32::text[], $33::int[], "
    "$34::text[], $35::boolean[], $36::boolean[], $37::float8[], $38::float8[], $39::text[])) "
    "SELECT count(*) FROM r",
    {11, 11, 9, 8}};

/* The mall-time-zone day of a time: the process runs in the mall's zone (the runtime sets TZ),
   which is the zone the reports group by in SQL. */
static void s_day(int64_t at_ms, char day[PACKAGING_DAY_MAX])
{
    time_t seconds = (time_t)(at_ms >= 0 ? at_ms / 1000 : (at_ms - 999) / 1000);
    struct tm local;
    if (!localtime_r(&seconds, &local) || strftime(day, PACKAGING_DAY_MAX, "%Y-%m-%d", &local) == 0)
        day[0] = '\0';
}

int packaging_store_save(packaging_store_t *self, const Dure__V1__PackagingRecord *rec,
                         int replacing, char day[PACKAGING_DAY_MAX])
{
    assert(self && rec && rec->shipment_id);
    /* A statement cannot delete rows and insert the same keys again: the old children go
       first. Materials and verdicts have no foreign key to their parcel (migration 002), so
       they are deleted here with it. */
    const char *id[] = {rec->shipment_id};
    if (replacing &&
        dure_db_command(self->db, "packaging_clear",
                        "WITH m AS (DELETE FROM parcel_materials WHERE shipment_id = $1), "
                        "v AS (DELETE FROM rule_results WHERE shipment_id = $1) "
                        "DELETE FROM parcels WHERE shipment_id = $1",
                        1, id) != 0)
        return -1;
    dure_rows_t *rows = dure_db_rows(self->db, 0);
    dure_rows_start(rows, &s_save_rows, 0);
    dure_rows_text(rows, rec->shipment_id);
    dure_rows_text(rows, rec->order_id);
    dure_rows_text(rows, rec->enterprise_id);
    dure_rows_text(rows, rec->carrier);
    dure_rows_int(rows, rec->stage);
    dure_rows_int(rows, rec->packaging_grams);
    dure_rows_int(rows, rec->sales_krw);
    dure_rows_bool(rows, rec->compliant);
    dure_rows_int(rows, packaging_ledger_volume_cm3(rec));
    dure_rows_int(rows, rec->recorded_at_ms);
    dure_rows_message(rows, &rec->base);
    s_child_rows(rows, &s_save_rows, rec);
    /* While the batch defers, the record is written at its end (dure_db_write_record). */
    int written = dure_db_write_record(self->db, 0);
    if (written != 1)
        return -1;
    s_day(rec->recorded_at_ms, day);
    return 0;
}

int packaging_store_add_history(packaging_store_t *self, const Dure__V1__PackagingRecord *rec)
{
    char stage[8], grams[24];
    snprintf(stage, sizeof stage, "%d", (int)rec->stage);
    snprintf(grams, sizeof grams, "%d", rec->packaging_grams);
    char *hex = dure_db_message_hex("", &rec->base);
    const char *params[] = {rec->shipment_id, stage, grams, hex};
    int rc = dure_db_command(self->db, "packaging_history_add",
                             "INSERT INTO record_history (shipment_id, stage, grams, record) "
                             "VALUES ($1, $2::smallint, $3::bigint, decode($4, 'hex'))",
                             4, params);
    free(hex);
    return rc;
}

int packaging_store_history(packaging_store_t *self, const char *shipment_id,
                            dure_arena_t *arena, Dure__V1__PackagingRecord ***items,
                            size_t *count)
{
    *items = NULL;
    *count = 0;
    const char *params[] = {shipment_id};
    PGresult *res = dure_db_query(self->db, "packaging_history",
                                  "SELECT record FROM record_history WHERE shipment_id = $1 "
                                  "ORDER BY id DESC",
                                  1, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    *items = DURE_ARENA_NEW(arena, Dure__V1__PackagingRecord *, rows ? rows : 1);
    ProtobufCAllocator alloc = {s_arena_alloc, s_arena_free, arena};
    for (int i = 0; i < rows; i++) {
        Dure__V1__PackagingRecord *rec = s_record_unhex(PQgetvalue(res, i, 0), &alloc);
        if (rec)
            (*items)[(*count)++] = rec;
    }
    PQclear(res);
    return 0;
}

/* Live shipments of the range; $1 time zone, $2 from, $3 to, $4 rule set. KEY is the group. */
#define S_SHIPMENTS(KEY)                                                                         \
    "WITH s AS (SELECT r.shipment_id, r.grams, r.sales_krw, " KEY " AS key FROM records r "     \
    "WHERE r.stage IN (1, 2) AND (r.recorded_at AT TIME ZONE $1)::date "                        \
    "BETWEEN $2::date AND $3::date), "                                                          \
    "pp AS (SELECT pa.shipment_id, count(*) AS parcels, sum(pa.space_ratio_percent) AS ratio, " \
    "count(*) FILTER (WHERE rr.pass) AS passing FROM parcels pa JOIN s USING (shipment_id) "    \
    "LEFT JOIN rule_results rr ON rr.shipment_id = pa.shipment_id AND rr.parcel_idx = pa.idx "  \
    "AND rr.rule_set = $4 GROUP BY pa.shipment_id) "                                             \
    "SELECT s.key, count(*), coalesce(sum(s.grams), 0), coalesce(sum(s.sales_krw), 0), "        \
    "coalesce(sum(pp.parcels), 0), coalesce(sum(pp.ratio), 0), coalesce(sum(pp.passing), 0) "   \
    "FROM s LEFT JOIN pp USING (shipment_id) GROUP BY s.key ORDER BY s.key"

/* By material: a shipment counts in each material it used, with that material's grams. */
static const char *s_by_material_sql =
    "WITH s AS (SELECT r.shipment_id, r.sales_krw FROM records r WHERE r.stage IN (1, 2) "
    "AND (r.recorded_at AT TIME ZONE $1)::date BETWEEN $2::date AND $3::date), "
    "pm AS (SELECT m.shipment_id, m.parcel_idx, m.material, sum(m.grams) AS g "
    "FROM parcel_materials m JOIN s USING (shipment_id) GROUP BY 1, 2, 3), "
    "per AS (SELECT pm.material, pm.shipment_id, sum(pm.g) AS g, count(*) AS parcels, "
    "sum(pa.space_ratio_percent) AS ratio, count(*) FILTER (WHERE rr.pass) AS passing "
    "FROM pm JOIN parcels pa ON pa.shipment_id = pm.shipment_id AND pa.idx = pm.parcel_idx "
    "LEFT JOIN rule_results rr ON rr.shipment_id = pa.shipment_id AND rr.parcel_idx = pa.idx "
    "AND rr.rule_set = $4 GROUP BY 1, 2) "
    "SELECT lpad(per.material::text, 2, '0'), count(*), sum(per.g), sum(s.sales_krw), "
    "sum(per.parcels), sum(per.ratio), sum(per.passing) FROM per JOIN s USING (shipment_id) "
    "GROUP BY 1 ORDER BY 1";

static const char *s_report_sql(Dure__V1__PackagingGrouping grouping, const char **name)
{
    switch (grouping) {
    case DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_MONTH:
        *name = "packaging_report_month";
        return S_SHIPMENTS("to_char(r.recorded_at AT TIME ZONE $1, 'YYYY-MM')");
    case DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_ENTERPRISE:
        *name = "packaging_report_enterprise";
        return S_SHIPMENTS("r.enterprise_id");
    case DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_CARRIER:
        *name = "packaging_report_carrier";
        return S_SHIPMENTS("r.carrier");
    case DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_MATERIAL:
        *name = "packaging_report_material";
        return s_by_material_sql;
    default:
        *name = "packaging_report_day";
        return S_SHIPMENTS("to_char(r.recorded_at AT TIME ZONE $1, 'YYYY-MM-DD')");
    }
}

static void s_sums_row(PGresult *res, int row, packaging_report_sums_t *out)
{
    snprintf(out->key, sizeof out->key, "%s", PQgetvalue(res, row, 0));
    out->shipments = atoll(PQgetvalue(res, row, 1));
    out->grams = atoll(PQgetvalue(res, row, 2));
    out->sales_krw = atoll(PQgetvalue(res, row, 3));
    out->parcels = atoll(PQgetvalue(res, row, 4));
    out->ratio_sum = atof(PQgetvalue(res, row, 5));
    out->parcels_passing = atoll(PQgetvalue(res, row, 6));
}

int packaging_store_report(packaging_store_t *self, const char *from, const char *to,
                           Dure__V1__PackagingGrouping grouping, const char *rule_set,
                           packaging_report_sums_t **rows, size_t *count,
                           packaging_report_sums_t *total)
{
    *rows = NULL;
    *count = 0;
    memset(total, 0, sizeof *total);
    const char *params[] = {self->time_zone, from, to, rule_set};
    const char *name;
    const char *sql = s_report_sql(grouping, &name);
    /* The total is the same sums over one group, so it always equals the records' sums. */
    PGresult *res = dure_db_query(self->db, "packaging_report_total", S_SHIPMENTS("'total'::text"), 4,
                        params);
    if (!res)
        return -1;
    if (PQntuples(res) == 1)
        s_sums_row(res, 0, total);
    PQclear(res);
    res = dure_db_query(self->db, name, sql, 4, params);
    if (!res)
        return -1;
    int n = PQntuples(res);
    *rows = n ? dure_calloc((size_t)n, sizeof **rows) : NULL;
    for (int i = 0; i < n; i++)
        s_sums_row(res, i, &(*rows)[i]);
    *count = (size_t)n;
    PQclear(res);
    return 0;
}

/* Runs a query with the time zone as $1 or no parameter; NULL on error. */
static PGresult *s_query(packaging_store_t *self, const char *name, const char *sql, int tz)
{
    const char *params[] = {self->time_zone};
    return dure_db_query(self->db, name, sql, tz, params);
}

int packaging_store_live_sums(packaging_store_t *self, const packaging_ledger_t *ledger,
                              packaging_contribution_t *total, packaging_day_sums_t **days,
                              size_t *count)
{
    memset(total, 0, sizeof *total);
    *days = NULL;
    *count = 0;
    PGresult *res = s_query(
        self, "packaging_live_days",
        "WITH s AS (SELECT shipment_id, grams, sales_krw, "
        "to_char(recorded_at AT TIME ZONE $1, 'YYYY-MM-DD') AS day FROM records "
        "WHERE stage IN (1, 2)) SELECT s.day, count(*), sum(s.grams), sum(s.sales_krw), "
        "coalesce(sum((SELECT count(*) FROM parcels p WHERE p.shipment_id = s.shipment_id)), 0) "
        "FROM s GROUP BY s.day ORDER BY s.day",
        1);
    if (!res)
        return -1;
    int n = PQntuples(res);
    *days = n ? dure_calloc((size_t)n, sizeof **days) : NULL;
    for (int i = 0; i < n; i++) {
        packaging_day_sums_t *d = &(*days)[i];
        snprintf(d->day, sizeof d->day, "%s", PQgetvalue(res, i, 0));
        d->sums.shipments = atoll(PQgetvalue(res, i, 1));
        d->sums.grams = atoll(PQgetvalue(res, i, 2));
        d->sums.sales_krw = atoll(PQgetvalue(res, i, 3));
        d->sums.parcels = atoll(PQgetvalue(res, i, 4));
        packaging_contribution_add(total, &d->sums);
    }
    *count = (size_t)n;
    PQclear(res);
    /* Verdicts: per day for the selected set, per set for the violations. */
    const char *params[] = {self->time_zone, ledger->selected->id};
    res = dure_db_query(self->db, "packaging_live_verdicts",
                        "SELECT to_char(r.recorded_at AT TIME ZONE $1, 'YYYY-MM-DD'), "
                        "rr.rule_set, count(*) FILTER (WHERE rr.pass), "
                        "count(*) FILTER (WHERE NOT rr.pass) FROM records r JOIN rule_results rr "
                        "USING (shipment_id) WHERE r.stage IN (1, 2) GROUP BY 1, 2",
                        1, params);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *day = PQgetvalue(res, i, 0), *set = PQgetvalue(res, i, 1);
        int64_t passing = atoll(PQgetvalue(res, i, 2)), failing = atoll(PQgetvalue(res, i, 3));
        for (size_t s = 0; s < packaging_rules_size(ledger->rules) && s < PACKAGING_RULE_SETS_MAX;
             s++)
            if (strcmp(packaging_rules_at(ledger->rules, s)->id, set) == 0)
                total->violations[s] += failing;
        if (strcmp(set, ledger->selected->id) != 0)
            continue;
        total->parcels_compliant += passing;
        for (size_t d = 0; d < *count; d++)
            if (strcmp((*days)[d].day, day) == 0)
                (*days)[d].sums.parcels_compliant += passing;
    }
    PQclear(res);
    res = s_query(self, "packaging_live_materials",
                  "SELECT m.material, sum(m.grams) FROM parcel_materials m JOIN records r "
                  "USING (shipment_id) WHERE r.stage IN (1, 2) GROUP BY 1",
                  0);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        int kind = atoi(PQgetvalue(res, i, 0));
        if (kind > 0 && kind <= PACKAGING_MATERIAL_KIND_LAST)
            total->material_grams[kind] = atoll(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return 0;
}

int packaging_store_issue(packaging_store_t *self, const char *box_id, const char *shipment_id)
{
    const char *params[] = {box_id, shipment_id};
    PGresult *res = dure_db_query(self->db, "packaging_issue_open",
                                  "SELECT shipment_id FROM reusable_issues WHERE box_id = $1 "
                                  "AND returned_at IS NULL FOR UPDATE",
                                  1, params);
    if (!res)
        return -1;
    int out_elsewhere = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), shipment_id) != 0;
    int out_here = PQntuples(res) == 1 && !out_elsewhere;
    PQclear(res);
    if (out_elsewhere)
        return 1;
    if (out_here)
        return 2;
    return dure_db_command(self->db, "packaging_issue",
                           "INSERT INTO reusable_issues (box_id, shipment_id) VALUES ($1, $2) "
                           "ON CONFLICT (box_id, shipment_id) DO NOTHING",
                           2, params);
}

int packaging_store_return(packaging_store_t *self, const char *box_id)
{
    const char *params[] = {box_id};
    PGresult *res = dure_db_query(self->db, "packaging_return",
                                  "UPDATE reusable_issues SET returned_at = now() "
                                  "WHERE box_id = $1 AND returned_at IS NULL",
                                  1, params);
    if (!res)
        return -1;
    int updated = atoi(PQcmdTuples(res));
    PQclear(res);
    if (updated)
        return 0;
    res = dure_db_query(self->db, "packaging_box_known",
                        "SELECT 1 FROM reusable_issues WHERE box_id = $1 LIMIT 1", 1, params);
    if (!res)
        return -1;
    int known = PQntuples(res) > 0;
    PQclear(res);
    return known ? 2 : 1;
}

int packaging_store_reusable_counts(packaging_store_t *self, int64_t *issued, int64_t *returned)
{
    PGresult *res = s_query(self, "packaging_reusable_counts",
                            "SELECT count(*), count(returned_at) FROM reusable_issues", 0);
    if (!res)
        return -1;
    *issued = atoll(PQgetvalue(res, 0, 0));
    *returned = atoll(PQgetvalue(res, 0, 1));
    PQclear(res);
    return 0;
}
