/*  handlers.h - the packaging service's state and its request handlers.

    The state is built once at start-up (rule sets, ledger, store, counters) and borrowed by
    every handler through dure_call_state. Request handlers answer GetPackagingRecord,
    PackagingReport, IssueReusableBox and ReturnReusableBox; event handlers are in events.h.
    All follow the runtime's contract: reply or fail and return 0, or return -1 when the
    database failed.
*/
#ifndef PACKAGING_HANDLERS_H
#define PACKAGING_HANDLERS_H

#include "counters.h"
#include "ledger.h"
#include "rules.h"
#include "store.h"

#include "dure_reads.h"
#include "dure_service.h"

/* What the running service keeps between batches. */
typedef struct {
    packaging_rules_t *rules;       /* every rule set loaded (built-ins plus the rules file) */
    packaging_ledger_t ledger;      /* rules plus the selected set, borrowed from rules */
    packaging_store_t *store;       /* SQL, on the service's connection */
    packaging_counters_t *counters; /* Redis live counters and metrics */
    dure_reads_t *records;          /* the records the batch in hand locks, read together */
} packaging_state_t;

/* The request routes, for the service definition. */
extern const dure_route_t packaging_request_routes[];
extern const size_t packaging_request_route_count;

int packaging_get_record(dure_call_t *call, const ProtobufCMessage *request);
int packaging_report(dure_call_t *call, const ProtobufCMessage *request);
int packaging_issue_reusable_box(dure_call_t *call, const ProtobufCMessage *request);
int packaging_return_reusable_box(dure_call_t *call, const ProtobufCMessage *request);

#endif
