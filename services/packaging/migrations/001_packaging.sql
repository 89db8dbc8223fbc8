-- 001_packaging.sql - the packaging-waste ledger: one record per shipment, its parcels, their
-- materials and rule verdicts, the stages it went through, and reusable boxes.

-- The current record of each shipment. stage: 1 PLANNED, 2 PACKED, 3 VOID (dure.v1.PackagingStage).
-- record holds the whole dure.v1.PackagingRecord (without history), for GetPackagingRecord;
-- the columns and child tables below hold the same facts for reports.
CREATE TABLE records (
    shipment_id   text PRIMARY KEY,
    order_id      text NOT NULL DEFAULT '',
    enterprise_id text NOT NULL DEFAULT '',
    carrier       text NOT NULL DEFAULT '',
    stage         smallint NOT NULL CHECK (stage BETWEEN 1 AND 3),
    grams         bigint NOT NULL DEFAULT 0,
    sales_krw     bigint NOT NULL DEFAULT 0,
    compliant     boolean NOT NULL DEFAULT false,
    volume_cm3    bigint NOT NULL DEFAULT 0,
    recorded_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    record        bytea NOT NULL
);
CREATE INDEX records_recorded_at ON records (recorded_at) WHERE stage IN (1, 2);

CREATE TABLE parcels (
    shipment_id         text NOT NULL REFERENCES records ON DELETE CASCADE,
    idx                 int NOT NULL,
    box_code            text NOT NULL,
    outer_volume_cm3    bigint NOT NULL,
    inner_volume_cm3    bigint NOT NULL,
    product_volume_cm3  bigint NOT NULL,
    space_ratio_percent double precision NOT NULL,
    layers              int NOT NULL,
    grams               bigint NOT NULL,
    reusable            boolean NOT NULL,
    reusable_box_id     text NOT NULL DEFAULT '',
    PRIMARY KEY (shipment_id, idx)
);

CREATE TABLE parcel_materials (
    shipment_id              text NOT NULL,
    parcel_idx               int NOT NULL,
    line                     int NOT NULL,
    material                 smallint NOT NULL,
    pieces                   int NOT NULL,
    grams                    bigint NOT NULL,
    volume_cm3               bigint NOT NULL,
    recyclable               boolean NOT NULL,
    recycled_content_percent int NOT NULL,
    PRIMARY KEY (shipment_id, parcel_idx, line),
    FOREIGN KEY (shipment_id, parcel_idx) REFERENCES parcels ON DELETE CASCADE
);

CREATE TABLE rule_results (
    shipment_id   text NOT NULL,
    parcel_idx    int NOT NULL,
    rule_set      text NOT NULL,
    pass          boolean NOT NULL,
    exempt        boolean NOT NULL,
    limit_percent double precision NOT NULL,
    ratio_percent double precision NOT NULL,
    reason        text NOT NULL,
    PRIMARY KEY (shipment_id, parcel_idx, rule_set),
    FOREIGN KEY (shipment_id, parcel_idx) REFERENCES parcels ON DELETE CASCADE
);

-- Records replaced by a later stage (the plan after packing, the record before voiding), and
-- late plans that arrived after the packed record. record is a dure.v1.PackagingRecord.
CREATE TABLE record_history (
    id          bigserial PRIMARY KEY,
    shipment_id text NOT NULL,
    stage       smallint NOT NULL,
    grams       bigint NOT NULL,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    record      bytea NOT NULL
);
CREATE INDEX record_history_shipment ON record_history (shipment_id, id);

-- Reusable boxes: one row per trip of a box to a shipment.
CREATE TABLE reusable_issues (
    box_id      text NOT NULL,
    shipment_id text NOT NULL,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    returned_at timestamptz,
    PRIMARY KEY (box_id, shipment_id)
);
-- A box is out with at most one shipment at a time.
CREATE UNIQUE INDEX reusable_issues_open ON reusable_issues (box_id) WHERE returned_at IS NULL;
