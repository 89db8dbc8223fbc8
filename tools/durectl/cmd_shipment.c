/*  cmd_shipment.c - `durectl shipment`: the shipments of an order or a seller, one shipment
    with its parcels, label and history, and recording a carrier event.

      durectl shipment list --order ID
      durectl shipment list --enterprise E [--status S] [--page-size N] [--page-token T]
      durectl shipment get ID
      durectl shipment event ID --status S [--at TIME] [--location L] [--event-id ID]
      durectl shipment carriers

    S is a shipment status word (planned, packed, picked_up, in_transit, out_for_delivery,
    delivered, exception, returned, cancelled; '-' works for '_'). TIME is UTC milliseconds
    or "YYYY-MM-DD HH:MM[:SS]" (also with a T) in the mall's time zone (+09:00), or with a
    trailing Z for UTC; default now. Without --event-id the event is idempotent by status and
    time, so a repeated command with the same --at is recorded once. Recipient, phone and
    address are masked unless --reveal; --json prints the reply.
*/
#include "durectl.h"

#include "../../services/logistics/tracking.h"

#include <ctype.h>
#include <time.h>

#define S_SEOUL_OFFSET_S (9 * 3600) /* times are read and shown in the mall's zone */

static int s_usage(void)
{
    fprintf(stderr, "usage: durectl shipment list --order ID\n"
                    "       durectl shipment list --enterprise E [--status S] [--page-size N]"
                    " [--page-token T]\n"
                    "       durectl shipment get ID\n"
                    "       durectl shipment event ID --status S [--at TIME] [--location L]"
                    " [--event-id ID]\n"
                    "       durectl shipment carriers\n");
    return 2;
}

static const char *s_time(int64_t ms, char *buf, size_t size)
{
    time_t t = (time_t)(ms / 1000 + S_SEOUL_OFFSET_S);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S+09", &tm);
    return buf;
}

static const char *s_temperature(Dure__V1__TemperatureClass t)
{
    switch (t) {
    case DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_CHILLED:
        return "chilled";
    case DURE__V1__TEMPERATURE_CLASS__TEMPERATURE_FROZEN:
        return "frozen";
    default:
        return "ambient";
    }
}

/* Parses --at: milliseconds, or a Seoul (or Z) date and time. Returns 0 or -1. */
static int s_parse_time(const char *text, int64_t *ms)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (end != text && *end == '\0' && v > 0) {
        *ms = v;
        return 0;
    }
    struct tm tm = {0};
    const char *rest = strptime(text, "%Y-%m-%d", &tm);
    if (!rest || (*rest != ' ' && *rest != 'T'))
        return -1;
    const char *after = strptime(rest + 1, "%H:%M:%S", &tm);
    if (!after)
        after = strptime(rest + 1, "%H:%M", &tm);
    if (!after)
        return -1;
    int utc = *after == 'Z' || *after == 'z';
    if (after[utc] != '\0')
        return -1;
    *ms = ((int64_t)timegm(&tm) - (utc ? 0 : S_SEOUL_OFFSET_S)) * 1000;
    return 0;
}

static void s_print_row(durectl_table_t *table, const Dure__V1__Shipment *s)
{
    char when[40];
    int64_t grams = 0;
    for (size_t i = 0; i < s->n_parcels; i++)
        grams += s->parcels[i]->gross_weight_g;
    durectl_table_cell(table, "%s", s->id);
    durectl_table_cell(table, "%s", s->enterprise_id);
    durectl_table_cell(table, "%s", s_temperature(s->temperature));
    durectl_table_cell(table, "%s", logistics_status_name(s->status));
    durectl_table_cell(table, "%s %s", s->carrier, s->tracking_number);
    durectl_table_cell(table, "%zu (%s)", s->n_parcels,
                       s->n_parcels ? s->parcels[0]->box_code : "-");
    durectl_table_cell(table, "%.1f kg", (double)grams / 1000.0);
    durectl_table_cell(table, "%s", s_time(s->updated_at_ms, when, sizeof when));
    durectl_table_end_row(table);
}

static int s_list(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__ListShipments req = DURE__V1__LIST_SHIPMENTS__INIT;
    Dure__V1__PageRequest page = DURE__V1__PAGE_REQUEST__INIT;
    const char *order = durectl_option(argc, argv, "order");
    const char *seller = durectl_option(argc, argv, "enterprise");
    const char *status = durectl_option(argc, argv, "status");
    const char *size = durectl_option(argc, argv, "page-size");
    if (!order && !seller) {
        fprintf(stderr, "durectl shipment list: --order or --enterprise is required\n");
        return s_usage();
    }
    req.order_id = (char *)(order ? order : "");
    req.enterprise_id = (char *)(seller ? seller : "");
    if (status && !(req.status = logistics_status_from_name(status))) {
        fprintf(stderr, "durectl shipment list: unknown status '%s'\n", status);
        return 2;
    }
    page.page_size = size ? atoi(size) : 0;
    page.page_token = (char *)(durectl_option(argc, argv, "page-token") ?: "");
    req.page = &page;
    dure_response_t res = {0};
    int rc = durectl_call(ctx, "logistics", &req.base, NULL,
                          &dure__v1__list_shipments_reply__descriptor, &res);
    if (rc == 0) {
        Dure__V1__ListShipmentsReply empty = DURE__V1__LIST_SHIPMENTS_REPLY__INIT;
        const Dure__V1__ListShipmentsReply *r =
            res.payload ? (const Dure__V1__ListShipmentsReply *)res.payload : &empty;
        if (ctx->json)
            durectl_print_message(ctx, &r->base);
        else {
            const char *headings[] = {"SHIPMENT", "SELLER", "TEMP",    "STATUS", "TRACKING",
                                      "PARCELS",  "GROSS",  "UPDATED", NULL};
            durectl_table_t *table = durectl_table_new(headings);
            for (size_t i = 0; i < r->n_shipments; i++)
                s_print_row(table, r->shipments[i]);
            durectl_table_print(&table, stdout);
            if (r->next_page_token && *r->next_page_token)
                printf("next page: --page-token %s\n", r->next_page_token);
        }
    }
    dure_response_clear(&res);
    return rc;
}

static void s_print_address(durectl_t *ctx, const char *label, const Dure__V1__Address *a)
{
    if (!a)
        return;
    /* durectl_mask's result lives until its next call: one printf per value. */
    printf("%-9s %s %s", label, a->postcode, durectl_mask(ctx, a->line1));
    if (a->line2 && *a->line2)
        printf(" %s", durectl_mask(ctx, a->line2));
    printf(", %s", durectl_mask(ctx, a->recipient));
    if (a->phone && *a->phone)
        printf(" %s", durectl_mask(ctx, a->phone));
    printf("\n");
}

static const char *s_material(Dure__V1__Material m)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&dure__v1__material__descriptor, (int)m);
    return v ? v->name + strlen("MATERIAL_") : "?";
}

/* The label data (sender, recipient, carrier, tracking, boxes and weights), then the parcels'
   contents and the history. */
static void s_print_shipment(durectl_t *ctx, const Dure__V1__Shipment *s)
{
    char when[40];
    printf("shipment  %s  %s\n", s->id, logistics_status_name(s->status));
    printf("order     %s  seller %s  %s\n", s->order_id, s->enterprise_id,
           s_temperature(s->temperature));
    printf("carrier   %s  tracking %s\n", s->carrier, s->tracking_number);
    s_print_address(ctx, "from", s->ship_from);
    s_print_address(ctx, "to", s->ship_to);
    for (size_t i = 0; i < s->n_parcels; i++) {
        const Dure__V1__Parcel *p = s->parcels[i];
        printf("parcel %zu  box %s", i + 1, p->box_code);
        if (p->outer)
            printf(" %dx%dx%d mm", p->outer->length_mm, p->outer->width_mm, p->outer->height_mm);
        printf("  %.2f kg  product %lld / inner %lld cm3 (fill %.0f%%)\n",
               p->gross_weight_g / 1000.0, (long long)p->product_volume_cm3,
               (long long)p->inner_volume_cm3, p->fill_ratio * 100.0);
        for (size_t j = 0; j < p->n_items; j++) {
            const Dure__V1__PlacedItem *it = p->items[j];
            printf("   %-16s at (%d,%d,%d)", it->product_id, it->x_mm, it->y_mm, it->z_mm);
            if (it->placed)
                printf(" as %dx%dx%d", it->placed->length_mm, it->placed->width_mm,
                       it->placed->height_mm);
            printf("\n");
        }
        for (size_t j = 0; j < p->n_materials; j++) {
            const Dure__V1__MaterialUse *m = p->materials[j];
            printf("   + %-16s %d g", s_material(m->material), m->grams);
            if (m->pieces)
                printf(", %d pcs", m->pieces);
            printf("\n");
        }
    }
    for (size_t i = 0; i < s->n_history; i++) {
        const Dure__V1__TrackingEvent *e = s->history[i];
        printf("%s  %-16s %s%s%s\n", s_time(e->at_ms, when, sizeof when),
               logistics_status_name(e->status), e->location, *e->carrier_event_id ? "  #" : "",
               e->carrier_event_id);
    }
}

static int s_get(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-')
        return s_usage();
    Dure__V1__GetShipment req = DURE__V1__GET_SHIPMENT__INIT;
    req.shipment_id = argv[1];
    dure_response_t res = {0};
    int rc = durectl_call(ctx, "logistics", &req.base, NULL,
                          &dure__v1__get_shipment_reply__descriptor, &res);
    if (rc == 0 && res.payload) {
        const Dure__V1__GetShipmentReply *r = (const Dure__V1__GetShipmentReply *)res.payload;
        if (ctx->json)
            durectl_print_message(ctx, res.payload);
        else if (r->shipment)
            s_print_shipment(ctx, r->shipment);
    }
    dure_response_clear(&res);
    return rc;
}

static int s_event(durectl_t *ctx, int argc, char **argv)
{
    const char *status = durectl_option(argc, argv, "status");
    const char *at = durectl_option(argc, argv, "at");
    if (argc < 2 || argv[1][0] == '-' || !status)
        return s_usage();
    Dure__V1__TrackingEvent ev = DURE__V1__TRACKING_EVENT__INIT;
    ev.status = logistics_status_from_name(status);
    if (!logistics_tracking_carrier_status(ev.status)) {
        fprintf(stderr, "durectl shipment event: --status must be picked_up, in_transit, "
                        "out_for_delivery, delivered, exception or returned\n");
        return 2;
    }
    ev.at_ms = dure_now_ms();
    if (at && s_parse_time(at, &ev.at_ms) != 0) {
        fprintf(stderr,
                "durectl shipment event: --at %s: expected milliseconds or "
                "YYYY-MM-DD HH:MM[:SS][Z]\n",
                at);
        return 2;
    }
    ev.location = (char *)(durectl_option(argc, argv, "location") ?: "");
    ev.carrier_event_id = (char *)(durectl_option(argc, argv, "event-id") ?: "");
    Dure__V1__RecordTrackingEvent req = DURE__V1__RECORD_TRACKING_EVENT__INIT;
    req.shipment_id = argv[1];
    req.event = &ev;
    dure_response_t res = {0};
    int rc = durectl_call(ctx, "logistics", &req.base, NULL,
                          &dure__v1__record_tracking_event_reply__descriptor, &res);
    if (rc == 0) {
        Dure__V1__RecordTrackingEventReply empty = DURE__V1__RECORD_TRACKING_EVENT_REPLY__INIT;
        const Dure__V1__RecordTrackingEventReply *r =
            res.payload ? (const Dure__V1__RecordTrackingEventReply *)res.payload : &empty;
        if (ctx->json)
            durectl_print_message(ctx, &r->base);
        else
            printf("shipment %s: %s%s\n", argv[1],
                   r->shipment ? logistics_status_name(r->shipment->status) : "?",
                   r->status_changed ? ""
                                     : " (unchanged: already recorded or older than the "
                                       "current status)");
    }
    dure_response_clear(&res);
    return rc;
}

static int s_carriers(durectl_t *ctx)
{
    Dure__V1__ListCarriers req = DURE__V1__LIST_CARRIERS__INIT;
    dure_response_t res = {0};
    int rc = durectl_call(ctx, "logistics", &req.base, NULL,
                          &dure__v1__list_carriers_reply__descriptor, &res);
    if (rc == 0) {
        Dure__V1__ListCarriersReply empty = DURE__V1__LIST_CARRIERS_REPLY__INIT;
        const Dure__V1__ListCarriersReply *r =
            res.payload ? (const Dure__V1__ListCarriersReply *)res.payload : &empty;
        if (ctx->json)
            durectl_print_message(ctx, &r->base);
        else {
            const char *headings[] = {"CODE", "NAME", NULL};
            durectl_table_t *table = durectl_table_new(headings);
            for (size_t i = 0; i < r->n_carriers; i++) {
                durectl_table_cell(table, "%s", r->carriers[i]->code);
                durectl_table_cell(table, "%s", r->carriers[i]->name);
                durectl_table_end_row(table);
            }
            durectl_table_print(&table, stdout);
        }
    }
    dure_response_clear(&res);
    return rc;
}

int durectl_shipment_main(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 1)
        return s_usage();
    if (strcmp(argv[0], "list") == 0)
        return s_list(ctx, argc, argv);
    if (strcmp(argv[0], "get") == 0)
        return s_get(ctx, argc, argv);
    if (strcmp(argv[0], "event") == 0)
        return s_event(ctx, argc, argv);
    if (strcmp(argv[0], "carriers") == 0)
        return s_carriers(ctx);
    return s_usage();
}
