/*  cmd_packaging.c - `durectl packaging`: one shipment's packaging record, and reports.

      durectl packaging shipment ID
      durectl packaging report --from YYYY-MM-DD --to YYYY-MM-DD
                               --by day|month|enterprise|material|carrier [--csv]

    Tables by default, JSON with --json (the reply message as is), CSV with --csv (report).
*/
#include "csv.h"
#include "durectl.h"

static int s_usage(void)
{
    fprintf(stderr, "usage: durectl packaging shipment ID\n"
                    "       durectl packaging report --from YYYY-MM-DD --to YYYY-MM-DD\n"
                    "                                --by day|month|enterprise|material|carrier"
                    " [--csv]\n");
    return 2;
}

static const char *s_stage(Dure__V1__PackagingStage stage)
{
    switch (stage) {
    case DURE__V1__PACKAGING_STAGE__PACKAGING_PLANNED:
        return "PLANNED";
    case DURE__V1__PACKAGING_STAGE__PACKAGING_PACKED:
        return "PACKED";
    case DURE__V1__PACKAGING_STAGE__PACKAGING_VOID:
        return "VOID";
    default:
        return "?";
    }
}

static const char *s_material(Dure__V1__Material m)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&dure__v1__material__descriptor, (int)m);
    return v ? v->name + strlen("MATERIAL_") : "?";
}

static void s_print_record(const Dure__V1__PackagingRecord *rec)
{
    printf("shipment  %s (order %s, enterprise %s, carrier %s)\n", rec->shipment_id,
           rec->order_id, rec->enterprise_id, rec->carrier);
    printf("stage     %s   packaging %d g   sales %s won   compliant %s\n", s_stage(rec->stage),
           rec->packaging_grams, durectl_won(rec->sales_krw, 0), rec->compliant ? "yes" : "no");
    for (size_t p = 0; p < rec->n_parcels; p++) {
        const Dure__V1__ParcelRecord *pr = rec->parcels[p];
        printf("\nparcel %zu  box %s  inner %lld cm3  product %lld cm3  space ratio %.1f%%  "
               "layers %d  %d g%s%s\n",
               p + 1, pr->box_code, (long long)pr->inner_volume_cm3,
               (long long)pr->product_volume_cm3, pr->space_ratio_percent, pr->layers,
               pr->packaging_grams, pr->reusable ? "  reusable " : "",
               pr->reusable ? pr->reusable_box_id : "");
        const char *mh[] = {"MATERIAL", "PIECES", "GRAMS", "CM3", "RECYCLABLE", NULL};
        durectl_table_t *t = durectl_table_new(mh);
        for (size_t m = 0; m < pr->n_materials; m++) {
            const Dure__V1__MaterialUse *mu = pr->materials[m];
            durectl_table_cell(t, "%s", s_material(mu->material));
            durectl_table_cell(t, "%d", mu->pieces);
            durectl_table_cell(t, "%d", mu->grams);
            durectl_table_cell(t, "%lld", (long long)mu->volume_cm3);
            durectl_table_cell(t, "%s", mu->recyclable ? "yes" : "no");
            durectl_table_end_row(t);
        }
        durectl_table_print(&t, stdout);
        const char *rh[] = {"RULE SET", "RESULT", "RATIO", "LIMIT", "REASON", NULL};
        t = durectl_table_new(rh);
        for (size_t r = 0; r < pr->n_rules; r++) {
            const Dure__V1__RuleResult *rr = pr->rules[r];
            durectl_table_cell(t, "%s", rr->rule_set);
            durectl_table_cell(t, "%s", rr->pass ? (rr->exempt ? "pass (exempt)" : "pass")
                                                 : "FAIL");
            durectl_table_cell(t, "%.1f%%", rr->ratio_percent);
            if (rr->exempt)
                durectl_table_cell(t, "-");
            else
                durectl_table_cell(t, "%g%%", rr->limit_percent);
            durectl_table_cell(t, "%s", rr->reason);
            durectl_table_end_row(t);
        }
        durectl_table_print(&t, stdout);
    }
    for (size_t h = 0; h < rec->n_history; h++)
        printf("%s earlier: %s, %d g, %zu parcel(s)\n", h ? "       " : "\nhistory",
               s_stage(rec->history[h]->stage), rec->history[h]->packaging_grams,
               rec->history[h]->n_parcels);
}

static int s_shipment(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 2)
        return s_usage();
    Dure__V1__GetPackagingRecord req = DURE__V1__GET_PACKAGING_RECORD__INIT;
    req.shipment_id = argv[1];
    dure_response_t res;
    int rc = durectl_call(ctx, "packaging", &req.base, NULL,
                          &dure__v1__get_packaging_record_reply__descriptor, &res);
    if (rc == 0) {
        const Dure__V1__GetPackagingRecordReply *reply = (const void *)res.payload;
        if (ctx->json)
            durectl_print_message(ctx, res.payload);
        else if (reply && reply->record)
            s_print_record(reply->record);
    }
    dure_response_clear(&res);
    return rc;
}

static int s_grouping(const char *by, Dure__V1__PackagingGrouping *out)
{
    static const char *const names[] = {"day", "month", "enterprise", "material", "carrier"};
    for (int i = 0; i < 5; i++)
        if (by && strcmp(by, names[i]) == 0) {
            *out = (Dure__V1__PackagingGrouping)i;
            return 0;
        }
    return -1;
}

static void s_csv_row(const Dure__V1__PackagingReportRow *row)
{
    char num[6][32];
    snprintf(num[0], sizeof num[0], "%lld", (long long)row->shipments);
    snprintf(num[1], sizeof num[1], "%lld", (long long)row->grams);
    snprintf(num[2], sizeof num[2], "%.1f", row->grams_per_shipment);
    snprintf(num[3], sizeof num[3], "%.2f", row->grams_per_10k_krw);
    snprintf(num[4], sizeof num[4], "%.1f", row->mean_space_ratio_percent);
    snprintf(num[5], sizeof num[5], "%.1f", row->compliance_percent);
    durectl_csv_write_field(stdout, row->key, 0);
    for (int i = 0; i < 6; i++)
        durectl_csv_write_field(stdout, num[i], i == 5);
}

static void s_table_row(durectl_table_t *t, const Dure__V1__PackagingReportRow *row)
{
    durectl_table_cell(t, "%s", row->key);
    durectl_table_cell(t, "%lld", (long long)row->shipments);
    durectl_table_cell(t, "%lld", (long long)row->grams);
    durectl_table_cell(t, "%.1f", row->grams_per_shipment);
    durectl_table_cell(t, "%.2f", row->grams_per_10k_krw);
    durectl_table_cell(t, "%.1f%%", row->mean_space_ratio_percent);
    durectl_table_cell(t, "%.1f%%", row->compliance_percent);
    durectl_table_end_row(t);
}

static int s_report(durectl_t *ctx, int argc, char **argv)
{
    Dure__V1__PackagingReport req = DURE__V1__PACKAGING_REPORT__INIT;
    req.from_date = (char *)durectl_option(argc, argv, "from");
    req.to_date = (char *)durectl_option(argc, argv, "to");
    const char *by = durectl_option(argc, argv, "by");
    if (!req.from_date || !req.to_date || s_grouping(by ? by : "day", &req.group_by) != 0)
        return s_usage();
    dure_response_t res;
    int rc = durectl_call(ctx, "packaging", &req.base, NULL,
                          &dure__v1__packaging_report_reply__descriptor, &res);
    const Dure__V1__PackagingReportReply *reply = rc == 0 ? (const void *)res.payload : NULL;
    if (reply && ctx->json) {
        durectl_print_message(ctx, res.payload);
    } else if (reply && durectl_flag(argc, argv, "csv")) {
        const char *h[] = {by ? by : "day", "shipments", "grams", "grams_per_shipment",
                           "grams_per_10k_krw", "mean_space_ratio_percent",
                           "compliance_percent"};
        for (int i = 0; i < 7; i++)
            durectl_csv_write_field(stdout, h[i], i == 6);
        for (size_t i = 0; i < reply->n_rows; i++)
            s_csv_row(reply->rows[i]);
        if (reply->total)
            s_csv_row(reply->total);
    } else if (reply) {
        const char *h[] = {"KEY",         "SHIPMENTS", "GRAMS", "G/SHIPMENT", "G/10K WON",
                           "MEAN RATIO", "COMPLIANT", NULL};
        durectl_table_t *t = durectl_table_new(h);
        for (size_t i = 0; i < reply->n_rows; i++)
            s_table_row(t, reply->rows[i]);
        if (reply->total)
            s_table_row(t, reply->total);
        durectl_table_print(&t, stdout);
        printf("compliance by rule set %s\n", reply->rule_set);
    }
    dure_response_clear(&res);
    return rc;
}

int durectl_packaging_main(durectl_t *ctx, int argc, char **argv)
{
    if (argc < 1)
        return s_usage();
    if (strcmp(argv[0], "shipment") == 0)
        return s_shipment(ctx, argc, argv);
    if (strcmp(argv[0], "report") == 0)
        return s_report(ctx, argc, argv);
    return s_usage();
}
