/*  handlers.c - the packaging service's requests: a shipment's record, reports, reusable boxes.

    Reports are sums from store.c turned into averages here: grams per shipment, grams per
    10,000 won of sales, the mean space ratio of the parcels and the share of parcels passing
    the deployment's rule set. Everything a reply points to lives in the call's arena.
*/
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Won per sales unit in "grams per 10,000 won". */
#define S_SALES_UNIT_KRW 10000.0

/* True for a real calendar date written YYYY-MM-DD. */
static int s_date_ok(const char *text)
{
    int y, m, d;
    char tail;
    if (!text || strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    if (text[4] != '-' || text[7] != '-' || y < 2000 || y > 2999 || m < 1 || m > 12 || d < 1)
        return 0;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

int packaging_get_record(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__GetPackagingRecord *req = (const Dure__V1__GetPackagingRecord *)request;
    packaging_state_t *state = dure_call_state(call);
    if (!req->shipment_id || !req->shipment_id[0]) {
        dure_call_field_error(call, "shipment_id", "missing");
        return 0;
    }
    Dure__V1__PackagingRecord *rec = NULL;
    int found = packaging_store_get(state->store, req->shipment_id, dure_call_arena(call), &rec);
    if (found < 0)
        return -1;
    if (!found) {
        dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "no packaging record for %s",
                       req->shipment_id);
        return 0;
    }
    Dure__V1__PackagingRecord **history = NULL;
    size_t count = 0;
    int rc = packaging_store_history(state->store, req->shipment_id, dure_call_arena(call),
                                     &history, &count);
    if (rc == 0) {
        rec->history = history;
        rec->n_history = count;
        Dure__V1__GetPackagingRecordReply reply = DURE__V1__GET_PACKAGING_RECORD_REPLY__INIT;
        reply.record = rec;
        dure_call_reply(call, &reply.base);
    }
    return rc;
}

/* Fills a reply row from sums. */
static void s_row(const packaging_report_sums_t *sums, const char *key, dure_arena_t *arena,
                  Dure__V1__PackagingReportRow *row)
{
    dure__v1__packaging_report_row__init(row);
    row->key = dure_arena_strdup(arena, key);
    row->shipments = sums->shipments;
    row->grams = sums->grams;
    row->grams_per_shipment = sums->shipments ? (double)sums->grams / sums->shipments : 0;
    row->grams_per_10k_krw =
        sums->sales_krw > 0 ? (double)sums->grams * S_SALES_UNIT_KRW / sums->sales_krw : 0;
    row->mean_space_ratio_percent = sums->parcels ? sums->ratio_sum / sums->parcels : 0;
    row->compliance_percent =
        sums->parcels ? 100.0 * (double)sums->parcels_passing / sums->parcels : 0;
}

int packaging_report(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__PackagingReport *req = (const Dure__V1__PackagingReport *)request;
    packaging_state_t *state = dure_call_state(call);
    if (!s_date_ok(req->from_date))
        dure_call_field_error(call, "from_date", "must be a date YYYY-MM-DD");
    if (!s_date_ok(req->to_date))
        dure_call_field_error(call, "to_date", "must be a date YYYY-MM-DD");
    if (!dure_call_failed(call) && strcmp(req->from_date, req->to_date) > 0)
        dure_call_field_error(call, "to_date", "is before from_date");
    if (req->group_by > DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_CARRIER)
        dure_call_field_error(call, "group_by", "unknown grouping %d", (int)req->group_by);
    if (dure_call_failed(call))
        return 0;
    packaging_report_sums_t *sums = NULL, total;
    size_t count = 0;
    if (packaging_store_report(state->store, req->from_date, req->to_date, req->group_by,
                               state->ledger.selected->id, &sums, &count, &total) != 0)
        return -1;
    dure_arena_t *arena = dure_call_arena(call);
    Dure__V1__PackagingReportReply reply = DURE__V1__PACKAGING_REPORT_REPLY__INIT;
    reply.rows = DURE_ARENA_NEW(arena, Dure__V1__PackagingReportRow *, count ? count : 1);
    for (size_t i = 0; i < count; i++) {
        const char *key = sums[i].key;
        if (req->group_by == DURE__V1__PACKAGING_GROUPING__PACKAGING_BY_MATERIAL)
            key = packaging_material_name((packaging_material_kind_t)atoi(key));
        reply.rows[i] = DURE_ARENA_NEW(arena, Dure__V1__PackagingReportRow, 1);
        s_row(&sums[i], key, arena, reply.rows[i]);
    }
    reply.n_rows = count;
    Dure__V1__PackagingReportRow total_row;
    s_row(&total, "total", arena, &total_row);
    reply.total = &total_row;
    reply.rule_set = (char *)state->ledger.selected->id;
    dure_call_reply(call, &reply.base);
    free(sums);
    return 0;
}

int packaging_issue_reusable_box(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__IssueReusableBox *req = (const Dure__V1__IssueReusableBox *)request;
    packaging_state_t *state = dure_call_state(call);
    if (!req->box_id || !req->box_id[0])
        dure_call_field_error(call, "box_id", "missing");
    if (!req->shipment_id || !req->shipment_id[0])
        dure_call_field_error(call, "shipment_id", "missing");
    if (dure_call_failed(call))
        return 0;
    int rc = packaging_store_issue(state->store, req->box_id, req->shipment_id);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        dure_call_fail(call, DURE__V1__CODE__CODE_CONFLICT,
                       "box %s is out with another shipment; return it first", req->box_id);
        return 0;
    }
    packaging_counters_note_reusable(state->counters, rc == 0, 0);
    Dure__V1__IssueReusableBoxReply reply = DURE__V1__ISSUE_REUSABLE_BOX_REPLY__INIT;
    dure_call_reply(call, &reply.base);
    return 0;
}

int packaging_return_reusable_box(dure_call_t *call, const ProtobufCMessage *request)
{
    const Dure__V1__ReturnReusableBox *req = (const Dure__V1__ReturnReusableBox *)request;
    packaging_state_t *state = dure_call_state(call);
    if (!req->box_id || !req->box_id[0]) {
        dure_call_field_error(call, "box_id", "missing");
        return 0;
    }
    int rc = packaging_store_return(state->store, req->box_id);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        dure_call_fail(call, DURE__V1__CODE__CODE_NOT_FOUND, "box %s was never issued",
                       req->box_id);
        return 0;
    }
    Dure__V1__ReturnReusableBoxReply reply = DURE__V1__RETURN_REUSABLE_BOX_REPLY__INIT;
    if (packaging_store_reusable_counts(state->store, &reply.issued, &reply.returned) != 0)
        return -1;
    reply.return_rate_percent =
        reply.issued ? 100.0 * (double)reply.returned / (double)reply.issued : 0;
    packaging_counters_note_reusable(state->counters, 0, rc == 0);
    dure_call_reply(call, &reply.base);
    return 0;
}

const dure_route_t packaging_request_routes[] = {
    {&dure__v1__get_packaging_record__descriptor, &dure__v1__get_packaging_record_reply__descriptor,
     packaging_get_record, 1},
    {&dure__v1__packaging_report__descriptor, &dure__v1__packaging_report_reply__descriptor,
     packaging_report, 1},
    {&dure__v1__issue_reusable_box__descriptor, &dure__v1__issue_reusable_box_reply__descriptor,
     packaging_issue_reusable_box},
    {&dure__v1__return_reusable_box__descriptor, &dure__v1__return_reusable_box_reply__descriptor,
     packaging_return_reusable_box},
};
const size_t packaging_request_route_count =
    sizeof packaging_request_routes / sizeof packaging_request_routes[0];
