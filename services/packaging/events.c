/*  events.c - ShipmentPlanned, ShipmentPacked and ShipmentCancelled into the ledger.

    Each handler locks the shipment's current record (FOR UPDATE, so two instances applying
    events of one shipment take turns; the first handler of a batch locks and reads the
    records of all its shipments at once), decides the next record from the stages, writes it,
    moves the replaced record into the history, and notes the change of the live totals
    (contribution of the new record minus that of the old) for after the commit.
*/
#include "events.h"

#include "dure_log.h"

#include <stdio.h>
#include <string.h>

#define S_PLANNED DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED
#define S_PACKED DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED
#define S_VOID DURE__V1__PACKAGING_STAGE__PACKAGING_VOID

/* Empty identifying fields of `next` taken from `from` (a late plan knows the order). */
static void s_fill_ids(Dure__V1__PackagingRecord *next, const Dure__V1__PackagingRecord *from)
{
    if ((!next->order_id || !next->order_id[0]) && from->order_id)
        next->order_id = from->order_id;
    if ((!next->enterprise_id || !next->enterprise_id[0]) && from->enterprise_id)
        next->enterprise_id = from->enterprise_id;
    if ((!next->carrier || !next->carrier[0]) && from->carrier)
        next->carrier = from->carrier;
    if (next->sales_krw == 0)
        next->sales_krw = from->sales_krw;
}

/* The change of the totals one item makes, noted only once all its writes succeeded. */
typedef struct {
    char day[PACKAGING_DAY_MAX];    /* of the record, mall time zone */
    packaging_contribution_t delta; /* contribution(next) - contribution(before) */
} s_change_t;

/* Writes next as the current record, after putting `archive` (when not NULL) into the
   history; `before` is the record next replaces as far as the totals go. Returns 0 or -1. */
static int s_write(dure_call_t *call, const Dure__V1__PackagingRecord *archive,
                   const Dure__V1__PackagingRecord *before, const Dure__V1__PackagingRecord *next,
                   s_change_t *change)
{
    packaging_state_t *state = dure_call_state(call);
    if (archive && packaging_store_add_history(state->store, archive) != 0)
        return -1;
    dure_reads_forget(state->records, next->shipment_id);
    if (packaging_store_save(state->store, next, archive != NULL, change->day) != 0)
        return -1;
    packaging_contribution_t old;
    packaging_ledger_contribution(&state->ledger, next, &change->delta);
    packaging_ledger_contribution(&state->ledger, before, &old);
    packaging_contribution_subtract(&change->delta, &old);
    return 0;
}

/* Notes a committed-to-be change (after every write of the item succeeded). */
static void s_note_change(packaging_state_t *state, const s_change_t *change)
{
    if (!packaging_contribution_is_zero(&change->delta))
        packaging_counters_note(state->counters, change->day, &change->delta);
}

/* Reusable boxes the packer really used go out with the shipment. */
static int s_issue_boxes(dure_call_t *call, const Dure__V1__PackagingRecord *rec, int *issued)
{
    packaging_state_t *state = dure_call_state(call);
    for (size_t i = 0; i < rec->n_parcels; i++) {
        const char *box = rec->parcels[i]->reusable_box_id;
        if (!box || !box[0])
            continue;
        int rc = packaging_store_issue(state->store, box, rec->shipment_id);
        if (rc < 0)
            return -1;
        if (rc == 1)
            dure_log_warn("reusable box %s packed into %s is still out with another shipment",
                          box, rec->shipment_id);
        *issued += rc == 0;
    }
    return 0;
}

/* Locks and reads a shipment's current record (in the call's arena), from the batch's read
   when it covered the shipment. Returns 1, 0 when there is none, -1. */
static int s_lock(dure_call_t *call, const char *shipment_id, Dure__V1__PackagingRecord **out)
{
    packaging_state_t *state = dure_call_state(call);
    void *read;
    if (dure_reads_take_or_read(state->records, shipment_id, dure_call_arena(call), &read) != 0)
        return -1;
    *out = read;
    return read != NULL;
}

/* Notes the shipment of an event before the batch runs, so that the first handler locks and
   reads the records of the whole batch at once (packaging_state_t.records). */
static void s_note(dure_call_t *call, const char *shipment_id)
{
    packaging_state_t *state = dure_call_state(call);
    dure_reads_note(state->records, shipment_id);
}

static int s_prepare_planned(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__Shipment *shipment = ((const Dure__V1__ShipmentPlanned *) event)->shipment;
    s_note(call, shipment ? shipment->id : NULL);
    return 0;
}

static int s_prepare_packed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__Shipment *shipment = ((const Dure__V1__ShipmentPacked *) event)->shipment;
    s_note(call, shipment ? shipment->id : NULL);
    return 0;
}

static int s_prepare_cancelled(dure_call_t *call, const ProtobufCMessage *event)
{
    s_note(call, ((const Dure__V1__ShipmentCancelled *) event)->shipment_id);
    return 0;
}

/* Applies a planned or packed shipment. */
static int s_apply(dure_call_t *call, const Dure__V1__Shipment *shipment,
                   Dure__V1__PackagingStage stage, int64_t sales_krw)
{
    packaging_state_t *state = dure_call_state(call);
    if (!shipment) {
        dure_call_field_error(call, "shipment", "missing");
        return 0;
    }
    const Dure__V1__Envelope *env = dure_call_envelope(call);
    int64_t at = shipment->created_at_ms > 0 ? shipment->created_at_ms
                 : env->sent_at_ms > 0       ? env->sent_at_ms
                                             : dure_now_ms();
    Dure__V1__PackagingRecord incoming;
    char field[PACKAGING_FIELD_MAX], err[PACKAGING_REASON_MAX];
    if (packaging_ledger_record(&state->ledger, shipment, stage, sales_krw, at,
                                dure_call_arena(call), &incoming, field, sizeof field, err,
                                sizeof err) != 0) {
        dure_call_field_error(call, field, "%s", err);
        return 0;
    }
    Dure__V1__PackagingRecord *current = NULL;
    int found = s_lock(call, incoming.shipment_id, &current);
    if (found < 0)
        return -1;
    int rc, issued = 0;
    s_change_t change = {{0}};
    if (!found) {
        rc = s_write(call, NULL, NULL, &incoming, &change);
    } else if (current->stage == S_VOID ||
               (current->stage == S_PACKED && stage == S_PLANNED)) {
        /* Void stays void; packed wins over a late plan. The arrival joins the history. */
        Dure__V1__PackagingRecord next = *current;
        s_fill_ids(&next, &incoming);
        rc = s_write(call, &incoming, current, &next, &change);
    } else {
        /* A plan replaced by the packing, or by a newer plan or packing of the same kind. */
        incoming.recorded_at_ms = current->recorded_at_ms;
        s_fill_ids(&incoming, current);
        rc = s_write(call, current, current, &incoming, &change);
    }
    if (rc == 0 && stage == S_PACKED && (!found || current->stage != S_VOID))
        rc = s_issue_boxes(call, &incoming, &issued);
    if (rc == 0) {
        s_note_change(state, &change);
        packaging_counters_note_reusable(state->counters, issued, 0);
        packaging_counters_observe(state->counters, &incoming);
    }
    return rc;
}

int packaging_on_shipment_planned(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__ShipmentPlanned *planned = (const Dure__V1__ShipmentPlanned *)event;
    if (planned->sales_krw < 0) {
        dure_call_field_error(call, "sales_krw", "must be >= 0");
        return 0;
    }
    return s_apply(call, planned->shipment, S_PLANNED, planned->sales_krw);
}

int packaging_on_shipment_packed(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__ShipmentPacked *packed = (const Dure__V1__ShipmentPacked *)event;
    return s_apply(call, packed->shipment, S_PACKED, 0);
}

int packaging_on_shipment_cancelled(dure_call_t *call, const ProtobufCMessage *event)
{
    const Dure__V1__ShipmentCancelled *cancelled = (const Dure__V1__ShipmentCancelled *)event;
    packaging_state_t *state = dure_call_state(call);
    if (!cancelled->shipment_id || !cancelled->shipment_id[0]) {
        dure_call_field_error(call, "shipment_id", "missing");
        return 0;
    }
    Dure__V1__PackagingRecord *current = NULL;
    int found = s_lock(call, cancelled->shipment_id, &current);
    if (found < 0)
        return -1;
    if (found && current->stage == S_VOID)
        return 0; /* already void */
    /* The void record keeps who and when, not the parcels: they are in the history. */
    Dure__V1__PackagingRecord next = DURE__V1__PACKAGING_RECORD__INIT;
    next.shipment_id = cancelled->shipment_id;
    next.order_id = cancelled->order_id ? cancelled->order_id : "";
    next.stage = S_VOID;
    next.recorded_at_ms = dure_now_ms();
    if (current) {
        next.enterprise_id = current->enterprise_id;
        next.carrier = current->carrier;
        next.sales_krw = current->sales_krw;
        next.recorded_at_ms = current->recorded_at_ms;
        if (current->order_id && current->order_id[0])
            next.order_id = current->order_id;
    }
    s_change_t change = {{0}};
    int rc = s_write(call, current, current, &next, &change);
    if (rc == 0) {
        s_note_change(state, &change);
        packaging_counters_observe(state->counters, &next);
    }
    return rc;
}

const dure_route_t packaging_event_routes[] = {
    {&dure__v1__shipment_planned__descriptor, NULL, packaging_on_shipment_planned, 0,
     s_prepare_planned},
    {&dure__v1__shipment_packed__descriptor, NULL, packaging_on_shipment_packed, 0,
     s_prepare_packed},
    {&dure__v1__shipment_cancelled__descriptor, NULL, packaging_on_shipment_cancelled, 0,
     s_prepare_cancelled},
};
const size_t packaging_event_route_count =
    sizeof packaging_event_routes / sizeof packaging_event_routes[0];
